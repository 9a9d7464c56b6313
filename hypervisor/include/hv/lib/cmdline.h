/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command line parsing (hypervisor/lib/cmdline.c), Xen style:
 *
 *   - tokens are separated by blanks (space, tab, CR, LF); no quoting;
 *   - `name`, `name=value`, and `no-name` (a boolean set to false);
 *   - '-' and '_' are the same character in names (dom0-mem == dom0_mem);
 *   - a standalone `--` ends the hypervisor's options; what follows is the
 *     dom0 kernel's command line (cmdline_split());
 *   - a later occurrence of a parameter overrides an earlier one;
 *   - unknown or malformed tokens are reported and skipped, never fatal.
 *
 * Numbers are C-style: decimal, 0x hexadecimal, or 0 octal. Sizes take an
 * optional suffix K, M, G, T (binary multiples) or B (bytes), either case;
 * without one the number is in KiB, as on Xen's command line: 4096 means
 * 4 MiB, 4096B means 4 KiB, 64M, 0x10M, 2g.
 */
#ifndef HV_LIB_CMDLINE_H
#define HV_LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cmdline_type {
	CMDLINE_BOOL,	/* bool *var: name, name=<bool>, no-name */
	CMDLINE_UINT,	/* unsigned integer of .size bytes (1, 2, 4, 8) */
	CMDLINE_SIZE,	/* uint64_t *var, bytes */
	CMDLINE_STRING,	/* char var[.size], NUL-terminated; too long: -E2BIG */
	CMDLINE_CUSTOM,	/* .parse(value, len, var) */
};

struct cmdline_param {
	const char *name;
	enum cmdline_type type;
	void *var;
	size_t size;	/* CMDLINE_UINT and CMDLINE_STRING only */
	/*
	 * CMDLINE_CUSTOM: @val is NULL when the token had no '='. Returns 0 or
	 * a -errno, which is reported like any other bad value.
	 */
	int (*parse)(const char *val, size_t len, void *var);
};

/*
 * Told about each token that was not applied: @rc is -ENOENT for an unknown
 * name, -EINVAL for a bad value or form, -ERANGE for a number too big for
 * its variable, -E2BIG for a string too long, or a custom parser's error.
 * @tok is not NUL-terminated.
 */
typedef void (*cmdline_report_fn)(void *ctx, const char *tok, size_t len,
				  int rc);

/*
 * Applies every token of @cmdline (up to a standalone "--"; NULL is an
 * empty line, as when the boot loader gave none) to the matching entry of
 * @params. A variable is written only when its value is valid.
 * Returns the number of tokens reported to @report (which may be NULL).
 */
unsigned int cmdline_parse(const char *cmdline,
			   const struct cmdline_param *params, size_t nr_params,
			   cmdline_report_fn report, void *ctx);

/*
 * Finds the standalone "--" token. *hv_len receives the length of the text
 * before it (the whole string if there is none; 0 for NULL). Returns the text after it
 * with leading blanks skipped, or NULL without a "--".
 */
const char *cmdline_split(const char *cmdline, size_t *hv_len);

/*
 * Value parsers used by cmdline_parse(), for custom parameters. Each reads
 * exactly @len bytes (no NUL needed) and returns 0, -EINVAL for bad syntax,
 * or -ERANGE on overflow.
 *
 * Booleans: 1 yes true on enable and 0 no false off disable.
 */
int cmdline_parse_bool(const char *s, size_t len, bool *out);
int cmdline_parse_uint(const char *s, size_t len, uint64_t *out);
int cmdline_parse_size(const char *s, size_t len, uint64_t *out);

/*
 * dom0_mem, as Xen 4.17 writes it: a comma-separated list of
 *   <amount> | min:<amount> | max:<amount>
 * where <amount> is [-]<size>, [-]<pct>%, or [-]<size>+<pct>%: a size, a
 * percentage (0..100) of the host's memory, or both added; a leading '-'
 * means "all of the host's memory but this". Examples:
 *   dom0_mem=1024M   dom0_mem=1G,max:1G   dom0_mem=min:512M,-1G   dom0_mem=25%
 */
struct cmdline_mem_amount {
	bool set;
	bool negative;
	uint64_t bytes;
	unsigned int percent;
};

struct cmdline_dom0_mem {
	struct cmdline_mem_amount amount;	/* the initial allocation */
	struct cmdline_mem_amount min;
	struct cmdline_mem_amount max;
};

/* Fills *out only if the whole value is valid; items absent keep set=false. */
int cmdline_parse_dom0_mem(const char *s, size_t len,
			   struct cmdline_dom0_mem *out);

/* A CMDLINE_CUSTOM .parse for a parameter whose var is a cmdline_dom0_mem. */
int cmdline_custom_dom0_mem(const char *val, size_t len, void *var);

/*
 * Bytes meant by @a on a host with @total bytes: bytes + total*percent/100,
 * or total minus that (floored at 0) if negative. Saturates on overflow.
 */
uint64_t cmdline_mem_resolve(const struct cmdline_mem_amount *a,
			     uint64_t total);

#endif /* HV_LIB_CMDLINE_H */
