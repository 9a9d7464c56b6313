/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pure core of the console back-end: the guest's console ring page and
 * the copy routines that move bytes off and onto it, a bounded output queue,
 * the flood limiter and the parsers for xenstore values. No I/O here, so the
 * unit tests and the fuzzer exercise exactly what the daemon runs.
 */
#ifndef CONSOLE_RING_H
#define CONSOLE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The page a PV guest shares with its console back-end (Xen's
 * io/console.h layout). The guest produces into out[] and consumes from
 * in[]; the back-end does the reverse. Indices are free-running u32s masked
 * with the size of their array, so (prod - cons) is the fill level and can
 * never legitimately exceed that size.
 */
#define XENCONS_IN_SIZE	 1024
#define XENCONS_OUT_SIZE 2048
typedef uint32_t XENCONS_RING_IDX;

struct xencons_interface {
	char in[XENCONS_IN_SIZE];   /* @0    back-end -> guest */
	char out[XENCONS_OUT_SIZE]; /* @1024 guest -> back-end */
	XENCONS_RING_IDX in_cons;   /* @3072 written by the guest */
	XENCONS_RING_IDX in_prod;   /* @3076 written by the back-end */
	XENCONS_RING_IDX out_cons;  /* @3080 written by the back-end */
	XENCONS_RING_IDX out_prod;  /* @3084 written by the guest */
};

/* Grant reference the domain builder reserves for the console page. */
#define GNTTAB_RESERVED_CONSOLE 0

/*
 * Our side of one ring. The guest can write anything into the shared page
 * at any time, including our own indices, so the indices we own (out_cons,
 * in_prod) are kept here and only ever *written* to the page; the guest's
 * indices are read exactly once per operation. A fill level above the
 * array size means the guest is broken or hostile: the ring is marked
 * broken and every later call fails, so the caller stops serving it.
 */
struct cring {
	struct xencons_interface *intf;
	XENCONS_RING_IDX out_cons;
	XENCONS_RING_IDX in_prod;
	bool broken;
};

/*
 * Start serving a page: adopt the indices found there (the guest may have
 * produced output before we connected). Returns 0, or -EPROTO when the
 * page's indices are already inconsistent (the ring is then broken).
 */
int cring_attach(struct cring *r, struct xencons_interface *intf);

/* Copy up to len bytes of guest output into buf. Returns the count (0 when
 * the ring is empty), or -EPROTO for a broken ring. */
int cring_read(struct cring *r, void *buf, size_t len);

/* Copy up to len bytes of input for the guest onto the ring. Returns the
 * count (0 when the ring is full), or -EPROTO for a broken ring. */
int cring_write(struct cring *r, const void *buf, size_t len);

/* Free space on the input ring now (0 when full or broken). */
size_t cring_in_space(struct cring *r);

/*
 * A bounded byte queue for output that the pty cannot take yet. When it
 * would overflow, the oldest bytes are dropped: a console shows the newest
 * output, and a guest can never make dom0 buffer without bound.
 */
struct outbuf {
	char *data;
	size_t cap, head, len;
	uint64_t dropped; /* bytes discarded since creation */
};

int outbuf_init(struct outbuf *b, size_t cap); /* -ENOMEM or 0 */
void outbuf_free(struct outbuf *b);
/* Append; returns how many older bytes were dropped to make room. */
size_t outbuf_push(struct outbuf *b, const void *data, size_t len);
/* The longest contiguous run at the head (len 0 when empty). */
const char *outbuf_peek(const struct outbuf *b, size_t *len);
void outbuf_consume(struct outbuf *b, size_t len);

/*
 * The flood limiter: per window of window_ms, at most max_bytes of output
 * and max_events wake-ups. Once over either, the domain is throttled until
 * the window ends: the daemon leaves its ring alone and keeps its event
 * channel masked, so a flooding guest costs dom0 nothing while it waits.
 */
struct ratelimit {
	uint64_t window_start; /* ms */
	uint32_t window_ms, max_bytes, max_events;
	uint32_t bytes, events;
	uint64_t throttles; /* windows that hit the limit */
};

void ratelimit_init(struct ratelimit *rl, uint32_t window_ms,
		    uint32_t max_bytes, uint32_t max_events);
/* Record one wake-up at now_ms. */
void ratelimit_event(struct ratelimit *rl, uint64_t now_ms);
/* Bytes that may still be taken in the current window (0 when throttled). */
uint32_t ratelimit_budget(struct ratelimit *rl, uint64_t now_ms);
/* Record bytes taken. */
void ratelimit_charge(struct ratelimit *rl, uint64_t now_ms, uint32_t bytes);
/* Milliseconds until the domain may be served again (0: now). */
uint64_t ratelimit_wait(struct ratelimit *rl, uint64_t now_ms);

/*
 * Values read from xenstore (written by the toolstack, but a guest may own
 * nodes near them, so they are parsed strictly). Return 0 or -EINVAL.
 */
int parse_domid(const char *s, unsigned int *domid);	 /* 1..0x7fef */
int parse_u64(const char *s, uint64_t *v);		 /* decimal */
int parse_port(const char *s, unsigned int *port);	 /* 1..2^31-1 */

/*
 * A domain name made safe for a file name: [A-Za-z0-9._+-] kept, anything
 * else becomes '_', no leading '.', at most out_len - 1 bytes; an empty or
 * missing name gives "dom<domid>".
 */
void sanitize_name(const char *name, unsigned int domid, char *out,
		   size_t out_len);

#endif /* CONSOLE_RING_H */
