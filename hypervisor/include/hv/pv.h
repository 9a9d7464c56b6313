/* SPDX-License-Identifier: GPL-2.0-only */
/* The PV64 guest layer: bouncing traps, iret, callbacks, the dom0 builder. */
#ifndef HV_PV_H
#define HV_PV_H

#include <stdint.h>
#include <stdbool.h>
#include <hv/regs.h>
#include <public/xen.h>

struct vcpu;
struct domain;

void pv_handle_exception(struct cpu_user_regs *regs, unsigned int vec);
/* Queue a trap for the guest; -1 = no error code. */
void pv_inject_trap(struct vcpu *v, unsigned int vec, int64_t error_code);
void pv_inject_page_fault(struct vcpu *v, unsigned long cr2, uint32_t error_code);
int pv_create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
			   unsigned long eip, int64_t error_code, bool mask_events);
void pv_iret_faulted(struct cpu_user_regs *regs);
long do_iret(void);
long do_set_trap_table(unsigned long traps);
long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall);
long do_callback_op(unsigned long cmd, unsigned long arg);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_vm_assist(unsigned long cmd, unsigned long type);
/*
 * The vm_assist types a 64-bit PV domain may set (Xen 4.17's list: some
 * mean nothing in 64-bit mode but were never refused).
 */
#define PV64_VM_ASSIST_MASK ((1UL << VMASST_TYPE_4gb_segments) |             \
			     (1UL << VMASST_TYPE_4gb_segments_notify) |      \
			     (1UL << VMASST_TYPE_writable_pagetables) |      \
			     (1UL << VMASST_TYPE_pae_extended_cr3) |         \
			     (1UL << VMASST_TYPE_architectural_iopl) |       \
			     (1UL << VMASST_TYPE_runstate_update_flag) |     \
			     (1UL << VMASST_TYPE_m2p_strict))
long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags);
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
				      unsigned long flags, unsigned long domid);
long do_mmu_update(unsigned long ureqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom);
long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom);
int pv_set_ldt(struct vcpu *v, unsigned long linear, unsigned int nr_ents);
void pv_deliver_events(struct vcpu *v, struct cpu_user_regs *regs);

struct boot_module;
struct page_info;

/*
 * The dom0 kernel as an image in memory (arch/x86/pv/dom0-kernel.c): the
 * boot module itself, or the ELF decompressed from a bzImage into @pg
 * (@nr_pages frames), which dom0_kernel_release() gives back.
 */
struct dom0_kernel {
	const void *image;
	size_t size;
	struct page_info *pg;
	unsigned long nr_pages;
};
int dom0_kernel_prepare(const struct boot_module *m, struct dom0_kernel *k);
void dom0_kernel_release(struct dom0_kernel *k);

int dom0_construct_pv(struct domain *d, const struct dom0_kernel *kernel,
		      const struct boot_module *initrd, const char *cmdline,
		      unsigned long dom0_pages);

void do_syscall(struct cpu_user_regs *regs);
void pv_hypercall(struct cpu_user_regs *regs);
void prepare_return_to_guest(struct cpu_user_regs *regs);

#endif

#include <hv/page.h>
struct page_info;
pte_t *pv_find_l1e(const struct domain *d, unsigned long l4_mfn, unsigned long va,
		   struct page_info **l1pg);
/*
 * mmu_update's and mmuext_op's foreign domain, whose frames new entries
 * may map: the caller for DOMID_SELF, another domain (dying too) for a
 * privileged caller; naming oneself by id is -ESRCH, as in Xen. The
 * lookup alone leaves the privilege check to the caller (mmu_update
 * makes it per request, as Xen does).
 */
int pv_lookup_pg_owner(uint16_t domid, struct domain **out);
int pv_get_pg_owner(uint16_t domid, struct domain **out);
int pv_mod_entry(pte_t *slot, unsigned int level, pte_t nval, struct domain *d,
		 struct domain *pg_owner, bool preserve_ad);
bool pv_ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs, unsigned long cr2,
		   uint32_t ec);
struct vcpu_guest_context;
int pv_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);
void pv_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c);
void pv_vcpu_reset(struct vcpu *v);
/* The 64-bit PV hypercall page: a stub per hypercall, 32 bytes apart. */
void pv_write_hypercall_page(void *page);
void pv_update_vcpu_time(struct vcpu *v);
void pv_init_wallclock(struct domain *d);
void pv_set_wallclock(struct domain *d, uint64_t sec, uint32_t nsec);
long do_physdev_op(unsigned long cmd, unsigned long arg);
long do_platform_op(unsigned long arg);
void toggle_guest_mode(struct vcpu *v);
unsigned long vcpu_cr3(const struct vcpu *v);
