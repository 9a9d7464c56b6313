// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transactions: isolation, commit, abort, conflicts (EAGAIN), and watch
 * events only on commit.
 */
#include <stdlib.h>

#include "harness.h"

static uint32_t start(struct tconn *t)
{
	struct msg m = tconn_call(t, XS_TRANSACTION_START, 0, S(""));

	CHECK(m.type == XS_TRANSACTION_START);
	return (uint32_t)strtoul(m.body, NULL, 10);
}

static const char *tcall(struct tconn *t, uint32_t tx, uint32_t type,
			 const void *body, unsigned int len)
{
	struct msg m = tconn_call(t, type, tx, body, len);

	return show(&m);
}

void test_txn(void)
{
	struct xsd d;
	struct tconn *a, *b, *d3;
	uint32_t t1, t2;

	xsd_init(&d);
	a = tconn_new(&d, 0, true);
	b = tconn_new(&d, 0, true);
	CHECK_STR(tcall(a, 0, XS_WRITE, B("/x\0" "0")), "OK|");
	CHECK_STR(tcall(b, 0, XS_WATCH, S("/x\0w")), "OK|");
	CHECK_STR(tconn_event(b), "/x w");

	/* Writes inside are invisible outside until commit. */
	t1 = start(a);
	CHECK(t1 != 0);
	CHECK_STR(tcall(a, t1, XS_WRITE, B("/x/y\0in")), "OK|");
	CHECK_STR(tcall(a, t1, XS_READ, S("/x/y")), "in");
	CHECK_STR(tcall(a, 0, XS_READ, S("/x/y")), "E:ENOENT");
	CHECK(tconn_event(b) == NULL);
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "OK|");
	CHECK_STR(tcall(a, 0, XS_READ, S("/x/y")), "in");
	CHECK_STR(tconn_event(b), "/x/y w");
	CHECK(tconn_event(b) == NULL);
	/* The id is gone after the end. */
	CHECK_STR(tcall(a, t1, XS_READ, S("/x/y")), "E:ENOENT");

	/* Abort discards. */
	t1 = start(a);
	CHECK_STR(tcall(a, t1, XS_RM, S("/x/y")), "OK|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("F")), "OK|");
	CHECK_STR(tcall(a, 0, XS_READ, S("/x/y")), "in");
	CHECK(tconn_event(b) == NULL);

	/* A node read in the transaction and changed outside: EAGAIN. */
	t1 = start(a);
	CHECK_STR(tcall(a, t1, XS_READ, S("/x/y")), "in");
	CHECK_STR(tcall(b, 0, XS_WRITE, B("/x/y\0out")), "OK|");
	CHECK_STR(tcall(a, t1, XS_WRITE, B("/x/z\0late")), "OK|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "E:EAGAIN");
	CHECK_STR(tcall(a, 0, XS_READ, S("/x/z")), "E:ENOENT");
	tconn_drain(b);

	/* An absent node read, then created outside: EAGAIN too. */
	t1 = start(a);
	CHECK_STR(tcall(a, t1, XS_READ, S("/q")), "E:ENOENT");
	CHECK_STR(tcall(b, 0, XS_WRITE, B("/q\0" "1")), "OK|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "E:EAGAIN");

	/* Unrelated changes do not conflict; two transactions interleave. */
	CHECK_STR(tcall(a, 0, XS_MKDIR, S("/t1")), "OK|");
	CHECK_STR(tcall(a, 0, XS_MKDIR, S("/t2")), "OK|");
	t1 = start(a);
	t2 = start(b);
	CHECK_STR(tcall(a, t1, XS_WRITE, B("/t1/v\0" "1")), "OK|");
	CHECK_STR(tcall(b, t2, XS_WRITE, B("/t2/v\0" "2")), "OK|");
	CHECK_STR(tcall(b, t2, XS_WRITE, B("/t2/u\0" "3")), "OK|");
	CHECK_STR(tcall(a, 0, XS_WRITE, B("/other\0" "3")), "OK|");
	CHECK_STR(tcall(b, t2, XS_TRANSACTION_END, S("T")), "OK|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "OK|");
	CHECK_STR(tcall(a, 0, XS_READ, S("/t1/v")), "1");
	CHECK_STR(tcall(a, 0, XS_READ, S("/t2/v")), "2");
	CHECK_STR(tcall(a, 0, XS_DIRECTORY, S("/t2")), "v|u|");
	/* Creating under a parent someone else changed: EAGAIN, as Xen. */
	t1 = start(a);
	CHECK_STR(tcall(a, t1, XS_WRITE, B("/t2/w\0" "1")), "OK|");
	CHECK_STR(tcall(b, 0, XS_WRITE, B("/t2/x\0" "1")), "OK|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "E:EAGAIN");

	/* Removal and re-creation inside one transaction. */
	t1 = start(a);
	CHECK_STR(tcall(a, t1, XS_RM, S("/t1")), "OK|");
	CHECK_STR(tcall(a, t1, XS_WRITE, B("/t1/w\0new")), "OK|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "OK|");
	CHECK_STR(tcall(a, 0, XS_DIRECTORY, S("/t1")), "w|");
	CHECK_STR(tcall(a, 0, XS_READ, S("/t1/w")), "new");

	/* Protocol errors. */
	t1 = start(a);
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_START, S("")), "E:EBUSY");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("X")), "E:EINVAL");
	CHECK_STR(tcall(a, 0, XS_TRANSACTION_END, S("T")), "E:ENOENT");
	CHECK_STR(tcall(a, t1 + 100, XS_TRANSACTION_END, S("T")), "E:ENOENT");
	/* Watches ignore tx_id. */
	CHECK_STR(tcall(a, t1 + 100, XS_WATCH, S("/t1\0tok")), "OK|");
	CHECK_STR(tconn_event(a), "/t1 tok");
	d3 = tconn_new(&d, 3, false);
	/* Permission changes in a transaction land on commit. */
	CHECK_STR(tcall(a, t1, XS_SET_PERMS, S("/t1/w\0n3\0r0")), "OK|");
	CHECK_STR(tcall(a, 0, XS_GET_PERMS, S("/t1/w")), "n0|");
	CHECK_STR(tcall(a, t1, XS_TRANSACTION_END, S("T")), "OK|");
	CHECK_STR(tcall(a, 0, XS_GET_PERMS, S("/t1/w")), "n3|r0|");
	CHECK_STR(tconn_event(a), "/t1/w tok");
	CHECK(xs_acct_nodes(&d.acct, 3) == 1);
	tconn_free(d3);

	/* Closing a connection drops its transactions. */
	t1 = start(a);
	CHECK(a->c->nr_txns == 1);
	tconn_free(a);
	tconn_free(b);
	xsd_destroy(&d);
}
