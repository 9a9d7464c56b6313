// SPDX-License-Identifier: GPL-2.0-only
/* The bounded output queue and the flood limiter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ring.h"

/* Everything queued, in order, as one string. */
static void contents(const struct outbuf *b, char *out)
{
	struct outbuf copy = *b;
	size_t len;
	const char *p;

	out[0] = '\0';
	copy.data = b->data;
	while ((p = outbuf_peek(&copy, &len))) {
		strncat(out, p, len);
		outbuf_consume(&copy, len);
	}
}

static const struct {
	const char *name;
	size_t cap;
	const char *pushes[4];
	size_t consume_after_first;
	const char *expect;
	size_t dropped;
} rows[] = {
	{ "fits", 8, { "abc", "de" }, 0, "abcde", 0 },
	{ "exactly full", 5, { "abc", "de" }, 0, "abcde", 0 },
	{ "drops oldest", 5, { "abc", "defg" }, 0, "cdefg", 2 },
	{ "push larger than cap", 4, { "abcdefgh" }, 0, "efgh", 4 },
	{ "wraps", 6, { "abcd", "efgh" }, 3, "defgh", 0 },
	{ "wrap then drop", 6, { "abcd", "efgh", "ij" }, 3, "efghij", 1 },
	{ "cap one", 1, { "xyz", "q" }, 0, "q", 3 },
};

static void table(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct outbuf b;
		char got[64];
		size_t dropped = 0;

		CHECK_ROW(outbuf_init(&b, rows[i].cap) == 0, rows[i].name);
		for (j = 0; j < 4 && rows[i].pushes[j]; j++) {
			dropped += outbuf_push(&b, rows[i].pushes[j],
					       strlen(rows[i].pushes[j]));
			if (j == 0)
				outbuf_consume(&b, rows[i].consume_after_first);
		}
		contents(&b, got);
		CHECK_ROW(!strcmp(got, rows[i].expect), rows[i].name);
		CHECK_ROW(dropped == rows[i].dropped, rows[i].name);
		CHECK_ROW(b.dropped == rows[i].dropped, rows[i].name);
		CHECK_ROW(b.len <= b.cap, rows[i].name);
		outbuf_free(&b);
	}
}

static void edges(void)
{
	struct outbuf b;
	size_t len;

	CHECK(outbuf_init(&b, 0) != 0);
	CHECK(outbuf_init(&b, 4) == 0);
	CHECK(outbuf_peek(&b, &len) == NULL && len == 0);
	outbuf_consume(&b, 100); /* more than there is: harmless */
	CHECK(b.len == 0);
	outbuf_push(&b, "ab", 2);
	outbuf_consume(&b, 100);
	CHECK(b.len == 0 && b.head == 0);
	outbuf_free(&b);
}

/* Limiter: window 100 ms, 1000 bytes, 5 events. */
static void ratelimit_steps(void)
{
	struct ratelimit rl;
	int i;

	ratelimit_init(&rl, 100, 1000, 5);
	CHECK(ratelimit_budget(&rl, 1000) == 1000);
	ratelimit_charge(&rl, 1000, 999);
	CHECK(ratelimit_budget(&rl, 1010) == 1);
	CHECK(ratelimit_wait(&rl, 1010) == 0);
	ratelimit_charge(&rl, 1020, 1);
	CHECK(ratelimit_budget(&rl, 1020) == 0);
	CHECK(ratelimit_wait(&rl, 1020) == 80);
	CHECK(ratelimit_wait(&rl, 1099) == 1);
	CHECK(rl.throttles == 1);
	CHECK(ratelimit_wait(&rl, 1100) == 0);
	CHECK(ratelimit_budget(&rl, 1100) == 1000);

	/* Events: five are served, the sixth throttles. */
	for (i = 0; i < 5; i++)
		ratelimit_event(&rl, 2000);
	CHECK(ratelimit_budget(&rl, 2000) == 1000);
	ratelimit_event(&rl, 2001);
	CHECK(ratelimit_budget(&rl, 2001) == 0);
	CHECK(ratelimit_wait(&rl, 2050) == 50);
	CHECK(rl.throttles == 2);
	ratelimit_event(&rl, 2060); /* still the same episode */
	CHECK(rl.throttles == 2);

	/* A huge charge saturates instead of wrapping. */
	ratelimit_charge(&rl, 3000, 0xffffffffu);
	ratelimit_charge(&rl, 3000, 0xffffffffu);
	CHECK(ratelimit_budget(&rl, 3000) == 0);
	/* The clock going backwards starts a fresh window. */
	CHECK(ratelimit_budget(&rl, 10) == 1000);
	/* A zero window is made 1 ms rather than dividing by nothing. */
	ratelimit_init(&rl, 0, 10, 10);
	ratelimit_charge(&rl, 5, 10);
	CHECK(ratelimit_wait(&rl, 5) == 1);
}

void test_outbuf(void)
{
	table();
	edges();
}

void test_ratelimit(void)
{
	ratelimit_steps();
}
