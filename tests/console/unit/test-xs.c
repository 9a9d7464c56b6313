// SPDX-License-Identifier: GPL-2.0-only
/*
 * The xenstore client against a scripted server on a unix socket: request
 * encoding, replies, errors by name, watch events interleaved with
 * replies, and framing checks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "xenstore-proto.h"
#include "xs.h"

/* One exchange: the request we expect, then the frames we answer with. */
struct step {
	uint32_t type;
	const char *req; /* payload, '|' standing for NUL */
	const char *event; /* sent before the reply: "path|token|" or NULL */
	uint32_t rtype;	   /* reply type */
	const char *rsp;   /* reply payload, '|' for NUL */
	int bad_req_id;	   /* answer with the wrong req_id */
};

static size_t unbar(const char *s, char *out)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		out[i] = s[i] == '|' ? '\0' : s[i];
	return n;
}

static void send_frame(int fd, uint32_t type, uint32_t req_id,
		       const char *body)
{
	char buf[16 + 4096];
	struct xsd_sockmsg h = { .type = type, .req_id = req_id };

	h.len = (uint32_t)unbar(body, buf + 16);
	memcpy(buf, &h, 16);
	if (write(fd, buf, 16 + h.len) < 0)
		_exit(3);
}

static int read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The server: exits 0 when every request matched its step. */
static void serve(int lfd, const struct step *steps, size_t n)
{
	int fd = accept(lfd, NULL, NULL);
	size_t i;

	for (i = 0; i < n; i++) {
		struct xsd_sockmsg h;
		char body[4096], want[4096];
		size_t wlen = unbar(steps[i].req, want);

		if (read_full(fd, &h, sizeof(h)) || h.len > sizeof(body) ||
		    read_full(fd, body, h.len))
			_exit(10 + (int)i);
		if (h.type != steps[i].type || h.len != wlen ||
		    memcmp(body, want, wlen))
			_exit(40 + (int)i);
		if (steps[i].event)
			send_frame(fd, XS_WATCH_EVENT, 0, steps[i].event);
		send_frame(fd, steps[i].rtype,
			   h.req_id + (steps[i].bad_req_id ? 1000 : 0),
			   steps[i].rsp);
	}
	/* Two unsolicited events, then hang up. */
	send_frame(fd, XS_WATCH_EVENT, 0, "/a|tok1|");
	send_frame(fd, XS_WATCH_EVENT, 0, "/b|tok2|");
	close(fd);
	_exit(0);
}

static const struct step script[] = {
	{ XS_WATCH, "@introduceDomain|intro|", NULL, XS_WATCH, "OK|" },
	{ XS_READ, "/local/domain/1/name|", "@introduceDomain|intro|", XS_READ,
	  "guest" },
	{ XS_READ, "/nope|", NULL, XS_ERROR, "ENOENT|" },
	{ XS_WRITE, "/local/domain/1/console/tty|/dev/pts/3", NULL, XS_WRITE,
	  "OK|" },
	{ XS_DIRECTORY, "/local/domain|", NULL, XS_DIRECTORY, "0|1|12|" },
	{ XS_DIRECTORY, "/empty|", NULL, XS_DIRECTORY, "" },
	{ XS_SET_PERMS, "/x|n0|r1|", NULL, XS_SET_PERMS, "OK|" },
	{ XS_GET_PERMS, "/x|", NULL, XS_GET_PERMS, "n0|r1|" },
	{ XS_GET_PERMS, "/y|", NULL, XS_GET_PERMS, "b5|" },
	{ XS_IS_DOMAIN_INTRODUCED, "1|", NULL, XS_IS_DOMAIN_INTRODUCED, "T|" },
	{ XS_IS_DOMAIN_INTRODUCED, "2|", NULL, XS_IS_DOMAIN_INTRODUCED, "F|" },
	{ XS_RM, "/z|", NULL, XS_ERROR, "EACCES|" },
	{ XS_RM, "/w|", NULL, XS_ERROR, "EWHATEVER|" },
	{ XS_READ, "/q|", NULL, XS_READ, "v", 1 },
};

static void scripted(void)
{
	char dir[] = "/tmp/cxs-test.XXXXXX", path[128];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *ep, *et;
	struct cxs *x;
	char *val, **names;
	unsigned int n, owner;
	size_t len;
	int lfd, st, rc;
	pid_t pid;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path), "%s/sock", dir);
	strcpy(sa.sun_path, path);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(listen(lfd, 1) == 0);
	pid = fork();
	if (pid == 0)
		serve(lfd, script, sizeof(script) / sizeof(script[0]));
	close(lfd);

	CHECK(cxs_open("/nonexistent/sock", &x) == -ENOENT);
	CHECK(cxs_open(path, &x) == 0);
	CHECK(cxs_watch(x, "@introduceDomain", "intro") == 0);
	CHECK(cxs_read(x, "/local/domain/1/name", &val, &len) == 0);
	CHECK(len == 5 && !strcmp(val, "guest"));
	free(val);
	/* The event that came before that reply was queued. */
	CHECK(cxs_next_event(x, false, &ep, &et) == 1);
	CHECK(!strcmp(ep, "@introduceDomain") && !strcmp(et, "intro"));
	CHECK(cxs_next_event(x, false, &ep, &et) == 0);
	CHECK(cxs_read(x, "/nope", &val, NULL) == -ENOENT);
	CHECK(cxs_write(x, "/local/domain/1/console/tty", "/dev/pts/3") == 0);
	CHECK(cxs_directory(x, "/local/domain", &names, &n) == 0);
	CHECK(n == 3 && !strcmp(names[0], "0") && !strcmp(names[2], "12") &&
	      names[3] == NULL);
	free(names);
	CHECK(cxs_directory(x, "/empty", &names, &n) == 0 && n == 0);
	free(names);
	{
		const char *perms[] = { "n0", "r1" };

		CHECK(cxs_set_perms(x, "/x", perms, 2) == 0);
	}
	CHECK(cxs_owner(x, "/x", &owner) == 0 && owner == 0);
	CHECK(cxs_owner(x, "/y", &owner) == 0 && owner == 5);
	CHECK(cxs_is_introduced(x, 1) == 1);
	CHECK(cxs_is_introduced(x, 2) == 0);
	CHECK(cxs_rm(x, "/z") == -EACCES);
	CHECK(cxs_rm(x, "/w") == -EINVAL); /* unknown names map to EINVAL */
	rc = cxs_read(x, "/q", &val, NULL);
	CHECK(rc == -EPROTO); /* a reply to someone else's request */
	/* Only events are left: two, then the hang-up. */
	CHECK(cxs_next_event(x, true, &ep, &et) == 1 && !strcmp(ep, "/a"));
	CHECK(cxs_next_event(x, true, &ep, &et) == 1 && !strcmp(et, "tok2"));
	CHECK(cxs_next_event(x, true, &ep, &et) == -EPIPE);
	CHECK(cxs_read(x, "/a", &val, NULL) == -EPIPE);
	cxs_close(x);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	unlink(path);
	rmdir(dir);
}

static void frames(void)
{
	char buf[16 + 4097] = { 0 };
	struct xsd_sockmsg h = { .type = XS_READ, .len = 3 };

	CHECK(cxs_frame_len(buf, 0) == 0);
	CHECK(cxs_frame_len(buf, 15) == 0);
	memcpy(buf, &h, 16);
	CHECK(cxs_frame_len(buf, 16) == 0);
	CHECK(cxs_frame_len(buf, 18) == 0);
	CHECK(cxs_frame_len(buf, 19) == 19);
	CHECK(cxs_frame_len(buf, 100) == 19);
	h.len = 4096;
	memcpy(buf, &h, 16);
	CHECK(cxs_frame_len(buf, sizeof(buf)) == 16 + 4096);
	h.len = 4097;
	memcpy(buf, &h, 16);
	CHECK(cxs_frame_len(buf, 16) == -EPROTO);
	h.len = 0xffffffffu;
	memcpy(buf, &h, 16);
	CHECK(cxs_frame_len(buf, 16) == -EPROTO);
}

void test_xs(void)
{
	frames();
	scripted();
}
