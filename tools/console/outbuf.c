// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bounded output queue (a circular buffer that drops its oldest bytes when
 * full) and the per-domain flood limiter. Pure: no I/O, no clock reads.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

int outbuf_init(struct outbuf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	if (!cap)
		return -EINVAL;
	b->data = malloc(cap);
	if (!b->data)
		return -ENOMEM;
	b->cap = cap;
	return 0;
}

void outbuf_free(struct outbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void outbuf_consume(struct outbuf *b, size_t len)
{
	if (len > b->len)
		len = b->len;
	b->head = (b->head + len) % b->cap;
	b->len -= len;
	if (!b->len)
		b->head = 0;
}

size_t outbuf_push(struct outbuf *b, const void *data, size_t len)
{
	const char *p = data;
	size_t dropped = 0, tail, first;

	if (!b->cap)
		return len;
	if (len > b->cap) {
		/* Only the newest cap bytes can survive. */
		dropped = len - b->cap;
		p += dropped;
		len = b->cap;
	}
	if (b->len + len > b->cap) {
		size_t old = b->len + len - b->cap;

		outbuf_consume(b, old);
		dropped += old;
	}
	tail = (b->head + b->len) % b->cap;
	first = b->cap - tail;
	if (first > len)
		first = len;
	memcpy(b->data + tail, p, first);
	memcpy(b->data, p + first, len - first);
	b->len += len;
	b->dropped += dropped;
	return dropped;
}

const char *outbuf_peek(const struct outbuf *b, size_t *len)
{
	size_t run = b->cap - b->head;

	*len = b->len < run ? b->len : run;
	return b->len ? b->data + b->head : NULL;
}

void ratelimit_init(struct ratelimit *rl, uint32_t window_ms,
		    uint32_t max_bytes, uint32_t max_events)
{
	memset(rl, 0, sizeof(*rl));
	rl->window_ms = window_ms ? window_ms : 1;
	rl->max_bytes = max_bytes;
	rl->max_events = max_events;
}

/* Start a new window once the current one has passed (or the clock went
 * backwards, which a monotonic clock never does; be safe anyway). */
static void roll(struct ratelimit *rl, uint64_t now)
{
	if (now < rl->window_start || now - rl->window_start >= rl->window_ms) {
		rl->window_start = now;
		rl->bytes = 0;
		rl->events = 0;
	}
}

static bool over(const struct ratelimit *rl)
{
	return rl->bytes >= rl->max_bytes || rl->events > rl->max_events;
}

void ratelimit_event(struct ratelimit *rl, uint64_t now)
{
	bool was_over;

	roll(rl, now);
	was_over = over(rl);
	if (rl->events < UINT32_MAX)
		rl->events++;
	if (!was_over && over(rl))
		rl->throttles++;
}

uint32_t ratelimit_budget(struct ratelimit *rl, uint64_t now)
{
	roll(rl, now);
	return over(rl) ? 0 : rl->max_bytes - rl->bytes;
}

void ratelimit_charge(struct ratelimit *rl, uint64_t now, uint32_t bytes)
{
	bool was_over;

	roll(rl, now);
	was_over = over(rl);
	rl->bytes = bytes > UINT32_MAX - rl->bytes ? UINT32_MAX
						    : rl->bytes + bytes;
	if (!was_over && over(rl))
		rl->throttles++;
}

uint64_t ratelimit_wait(struct ratelimit *rl, uint64_t now)
{
	roll(rl, now);
	if (!over(rl))
		return 0;
	return rl->window_start + rl->window_ms - now;
}
