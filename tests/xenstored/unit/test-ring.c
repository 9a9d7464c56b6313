// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest ring protocol on an in-memory page, hostile indices, and a
 * whole INTRODUCE / request / RELEASE cycle over a fake backend.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain.h"
#include "harness.h"
#include "ring.h"

struct fake_be {
	struct xs_backend be;
	struct xenstore_domain_interface page[4];
	bool mapped[4];
	unsigned int notifies, bound, unbound;
};

static struct fake_be *fb(struct xs_backend *be)
{
	return (struct fake_be *)be;
}

static int f_map(struct xs_backend *be, unsigned int domid, uint64_t gfn,
		 struct xenstore_domain_interface **intf)
{
	(void)gfn;
	if (domid >= 4)
		return ENOENT;
	fb(be)->mapped[domid] = true;
	*intf = &fb(be)->page[domid];
	return 0;
}

static void f_unmap(struct xs_backend *be, unsigned int domid,
		    struct xenstore_domain_interface *intf)
{
	(void)intf;
	fb(be)->mapped[domid] = false;
}

static int f_bind(struct xs_backend *be, unsigned int domid,
		  unsigned int remote, unsigned int *local)
{
	(void)domid;
	fb(be)->bound++;
	*local = 100 + remote;
	return 0;
}

static void f_unbind(struct xs_backend *be, unsigned int local)
{
	(void)local;
	fb(be)->unbound++;
}

static void f_notify(struct xs_backend *be, unsigned int local)
{
	(void)local;
	fb(be)->notifies++;
}

static const struct xs_backend_ops fake_ops = {
	.map = f_map, .unmap = f_unmap, .bind = f_bind,
	.unbind = f_unbind, .notify = f_notify,
};

/* Guest side: put bytes on the request ring (no checks: tests only). */
static void guest_put(struct xenstore_domain_interface *p, const void *data,
		      unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p->req[MASK_XENSTORE_IDX(p->req_prod + i)] =
			((const char *)data)[i];
	p->req_prod += len;
}

static void guest_request(struct xenstore_domain_interface *p, uint32_t type,
			  uint32_t req_id, const void *body, unsigned int len)
{
	struct xsd_sockmsg h = { type, req_id, 0, len };

	guest_put(p, &h, sizeof(h));
	guest_put(p, body, len);
}

/* Guest side: take one response message off the ring. */
static bool guest_get(struct xenstore_domain_interface *p, struct msg *m)
{
	struct xsd_sockmsg h;
	unsigned int i, avail = p->rsp_prod - p->rsp_cons;
	char *raw = (char *)&h;

	if (avail < sizeof(h))
		return false;
	for (i = 0; i < sizeof(h); i++)
		raw[i] = p->rsp[MASK_XENSTORE_IDX(p->rsp_cons + i)];
	if (avail < sizeof(h) + h.len)
		return false;
	for (i = 0; i < h.len; i++)
		m->body[i] = p->rsp[MASK_XENSTORE_IDX(p->rsp_cons +
						      sizeof(h) + i)];
	m->body[h.len] = '\0';
	m->type = h.type;
	m->req_id = h.req_id;
	m->tx_id = h.tx_id;
	m->len = h.len;
	p->rsp_cons += (unsigned int)sizeof(h) + h.len;
	return true;
}

static void pump(struct xs_conn *c)
{
	int i;

	for (i = 0; i < 16 && !c->ignored; i++) {
		if (c->ops->can_read(c))
			xs_conn_handle_input(c);
		if (xs_conn_has_output(c) && c->ops->can_write(c))
			xs_conn_handle_output(c);
	}
}

static void test_primitives(void)
{
	struct xenstore_domain_interface *p = calloc(1, sizeof(*p));
	char buf[2048], out[2048];
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)i;
	/* Wrap-around: start near the end of the index space. */
	p->req_cons = p->req_prod = 0xfffffe00u;
	guest_put(p, buf, 1000);
	CHECK(xs_ring_can_read(p));
	CHECK(xs_ring_read(p, out, 300) == 300);
	CHECK(xs_ring_read(p, out + 300, 2000) == 700);
	CHECK(!memcmp(out, buf, 1000));
	CHECK(!xs_ring_can_read(p));
	CHECK(xs_ring_read(p, out, 10) == 0);
	/* A full ring is 1024 bytes exactly; one more is a lie. */
	p->req_prod = p->req_cons + XENSTORE_RING_SIZE;
	CHECK(xs_ring_read(p, out, 2048) == XENSTORE_RING_SIZE);
	p->req_prod = p->req_cons + XENSTORE_RING_SIZE + 1;
	CHECK(xs_ring_read(p, out, 1) == -1);
	p->req_prod = p->req_cons - 1; /* producer behind consumer */
	CHECK(xs_ring_read(p, out, 1) == -1);
	CHECK(!xs_ring_indices_ok(p));

	/* Responses: never more than the free space. */
	p->rsp_cons = p->rsp_prod = 1020;
	CHECK(xs_ring_write(p, buf, 2000) == XENSTORE_RING_SIZE);
	CHECK(!xs_ring_can_write(p));
	CHECK(xs_ring_write(p, buf, 1) == 0);
	p->rsp_cons += 10;
	CHECK(xs_ring_write(p, buf, 100) == 10);
	p->rsp_cons = p->rsp_prod + 5; /* consumer ahead of producer */
	CHECK(xs_ring_write(p, buf, 1) == -1);
	free(p);
}

static void test_domain(void)
{
	struct fake_be *be = calloc(1, sizeof(*be));
	struct xenstore_domain_interface *p1 = &be->page[1];
	struct xsd d;
	struct tconn *t;
	struct xs_domain *dom;
	struct msg m;
	char big[3001];

	be->be.ops = &fake_ops;
	xsd_init(&d);
	d.be = &be->be;
	t = tconn_new(&d, 0, true);
	CHECK_STR(show(&(struct msg){ 0 }), "");

	m = tconn_call(t, XS_WATCH, 0, S("@introduceDomain\0i"));
	tconn_drain(t);
	m = tconn_call(t, XS_INTRODUCE, 0, S("1\0" "4096\0" "7"));
	CHECK_STR(show(&m), "OK|");
	CHECK_STR(tconn_event(t), "@introduceDomain i");
	dom = xs_domain_find(&d, 1);
	CHECK(dom && dom->conn && dom->port == 107 && be->mapped[1]);
	CHECK(p1->server_features & XENSTORE_SERVER_FEATURE_ERROR);
	m = tconn_call(t, XS_WRITE, 0, B("/local/domain/1/name\0guest"));
	m = tconn_call(t, XS_SET_PERMS, 0, S("/local/domain/1\0n1"));
	m = tconn_call(t, XS_SET_PERMS, 0, S("/local/domain/1/name\0n1"));

	/* The guest reads a relative path through its ring. */
	guest_request(p1, XS_READ, 11, S("name"));
	pump(dom->conn);
	CHECK(guest_get(p1, &m));
	CHECK(m.type == XS_READ && m.req_id == 11);
	CHECK_STR(m.body, "guest");
	CHECK(be->notifies > 0);
	/* Two requests at once, one split across the ring's end. */
	guest_request(p1, XS_WRITE, 12, B("data\0abc"));
	guest_request(p1, XS_DIRECTORY, 13, S("/tool"));
	pump(dom->conn);
	CHECK(guest_get(p1, &m) && m.req_id == 12 && m.type == XS_WRITE);
	CHECK(guest_get(p1, &m) && m.req_id == 13 && m.type == XS_ERROR);
	CHECK_STR(m.body, "EACCES");
	/* A reply larger than the ring goes out as the guest consumes. */
	memset(big, 'b', sizeof(big));
	memcpy(big, "/local/domain/1/big", 20);
	m = tconn_call(t, XS_WRITE, 0, big, sizeof(big));
	guest_request(p1, XS_READ, 14, S("big"));
	pump(dom->conn);
	CHECK(!guest_get(p1, &m));
	{
		/* Guest drains whatever is there, repeatedly. */
		char acc[4096];
		unsigned int got = 0, i, n;

		while (got < 16 + 2981) {
			n = p1->rsp_prod - p1->rsp_cons;
			for (i = 0; i < n && got < sizeof(acc); i++)
				acc[got++] = p1->rsp[MASK_XENSTORE_IDX(
					p1->rsp_cons + i)];
			p1->rsp_cons += n;
			if (!n)
				pump(dom->conn);
			if (!n && p1->rsp_prod == p1->rsp_cons)
				break;
		}
		CHECK(got == 16 + 2981);
		CHECK(acc[16] == 'b' && acc[16 + 2980] == 'b');
	}

	/* Re-INTRODUCE resets the ring but keeps the domain. */
	m = tconn_call(t, XS_INTRODUCE, 0, S("1\0" "4096\0" "8"));
	CHECK_STR(show(&m), "OK|");
	CHECK(dom->port == 108 && p1->req_prod == 0 && p1->rsp_prod == 0);
	CHECK(tconn_event(t) == NULL);

	/* A hostile producer index: connection ignored, error reported. */
	p1->req_prod = p1->req_cons + 5000;
	CHECK(xs_conn_handle_input(dom->conn) < 0);
	CHECK(dom->conn->ignored);
	CHECK(p1->error == XENSTORE_ERROR_RINGIDX);
	/* Others are still served. */
	m = tconn_call(t, XS_READ, 0, S("/local/domain/1/name"));
	CHECK_STR(show(&m), "guest");

	/* An oversized message from another guest. */
	m = tconn_call(t, XS_INTRODUCE, 0, S("2\0" "1\0" "9"));
	{
		struct xs_domain *d2 = xs_domain_find(&d, 2);
		struct xsd_sockmsg h = { XS_READ, 1, 0, 5000 };

		guest_put(&be->page[2], &h, sizeof(h));
		pump(d2->conn);
		CHECK(d2->conn->ignored);
		CHECK(be->page[2].error == XENSTORE_ERROR_PROTO);
	}

	/* RELEASE: unbind, unmap, the domain's nodes go, event fires. */
	m = tconn_call(t, XS_WATCH, 0, S("@releaseDomain\0r"));
	m = tconn_call(t, XS_WATCH, 0, S("/local/domain/1\0gone"));
	tconn_drain(t);
	m = tconn_call(t, XS_RELEASE, 0, S("1"));
	CHECK_STR(show(&m), "OK|");
	CHECK(!be->mapped[1] && be->unbound >= 2);
	CHECK(xs_domain_find(&d, 1) == NULL);
	m = tconn_call(t, XS_READ, 0, S("/local/domain/1/name"));
	CHECK_STR(show(&m), "E:ENOENT");
	CHECK(xs_acct_nodes(&d.acct, 1) == 0);
	{
		const char *e;
		bool saw_release = false, saw_path = false;

		while ((e = tconn_event(t))) {
			saw_release |= !strcmp(e, "@releaseDomain r");
			saw_path |= !strcmp(e, "/local/domain/1 gone");
		}
		CHECK(saw_release && saw_path);
	}
	m = tconn_call(t, XS_RELEASE, 0, S("1"));
	CHECK_STR(show(&m), "E:ENOENT");
	/* Mapping failures come back as errors. */
	m = tconn_call(t, XS_INTRODUCE, 0, S("7\0" "1\0" "9"));
	CHECK_STR(show(&m), "E:ENOENT");
	xsd_reap(&d);

	tconn_free(t);
	xsd_destroy(&d);
	free(be);
}

/* The hypervisor knows domain 4 (being built, not introduced), not 3. */
static int f_state(struct xs_backend *be, unsigned int domid, bool *exists,
		   bool *shutdown, bool *dying)
{
	(void)be;
	*exists = domid == 4;
	*shutdown = *dying = false;
	return 0;
}

static const struct xs_backend_ops state_ops = { .state = f_state };

/* A node's owner must be a domain that exists (ENOENT), as Xen 4.17. */
static void test_owner_exists(void)
{
	struct xs_backend be = { .ops = &state_ops };
	struct xsd d;
	struct tconn *t;
	struct msg m;

	xsd_init(&d);
	d.be = &be;
	t = tconn_new(&d, 0, true);

	m = tconn_call(t, XS_WRITE, 0, B("/vm/a\0x"));
	CHECK_STR(show(&m), "OK|");
	m = tconn_call(t, XS_SET_PERMS, 0, S("/vm/a\0n3\0r0"));
	CHECK_STR(show(&m), "E:ENOENT");
	m = tconn_call(t, XS_GET_PERMS, 0, S("/vm/a"));
	CHECK_STR(show(&m), "n0|");
	m = tconn_call(t, XS_SET_PERMS, 0, S("/vm/a\0n4\0r3"));
	CHECK_STR(show(&m), "OK|");
	m = tconn_call(t, XS_GET_PERMS, 0, S("/vm/a"));
	CHECK_STR(show(&m), "n4|r3|");
	tconn_free(t);
	xsd_destroy(&d);
}

void test_ring(void)
{
	test_primitives();
	test_domain();
	test_owner_exists();
}
