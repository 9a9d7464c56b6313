// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wire layer: framing, argument splitting, error names, and the daemon's
 * handling of malformed and hostile messages.
 */
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "wire.h"

static void test_framing(void)
{
	struct xs_wire_in *in = malloc(sizeof(*in));
	struct xsd_sockmsg h = { XS_READ, 7, 0, 3 };
	char buf[64];
	enum xs_wire_state st;
	size_t used;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "/a", 3);
	xs_wire_reset(in);
	/* Byte by byte, then the rest. */
	used = xs_wire_feed(in, buf, 5, &st);
	CHECK(used == 5 && st == XS_WIRE_MORE);
	used = xs_wire_feed(in, buf + 5, sizeof(h) + 3 - 5, &st);
	CHECK(st == XS_WIRE_READY && used == sizeof(h) + 3 - 5);
	CHECK(in->hdr.req_id == 7 && !strcmp(in->body, "/a"));

	/* Two messages in one buffer stop at the boundary. */
	memcpy(buf + sizeof(h) + 3, buf, sizeof(h) + 3);
	xs_wire_reset(in);
	used = xs_wire_feed(in, buf, 2 * (sizeof(h) + 3), &st);
	CHECK(st == XS_WIRE_READY && used == sizeof(h) + 3);

	/* Zero-length body completes with the header. */
	h.len = 0;
	xs_wire_reset(in);
	used = xs_wire_feed(in, &h, sizeof(h), &st);
	CHECK(st == XS_WIRE_READY && in->body[0] == '\0');

	/* Over the limit is refused before any body byte is read. */
	h.len = XENSTORE_PAYLOAD_MAX + 1;
	xs_wire_reset(in);
	xs_wire_feed(in, &h, sizeof(h), &st);
	CHECK(st == XS_WIRE_BAD);
	h.len = XENSTORE_PAYLOAD_MAX;
	xs_wire_reset(in);
	xs_wire_feed(in, &h, sizeof(h), &st);
	CHECK(st == XS_WIRE_MORE);
	free(in);
}

static void test_args(void)
{
	const char *v[3];

	CHECK(xs_wire_args("a\0bc\0", 5, v, 3) == 2);
	CHECK(!strcmp(v[0], "a") && !strcmp(v[1], "bc"));
	CHECK(xs_wire_args("a\0bc", 4, v, 3) == 1); /* tail without NUL */
	CHECK(xs_wire_args("", 0, v, 3) == 0);
	CHECK(xs_wire_args("\0\0\0\0", 4, v, 3) == 4);
	CHECK(xs_wire_onearg("/a", 3) != NULL);
	CHECK(xs_wire_onearg("/a", 2) == NULL);
	CHECK(xs_wire_onearg("/a\0b", 5) == NULL);
	CHECK(xs_wire_onearg("", 0) == NULL);

	CHECK_STR(xs_errno_name(ENOENT), "ENOENT");
	CHECK_STR(xs_errno_name(E2BIG), "E2BIG");
	CHECK_STR(xs_errno_name(EPERM), "EPERM");
	CHECK_STR(xs_errno_name(12345), "EINVAL");
	CHECK(xs_errno_from_name("EAGAIN") == EAGAIN);
	CHECK(xs_errno_from_name("EQUOTA") == EINVAL);
}

static void test_hostile(void)
{
	struct xsd d;
	struct tconn *a, *b;
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	struct msg m;

	xsd_init(&d);
	a = tconn_new(&d, 0, true);
	b = tconn_new(&d, 0, true);

	/* Unknown and reply-only types: ENOSYS, as Xen. */
	m = tconn_call(a, 20, 0, S("/"));
	CHECK_STR(show(&m), "E:ENOSYS");
	m = tconn_call(a, 999, 0, S("/"));
	CHECK_STR(show(&m), "E:ENOSYS");
	m = tconn_call(a, XS_ERROR, 0, S("/"));
	CHECK_STR(show(&m), "E:ENOSYS");
	m = tconn_call(a, XS_WATCH_EVENT, 0, S("/"));
	CHECK_STR(show(&m), "E:ENOSYS");
	/* Missing NUL, extra strings, empty payloads: EINVAL. */
	m = tconn_call(a, XS_READ, 0, B("/tool"));
	CHECK_STR(show(&m), "E:EINVAL");
	m = tconn_call(a, XS_READ, 0, S("/tool\0/tool"));
	CHECK_STR(show(&m), "E:EINVAL");
	m = tconn_call(a, XS_DIRECTORY, 0, NULL, 0);
	CHECK_STR(show(&m), "E:EINVAL");
	m = tconn_call(a, XS_WRITE, 0, B("novalue"));
	CHECK_STR(show(&m), "E:EINVAL");
	m = tconn_call(a, XS_READ, 0, S("/bad path"));
	CHECK_STR(show(&m), "E:EINVAL");
	m = tconn_call(a, XS_READ, 0, S("/a//b"));
	CHECK_STR(show(&m), "E:EINVAL");
	m = tconn_call(a, XS_WATCH, 0, S("/a\0tok\0extra"));
	CHECK_STR(show(&m), "E:EINVAL");
	/* Unknown transaction. */
	m = tconn_call(a, XS_READ, 77, S("/tool"));
	CHECK_STR(show(&m), "E:ENOENT");
	/* Still serving after all that. */
	m = tconn_call(a, XS_READ, 0, S("/tool"));
	CHECK_STR(show(&m), "");

	/* An oversized header kills only that connection. */
	tconn_raw(a, &h, sizeof(h));
	CHECK(a->c->dead || a->c->ignored);
	m = tconn_call(b, XS_DIRECTORY, 0, S("/"));
	CHECK_STR(show(&m), "tool|");
	/* A message split across many reads. */
	{
		char buf[64];
		struct xsd_sockmsg r = { XS_READ, 42, 0, 6 };
		size_t i;

		memcpy(buf, &r, sizeof(r));
		memcpy(buf + sizeof(r), "/tool", 6);
		for (i = 0; i < sizeof(r) + 6; i++)
			tconn_raw(b, buf + i, 1);
		CHECK(tconn_next(b, &m));
		CHECK(m.type == XS_READ && m.req_id == 42 && m.len == 0);
	}
	xsd_reap(&d);
	a->c = NULL; /* reaped with the daemon's connections */
	tconn_free(b);
	tconn_free(a);
	xsd_destroy(&d);
}

void test_wire(void)
{
	test_framing();
	test_args();
	test_hostile();
}
