/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Request dispatch: one table indexed by message type, with the flags
 * (privileged only, transaction id ignored) checked in one place before a
 * handler runs.
 */
#ifndef XSD_OPS_H
#define XSD_OPS_H

#include "conn.h"
#include "txn.h"

/* One request being handled. */
struct xs_req {
	struct xsd *d;
	struct xs_conn *c;
	struct xs_txn *t;	/* NULL outside a transaction */
	struct xs_store *s;	/* t ? &t->store : &d->store */
	const struct xsd_sockmsg *hdr;
	const char *body;	/* NUL-terminated at body[len] */
	unsigned int len;
};

/* Handle one complete message from c; the reply goes to c's queue. */
void xs_process(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		const char *body);

/* Name of a message type for logs ("READ"), or NULL. */
const char *xs_msg_name(unsigned int type);

/* XS_CONTROL, in control.c. */
int xs_do_control(struct xs_req *r);
/* Helpers shared by handlers. */
void xs_reply(struct xs_req *r, const void *body, unsigned int len);
void xs_ack(struct xs_req *r);

#endif /* XSD_OPS_H */
