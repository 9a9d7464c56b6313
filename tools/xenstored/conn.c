// SPDX-License-Identifier: GPL-2.0-only
/*
 * Connection plumbing shared by every transport: input assembly through the
 * wire layer, the output queue, and the lifetime of a connection's watches
 * and transactions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "ops.h"
#include "ring.h"
#include "txn.h"
#include "watch.h"

struct xs_conn *xs_conn_new(struct xsd *d, const struct xs_conn_ops *ops,
			    void *priv, int fd, const struct xs_caller *who)
{
	struct xs_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->d = d;
	c->ops = ops;
	c->priv = priv;
	c->fd = fd;
	c->who = *who;
	c->next_txid = 1;
	xs_wire_reset(&c->in);
	c->next = d->conns;
	d->conns = c;
	return c;
}

static void drop_output(struct xs_conn *c)
{
	struct xs_msg *m;

	while ((m = c->out_head)) {
		c->out_head = m->next;
		free(m);
	}
	c->out_tail = NULL;
	c->out_off = 0;
	c->nr_out_replies = 0;
	c->out_bytes = 0;
}

void xs_conn_reset(struct xs_conn *c)
{
	xs_watch_remove_all(c);
	xs_txn_free_all(c);
	drop_output(c);
	xs_wire_reset(&c->in);
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_conn **pc;

	for (pc = &c->d->conns; *pc; pc = &(*pc)->next) {
		if (*pc == c) {
			*pc = c->next;
			break;
		}
	}
	xs_conn_reset(c);
	if (c->ops->close)
		c->ops->close(c);
	free(c);
}

void xs_conn_ignore(struct xs_conn *c, unsigned int err)
{
	xsd_log("dom%u: connection broken (error %u), ignoring it",
		c->who.domid, err);
	if (c->domain && c->domain->intf)
		c->domain->intf->error = err;
	xs_conn_reset(c);
	c->ignored = true;
	/* A socket client can reconnect; a guest's ring stays until
	 * RELEASE so @releaseDomain still fires at the right time. */
	if (!c->domain)
		c->dead = true;
}

bool xs_conn_wants_input(const struct xs_conn *c)
{
	if (c->ignored || c->dead)
		return false;
	/* A guest that does not read its replies gets no more service. */
	if (!c->who.privileged && c->nr_out_replies >= c->d->quota.outstanding)
		return false;
	return true;
}

bool xs_conn_has_output(const struct xs_conn *c)
{
	return c->out_head != NULL && !c->ignored && !c->dead;
}

int xs_conn_handle_input(struct xs_conn *c)
{
	enum xs_wire_state st;
	unsigned int want;
	char *buf;
	int n;

	while (xs_conn_wants_input(c)) {
		xs_wire_want(&c->in, &buf, &want);
		n = c->ops->read(c, buf, want);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		st = xs_wire_got(&c->in, (unsigned int)n);
		if (st == XS_WIRE_BAD) {
			xsd_log("dom%u: message length %u over the limit",
				c->who.domid, c->in.hdr.len);
			xs_conn_ignore(c, XENSTORE_ERROR_PROTO);
			return -1;
		}
		if (st == XS_WIRE_READY) {
			xs_process(c, &c->in.hdr, c->in.body);
			xs_wire_reset(&c->in);
			return 0; /* one request per turn keeps things fair */
		}
	}
	return 0;
}

int xs_conn_handle_output(struct xs_conn *c)
{
	struct xs_msg *m;
	int n;

	while ((m = c->out_head)) {
		unsigned int total = (unsigned int)sizeof(m->hdr) + m->hdr.len;

		while (c->out_off < total) {
			if (c->out_off < sizeof(m->hdr))
				n = c->ops->write(c,
						  (char *)&m->hdr + c->out_off,
						  (unsigned int)sizeof(m->hdr) -
							  c->out_off);
			else
				n = c->ops->write(c,
						  m->body + c->out_off -
							  sizeof(m->hdr),
						  total - c->out_off);
			if (n < 0)
				return -1;
			if (n == 0)
				return 0;
			c->out_off += (unsigned int)n;
		}
		c->out_head = m->next;
		if (!c->out_head)
			c->out_tail = NULL;
		c->out_off = 0;
		if (!m->is_event)
			c->nr_out_replies--;
		c->out_bytes -= sizeof(m->hdr) + m->hdr.len;
		free(m);
	}
	return 0;
}

static void queue(struct xs_conn *c, struct xs_msg *m)
{
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	if (!m->is_event)
		c->nr_out_replies++;
	c->out_bytes += sizeof(m->hdr) + m->hdr.len;
}

void xs_conn_reply(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		   unsigned int type, const void *body, unsigned int len)
{
	struct xs_msg *m;

	if (len > XENSTORE_PAYLOAD_MAX) {
		xs_conn_error(c, hdr, E2BIG);
		return;
	}
	m = xs_msg_new(type, hdr->req_id, hdr->tx_id, body, len);
	if (!m) {
		xsd_log("dom%u: out of memory for a reply", c->who.domid);
		return;
	}
	queue(c, m);
}

void xs_conn_error(struct xs_conn *c, const struct xsd_sockmsg *hdr, int err)
{
	const char *name = xs_errno_name(err);
	struct xs_msg *m = xs_msg_new(XS_ERROR, hdr->req_id, hdr->tx_id, name,
				      (unsigned int)strlen(name) + 1);

	if (m)
		queue(c, m);
}

void xs_conn_event(struct xs_conn *c, const char *path, const char *token)
{
	struct xs_msg *m = xs_msg_event(path, token), *q;

	if (!m)
		return;
	if (!c->who.privileged && c->out_bytes > XS_MAX_QUEUED_BYTES) {
		free(m);
		return;
	}
	/* An identical event still waiting says the same thing. */
	if (path[0] != '@') {
		for (q = c->out_head; q; q = q->next) {
			if (q->is_event && q->hdr.len == m->hdr.len &&
			    !memcmp(q->body, m->body, m->hdr.len)) {
				free(m);
				return;
			}
		}
	}
	queue(c, m);
}

int xs_conn_implicit_path(const struct xs_conn *c, char *buf, size_t size)
{
	return snprintf(buf, size, "/local/domain/%u",
			c->who.domid);
}
