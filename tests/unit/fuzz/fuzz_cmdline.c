/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target: command line tokens, value parsers and dom0_mem. */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/cmdline.h>
#include "hvlib.h"

static struct {
	bool b;
	uint8_t u8;
	uint64_t u64, size;
	char str[16];
	struct cmdline_dom0_mem mem;
} v;

static const struct cmdline_param params[] = {
	{ "flag", CMDLINE_BOOL, &v.b, 0, NULL },
	{ "u8", CMDLINE_UINT, &v.u8, 1, NULL },
	{ "u64", CMDLINE_UINT, &v.u64, 8, NULL },
	{ "mem", CMDLINE_SIZE, &v.size, 0, NULL },
	{ "str", CMDLINE_STRING, v.str, sizeof(v.str), NULL },
	{ "dom0_mem", CMDLINE_CUSTOM, &v.mem, 0, cmdline_custom_dom0_mem },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t hv_len;
	uint64_t n;
	bool b;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)cmdline_parse(s, params, sizeof(params) / sizeof(params[0]), NULL, NULL);
	if (cmdline_split(s, &hv_len) && hv_len > size)
		abort();
	/* The value parsers read exactly len bytes: no terminator given. */
	(void)cmdline_parse_size((const char *)data, size, &n);
	(void)cmdline_parse_uint((const char *)data, size, &n);
	(void)cmdline_parse_bool((const char *)data, size, &b);
	(void)cmdline_parse_dom0_mem((const char *)data, size, &v.mem);
	free(s);
	return 0;
}
