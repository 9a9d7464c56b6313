/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit-test harness for xenstored: a check counter with a final
 * "N passed, N failed" line, and in-memory connections that feed raw bytes
 * to the daemon and collect what it sends back.
 */
#ifndef XS_TEST_HARNESS_H
#define XS_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "conn.h"
#include "core.h"

extern unsigned int t_passed, t_failed;

void t_check(bool ok, const char *file, int line, const char *what);
#define CHECK(cond) t_check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_STR(got, want)                                               \
	t_check_str((got), (want), __FILE__, __LINE__, #got)
void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *what);

struct msg {
	uint32_t type, req_id, tx_id, len;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

/* A fake transport: the test writes input bytes, reads output bytes. */
struct tconn {
	struct xs_conn *c;
	char *in;
	size_t in_len, in_off;
	char *out;
	size_t out_len, out_off;
	uint32_t next_req;
};

struct tconn *tconn_new(struct xsd *d, unsigned int domid, bool privileged);
void tconn_free(struct tconn *t);
/* Append raw bytes and let the daemon process everything it can. */
void tconn_raw(struct tconn *t, const void *data, size_t len);
/* Send one message and return the first reply that is not a watch event
 * (events stay queued for tconn_event()). */
struct msg tconn_call(struct tconn *t, uint32_t type, uint32_t tx,
		      const void *body, unsigned int len);
/* Next queued reply (not an event), if any. */
bool tconn_next(struct tconn *t, struct msg *m);
/* Next queued watch event as "path token", or NULL. */
const char *tconn_event(struct tconn *t);
/* Drop queued events. */
void tconn_drain(struct tconn *t);

/* Reply rendered for comparisons: body with NULs as '|', or "E:ENOENT". */
const char *show(const struct msg *m);

/* Payload helpers: S("a\0b") includes the final NUL, B("a\0b") does not. */
#define S(lit) (lit), (unsigned int)sizeof(lit)
#define B(lit) (lit), (unsigned int)(sizeof(lit) - 1)

/* Suites. */
void test_store(void);
void test_perms(void);
void test_wire(void);
void test_ops(void);
void test_txn(void);
void test_watch(void);
void test_quota(void);
void test_ring(void);

#endif /* XS_TEST_HARNESS_H */
