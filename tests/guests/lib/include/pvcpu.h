/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the kernels that check PV CPU state (cpu-state, privop,
 * multicall): the hypercalls of descriptor tables, segment bases, FPU and
 * debug registers, probes that run one privileged instruction and report
 * the exception it raised (if any), and frame-number lookups through the
 * builder's p2m list. Numbers are Xen 4.17 ABI facts.
 */
#ifndef TK_PVCPU_H
#define TK_PVCPU_H

#include <stdint.h>
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

#define HYPERCALL_set_gdt            2
#define HYPERCALL_fpu_taskswitch     5
#define HYPERCALL_set_debugreg       8
#define HYPERCALL_get_debugreg       9
#define HYPERCALL_update_descriptor 10
#define HYPERCALL_multicall         13
#define HYPERCALL_set_segment_base  25
#define HYPERCALL_mmuext_op         26

#define ENODEV 19

#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

#define MMUEXT_SET_LDT 13
#define DOMID_SELF 0x7ff0

#define FIRST_RESERVED_GDT_ENTRY 7168	/* 14 pages of 512 descriptors */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_DS32 0xe02b

#define X86_EXC_NM 7
#define X86_EXC_NP 11
#define X86_EXC_SS 12

#define MSR_EFER           0xc0000080
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_APIC_BASE      0x0000001b
#define MSR_PAT            0x00000277

#define VIRT_BASE 0xffffffff80000000UL

struct multicall_entry {
	uint64_t op, result;
	uint64_t args[6];
};

struct mmuext_op {
	uint32_t cmd, pad;
	uint64_t arg1, arg2;
};

/* Frame numbers of our own pages: pseudo-physical = VA - VIRT_BASE. */
static inline unsigned long pfn_of(const void *va)
{
	return ((unsigned long)va - VIRT_BASE) >> 12;
}

static inline unsigned long mfn_of(const void *va)
{
	return ((const unsigned long *)start_info->mfn_list)[pfn_of(va)];
}

static inline uint64_t maddr_of(const void *va)
{
	return ((uint64_t)mfn_of(va) << 12) | ((unsigned long)va & 0xfff);
}

/* Remap one of our pages read-only (or back to writable). */
static inline long map_ro(const void *va, bool ro)
{
	uint64_t pte = ((uint64_t)mfn_of(va) << 12) | _PAGE_PRESENT |
		       _PAGE_ACCESSED | (ro ? 0 : _PAGE_RW | _PAGE_DIRTY);

	return hv_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);
}

static inline long hv_set_gdt(const unsigned long *frames, unsigned int entries)
{
	return hypercall2(HYPERCALL_set_gdt, frames, entries);
}

static inline long hv_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return hypercall2(HYPERCALL_update_descriptor, maddr, desc);
}

static inline long hv_set_segment_base(unsigned int which, unsigned long base)
{
	return hypercall2(HYPERCALL_set_segment_base, which, base);
}

static inline long hv_fpu_taskswitch(int set)
{
	return hypercall1(HYPERCALL_fpu_taskswitch, set);
}

static inline long hv_set_debugreg(int reg, unsigned long val)
{
	return hypercall2(HYPERCALL_set_debugreg, reg, val);
}

static inline long hv_get_debugreg(int reg)
{
	return hypercall1(HYPERCALL_get_debugreg, reg);
}

static inline long hv_multicall(void *list, unsigned long nr)
{
	return hypercall2(HYPERCALL_multicall, list, nr);
}

static inline long hv_mmuext_set_ldt(unsigned long va, unsigned int ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT, .arg1 = va, .arg2 = ents };
	unsigned int done = 0;

	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1,
			  (unsigned long)&done, DOMID_SELF, 0);
}

/* A descriptor: base, limit (20 bits), type/S/DPL/P (access byte), flags. */
static inline uint64_t make_desc(uint32_t base, uint32_t limit, unsigned int access,
				 unsigned int flags)
{
	return (limit & 0xffffULL) | ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)(access & 0xff) << 40) |
	       ((uint64_t)((limit >> 16) & 0xf) << 48) |
	       ((uint64_t)(flags & 0xf) << 52) | ((uint64_t)(base >> 24) << 56);
}

/* Low half of a 64-bit call gate (type 0xc) to sel:offset. */
static inline uint64_t make_gate(uint16_t sel, uint32_t offset, unsigned int dpl)
{
	return (offset & 0xffffULL) | ((uint64_t)sel << 16) |
	       ((uint64_t)(0x8c | (dpl << 5)) << 40) |
	       ((uint64_t)(offset >> 16) << 48);
}

/*
 * Probes. Each runs one instruction under an exception-table entry and
 * returns what was delivered (ex.taken false when it completed).
 */
static inline struct exinfo rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0xdead, hi = 0xbeef;

	exinfo_reset();
	asm volatile("1: rdmsr\n2:\n" _EXTABLE(1b, 2b)
		     : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	*val = ((uint64_t)hi << 32) | lo;
	return ex_last;
}

static inline struct exinfo wrmsr_safe(uint32_t msr, uint64_t val)
{
	exinfo_reset();
	asm volatile("1: wrmsr\n2:\n" _EXTABLE(1b, 2b)
		     : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
	return ex_last;
}

#define DEFINE_READ_CR(n)						\
static inline struct exinfo read_cr##n##_safe(uint64_t *val)		\
{									\
	uint64_t v = 0xbad;						\
	exinfo_reset();							\
	asm volatile("1: mov %%cr" #n ", %0\n2:\n" _EXTABLE(1b, 2b)	\
		     : "+r"(v) : : "memory");				\
	*val = v;							\
	return ex_last;							\
}									\
static inline struct exinfo write_cr##n##_safe(uint64_t val)		\
{									\
	exinfo_reset();							\
	asm volatile("1: mov %0, %%cr" #n "\n2:\n" _EXTABLE(1b, 2b)	\
		     : : "r"(val) : "memory");				\
	return ex_last;							\
}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
DEFINE_READ_CR(8)
#undef DEFINE_READ_CR

struct cpuid_res {
	uint32_t a, b, c, d;
};

/* Xen's forced-emulation prefix: ud2; .ascii "xen"; cpuid. */
static inline struct exinfo cpuid_forced(uint32_t leaf, uint32_t sub, struct cpuid_res *r)
{
	uint32_t a = leaf, b = 0, c = sub, d = 0;

	exinfo_reset();
	asm volatile("1: ud2a; .ascii \"xen\"; cpuid\n2:\n" _EXTABLE(1b, 2b)
		     : "+a"(a), "+b"(b), "+c"(c), "+d"(d) : : "memory");
	r->a = a;
	r->b = b;
	r->c = c;
	r->d = d;
	return ex_last;
}

static inline void cpuid_native(uint32_t leaf, uint32_t sub, struct cpuid_res *r)
{
	asm volatile("cpuid" : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
		     : "a"(leaf), "c"(sub));
}

/* Load %ds / %fs with a selector; read a selector register. */
static inline struct exinfo load_ds_safe(uint16_t sel)
{
	exinfo_reset();
	asm volatile("1: mov %0, %%ds\n2:\n" _EXTABLE(1b, 2b) : : "r"(sel) : "memory");
	return ex_last;
}

static inline struct exinfo load_fs_safe(uint16_t sel)
{
	exinfo_reset();
	asm volatile("1: mov %0, %%fs\n2:\n" _EXTABLE(1b, 2b) : : "r"(sel) : "memory");
	return ex_last;
}

#define read_sel(seg) ({ uint16_t s_; asm volatile("mov %%" #seg ", %0" : "=r"(s_)); s_; })

/* LAR: access rights of a selector's descriptor, or ~0 when ZF is clear. */
static inline uint64_t lar(uint16_t sel)
{
	uint64_t ar = ~0UL;
	uint8_t ok;

	asm volatile("lar %2, %0; setz %1" : "+r"(ar), "=q"(ok) : "r"((uint64_t)sel) : "cc");
	return ok ? ar : ~0UL;
}

/* LSL: the segment limit, or ~0 when ZF is clear. */
static inline uint64_t lsl(uint16_t sel)
{
	uint64_t l = ~0UL;
	uint8_t ok;

	asm volatile("lsl %2, %0; setz %1" : "+r"(l), "=q"(ok) : "r"((uint64_t)sel) : "cc");
	return ok ? l : ~0UL;
}

#endif /* TK_PVCPU_H */
