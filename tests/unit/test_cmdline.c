/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor/lib/cmdline.c: value parsers, whole command lines against a
 * parameter table (including bad tokens that must be reported and
 * skipped), the "--" split, dom0_mem, and a seeded random-input loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib/cmdline.h>
#include "hvlib.h"
#include "runner.h"

TEST(cmdline, parse_uint_and_size)
{
	static const struct {
		const char *s;
		int rc_uint, rc_size;
		uint64_t uint, size;
	} t[] = {
		{ "0", 0, 0, 0, 0 },
		{ "4096", 0, 0, 4096, 4096ULL << 10 },	/* no unit: KiB, as in Xen */
		{ "0x10", 0, 0, 16, 16ULL << 10 },
		{ "0X1f", 0, 0, 31, 31ULL << 10 },
		{ "010", 0, 0, 8, 8ULL << 10 },	/* C-style octal, as in Xen */
		{ "08", -EINVAL, -EINVAL, 0, 0 },
		{ "4K", -EINVAL, 0, 0, 4096 },
		{ "4k", -EINVAL, 0, 0, 4096 },
		{ "64M", -EINVAL, 0, 0, 64ULL << 20 },
		{ "2G", -EINVAL, 0, 0, 2ULL << 30 },
		{ "1t", -EINVAL, 0, 0, 1ULL << 40 },
		{ "16B", -EINVAL, 0, 0, 16 },
		{ "0x10M", -EINVAL, 0, 0, 16ULL << 20 },
		{ "0x1B", 0, 0, 0x1b, 0x1bULL << 10 },	/* B is a hex digit first */
		{ "18446744073709551615", 0, -ERANGE, UINT64_MAX, 0 },
		{ "18446744073709551616", -ERANGE, -ERANGE, 0, 0 },
		{ "0xffffffffffffffff", 0, -ERANGE, UINT64_MAX, 0 },
		{ "0x10000000000000000", -ERANGE, -ERANGE, 0, 0 },
		{ "16777215T", -EINVAL, 0, 0, 16777215ULL << 40 },
		{ "16777216T", -EINVAL, -ERANGE, 0, 0 },
		{ "", -EINVAL, -EINVAL, 0, 0 },
		{ "M", -EINVAL, -EINVAL, 0, 0 },
		{ "0x", -EINVAL, -EINVAL, 0, 0 },
		{ "4KB", -EINVAL, -EINVAL, 0, 0 },
		{ "-1", -EINVAL, -EINVAL, 0, 0 },
		{ "1 ", -EINVAL, -EINVAL, 0, 0 },
		{ "12a", -EINVAL, -EINVAL, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		size_t len = strlen(t[i].s);
		uint64_t u = 0xdead, z = 0xdead;
		int rc;

		rc = cmdline_parse_uint(t[i].s, len, &u);
		CHECKF(rc == t[i].rc_uint && (rc ? u == 0xdead : u == t[i].uint),
		       "uint \"%s\": rc %d value %#llx", t[i].s, rc, (unsigned long long)u);
		rc = cmdline_parse_size(t[i].s, len, &z);
		CHECKF(rc == t[i].rc_size && (rc ? z == 0xdead : z == t[i].size),
		       "size \"%s\": rc %d value %#llx", t[i].s, rc, (unsigned long long)z);
	}
	/* Only len bytes are read: "64M" out of "64Mjunk". */
	{
		uint64_t z;

		CHECK(cmdline_parse_size("64Mjunk", 3, &z) == 0 && z == 64ULL << 20);
	}
}

TEST(cmdline, parse_bool)
{
	static const struct {
		const char *s;
		int rc;
		bool v;
	} t[] = {
		{ "1", 0, true }, { "yes", 0, true }, { "true", 0, true },
		{ "on", 0, true }, { "enable", 0, true },
		{ "0", 0, false }, { "no", 0, false }, { "false", 0, false },
		{ "off", 0, false }, { "disable", 0, false },
		{ "", -EINVAL, false }, { "2", -EINVAL, false },
		{ "YES", -EINVAL, false }, { "ye", -EINVAL, false },
		{ "yess", -EINVAL, false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		bool v = !t[i].v;
		int rc = cmdline_parse_bool(t[i].s, strlen(t[i].s), &v);

		CHECKF(rc == t[i].rc && (rc || v == t[i].v), "\"%s\": rc %d", t[i].s, rc);
	}
}

/* ---- whole command lines ---- */

struct vals {
	bool flag, other;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64, size;
	char str[8];
	int custom_calls;
	char custom_last[16];
	struct cmdline_dom0_mem mem;
};

static int custom_parse(const char *val, size_t len, void *var)
{
	struct vals *v = var;

	v->custom_calls++;
	if (!val) {
		strcpy(v->custom_last, "(none)");
		return 0;
	}
	if (len >= sizeof(v->custom_last) || (len && val[0] == '!'))
		return -EINVAL;
	memcpy(v->custom_last, val, len);
	v->custom_last[len] = '\0';
	return 0;
}

static struct vals V;

static const struct cmdline_param params[] = {
	{ "flag", CMDLINE_BOOL, &V.flag, 0, NULL },
	{ "other_flag", CMDLINE_BOOL, &V.other, 0, NULL },
	{ "u8", CMDLINE_UINT, &V.u8, 1, NULL },
	{ "u16", CMDLINE_UINT, &V.u16, 2, NULL },
	{ "u32", CMDLINE_UINT, &V.u32, 4, NULL },
	{ "u64", CMDLINE_UINT, &V.u64, 8, NULL },
	{ "mem", CMDLINE_SIZE, &V.size, 0, NULL },
	{ "str", CMDLINE_STRING, V.str, sizeof(V.str), NULL },
	{ "custom", CMDLINE_CUSTOM, &V, 0, custom_parse },
	{ "dom0_mem", CMDLINE_CUSTOM, &V.mem, 0, cmdline_custom_dom0_mem },
	{ "bad_width", CMDLINE_UINT, &V.u32, 3, NULL },
};

struct report_log {
	unsigned int n;
	char tok[8][32];
	int rc[8];
};

static void report(void *ctx, const char *tok, size_t len, int rc)
{
	struct report_log *log = ctx;

	if (log->n < 8) {
		snprintf(log->tok[log->n], sizeof(log->tok[0]), "%.*s", (int)len, tok);
		log->rc[log->n] = rc;
	}
	log->n++;
}

static void defaults(struct vals *v)
{
	memset(v, 0, sizeof(*v));
	v->other = true;
	v->u8 = 7;
	strcpy(v->str, "def");
}

static bool amt_eq(const struct cmdline_mem_amount *a,
		   const struct cmdline_mem_amount *b)
{
	return a->set == b->set && a->negative == b->negative &&
	       a->bytes == b->bytes && a->percent == b->percent;
}

/* Field by field: struct assignment need not copy padding. */
static bool vals_eq(const struct vals *a, const struct vals *b)
{
	return a->flag == b->flag && a->other == b->other && a->u8 == b->u8 &&
	       a->u16 == b->u16 && a->u32 == b->u32 && a->u64 == b->u64 &&
	       a->size == b->size && !strcmp(a->str, b->str) &&
	       a->custom_calls == b->custom_calls &&
	       !strcmp(a->custom_last, b->custom_last) &&
	       amt_eq(&a->mem.amount, &b->mem.amount) &&
	       amt_eq(&a->mem.min, &b->mem.min) && amt_eq(&a->mem.max, &b->mem.max);
}

#define EXPECT(fn_name, ...) \
	static void fn_name(struct vals *v) { __VA_ARGS__; }

EXPECT(e_none, (void)v)
EXPECT(e_flag, v->flag = true)
EXPECT(e_flag_off_other_off, v->flag = false; v->other = false)
EXPECT(e_numbers, v->u8 = 255; v->u16 = 65535; v->u32 = 0xffffffff;
	v->u64 = UINT64_MAX)
EXPECT(e_size, v->size = 64ULL << 20)
EXPECT(e_str, strcpy(v->str, "abcdefg"))
EXPECT(e_str_empty, v->str[0] = '\0')
EXPECT(e_custom, v->custom_calls = 2; strcpy(v->custom_last, "x=y"))
EXPECT(e_custom_none, v->custom_calls = 1; strcpy(v->custom_last, "(none)"))
EXPECT(e_custom_bad, v->custom_calls = 1)
EXPECT(e_last_wins, v->u32 = 3; v->flag = false)
EXPECT(e_mem, v->mem.amount = (struct cmdline_mem_amount){ true, false, 1ULL << 30, 0 };
	v->mem.max = (struct cmdline_mem_amount){ true, false, 1ULL << 30, 0 })
EXPECT(e_dashes, v->other = false; v->size = 4096 << 10)
EXPECT(e_before_dashdash, v->flag = true)

static const struct {
	const char *cmdline;
	void (*expect)(struct vals *v);
	unsigned int nr_bad;
	const char *bad_tok[3];
	int bad_rc[3];
} lines[] = {
	{ "", e_none, 0, { 0 }, { 0 } },
	{ "   \t  ", e_none, 0, { 0 }, { 0 } },
	{ "flag", e_flag, 0, { 0 }, { 0 } },
	{ "  flag  ", e_flag, 0, { 0 }, { 0 } },
	{ "flag=yes", e_flag, 0, { 0 }, { 0 } },
	{ "flag=1 no-other_flag flag=off", e_flag_off_other_off, 0, { 0 }, { 0 } },
	{ "no-other-flag", e_flag_off_other_off, 0, { 0 }, { 0 } },	/* - == _ */
	{ "u8=255 u16=0xffff u32=4294967295 u64=0xffffffffffffffff", e_numbers, 0, { 0 }, { 0 } },
	{ "u8=256 u16=65536 u32=0x100000000", e_none, 3,
	  { "u8=256", "u16=65536", "u32=0x100000000" }, { -ERANGE, -ERANGE, -ERANGE } },
	{ "mem=64M", e_size, 0, { 0 }, { 0 } },
	{ "mem=64X mem", e_none, 2, { "mem=64X", "mem" }, { -EINVAL, -EINVAL } },
	{ "str=abcdefg", e_str, 0, { 0 }, { 0 } },
	{ "str=abcdefgh", e_none, 1, { "str=abcdefgh" }, { -E2BIG } },
	{ "str=", e_str_empty, 0, { 0 }, { 0 } },
	{ "custom=a custom=x=y", e_custom, 0, { 0 }, { 0 } },
	{ "custom", e_custom_none, 0, { 0 }, { 0 } },
	{ "custom=!", e_custom_bad, 1, { "custom=!" }, { -EINVAL } },
	{ "unknown flag=maybe no-u8", e_none, 3,
	  { "unknown", "flag=maybe", "no-u8" }, { -ENOENT, -EINVAL, -EINVAL } },
	{ "no-flag=1 no- =x", e_none, 3, { "no-flag=1", "no-", "=x" },
	  { -EINVAL, -ENOENT, -ENOENT } },
	{ "u32=1 flag u32=3 no-flag", e_last_wins, 0, { 0 }, { 0 } },
	{ "dom0_mem=1024M,max:1024M", e_mem, 0, { 0 }, { 0 } },
	{ "dom0-mem=1G,max:1G dom0_mem=1G,bad", e_mem, 1, { "dom0_mem=1G,bad" }, { -EINVAL } },
	{ "no-other_flag\tmem=4096\nFlag", e_dashes, 1, { "Flag" }, { -ENOENT } },
	{ "flag -- no-flag u8=1 garbage", e_before_dashdash, 0, { 0 }, { 0 } },
	{ "bad_width=1", e_none, 1, { "bad_width=1" }, { -EINVAL } },
	{ "u8=", e_none, 1, { "u8=" }, { -EINVAL } },
	{ "u8", e_none, 1, { "u8" }, { -EINVAL } },
};

TEST(cmdline, whole_lines)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		struct report_log log = { 0 };
		struct vals want;
		unsigned int bad, k;

		defaults(&V);
		defaults(&want);
		lines[i].expect(&want);
		bad = cmdline_parse(lines[i].cmdline, params, ARRAY_SIZE(params),
				    report, &log);
		CHECKF(bad == lines[i].nr_bad && log.n == bad,
		       "\"%s\": %u bad tokens, want %u", lines[i].cmdline, bad,
		       lines[i].nr_bad);
		CHECKF(vals_eq(&V, &want), "\"%s\": values differ",
		       lines[i].cmdline);
		for (k = 0; k < bad && k < 3; k++)
			CHECKF(!strcmp(log.tok[k], lines[i].bad_tok[k] ? lines[i].bad_tok[k] : "") &&
			       log.rc[k] == lines[i].bad_rc[k],
			       "\"%s\": report %u is \"%s\" %d", lines[i].cmdline, k,
			       log.tok[k], log.rc[k]);
	}
	/* A NULL report callback is allowed, and a NULL line is empty. */
	CHECK(cmdline_parse("nope", params, ARRAY_SIZE(params), NULL, NULL) == 1);
	CHECK(cmdline_parse(NULL, params, ARRAY_SIZE(params), NULL, NULL) == 0);
}

TEST(cmdline, split)
{
	static const struct {
		const char *s;
		size_t hv_len;
		const char *dom0;	/* NULL: no "--" */
	} t[] = {
		{ "", 0, NULL },
		{ "a b", 3, NULL },
		{ "a -- b c", 2, "b c" },
		{ "a --   ", 2, "" },
		{ "-- x", 0, "x" },
		{ "a --x b", 7, NULL },
		{ "a x-- b", 7, NULL },
		{ "a\t--\tb -- c", 2, "b -- c" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		size_t hv_len = 999;
		const char *d = cmdline_split(t[i].s, &hv_len);

		CHECKF(hv_len == t[i].hv_len && (t[i].dom0 ? d && !strcmp(d, t[i].dom0) : !d),
		       "\"%s\": hv_len %zu dom0 \"%s\"", t[i].s, hv_len, d ? d : "(null)");
	}
	{
		size_t hv_len = 999;

		CHECK(cmdline_split(NULL, &hv_len) == NULL && hv_len == 0);
	}
}

#define AMT(neg, bytes, pct) { true, neg, bytes, pct }
#define NONE { false, false, 0, 0 }

TEST(cmdline, dom0_mem)
{
	static const struct {
		const char *s;
		int rc;
		struct cmdline_mem_amount amount, min, max;
	} t[] = {
		{ "64M", 0, AMT(false, 64ULL << 20, 0), NONE, NONE },
		{ "1024M,max:1024M", 0, AMT(false, 1ULL << 30, 0), NONE, AMT(false, 1ULL << 30, 0) },
		{ "min:512M,max:2G,1G", 0, AMT(false, 1ULL << 30, 0), AMT(false, 512ULL << 20, 0),
		  AMT(false, 2ULL << 30, 0) },
		{ "max:1G", 0, NONE, NONE, AMT(false, 1ULL << 30, 0) },
		{ "-1G", 0, AMT(true, 1ULL << 30, 0), NONE, NONE },
		{ "25%", 0, AMT(false, 0, 25), NONE, NONE },
		{ "1G+25%", 0, AMT(false, 1ULL << 30, 25), NONE, NONE },
		{ "-512M+10%", 0, AMT(true, 512ULL << 20, 10), NONE, NONE },
		{ "min:-10%", 0, NONE, AMT(true, 0, 10), NONE },
		{ "100%", 0, AMT(false, 0, 100), NONE, NONE },
		{ "1G,2G", 0, AMT(false, 2ULL << 30, 0), NONE, NONE },	/* last wins */
		{ "101%", -ERANGE, NONE, NONE, NONE },
		{ "", -EINVAL, NONE, NONE, NONE },
		{ ",", -EINVAL, NONE, NONE, NONE },
		{ "1G,", -EINVAL, NONE, NONE, NONE },
		{ "max:", -EINVAL, NONE, NONE, NONE },
		{ "max:1G:2", -EINVAL, NONE, NONE, NONE },
		{ "1G+", -EINVAL, NONE, NONE, NONE },
		{ "1G+5", -EINVAL, NONE, NONE, NONE },
		{ "1G+5%x", -EINVAL, NONE, NONE, NONE },
		{ "5%+1G", -EINVAL, NONE, NONE, NONE },
		{ "--1G", -EINVAL, NONE, NONE, NONE },
		{ "abc", -EINVAL, NONE, NONE, NONE },
		{ "MAX:1G", -EINVAL, NONE, NONE, NONE },
		{ "99999999999999999999", -ERANGE, NONE, NONE, NONE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct cmdline_dom0_mem m, untouched;
		int rc;

		memset(&m, 0x5a, sizeof(m));
		untouched = m;
		rc = cmdline_parse_dom0_mem(t[i].s, strlen(t[i].s), &m);
		if (rc) {
			CHECKF(rc == t[i].rc && !memcmp(&m, &untouched, sizeof(m)),
			       "\"%s\": rc %d", t[i].s, rc);
			continue;
		}
		CHECKF(t[i].rc == 0 && amt_eq(&m.amount, &t[i].amount) &&
		       amt_eq(&m.min, &t[i].min) && amt_eq(&m.max, &t[i].max),
		       "\"%s\": rc 0, amount %d/%d/%#llx/%u", t[i].s, m.amount.set,
		       m.amount.negative, (unsigned long long)m.amount.bytes,
		       m.amount.percent);
	}
}

TEST(cmdline, mem_resolve)
{
	static const struct {
		struct cmdline_mem_amount a;
		uint64_t total, want;
	} t[] = {
		{ NONE, 1ULL << 30, 0 },
		{ AMT(false, 64ULL << 20, 0), 1ULL << 30, 64ULL << 20 },
		{ AMT(false, 0, 25), 1ULL << 30, 1ULL << 28 },
		{ AMT(false, 0, 100), 999, 999 },
		{ AMT(false, 0, 50), 3, 1 },
		{ AMT(true, 1ULL << 30, 0), 4ULL << 30, 3ULL << 30 },
		{ AMT(true, 8ULL << 30, 0), 4ULL << 30, 0 },
		{ AMT(true, 512ULL << 20, 50), 2ULL << 30, 512ULL << 20 },
		{ AMT(false, UINT64_MAX, 100), UINT64_MAX, UINT64_MAX },
		{ AMT(false, 0, 100), UINT64_MAX, UINT64_MAX },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t got = cmdline_mem_resolve(&t[i].a, t[i].total);

		CHECKF(got == t[i].want, "row %zu: %#llx", i, (unsigned long long)got);
	}
}

TEST(cmdline, random_lines)
{
	static const char alphabet[] = "flagnou0123x=,-_ :%+MGKmax\t";
	uint64_t rs = test_seed();
	double deadline = test_now() + 0.3;
	unsigned long n = 0;

	while ((n & 63) || test_now() < deadline) {
		size_t len = test_rand(&rs) % 48, i;
		char *s = malloc(len + 1);
		struct cmdline_dom0_mem m;
		size_t hv_len;

		for (i = 0; i < len; i++)
			s[i] = alphabet[test_rand(&rs) % (sizeof(alphabet) - 1)];
		s[len] = '\0';
		defaults(&V);
		(void)cmdline_parse(s, params, ARRAY_SIZE(params), NULL, NULL);
		(void)cmdline_split(s, &hv_len);
		CHECK(hv_len <= len);
		(void)cmdline_parse_dom0_mem(s, len, &m);
		free(s);
		n++;
	}
	test_note("%lu random lines", n);
}
