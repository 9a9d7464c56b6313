// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quota limits and per-domain accounting. The comparisons reproduce Xen
 * 4.17's exactly, including which errno each limit reports.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "quota.h"

void xs_acct_init(struct xs_acct *a)
{
	memset(a, 0, sizeof(*a));
}

void xs_acct_destroy(struct xs_acct *a)
{
	free(a->tab);
	memset(a, 0, sizeof(*a));
}

static unsigned int slot(uint32_t domid, unsigned int cap)
{
	return (domid * 2654435761u) & (cap - 1);
}

static struct xs_acct_entry *lookup(const struct xs_acct *a, uint32_t domid)
{
	unsigned int i;

	if (!a->cap)
		return NULL;
	for (i = slot(domid, a->cap);; i = (i + 1) & (a->cap - 1)) {
		if (!a->tab[i].used)
			return NULL;
		if (a->tab[i].domid == domid)
			return &a->tab[i];
	}
}

static int grow(struct xs_acct *a)
{
	unsigned int cap = a->cap ? a->cap * 2 : 16, i, j;
	struct xs_acct_entry *t = calloc(cap, sizeof(*t));

	if (!t)
		return ENOMEM;
	for (i = 0; i < a->cap; i++) {
		if (!a->tab[i].used)
			continue;
		for (j = slot(a->tab[i].domid, cap); t[j].used;
		     j = (j + 1) & (cap - 1))
			;
		t[j] = a->tab[i];
	}
	free(a->tab);
	a->tab = t;
	a->cap = cap;
	return 0;
}

static struct xs_acct_entry *get(struct xs_acct *a, uint32_t domid)
{
	struct xs_acct_entry *e = lookup(a, domid);
	unsigned int i;

	if (e)
		return e;
	if ((a->used + 1) * 2 > a->cap && grow(a))
		return NULL;
	for (i = slot(domid, a->cap); a->tab[i].used; i = (i + 1) & (a->cap - 1))
		;
	a->tab[i].used = true;
	a->tab[i].domid = domid;
	a->used++;
	return &a->tab[i];
}

int xs_acct_add_nodes(struct xs_acct *a, uint32_t domid, int delta)
{
	struct xs_acct_entry *e = get(a, domid);

	if (!e)
		return ENOMEM;
	e->nodes += delta;
	return 0;
}

int xs_acct_add_watches(struct xs_acct *a, uint32_t domid, int delta)
{
	struct xs_acct_entry *e = get(a, domid);

	if (!e)
		return ENOMEM;
	e->watches += delta;
	return 0;
}

int xs_acct_nodes(const struct xs_acct *a, uint32_t domid)
{
	const struct xs_acct_entry *e = lookup(a, domid);

	return e ? e->nodes : 0;
}

int xs_acct_watches(const struct xs_acct *a, uint32_t domid)
{
	const struct xs_acct_entry *e = lookup(a, domid);

	return e ? e->watches : 0;
}

/* Xen refuses the k-th new node when the owner already has >= quota. */
int xs_quota_new_nodes(const struct xs_quota_cfg *q, const struct xs_acct *a,
		       const struct xs_caller *c, int pending, unsigned int n)
{
	long have;

	if (c->privileged || !n)
		return 0;
	have = (long)xs_acct_nodes(a, c->domid) + pending;
	return have + (long)n > (long)q->nodes ? ENOSPC : 0;
}

int xs_quota_entry(const struct xs_quota_cfg *q, const struct xs_caller *c,
		   unsigned int entry_size)
{
	return !c->privileged && entry_size >= q->entry_size ? ENOSPC : 0;
}

int xs_quota_perms(const struct xs_quota_cfg *q, const struct xs_caller *c,
		   unsigned int nr_perms)
{
	return !c->privileged && nr_perms > q->perms ? ENOSPC : 0;
}

/* Xen compares the count before adding, so one more than the quota fits. */
int xs_quota_watch(const struct xs_quota_cfg *q, const struct xs_acct *a,
		   const struct xs_caller *c)
{
	if (c->privileged)
		return 0;
	return xs_acct_watches(a, c->domid) > (int)q->watches ? E2BIG : 0;
}

int xs_quota_txn(const struct xs_quota_cfg *q, const struct xs_caller *c,
		 unsigned int open_txns)
{
	return !c->privileged && open_txns > q->txns ? ENOSPC : 0;
}

int xs_quota_txn_nodes(const struct xs_quota_cfg *q, const struct xs_caller *c,
		       unsigned int touched)
{
	return !c->privileged && touched >= q->txn_nodes ? ENOSPC : 0;
}
