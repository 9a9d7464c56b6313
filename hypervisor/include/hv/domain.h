/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and virtual CPUs.
 *
 * Locking: for now the hypervisor runs guests on one physical CPU and every
 * path here runs with interrupts disabled (hypercalls and traps enter with
 * IF clear and leave only through the return-to-guest path), so these
 * structures need no lock yet. The SMP work adds a per-domain lock taken
 * before any per-vCPU state, and domlist_lock outermost.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <stdint.h>
#include <stdbool.h>
#include <hv/list.h>
#include <hv/regs.h>
#include <hv/timer.h>
#include <hv/pv-cpu.h>
#include <hv/watchdog.h>
#include <public/xen.h>

#define MAX_VIRT_CPUS 128

/* Per-feature state, owned by its own file (common/event, common/grant). */
struct evtchn_domain;
struct evtchn_vcpu;
struct grant_table;

/* vcpu->arch.flags */
#define TF_kernel_mode (1u << 0)

struct pv_callback {
	unsigned long eip;
	bool mask_events;
};

struct arch_vcpu {
	struct trap_info trap_ctxt[256];
	struct pv_callback event_callback;
	struct pv_callback failsafe_callback;
	struct pv_callback syscall_callback;
	struct pv_callback syscall32_callback;
	struct pv_callback sysenter_callback;
	struct pv_callback nmi_callback;
	unsigned long kernel_ss, kernel_sp;
	unsigned long guest_table;      /* kernel L4 mfn (the CR3 in kernel mode) */
	unsigned long guest_table_user; /* user L4 mfn, 0 if none */
	unsigned int flags;
	unsigned long fs_base, gs_base_kernel, gs_base_user;
	uint16_t fs_sel, gs_sel, ds_sel, es_sel;
	unsigned long cr2;              /* last fault address bounced */
	unsigned int iopl;              /* virtual I/O privilege (physdev set_iopl) */
	unsigned long pirq_eoi_mfn;     /* pirq EOI bitmap frame, 0 if none */
	struct pv_cpu pv;               /* descriptor tables, FPU, CRs, DRs (hv/pv-cpu.h) */
};

enum runstate {
	RUNSTATE_running = 0,
	RUNSTATE_runnable = 1,
	RUNSTATE_blocked = 2,
	RUNSTATE_offline = 3,
};

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	struct vcpu_info *vcpu_info;   /* in shared_info until registered elsewhere */
	struct cpu_user_regs regs;     /* saved frame while not on a CPU */
	enum runstate runstate;
	bool is_running;               /* on a CPU right now */
	bool is_idle;
	unsigned long pause_flags;     /* VPF_* below */
	unsigned int processor;
	struct list_head runq_elem;    /* scheduler's run queue */
	struct timer singleshot_timer;
	struct evtchn_vcpu *evtchn;    /* event-channel state of this vCPU */
	/* Timers, runstate and registered areas (common/vcpu-op.c). */
	struct timer periodic_timer;
	s_time_t periodic_period;      /* 0 = off */
	s_time_t periodic_last_event;
	s_time_t runstate_entry_time;  /* NOW() when `runstate` last changed */
	uint64_t runstate_time[4];     /* ns spent in each runstate */
	unsigned long runstate_guest;  /* guest VA of its vcpu_runstate_info, 0 = none */
	unsigned long time_info_guest; /* guest VA of a vcpu_time_info copy, 0 = none */
	unsigned long vcpu_info_mfn;   /* frame of a registered vcpu_info, 0 = in shared_info */
	struct arch_vcpu arch;
};

#define VPF_blocked (1UL << 0)
#define VPF_down    (1UL << 1)

/* domain->is_dying: alive, being torn down, torn down (frames may still be held). */
#define DOMDYING_alive 0
#define DOMDYING_dying 1
#define DOMDYING_dead  2

struct domain {
	domid_t domain_id;
	bool is_privileged;
	bool is_shutting_down;
	bool is_shut_down;
	uint8_t is_dying;               /* DOMDYING_* */
	int shutdown_code;              /* SHUTDOWN_*, or -1 when none recorded */
	unsigned int max_vcpus;
	struct vcpu **vcpu;
	struct shared_info *shared_info;
	struct list_head page_list;
	struct list_head relmem_list;   /* teardown: pages already gone through */
	unsigned long tot_pages;
	unsigned long max_pages;
	unsigned long vm_assist;
	struct evtchn_domain *evtchn;  /* common/event */
	struct grant_table *grant_table; /* common/grant */
	/* Limits from createdomain (dom0: the hypervisor's defaults). */
	unsigned int max_grant_frames;
	unsigned int max_maptrack_frames;
	unsigned int max_grant_version;
	struct pv_dom_io pv_io;         /* emulated ports (pv/emul-priv-op.c) */
	struct list_head domain_list;   /* in domain-id order */
	struct domain_watchdog watchdog; /* common/sched/watchdog.c */
	uint8_t handle[16];
	uint32_t ssidref;
	/* Toolstack control (common/domctl.c). */
	int controller_pause_count;     /* pausedomain - unpausedomain; 1 at creation */
	int64_t time_offset_seconds;    /* added to the wall clock in shared_info */
	unsigned int kill_progress;     /* teardown stage, kept across continuations */
};

extern struct domain *dom0;
extern struct list_head domain_list;

struct domain *domain_create(domid_t id, unsigned int max_vcpus, bool privileged);
struct xen_domctl_createdomain;
int domain_create_guest(domid_t id, const struct xen_domctl_createdomain *cfg,
			struct domain **out);
int domain_create_vcpus(struct domain *d);
/* Free the vCPUs and the structure itself (the last step of teardown). */
void domain_free_struct(struct domain *d);
struct vcpu *vcpu_create(struct domain *d, unsigned int id);
/* Back to a fresh, down vCPU (setvcpucontext with no context). */
void vcpu_reset(struct vcpu *v);
void domain_shutdown(struct domain *d, unsigned int reason);
void __noreturn domain_crash_current(const char *why);
void domain_crash(struct domain *d, const char *why);
struct domain *idle_domain(void);
/* Any domain in the list by id (dying too), or NULL; DOMID_SELF is the caller. */
struct domain *domain_lookup(domid_t id);
/* The same without DOMID_SELF (Xen's by-id lookup for domctl). */
struct domain *domain_by_id(domid_t id);
/* Controller pause (domctl); unpause fails with -EINVAL below zero. */
void domain_pause_by_controller(struct domain *d);
int domain_unpause_by_controller(struct domain *d);
/* Teardown (common/domain-kill.c): -ERESTART while there is more to do. */
int domain_kill(struct domain *d);
/* A frame of a dead domain was let go: maybe the domain can go now. */
void domain_kick_reaper(void);

/* A vCPU is initialised once it has page tables (VCPUOP_initialise, setvcpucontext). */
static inline bool vcpu_is_initialised(const struct vcpu *v)
{
	return v->arch.guest_table != 0;
}

static inline bool guest_kernel_mode(const struct vcpu *v)
{
	return v->arch.flags & TF_kernel_mode;
}

#endif
