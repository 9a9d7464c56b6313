/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since boot, derived from the TSC. */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <stdint.h>
#include <hv/timer.h>

/* tsc_to_system_mul / tsc_shift as the PV time ABI defines them. */
struct time_scale {
	int shift;
	uint32_t mul_frac;
};

void time_scale_from_hz(struct time_scale *ts, uint64_t ticks_per_sec);
uint64_t scale_delta(uint64_t delta, const struct time_scale *ts);

void time_init(void);
extern uint64_t cpu_khz;
extern uint64_t boot_tsc_stamp;
extern struct time_scale tsc_scale;
uint64_t get_wallclock_seconds(void);   /* Unix time of system time 0 */

void lapic_init(void);
void lapic_set_oneshot(s_time_t deadline);
void lapic_eoi(void);

#endif
