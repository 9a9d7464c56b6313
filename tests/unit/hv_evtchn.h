/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shims for the event-channel sources (hv_evtchn.c): what differs
 * from the hypervisor build is done here, before any of their headers.
 *  - `current` reads the per-CPU block at the top of the hypervisor stack;
 *    here it is a variable the model sets before each call (ev_current);
 *  - hv/guest-frame.h's inline helpers take references in the frame
 *    table; here the guest frames are host pages with a reference count
 *    the model checks (ev_model.c), so its include guard is defined first
 *    and the two helpers become plain functions.
 * Include this before any hypervisor header: the headers are guarded, so
 * the sources' own #includes change nothing afterwards.
 */
#ifndef UNIT_HV_EVTCHN_H
#define UNIT_HV_EVTCHN_H

#include <hv/current.h>

struct vcpu;
struct domain;
extern struct vcpu *ev_current;
#undef current
#define current ev_current

#define HV_GUEST_FRAME_H
void *guest_frame_get_writable(const struct domain *d, unsigned long mfn);
void guest_frame_put_writable(const void *va);

#endif /* UNIT_HV_EVTCHN_H */
