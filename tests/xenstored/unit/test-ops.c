// SPDX-License-Identifier: GPL-2.0-only
/*
 * Requests end to end through the dispatcher: reads, writes, directories,
 * removal, permissions, domain queries, control.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

static const char *call(struct tconn *t, uint32_t type, const void *body,
			unsigned int len)
{
	struct msg m = tconn_call(t, type, 0, body, len);

	return show(&m);
}

static void test_basic(void)
{
	struct xsd d;
	struct tconn *t;

	xsd_init(&d);
	t = tconn_new(&d, 0, true);

	/* Xen's initial tree. */
	CHECK_STR(call(t, XS_DIRECTORY, S("/")), "tool|");
	CHECK_STR(call(t, XS_DIRECTORY, S("/tool")), "xenstored|");
	CHECK_STR(call(t, XS_GET_PERMS, S("/")), "n0|");
	CHECK_STR(call(t, XS_DIRECTORY, S("/local")), "E:ENOENT");

	CHECK_STR(call(t, XS_WRITE, B("/a/b/c\0hello")), "OK|");
	CHECK_STR(call(t, XS_READ, S("/a/b/c")), "hello");
	CHECK_STR(call(t, XS_READ, S("/a/b")), "");
	CHECK_STR(call(t, XS_WRITE, B("/a/b/c\0bin\0ary")), "OK|");
	CHECK_STR(call(t, XS_READ, S("/a/b/c")), "bin|ary");
	CHECK_STR(call(t, XS_WRITE, B("/a/b/c\0")), "OK|");
	CHECK_STR(call(t, XS_READ, S("/a/b/c")), "");
	CHECK_STR(call(t, XS_READ, S("/a/x")), "E:ENOENT");

	/* Relative paths are below /local/domain/0 for sockets. */
	CHECK_STR(call(t, XS_WRITE, B("rel\0v")), "OK|");
	CHECK_STR(call(t, XS_READ, S("/local/domain/0/rel")), "v");
	CHECK_STR(call(t, XS_READ, S("rel")), "v");

	/* MKDIR keeps existing values. */
	CHECK_STR(call(t, XS_MKDIR, S("/local/domain/0/rel")), "OK|");
	CHECK_STR(call(t, XS_READ, S("rel")), "v");
	CHECK_STR(call(t, XS_MKDIR, S("/m/n")), "OK|");
	CHECK_STR(call(t, XS_DIRECTORY, S("/m")), "n|");

	/* RM: fine if only the node is missing, ENOENT if its parent is. */
	CHECK_STR(call(t, XS_RM, S("/a/b/nothere")), "OK|");
	CHECK_STR(call(t, XS_RM, S("/a/nothere/x")), "E:ENOENT");
	CHECK_STR(call(t, XS_RM, S("/a/b")), "OK|");
	CHECK_STR(call(t, XS_DIRECTORY, S("/a")), "");
	CHECK_STR(call(t, XS_RM, S("/")), "E:EINVAL");

	CHECK_STR(call(t, XS_GET_DOMAIN_PATH, S("7")), "/local/domain/7|");
	CHECK_STR(call(t, XS_IS_DOMAIN_INTRODUCED, S("7")), "F|");
	CHECK_STR(call(t, XS_IS_DOMAIN_INTRODUCED, S("32752")), "T|");
	CHECK_STR(call(t, XS_RELEASE, S("7")), "E:ENOENT");
	CHECK_STR(call(t, XS_RELEASE, S("0")), "E:EINVAL");
	CHECK_STR(call(t, XS_RESUME, S("7")), "E:ENOENT");
	CHECK_STR(call(t, XS_INTRODUCE, S("7\0" "123\0" "0")), "E:EINVAL");
	CHECK_STR(call(t, XS_INTRODUCE, S("7\0" "123")), "E:EINVAL");

	CHECK_STR(call(t, XS_CONTROL, S("check")), "OK|");
	CHECK_STR(call(t, XS_CONTROL, S("bogus")), "E:EINVAL");
	CHECK_STR(call(t, XS_CONTROL, S("quota\0set\0nodes\0" "2000")), "OK|");
	CHECK(d.quota.nodes == 2000);
	CHECK_STR(call(t, XS_RESET_WATCHES, NULL, 0), "OK|");

	tconn_free(t);
	xsd_destroy(&d);
}

static void test_directory_part(void)
{
	struct xsd d;
	struct tconn *t;
	char path[64], expect[16];
	unsigned int i, off = 0, total = 0;
	struct msg m;

	xsd_init(&d);
	t = tconn_new(&d, 0, true);
	/* 400 children of 12 bytes each: 4800 bytes of listing. */
	for (i = 0; i < 400; i++) {
		int l = snprintf(path, sizeof(path), "/big/child%05u", i);

		m = tconn_call(t, XS_MKDIR, 0, path, (unsigned int)l + 1);
		CHECK(m.type == XS_MKDIR);
	}
	CHECK_STR(call(t, XS_DIRECTORY, S("/big")), "E:E2BIG");
	/* Page through with DIRECTORY_PART until the empty terminator. */
	for (;;) {
		char req[32];
		int l = snprintf(req, sizeof(req), "/big%c%u", 0, off);
		unsigned int genlen, p;

		m = tconn_call(t, XS_DIRECTORY_PART, 0, req,
			       (unsigned int)l + 1);
		CHECK(m.type == XS_DIRECTORY_PART);
		if (m.type != XS_DIRECTORY_PART)
			break;
		genlen = (unsigned int)strlen(m.body) + 1;
		for (p = genlen; p < m.len && m.body[p]; ) {
			snprintf(expect, sizeof(expect), "child%05u", total);
			CHECK_STR(m.body + p, expect);
			p += (unsigned int)strlen(m.body + p) + 1;
			off += (unsigned int)strlen(expect) + 1;
			total++;
		}
		if (p < m.len && !m.body[p])
			break; /* end marker */
	}
	CHECK(total == 400);
	CHECK_STR(call(t, XS_DIRECTORY_PART, S("/big")), "E:EINVAL");
	tconn_free(t);
	xsd_destroy(&d);
}

static void test_permissions(void)
{
	struct xsd d;
	struct tconn *t, *u, *v;

	xsd_init(&d);
	t = tconn_new(&d, 0, true);
	u = tconn_new(&d, 5, false);
	v = tconn_new(&d, 6, false);

	CHECK_STR(call(t, XS_WRITE, B("/local/domain/5/x\0one")), "OK|");
	CHECK_STR(call(t, XS_SET_PERMS, S("/local/domain/5\0n5\0r6")), "OK|");
	CHECK_STR(call(t, XS_GET_PERMS, S("/local/domain/5")), "n5|r6|");

	/* Domain 5 owns its directory, may write and create below it. */
	CHECK_STR(call(u, XS_WRITE, B("/local/domain/5/y\0two")), "OK|");
	CHECK_STR(call(u, XS_WRITE, B("z\0three")), "OK|");
	CHECK_STR(call(u, XS_READ, S("/local/domain/5/z")), "three");
	/* New nodes inherit the parent's list, owned by their creator. */
	CHECK_STR(call(t, XS_GET_PERMS, S("/local/domain/5/z")), "n5|r6|");
	/* /local/domain/5/x kept the perms it was created with ("n0"). */
	CHECK_STR(call(u, XS_READ, S("x")), "E:EACCES");
	/* Domain 6 may read but not write; a missing node under a
	 * readable parent is ENOENT, under an unreadable one EACCES. */
	CHECK_STR(call(v, XS_READ, S("/local/domain/5/y")), "two");
	CHECK_STR(call(v, XS_WRITE, B("/local/domain/5/y\0no")), "E:EACCES");
	CHECK_STR(call(v, XS_READ, S("/local/domain/5/nope")), "E:ENOENT");
	CHECK_STR(call(v, XS_READ, S("/tool/nope")), "E:EACCES");
	CHECK_STR(call(v, XS_READ, S("/tool")), "E:EACCES");
	CHECK_STR(call(v, XS_WRITE, B("/newtop\0x")), "E:EACCES");
	/* Owner may change perms but not give the node away. */
	CHECK_STR(call(u, XS_SET_PERMS, S("y\0n5\0b6")), "OK|");
	CHECK_STR(call(v, XS_WRITE, B("/local/domain/5/y\0yes")), "OK|");
	CHECK_STR(call(u, XS_SET_PERMS, S("y\0n6")), "E:EPERM");
	CHECK_STR(call(v, XS_SET_PERMS, S("/local/domain/5/y\0n5")),
		  "E:EACCES");
	CHECK_STR(call(u, XS_SET_PERMS, S("y\0q5")), "E:EINVAL");
	CHECK_STR(call(u, XS_SET_PERMS, S("y")), "E:EINVAL");
	/* Privileged-only operations. */
	CHECK_STR(call(u, XS_INTRODUCE, S("9\0" "1\0" "1")), "E:EACCES");
	CHECK_STR(call(u, XS_CONTROL, S("check")), "E:EACCES");
	CHECK_STR(call(u, XS_IS_DOMAIN_INTRODUCED, S("5")), "E:EACCES");
	CHECK_STR(call(u, XS_GET_DOMAIN_PATH, S("5")), "/local/domain/5|");
	/* Special watch paths have their own perms. */
	CHECK_STR(call(u, XS_SET_PERMS, S("@releaseDomain\0n5")), "E:EACCES");
	CHECK_STR(call(t, XS_SET_PERMS, S("@releaseDomain\0n0\0r5")), "OK|");
	CHECK_STR(call(t, XS_SET_PERMS, S("@other\0n0")), "E:EINVAL");
	CHECK_STR(call(u, XS_READ, S("@releaseDomain")), "E:EINVAL");
	/* Removing: write access to the node is needed. */
	CHECK_STR(call(v, XS_RM, S("/local/domain/5/z")), "E:EACCES");
	CHECK_STR(call(u, XS_RM, S("z")), "OK|");

	tconn_free(t);
	tconn_free(u);
	tconn_free(v);
	xsd_destroy(&d);
}

void test_ops(void)
{
	test_basic();
	test_directory_part();
	test_permissions();
}
