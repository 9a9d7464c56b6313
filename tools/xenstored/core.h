/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's state: the store, accounting, connections, domains. One
 * instance, passed explicitly, so unit tests can run several side by side.
 */
#ifndef XSD_CORE_H
#define XSD_CORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "perms.h"
#include "quota.h"
#include "store.h"

struct xs_conn;
struct xs_domain;
struct xs_backend;

/* The two special watch paths have permissions of their own. */
enum { XS_SPECIAL_IDX_INTRODUCE, XS_SPECIAL_IDX_RELEASE, XS_NR_SPECIAL };

struct xs_special {
	struct xs_perm *perms;
	unsigned int nr_perms;
};

struct xsd {
	struct xs_store store;
	uint64_t gen; /* generation counter shared with transaction copies */
	struct xs_acct acct;
	struct xs_quota_cfg quota;
	struct xs_conn *conns;
	struct xs_domain *domains;
	struct xs_special special[XS_NR_SPECIAL];
	struct xs_backend *be; /* NULL: no hypervisor (plain host) */
	bool keep_orphans;     /* keep a released domain's nodes */
	FILE *trace;	       /* request log, or NULL */
};

/* Build the initial tree ("/", "/tool", "/tool/xenstored", all "n0"). */
int xsd_init(struct xsd *d);
void xsd_destroy(struct xsd *d);

/* Free connections marked dead; safe point in the main loop. */
void xsd_reap(struct xsd *d);

/* Log a client's or guest's mistake (rate is the caller's problem). */
void xsd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern bool xsd_verbose; /* also log to stderr */
extern bool xsd_syslog;  /* log to syslog (daemon mode) */

#endif /* XSD_CORE_H */
