/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV vCPU's CPU state beyond its registers: descriptor tables, the
 * control and debug registers as the guest sees them, FPU state, I/O
 * privilege; and the emulation of the privileged instructions that reach
 * the hypervisor as #GP/#UD. Owned by arch/x86/pv/{descriptor-tables,
 * misc-hypercalls,emul-priv-op,emul-inv-op,emul-msr}.c, arch/x86/cpu/fpu.c
 * and arch/x86/cpuid.c.
 *
 * Locking: per-vCPU state changes only on the vCPU's own CPU (hypercalls
 * and traps of that vCPU, context switch), with interrupts disabled.
 */
#ifndef HV_PV_CPU_H
#define HV_PV_CPU_H

#include <stdint.h>
#include <stdbool.h>
#include <hv/regs.h>

struct vcpu;
struct domain;
struct page_info;

/* Guest frames of a GDT: 14 pages (entries 0..7167), then the hypervisor's. */
#define PV_GDT_GUEST_PAGES 14
#define PV_LDT_PAGES       16	/* 8192 entries */

struct pv_cpu {
	/* Descriptor tables (pv/descriptor-tables.c). */
	unsigned long gdt_frames[PV_GDT_GUEST_PAGES];
	unsigned int gdt_ents;
	unsigned long ldt_base;
	unsigned int ldt_ents;
	uint16_t ldt_mapped;		/* shadow-mapped LDT pages, one bit each */
	unsigned long ldt_mfn[PV_LDT_PAGES];	/* the frame behind each */
	bool desc_area_ready;		/* the per-vCPU area is mapped */
	/* Control registers as the guest sees them. */
	bool cr0_ts;			/* virtual CR0.TS */
	unsigned long cr4;		/* guest-visible CR4 */
	/* FPU and extended state (cpu/fpu.c). */
	void *fpu_area;			/* fxsave or xsave image, 64-byte aligned */
	uint64_t xcr0;			/* the guest's XCR0 (0: x87|SSE) */
	bool fpu_initialised;		/* the area holds the guest's state */
	bool fpu_dirtied;		/* the registers hold it (CR0.TS clear) */
	/* Debug registers (pv/misc-hypercalls.c). */
	unsigned long dr[4], dr6, dr7;
	unsigned long dr7_emul;		/* I/O breakpoint enables, kept out of DR7 */
	bool in_multicall;		/* common/multicall.c */
	uint32_t tsc_aux;
};

/* Per-domain state of emulated devices (pv/emul-priv-op.c). */
struct pv_dom_io {
	uint32_t pci_cf8;		/* virtual CONFIG_ADDRESS */
	uint8_t cmos_idx;		/* latched RTC index */
};

/*
 * The CPU-state part of a vcpu_guest_context (VCPUOP_initialise): what
 * pv_cpu_set_context() loads into a vCPU that is not running. Arrays as
 * in the context: gdt_frames[16], debugreg[8].
 */
struct pv_cpu_context {
	const void *fxsave;		/* 512-byte fxsave image, NULL: reset state */
	unsigned long ldt_base, ldt_ents;
	const unsigned long *gdt_frames;
	unsigned long gdt_ents;
	unsigned long cr0, cr4;		/* only TS, and the guest's CR4 bits, count */
	const unsigned long *debugreg;
	unsigned long fs_base, gs_base_kernel, gs_base_user;
	uint16_t ds, es, fs, gs;	/* selectors, from user_regs */
};
/* Xen's checks (-EINVAL), then the state; nothing is changed on an error. */
int pv_cpu_set_context(struct vcpu *v, const struct pv_cpu_context *c);

/* Set-up and context switch. */
int pv_cpu_init(struct vcpu *v);
void pv_cpu_destroy(struct vcpu *v);
void pv_cpu_ctxt_switch_from(struct vcpu *v);
void pv_cpu_ctxt_switch_to(struct vcpu *v);
void pv_cpu_switch_to_idle(void);

/* Descriptor tables. */
int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries);
void pv_destroy_gdt(struct vcpu *v);
int pv_set_ldt(struct vcpu *v, unsigned long linear, unsigned int nr_ents);
void pv_destroy_ldt(struct vcpu *v);
/* Unmap the vCPU's descriptor-table area (it is mapped again on next use). */
void pv_desc_area_destroy(struct vcpu *v);
int pv_validate_segdesc_page(struct page_info *pg);
void pv_load_descriptor_tables(struct vcpu *v);
/* The code segment of a guest selector: its mode and base, if usable. */
bool pv_code_segment(struct vcpu *v, uint16_t sel, bool *mode64, bool *def32,
		     unsigned long *base);
/* A #PF at cr2: true if it was the LDT shadow and is now mapped or reflected. */
bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long cr2);
long do_set_gdt(unsigned long frame_list, unsigned long entries);
long do_update_descriptor(unsigned long maddr, unsigned long desc);

/* FPU. */
void fpu_cpu_init(void);
int fpu_vcpu_init(struct vcpu *v);
void fpu_vcpu_destroy(struct vcpu *v);
void fpu_save(struct vcpu *v);
void fpu_load(struct vcpu *v);
void fpu_ctxt_switch_to(struct vcpu *v);
void fpu_set_ts(bool ts);
bool fpu_xsave_enabled(void);
uint64_t fpu_xcr0_max(void);
int fpu_set_xcr0(struct vcpu *v, uint64_t val);
void fpu_load_image(struct vcpu *v, const void *fxsave);
void pv_device_not_available(struct cpu_user_regs *regs);

/* Segment selectors and bases (pv/cpu-state.c). */
void pv_save_segments(struct vcpu *v);
void pv_load_segments(struct vcpu *v);

/* Hypercalls of pv/misc-hypercalls.c and pv/cpu-state.c. */
long do_fpu_taskswitch(unsigned long set);
long do_set_debugreg(unsigned long reg, unsigned long value);
long do_get_debugreg(unsigned long reg);
long do_set_segment_base(unsigned long which, unsigned long base);
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value);
int pv_get_debugreg(struct vcpu *v, unsigned int reg, unsigned long *value);
void pv_debug_trap(struct cpu_user_regs *regs);
void pv_load_debugregs(const struct vcpu *v);
long do_multicall(unsigned long call_list, unsigned long nr_calls);

/* CPUID policy (arch/x86/cpuid.c). */
struct cpuid_leaf {
	uint32_t a, b, c, d;
};
void cpuid_policy_init(void);
/* forced: asked through the #UD "xen" prefix (rather than a faulting cpuid). */
void pv_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t subleaf, bool forced,
	      struct cpuid_leaf *res);
bool cpuid_policy_has_xsave(void);
bool cpuid_pv_has_de(void);
bool cpuid_pv_has_fsgsbase(void);

/* Emulation. */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs);
bool pv_emulate_forced_cpuid(struct cpu_user_regs *regs);
/* MSRs: 0 done, -EPERM inject #GP(0). */
int pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);
unsigned long pv_guest_cr4_fixup(unsigned long cr4);
void pv_write_hw_cr4(const struct vcpu *v);

/* Guest-visible CR4 bits that are the hypervisor's choice. */
#define PV_CR4_VISIBLE (0x20UL | 0x40UL | 0x200UL | 0x400UL) /* PAE MCE OSFXSR OSXMMEXCPT */

#endif
