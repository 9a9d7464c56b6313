// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event-channel delivery to a vCPU. The event_channel_op hypercall and the
 * port tables come with the PV ABI work; this file already owns marking an
 * upcall pending and waking the vCPU, which timers and the scheduler use.
 */
#include <hv/lib.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/event.h>

void vcpu_mark_events_pending(struct vcpu *v)
{
	if (!v->vcpu_info)
		return;
	WRITE_ONCE(v->vcpu_info->evtchn_upcall_pending, 1);
	if (v->pause_flags & VPF_blocked) {
		v->pause_flags &= ~VPF_blocked;
		vcpu_wake(v);
	}
}

long do_sched_poll(unsigned long arg)
{
	(void)arg;
	return -ENOSYS;
}
