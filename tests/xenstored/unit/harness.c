// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness for the xenstored unit tests: check counting and fake
 * connections speaking the wire protocol through memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

unsigned int t_passed, t_failed;

void t_check(bool ok, const char *file, int line, const char *what)
{
	if (ok) {
		t_passed++;
		return;
	}
	t_failed++;
	printf("FAIL %s:%d: %s\n", file, line, what);
}

void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *what)
{
	bool ok = got && !strcmp(got, want);

	t_check(ok, file, line, what);
	if (!ok)
		printf("     got \"%s\", want \"%s\"\n", got ? got : "(null)",
		       want);
}

static int t_read(struct xs_conn *c, void *buf, unsigned int len)
{
	struct tconn *t = c->priv;
	size_t n = t->in_len - t->in_off;

	if (n > len)
		n = len;
	memcpy(buf, t->in + t->in_off, n);
	t->in_off += n;
	return (int)n;
}

static int t_write(struct xs_conn *c, const void *buf, unsigned int len)
{
	struct tconn *t = c->priv;

	if (t->out_off == t->out_len)	/* all consumed: start over */
		t->out_off = t->out_len = 0;
	t->out = realloc(t->out, t->out_len + len);
	memcpy(t->out + t->out_len, buf, len);
	t->out_len += len;
	return (int)len;
}

static bool t_can_read(struct xs_conn *c)
{
	struct tconn *t = c->priv;

	return t->in_off < t->in_len;
}

static bool t_can_write(struct xs_conn *c)
{
	(void)c;
	return true;
}

static const struct xs_conn_ops t_ops = {
	.read = t_read,
	.write = t_write,
	.can_read = t_can_read,
	.can_write = t_can_write,
};

struct tconn *tconn_new(struct xsd *d, unsigned int domid, bool privileged)
{
	struct tconn *t = calloc(1, sizeof(*t));
	struct xs_caller who = {
		.domid = domid, .privileged = privileged, .target = -1,
	};

	t->c = xs_conn_new(d, &t_ops, t, 100 + (int)domid, &who);
	t->next_req = 1;
	return t;
}

void tconn_free(struct tconn *t)
{
	if (t->c)
		xs_conn_free(t->c);
	free(t->in);
	free(t->out);
	free(t);
}

void tconn_raw(struct tconn *t, const void *data, size_t len)
{
	struct xs_conn *c;

	t->in = realloc(t->in, t->in_len + len + 1);
	memcpy(t->in + t->in_len, data, len);
	t->in_len += len;
	while (!t->c->dead && !t->c->ignored && t_can_read(t->c) &&
	       xs_conn_wants_input(t->c))
		if (xs_conn_handle_input(t->c) < 0)
			break;
	/* Deliver what every fake connection has queued (events). */
	for (c = t->c->d->conns; c; c = c->next)
		if (c->ops == &t_ops && !c->dead)
			xs_conn_handle_output(c);
}

/* Pop the next complete message from the output bytes. */
static bool pop(struct tconn *t, struct msg *m, bool want_event)
{
	size_t off = t->out_off;

	while (off + sizeof(struct xsd_sockmsg) <= t->out_len) {
		struct xsd_sockmsg h;
		bool is_event;

		memcpy(&h, t->out + off, sizeof(h));
		if (off + sizeof(h) + h.len > t->out_len)
			return false;
		is_event = h.type == XS_WATCH_EVENT;
		if (is_event == want_event) {
			m->type = h.type;
			m->req_id = h.req_id;
			m->tx_id = h.tx_id;
			m->len = h.len;
			memcpy(m->body, t->out + off + sizeof(h), h.len);
			m->body[h.len] = '\0';
			/*
			 * Cut the message out of the buffer: at its head just
			 * step past it (draining a flood stays linear).
			 */
			if (off == t->out_off) {
				t->out_off += sizeof(h) + h.len;
				return true;
			}
			memmove(t->out + off, t->out + off + sizeof(h) + h.len,
				t->out_len - off - sizeof(h) - h.len);
			t->out_len -= sizeof(h) + h.len;
			return true;
		}
		off += sizeof(h) + h.len;
	}
	return false;
}

struct msg tconn_call(struct tconn *t, uint32_t type, uint32_t tx,
		      const void *body, unsigned int len)
{
	struct xsd_sockmsg h = {
		.type = type, .req_id = t->next_req++, .tx_id = tx, .len = len,
	};
	char *buf = malloc(sizeof(h) + len + 1);
	struct msg m = { .type = XS_INVALID };

	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy(buf + sizeof(h), body, len);
	tconn_raw(t, buf, sizeof(h) + len);
	free(buf);
	if (!pop(t, &m, false))
		m.type = XS_INVALID;
	else if (m.req_id != h.req_id)
		printf("     reply req_id %u for request %u\n", m.req_id,
		       h.req_id);
	return m;
}

bool tconn_next(struct tconn *t, struct msg *m)
{
	return pop(t, m, false);
}

const char *tconn_event(struct tconn *t)
{
	static char buf[XENSTORE_PAYLOAD_MAX + 2];
	struct msg m;
	unsigned int i;

	if (!pop(t, &m, true))
		return NULL;
	memcpy(buf, m.body, m.len);
	/* "path\0token\0" -> "path token" */
	for (i = 0; i + 1 < m.len; i++)
		if (!buf[i])
			buf[i] = ' ';
	buf[m.len ? m.len - 1 : 0] = '\0';
	return buf;
}

void tconn_drain(struct tconn *t)
{
	while (tconn_event(t))
		;
}

const char *show(const struct msg *m)
{
	static char buf[2][XENSTORE_PAYLOAD_MAX + 16];
	static int which;
	char *b = buf[which ^= 1];
	unsigned int i;

	if (m->type == XS_INVALID)
		return "(no reply)";
	if (m->type == XS_ERROR) {
		snprintf(b, XENSTORE_PAYLOAD_MAX + 16, "E:%s", m->body);
		return b;
	}
	for (i = 0; i < m->len; i++)
		b[i] = m->body[i] ? m->body[i] : '|';
	b[m->len] = '\0';
	return b;
}

int main(void)
{
	test_store();
	test_perms();
	test_wire();
	test_ops();
	test_txn();
	test_watch();
	test_quota();
	test_ring();
	printf("%u passed, %u failed\n", t_passed, t_failed);
	return t_failed ? 1 : 0;
}
