// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the domain XML import: parse or fail with a
 * message; whatever imports must export and import again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctrl_domcfg a, b;
	char err[CTRL_CFG_ERRLEN];
	char *xml;

	if (ctrl_xml_parse(&a, "fuzz.xml", (const char *)data, size, err)) {
		if (!err[0])
			abort();
		ctrl_domcfg_free(&a);
		return 0;
	}
	xml = ctrl_domcfg_to_xml(&a, -1);
	if (!xml)
		abort();
	if (ctrl_xml_parse(&b, "again.xml", xml, strlen(xml), err))
		abort();
	if (a.memory_mb != b.memory_mb || a.maxvcpus != b.maxvcpus ||
	    a.nr_disks != b.nr_disks || a.nr_vifs != b.nr_vifs)
		abort();
	free(xml);
	ctrl_domcfg_free(&a);
	ctrl_domcfg_free(&b);
	return 0;
}
