// SPDX-License-Identifier: GPL-2.0-only
/*
 * Introduced domains and their ring connections. All hypervisor access goes
 * through struct xs_backend; with none (plain host) domains are recorded
 * without a ring.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "ring.h"
#include "watch.h"

struct xs_domain *xs_domain_find(struct xsd *d, unsigned int domid)
{
	struct xs_domain *dom;

	for (dom = d->domains; dom; dom = dom->next)
		if (dom->domid == domid)
			return dom;
	return NULL;
}

/*
 * Does domid exist? dom0, introduced domains and any domain a connection
 * speaks for do; for others the hypervisor is asked (a domain the
 * toolstack is still building is not introduced yet but exists). Without
 * a hypervisor (-D) there is no one to ask, and every domain counts as
 * existing.
 */
bool xs_domain_exists(struct xsd *d, unsigned int domid)
{
	bool exists = false, shutdown, dying;
	struct xs_conn *c;

	if (domid == 0 || xs_domain_find(d, domid))
		return true;
	for (c = d->conns; c; c = c->next)
		if (c->who.domid == domid)
			return true;
	if (!d->be || !d->be->ops->state)
		return true;
	if (d->be->ops->state(d->be, domid, &exists, &shutdown, &dying))
		return true;	/* the hypervisor did not answer: do not refuse */
	return exists && !dying;
}

struct xs_domain *xs_domain_by_port(struct xsd *d, unsigned int port)
{
	struct xs_domain *dom;

	for (dom = d->domains; dom; dom = dom->next)
		if (dom->port && dom->port == port)
			return dom;
	return NULL;
}

static void kick(struct xs_domain *dom)
{
	struct xs_backend *be = dom->d->be;

	if (be && dom->port)
		be->ops->notify(be, dom->port);
}

static int ring_read(struct xs_conn *c, void *buf, unsigned int len)
{
	struct xs_domain *dom = c->priv;
	int n = xs_ring_read(dom->intf, buf, len);

	if (n < 0) {
		xs_conn_ignore(c, XENSTORE_ERROR_RINGIDX);
		return -1;
	}
	if (n > 0)
		kick(dom);
	return n;
}

static int ring_write(struct xs_conn *c, const void *buf, unsigned int len)
{
	struct xs_domain *dom = c->priv;
	int n = xs_ring_write(dom->intf, buf, len);

	if (n < 0) {
		xs_conn_ignore(c, XENSTORE_ERROR_RINGIDX);
		return -1;
	}
	if (n > 0)
		kick(dom);
	return n;
}

static bool ring_can_read(struct xs_conn *c)
{
	return xs_ring_can_read(((struct xs_domain *)c->priv)->intf);
}

static bool ring_can_write(struct xs_conn *c)
{
	return xs_ring_can_write(((struct xs_domain *)c->priv)->intf);
}

static const struct xs_conn_ops ring_ops = {
	.read = ring_read,
	.write = ring_write,
	.can_read = ring_can_read,
	.can_write = ring_can_write,
};

/* A fresh start for a guest that (re)introduces itself. */
static void ring_reset(struct xs_domain *dom)
{
	if (dom->conn) {
		xs_conn_reset(dom->conn);
		dom->conn->ignored = false;
	}
	if (dom->intf) {
		dom->intf->req_cons = dom->intf->req_prod = 0;
		dom->intf->rsp_cons = dom->intf->rsp_prod = 0;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		dom->intf->server_features = XENSTORE_SERVER_FEATURE_ERROR;
		dom->intf->error = XENSTORE_ERROR_NONE;
	}
}

static int attach(struct xsd *d, struct xs_domain *dom, uint64_t gfn,
		  unsigned int port)
{
	struct xs_backend *be = d->be;
	struct xs_caller who = {
		.domid = dom->domid,
		.privileged = dom->domid == 0,
		.target = -1,
	};
	int rc;

	if (!be)
		return 0;
	rc = be->ops->map(be, dom->domid, gfn, &dom->intf);
	if (rc)
		return rc;
	rc = be->ops->bind(be, dom->domid, port, &dom->port);
	if (rc)
		goto err_unmap;
	dom->conn = xs_conn_new(d, &ring_ops, dom, -1, &who);
	rc = ENOMEM;
	if (!dom->conn)
		goto err_unbind;
	dom->conn->domain = dom;
	return 0;

err_unbind:
	be->ops->unbind(be, dom->port);
	dom->port = 0;
err_unmap:
	be->ops->unmap(be, dom->domid, dom->intf);
	dom->intf = NULL;
	return rc;
}

int xs_domain_introduce(struct xsd *d, unsigned int domid, uint64_t gfn,
			unsigned int port)
{
	struct xs_domain *dom = xs_domain_find(d, domid);
	struct xs_backend *be = d->be;
	int rc;

	if (dom) {
		/* Known already: only the event channel is re-bound. */
		if (be && dom->port) {
			be->ops->unbind(be, dom->port);
			dom->port = 0;
			if (be->ops->bind(be, domid, port, &dom->port))
				dom->port = 0;
		}
		ring_reset(dom);
		kick(dom);
		return 0;
	}
	dom = calloc(1, sizeof(*dom));
	if (!dom)
		return ENOMEM;
	dom->d = d;
	dom->domid = domid;
	rc = attach(d, dom, gfn, port);
	if (rc) {
		free(dom);
		return rc;
	}
	dom->next = d->domains;
	d->domains = dom;
	/* Dom0's kernel may have queued requests before we started: its
	 * ring is taken as it is. A new guest starts from empty rings. */
	if (domid != 0)
		ring_reset(dom);
	else if (dom->intf)
		dom->intf->server_features = XENSTORE_SERVER_FEATURE_ERROR;
	if (dom->intf && dom->intf->connection == XENSTORE_RECONNECT)
		dom->intf->connection = XENSTORE_CONNECTED;
	kick(dom);
	if (domid != 0)
		xs_watch_fire_special(d, XS_SPECIAL_INTRODUCE);
	return 0;
}

static void strip_special(struct xs_special *sp, unsigned int domid)
{
	unsigned int i, j;

	if (sp->perms[0].id == domid)
		sp->perms[0].id = 0;
	for (i = j = 1; i < sp->nr_perms; i++)
		if (sp->perms[i].id != domid)
			sp->perms[j++] = sp->perms[i];
	sp->nr_perms = j;
}

static void owned_visit(void *arg, const char *path, const struct xs_node *n,
			bool is_top)
{
	struct xs_permset sets[2] = { { n->perms, n->nr_perms } };
	unsigned int nr = 1;

	if (n->parent)
		sets[nr++] = (struct xs_permset){ n->parent->perms,
						  n->parent->nr_perms };
	xs_watch_fire(arg, path, !is_top, sets, nr);
}

/* Delete every node owned by domid (and its subtree), firing watches. */
static void remove_owned(struct xsd *d, struct xs_node *n, unsigned int domid)
{
	unsigned int i = 0;

	while (i < n->nr_child) {
		struct xs_node *c = n->child[i];

		if (c->perms[0].id == domid) {
			if (!xs_store_remove(&d->store, c, owned_visit, d))
				continue; /* the array shifted down */
		} else {
			remove_owned(d, c, domid);
		}
		i++;
	}
}

static void detach(struct xsd *d, struct xs_domain *dom)
{
	struct xs_backend *be = d->be;

	if (dom->conn) {
		/* The connection may be mid-request; free it at reap time. */
		xs_conn_reset(dom->conn);
		dom->conn->domain = NULL;
		dom->conn->ignored = true;
		dom->conn->dead = true;
		dom->conn->priv = NULL;
		dom->conn = NULL;
	}
	if (be && dom->port)
		be->ops->unbind(be, dom->port);
	if (be && dom->intf)
		be->ops->unmap(be, dom->domid, dom->intf);
	dom->port = 0;
	dom->intf = NULL;
}

int xs_domain_release(struct xsd *d, unsigned int domid)
{
	struct xs_domain **pd, *dom;
	unsigned int i;

	for (pd = &d->domains; (dom = *pd); pd = &dom->next)
		if (dom->domid == domid)
			break;
	if (!dom)
		return ENOENT;
	*pd = dom->next;
	detach(d, dom);
	if (!d->keep_orphans && domid != 0)
		remove_owned(d, d->store.root, domid);
	for (i = 0; i < XS_NR_SPECIAL; i++)
		strip_special(&d->special[i], domid);
	free(dom);
	xs_watch_fire_special(d, XS_SPECIAL_RELEASE);
	return 0;
}

/*
 * VIRQ_DOM_EXC: some domain changed state. Only reached on a real
 * hypervisor (the backend's state() asks it); a domain that shut down gets
 * one @releaseDomain until RESUME, a dying one is released.
 */
void xs_domain_check_all(struct xsd *d)
{
	struct xs_backend *be = d->be;
	struct xs_domain *dom, *next;
	bool exists, shutdown, dying, notify = false;

	if (!be || !be->ops->state)
		return;
	for (dom = d->domains; dom; dom = next) {
		next = dom->next;
		if (dom->domid == 0)
			continue;
		if (be->ops->state(be, dom->domid, &exists, &shutdown, &dying))
			continue;
		if (exists && shutdown && !dom->shutdown) {
			dom->shutdown = true;
			notify = true;
		}
		if (!exists || dying)
			xs_domain_release(d, dom->domid); /* fires the event */
	}
	if (notify)
		xs_watch_fire_special(d, XS_SPECIAL_RELEASE);
}

void xs_domain_destroy_all(struct xsd *d)
{
	struct xs_domain *dom;

	while ((dom = d->domains)) {
		d->domains = dom->next;
		detach(d, dom);
		free(dom);
	}
}
