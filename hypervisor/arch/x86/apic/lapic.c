// SPDX-License-Identifier: GPL-2.0-only
/*
 * Local APIC in xAPIC mode: spurious vector, and the one-shot timer that
 * drives software timers. Its rate is measured against the TSC. The legacy
 * PICs are masked so they cannot raise vectors that alias exceptions.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/config.h>
#include <hv/time.h>
#include <hv/irq.h>

#define APIC_ID      0x020
#define APIC_EOI     0x0b0
#define APIC_SVR     0x0f0
#define APIC_LVT_TMR 0x320
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0

static volatile uint32_t *lapic;
static uint64_t apic_ticks_per_ms;

static inline void apic_write(unsigned int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}
static inline uint32_t apic_read(unsigned int reg)
{
	return lapic[reg / 4];
}

void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	uint64_t t0;

	outb(0x21, 0xff);                     /* mask both 8259s */
	outb(0xa1, 0xff);
	wrmsr(MSR_APIC_BASE, base | (1UL << 11));
	lapic = maddr_to_virt(base & 0x000ffffffffff000UL);
	apic_write(APIC_SVR, 0x100 | SPURIOUS_VECTOR);
	apic_write(APIC_TDCR, 0xb);           /* divide by 1 */
	apic_write(APIC_LVT_TMR, 1u << 16);   /* masked while measuring */
	apic_write(APIC_TMICT, 0xffffffff);
	t0 = rdtsc();
	while (rdtsc() - t0 < cpu_khz * 10)
		cpu_relax();
	apic_ticks_per_ms = (0xffffffffU - apic_read(APIC_TMCCT)) / 10;
	apic_write(APIC_TMICT, 0);
	if (!apic_ticks_per_ms)
		panic("local APIC timer does not count");
	apic_write(APIC_LVT_TMR, TIMER_VECTOR);  /* one-shot */
	printk("APIC timer: %lu ticks/ms\n", apic_ticks_per_ms);
}

void lapic_set_oneshot(s_time_t deadline)
{
	s_time_t delta = deadline - NOW();
	uint64_t ticks;

	if (delta < MICROSECS(10))
		delta = MICROSECS(10);
	ticks = (uint64_t)delta * apic_ticks_per_ms / 1000000;
	if (ticks > 0xffffffffUL)
		ticks = 0xffffffffUL;
	if (!ticks)
		ticks = 1;
	apic_write(APIC_TMICT, (uint32_t)ticks);
}
