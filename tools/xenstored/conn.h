/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connections: one per unix-socket client or introduced guest. The
 * transport is pluggable (socket fd, shared ring page, in-memory fake);
 * message assembly, output queueing and request dispatch are shared.
 */
#ifndef XSD_CONN_H
#define XSD_CONN_H

#include <stdbool.h>

#include "core.h"
#include "wire.h"

struct xs_conn;

/*
 * Most a guest may have queued before further watch events for it are
 * dropped (Xen's default per-domain memory quota). A guest that does not
 * read its ring cannot make the daemon grow without bound.
 */
#define XS_MAX_QUEUED_BYTES (2560u * 1024)

struct xs_conn_ops {
	/* > 0 bytes moved, 0 nothing possible now, -1 connection broken */
	int (*read)(struct xs_conn *c, void *buf, unsigned int len);
	int (*write)(struct xs_conn *c, const void *buf, unsigned int len);
	bool (*can_read)(struct xs_conn *c);
	bool (*can_write)(struct xs_conn *c);
	/* Release the transport (close fd, ...). May be NULL. */
	void (*close)(struct xs_conn *c);
};

struct xs_watch;
struct xs_txn;

struct xs_conn {
	struct xs_conn *next;
	struct xsd *d;
	const struct xs_conn_ops *ops;
	void *priv;
	int fd; /* socket, or -1 */
	struct xs_caller who;
	struct xs_domain *domain; /* ring connections only */

	struct xs_wire_in in;
	struct xs_msg *out_head, *out_tail;
	unsigned int out_off;	   /* bytes of out_head already sent */
	unsigned int nr_out_replies; /* queued replies (not events) */
	size_t out_bytes;	     /* bytes queued in all */

	struct xs_watch *watches;
	unsigned int nr_watches;
	struct xs_txn *txns;
	unsigned int nr_txns;
	uint32_t next_txid;

	bool ignored; /* broken peer: no more I/O, kept for domain state */
	bool dead;    /* to be freed at the next xsd_reap() */
};

struct xs_conn *xs_conn_new(struct xsd *d, const struct xs_conn_ops *ops,
			    void *priv, int fd, const struct xs_caller *who);
/* Unlink and free now (not from inside request processing). */
void xs_conn_free(struct xs_conn *c);
/* Drop watches and transactions, discard pending I/O (RESET, INTRODUCE). */
void xs_conn_reset(struct xs_conn *c);
/* Stop talking to a broken peer; err is a XENSTORE_ERROR_* for rings. */
void xs_conn_ignore(struct xs_conn *c, unsigned int err);

/* Read and, once complete, process at most one request. -1: broken. */
int xs_conn_handle_input(struct xs_conn *c);
/* Write as much queued output as the transport takes. -1: broken. */
int xs_conn_handle_output(struct xs_conn *c);
bool xs_conn_wants_input(const struct xs_conn *c);
bool xs_conn_has_output(const struct xs_conn *c);

/* Queue a reply to hdr (E2BIG instead if body is too long). */
void xs_conn_reply(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		   unsigned int type, const void *body, unsigned int len);
void xs_conn_error(struct xs_conn *c, const struct xsd_sockmsg *hdr, int err);
/* Queue a watch event, dropping it if an identical one is still queued. */
void xs_conn_event(struct xs_conn *c, const char *path, const char *token);

/* Base of relative paths: /local/domain/<domid> (sockets: domain 0). */
int xs_conn_implicit_path(const struct xs_conn *c, char *buf, size_t size);

#endif /* XSD_CONN_H */
