// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: random byte streams from one or two clients (dom0 or an
 * unprivileged domain) through the wire layer, the dispatcher and the store
 * engine. The first byte picks the setup; the rest is the stream, cut into
 * reads of varying size. With the top bit set the stream instead reaches a
 * guest's in-memory ring page, interleaved with hostile index updates.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "core.h"
#include "domain.h"
#include "ops.h"
#include "wire.h"

struct feed {
	const uint8_t *data;
	size_t len, off;
	size_t chunk;
};

static int f_read(struct xs_conn *c, void *buf, unsigned int len)
{
	struct feed *f = c->priv;
	size_t n = f->len - f->off;

	if (n > len)
		n = len;
	if (f->chunk && n > f->chunk)
		n = f->chunk;
	memcpy(buf, f->data + f->off, n);
	f->off += n;
	return (int)n;
}

static int f_write(struct xs_conn *c, const void *buf, unsigned int len)
{
	(void)c;
	(void)buf;
	return (int)len; /* replies are discarded */
}

static bool f_true(struct xs_conn *c)
{
	(void)c;
	return true;
}

static const struct xs_conn_ops ops = {
	.read = f_read, .write = f_write, .can_read = f_true,
	.can_write = f_true,
};


/* A backend whose one guest page lives in memory. */
static struct xenstore_domain_interface page;

static int b_map(struct xs_backend *be, unsigned int domid, uint64_t gfn,
		 struct xenstore_domain_interface **intf)
{
	(void)be;
	(void)gfn;
	if (domid != 1)
		return 2;
	*intf = &page;
	return 0;
}

static void b_unmap(struct xs_backend *be, unsigned int domid,
		    struct xenstore_domain_interface *intf)
{
	(void)be;
	(void)domid;
	(void)intf;
}

static int b_bind(struct xs_backend *be, unsigned int domid,
		  unsigned int remote, unsigned int *local)
{
	(void)be;
	(void)domid;
	*local = remote;
	return 0;
}

static void b_port(struct xs_backend *be, unsigned int port)
{
	(void)be;
	(void)port;
}

static const struct xs_backend_ops b_ops = {
	.map = b_map, .unmap = b_unmap, .bind = b_bind, .unbind = b_port,
	.notify = b_port,
};

/* Control byte 0xff: the next four bytes become req_prod; 0xfe: the next
 * four become rsp_cons; otherwise copy that many stream bytes in. */
static void ring_mode(struct xsd *d, struct xs_conn *w, const uint8_t *data,
		      size_t size)
{
	struct xs_backend be = { &b_ops, NULL };
	static const char intro[] = "1\0" "1\0" "5";
	struct xsd_sockmsg h = { XS_INTRODUCE, 1, 0, sizeof(intro) };
	struct xs_domain *dom;
	size_t off = 0;
	uint32_t v;
	int i;

	memset(&page, 0, sizeof(page));
	d->be = &be;
	xs_process(w, &h, intro);
	dom = xs_domain_find(d, 1);
	if (!dom || !dom->conn)
		goto out;
	while (off < size) {
		uint8_t c = data[off++];

		if (c >= 0xfe && off + 4 <= size) {
			memcpy(&v, data + off, 4);
			off += 4;
			if (c == 0xff)
				page.req_prod = v;
			else
				page.rsp_cons = v;
		} else {
			size_t n = c, room = XENSTORE_RING_SIZE -
					     (uint32_t)(page.req_prod -
							page.req_cons);

			if (room > XENSTORE_RING_SIZE)
				room = 0;
			if (n > size - off)
				n = size - off;
			if (n > room)
				n = room;
			for (size_t k = 0; k < n; k++)
				page.req[MASK_XENSTORE_IDX(page.req_prod +
							   (uint32_t)k)] =
					(char)data[off + k];
			page.req_prod += (uint32_t)n;
			off += n;
		}
		for (i = 0; i < 8 && !dom->conn->ignored; i++) {
			if (dom->conn->ops->can_read(dom->conn))
				xs_conn_handle_input(dom->conn);
			if (xs_conn_has_output(dom->conn) &&
			    dom->conn->ops->can_write(dom->conn))
				xs_conn_handle_output(dom->conn);
			page.rsp_cons = page.rsp_prod; /* guest reads all */
		}
		xs_conn_handle_output(w);
		if (dom->conn->ignored)
			break;
	}
out:
	xs_domain_destroy_all(d);
	d->be = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t setup[] = {
		/* dom0 watches everything, so every change fires events */
		4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, '/', 0, 't', 0,
	};
	struct feed fa = { 0 }, fw = { setup, sizeof(setup), 0, 0 };
	struct xs_caller priv = { 0, true, -1 }, guest = { 3, false, -1 };
	struct xs_conn *a, *w;
	struct xsd d;
	unsigned int i;

	if (size < 1)
		return 0;
	if (xsd_init(&d))
		return 0;
	d.quota.nodes = 40;
	d.quota.txn_nodes = 30;
	fa.data = data + 1;
	fa.len = size - 1;
	fa.chunk = (data[0] >> 2) & 0x1f;
	w = xs_conn_new(&d, &ops, &fw, 10, &priv);
	a = xs_conn_new(&d, &ops, &fa, 11, (data[0] & 1) ? &guest : &priv);
	if (!w || !a)
		goto out;
	xs_conn_handle_input(w);
	if (data[0] & 0x80) {
		ring_mode(&d, w, data + 1, size - 1);
		goto out;
	}
	if (data[0] & 2) {
		/* Give the guest a home it owns. */
		static const char mk[] = "/local/domain/3";
		struct xsd_sockmsg h = { XS_MKDIR, 1, 0, sizeof(mk) };

		xs_process(w, &h, mk);
	}
	for (i = 0; i < 100000 && fa.off < fa.len && !a->dead && !a->ignored;
	     i++) {
		if (xs_conn_handle_input(a) < 0)
			break;
		xs_conn_handle_output(a);
		xs_conn_handle_output(w);
	}
out:
	xsd_destroy(&d);
	return 0;
}
