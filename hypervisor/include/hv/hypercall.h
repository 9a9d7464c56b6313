/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall table. */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <stdint.h>

typedef long (*hypercall_fn_t)(const unsigned long *args);

struct hypercall_entry {
	hypercall_fn_t fn;
	uint8_t nargs;
};

const struct hypercall_entry *hypercall_lookup(unsigned long nr);
extern unsigned long hypercall_counts[];
long do_xen_version(unsigned long cmd, unsigned long arg);
void hypercall_print_counts(void);

#endif
