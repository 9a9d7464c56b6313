// SPDX-License-Identifier: GPL-2.0-only
/*
 * multicall: a batch of hypercalls in one. ABI rules checked (Xen 4.17):
 *  - each entry {op, result, args[6]} is run in order through the normal
 *    hypercall table and its return value stored in its result field; the
 *    multicall itself returns 0;
 *  - an unknown op gives -ENOSYS in its result and the batch goes on; a
 *    bad argument pointer of one call gives that call's -EFAULT and the
 *    batch goes on; a multicall inside a multicall gives -EINVAL;
 *  - the effects of calls are visible to later ones in the same batch
 *    (fpu_taskswitch, set_segment_base, update_va_mapping);
 *  - an unreadable list gives -EFAULT: at the start nothing runs; when the
 *    list runs into an unmapped page the entries before it ran and have
 *    their results;
 *  - a list pointer in the hypervisor's hole gives -EFAULT; zero entries
 *    returns 0;
 *  - a long batch (600 entries) runs completely, whatever preemption
 *    happens in between.
 */
#include "pvcpu.h"

const char test_kernel_name[] = "multicall";

#define HYPERCALL_xen_version_nr 17
#define NCALLS 8

static struct multicall_entry calls[NCALLS];
/* Two pages: the list is placed so that it runs into the second, unmapped. */
static char edge[2][PAGE_SIZE] __aligned(PAGE_SIZE);
static char text[] = "multicall-console\n";
static uint64_t fs_probe = 0x7777777777777777UL;

static void set_call(struct multicall_entry *c, uint64_t op, uint64_t a0, uint64_t a1,
		     uint64_t a2)
{
	memset(c, 0, sizeof(*c));
	c->op = op;
	c->result = 0xabababababababab;
	c->args[0] = a0;
	c->args[1] = a1;
	c->args[2] = a2;
}

static void test_batch(void)
{
	struct multicall_entry inner[1];
	long rc;
	uint64_t v = 0;

	set_call(&inner[0], HYPERCALL_xen_version_nr, XENVER_version, 0, 0);
	set_call(&calls[0], HYPERCALL_xen_version_nr, XENVER_version, 0, 0);
	set_call(&calls[1], HYPERCALL_console_io, CONSOLEIO_write, sizeof(text) - 1,
		 (uint64_t)text);
	set_call(&calls[2], 999, 0, 0, 0);
	set_call(&calls[3], HYPERCALL_xen_version_nr, XENVER_extraversion,
		 (uint64_t)guard_page, 0);
	set_call(&calls[4], HYPERCALL_multicall, (uint64_t)inner, 1, 0);
	set_call(&calls[5], HYPERCALL_fpu_taskswitch, 1, 0, 0);
	set_call(&calls[6], HYPERCALL_set_segment_base, SEGBASE_FS, (uint64_t)&fs_probe, 0);
	set_call(&calls[7], HYPERCALL_fpu_taskswitch, 0, 0, 0);

	rc = hv_multicall(calls, NCALLS);
	check_eq("batch.rc", rc, 0);
	check_eq("batch.xen_version", calls[0].result, 0x40011);
	check_eq("batch.console_io", calls[1].result, 0);
	check_eq("batch.unknown_op", calls[2].result, (uint64_t)-ENOSYS);
	check_eq("batch.bad_pointer", calls[3].result, (uint64_t)-EFAULT);
	check_eq("batch.nested", calls[4].result, (uint64_t)-EINVAL);
	check_eq("batch.nested.untouched", inner[0].result, 0xabababababababab);
	check_eq("batch.fpu_set", calls[5].result, 0);
	check_eq("batch.segbase", calls[6].result, 0);
	check_eq("batch.fpu_clear", calls[7].result, 0);
	asm volatile("mov %%fs:0, %0" : "=r"(v));
	check_eq("batch.segbase.effect", v, fs_probe);
	read_cr0_safe(&v);
	check_eq("batch.cr0_ts_clear", v & 8, 0);
	hv_set_segment_base(SEGBASE_FS, 0);
}

static void test_order(void)
{
	long rc;
	uint64_t v = 0;

	/* The second call sees the first's effect. */
	set_call(&calls[0], HYPERCALL_fpu_taskswitch, 1, 0, 0);
	set_call(&calls[1], HYPERCALL_xen_version_nr, XENVER_version, 0, 0);
	rc = hv_multicall(calls, 2);
	check("order.rc", rc == 0 && calls[0].result == 0 && calls[1].result == 0x40011,
	      "rc %ld results %#lx %#lx", rc, calls[0].result, calls[1].result);
	read_cr0_safe(&v);
	check_eq("order.ts_set", v & 8, 8);
	hv_fpu_taskswitch(0);
}

static void test_bad_lists(void)
{
	struct multicall_entry *tail =
		(struct multicall_entry *)(edge[1]) - 2;	/* two fit, the third does not */
	long rc;

	check_eq("list.zero_entries", hv_multicall(calls, 0), 0);
	check_eq("list.unmapped", hv_multicall(guard_page, 1), (uint64_t)-EFAULT);
	check_eq("list.hypervisor_hole",
		 hv_multicall((void *)0xffff830000000000UL, 1), (uint64_t)-EFAULT);
	check_eq("list.noncanonical",
		 hv_multicall((void *)0x0000800000000000UL, 1), (uint64_t)-EFAULT);

	if (hv_update_va_mapping((unsigned long)edge[1], 0, UVMF_INVLPG)) {
		test_fail("list.edge", "cannot unmap the second page");
		return;
	}
	set_call(&tail[0], HYPERCALL_xen_version_nr, XENVER_version, 0, 0);
	set_call(&tail[1], HYPERCALL_xen_version_nr, XENVER_version, 0, 0);
	rc = hv_multicall(tail, 3);
	check_eq("list.runs_into_hole", rc, (uint64_t)-EFAULT);
	check("list.runs_into_hole.done", tail[0].result == 0x40011 &&
	      tail[1].result == 0x40011, "results %#lx %#lx", tail[0].result,
	      tail[1].result);
}

/* A batch longer than one pass: all of it runs, in order, rc 0. */
static void test_long(void)
{
	static struct multicall_entry many[600];
	unsigned int bad = 0;
	long rc;

	for (unsigned int i = 0; i < ARRAY_SIZE(many); i++)
		set_call(&many[i], HYPERCALL_xen_version_nr, XENVER_version, 0, 0);
	set_call(&many[599], HYPERCALL_fpu_taskswitch, 0, 0, 0);
	rc = hv_multicall(many, ARRAY_SIZE(many));
	for (unsigned int i = 0; i < ARRAY_SIZE(many) - 1; i++)
		if (many[i].result != 0x40011)
			bad++;
	check("long.all_done", rc == 0 && bad == 0 && many[599].result == 0,
	      "rc %ld, %u wrong, last %#lx", rc, bad, many[599].result);
}

void test_main(void)
{
	test_batch();
	test_order();
	test_bad_lists();
	test_long();
}
