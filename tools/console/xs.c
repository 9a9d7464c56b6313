// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenstore client over a unix socket (the wire protocol of
 * tools/include/xenstore-proto.h). One request is in flight at a time;
 * replies are matched by req_id and watch events are queued in arrival
 * order. xenstored is trusted (it runs in dom0), but frames are still
 * checked before they are used.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenstore-proto.h"
#include "xs.h"

#define HDR_LEN sizeof(struct xsd_sockmsg)

struct cxs_msg {
	struct cxs_msg *next;
	struct xsd_sockmsg hdr;
	char body[]; /* hdr.len bytes and a NUL */
};

struct cxs {
	int fd;
	uint32_t next_req;
	bool dead;
	size_t rx_len;
	char rx[HDR_LEN + XENSTORE_PAYLOAD_MAX];
	struct cxs_msg *ev_head, *ev_tail;
	struct cxs_msg *reply;
	struct cxs_msg *ev_cur; /* the event last handed out */
};

#define ERRNO_ENTRY(e) { #e, e },
static const struct {
	const char *name;
	int err;
} errno_names[] = { XS_ERRNO_NAMES(ERRNO_ENTRY) };

const char *cxs_default_path(void)
{
	const char *p = getenv("XENSTORED_PATH");

	return p && *p ? p : "/run/xenstored/socket";
}

long cxs_frame_len(const void *buf, size_t len)
{
	struct xsd_sockmsg h;

	if (len < HDR_LEN)
		return 0;
	memcpy(&h, buf, HDR_LEN);
	if (h.len > XENSTORE_PAYLOAD_MAX)
		return -EPROTO;
	if (len < HDR_LEN + h.len)
		return 0;
	return (long)(HDR_LEN + h.len);
}

int cxs_open(const char *path, struct cxs **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct cxs *x;
	int rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (x->fd < 0) {
		rc = -errno;
		goto err_free;
	}
	if (connect(x->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		goto err_close;
	}
	x->next_req = 1;
	*out = x;
	return 0;

err_close:
	close(x->fd);
err_free:
	free(x);
	return rc;
}

static void free_list(struct cxs_msg *m)
{
	while (m) {
		struct cxs_msg *next = m->next;

		free(m);
		m = next;
	}
}

void cxs_close(struct cxs *x)
{
	if (!x)
		return;
	close(x->fd);
	free_list(x->ev_head);
	free(x->reply);
	free(x->ev_cur);
	free(x);
}

int cxs_fd(const struct cxs *x)
{
	return x->fd;
}

/* Move every complete frame out of the receive buffer. */
static int take_frames(struct cxs *x)
{
	long n;

	while ((n = cxs_frame_len(x->rx, x->rx_len)) > 0) {
		struct cxs_msg *m = malloc(sizeof(*m) + (size_t)n - HDR_LEN + 1);

		if (!m)
			return -ENOMEM;
		memcpy(&m->hdr, x->rx, HDR_LEN);
		memcpy(m->body, x->rx + HDR_LEN, m->hdr.len);
		m->body[m->hdr.len] = '\0';
		m->next = NULL;
		memmove(x->rx, x->rx + n, x->rx_len - (size_t)n);
		x->rx_len -= (size_t)n;
		if (m->hdr.type == XS_WATCH_EVENT) {
			if (x->ev_tail)
				x->ev_tail->next = m;
			else
				x->ev_head = m;
			x->ev_tail = m;
		} else if (!x->reply) {
			x->reply = m;
		} else {
			free(m); /* a reply nobody asked for */
			return -EPROTO;
		}
	}
	return n < 0 ? (int)n : 0;
}

/* Read what the socket has (waiting for it if block) and split frames. */
static int pump(struct cxs *x, bool block)
{
	ssize_t got;
	int rc;

	if (x->dead)
		return -EPIPE;
	do {
		got = recv(x->fd, x->rx + x->rx_len, sizeof(x->rx) - x->rx_len,
			   block ? 0 : MSG_DONTWAIT);
	} while (got < 0 && errno == EINTR);
	if (got < 0 && !block && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (got <= 0) {
		x->dead = true;
		return -EPIPE;
	}
	x->rx_len += (size_t)got;
	rc = take_frames(x);
	if (rc)
		x->dead = true;
	return rc;
}

static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int error_code(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (!strcmp(name, errno_names[i].name))
			return -errno_names[i].err;
	return -EINVAL;
}

/*
 * Send type with the payload a (alen bytes) followed by b (blen bytes), and
 * wait for the reply. On success *reply (if given) owns the message.
 */
static int request(struct cxs *x, uint32_t type, const void *a, size_t alen,
		   const void *b, size_t blen, struct cxs_msg **reply)
{
	char buf[HDR_LEN + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = { .type = type, .req_id = x->next_req++ };
	struct cxs_msg *m;
	int rc;

	if (alen + blen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	h.len = (uint32_t)(alen + blen);
	memcpy(buf, &h, HDR_LEN);
	if (alen)
		memcpy(buf + HDR_LEN, a, alen);
	if (blen)
		memcpy(buf + HDR_LEN + alen, b, blen);
	if (x->dead)
		return -EPIPE;
	rc = send_all(x->fd, buf, HDR_LEN + h.len);
	if (rc) {
		x->dead = true;
		return rc;
	}
	while (!x->reply) {
		rc = pump(x, true);
		if (rc)
			return rc;
	}
	m = x->reply;
	x->reply = NULL;
	if (m->hdr.req_id != h.req_id) {
		free(m);
		x->dead = true;
		return -EPROTO;
	}
	if (m->hdr.type == XS_ERROR) {
		rc = error_code(m->body);
		free(m);
		return rc;
	}
	if (m->hdr.type != type) {
		free(m);
		return -EPROTO;
	}
	if (reply)
		*reply = m;
	else
		free(m);
	return 0;
}

static int request_path(struct cxs *x, uint32_t type, const char *path,
			struct cxs_msg **reply)
{
	return request(x, type, path, strlen(path) + 1, NULL, 0, reply);
}

int cxs_read(struct cxs *x, const char *path, char **val, size_t *len)
{
	struct cxs_msg *m;
	int rc = request_path(x, XS_READ, path, &m);

	if (rc)
		return rc;
	if (len)
		*len = m->hdr.len;
	/* The body is NUL-terminated in place: hand it out as its own block. */
	memmove(m, m->body, m->hdr.len + 1);
	*val = (char *)m;
	return 0;
}

int cxs_write(struct cxs *x, const char *path, const char *val)
{
	return request(x, XS_WRITE, path, strlen(path) + 1, val, strlen(val),
		       NULL);
}

int cxs_rm(struct cxs *x, const char *path)
{
	return request_path(x, XS_RM, path, NULL);
}

int cxs_directory(struct cxs *x, const char *path, char ***names,
		  unsigned int *n)
{
	struct cxs_msg *m;
	unsigned int count = 0, i = 0;
	size_t off;
	char **v, *strs;
	int rc = request_path(x, XS_DIRECTORY, path, &m);

	if (rc)
		return rc;
	/* Entries are NUL-terminated; a final unterminated one counts too. */
	for (off = 0; off < m->hdr.len; off += strlen(m->body + off) + 1)
		count++;
	v = malloc((count + 1) * sizeof(*v) + m->hdr.len + 1);
	if (!v) {
		free(m);
		return -ENOMEM;
	}
	strs = (char *)(v + count + 1);
	memcpy(strs, m->body, m->hdr.len + 1);
	for (off = 0; off < m->hdr.len; off += strlen(strs + off) + 1)
		v[i++] = strs + off;
	v[i] = NULL;
	free(m);
	*names = v;
	*n = count;
	return 0;
}

static int watch_op(struct cxs *x, uint32_t type, const char *path,
		    const char *token)
{
	return request(x, type, path, strlen(path) + 1, token,
		       strlen(token) + 1, NULL);
}

int cxs_watch(struct cxs *x, const char *path, const char *token)
{
	return watch_op(x, XS_WATCH, path, token);
}

int cxs_unwatch(struct cxs *x, const char *path, const char *token)
{
	return watch_op(x, XS_UNWATCH, path, token);
}

int cxs_set_perms(struct cxs *x, const char *path, const char *const *perms,
		  unsigned int n)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t len = 0, l;
	unsigned int i;

	for (i = 0; i < n; i++) {
		l = strlen(perms[i]) + 1;
		if (len + l > sizeof(buf))
			return -E2BIG;
		memcpy(buf + len, perms[i], l);
		len += l;
	}
	return request(x, XS_SET_PERMS, path, strlen(path) + 1, buf, len,
		       NULL);
}

int cxs_owner(struct cxs *x, const char *path, unsigned int *domid)
{
	struct cxs_msg *m;
	unsigned long v;
	char *end;
	int rc = request_path(x, XS_GET_PERMS, path, &m);

	if (rc)
		return rc;
	/* "<letter><domid>\0..."; the body is NUL-terminated in any case. */
	rc = -EPROTO;
	if (m->hdr.len >= 2 && m->body[0] && strchr("nrwb", m->body[0]) &&
	    m->body[1] >= '0' &&
	    m->body[1] <= '9') {
		v = strtoul(m->body + 1, &end, 10);
		if (*end == '\0' && v < 0x10000) {
			*domid = (unsigned int)v;
			rc = 0;
		}
	}
	free(m);
	return rc;
}

int cxs_is_introduced(struct cxs *x, unsigned int domid)
{
	char id[16];
	struct cxs_msg *m;
	int rc, len = snprintf(id, sizeof(id), "%u", domid);

	rc = request(x, XS_IS_DOMAIN_INTRODUCED, id, (size_t)len + 1, NULL, 0,
		     &m);
	if (rc)
		return rc;
	rc = m->body[0] == 'T';
	free(m);
	return rc;
}

int cxs_next_event(struct cxs *x, bool block, const char **path,
		   const char **token)
{
	struct cxs_msg *m;
	size_t plen;
	int rc;

	free(x->ev_cur);
	x->ev_cur = NULL;
	for (;;) {
		while ((m = x->ev_head)) {
			x->ev_head = m->next;
			if (!x->ev_head)
				x->ev_tail = NULL;
			/* "path\0token\0": both must be there. */
			plen = strlen(m->body);
			if (plen + 1 >= m->hdr.len) {
				free(m);
				continue;
			}
			x->ev_cur = m;
			*path = m->body;
			*token = m->body + plen + 1;
			return 1;
		}
		if (!block) {
			struct pollfd p = { .fd = x->fd, .events = POLLIN };

			if (poll(&p, 1, 0) <= 0)
				return 0;
		}
		rc = pump(x, true);
		if (rc)
			return rc;
		if (!block && !x->ev_head)
			return 0;
	}
}
