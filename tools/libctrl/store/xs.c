// SPDX-License-Identifier: GPL-2.0-only
/*
 * The xenstore client: framing (header + payload of at most 4096 bytes),
 * one request in flight at a time with a fresh req_id, replies matched by
 * req_id, and watch events that arrive meanwhile queued in order.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "xenstore-proto.h"
#include "xs.h"

struct xs_event {
	struct xs_event *next;
	char *path, *token;
};

struct ctrl_xs {
	int fd;
	uint32_t next_req;
	char endpoint[128];
	struct xs_event *events, **events_tail;
};

struct xs_msg {
	struct xsd_sockmsg h;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

static const struct {
	const char *name;
	int err;
} errnos[] = {
#define X(e) { #e, e },
	XS_ERRNO_NAMES(X)
#undef X
};

int ctrl_xs_errno(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(name, errnos[i].name))
			return -errnos[i].err;
	return -EINVAL;
}

static int try_socket(struct ctrl_xs *xs, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;

		close(fd);
		return -e;
	}
	xs->fd = fd;
	snprintf(xs->endpoint, sizeof(xs->endpoint), "%s", path);
	return 0;
}

static int try_dev(struct ctrl_xs *xs, const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	xs->fd = fd;
	snprintf(xs->endpoint, sizeof(xs->endpoint), "%s", path);
	return 0;
}

struct ctrl_xs *ctrl_xs_open(const char *path)
{
	struct ctrl_xs *xs = calloc(1, sizeof(*xs));
	const char *env = getenv("XENSTORED_PATH");
	int rc = -ENOENT;

	if (!xs)
		return NULL;
	xs->fd = -1;
	xs->next_req = 1;
	xs->events_tail = &xs->events;
	if (path) {
		rc = strncmp(path, "/dev/", 5) ? try_socket(xs, path)
					       : try_dev(xs, path);
	} else {
		if (env && *env)
			rc = try_socket(xs, env);
		if (rc)
			rc = try_socket(xs, "/run/xenstored/socket");
		if (rc)
			rc = try_socket(xs, "/var/run/xenstored/socket");
		if (rc)
			rc = try_dev(xs, "/dev/xen/xenbus");
	}
	if (rc) {
		free(xs);
		errno = -rc;
		return NULL;
	}
	return xs;
}

static void free_event(struct xs_event *e)
{
	free(e->path);
	free(e->token);
	free(e);
}

void ctrl_xs_close(struct ctrl_xs *xs)
{
	if (!xs)
		return;
	while (xs->events) {
		struct xs_event *e = xs->events;

		xs->events = e->next;
		free_event(e);
	}
	if (xs->fd >= 0)
		close(xs->fd);
	free(xs);
}

const char *ctrl_xs_endpoint(const struct ctrl_xs *xs)
{
	return xs->endpoint;
}

int ctrl_xs_fd(struct ctrl_xs *xs)
{
	return xs->fd;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Sockets and /dev/xen/xenbus alike are byte streams of messages. */
static int recv_msg(struct ctrl_xs *xs, struct xs_msg *m)
{
	int rc = read_all(xs->fd, &m->h, sizeof(m->h));

	if (rc)
		return rc;
	if (m->h.len > XENSTORE_PAYLOAD_MAX)
		return -EIO; /* cannot resynchronise: give up the connection */
	rc = read_all(xs->fd, m->body, m->h.len);
	if (rc)
		return rc;
	m->body[m->h.len] = '\0';
	return 0;
}

static int queue_event(struct ctrl_xs *xs, const struct xs_msg *m)
{
	struct xs_event *e;
	size_t plen = strnlen(m->body, m->h.len);

	if (plen + 1 >= m->h.len)
		return 0; /* malformed: no token */
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->path = strdup(m->body);
	e->token = strndup(m->body + plen + 1, m->h.len - plen - 1);
	if (!e->path || !e->token) {
		free_event(e);
		return -ENOMEM;
	}
	*xs->events_tail = e;
	xs->events_tail = &e->next;
	return 0;
}

/*
 * One request: `parts` are concatenated (each with its NUL if nul[i]).
 * On success the reply's payload is in *reply (malloc'd, NUL-terminated).
 */
static int request(struct ctrl_xs *xs, uint32_t type, uint32_t tx,
		   const void *const *parts, const size_t *lens, size_t nparts,
		   char **reply, size_t *reply_len, uint32_t *reply_tx)
{
	struct xs_msg *m = malloc(sizeof(*m));
	size_t total = 0, i;
	uint32_t req = xs->next_req++;
	int rc;

	if (!m)
		return -ENOMEM;
	for (i = 0; i < nparts; i++)
		total += lens[i];
	if (total > XENSTORE_PAYLOAD_MAX) {
		rc = -E2BIG;
		goto out;
	}
	m->h.type = type;
	m->h.req_id = req;
	m->h.tx_id = tx;
	m->h.len = (uint32_t)total;
	total = 0;
	for (i = 0; i < nparts; i++) {
		memcpy(m->body + total, parts[i], lens[i]);
		total += lens[i];
	}
	rc = write_all(xs->fd, m, sizeof(m->h) + m->h.len);
	while (!rc) {
		rc = recv_msg(xs, m);
		if (rc)
			break;
		if (m->h.type == XS_WATCH_EVENT) {
			rc = queue_event(xs, m);
			continue;
		}
		if (m->h.req_id != req)
			continue; /* a stale reply: not ours */
		if (m->h.type == XS_ERROR) {
			rc = ctrl_xs_errno(m->body);
			break;
		}
		if (m->h.type != type) {
			rc = -EIO;
			break;
		}
		if (reply) {
			*reply = malloc(m->h.len + 1);
			if (!*reply) {
				rc = -ENOMEM;
				break;
			}
			memcpy(*reply, m->body, m->h.len + 1);
		}
		if (reply_len)
			*reply_len = m->h.len;
		if (reply_tx)
			*reply_tx = m->h.tx_id;
		break;
	}
out:
	free(m);
	return rc;
}

/* Append one encoded request for op to buf; -E2BIG if it does not fit. */
static int encode_op(const struct ctrl_xs_op *op, uint32_t tx, uint32_t req,
		     char *buf, size_t cap, size_t *len)
{
	struct xsd_sockmsg h = { .req_id = req, .tx_id = tx };
	size_t body = strlen(op->path) + 1, i;
	char *p;

	switch (op->kind) {
	case CTRL_XS_WRITE:
		h.type = XS_WRITE;
		body += strlen(op->value);
		break;
	case CTRL_XS_MKDIR:
		h.type = XS_MKDIR;
		break;
	default:
		h.type = XS_SET_PERMS;
		for (i = 0; i < 4 && op->perms[i]; i++)
			body += strlen(op->perms[i]) + 1;
		break;
	}
	if (body > XENSTORE_PAYLOAD_MAX || *len + sizeof(h) + body > cap)
		return -E2BIG;
	h.len = (uint32_t)body;
	p = buf + *len;
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, op->path, strlen(op->path) + 1);
	p += strlen(op->path) + 1;
	if (op->kind == CTRL_XS_WRITE) {
		memcpy(p, op->value, strlen(op->value));
	} else if (op->kind == CTRL_XS_PERMS) {
		for (i = 0; i < 4 && op->perms[i]; i++) {
			memcpy(p, op->perms[i], strlen(op->perms[i]) + 1);
			p += strlen(op->perms[i]) + 1;
		}
	}
	*len += sizeof(h) + body;
	return 0;
}

/* Ops per round trip: replies are tiny, so the socket buffers hold them. */
#define BATCH_MAX 32

int ctrl_xs_batch(struct ctrl_xs *xs, uint32_t tx, const struct ctrl_xs_op *ops,
		  size_t n)
{
	size_t cap = BATCH_MAX * (sizeof(struct xsd_sockmsg) + 512);
	char *buf = malloc(cap);
	struct xs_msg *m = malloc(sizeof(*m));
	int first_err = 0, rc = 0;
	size_t done = 0;

	if (!buf || !m) {
		rc = -ENOMEM;
		goto out;
	}
	while (!rc && done < n) {
		uint32_t first_req = xs->next_req;
		size_t len = 0, k = 0, got = 0;

		/* As many as fit; a single huge one goes alone. */
		while (done + k < n && k < BATCH_MAX) {
			if (encode_op(&ops[done + k], tx, xs->next_req, buf, cap,
				      &len))
				break;
			xs->next_req++;
			k++;
		}
		if (!k) {
			/* too big for the batch buffer: send it on its own */
			const struct ctrl_xs_op *op = &ops[done];
			const char *perms[4];
			size_t np = 0;

			if (op->kind == CTRL_XS_WRITE)
				rc = ctrl_xs_write(xs, tx, op->path, op->value);
			else if (op->kind == CTRL_XS_MKDIR)
				rc = ctrl_xs_mkdir(xs, tx, op->path);
			else {
				while (np < 4 && op->perms[np]) {
					perms[np] = op->perms[np];
					np++;
				}
				rc = ctrl_xs_set_perms(xs, tx, op->path, perms, np);
			}
			if (rc && !first_err)
				first_err = rc;
			rc = 0;
			done++;
			continue;
		}
		rc = write_all(xs->fd, buf, len);
		while (!rc && got < k) {
			rc = recv_msg(xs, m);
			if (rc)
				break;
			if (m->h.type == XS_WATCH_EVENT) {
				rc = queue_event(xs, m);
				continue;
			}
			if (m->h.req_id - first_req >= k)
				continue; /* not one of this batch */
			got++;
			if (m->h.type == XS_ERROR && !first_err)
				first_err = ctrl_xs_errno(m->body);
		}
		done += k;
	}
out:
	free(buf);
	free(m);
	return rc ? rc : first_err;
}

/* A request whose payload is a list of NUL-terminated strings. */
static int req_strings(struct ctrl_xs *xs, uint32_t type, uint32_t tx,
		       const char *const *strs, size_t n, char **reply,
		       size_t *reply_len)
{
	const void *parts[8];
	size_t lens[8], i;

	if (n > 8)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		parts[i] = strs[i];
		lens[i] = strlen(strs[i]) + 1;
	}
	return request(xs, type, tx, parts, lens, n, reply, reply_len, NULL);
}

int ctrl_xs_read(struct ctrl_xs *xs, uint32_t tx, const char *path,
		 char **val, size_t *len)
{
	return req_strings(xs, XS_READ, tx, &path, 1, val, len);
}

int ctrl_xs_write_bin(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      const void *val, size_t len)
{
	const void *parts[2] = { path, val };
	size_t lens[2] = { strlen(path) + 1, len };

	return request(xs, XS_WRITE, tx, parts, lens, 2, NULL, NULL, NULL);
}

int ctrl_xs_write(struct ctrl_xs *xs, uint32_t tx, const char *path,
		  const char *val)
{
	return ctrl_xs_write_bin(xs, tx, path, val, strlen(val));
}

int ctrl_xs_printf(struct ctrl_xs *xs, uint32_t tx, const char *path,
		   const char *fmt, ...)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -E2BIG;
	return ctrl_xs_write_bin(xs, tx, path, buf, (size_t)n);
}

int ctrl_xs_mkdir(struct ctrl_xs *xs, uint32_t tx, const char *path)
{
	return req_strings(xs, XS_MKDIR, tx, &path, 1, NULL, NULL);
}

int ctrl_xs_rm(struct ctrl_xs *xs, uint32_t tx, const char *path)
{
	return req_strings(xs, XS_RM, tx, &path, 1, NULL, NULL);
}

/* Split a reply of NUL-terminated strings into one allocation. */
static int split_list(const char *buf, size_t len, char ***out, size_t *n)
{
	size_t count = 0, i;
	char **arr, *strs;

	for (i = 0; i < len; i++)
		if (!buf[i])
			count++;
	if (len && buf[len - 1])
		count++; /* unterminated last entry */
	arr = malloc((count + 1) * sizeof(char *) + len + 1);
	if (!arr)
		return -ENOMEM;
	strs = (char *)(arr + count + 1);
	memcpy(strs, buf, len);
	strs[len] = '\0';
	for (i = 0; i < count; i++) {
		arr[i] = strs;
		strs += strlen(strs) + 1;
	}
	arr[count] = NULL;
	*out = arr;
	if (n)
		*n = count;
	return 0;
}

int ctrl_xs_directory(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      char ***names, size_t *n)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = req_strings(xs, XS_DIRECTORY, tx, &path, 1, &buf, &len);

	if (!rc)
		rc = split_list(buf, len, names, n);
	free(buf);
	return rc;
}

int ctrl_xs_set_perms(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      const char *const *perms, size_t n)
{
	const char *strs[8];
	size_t i;

	if (!n || n > 7)
		return -EINVAL;
	strs[0] = path;
	for (i = 0; i < n; i++)
		strs[i + 1] = perms[i];
	return req_strings(xs, XS_SET_PERMS, tx, strs, n + 1, NULL, NULL);
}

int ctrl_xs_get_perms(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      char ***perms, size_t *n)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = req_strings(xs, XS_GET_PERMS, tx, &path, 1, &buf, &len);

	if (!rc)
		rc = split_list(buf, len, perms, n);
	free(buf);
	return rc;
}

int ctrl_xs_tx_start(struct ctrl_xs *xs, uint32_t *tx)
{
	const char *empty = "";
	char *buf = NULL;
	int rc = req_strings(xs, XS_TRANSACTION_START, 0, &empty, 1, &buf,
			     NULL);

	if (!rc) {
		char *end;
		unsigned long v = strtoul(buf, &end, 10);

		if (*end || !v)
			rc = -EIO;
		else
			*tx = (uint32_t)v;
	}
	free(buf);
	return rc;
}

int ctrl_xs_tx_end(struct ctrl_xs *xs, uint32_t tx, bool commit)
{
	const char *v = commit ? "T" : "F";

	return req_strings(xs, XS_TRANSACTION_END, tx, &v, 1, NULL, NULL);
}

int ctrl_xs_introduce(struct ctrl_xs *xs, uint32_t domid, uint64_t mfn,
		      uint32_t port)
{
	char d[16], m[24], p[16];
	const char *strs[3] = { d, m, p };

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(m, sizeof(m), "%llu", (unsigned long long)mfn);
	snprintf(p, sizeof(p), "%u", port);
	return req_strings(xs, XS_INTRODUCE, 0, strs, 3, NULL, NULL);
}

int ctrl_xs_release(struct ctrl_xs *xs, uint32_t domid)
{
	char d[16];
	const char *s = d;

	snprintf(d, sizeof(d), "%u", domid);
	return req_strings(xs, XS_RELEASE, 0, &s, 1, NULL, NULL);
}

int ctrl_xs_is_introduced(struct ctrl_xs *xs, uint32_t domid, bool *yes)
{
	char d[16], *buf = NULL;
	const char *s = d;
	int rc;

	snprintf(d, sizeof(d), "%u", domid);
	rc = req_strings(xs, XS_IS_DOMAIN_INTRODUCED, 0, &s, 1, &buf, NULL);
	if (!rc)
		*yes = buf[0] == 'T';
	free(buf);
	return rc;
}

int ctrl_xs_get_domain_path(struct ctrl_xs *xs, uint32_t domid, char **path)
{
	char d[16];
	const char *s = d;

	snprintf(d, sizeof(d), "%u", domid);
	return req_strings(xs, XS_GET_DOMAIN_PATH, 0, &s, 1, path, NULL);
}

int ctrl_xs_watch(struct ctrl_xs *xs, const char *path, const char *token)
{
	const char *strs[2] = { path, token };

	return req_strings(xs, XS_WATCH, 0, strs, 2, NULL, NULL);
}

int ctrl_xs_unwatch(struct ctrl_xs *xs, const char *path, const char *token)
{
	const char *strs[2] = { path, token };

	return req_strings(xs, XS_UNWATCH, 0, strs, 2, NULL, NULL);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ctrl_xs_read_watch(struct ctrl_xs *xs, int timeout_ms, char **path,
		       char **token)
{
	long long deadline = timeout_ms < 0 ? 0 : now_ms() + timeout_ms;
	struct xs_msg *m = NULL;
	int rc = 0;

	while (!xs->events) {
		struct pollfd pfd = { .fd = xs->fd, .events = POLLIN };
		int wait = -1, n;

		if (timeout_ms >= 0) {
			long long left = deadline - now_ms();

			if (left <= 0)
				break;
			wait = (int)left;
		}
		n = poll(&pfd, 1, wait);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (!n)
			break;
		if (!m && !(m = malloc(sizeof(*m)))) {
			rc = -ENOMEM;
			break;
		}
		rc = recv_msg(xs, m);
		if (rc)
			break;
		if (m->h.type == XS_WATCH_EVENT)
			rc = queue_event(xs, m);
		if (rc)
			break;
	}
	free(m);
	if (rc)
		return rc;
	if (!xs->events)
		return 0;
	{
		struct xs_event *e = xs->events;

		xs->events = e->next;
		if (!xs->events)
			xs->events_tail = &xs->events;
		*path = e->path;
		*token = e->token;
		free(e);
	}
	return 1;
}
