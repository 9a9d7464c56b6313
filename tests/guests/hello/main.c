// SPDX-License-Identifier: GPL-2.0-only
/*
 * hello: the initial environment of a PV64 dom0 (start_info and the entry
 * registers). ABI rules checked:
 *  - start_info.magic is "xen-3.0-x86_64", nr_pages > 0, and flags carry
 *    SIF_PRIVILEGED | SIF_INITDOMAIN for the initial domain;
 *  - cmd_line is the module's command line, passed through verbatim (the
 *    harness boots us with "marker=42");
 *  - the kernel is entered in guest-kernel mode with RSI = start_info,
 *    CS = FLAT_KERNEL_CS, SS = FLAT_KERNEL_SS, on a page-aligned stack top
 *    inside the bootstrap map, every other GPR and DS/ES/FS/GS zero,
 *    RFLAGS = 0x202, and events masked in vcpu_info[0];
 *  - pt_base and mfn_list are VAs inside the bootstrap map.
 */
#include "lib.h"
#include "hypercall.h"

const char test_kernel_name[] = "hello";

#define VIRT_BASE 0xffffffff80000000UL

static bool in_bootstrap_map(uint64_t va)
{
	return va >= VIRT_BASE && va < VIRT_BASE + start_info->nr_pages * PAGE_SIZE;
}

void test_main(void)
{
	const struct start_info *si = start_info;
	const struct entry_regs *er = &entry_regs;
	char buf[32];

	printf("hello from a PV64 test kernel\n");

	check("magic", !strncmp(si->magic, "xen-3.0-x86_64", sizeof(si->magic)),
	      "\"%.32s\"", si->magic);
	check("nr_pages", si->nr_pages > 0, "%lu", si->nr_pages);
	check("flags.initdomain",
	      (si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)) ==
		      (SIF_PRIVILEGED | SIF_INITDOMAIN),
	      "%#x", si->flags);
	check("cmdline.marker",
	      cmdline_get("marker", buf, sizeof(buf)) && !strcmp(buf, "42"),
	      "\"%.80s\"", si->cmd_line);
	check("cmdline.terminated",
	      strnlen(si->cmd_line, MAX_GUEST_CMDLINE) < MAX_GUEST_CMDLINE,
	      "len %zu", strnlen(si->cmd_line, MAX_GUEST_CMDLINE));
	check("shared_info.maddr",
	      si->shared_info && !(si->shared_info & (PAGE_SIZE - 1)),
	      "%#lx", si->shared_info);
	check("pt_base", in_bootstrap_map(si->pt_base) &&
			 !(si->pt_base & (PAGE_SIZE - 1)) && si->nr_pt_frames,
	      "%#lx nr_pt_frames %lu", si->pt_base, si->nr_pt_frames);
	check("mfn_list", in_bootstrap_map(si->mfn_list), "%#lx", si->mfn_list);
	check("store.dom0", si->store_mfn == 0 && si->store_evtchn == 0,
	      "mfn %#lx evtchn %u", si->store_mfn, si->store_evtchn);

	check_eq("entry.rsi", er->rsi, (uint64_t)si);
	check_eq("entry.cs", er->cs, FLAT_KERNEL_CS);
	check_eq("entry.ss", er->ss, FLAT_KERNEL_SS);
	check("entry.rsp", in_bootstrap_map(er->rsp) &&
			   !(er->rsp & (PAGE_SIZE - 1)),
	      "%#lx", er->rsp);
	/* Everything else starts zeroed; RFLAGS has only IF (and bit 1). */
	{
		const uint64_t *r = &er->rax;
		unsigned int nonzero = 0;

		for (unsigned int i = 0; i < 16; i++)
			if (i != 4 && i != 7 && r[i])	/* not rsi, rsp */
				nonzero++;
		check("entry.gprs_zero", !nonzero,
		      "rax %#lx rbx %#lx rcx %#lx rdx %#lx rdi %#lx rbp %#lx r8 %#lx r9 %#lx r10 %#lx r11 %#lx r12 %#lx r13 %#lx r14 %#lx r15 %#lx",
		      er->rax, er->rbx, er->rcx, er->rdx, er->rdi, er->rbp,
		      er->r8, er->r9, er->r10, er->r11, er->r12, er->r13,
		      er->r14, er->r15);
	}
	check_eq("entry.rflags", er->rflags, 0x202);
	check("entry.data_segments", !(er->ds | er->es | er->fs | er->gs),
	      "ds %#lx es %#lx fs %#lx gs %#lx", er->ds, er->es, er->fs, er->gs);
	printf("start_info: flags %#x console.dom0 info_off %u info_size %u mod_start %#lx mod_len %lu first_p2m_pfn %#lx nr_p2m_frames %lu\n",
	       si->flags, si->console.dom0.info_off, si->console.dom0.info_size,
	       si->mod_start, si->mod_len, si->first_p2m_pfn, si->nr_p2m_frames);
	check_eq("events.masked", shared_info->vcpu_info[0].evtchn_upcall_mask, 1);
}
