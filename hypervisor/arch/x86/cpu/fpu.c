// SPDX-License-Identifier: GPL-2.0-only
/*
 * FPU, SSE and AVX state of PV vCPUs, switched eagerly: the running vCPU's
 * state is always in the registers (`fpu_dirtied`), saved when it is
 * switched out and loaded when it is switched in. The hypervisor itself
 * never touches these registers (it is built -mgeneral-regs-only).
 *
 * Not lazily (CR0.TS until the first #NM): a guest kernel saves and
 * restores its tasks' state itself with XSAVE/XRSTOR, and QEMU's TCG
 * raises no #NM for those with CR0.TS set, so under it a dom0 kernel
 * saved another domain's registers as its own tasks' (busybox and xl in
 * dom0 crashed once domUs ran). Eager switching needs no trap to be
 * right, and is Xen's choice where lazy switching leaks (LazyFP).
 *
 *  - the guest's own CR0.TS (fpu_taskswitch, mov to CR0, clts) is virtual:
 *    while it is set the hardware's is too, and the next #NM is reflected
 *    to the guest, once, and clears it, as Xen does.
 *
 * XSAVE is used when the CPU has it: CR4.OSXSAVE is on, each vCPU has its
 * own XCR0 (x87|SSE until the guest sets more with xsetbv) loaded while it
 * runs, and its save area holds every component the guest may enable.
 * Without XSAVE, fxsave/fxrstor. Instructions are inline assembly.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>

#define XSTATE_X87    (1ULL << 0)
#define XSTATE_SSE    (1ULL << 1)
#define XSTATE_YMM    (1ULL << 2)
#define XSTATE_OPMASK (1ULL << 5)
#define XSTATE_ZMM    (1ULL << 6)
#define XSTATE_HI_ZMM (1ULL << 7)
#define XSTATE_AVX512 (XSTATE_OPMASK | XSTATE_ZMM | XSTATE_HI_ZMM)
#define XSTATE_FP_SSE (XSTATE_X87 | XSTATE_SSE)
/* What guests may enable: no MPX, PKRU, AMX or supervisor states. */
#define XSTATE_GUEST  (XSTATE_FP_SSE | XSTATE_YMM | XSTATE_AVX512)

#define X86_CR0_AM     0x40000UL
#define X86_CR4_MCE    0x40UL
#define X86_CR4_OSXSAVE 0x40000UL
#define FCW_DEFAULT    0x037f
#define MXCSR_DEFAULT  0x1f80

static bool use_xsave;
static uint64_t xcr0_max;

static inline void clts(void)
{
	__asm__ __volatile__("clts" ::: "memory");
}

static inline void xsetbv(uint32_t idx, uint64_t v)
{
	__asm__ __volatile__("xsetbv" : : "c"(idx), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)) : "memory");
}

void fpu_set_ts(bool ts)
{
	unsigned long cr0 = read_cr0();

	if (ts && !(cr0 & X86_CR0_TS))
		write_cr0(cr0 | X86_CR0_TS);
	else if (!ts && (cr0 & X86_CR0_TS))
		clts();
}

bool fpu_xsave_enabled(void)
{
	return use_xsave;
}

uint64_t fpu_xcr0_max(void)
{
	return xcr0_max;
}

/*
 * Boot: CR0 as Xen sets it for PV guests to see (PE MP ET NE WP AM PG;
 * TS on: nothing is loaded yet), SSE enabled, XSAVE if present.
 */
void fpu_cpu_init(void)
{
	uint32_t a, b, c, d;

	write_cr0((read_cr0() & ~X86_CR0_EM) | X86_CR0_MP | X86_CR0_NE | X86_CR0_AM |
		  X86_CR0_TS);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_MCE);
	cpuid(1, &a, &b, &c, &d);
	if (!(c & (1u << 26)))
		return;
	cpuid_count(0xd, 0, &a, &b, &c, &d);
	xcr0_max = (((uint64_t)d << 32) | a) & XSTATE_GUEST;
	if ((xcr0_max & XSTATE_AVX512) != XSTATE_AVX512)
		xcr0_max &= ~XSTATE_AVX512;
	if ((xcr0_max & XSTATE_FP_SSE) != XSTATE_FP_SSE)
		return;
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	/* The area for all of them must fit the page each vCPU gets. */
	xsetbv(0, xcr0_max);
	cpuid_count(0xd, 0, &a, &b, &c, &d);
	if (b > PAGE_SIZE) {
		xcr0_max &= ~XSTATE_AVX512;
		xsetbv(0, xcr0_max);
		cpuid_count(0xd, 0, &a, &b, &c, &d);
	}
	if (b > PAGE_SIZE) {
		xsetbv(0, XSTATE_FP_SSE);
		write_cr4(read_cr4() & ~X86_CR4_OSXSAVE);
		return;
	}
	xsetbv(0, XSTATE_FP_SSE);
	use_xsave = true;
	printk("FPU: xsave, guest components %#lx\n", (unsigned long)xcr0_max);
}

/* A page holding the initial state: x87 and SSE at their reset values. */
int fpu_vcpu_init(struct vcpu *v)
{
	uint8_t *area = alloc_xenheap_page();

	if (!area)
		return -ENOMEM;
	*(uint16_t *)(area + 0) = FCW_DEFAULT;
	*(uint32_t *)(area + 24) = MXCSR_DEFAULT;
	/* xsave header (bytes 512-575) all zero: every component in its init state. */
	v->arch.pv.fpu_area = area;
	v->arch.pv.xcr0 = XSTATE_FP_SSE;
	v->arch.pv.fpu_initialised = true;
	return 0;
}

/*
 * A new context for a vCPU that is not running: an fxsave image (x87 and
 * SSE), or the reset state. With xsave the other components start clean.
 */
void fpu_load_image(struct vcpu *v, const void *fxsave)
{
	uint8_t *area = v->arch.pv.fpu_area;

	memset(area, 0, PAGE_SIZE);
	if (fxsave) {
		memcpy(area, fxsave, 512);
		if (use_xsave)
			*(uint64_t *)(area + 512) = XSTATE_FP_SSE;	/* XSTATE_BV */
	} else {
		*(uint16_t *)(area + 0) = FCW_DEFAULT;
		*(uint32_t *)(area + 24) = MXCSR_DEFAULT;
	}
	v->arch.pv.xcr0 = XSTATE_FP_SSE;
	v->arch.pv.fpu_dirtied = false;
}

void fpu_vcpu_destroy(struct vcpu *v)
{
	if (v->arch.pv.fpu_area)
		free_xenheap_page(v->arch.pv.fpu_area);
	v->arch.pv.fpu_area = NULL;
}

static void load_xcr0(const struct vcpu *v)
{
	if (use_xsave)
		xsetbv(0, v->arch.pv.xcr0);
}

/* Switching away from v: keep its registers, leave TS set. */
void fpu_save(struct vcpu *v)
{
	void *area = v->arch.pv.fpu_area;

	if (!v->arch.pv.fpu_dirtied)
		return;
	clts();		/* the guest's own TS may be set */
	if (use_xsave)
		__asm__ __volatile__("xsave64 %0" : "+m"(*(uint8_t (*)[PAGE_SIZE])area)
				     : "a"(~0u), "d"(~0u));
	else
		__asm__ __volatile__("fxsave64 %0" : "=m"(*(uint8_t (*)[512])area));
	v->arch.pv.fpu_dirtied = false;
	fpu_set_ts(true);
}

/* Make v's state the registers' (switch-in, or an #NM with it not loaded). */
void fpu_load(struct vcpu *v)
{
	void *area = v->arch.pv.fpu_area;

	clts();
	if (v->arch.pv.fpu_dirtied)
		return;
	load_xcr0(v);
	if (use_xsave)
		__asm__ __volatile__("xrstor64 %0" : : "m"(*(uint8_t (*)[PAGE_SIZE])area),
				     "a"(~0u), "d"(~0u));
	else
		__asm__ __volatile__("fxrstor64 %0" : : "m"(*(uint8_t (*)[512])area));
	v->arch.pv.fpu_dirtied = true;
}

/* #NM from the guest: its state is loaded; reflect it once if its CR0.TS is set. */
void pv_device_not_available(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	(void)regs;
	fpu_load(v);
	if (v->arch.pv.cr0_ts) {
		pv_inject_trap(v, X86_EXC_NM, -1);
		v->arch.pv.cr0_ts = false;
	}
}

/*
 * xsetbv from the guest kernel (XCR0 only): x87 always, SSE before AVX,
 * the three AVX-512 components together and with AVX, nothing beyond what
 * the guest's CPUID offers. -EINVAL means #GP(0).
 */
int fpu_set_xcr0(struct vcpu *v, uint64_t val)
{
	if (!use_xsave || (val & ~xcr0_max) || !(val & XSTATE_X87))
		return -EINVAL;
	if ((val & XSTATE_YMM) && !(val & XSTATE_SSE))
		return -EINVAL;
	if ((val & XSTATE_AVX512) &&
	    ((val & XSTATE_AVX512) != XSTATE_AVX512 || !(val & XSTATE_YMM)))
		return -EINVAL;
	v->arch.pv.xcr0 = val;
	if (v == current)
		xsetbv(0, val);
	return 0;
}

/*
 * Switching to v: its XCR0 (guests read it with xgetbv) and its state,
 * loaded now; CR0.TS only if the guest's virtual one is set.
 */
void fpu_ctxt_switch_to(struct vcpu *v)
{
	load_xcr0(v);
	fpu_load(v);
	if (v->arch.pv.cr0_ts)
		fpu_set_ts(true);
}
