// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypercall table: number → handler and argument count. Numbers out of
 * range or without a handler give -ENOSYS. Each entry adapts the raw
 * argument registers to the handler's own prototype. Calls are counted
 * per number (boot profiles in docs/performance.md).
 */
#include <hv/lib.h>
#include <hv/hypercall.h>
#include <hv/console.h>
#include <hv/sched.h>
#include <hv/pv.h>
#include <hv/mm.h>
#include <hv/grant.h>
#include <hv/evtchn.h>
#include <hv/vcpu-op.h>
#include <hv/pv-cpu.h>
#include <public/xen.h>

unsigned long hypercall_counts[NR_HYPERCALLS];

#define HC1(fn) static long hc_##fn(const unsigned long *a) { return fn(a[0]); }
#define HC2(fn) static long hc_##fn(const unsigned long *a) { return fn(a[0], a[1]); }
#define HC3(fn) static long hc_##fn(const unsigned long *a) { return fn(a[0], a[1], a[2]); }
#define HC0(fn) static long hc_##fn(const unsigned long *a) { (void)a; return fn(); }

HC1(do_set_trap_table)
HC2(do_stack_switch)
HC3(do_set_callbacks)
HC2(do_xen_version)
HC3(do_console_io)
HC2(do_vm_assist)
HC0(do_iret)
HC2(do_sched_op)
HC2(do_callback_op)
HC2(do_memory_op)
HC2(do_physdev_op)
HC1(do_platform_op)
HC3(do_update_va_mapping)
HC3(do_grant_table_op)
HC2(do_event_channel_op)
HC3(do_vcpu_op)
HC1(do_set_timer_op)
HC2(do_set_gdt)
HC1(do_fpu_taskswitch)
HC2(do_set_debugreg)
HC1(do_get_debugreg)
HC2(do_update_descriptor)
HC2(do_multicall)
HC2(do_set_segment_base)
#define HC4(fn) static long hc_##fn(const unsigned long *a) { return fn(a[0], a[1], a[2], a[3]); }
HC1(do_domctl)
HC1(do_sysctl)
HC4(do_mmu_update)
HC4(do_mmuext_op)
HC4(do_update_va_mapping_otherdomain)

#define ENTRY(nr, fn, n) [HYPERCALL_##nr] = { hc_##fn, n }

static const struct hypercall_entry table[NR_HYPERCALLS] = {
	ENTRY(set_trap_table, do_set_trap_table, 1),
	ENTRY(stack_switch, do_stack_switch, 2),
	ENTRY(set_callbacks, do_set_callbacks, 3),
	ENTRY(xen_version, do_xen_version, 2),
	ENTRY(console_io, do_console_io, 3),
	ENTRY(vm_assist, do_vm_assist, 2),
	ENTRY(iret, do_iret, 0),
	ENTRY(sched_op, do_sched_op, 2),
	ENTRY(callback_op, do_callback_op, 2),
	ENTRY(memory_op, do_memory_op, 2),
	ENTRY(physdev_op, do_physdev_op, 2),
	ENTRY(platform_op, do_platform_op, 1),
	ENTRY(update_va_mapping, do_update_va_mapping, 3),
	ENTRY(update_va_mapping_otherdomain, do_update_va_mapping_otherdomain, 4),
	ENTRY(grant_table_op, do_grant_table_op, 3),
	ENTRY(event_channel_op, do_event_channel_op, 2),
	ENTRY(vcpu_op, do_vcpu_op, 3),
	ENTRY(set_timer_op, do_set_timer_op, 1),
	ENTRY(mmu_update, do_mmu_update, 4),
	ENTRY(mmuext_op, do_mmuext_op, 4),
	ENTRY(set_gdt, do_set_gdt, 2),
	ENTRY(fpu_taskswitch, do_fpu_taskswitch, 1),
	ENTRY(set_debugreg, do_set_debugreg, 2),
	ENTRY(get_debugreg, do_get_debugreg, 1),
	ENTRY(update_descriptor, do_update_descriptor, 2),
	ENTRY(multicall, do_multicall, 2),
	ENTRY(set_segment_base, do_set_segment_base, 2),
	ENTRY(sysctl, do_sysctl, 1),
	ENTRY(domctl, do_domctl, 1),
};

/* Printed when the hardware domain ends (boot profiles, make bench). */
void hypercall_print_counts(void)
{
	unsigned long total = 0;

	for (unsigned int i = 0; i < NR_HYPERCALLS; i++)
		total += hypercall_counts[i];
	printk("hypercall counts: %lu in all\n", total);
	for (unsigned int i = 0; i < NR_HYPERCALLS; i++)
		if (hypercall_counts[i])
			printk("hypercall %u: %lu\n", i, hypercall_counts[i]);
}

const struct hypercall_entry *hypercall_lookup(unsigned long nr)
{
	if (nr >= NR_HYPERCALLS || !table[nr].fn)
		return NULL;
	return &table[nr];
}
