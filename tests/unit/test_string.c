/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor/lib/string.c: exhaustive small cases against reference loops
 * (every length and alignment, overlapping moves), tables for the string
 * functions, with the C library as a second opinion where semantics match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hvlib.h"
#include "runner.h"

#define BUF 96

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7 + 3);
}

TEST(string, memcpy_all_lengths_and_alignments)
{
	unsigned char src[BUF], dst[BUF], ref[BUF];
	size_t so, d_o, n;

	for (so = 0; so < 9; so++)
		for (d_o = 0; d_o < 9; d_o++)
			for (n = 0; n + 9 < BUF; n++) {
				fill(src, BUF, (unsigned int)(so + n));
				memset(dst, 0xee, BUF);
				memset(ref, 0xee, BUF);
				memcpy(ref + d_o, src + so, n);
				CHECK(lib_memcpy(dst + d_o, src + so, n) == dst + d_o);
				CHECKF(!memcmp(dst, ref, BUF), "so=%zu do=%zu n=%zu", so, d_o, n);
			}
}

TEST(string, memmove_overlaps)
{
	unsigned char buf[BUF], ref[BUF];
	size_t s, d, n;

	/* Every source/destination pair inside one buffer, every length. */
	for (s = 0; s < 40; s++)
		for (d = 0; d < 40; d++)
			for (n = 0; n <= 40; n++) {
				size_t i;

				fill(buf, BUF, (unsigned int)n);
				fill(ref, BUF, (unsigned int)n);
				/* reference: through a temporary */
				{
					unsigned char tmp[BUF];

					for (i = 0; i < n; i++)
						tmp[i] = ref[s + i];
					for (i = 0; i < n; i++)
						ref[d + i] = tmp[i];
				}
				CHECK(lib_memmove(buf + d, buf + s, n) == buf + d);
				CHECKF(!memcmp(buf, ref, BUF), "s=%zu d=%zu n=%zu", s, d, n);
			}
}

TEST(string, memset_all_lengths_and_alignments)
{
	unsigned char buf[BUF], ref[BUF];
	size_t o, n;
	int c;

	for (c = -1; c <= 0x1ff; c += 0x7f)
		for (o = 0; o < 9; o++)
			for (n = 0; n + 9 < BUF; n++) {
				memset(buf, 0x11, BUF);
				memset(ref, 0x11, BUF);
				memset(ref + o, c, n);
				CHECK(lib_memset(buf + o, c, n) == buf + o);
				CHECKF(!memcmp(buf, ref, BUF), "c=%d o=%zu n=%zu", c, o, n);
			}
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

TEST(string, memcmp_table)
{
	static const struct {
		const char *a, *b;
		size_t n;
		int want;
	} t[] = {
		{ "", "", 0, 0 },
		{ "abc", "abd", 2, 0 },
		{ "abc", "abd", 3, -1 },
		{ "abd", "abc", 3, 1 },
		{ "\x80", "\x7f", 1, 1 },	/* bytes compare unsigned */
		{ "a\0b", "a\0c", 3, -1 },	/* NUL is not special */
		{ "zzzz", "zzzz", 4, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECKF(sign(lib_memcmp(t[i].a, t[i].b, t[i].n)) == t[i].want, "row %zu", i);
		CHECKF(sign(memcmp(t[i].a, t[i].b, t[i].n)) == t[i].want, "libc row %zu", i);
	}
}

TEST(string, memchr_table)
{
	static const char s[] = "hello\0world\xff";
	static const struct {
		int c;
		size_t n;
		long want;	/* index, or -1 */
	} t[] = {
		{ 'h', 12, 0 }, { 'o', 12, 4 }, { 'w', 12, 6 }, { 'w', 6, -1 },
		{ 0, 12, 5 }, { 0xff, 12, 11 }, { -1, 12, 11 }, { 0x1ff, 12, 11 },
		{ 'x', 12, -1 }, { 'h', 0, -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *r = lib_memchr(s, t[i].c, t[i].n);

		CHECKF(r == (t[i].want < 0 ? NULL : s + t[i].want), "row %zu", i);
	}
}

TEST(string, strlen_strnlen)
{
	static const struct {
		const char *s;
		size_t max, len, nlen;
	} t[] = {
		{ "", 0, 0, 0 }, { "", 5, 0, 0 }, { "a", 0, 1, 0 },
		{ "abc", 2, 3, 2 }, { "abc", 3, 3, 3 }, { "abc", 99, 3, 3 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECKF(lib_strlen(t[i].s) == t[i].len, "row %zu", i);
		CHECKF(lib_strnlen(t[i].s, t[i].max) == t[i].nlen, "row %zu", i);
	}
	/* strnlen must not read past max: an unterminated heap buffer. */
	{
		char *p = malloc(4);

		memcpy(p, "abcd", 4);
		CHECK(lib_strnlen(p, 4) == 4);
		free(p);
	}
}

TEST(string, strcmp_strncmp_table)
{
	static const struct {
		const char *a, *b;
		size_t n;
		int cmp, ncmp;
	} t[] = {
		{ "", "", 5, 0, 0 },
		{ "a", "", 5, 1, 1 },
		{ "", "a", 5, -1, -1 },
		{ "abc", "abc", 5, 0, 0 },
		{ "abc", "abd", 2, -1, 0 },
		{ "abc", "ab", 2, 1, 0 },
		{ "abc", "ab", 3, 1, 1 },
		{ "\x80", "a", 1, 1, 1 },
		{ "x", "y", 0, -1, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECKF(sign(lib_strcmp(t[i].a, t[i].b)) == t[i].cmp, "row %zu", i);
		CHECKF(sign(lib_strncmp(t[i].a, t[i].b, t[i].n)) == t[i].ncmp, "row %zu", i);
		CHECKF(sign(strcmp(t[i].a, t[i].b)) == t[i].cmp, "libc row %zu", i);
		CHECKF(sign(strncmp(t[i].a, t[i].b, t[i].n)) == t[i].ncmp, "libc row %zu", i);
	}
}

TEST(string, strchr_strrchr_strstr_table)
{
	static const char s[] = "a/b/c";
	static const struct {
		int c;
		long chr, rchr;
	} t[] = {
		{ 'a', 0, 0 }, { '/', 1, 3 }, { 'c', 4, 4 }, { 'x', -1, -1 },
		{ 0, 5, 5 },	/* the terminator is part of the string */
	};
	static const struct {
		const char *h, *n;
		long at;
	} ss[] = {
		{ "", "", 0 }, { "abc", "", 0 }, { "", "a", -1 },
		{ "abcabd", "abd", 3 }, { "aaab", "aab", 1 }, { "abc", "abcd", -1 },
		{ "abc", "c", 2 }, { "xyz", "q", -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECKF(lib_strchr(s, t[i].c) == (t[i].chr < 0 ? NULL : s + t[i].chr), "row %zu", i);
		CHECKF(lib_strrchr(s, t[i].c) == (t[i].rchr < 0 ? NULL : s + t[i].rchr), "row %zu", i);
	}
	for (i = 0; i < ARRAY_SIZE(ss); i++) {
		const char *r = lib_strstr(ss[i].h, ss[i].n);

		CHECKF(r == (ss[i].at < 0 ? NULL : ss[i].h + ss[i].at), "strstr row %zu", i);
	}
}

TEST(string, strlcpy_strlcat_table)
{
	static const struct {
		const char *dst0, *src;
		size_t size;
		const char *cpy;	/* dst after strlcpy */
		size_t cpy_ret;
		const char *cat;	/* dst0 after strlcat */
		size_t cat_ret;
	} t[] = {
		{ "", "hello", 16, "hello", 5, "hello", 5 },
		{ "ab", "cd", 16, "cd", 2, "abcd", 4 },
		{ "ab", "cdef", 4, "cde", 4, "abc", 6 },
		{ "ab", "cdef", 3, "cd", 4, "ab", 6 },
		{ "ab", "cdef", 1, "", 4, "ab", 5 },	/* no NUL within 1: size+len */
		{ "ab", "", 3, "", 0, "ab", 2 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char buf[32];

		memset(buf, 'X', sizeof(buf));
		CHECKF(lib_strlcpy(buf, t[i].src, t[i].size) == t[i].cpy_ret, "cpy row %zu", i);
		CHECKF(!strcmp(buf, t[i].cpy), "cpy row %zu: '%s'", i, buf);
		CHECKF(buf[t[i].size] == 'X', "cpy row %zu wrote past size", i);

		memset(buf, 'X', sizeof(buf));
		strcpy(buf, t[i].dst0);
		CHECKF(lib_strlcat(buf, t[i].src, t[i].size) == t[i].cat_ret, "cat row %zu", i);
		CHECKF(!strcmp(buf, t[i].cat), "cat row %zu: '%s'", i, buf);
	}
	/* size 0 writes nothing at all, even to a NULL destination. */
	CHECK(lib_strlcpy(NULL, "abc", 0) == 3);
}
