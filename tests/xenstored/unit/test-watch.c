// SPDX-License-Identifier: GPL-2.0-only
/*
 * Watches: matching, the initial event, relative watches, removal events,
 * permission filtering, special events, duplicates.
 */
#include <stdio.h>

#include "harness.h"
#include "watch.h"

static const char *call(struct tconn *t, uint32_t type, const void *body,
			unsigned int len)
{
	struct msg m = tconn_call(t, type, 0, body, len);

	return show(&m);
}

static void test_match(void)
{
	static const struct {
		const char *watch, *path;
		bool exact, match;
	} cases[] = {
		{ "/a", "/a", false, true },
		{ "/a", "/a/b", false, true },
		{ "/a", "/ab", false, false },
		{ "/a/b", "/a", false, false },
		{ "/", "/anything/at/all", false, true },
		{ "/", "@introduceDomain", false, false },
		{ "/a", "/a/b", true, false },
		{ "/a/b", "/a/b", true, true },
		{ "@releaseDomain", "@releaseDomain", true, true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(xs_watch_matches(cases[i].watch, cases[i].path,
				       cases[i].exact) == cases[i].match);
}

static void test_events(void)
{
	struct xsd d;
	struct tconn *t, *u;

	xsd_init(&d);
	t = tconn_new(&d, 0, true);
	u = tconn_new(&d, 5, false);

	CHECK_STR(call(t, XS_WATCH, S("/w\0tok")), "OK|");
	CHECK_STR(tconn_event(t), "/w tok"); /* fired on registration */
	CHECK(tconn_event(t) == NULL);
	CHECK_STR(call(t, XS_WATCH, S("/w\0tok")), "E:EEXIST");
	CHECK_STR(call(t, XS_WATCH, S("/w\0tok2")), "OK|");
	tconn_drain(t);

	CHECK_STR(call(t, XS_WRITE, B("/w/a/b\0v")), "OK|");
	CHECK_STR(tconn_event(t), "/w/a/b tok");
	CHECK_STR(tconn_event(t), "/w/a/b tok2");
	CHECK(tconn_event(t) == NULL);
	CHECK_STR(call(t, XS_UNWATCH, S("/w\0tok2")), "OK|");
	CHECK_STR(call(t, XS_UNWATCH, S("/w\0tok2")), "E:ENOENT");

	/* Removing a subtree: the removed node matches as usual, its
	 * children only watches on exactly their path. */
	CHECK_STR(call(t, XS_WATCH, S("/w/a/b\0exact")), "OK|");
	CHECK_STR(tconn_event(t), "/w/a/b exact");
	CHECK_STR(call(t, XS_RM, S("/w/a")), "OK|");
	CHECK_STR(tconn_event(t), "/w/a/b exact");
	CHECK_STR(tconn_event(t), "/w/a tok");
	CHECK(tconn_event(t) == NULL);
	CHECK_STR(call(t, XS_UNWATCH, S("/w/a/b\0exact")), "OK|");
	/* Nothing for a no-op mkdir or an rm of a missing node. */
	CHECK_STR(call(t, XS_MKDIR, S("/w")), "OK|");
	CHECK_STR(call(t, XS_RM, S("/w/none")), "OK|");
	CHECK(tconn_event(t) == NULL);
	/* Permission changes fire. */
	CHECK_STR(call(t, XS_SET_PERMS, S("/w\0n0\0r5")), "OK|");
	CHECK_STR(tconn_event(t), "/w tok");

	/* Relative watch of a domain: reported relative. */
	CHECK_STR(call(t, XS_SET_PERMS, S("/w\0n0")), "OK|");
	tconn_drain(t);
	CHECK_STR(call(t, XS_MKDIR, S("/local/domain/5")), "OK|");
	CHECK_STR(call(t, XS_SET_PERMS, S("/local/domain/5\0n5")), "OK|");
	CHECK_STR(call(u, XS_WATCH, S("device\0dev")), "OK|");
	CHECK_STR(tconn_event(u), "device dev");
	CHECK_STR(call(t, XS_WRITE, B("/local/domain/5/device/vif/0\0x")),
		  "OK|");
	CHECK_STR(tconn_event(u), "device/vif/0 dev");
	/* Domain 5 cannot see changes to /w (not readable). */
	CHECK_STR(call(u, XS_WATCH, S("/w\0x")), "OK|");
	tconn_drain(u);
	CHECK_STR(call(t, XS_WRITE, B("/w/secret\0s")), "OK|");
	CHECK(tconn_event(u) == NULL);
	tconn_drain(t);

	/* Special watches: privileged sees them; domain 5 once allowed. */
	CHECK_STR(call(t, XS_WATCH, S("@introduceDomain\0i")), "OK|");
	CHECK_STR(tconn_event(t), "@introduceDomain i");
	CHECK_STR(call(u, XS_WATCH, S("@releaseDomain\0r")), "OK|");
	CHECK_STR(tconn_event(u), "@releaseDomain r");
	CHECK_STR(call(t, XS_INTRODUCE, S("9\0" "100\0" "3")), "OK|");
	CHECK_STR(tconn_event(t), "@introduceDomain i");
	CHECK_STR(call(t, XS_IS_DOMAIN_INTRODUCED, S("9")), "T|");
	CHECK_STR(call(t, XS_RELEASE, S("9")), "OK|");
	CHECK(tconn_event(u) == NULL); /* no permission yet */
	CHECK_STR(call(t, XS_SET_PERMS, S("@releaseDomain\0n0\0r5")), "OK|");
	CHECK_STR(call(t, XS_INTRODUCE, S("9\0" "100\0" "3")), "OK|");
	CHECK_STR(call(t, XS_RELEASE, S("9")), "OK|");
	CHECK_STR(tconn_event(u), "@releaseDomain r");
	CHECK_STR(call(t, XS_IS_DOMAIN_INTRODUCED, S("9")), "F|");

	/* Identical pending events are sent once. */
	tconn_drain(t);
	{
		struct tconn *slow = tconn_new(&d, 0, true);

		CHECK_STR(call(slow, XS_WATCH, S("/dup\0d")), "OK|");
		tconn_drain(slow);
		/* Queue without flushing, twice the same, once different. */
		xs_conn_event(slow->c, "/dup", "d");
		xs_conn_event(slow->c, "/dup", "d");
		xs_conn_event(slow->c, "/dup", "e");
		xs_conn_handle_output(slow->c);
		CHECK_STR(tconn_event(slow), "/dup d");
		CHECK_STR(tconn_event(slow), "/dup e");
		CHECK(tconn_event(slow) == NULL);
		tconn_free(slow);
	}

	/* A guest that never reads stops getting events past a cap. */
	{
		char path[32];
		unsigned int i, queued = 0;
		struct xs_msg *m;

		for (i = 0; i < 200000; i++) {
			snprintf(path, sizeof(path), "/flood/%u", i);
			xs_conn_event(u->c, path, "f");
		}
		for (m = u->c->out_head; m; m = m->next)
			queued++;
		CHECK(queued > 1000 && queued < 200000);
		CHECK(u->c->out_bytes <= XS_MAX_QUEUED_BYTES + 64);
		xs_conn_handle_output(u->c);
		CHECK(u->c->out_bytes == 0);
		tconn_drain(u);
	}

	/* RESET_WATCHES removes them all. */
	CHECK_STR(call(u, XS_RESET_WATCHES, NULL, 0), "OK|");
	CHECK(u->c->nr_watches == 0);
	tconn_free(t);
	tconn_free(u);
	xsd_destroy(&d);
}

void test_watch(void)
{
	test_match();
	test_events();
}
