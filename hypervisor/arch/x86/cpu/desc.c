// SPDX-License-Identifier: GPL-2.0-only
/*
 * GDT, IDT, TSS and the syscall MSRs. The GDT is 16 pages like the PV ABI
 * expects: the first 14 pages are for guest descriptors (set_gdt), the top
 * two hold the hypervisor's and the flat ring-3 selectors every PV guest
 * uses (0xe023/0xe02b/0xe033).
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/desc.h>
#include <hv/current.h>
#include <hv/config.h>

#define GDT_ENTRIES (GDT_PAGES * 512)

static uint64_t gdt0[GDT_ENTRIES] __aligned(4096);
static struct tss64 tss0 __aligned(128);
static uint64_t idt[256 * 2] __aligned(4096);
static uint8_t ist_stacks[3][4096] __aligned(16);

extern char idt_stubs[];
extern char lstar_enter[];
extern unsigned long syscall_stack_top;

static void set_gate(unsigned int vec, unsigned long handler, unsigned int dpl, unsigned int ist)
{
	idt[vec * 2] = (handler & 0xffff) | ((uint64_t)HV_CS << 16) |
		       ((uint64_t)(ist & 7) << 32) |
		       ((uint64_t)(0x8e | (dpl << 5)) << 40) |
		       ((uint64_t)((handler >> 16) & 0xffff) << 48);
	idt[vec * 2 + 1] = handler >> 32;
}

static void load_gdt(void *base, uint16_t limit)
{
	struct __packed { uint16_t limit; uint64_t base; } d = { limit, (uint64_t)base };

	__asm__ __volatile__("lgdt %0" : : "m"(d));
}

static void load_idt(void *base, uint16_t limit)
{
	struct __packed { uint16_t limit; uint64_t base; } d = { limit, (uint64_t)base };

	__asm__ __volatile__("lidt %0" : : "m"(d));
}

/* The CPU's GDT: its top pages also back every PV vCPU's GDT area. */
uint64_t *cpu_gdt(void)
{
	return gdt0;
}

void set_tss_rsp0(unsigned long rsp0)
{
	tss0.rsp[0] = rsp0;
	syscall_stack_top = rsp0;
}

void cpu_desc_init(unsigned int cpu)
{
	uint64_t *g = &gdt0[FIRST_RESERVED_GDT_BYTE / 8];
	unsigned long tss = (unsigned long)&tss0;
	struct cpu_info *ci = get_cpu_info();

	BUG_ON(cpu != 0);
	/* Accessed bits preset, as guests read them back with lar (and Xen has them). */
	g[1] = 0x00af9b000000ffffULL;  /* 0xe008 hypervisor 64-bit code */
	g[2] = 0x00cf93000000ffffULL;  /* 0xe010 hypervisor data */
	g[4] = 0x00cffb000000ffffULL;  /* 0xe023 ring-3 32-bit code */
	g[5] = 0x00cff3000000ffffULL;  /* 0xe02b ring-3 data/stack */
	g[6] = 0x00affb000000ffffULL;  /* 0xe033 ring-3 64-bit code */
	g[7] = 0x00cf9b000000ffffULL;  /* 0xe038 hypervisor 32-bit code */
	/* 0xe040: 64-bit available TSS, 16 bytes. */
	g[8] = (sizeof(tss0) - 1) | ((tss & 0xffffff) << 16) | (0x89ULL << 40) |
	       (((tss >> 24) & 0xff) << 56);
	g[9] = tss >> 32;

	tss0.iomap_base = sizeof(tss0); /* no I/O bitmap: ring 3 has no ports */
	tss0.ist[IST_DF - 1] = (unsigned long)ist_stacks[0] + sizeof(ist_stacks[0]);
	tss0.ist[IST_NMI - 1] = (unsigned long)ist_stacks[1] + sizeof(ist_stacks[1]);
	tss0.ist[IST_MC - 1] = (unsigned long)ist_stacks[2] + sizeof(ist_stacks[2]);
	set_tss_rsp0((unsigned long)(&ci->guest_regs + 1));

	load_gdt(gdt0, sizeof(gdt0) - 1);
	__asm__ __volatile__(
		"pushq %0\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"mov %1, %%ds\n\t"
		"mov %1, %%es\n\t"
		"mov %1, %%ss\n\t"
		: : "i"(HV_CS), "r"(HV_DS) : "rax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(TSS_SEL));

	for (unsigned int v = 0; v < 256; v++) {
		unsigned int dpl = (v == 3 || v == 4) ? 3 : 0; /* int3, into */
		unsigned int ist = 0;

		if (v == 8)
			ist = IST_DF;
		else if (v == 2)
			ist = IST_NMI;
		else if (v == 18)
			ist = IST_MC;
		set_gate(v, (unsigned long)idt_stubs + v * 16, dpl, ist);
	}
	load_idt(idt, sizeof(idt) - 1);

	/*
	 * syscall enters on HV_CS/HV_DS; sysret would return to 0xe033/0xe02b
	 * (STAR[63:48] + 16 / + 8). IF, TF, DF, AC and NT are cleared on entry.
	 */
	wrmsr(MSR_STAR, ((uint64_t)0xe023 << 48) | ((uint64_t)HV_CS << 32));
	wrmsr(MSR_LSTAR, (unsigned long)lstar_enter);
	wrmsr(MSR_CSTAR, (unsigned long)lstar_enter);
	wrmsr(MSR_SFMASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF |
			  X86_EFLAGS_AC | X86_EFLAGS_NT | X86_EFLAGS_IOPL);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
