/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions. A transaction works on its own copy of the store taken at
 * TRANSACTION_START and records the generation of every path it touches.
 * Commit fails with EAGAIN if any of those paths changed in the main store
 * meanwhile (Xen's generation-count rule); otherwise the paths it modified
 * are copied into the main store and their watch events fire.
 */
#ifndef XSD_TXN_H
#define XSD_TXN_H

#include <stdbool.h>
#include <stdint.h>

#include "conn.h"

struct xs_txn_access {
	char *path;
	uint64_t gen0;	 /* generation at first touch, XS_GEN_NONE: absent */
	bool modified;
	struct xs_perm *perms0; /* permissions at first touch (watch filter) */
	unsigned int nr_perms0;
};

struct xs_txn_event {
	char *path;
	bool exact;
};

struct xs_txn {
	struct xs_txn *next;
	uint32_t id;
	struct xs_conn *conn;
	struct xs_store store;
	struct xs_txn_access *acc;
	unsigned int nr_acc, cap_acc;
	struct xs_txn_event *ev;
	unsigned int nr_ev, cap_ev;
	struct xs_acct delta; /* node count change per owner */
	bool node_created;
	bool fail; /* an internal error left the copy inconsistent */
};

int xs_txn_start(struct xs_conn *c, struct xs_txn **out);
/* NULL if id is unknown on this connection. */
struct xs_txn *xs_txn_find(struct xs_conn *c, uint32_t id);
/* Commit (0, EAGAIN, ENOSPC, ...) or abort; t is freed either way. */
int xs_txn_end(struct xs_txn *t, bool commit);
void xs_txn_free_all(struct xs_conn *c);
/* Remember a watch event to fire if the transaction commits. */
void xs_txn_queue_event(struct xs_txn *t, const char *path, bool exact);

#endif /* XSD_TXN_H */
