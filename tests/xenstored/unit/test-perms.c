// SPDX-License-Identifier: GPL-2.0-only
/*
 * Permission strings and the access decision.
 */
#include <errno.h>

#include "harness.h"
#include "perms.h"

void test_perms(void)
{
	static const struct {
		const char *in;
		unsigned int nr;
		int rc;
	} parse[] = {
		{ "n0", 1, 0 },		{ "r1\0w2\0b3", 3, 0 },
		{ "x1", 1, EINVAL },	{ "r", 1, EINVAL },
		{ "r1x", 1, EINVAL },	{ "b0x10", 1, 0 },
	};
	struct xs_perm p[4];
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(parse) / sizeof(parse[0]); i++)
		CHECK(xs_perms_parse(parse[i].in, parse[i].nr, p) ==
		      parse[i].rc);
	CHECK(!xs_perms_parse("n5\0r0\0w7\0b9", 4, p));
	CHECK(p[0].id == 5 && p[0].perms == XS_PERM_NONE);
	CHECK(p[3].id == 9 && p[3].perms == (XS_PERM_READ | XS_PERM_WRITE));
	CHECK(xs_perms_format(p, 4, buf, sizeof(buf)) == 12);
	CHECK(!memcmp(buf, "n5\0r0\0w7\0b9\0", 12));
	CHECK(xs_perms_format(p, 4, buf, 5) < 0);

	/* Decisions: "n5 r0 w7" */
	{
		static const struct {
			unsigned int domid;
			bool priv;
			long target;
			unsigned int want;
		} dec[] = {
			{ 0, true, -1, XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER },
			{ 5, false, -1, XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER },
			{ 7, false, -1, XS_PERM_WRITE },
			{ 8, false, -1, XS_PERM_NONE },
			{ 0, false, -1, XS_PERM_READ },
			{ 9, false, 5, XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER },
			{ 9, false, 7, XS_PERM_WRITE },
		};
		struct xs_perm q[3] = {
			{ 5, XS_PERM_NONE }, { 0, XS_PERM_READ }, { 7, XS_PERM_WRITE },
		};

		for (i = 0; i < sizeof(dec) / sizeof(dec[0]); i++) {
			struct xs_caller c = { dec[i].domid, dec[i].priv,
					       dec[i].target };

			CHECK(xs_perm_for(&c, q, 3) == dec[i].want);
		}
	}
}
