// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel/ramdisk references: plain paths, file:// URLs, and http:// URLs
 * fetched with libcurl from a tiny server in a child process (a download,
 * then a conditional re-fetch answered 304, then a 404).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build/build.h"
#include "../../unit/runner.h"

TEST(fetch, paths_and_file_urls)
{
	char err[256], *p = NULL;

	CHECK_EQ(ctrl_fetch("/boot/vmlinuz", "/nonexistent", &p, err,
			    sizeof(err)), 0);
	CHECK_STR(p, "/boot/vmlinuz");
	free(p);
	CHECK_EQ(ctrl_fetch("file:///srv/a%20b/k", "/x", &p, err, sizeof(err)), 0);
	CHECK_STR(p, "/srv/a b/k");
	free(p);
	CHECK_EQ(ctrl_fetch("file://localhost/k", "/x", &p, err, sizeof(err)), 0);
	CHECK_STR(p, "/k");
	free(p);
	CHECK_EQ(ctrl_fetch("file://server/k", "/x", &p, err, sizeof(err)),
		 -EINVAL);
	CHECK_STR(err, "file://server/k: only local file:// URLs are supported");
	CHECK(ctrl_is_url("https://x/y"));
	CHECK(!ctrl_is_url("/x/y"));
}

/* Serve three requests: 200 with a body, 304 if conditional, 404. */
static void serve(int ls)
{
	static const char body[] = "KERNEL-BYTES-0123456789";
	int i;

	for (i = 0; i < 3; i++) {
		char req[4096] = "", resp[512];
		int c = accept(ls, NULL, NULL);
		ssize_t n;

		if (c < 0)
			_exit(1);
		n = read(c, req, sizeof(req) - 1);
		if (n > 0)
			req[n] = '\0';
		if (strstr(req, "GET /missing"))
			snprintf(resp, sizeof(resp),
				 "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
				 "Connection: close\r\n\r\n");
		else if (strcasestr(req, "If-Modified-Since"))
			snprintf(resp, sizeof(resp),
				 "HTTP/1.1 304 Not Modified\r\nConnection: "
				 "close\r\n\r\n");
		else
			snprintf(resp, sizeof(resp),
				 "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
				 "Last-Modified: Wed, 01 Jan 2020 00:00:00 GMT\r\n"
				 "Connection: close\r\n\r\n%s",
				 sizeof(body) - 1, body);
		if (write(c, resp, strlen(resp)) < 0)
			_exit(1);
		close(c);
	}
	_exit(0);
}

TEST(fetch, http_with_cache)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);
	char dir[] = "/tmp/ctrl-fetch.XXXXXX", url[128], err[256], *p = NULL;
	uint8_t *buf = NULL;
	size_t len = 0;
	struct stat sb;
	int ls, st;
	pid_t pid;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(ls, 4) || getsockname(ls, (struct sockaddr *)&sa, &sl) ||
	    !mkdtemp(dir)) {
		test_skip("no loopback socket");
		return;
	}
	pid = fork();
	if (!pid)
		serve(ls);
	close(ls);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/pub/vmlinuz-6.1?x=1",
		 ntohs(sa.sin_port));
	CHECKF(ctrl_fetch(url, dir, &p, err, sizeof(err)) == 0, "%s", err);
	CHECKF(p && strstr(p, dir) == p && strstr(p, "-vmlinuz-6.1"), "%s", p);
	CHECK(p && !ctrl_read_file(p, 1 << 20, &buf, &len));
	CHECK(buf && len == 23 && !memcmp(buf, "KERNEL-BYTES", 12));
	CHECK(p && !stat(p, &sb) && sb.st_mtime == 1577836800);
	free(buf);
	free(p);
	/* cached: the server answers 304 and the copy stays */
	CHECKF(ctrl_fetch(url, dir, &p, err, sizeof(err)) == 0, "%s", err);
	CHECK(p && !stat(p, &sb) && sb.st_size == 23);
	if (p)
		unlink(p);
	free(p);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/missing",
		 ntohs(sa.sin_port));
	CHECK_EQ(ctrl_fetch(url, dir, &p, err, sizeof(err)), -EIO);
	CHECKF(strstr(err, "404"), "%s", err);
	waitpid(pid, &st, 0);
	rmdir(dir);
}
