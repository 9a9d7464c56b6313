// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenstored throughput: a minimal client speaking the xenstore wire
 * protocol (tools/include/xenstore-proto.h) over a daemon's unix socket,
 * one request in flight, as Xen's libxenstore does. Times COUNT reads,
 * writes, directory listings and transactions (start, 3 writes, commit)
 * and prints one line per operation; the same binary drives our xenstored
 * and Debian's, so only the daemon differs. Never judges the numbers.
 *
 *   xs-ops [-n COUNT] [-w WARMUP] SOCKET
 *   -> "xs-ops: read 20000 ops 0.812 s 24630 ops/s" (one line per op)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "xenstore-proto.h"

#define DIR_CHILDREN 16

struct conn {
	int fd;
	uint32_t req_id;
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t len; /* payload of the last reply */
	unsigned int eagain; /* transactions retried */
};

static int xfer(int fd, void *p, size_t n, int out)
{
	char *c = p;

	while (n) {
		ssize_t r = out ? write(fd, c, n) : read(fd, c, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EPIPE;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * One request: type, transaction, payload of two parts (the second may be
 * NULL; a path's NUL is part of the first). The reply lands in c->buf;
 * an XS_ERROR reply is returned as -errno of its name.
 */
static int request(struct conn *c, uint32_t type, uint32_t tx, const void *a,
		   size_t alen, const void *b, size_t blen)
{
	char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = {
		.type = type,
		.req_id = ++c->req_id,
		.tx_id = tx,
		.len = (uint32_t)(alen + blen),
	};
	int rc;

	if (alen + blen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	/* One write per request, as libxenstore's socket path does. */
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), a, alen);
	if (blen)
		memcpy(msg + sizeof(h) + alen, b, blen);
	rc = xfer(c->fd, msg, sizeof(h) + alen + blen, 1);
	if (!rc)
		rc = xfer(c->fd, &h, sizeof(h), 0);
	if (rc)
		return rc;
	if (h.len > XENSTORE_PAYLOAD_MAX || h.req_id != c->req_id)
		return -EPROTO;
	rc = xfer(c->fd, c->buf, h.len, 0);
	if (rc)
		return rc;
	c->buf[h.len] = '\0';
	c->len = h.len;
	if (h.type == XS_ERROR)
		return !strcmp(c->buf, "EAGAIN") ? -EAGAIN :
		       !strcmp(c->buf, "ENOENT") ? -ENOENT : -EIO;
	return h.type == type ? 0 : -EPROTO;
}

static int xs_write(struct conn *c, uint32_t tx, const char *path,
		    const char *val)
{
	return request(c, XS_WRITE, tx, path, strlen(path) + 1, val,
		       strlen(val));
}

static int op_read(struct conn *c)
{
	static const char path[] = "/bench/value";

	return request(c, XS_READ, 0, path, sizeof(path), NULL, 0);
}

static int op_write(struct conn *c)
{
	return xs_write(c, 0, "/bench/written", "0123456789abcdef0123456789abcdef");
}

static int op_directory(struct conn *c)
{
	static const char path[] = "/bench/dir";

	return request(c, XS_DIRECTORY, 0, path, sizeof(path), NULL, 0);
}

/* start, three writes, commit; a conflict (-EAGAIN) starts over. */
static int op_transaction(struct conn *c)
{
	static const char *const paths[] = { "/bench/tx/a", "/bench/tx/b",
					     "/bench/tx/c" };
	uint32_t tx;
	unsigned int i;
	int rc;

again:
	rc = request(c, XS_TRANSACTION_START, 0, "", 1, NULL, 0);
	if (rc)
		return rc;
	tx = (uint32_t)strtoul(c->buf, NULL, 10);
	for (i = 0; i < 3; i++) {
		rc = xs_write(c, tx, paths[i], "value-in-a-transaction");
		if (rc)
			return rc;
	}
	rc = request(c, XS_TRANSACTION_END, tx, "T", 2, NULL, 0);
	if (rc == -EAGAIN) {
		c->eagain++;
		goto again;
	}
	return rc;
}

static const struct bench_op {
	const char *name;
	int (*fn)(struct conn *c);
} ops[] = {
	{ "read", op_read },
	{ "write", op_write },
	{ "directory", op_directory },
	{ "transaction", op_transaction },
};

static int setup(struct conn *c)
{
	char path[64];
	int i, rc;

	rc = xs_write(c, 0, "/bench/value", "0123456789abcdef0123456789abcdef");
	for (i = 0; !rc && i < DIR_CHILDREN; i++) {
		snprintf(path, sizeof(path), "/bench/dir/child-%02d", i);
		rc = xs_write(c, 0, path, "x");
	}
	return rc;
}

/* Both daemons must answer the same: the value, and all the children. */
static int verify(struct conn *c)
{
	uint32_t i, names = 0;
	int rc;

	rc = op_read(c);
	if (rc)
		return rc;
	if (c->len != 32)
		return -EPROTO;
	rc = op_directory(c);
	if (rc)
		return rc;
	for (i = 0; i < c->len; i++)
		names += c->buf[i] == '\0';
	return names == DIR_CHILDREN ? 0 : -EPROTO;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_op(struct conn *c, const struct bench_op *op, long count,
		  long warmup)
{
	double t0, t;
	long i;
	int rc;

	for (i = 0; i < warmup; i++) {
		rc = op->fn(c);
		if (rc)
			goto fail;
	}
	t0 = now();
	for (i = 0; i < count; i++) {
		rc = op->fn(c);
		if (rc)
			goto fail;
	}
	t = now() - t0;
	printf("xs-ops: %s %ld ops %.3f s %.0f ops/s\n", op->name, count, t,
	       (double)count / t);
	return 0;
fail:
	fprintf(stderr, "xs-ops: %s failed: %s (%s)\n", op->name, strerror(-rc),
		c->buf);
	return rc;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct conn c = { 0 };
	long count = 20000, warmup = 500;
	unsigned int i;
	int opt, rc;

	while ((opt = getopt(argc, argv, "n:w:")) != -1) {
		switch (opt) {
		case 'n':
			count = strtol(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtol(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || count <= 0 || warmup < 0)
		goto usage;
	c.fd = connect_to(argv[optind]);
	if (c.fd < 0) {
		fprintf(stderr, "xs-ops: %s: %s\n", argv[optind], strerror(-c.fd));
		return 1;
	}
	rc = setup(&c);
	if (!rc)
		rc = verify(&c);
	if (rc)
		fprintf(stderr, "xs-ops: setup failed: %s (%s)\n", strerror(-rc),
			c.buf);
	for (i = 0; !rc && i < sizeof(ops) / sizeof(ops[0]); i++)
		rc = run_op(&c, &ops[i], count, warmup);
	if (c.eagain)
		printf("xs-ops: %u transactions retried after EAGAIN\n", c.eagain);
	close(c.fd);
	return rc ? 1 : 0;
usage:
	fprintf(stderr, "usage: xs-ops [-n COUNT] [-w WARMUP] SOCKET\n");
	return 2;
}
