// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console ring copy against hostile indices: every index the guest
 * controls (out_prod, in_cons, and the shared copies of ours) set to values
 * that wrap, overflow, run backwards or lie, on a page allocated to its
 * exact size so that ASan reports any access outside it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ring.h"

static struct xencons_interface *new_page(void)
{
	struct xencons_interface *p = malloc(sizeof(*p));

	memset(p, 0, sizeof(*p));
	return p;
}

/* The guest's side: produce output and consume input, no checks. */
static void guest_out(struct xencons_interface *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p->out[(p->out_prod + i) & (XENCONS_OUT_SIZE - 1)] = s[i];
	p->out_prod += (uint32_t)n;
}

static size_t guest_in(struct xencons_interface *p, char *buf, size_t max)
{
	size_t n = 0;

	while (p->in_cons != p->in_prod && n < max)
		buf[n++] = p->in[p->in_cons++ & (XENCONS_IN_SIZE - 1)];
	return n;
}

/* Output side: indices found on the page, then one read. */
static const struct {
	const char *name;
	uint32_t cons, prod; /* as the guest left them */
	size_t want;
	int expect; /* bytes, or -EPROTO */
} out_rows[] = {
	{ "empty", 0, 0, 4096, 0 },
	{ "some", 0, 5, 4096, 5 },
	{ "limited by len", 0, 100, 10, 10 },
	{ "exactly full", 0, 2048, 4096, 2048 },
	{ "one past full", 0, 2049, 4096, -EPROTO },
	{ "prod behind cons", 10, 9, 4096, -EPROTO },
	{ "prod far ahead", 0, 0x80000000u, 4096, -EPROTO },
	{ "prod max", 0, 0xffffffffu, 4096, -EPROTO },
	{ "u32 wrap", 0xfffffffeu, 3, 4096, 5 },
	{ "u32 wrap full", 0xfffff800u, 0, 4096, 2048 },
	{ "u32 wrap over", 0xfffff7ffu, 0, 4096, -EPROTO },
	{ "crosses array end", 2040, 2060, 4096, 20 },
	{ "high indices", 0x7ffffff0u, 0x80000010u, 4096, 32 },
	{ "zero wanted", 0, 10, 0, 0 },
};

static void out_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(out_rows) / sizeof(out_rows[0]); i++) {
		struct xencons_interface *p = new_page();
		struct cring r;
		char buf[4096];
		int rc, att;
		uint32_t k;

		/* Recognisable bytes: position k holds k & 0xff. */
		for (k = 0; k < XENCONS_OUT_SIZE; k++)
			p->out[k] = (char)(k * 7 + 1);
		p->out_cons = out_rows[i].cons;
		p->out_prod = out_rows[i].prod;
		att = cring_attach(&r, p);
		rc = cring_read(&r, buf, out_rows[i].want);
		CHECK_ROW(rc == out_rows[i].expect, out_rows[i].name);
		CHECK_ROW((att == -EPROTO) == (out_rows[i].expect == -EPROTO),
			  out_rows[i].name);
		if (rc > 0) {
			int j, bad = 0;

			for (j = 0; j < rc; j++)
				if (buf[j] != (char)(((out_rows[i].cons + (uint32_t)j) &
						      (XENCONS_OUT_SIZE - 1)) * 7 + 1))
					bad++;
			CHECK_ROW(!bad, out_rows[i].name);
			CHECK_ROW(p->out_cons == out_rows[i].cons + (uint32_t)rc,
				  out_rows[i].name);
		}
		if (rc < 0) {
			/* Broken stays broken, even once the guest repairs. */
			p->out_prod = p->out_cons;
			CHECK_ROW(cring_read(&r, buf, 10) == -EPROTO,
				  out_rows[i].name);
			CHECK_ROW(cring_write(&r, "x", 1) == -EPROTO,
				  out_rows[i].name);
			CHECK_ROW(cring_in_space(&r) == 0, out_rows[i].name);
		}
		free(p);
	}
}

/* Input side: guest's in_cons and the in_prod found at attach. */
static const struct {
	const char *name;
	uint32_t cons, prod;
	size_t len;
	int expect;
} in_rows[] = {
	{ "empty ring", 0, 0, 10, 10 },
	{ "fills exactly", 0, 0, 1024, 1024 },
	{ "more than fits", 0, 0, 3000, 1024 },
	{ "partly full", 0, 1000, 100, 24 },
	{ "full", 0, 1024, 10, 0 },
	{ "cons ahead of prod", 5, 0, 10, -EPROTO },
	{ "cons far behind", 0, 1025, 10, -EPROTO },
	{ "u32 wrap", 0xfffffff0u, 0xfffffff0u, 100, 100 },
	{ "wrap partly full", 0xfffffe00u, 0x100u, 1000, 256 },
};

static void in_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(in_rows) / sizeof(in_rows[0]); i++) {
		struct xencons_interface *p = new_page();
		struct cring r;
		char data[3000], got[1024];
		size_t j, n;
		int rc;

		for (j = 0; j < sizeof(data); j++)
			data[j] = (char)(j * 13 + 5);
		p->in_cons = in_rows[i].cons;
		p->in_prod = in_rows[i].prod;
		cring_attach(&r, p);
		rc = cring_write(&r, data, in_rows[i].len);
		CHECK_ROW(rc == in_rows[i].expect, in_rows[i].name);
		if (rc > 0) {
			CHECK_ROW(p->in_prod == in_rows[i].prod + (uint32_t)rc,
				  in_rows[i].name);
			/* The guest consumes what was there, then ours. */
			p->in_cons = in_rows[i].prod;
			n = guest_in(p, got, sizeof(got));
			CHECK_ROW(n == (size_t)rc && !memcmp(got, data, n),
				  in_rows[i].name);
		}
		free(p);
	}
}

/*
 * The same hostile values arriving after a clean attach: the checks in the
 * copy routines themselves, not only those at attach time.
 */
static const struct {
	const char *name;
	uint32_t start;	 /* both indices at attach */
	uint32_t delta;	 /* the guest then moves its index by this */
	int out_expect;	 /* read after out_prod += delta */
	int in_expect;	 /* write of 10 after in_cons = start - delta */
} live_rows[] = {
	{ "sane", 0, 7, 7, 10 },
	{ "full", 100, 2048, 2048, -EPROTO },
	{ "one past", 100, 2049, -EPROTO, -EPROTO },
	{ "backwards", 100, 0xffffffffu, -EPROTO, -EPROTO },
	{ "half the space", 0xfffffff0u, 0x80000000u, -EPROTO, -EPROTO },
	{ "in ring limit", 5, 1024, 1024, 0 },
	{ "in ring one past", 5, 1025, 1025, -EPROTO },
};

static void live_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(live_rows) / sizeof(live_rows[0]); i++) {
		struct xencons_interface *p = new_page();
		struct cring r;
		char buf[4096];

		p->out_cons = p->out_prod = live_rows[i].start;
		p->in_cons = p->in_prod = live_rows[i].start;
		CHECK_ROW(cring_attach(&r, p) == 0, live_rows[i].name);
		p->out_prod += live_rows[i].delta;
		CHECK_ROW(cring_read(&r, buf, sizeof(buf)) ==
				  live_rows[i].out_expect,
			  live_rows[i].name);
		/* A fresh attach for the input side. */
		p->out_cons = p->out_prod = 0;
		p->in_cons = p->in_prod = live_rows[i].start;
		CHECK_ROW(cring_attach(&r, p) == 0, live_rows[i].name);
		p->in_cons = live_rows[i].start - live_rows[i].delta;
		CHECK_ROW(cring_write(&r, "0123456789", 10) ==
				  live_rows[i].in_expect,
			  live_rows[i].name);
		free(p);
	}
}

/* The guest overwrites the indices that are ours: we ignore them. */
static void lying_about_our_indices(void)
{
	struct xencons_interface *p = new_page();
	struct cring r;
	char buf[64];

	guest_out(p, "hello", 5);
	CHECK(cring_attach(&r, p) == 0);
	CHECK(cring_read(&r, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5));
	/* Rewind our consumer index on the page: no replay. */
	p->out_cons = 0;
	CHECK(cring_read(&r, buf, sizeof(buf)) == 0);
	guest_out(p, "abc", 3);
	p->out_cons = 0xdeadbeef;
	CHECK(cring_read(&r, buf, sizeof(buf)) == 3 && !memcmp(buf, "abc", 3));
	CHECK(p->out_cons == 8); /* rewritten with the truth */
	/* The same for in_prod. */
	CHECK(cring_write(&r, "xy", 2) == 2);
	p->in_prod = 1000;
	CHECK(cring_write(&r, "z", 1) == 1);
	CHECK(p->in_prod == 3);
	free(p);
}

/* A long stream through both rings, with the u32 wrap in the middle. */
static void stream(void)
{
	struct xencons_interface *p = new_page();
	struct cring r;
	char src[700], buf[4096], in[1024];
	uint32_t sent = 0, recvd = 0, round;
	int bad = 0;

	p->out_prod = p->out_cons = 0xffff0000u;
	p->in_prod = p->in_cons = 0xffffff00u;
	CHECK(cring_attach(&r, p) == 0);
	for (round = 0; round < 500; round++) {
		size_t n = (round * 37) % sizeof(src) + 1, k, room;
		int got;

		room = XENCONS_OUT_SIZE - (p->out_prod - r.out_cons);
		if (n > room)
			n = room;
		for (k = 0; k < n; k++)
			src[k] = (char)(sent + k);
		guest_out(p, src, n);
		sent += (uint32_t)n;
		got = cring_read(&r, buf, (round * 53) % 3000 + 1);
		if (got < 0) {
			bad++;
			break;
		}
		for (k = 0; k < (size_t)got; k++)
			if (buf[k] != (char)(recvd + k))
				bad++;
		recvd += (uint32_t)got;
		/* Input: write some, let the guest eat some. */
		got = cring_write(&r, src, n);
		if (got < 0)
			bad++;
		guest_in(p, in, (round * 11) % 700);
	}
	CHECK(!bad);
	CHECK(p->out_prod - r.out_cons <= XENCONS_OUT_SIZE);
	CHECK(!r.broken);
	free(p);
}

void test_ring(void)
{
	out_table();
	in_table();
	live_table();
	lying_about_our_indices();
	stream();
}
