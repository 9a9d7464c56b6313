// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the xl.cfg parser: any byte string must parse or
 * fail cleanly, and whatever parses must serialise to text that parses
 * back to the same model (and to JSON and XML without crashing).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctrl_domcfg a, b;
	char err[CTRL_CFG_ERRLEN];
	char *text, *json, *xml;

	if (ctrl_cfg_parse(&a, "fuzz.cfg", (const char *)data, size, NULL, 0,
			   err)) {
		if (!err[0])
			abort(); /* every failure explains itself */
		ctrl_domcfg_free(&a);
		return 0;
	}
	text = ctrl_domcfg_to_cfg(&a);
	if (!text)
		abort();
	if (ctrl_cfg_parse(&b, "again.cfg", text, strlen(text), NULL, 0, err))
		abort();
	if (!ctrl_domcfg_equal(&a, &b))
		abort();
	json = ctrl_domcfg_to_json(&a, 2);
	xml = ctrl_domcfg_to_xml(&a, 1);
	free(json);
	free(xml);
	free(text);
	ctrl_domcfg_free(&a);
	ctrl_domcfg_free(&b);
	return 0;
}
