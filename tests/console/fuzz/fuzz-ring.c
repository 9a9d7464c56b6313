// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the console back-end's pure core. The input is a
 * program: each step either lets the "guest" scribble on the shared page
 * (any index, any byte) or calls the daemon's copy routines, the output
 * queue, the limiter or the parsers, and the invariants the daemon relies
 * on are checked after every step. Buffers are sized exactly so that ASan
 * sees any access past them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

struct input {
	const uint8_t *p;
	size_t len;
};

static uint32_t take(struct input *in, unsigned int bytes)
{
	uint32_t v = 0;

	while (bytes-- && in->len) {
		v = (v << 8) | *in->p++;
		in->len--;
	}
	return v;
}

#define ASSERT(c)                                                          \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "invariant failed: %s (line %d)\n", \
				#c, __LINE__);                             \
			abort();                                           \
		}                                                          \
	} while (0)

static void check_string_ops(struct input *in)
{
	size_t n = take(in, 1) % 40, out_len = take(in, 1) % 70;
	char *s = malloc(n + 1), *out = malloc(out_len ? out_len : 1);
	uint64_t v;
	unsigned int u;
	char back[32];

	memcpy(s, in->p, n <= in->len ? n : in->len);
	if (n > in->len)
		memset(s + in->len, 'a', n - in->len);
	s[n] = '\0';
	in->p += n <= in->len ? n : in->len;
	in->len -= n <= in->len ? n : in->len;
	if (!parse_u64(s, &v)) {
		/* Accepted only in canonical decimal form. */
		snprintf(back, sizeof(back), "%" PRIu64, v);
		ASSERT(!strcmp(back, s));
	}
	if (!parse_domid(s, &u))
		ASSERT(u >= 1 && u < 0x7ff0);
	if (!parse_port(s, &u))
		ASSERT(u >= 1 && u <= 0x7fffffff);
	if (out_len) {
		sanitize_name(s, 42, out, out_len);
		ASSERT(strlen(out) < out_len);
		ASSERT(!strchr(out, '/'));
		ASSERT(out[0] != '.');
		ASSERT(out_len < 6 || out[0]);
	}
	free(s);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct xencons_interface *page = calloc(1, sizeof(*page));
	struct cring r;
	struct outbuf ob;
	struct ratelimit rl;
	uint64_t now = 0;
	bool broken;

	broken = cring_attach(&r, page) != 0;
	ASSERT(!broken);
	if (outbuf_init(&ob, 1 + take(&in, 2) % 5000))
		abort();
	ratelimit_init(&rl, take(&in, 1), 1 + take(&in, 2), 1 + take(&in, 1));

	while (in.len) {
		unsigned int op = take(&in, 1) % 12;
		uint32_t a = take(&in, 4);
		size_t len;
		char *buf;
		int rc;

		switch (op) {
		case 0: /* guest moves its output producer anywhere */
			page->out_prod = a;
			break;
		case 1: /* guest moves its input consumer anywhere */
			page->in_cons = a;
			break;
		case 2: /* guest overwrites our indices or ring bytes */
			((uint8_t *)page)[a % sizeof(*page)] = (uint8_t)take(&in, 1);
			break;
		case 3: /* guest produces n bytes honestly */
			page->out_prod += a % 64;
			break;
		case 4: /* daemon reads guest output */
			len = a % 5000;
			buf = malloc(len ? len : 1);
			rc = cring_read(&r, buf, len);
			if (broken)
				ASSERT(rc == -EPROTO);
			if (rc == -EPROTO) {
				broken = true;
			} else {
				ASSERT(rc >= 0 && (size_t)rc <= len &&
				       rc <= XENCONS_OUT_SIZE);
				ASSERT(page->out_cons == r.out_cons);
			}
			free(buf);
			break;
		case 5: /* daemon writes input */
			len = a % 3000;
			buf = calloc(1, len ? len : 1);
			rc = cring_write(&r, buf, len);
			if (broken)
				ASSERT(rc == -EPROTO);
			if (rc == -EPROTO) {
				broken = true;
			} else {
				ASSERT(rc >= 0 && (size_t)rc <= len &&
				       rc <= XENCONS_IN_SIZE);
				ASSERT(page->in_prod == r.in_prod);
				ASSERT((uint32_t)(r.in_prod - page->in_cons) <=
				       XENCONS_IN_SIZE);
			}
			free(buf);
			break;
		case 6: /* re-attach: the page's indices are judged afresh */
			broken = cring_attach(&r, page) != 0;
			break;
		case 7:
			ASSERT(cring_in_space(&r) <= XENCONS_IN_SIZE);
			if (broken)
				ASSERT(cring_in_space(&r) == 0);
			break;
		case 8: /* output queue */
			len = a % 7000;
			buf = calloc(1, len ? len : 1);
			outbuf_push(&ob, buf, len);
			free(buf);
			ASSERT(ob.len <= ob.cap && ob.head < ob.cap);
			break;
		case 9: {
			size_t plen;
			const char *p = outbuf_peek(&ob, &plen);

			ASSERT(plen <= ob.len && (plen == 0) == (p == NULL));
			if (p)
				ASSERT(p >= ob.data && p + plen <= ob.data + ob.cap);
			outbuf_consume(&ob, a % 6000);
			ASSERT(ob.len <= ob.cap && ob.head < ob.cap);
			break;
		}
		case 10: /* limiter; time mostly forwards, sometimes back */
			now = (a & 1) ? now + (a >> 20) : now - (now ? (a >> 28) : 0);
			ratelimit_event(&rl, now);
			ratelimit_charge(&rl, now, a >> 8);
			{
				uint32_t b = ratelimit_budget(&rl, now);
				uint64_t w = ratelimit_wait(&rl, now);

				ASSERT(b <= rl.max_bytes);
				ASSERT(w <= rl.window_ms);
				ASSERT((b == 0) == (w != 0) || b == 0);
			}
			break;
		case 11:
			check_string_ops(&in);
			break;
		}
	}
	outbuf_free(&ob);
	free(page);
	return 0;
}
