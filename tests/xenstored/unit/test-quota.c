// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quotas for unprivileged domains, with Xen 4.17's limits and errors.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "txn.h"

static const char *call(struct tconn *t, uint32_t tx, uint32_t type,
			const void *body, unsigned int len)
{
	struct msg m = tconn_call(t, type, tx, body, len);

	return show(&m);
}

void test_quota(void)
{
	struct xsd d;
	struct tconn *t, *u;
	char buf[4200];
	unsigned int i;
	int l;
	struct msg m;

	xsd_init(&d);
	d.quota.nodes = 10;
	t = tconn_new(&d, 0, true);
	u = tconn_new(&d, 5, false);
	CHECK_STR(call(t, 0, XS_MKDIR, S("/local/domain/5")), "OK|");
	CHECK_STR(call(t, 0, XS_SET_PERMS, S("/local/domain/5\0n5")), "OK|");
	CHECK(xs_acct_nodes(&d.acct, 5) == 1);

	/* Nodes: 9 more fit (10 in all), the next is ENOSPC. */
	for (i = 0; i < 9; i++) {
		l = snprintf(buf, sizeof(buf), "n%u", i);
		CHECK_STR(call(u, 0, XS_MKDIR, buf, (unsigned int)l + 1),
			  "OK|");
	}
	CHECK(xs_acct_nodes(&d.acct, 5) == 10);
	CHECK_STR(call(u, 0, XS_MKDIR, S("n9")), "E:ENOSPC");
	CHECK_STR(call(u, 0, XS_WRITE, B("a/b\0x")), "E:ENOSPC");
	/* Removing frees quota; dom0 is never limited. */
	CHECK_STR(call(u, 0, XS_RM, S("n8")), "OK|");
	CHECK_STR(call(u, 0, XS_MKDIR, S("n9")), "OK|");
	for (i = 0; i < 20; i++) {
		l = snprintf(buf, sizeof(buf), "/dom0/n%u", i);
		CHECK_STR(call(t, 0, XS_MKDIR, buf, (unsigned int)l + 1),
			  "OK|");
	}
	/* Quota is re-checked at commit. */
	CHECK_STR(call(u, 0, XS_RM, S("n9")), "OK|");
	m = tconn_call(u, XS_TRANSACTION_START, 0, S(""));
	{
		uint32_t tx = (uint32_t)strtoul(m.body, NULL, 10);

		CHECK_STR(call(u, tx, XS_MKDIR, S("t1")), "OK|");
		CHECK_STR(call(t, 0, XS_MKDIR, S("/local/domain/5/out")),
			  "OK|");
		CHECK_STR(call(t, 0, XS_SET_PERMS,
			       S("/local/domain/5/out\0n5")), "OK|");
		CHECK_STR(call(u, tx, XS_TRANSACTION_END, S("T")), "E:ENOSPC");
	}
	/* Deleting a domain's nodes gives the quota back. */
	CHECK_STR(call(t, 0, XS_RM, S("/local/domain/5")), "OK|");
	CHECK(xs_acct_nodes(&d.acct, 5) == 0);
	CHECK_STR(call(t, 0, XS_MKDIR, S("/local/domain/5")), "OK|");
	CHECK_STR(call(t, 0, XS_SET_PERMS, S("/local/domain/5\0n5")), "OK|");

	/* Entry size: 2048 bytes including the record overhead. */
	memset(buf, 'v', sizeof(buf));
	memcpy(buf, "big\0", 4);
	CHECK_STR(call(u, 0, XS_WRITE, buf, 4 + 2048 - 24 - 8 - 1), "OK|");
	CHECK_STR(call(u, 0, XS_WRITE, buf, 4 + 2048 - 24 - 8), "E:ENOSPC");
	CHECK_STR(call(t, 0, XS_WRITE, B("/local/domain/5/big\0x")), "OK|");
	memcpy(buf, "/dom0/big\0", 10);
	CHECK_STR(call(t, 0, XS_WRITE, buf, 4000), "OK|");
	/* Payload limit: a 4096-byte message is the most there is. */
	CHECK_STR(call(t, 0, XS_WRITE, buf, 4096), "OK|");

	/* Permissions per node: 5. */
	CHECK_STR(call(u, 0, XS_SET_PERMS, S("big\0n5\0r1\0r2\0r3\0r4")),
		  "OK|");
	CHECK_STR(call(u, 0, XS_SET_PERMS, S("big\0n5\0r1\0r2\0r3\0r4\0r6")),
		  "E:ENOSPC");
	CHECK_STR(call(t, 0, XS_SET_PERMS,
		       S("/local/domain/5/big\0n5\0r1\0r2\0r3\0r4\0r6")),
		  "OK|");

	/* Watches: Xen lets one more than the quota through. */
	d.quota.watches = 3;
	for (i = 0; i < 4; i++) {
		l = snprintf(buf, sizeof(buf), "w%u%ctok", i, 0);
		CHECK_STR(call(u, 0, XS_WATCH, buf, (unsigned int)l + 1),
			  "OK|");
	}
	CHECK_STR(call(u, 0, XS_WATCH, S("w9\0tok")), "E:E2BIG");
	CHECK_STR(call(u, 0, XS_UNWATCH, S("w0\0tok")), "OK|");
	CHECK_STR(call(u, 0, XS_WATCH, S("w9\0tok")), "OK|");

	/* Transactions: likewise one more than the quota. */
	d.quota.txns = 2;
	for (i = 0; i < 3; i++) {
		m = tconn_call(u, XS_TRANSACTION_START, 0, S(""));
		CHECK(m.type == XS_TRANSACTION_START);
	}
	CHECK_STR(call(u, 0, XS_TRANSACTION_START, S("")), "E:ENOSPC");
	for (i = 0; i < 5; i++)
		CHECK(tconn_call(t, XS_TRANSACTION_START, 0, S("")).type ==
		      XS_TRANSACTION_START);

	/* Nodes touched per transaction. */
	d.quota.txn_nodes = 3;
	xs_txn_free_all(u->c);
	m = tconn_call(u, XS_TRANSACTION_START, 0, S(""));
	{
		uint32_t tx = (uint32_t)strtoul(m.body, NULL, 10);

		CHECK_STR(call(u, tx, XS_READ, S("big")), "x");
		CHECK_STR(call(u, tx, XS_READ, S("n1")), "E:ENOENT");
		CHECK_STR(call(u, tx, XS_READ, S("n2")), "E:ENOENT");
		CHECK_STR(call(u, tx, XS_READ, S("n3")), "E:ENOSPC");
	}

	/* An unread-reply backlog stops input from a guest. */
	d.quota.outstanding = 2;
	CHECK(xs_conn_wants_input(u->c));
	u->c->nr_out_replies = 2;
	CHECK(!xs_conn_wants_input(u->c));
	u->c->nr_out_replies = 0;

	tconn_free(t);
	tconn_free(u);
	xsd_destroy(&d);
}
