// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV clock: each vCPU's vcpu_time_info is rewritten under the version
 * protocol (odd while changing) with the TSC stamp and system time at that
 * stamp, plus the scale factors. The wall clock at system time 0 is in
 * shared_info.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/domain.h>
#include <hv/time.h>
#include <hv/pv.h>

void pv_update_vcpu_time(struct vcpu *v)
{
	struct vcpu_time_info *t;
	uint64_t tsc;

	if (!v->vcpu_info)
		return;
	t = &v->vcpu_info->time;
	WRITE_ONCE(t->version, t->version + 1);
	barrier();
	tsc = rdtsc();
	t->tsc_timestamp = tsc;
	t->system_time = scale_delta(tsc - boot_tsc_stamp, &tsc_scale);
	t->tsc_to_system_mul = tsc_scale.mul_frac;
	t->tsc_shift = (int8_t)tsc_scale.shift;
	t->flags = 0;
	barrier();
	WRITE_ONCE(t->version, t->version + 1);
}

/* The wall-clock time at system time 0, published to every domain. */
static uint64_t wc_sec_boot, wc_nsec_boot;
static bool wc_known;

void pv_set_wallclock(struct domain *d, uint64_t sec, uint32_t nsec)
{
	struct shared_info *s = d->shared_info;

	wc_sec_boot = sec;
	wc_nsec_boot = nsec;
	wc_known = true;
	WRITE_ONCE(s->wc_version, s->wc_version + 1);
	barrier();
	s->wc_sec = (uint32_t)sec;
	s->wc_sec_hi = (uint32_t)(sec >> 32);
	s->wc_nsec = nsec;
	barrier();
	WRITE_ONCE(s->wc_version, s->wc_version + 1);
}

void pv_init_wallclock(struct domain *d)
{
	if (!wc_known) {
		wc_sec_boot = get_wallclock_seconds();
		wc_nsec_boot = 0;
	}
	pv_set_wallclock(d, wc_sec_boot, wc_nsec_boot);
}
