// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: random byte streams from one or two clients (dom0 or an
 * unprivileged domain) through the wire layer, the dispatcher and the store
 * engine. The first byte picks the setup; the rest is the stream, cut into
 * reads of varying size.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "core.h"
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
	fa.chunk = data[0] >> 2;
	w = xs_conn_new(&d, &ops, &fw, 10, &priv);
	a = xs_conn_new(&d, &ops, &fa, 11, (data[0] & 1) ? &guest : &priv);
	if (!w || !a)
		goto out;
	xs_conn_handle_input(w);
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
