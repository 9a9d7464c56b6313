/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op (hypercall 24): bring vCPUs up and down, their timers, where the
 * hypervisor keeps their vcpu_info and runstate, and set_timer_op (15).
 * Arguments: (cmd, vcpuid, arg), cmd and vcpuid 32-bit. A vcpuid the domain
 * does not have gives -ENOENT; an unknown cmd -ENOSYS. Numbers and layouts
 * are Xen 4.17's.
 *
 * All times are system time: nanoseconds since the hypervisor booted, the
 * clock that vcpu_time_info describes.
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include <stdint.h>

/*
 * initialise: set the initial register state of a vCPU that has none
 * (struct vcpu_guest_context, 5168 bytes on x86-64). -EEXIST if the vCPU
 * already has a context.
 */
#define VCPUOP_initialise 0
#define VCPU_GUEST_CONTEXT_SIZE 5168

/* up: start an initialised vCPU (-EINVAL if it has no context). */
#define VCPUOP_up 1

/* down: stop a vCPU; taking down the last one powers the domain off. */
#define VCPUOP_down 2

/* is_up: 1 if the vCPU is up, 0 if down. */
#define VCPUOP_is_up 3

/*
 * get_runstate_info: the time the vCPU has spent in each state, up to now.
 * States (the values of enum runstate in hv/domain.h): running 0,
 * runnable 1, blocked 2, offline 3.
 */
#define VCPUOP_get_runstate_info 4
struct vcpu_runstate_info {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4];
};
/* With VMASST_TYPE_runstate_update_flag: set in state_entry_time while the
 * hypervisor rewrites the registered copy. */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

/*
 * register_runstate_memory_area: a guest virtual address where the
 * hypervisor keeps a vcpu_runstate_info of the vCPU current, rewritten at
 * every switch to or from it. 0 stops the updates. -EFAULT if the address
 * is not guest memory; an unmapped address is accepted (writes are lost).
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
	uint64_t addr;
};

/*
 * set_periodic_timer: VIRQ_TIMER every period_ns (at least 1 ms) while the
 * vCPU runs; PV vCPUs start with a 10 ms period. stop_periodic_timer:
 * no argument.
 */
#define VCPUOP_set_periodic_timer  6
#define VCPUOP_stop_periodic_timer 7
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};

/*
 * set_singleshot_timer: VIRQ_TIMER once at timeout_abs_ns. Only for the
 * calling vCPU (-EINVAL otherwise). A deadline already passed raises the
 * event at once: Xen 4.17 ignores VCPU_SSHOTTMR_future and returns 0.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags;
	uint32_t pad;
};
#define VCPU_SSHOTTMR_future (1U << 0)

/*
 * register_vcpu_info: move the vCPU's vcpu_info out of shared_info into
 * the guest frame `mfn` at `offset` (8-byte aligned, the 64 bytes inside
 * the page; else -ENXIO). The current contents are copied there, then
 * every selector bit and upcall_pending are set so the guest rescans.
 * Once per vCPU: a second call is -EINVAL; a frame the guest cannot map
 * writable is -EINVAL. For the caller or a vCPU that is down.
 */
#define VCPUOP_register_vcpu_info 10
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};

#define VCPUOP_send_nmi   11
#define VCPUOP_get_physid 12

/*
 * register_vcpu_time_memory_area: a guest virtual address where the
 * hypervisor also writes the vCPU's vcpu_time_info (for a user-space
 * clock).
 */
#define VCPUOP_register_vcpu_time_memory_area 13
struct vcpu_register_time_memory_area {
	uint64_t addr;
};

#endif
