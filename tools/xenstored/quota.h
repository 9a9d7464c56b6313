/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-domain quotas: limits (Xen 4.17's defaults and errors) and the
 * accounting of nodes and watches per owning domain. Privileged callers are
 * never limited.
 */
#ifndef XSD_QUOTA_H
#define XSD_QUOTA_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"

struct xs_quota_cfg {
	unsigned int nodes;	  /* nodes owned per domain      -> ENOSPC */
	unsigned int watches;	  /* watches per domain          -> E2BIG  */
	unsigned int entry_size;  /* bytes of one node record    -> ENOSPC */
	unsigned int txns;	  /* open transactions           -> ENOSPC */
	unsigned int perms;	  /* permissions per node        -> ENOSPC */
	unsigned int txn_nodes;	  /* nodes touched per transaction -> ENOSPC */
	unsigned int outstanding; /* unread replies before we stop reading */
};

#define XS_QUOTA_DEFAULTS                                                     \
	{                                                                     \
		.nodes = 1000, .watches = 128, .entry_size = 2048, .txns = 10, \
		.perms = 5, .txn_nodes = 1024, .outstanding = 20,             \
	}

struct xs_acct_entry {
	uint32_t domid;
	bool used;
	int nodes;
	int watches;
};

/* Open-addressed table of accounting entries, keyed by domid. */
struct xs_acct {
	struct xs_acct_entry *tab;
	unsigned int cap, used;
};

void xs_acct_init(struct xs_acct *a);
void xs_acct_destroy(struct xs_acct *a);
int xs_acct_add_nodes(struct xs_acct *a, uint32_t domid, int delta);
int xs_acct_add_watches(struct xs_acct *a, uint32_t domid, int delta);
int xs_acct_nodes(const struct xs_acct *a, uint32_t domid);
int xs_acct_watches(const struct xs_acct *a, uint32_t domid);

/* The checks; each returns 0 or the errno Xen gives. */
int xs_quota_new_nodes(const struct xs_quota_cfg *q, const struct xs_acct *a,
		       const struct xs_caller *c, int pending, unsigned int n);
int xs_quota_entry(const struct xs_quota_cfg *q, const struct xs_caller *c,
		   unsigned int entry_size);
int xs_quota_perms(const struct xs_quota_cfg *q, const struct xs_caller *c,
		   unsigned int nr_perms);
int xs_quota_watch(const struct xs_quota_cfg *q, const struct xs_acct *a,
		   const struct xs_caller *c);
int xs_quota_txn(const struct xs_quota_cfg *q, const struct xs_caller *c,
		 unsigned int open_txns);
int xs_quota_txn_nodes(const struct xs_quota_cfg *q, const struct xs_caller *c,
		       unsigned int touched);

#endif /* XSD_QUOTA_H */
