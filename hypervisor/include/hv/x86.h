/* SPDX-License-Identifier: GPL-2.0-only */
/* Thin wrappers around x86 instructions. */
#ifndef HV_X86_H
#define HV_X86_H

#include <stdint.h>

#define X86_CR0_PE 0x1UL
#define X86_CR0_MP 0x2UL
#define X86_CR0_EM 0x4UL
#define X86_CR0_TS 0x8UL
#define X86_CR0_NE 0x20UL
#define X86_CR0_WP 0x10000UL
#define X86_CR0_PG 0x80000000UL

#define X86_CR4_PAE    0x20UL
#define X86_CR4_PGE    0x80UL
#define X86_CR4_OSFXSR 0x200UL
#define X86_CR4_OSXMMEXCPT 0x400UL
#define X86_CR4_FSGSBASE 0x10000UL
#define X86_CR4_SMEP   0x100000UL
#define X86_CR4_SMAP   0x200000UL

#define X86_EFLAGS_CF   0x00000001UL
#define X86_EFLAGS_MBS  0x00000002UL
#define X86_EFLAGS_TF   0x00000100UL
#define X86_EFLAGS_IF   0x00000200UL
#define X86_EFLAGS_DF   0x00000400UL
#define X86_EFLAGS_IOPL 0x00003000UL
#define X86_EFLAGS_NT   0x00004000UL
#define X86_EFLAGS_RF   0x00010000UL
#define X86_EFLAGS_VM   0x00020000UL
#define X86_EFLAGS_AC   0x00040000UL
#define X86_EFLAGS_VIF  0x00080000UL
#define X86_EFLAGS_VIP  0x00100000UL
#define X86_EFLAGS_ID   0x00200000UL

#define MSR_EFER           0xc0000080
#define MSR_STAR           0xc0000081
#define MSR_LSTAR          0xc0000082
#define MSR_CSTAR          0xc0000083
#define MSR_SFMASK         0xc0000084
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_APIC_BASE      0x0000001b
#define MSR_TSC_DEADLINE   0x000006e0
#define MSR_PAT            0x00000277
#define EFER_SCE 0x1UL
#define EFER_LME 0x100UL
#define EFER_NXE 0x800UL

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}
static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}
static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
			       uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}
static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}
#define DEFINE_CR(n) \
	static inline unsigned long read_cr##n(void) \
	{ unsigned long v; __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
	static inline void write_cr##n(unsigned long v) \
	{ __asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR
static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}
static inline void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline void halt(void) { __asm__ __volatile__("hlt" ::: "memory"); }
/* Enable interrupts and halt atomically: no wake-up is lost in between. */
static inline void safe_halt(void) { __asm__ __volatile__("sti; hlt" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }
static inline unsigned long read_rflags(void)
{
	unsigned long f;
	__asm__ __volatile__("pushfq; popq %0" : "=r"(f));
	return f;
}
static inline unsigned long local_irq_save(void)
{
	unsigned long f = read_rflags();
	local_irq_disable();
	return f;
}
static inline void local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

#endif
