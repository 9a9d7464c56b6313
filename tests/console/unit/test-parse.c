// SPDX-License-Identifier: GPL-2.0-only
/* Strict parsing of xenstore values and log-file names. */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "ring.h"

static const struct {
	const char *s;
	int ok;
	uint64_t v;
} u64_rows[] = {
	{ "0", 1, 0 },
	{ "1", 1, 1 },
	{ "123456", 1, 123456 },
	{ "18446744073709551615", 1, UINT64_MAX },
	{ "18446744073709551616", 0, 0 },
	{ "99999999999999999999", 0, 0 },
	{ "", 0, 0 },
	{ "01", 0, 0 },
	{ "-1", 0, 0 },
	{ "+1", 0, 0 },
	{ " 1", 0, 0 },
	{ "1 ", 0, 0 },
	{ "0x10", 0, 0 },
	{ "12a", 0, 0 },
	{ "1\n", 0, 0 },
};

static const struct {
	const char *s;
	int ok;
	unsigned int v;
} domid_rows[] = {
	{ "0", 0, 0 },	      { "1", 1, 1 },	     { "32751", 1, 32751 },
	{ "32752", 0, 0 },    { "65535", 0, 0 },     { "4294967297", 0, 0 },
	{ "abc", 0, 0 },      { "7", 1, 7 },
}, port_rows[] = {
	{ "0", 0, 0 },		{ "1", 1, 1 },	      { "2147483647", 1, 2147483647 },
	{ "2147483648", 0, 0 }, { "4294967295", 0, 0 }, { "3", 1, 3 },
};

static const struct {
	const char *name;
	unsigned int domid;
	size_t out_len;
	const char *expect;
} name_rows[] = {
	{ "guest1", 1, 64, "guest1" },
	{ "con-e2e_1.x+y", 2, 64, "con-e2e_1.x+y" },
	{ "../etc/passwd", 3, 64, "_._etc_passwd" },
	{ ".hidden", 4, 64, "_hidden" },
	{ "a b\n\x1b[2J", 5, 64, "a_b___2J" },
	{ "", 6, 64, "dom6" },
	{ NULL, 7, 64, "dom7" },
	{ "abcdefghij", 8, 5, "abcd" },
	{ "\xff\xfe", 9, 64, "__" },
};

void test_parse(void)
{
	size_t i;
	uint64_t v;
	unsigned int u;
	char out[64];

	for (i = 0; i < sizeof(u64_rows) / sizeof(u64_rows[0]); i++) {
		v = 77;
		int rc = parse_u64(u64_rows[i].s, &v);

		CHECK_ROW((rc == 0) == u64_rows[i].ok, u64_rows[i].s);
		CHECK_ROW(rc || v == u64_rows[i].v, u64_rows[i].s);
		CHECK_ROW(!rc || v == 77, u64_rows[i].s); /* untouched */
	}
	for (i = 0; i < sizeof(domid_rows) / sizeof(domid_rows[0]); i++) {
		int rc = parse_domid(domid_rows[i].s, &u);

		CHECK_ROW((rc == 0) == domid_rows[i].ok, domid_rows[i].s);
		CHECK_ROW(rc || u == domid_rows[i].v, domid_rows[i].s);
	}
	for (i = 0; i < sizeof(port_rows) / sizeof(port_rows[0]); i++) {
		int rc = parse_port(port_rows[i].s, &u);

		CHECK_ROW((rc == 0) == port_rows[i].ok, port_rows[i].s);
		CHECK_ROW(rc || u == port_rows[i].v, port_rows[i].s);
	}
	CHECK(parse_u64(NULL, &v) != 0);
	for (i = 0; i < sizeof(name_rows) / sizeof(name_rows[0]); i++) {
		sanitize_name(name_rows[i].name, name_rows[i].domid, out,
			      name_rows[i].out_len);
		CHECK_ROW(!strcmp(out, name_rows[i].expect), name_rows[i].expect);
		CHECK_ROW(!strchr(out, '/'), name_rows[i].expect);
	}
}
