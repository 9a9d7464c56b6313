// SPDX-License-Identifier: GPL-2.0-only
/*
 * TSC calibration against PIT channel 2, and the conversion from TSC ticks
 * to nanoseconds that both the hypervisor and PV guests use: shift the
 * delta by `shift`, multiply by mul_frac and keep the top 64 of 96 bits.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/time.h>

#define PIT_HZ 1193182UL
#define CALIBRATE_MS 50

uint64_t cpu_khz;
uint64_t boot_tsc_stamp;
struct time_scale tsc_scale;

void time_scale_from_hz(struct time_scale *ts, uint64_t ticks_per_sec)
{
	uint64_t tps64 = ticks_per_sec;
	uint32_t tps32;
	int shift = 0;

	/* Bring the rate into (1e9, 2e9] so mul_frac = 1e9 / rate is in [0.5, 1). */
	while (tps64 > 2000000000ULL) {
		tps64 >>= 1;
		shift--;
	}
	tps32 = (uint32_t)tps64;
	while (tps32 <= 1000000000U) {
		tps32 <<= 1;
		shift++;
	}
	ts->mul_frac = (uint32_t)((1000000000ULL << 32) / tps32);
	ts->shift = shift;
}

uint64_t scale_delta(uint64_t delta, const struct time_scale *ts)
{
	if (ts->shift < 0)
		delta >>= -ts->shift;
	else
		delta <<= ts->shift;
	return (uint64_t)(((unsigned __int128)delta * ts->mul_frac) >> 32);
}

s_time_t NOW(void)
{
	if (!tsc_scale.mul_frac)
		return 0;
	return (s_time_t)scale_delta(rdtsc() - boot_tsc_stamp, &tsc_scale);
}

static uint64_t calibrate_tsc_pit(void)
{
	unsigned int count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t t0, t1;
	unsigned long spins = 0;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);   /* gate on, speaker off */
	outb(0x43, 0xb0);                          /* ch2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	t0 = rdtsc();
	while (!(inb(0x61) & 0x20)) {
		if (++spins > 100000000UL)
			return 0;
	}
	t1 = rdtsc();
	return (t1 - t0) * (1000 / CALIBRATE_MS);
}

void time_init(void)
{
	uint64_t hz = calibrate_tsc_pit();

	if (!hz)
		panic("TSC calibration against the PIT failed (no PIT?)");
	cpu_khz = hz / 1000;
	boot_tsc_stamp = rdtsc();
	time_scale_from_hz(&tsc_scale, hz);
	printk("TSC: %lu.%03lu MHz\n", cpu_khz / 1000, cpu_khz % 1000);
}
