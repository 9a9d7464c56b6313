// SPDX-License-Identifier: GPL-2.0-only
/*
 * Daemon state: the initial tree, the main store's accounting observer and
 * connection reaping.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "conn.h"
#include "core.h"
#include "domain.h"

bool xsd_verbose;
bool xsd_syslog;

void xsd_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (xsd_verbose) {
		va_list aq;

		va_copy(aq, ap);
		fprintf(stderr, "xenstored: ");
		vfprintf(stderr, fmt, aq);
		fputc('\n', stderr);
		va_end(aq);
	}
	if (xsd_syslog)
		vsyslog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

/* Keeps the per-owner node counts of the main store. */
static int main_access(void *opaque, const char *path, const struct xs_node *n,
		       enum xs_access kind)
{
	struct xsd *d = opaque;

	(void)path;
	switch (kind) {
	case XS_ACC_CREATE:
	case XS_ACC_PERMS_AFTER:
		return xs_acct_add_nodes(&d->acct, n->perms[0].id, 1);
	case XS_ACC_DELETE:
	case XS_ACC_PERMS_BEFORE:
		return xs_acct_add_nodes(&d->acct, n->perms[0].id, -1);
	default:
		return 0;
	}
}

static int special_init(struct xs_special *sp)
{
	sp->perms = calloc(1, sizeof(*sp->perms));
	if (!sp->perms)
		return ENOMEM;
	sp->perms[0].id = 0;
	sp->perms[0].perms = XS_PERM_NONE;
	sp->nr_perms = 1;
	return 0;
}

int xsd_init(struct xsd *d)
{
	struct xs_node *n;
	struct xs_quota_cfg q = XS_QUOTA_DEFAULTS;
	int rc;

	memset(d, 0, sizeof(*d));
	d->quota = q;
	xs_acct_init(&d->acct);
	rc = xs_store_init(&d->store, &d->gen, 0);
	if (rc)
		return rc;
	d->store.hooks.access = main_access;
	d->store.hooks.opaque = d;
	/* What Xen's xenstored starts with; the toolstack adds /local. */
	rc = xs_store_create(&d->store, "/tool/xenstored", -1, &n);
	if (!rc)
		rc = xs_acct_add_nodes(&d->acct, 0, 1); /* the root */
	if (!rc)
		rc = special_init(&d->special[XS_SPECIAL_IDX_INTRODUCE]);
	if (!rc)
		rc = special_init(&d->special[XS_SPECIAL_IDX_RELEASE]);
	return rc;
}

void xsd_reap(struct xsd *d)
{
	struct xs_conn *c, *next;

	for (c = d->conns; c; c = next) {
		next = c->next;
		if (c->dead)
			xs_conn_free(c);
	}
}

void xsd_destroy(struct xsd *d)
{
	unsigned int i;

	xs_domain_destroy_all(d);
	while (d->conns)
		xs_conn_free(d->conns);
	xs_store_destroy(&d->store);
	xs_acct_destroy(&d->acct);
	for (i = 0; i < XS_NR_SPECIAL; i++)
		free(d->special[i].perms);
}
