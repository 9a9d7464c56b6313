/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command line parsing: splits the boot loader's string into tokens and
 * applies them to a caller's table of parameters. The string is never
 * modified; tokens and values are (pointer, length) slices of it.
 * Syntax and units are documented in hv/lib/cmdline.h.
 */
#include <hv/errno.h>
#include <hv/lib/cmdline.h>
#include <hv/lib/string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Reads the longest C-style number at the start of s[0..len) and returns
 * how many bytes it took (0 if there is no number), or -ERANGE.
 */
static int parse_number(const char *s, size_t len, uint64_t *out)
{
	unsigned int base = 10;
	size_t i = 0;
	uint64_t v = 0;

	if (len >= 3 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value(s[2]) >= 0) {
		base = 16;
		i = 2;
	} else if (len >= 2 && s[0] == '0') {
		base = 8;
	}
	for (; i < len; i++) {
		int d = digit_value(s[i]);

		if (d < 0 || (unsigned int)d >= base)
			break;
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			return -ERANGE;
		v = v * base + (unsigned int)d;
	}
	*out = v;
	return (int)(i > 0x7fffffff ? 0x7fffffff : i);
}

int cmdline_parse_uint(const char *s, size_t len, uint64_t *out)
{
	uint64_t v;
	int used = parse_number(s, len, &v);

	if (used < 0)
		return used;
	if (!used || (size_t)used != len)
		return -EINVAL;
	*out = v;
	return 0;
}

static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k':
		return 10;
	case 'M': case 'm':
		return 20;
	case 'G': case 'g':
		return 30;
	case 'T': case 't':
		return 40;
	default: /* 'B', 'b' */
		return 0;
	}
}

static bool is_suffix(char c)
{
	return c && strchr("KkMmGgTtBb", c);
}

/* A number and an optional unit at the start of s; returns bytes used. */
static int parse_size_prefix(const char *s, size_t len, uint64_t *out)
{
	uint64_t v;
	unsigned int shift = 10;   /* no unit means KiB, as on Xen's command line */
	int used = parse_number(s, len, &v);

	if (used <= 0)
		return used ? used : -EINVAL;
	if ((size_t)used < len && is_suffix(s[used])) {
		shift = suffix_shift(s[used]);
		used++;
	}
	if (v > UINT64_MAX >> shift)
		return -ERANGE;
	*out = v << shift;
	return used;
}

int cmdline_parse_size(const char *s, size_t len, uint64_t *out)
{
	uint64_t v;
	int used = parse_size_prefix(s, len, &v);

	if (used < 0)
		return used;
	if ((size_t)used != len)
		return -EINVAL;
	*out = v;
	return 0;
}

static bool word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(s, word, len);
}

int cmdline_parse_bool(const char *s, size_t len, bool *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on", "enable" };
	static const char *const no[] = { "0", "no", "false", "off", "disable" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (word_is(s, len, yes[i])) {
			*out = true;
			return 0;
		}
		if (word_is(s, len, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Name comparison where '-' and '_' are the same character. */
static bool name_is(const char *s, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char a = s[i] == '-' ? '_' : s[i];
		char b = name[i] == '-' ? '_' : name[i];

		if (!name[i] || a != b)
			return false;
	}
	return !name[len];
}

static const struct cmdline_param *find_param(const struct cmdline_param *params,
					      size_t nr, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (name_is(s, len, params[i].name))
			return &params[i];
	}
	return NULL;
}

static int store_uint(const struct cmdline_param *p, uint64_t v)
{
	switch (p->size) {
	case 1:
		if (v > UINT8_MAX)
			return -ERANGE;
		*(uint8_t *)p->var = (uint8_t)v;
		return 0;
	case 2:
		if (v > UINT16_MAX)
			return -ERANGE;
		*(uint16_t *)p->var = (uint16_t)v;
		return 0;
	case 4:
		if (v > UINT32_MAX)
			return -ERANGE;
		*(uint32_t *)p->var = (uint32_t)v;
		return 0;
	case 8:
		*(uint64_t *)p->var = v;
		return 0;
	default:
		return -EINVAL; /* a bad table entry */
	}
}

/* @val is NULL when the token had no '='. */
static int apply_param(const struct cmdline_param *p, const char *val,
		       size_t len, bool negated)
{
	uint64_t v;
	bool b;
	int rc;

	if (negated) {
		/* "no-name" exists for booleans only, and takes no value. */
		if (p->type != CMDLINE_BOOL || val)
			return -EINVAL;
		*(bool *)p->var = false;
		return 0;
	}
	if (p->type == CMDLINE_CUSTOM)
		return p->parse ? p->parse(val, len, p->var) : -EINVAL;
	if (p->type == CMDLINE_BOOL && !val) {
		*(bool *)p->var = true;
		return 0;
	}
	if (!val)
		return -EINVAL;

	switch (p->type) {
	case CMDLINE_BOOL:
		rc = cmdline_parse_bool(val, len, &b);
		if (!rc)
			*(bool *)p->var = b;
		return rc;
	case CMDLINE_UINT:
		rc = cmdline_parse_uint(val, len, &v);
		return rc ? rc : store_uint(p, v);
	case CMDLINE_SIZE:
		rc = cmdline_parse_size(val, len, &v);
		if (!rc)
			*(uint64_t *)p->var = v;
		return rc;
	case CMDLINE_STRING:
		if (len >= p->size)
			return -E2BIG;
		memcpy(p->var, val, len);
		((char *)p->var)[len] = '\0';
		return 0;
	default:
		return -EINVAL;
	}
}

static int apply_token(const char *tok, size_t len,
		       const struct cmdline_param *params, size_t nr)
{
	const char *eq = memchr(tok, '=', len);
	size_t name_len = eq ? (size_t)(eq - tok) : len;
	const char *val = eq ? eq + 1 : NULL;
	size_t val_len = eq ? len - name_len - 1 : 0;
	const struct cmdline_param *p = find_param(params, nr, tok, name_len);

	if (p)
		return apply_param(p, val, val_len, false);
	if (name_len > 3 && !memcmp(tok, "no-", 3)) {
		p = find_param(params, nr, tok + 3, name_len - 3);
		if (p)
			return apply_param(p, val, val_len, true);
	}
	return -ENOENT;
}

/* Next token at or after *pos; returns its length, 0 at the end. */
static size_t next_token(const char *s, size_t *pos, const char **tok)
{
	size_t i = *pos, start;

	while (s[i] && is_blank(s[i]))
		i++;
	start = i;
	while (s[i] && !is_blank(s[i]))
		i++;
	*tok = s + start;
	*pos = i;
	return i - start;
}

unsigned int cmdline_parse(const char *cmdline,
			   const struct cmdline_param *params, size_t nr_params,
			   cmdline_report_fn report, void *ctx)
{
	unsigned int bad = 0;
	size_t pos = 0, len;
	const char *tok;
	int rc;

	if (!cmdline)
		return 0;
	while ((len = next_token(cmdline, &pos, &tok)) != 0) {
		if (len == 2 && !memcmp(tok, "--", 2))
			break;
		rc = apply_token(tok, len, params, nr_params);
		if (rc) {
			bad++;
			if (report)
				report(ctx, tok, len, rc);
		}
	}
	return bad;
}

const char *cmdline_split(const char *cmdline, size_t *hv_len)
{
	size_t pos = 0, len;
	const char *tok;

	if (!cmdline) {
		*hv_len = 0;
		return NULL;
	}
	while ((len = next_token(cmdline, &pos, &tok)) != 0) {
		if (len == 2 && !memcmp(tok, "--", 2)) {
			*hv_len = (size_t)(tok - cmdline);
			while (cmdline[pos] && is_blank(cmdline[pos]))
				pos++;
			return cmdline + pos;
		}
	}
	*hv_len = pos;
	return NULL;
}

/* [-]<size> | [-]<pct>% | [-]<size>+<pct>%, exactly filling s[0..len). */
static int parse_mem_amount(const char *s, size_t len,
			    struct cmdline_mem_amount *a)
{
	struct cmdline_mem_amount t = { .set = true };
	uint64_t v;
	size_t i = 0;
	int used;

	if (len && s[0] == '-') {
		t.negative = true;
		i = 1;
	}
	used = parse_number(s + i, len - i, &v);
	if (used < 0)
		return used;
	if (!used)
		return -EINVAL;
	if ((size_t)used < len - i && s[i + used] == '%') {
		i += (size_t)used + 1;
	} else {
		used = parse_size_prefix(s + i, len - i, &t.bytes);
		if (used < 0)
			return used;
		i += (size_t)used;
		if (i == len)
			goto out;
		if (s[i] != '+')
			return -EINVAL;
		i++;
		used = parse_number(s + i, len - i, &v);
		if (used < 0)
			return used;
		if (!used || (size_t)used >= len - i || s[i + used] != '%')
			return -EINVAL;
		i += (size_t)used + 1;
	}
	if (v > 100)
		return -ERANGE;
	t.percent = (unsigned int)v;
	if (i != len)
		return -EINVAL;
out:
	*a = t;
	return 0;
}

int cmdline_parse_dom0_mem(const char *s, size_t len,
			   struct cmdline_dom0_mem *out)
{
	struct cmdline_dom0_mem m = { 0 };
	size_t pos = 0;

	if (!len)
		return -EINVAL;
	while (pos <= len) {
		const char *item = s + pos;
		const char *comma = memchr(item, ',', len - pos);
		size_t n = comma ? (size_t)(comma - item) : len - pos;
		struct cmdline_mem_amount *dst = &m.amount;
		int rc;

		if (n >= 4 && !memcmp(item, "min:", 4)) {
			dst = &m.min;
			item += 4;
			n -= 4;
		} else if (n >= 4 && !memcmp(item, "max:", 4)) {
			dst = &m.max;
			item += 4;
			n -= 4;
		}
		rc = parse_mem_amount(item, n, dst);
		if (rc)
			return rc;
		if (!comma)
			break;
		pos = (size_t)(comma - s) + 1;
	}
	*out = m;
	return 0;
}

int cmdline_custom_dom0_mem(const char *val, size_t len, void *var)
{
	return val ? cmdline_parse_dom0_mem(val, len, var) : -EINVAL;
}

uint64_t cmdline_mem_resolve(const struct cmdline_mem_amount *a,
			     uint64_t total)
{
	/* percent <= 100: neither product can overflow. */
	uint64_t pct = total / 100 * a->percent + total % 100 * a->percent / 100;
	uint64_t amt = a->bytes > UINT64_MAX - pct ? UINT64_MAX : a->bytes + pct;

	if (!a->set)
		return 0;
	if (a->negative)
		return amt < total ? total - amt : 0;
	return amt;
}
