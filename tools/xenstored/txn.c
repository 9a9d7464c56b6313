// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transactions: a private copy of the store plus the list of paths touched
 * with their generation at first touch. See txn.h for the commit rule.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "txn.h"
#include "watch.h"

static struct xs_txn_access *acc_find(struct xs_txn *t, const char *path)
{
	unsigned int i;

	for (i = 0; i < t->nr_acc; i++)
		if (!strcmp(t->acc[i].path, path))
			return &t->acc[i];
	return NULL;
}

static struct xs_txn_access *acc_add(struct xs_txn *t, const char *path,
				     const struct xs_node *n, bool created)
{
	struct xs_txn_access *a;

	if (t->nr_acc == t->cap_acc) {
		unsigned int cap = t->cap_acc ? t->cap_acc * 2 : 16;

		a = realloc(t->acc, cap * sizeof(*a));
		if (!a)
			return NULL;
		t->acc = a;
		t->cap_acc = cap;
	}
	a = &t->acc[t->nr_acc];
	memset(a, 0, sizeof(*a));
	a->path = strdup(path);
	if (!a->path)
		return NULL;
	a->gen0 = (n && !created) ? n->gen : XS_GEN_NONE;
	if (n && !created) {
		a->perms0 = malloc(n->nr_perms * sizeof(*a->perms0));
		if (!a->perms0) {
			free(a->path);
			return NULL;
		}
		memcpy(a->perms0, n->perms, n->nr_perms * sizeof(*a->perms0));
		a->nr_perms0 = n->nr_perms;
	}
	t->nr_acc++;
	return a;
}

/* Observer of the transaction's copy of the store. */
static int txn_access(void *opaque, const char *path, const struct xs_node *n,
		      enum xs_access kind)
{
	struct xs_txn *t = opaque;
	struct xs_txn_access *a = acc_find(t, path);
	int rc;

	if (!a) {
		rc = xs_quota_txn_nodes(&t->conn->d->quota, &t->conn->who,
					t->nr_acc);
		if (!rc) {
			a = acc_add(t, path, n, kind == XS_ACC_CREATE);
			rc = a ? 0 : ENOMEM;
		}
		if (rc) {
			t->fail = true;
			return rc;
		}
	}
	switch (kind) {
	case XS_ACC_READ:
		break;
	case XS_ACC_CREATE:
		t->node_created = true;
		a->modified = true;
		return xs_acct_add_nodes(&t->delta, n->perms[0].id, 1);
	case XS_ACC_DELETE:
	case XS_ACC_PERMS_BEFORE:
		a->modified = true;
		return xs_acct_add_nodes(&t->delta, n->perms[0].id, -1);
	case XS_ACC_PERMS_AFTER:
		return xs_acct_add_nodes(&t->delta, n->perms[0].id, 1);
	case XS_ACC_WRITE:
		a->modified = true;
		break;
	}
	return 0;
}

struct xs_txn *xs_txn_find(struct xs_conn *c, uint32_t id)
{
	struct xs_txn *t;

	for (t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

int xs_txn_start(struct xs_conn *c, struct xs_txn **out)
{
	struct xs_txn *t;
	int rc = xs_quota_txn(&c->d->quota, &c->who, c->nr_txns);

	if (rc)
		return rc;
	t = calloc(1, sizeof(*t));
	if (!t)
		return ENOMEM;
	if (xs_store_clone(&t->store, &c->d->store)) {
		free(t);
		return ENOMEM;
	}
	t->store.hooks.access = txn_access;
	t->store.hooks.opaque = t;
	t->conn = c;
	xs_acct_init(&t->delta);
	do {
		t->id = c->next_txid++;
	} while (!t->id || xs_txn_find(c, t->id));
	t->next = c->txns;
	c->txns = t;
	c->nr_txns++;
	*out = t;
	return 0;
}

void xs_txn_queue_event(struct xs_txn *t, const char *path, bool exact)
{
	struct xs_txn_event *e;
	unsigned int i;

	/* One event per path; a subtree event replaces an exact one. */
	for (i = 0; i < t->nr_ev; i++) {
		if (!strcmp(t->ev[i].path, path)) {
			t->ev[i].exact &= exact;
			return;
		}
	}
	if (t->nr_ev == t->cap_ev) {
		unsigned int cap = t->cap_ev ? t->cap_ev * 2 : 8;

		e = realloc(t->ev, cap * sizeof(*e));
		if (!e)
			goto fail;
		t->ev = e;
		t->cap_ev = cap;
	}
	e = &t->ev[t->nr_ev];
	e->path = strdup(path);
	if (!e->path)
		goto fail;
	e->exact = exact;
	t->nr_ev++;
	return;
fail:
	t->fail = true;
}

static void txn_free(struct xs_txn *t)
{
	unsigned int i;

	for (i = 0; i < t->nr_acc; i++) {
		free(t->acc[i].path);
		free(t->acc[i].perms0);
	}
	for (i = 0; i < t->nr_ev; i++)
		free(t->ev[i].path);
	free(t->acc);
	free(t->ev);
	xs_acct_destroy(&t->delta);
	xs_store_destroy(&t->store);
	free(t);
}

static void txn_unlink(struct xs_txn *t)
{
	struct xs_txn **pt;

	for (pt = &t->conn->txns; *pt; pt = &(*pt)->next) {
		if (*pt == t) {
			*pt = t->next;
			t->conn->nr_txns--;
			return;
		}
	}
}

void xs_txn_free_all(struct xs_conn *c)
{
	while (c->txns) {
		struct xs_txn *t = c->txns;

		txn_unlink(t);
		txn_free(t);
	}
}

static int conflicts(struct xs_txn *t)
{
	const struct xs_store *main_store = &t->conn->d->store;
	unsigned int i;

	for (i = 0; i < t->nr_acc; i++) {
		const struct xs_node *m = xs_store_peek(main_store,
							t->acc[i].path);

		if ((m ? m->gen : XS_GEN_NONE) != t->acc[i].gen0)
			return EAGAIN;
	}
	return 0;
}

/* Xen re-checks node quotas at commit for unprivileged callers. */
static int commit_quota(struct xs_txn *t)
{
	struct xsd *d = t->conn->d;
	unsigned int i;

	if (!t->node_created || t->conn->who.privileged)
		return 0;
	for (i = 0; i < t->delta.cap; i++) {
		const struct xs_acct_entry *e = &t->delta.tab[i];

		if (!e->used || !e->domid)
			continue;
		if (xs_acct_nodes(&d->acct, e->domid) + e->nodes >=
		    (int)d->quota.nodes)
			return ENOSPC;
	}
	return 0;
}

static unsigned int depth(const char *path)
{
	unsigned int n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

static int by_depth(const void *a, const void *b)
{
	const struct xs_txn_access *x = *(const struct xs_txn_access *const *)a;
	const struct xs_txn_access *y = *(const struct xs_txn_access *const *)b;
	unsigned int dx = depth(x->path), dy = depth(y->path);

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x < y ? -1 : (x > y);
}

/* Make m list its children in the transaction's order. */
static void reorder_children(struct xs_node *m, const struct xs_node *tn)
{
	unsigned int i, j;

	if (m->nr_child != tn->nr_child)
		return;
	for (i = 0; i < tn->nr_child; i++) {
		for (j = i; j < m->nr_child; j++)
			if (!strcmp(m->child[j]->name, tn->child[i]->name))
				break;
		if (j < m->nr_child && j != i) {
			struct xs_node *tmp = m->child[i];

			m->child[i] = m->child[j];
			m->child[j] = tmp;
		}
	}
}

static bool perms_equal(const struct xs_node *a, const struct xs_node *b)
{
	return a->nr_perms == b->nr_perms &&
	       !memcmp(a->perms, b->perms, a->nr_perms * sizeof(*a->perms));
}

static int apply_one(struct xs_store *ms, struct xs_txn_access *a,
		     const struct xs_node *tn)
{
	struct xs_node *m = xs_store_peek(ms, a->path);
	int rc;

	if (!tn) {
		return m ? xs_store_remove(ms, m, NULL, NULL) : 0;
	}
	if (!m) {
		rc = xs_store_create(ms, a->path, -1, &m);
		if (rc)
			return rc;
	}
	rc = xs_store_set_data(ms, m, tn->data, tn->datalen);
	if (!rc && !perms_equal(m, tn))
		rc = xs_store_set_perms(ms, m, tn->perms, tn->nr_perms);
	return rc;
}

static int apply(struct xs_txn *t)
{
	struct xs_store *ms = &t->conn->d->store;
	struct xs_txn_access **list;
	unsigned int i, n = 0;
	int rc = 0;

	list = malloc((t->nr_acc + 1) * sizeof(*list));
	if (!list)
		return ENOMEM;
	for (i = 0; i < t->nr_acc; i++)
		if (t->acc[i].modified)
			list[n++] = &t->acc[i];
	qsort(list, n, sizeof(*list), by_depth);

	/* Deletions first, then creations and updates parents-first. */
	for (i = 0; i < n && !rc; i++)
		if (!xs_store_peek(&t->store, list[i]->path))
			rc = apply_one(ms, list[i], NULL);
	for (i = 0; i < n && !rc; i++) {
		const struct xs_node *tn = xs_store_peek(&t->store,
							 list[i]->path);

		if (tn)
			rc = apply_one(ms, list[i], tn);
	}
	for (i = 0; i < n && !rc; i++) {
		const struct xs_node *tn = xs_store_peek(&t->store,
							 list[i]->path);
		struct xs_node *m = xs_store_peek(ms, list[i]->path);

		if (tn && m)
			reorder_children(m, tn);
	}
	free(list);
	return rc;
}

static void fire_events(struct xs_txn *t)
{
	struct xsd *d = t->conn->d;
	char parent[XS_PATH_BUF];
	unsigned int i;

	for (i = 0; i < t->nr_ev; i++) {
		const char *path = t->ev[i].path;
		const struct xs_txn_access *a = acc_find(t, path);
		const struct xs_node *m = xs_store_peek(&d->store, path);
		const struct xs_node *p;
		struct xs_permset sets[3];
		unsigned int nr = 0;
		char *slash;

		snprintf(parent, sizeof(parent), "%s", path);
		slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = '\0';
		else if (slash)
			slash[1] = '\0';
		p = xs_store_peek(&d->store, parent);
		if (m)
			sets[nr++] = (struct xs_permset){ m->perms, m->nr_perms };
		if (p)
			sets[nr++] = (struct xs_permset){ p->perms, p->nr_perms };
		if (a && a->nr_perms0)
			sets[nr++] = (struct xs_permset){ a->perms0,
							  a->nr_perms0 };
		xs_watch_fire(d, path, t->ev[i].exact, sets, nr);
	}
}

int xs_txn_end(struct xs_txn *t, bool commit)
{
	int rc = 0;

	txn_unlink(t);
	if (!commit)
		goto out;
	if (t->fail) {
		rc = ENOMEM; /* what Xen reports for a poisoned transaction */
		goto out;
	}
	/* Xen checks the node quota before looking for conflicts. */
	rc = commit_quota(t);
	if (!rc)
		rc = conflicts(t);
	if (rc)
		goto out;
	rc = apply(t);
	if (rc) {
		xsd_log("transaction %u: commit failed half-way (%d)", t->id,
			rc);
		goto out;
	}
	fire_events(t);
out:
	txn_free(t);
	return rc;
}
