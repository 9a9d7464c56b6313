/* SPDX-License-Identifier: GPL-2.0-only */
/* What the boot loader handed over, in one loader-independent form. */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include <stdint.h>
#include <stddef.h>

#define MAX_BOOT_MODULES 8
#define MAX_BOOT_RANGES  128
#define BOOT_CMDLINE_MAX 1024

struct boot_module {
	uint64_t start;          /* machine address */
	uint64_t size;
	char cmdline[BOOT_CMDLINE_MAX];
};

struct boot_range {
	uint64_t start, end;     /* [start, end) */
	uint32_t type;           /* E820 type: 1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 bad */
};

struct boot_info {
	const char *loader;
	char cmdline[BOOT_CMDLINE_MAX];
	unsigned int nr_modules;
	struct boot_module modules[MAX_BOOT_MODULES];
	unsigned int nr_ranges;
	struct boot_range ranges[MAX_BOOT_RANGES];
	/* Areas the loader used that must not be reused before we are done. */
	unsigned int nr_used;
	struct boot_range used[MAX_BOOT_MODULES + 8];
};

int multiboot_parse(uint32_t magic, uint64_t info_pa, struct boot_info *bi);
/* The machine's sanitised memory map and modules, as parsed at boot. */
const struct boot_info *boot_info_get(void);

#endif
