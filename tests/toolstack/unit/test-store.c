// SPDX-License-Identifier: GPL-2.0-only
/*
 * The xenstore client against our xenstored (build/tools/xenstored,
 * started here with no hypervisor on a private socket): values, lists,
 * permissions, transactions and their conflicts, watches (including the
 * one that fires on registration), domain introduction, error names.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/xs.h"
#include "../../unit/runner.h"
#include "xsd.h"

pid_t xsd_start(char *sock, size_t len)
{
	const char *bin = getenv("XENSTORED_BIN");
	char dir[] = "/tmp/ctrl-xs.XXXXXX";
	pid_t pid;
	int i;

	if (!bin || access(bin, X_OK) || !mkdtemp(dir))
		return -1;
	snprintf(sock, len, "%s/socket", dir);
	pid = fork();
	if (!pid) {
		/* The pid file in our directory: xenstored unlinks it at exit. */
		char pidfile[300];
		int null = open("/dev/null", O_WRONLY);

		snprintf(pidfile, sizeof(pidfile), "%s/pid", dir);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl(bin, bin, "-F", "-D", "--socket", sock, "--pid-file",
		      pidfile, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		struct ctrl_xs *xs = ctrl_xs_open(sock);

		if (xs) {
			ctrl_xs_close(xs);
			return pid;
		}
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

void xsd_stop(pid_t pid, const char *sock)
{
	char dir[256];

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	unlink(sock);
	snprintf(dir, sizeof(dir), "%s", sock);
	*strrchr(dir, '/') = '\0';
	strncat(dir, "/pid", sizeof(dir) - strlen(dir) - 1);
	unlink(dir);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
}

TEST(xs, basic_operations)
{
	char sock[256], *v = NULL, **names = NULL, **perms = NULL;
	const char *p2[] = { "n0", "r5" };
	size_t n = 0, len = 0;
	struct ctrl_xs *xs;
	pid_t pid = xsd_start(sock, sizeof(sock));

	if (pid < 0) {
		test_skip("XENSTORED_BIN not runnable (make -C tools/xenstored)");
		return;
	}
	xs = ctrl_xs_open(sock);
	CHECK(xs != NULL);
	if (!xs)
		goto out;
	CHECK_STR(ctrl_xs_endpoint(xs), sock);
	CHECK_EQ(ctrl_xs_write(xs, 0, "/local/domain/7/name", "guest"), 0);
	CHECK_EQ(ctrl_xs_read(xs, 0, "/local/domain/7/name", &v, &len), 0);
	CHECK_STR(v, "guest");
	CHECK_EQ(len, 5);
	free(v);
	CHECK_EQ(ctrl_xs_printf(xs, 0, "/local/domain/7/memory/target", "%d",
				131072), 0);
	CHECK_EQ(ctrl_xs_write_bin(xs, 0, "/bin", "a\0b", 3), 0);
	CHECK_EQ(ctrl_xs_read(xs, 0, "/bin", &v, &len), 0);
	CHECK(len == 3 && !memcmp(v, "a\0b", 3));
	free(v);
	CHECK_EQ(ctrl_xs_directory(xs, 0, "/local/domain/7", &names, &n), 0);
	CHECK_EQ(n, 2);
	CHECK(names && names[2] == NULL);
	free(names);
	CHECK_EQ(ctrl_xs_read(xs, 0, "/nope", &v, NULL), -ENOENT);
	CHECK_EQ(ctrl_xs_mkdir(xs, 0, "/local/domain/7/device"), 0);
	CHECK_EQ(ctrl_xs_set_perms(xs, 0, "/local/domain/7", p2, 2), 0);
	CHECK_EQ(ctrl_xs_get_perms(xs, 0, "/local/domain/7", &perms, &n), 0);
	CHECK(n == 2 && !strcmp(perms[0], "n0") && !strcmp(perms[1], "r5"));
	free(perms);
	CHECK_EQ(ctrl_xs_rm(xs, 0, "/local/domain/7"), 0);
	CHECK_EQ(ctrl_xs_read(xs, 0, "/local/domain/7/name", &v, NULL), -ENOENT);
	CHECK_EQ(ctrl_xs_set_perms(xs, 0, "/bin", p2, 0), -EINVAL);
	ctrl_xs_close(xs);
out:
	xsd_stop(pid, sock);
}

TEST(xs, transactions)
{
	char sock[256], *v = NULL;
	struct ctrl_xs *a, *b;
	uint32_t tx = 0;
	pid_t pid = xsd_start(sock, sizeof(sock));

	if (pid < 0) {
		test_skip("XENSTORED_BIN not runnable");
		return;
	}
	a = ctrl_xs_open(sock);
	b = ctrl_xs_open(sock);
	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK_EQ(ctrl_xs_write(a, 0, "/t/x", "0"), 0);
	CHECK_EQ(ctrl_xs_tx_start(a, &tx), 0);
	CHECK(tx != 0);
	CHECK_EQ(ctrl_xs_read(a, tx, "/t/x", &v, NULL), 0);
	free(v);
	CHECK_EQ(ctrl_xs_write(a, tx, "/t/x", "1"), 0);
	/* not visible outside before commit */
	CHECK_EQ(ctrl_xs_read(b, 0, "/t/x", &v, NULL), 0);
	CHECK_STR(v, "0");
	free(v);
	CHECK_EQ(ctrl_xs_tx_end(a, tx, true), 0);
	CHECK_EQ(ctrl_xs_read(b, 0, "/t/x", &v, NULL), 0);
	CHECK_STR(v, "1");
	free(v);
	/* a conflicting change makes the commit fail with EAGAIN */
	CHECK_EQ(ctrl_xs_tx_start(a, &tx), 0);
	CHECK_EQ(ctrl_xs_read(a, tx, "/t/x", &v, NULL), 0);
	free(v);
	CHECK_EQ(ctrl_xs_write(b, 0, "/t/x", "2"), 0);
	CHECK_EQ(ctrl_xs_write(a, tx, "/t/x", "3"), 0);
	CHECK_EQ(ctrl_xs_tx_end(a, tx, true), -EAGAIN);
	CHECK_EQ(ctrl_xs_read(b, 0, "/t/x", &v, NULL), 0);
	CHECK_STR(v, "2");
	free(v);
	/* an aborted transaction leaves nothing */
	CHECK_EQ(ctrl_xs_tx_start(a, &tx), 0);
	CHECK_EQ(ctrl_xs_write(a, tx, "/t/y", "y"), 0);
	CHECK_EQ(ctrl_xs_tx_end(a, tx, false), 0);
	CHECK_EQ(ctrl_xs_read(a, 0, "/t/y", &v, NULL), -ENOENT);
out:
	ctrl_xs_close(a);
	ctrl_xs_close(b);
	xsd_stop(pid, sock);
}

TEST(xs, watches_and_domains)
{
	char sock[256], *p = NULL, *t = NULL;
	struct ctrl_xs *a, *b;
	bool yes = true;
	pid_t pid = xsd_start(sock, sizeof(sock));

	if (pid < 0) {
		test_skip("XENSTORED_BIN not runnable");
		return;
	}
	a = ctrl_xs_open(sock);
	b = ctrl_xs_open(sock);
	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK_EQ(ctrl_xs_watch(a, "/w", "tok1"), 0);
	/* a watch fires once on registration */
	CHECK_EQ(ctrl_xs_read_watch(a, 1000, &p, &t), 1);
	CHECK_STR(p, "/w");
	CHECK_STR(t, "tok1");
	free(p);
	free(t);
	CHECK_EQ(ctrl_xs_read_watch(a, 50, &p, &t), 0);
	CHECK_EQ(ctrl_xs_write(b, 0, "/w/sub", "x"), 0);
	CHECK_EQ(ctrl_xs_read_watch(a, 1000, &p, &t), 1);
	CHECK_STR(p, "/w/sub");
	free(p);
	free(t);
	/* events arriving during a request are kept for later */
	CHECK_EQ(ctrl_xs_write(b, 0, "/w/a", "1"), 0);
	usleep(20000);
	CHECK_EQ(ctrl_xs_write(a, 0, "/other", "1"), 0);
	CHECK_EQ(ctrl_xs_read_watch(a, 0, &p, &t), 1);
	CHECK_STR(p, "/w/a");
	free(p);
	free(t);
	CHECK_EQ(ctrl_xs_unwatch(a, "/w", "tok1"), 0);
	CHECK_EQ(ctrl_xs_unwatch(a, "/w", "tok1"), -ENOENT);
	/* introduce / release: the special watches fire */
	CHECK_EQ(ctrl_xs_watch(a, "@introduceDomain", "intro"), 0);
	CHECK_EQ(ctrl_xs_read_watch(a, 1000, &p, &t), 1);
	free(p);
	free(t);
	CHECK_EQ(ctrl_xs_is_introduced(b, 3, &yes), 0);
	CHECK(!yes);
	CHECK_EQ(ctrl_xs_introduce(b, 3, 0x1234, 5), 0);
	CHECK_EQ(ctrl_xs_is_introduced(b, 3, &yes), 0);
	CHECK(yes);
	CHECK_EQ(ctrl_xs_read_watch(a, 1000, &p, &t), 1);
	CHECK_STR(p, "@introduceDomain");
	free(p);
	free(t);
	CHECK_EQ(ctrl_xs_get_domain_path(b, 3, &p), 0);
	CHECK_STR(p, "/local/domain/3");
	free(p);
	CHECK_EQ(ctrl_xs_release(b, 3), 0);
	CHECK_EQ(ctrl_xs_release(b, 3), -ENOENT);
out:
	ctrl_xs_close(a);
	ctrl_xs_close(b);
	xsd_stop(pid, sock);
}

TEST(xs, errno_names)
{
	CHECK_EQ(ctrl_xs_errno("ENOENT"), -ENOENT);
	CHECK_EQ(ctrl_xs_errno("EACCES"), -EACCES);
	CHECK_EQ(ctrl_xs_errno("EAGAIN"), -EAGAIN);
	CHECK_EQ(ctrl_xs_errno("EQUOTA"), -EINVAL);
}

TEST(xs, batch)
{
	struct ctrl_xs_op ops[50];
	char sock[256], paths[50][32], *v = NULL, **names = NULL;
	const char *bad_perms[] = { "n0", NULL };
	struct ctrl_xs *xs;
	size_t i, n = 0;
	pid_t pid = xsd_start(sock, sizeof(sock));

	if (pid < 0) {
		test_skip("XENSTORED_BIN not runnable");
		return;
	}
	xs = ctrl_xs_open(sock);
	CHECK(xs != NULL);
	if (!xs)
		goto out;
	for (i = 0; i < 45; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/b/n%zu", i);
		ops[i] = (struct ctrl_xs_op){ .kind = CTRL_XS_WRITE,
					      .path = paths[i], .value = "v" };
	}
	ops[45] = (struct ctrl_xs_op){ .kind = CTRL_XS_PERMS, .path = "/b/n3",
				       .perms = { "n0", "r9" } };
	ops[46] = (struct ctrl_xs_op){ .kind = CTRL_XS_MKDIR, .path = "/b/dir" };
	CHECK_EQ(ctrl_xs_batch(xs, 0, ops, 47), 0);
	CHECK_EQ(ctrl_xs_directory(xs, 0, "/b", &names, &n), 0);
	CHECK_EQ(n, 46);
	free(names);
	CHECK_EQ(ctrl_xs_read(xs, 0, "/b/n44", &v, NULL), 0);
	CHECK_STR(v, "v");
	free(v);
	/* an error in the middle is reported; the rest still happens */
	ops[0] = (struct ctrl_xs_op){ .kind = CTRL_XS_PERMS, .path = "/nope/x",
				      .perms = { bad_perms[0] } };
	ops[1] = (struct ctrl_xs_op){ .kind = CTRL_XS_WRITE, .path = "/b/late",
				      .value = "yes" };
	CHECK_EQ(ctrl_xs_batch(xs, 0, ops, 2), -ENOENT);
	CHECK_EQ(ctrl_xs_read(xs, 0, "/b/late", &v, NULL), 0);
	free(v);
	/* and the connection is still in step */
	CHECK_EQ(ctrl_xs_write(xs, 0, "/b/after", "1"), 0);
	ctrl_xs_close(xs);
out:
	xsd_stop(pid, sock);
}
