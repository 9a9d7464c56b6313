/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and system control: domctl and sysctl wrappers with Xen 4.17's
 * layouts (interface version 0x15), memory_op on other domains, event
 * channel allocation for a new domain, mmuext pinning, grant table setup
 * and xen_version. Each wrapper copies its argument into a hypercall
 * buffer once, issues one hypercall, and copies results out. -errno on
 * failure (the hypervisor's errno values, e.g. -ESRCH for no such domain,
 * -EACCES for an interface version mismatch).
 */
#ifndef CTRL_DOM_H
#define CTRL_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctrl-abi.h"
#include "transport/transport.h"

struct ctrl_dominfo {
	uint32_t domid;
	uint32_t flags;		/* XABI_DOMINF_* as reported */
	bool dying, shutdown, paused, blocked, running, hvm;
	unsigned int shutdown_reason; /* XABI_SHUTDOWN_* when shutdown */
	uint64_t tot_pages, max_pages, outstanding_pages;
	uint64_t shared_info_frame;
	uint64_t cpu_time_ns;
	uint32_t nr_online_vcpus, max_vcpu_id;
	uint8_t handle[16];
	uint32_t cpupool;
};

struct ctrl_create_args {
	uint8_t handle[16];
	uint32_t flags;		/* XABI_CDF_*; 0 for a PV guest */
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;	/* < 0: hypervisor default */
	int32_t max_maptrack_frames;
	uint32_t max_grant_version;	/* 1 or 2 */
	uint32_t ssidref;
	uint32_t cpupool;
};

/* The hypervisor's record decoded (also used for domain lists). */
void ctrl_dominfo_decode(const struct xabi_dominfo *in,
			 struct ctrl_dominfo *out);

/* domctl */
int ctrl_dom_create(struct ctrl_transport *t, const struct ctrl_create_args *a,
		    uint32_t *domid /* IN: wanted id or 0, OUT: the id */);
int ctrl_dom_destroy(struct ctrl_transport *t, uint32_t domid);
int ctrl_dom_pause(struct ctrl_transport *t, uint32_t domid);
int ctrl_dom_unpause(struct ctrl_transport *t, uint32_t domid);
/* Exactly this domain, or -ESRCH. */
int ctrl_dom_getinfo(struct ctrl_transport *t, uint32_t domid,
		     struct ctrl_dominfo *info);
int ctrl_dom_max_mem(struct ctrl_transport *t, uint32_t domid, uint64_t kb);
int ctrl_dom_max_vcpus(struct ctrl_transport *t, uint32_t domid,
		       unsigned int max);
int ctrl_dom_set_vcpu_context(struct ctrl_transport *t, uint32_t domid,
			      unsigned int vcpu,
			      const struct xabi_vcpu_guest_context *ctx);
int ctrl_dom_get_vcpu_context(struct ctrl_transport *t, uint32_t domid,
			      unsigned int vcpu,
			      struct xabi_vcpu_guest_context *ctx);
int ctrl_dom_getvcpuinfo(struct ctrl_transport *t, uint32_t domid,
			 unsigned int vcpu, struct xabi_getvcpuinfo *out);
int ctrl_dom_settimeoffset(struct ctrl_transport *t, uint32_t domid,
			   int64_t seconds);
int ctrl_dom_set_address_size(struct ctrl_transport *t, uint32_t domid,
			      unsigned int bits);
int ctrl_dom_get_address_size(struct ctrl_transport *t, uint32_t domid,
			      unsigned int *bits);
int ctrl_dom_setdomainhandle(struct ctrl_transport *t, uint32_t domid,
			     const uint8_t handle[16]);
int ctrl_dom_hypercall_init(struct ctrl_transport *t, uint32_t domid,
			    uint64_t gmfn);
/*
 * Xen 4.17 has no separate set_max_evtchn domctl any more (it moved into
 * createdomain as max_evtchn_port); this returns -EOPNOTSUPP so callers
 * that try it learn that, and is kept only to document the fact.
 */
int ctrl_dom_set_max_evtchn(struct ctrl_transport *t, uint32_t domid,
			    uint32_t max_port);

/* sysctl */
int ctrl_sys_physinfo(struct ctrl_transport *t, struct xabi_physinfo *out);
int ctrl_sys_sched_id(struct ctrl_transport *t, uint32_t *sched_id);
const char *ctrl_sched_name(uint32_t sched_id);
/* Domains with id >= first, at most max of them; *n gets the count. */
int ctrl_sys_domain_list(struct ctrl_transport *t, uint32_t first,
			 struct ctrl_dominfo *out, size_t max, size_t *n);
/*
 * The hypervisor console ring. *len: IN buffer size, OUT bytes read.
 * index == NULL: from the start of the ring; else incremental from
 * *index, updated.
 */
int ctrl_sys_readconsole(struct ctrl_transport *t, char *buf, uint32_t *len,
			 bool clear, uint32_t *index);

/* memory_op on another domain */
/*
 * Populate n extents of 2^order pages at the pfns in frames[]; on return
 * frames[] holds the machine frames (for a PV domain). Partial success is
 * -ENOMEM with *done set (pass NULL if not interested).
 */
int ctrl_mem_populate(struct ctrl_transport *t, uint32_t domid,
		      uint64_t *frames, size_t n, unsigned int order,
		      size_t *done);
int ctrl_mem_decrease(struct ctrl_transport *t, uint32_t domid,
		      const uint64_t *frames, size_t n);
long ctrl_mem_current_reservation(struct ctrl_transport *t, uint32_t domid);
long ctrl_mem_maximum_reservation(struct ctrl_transport *t, uint32_t domid);

/* An unbound port in domid that `remote` may bind. */
int ctrl_evtchn_alloc_unbound(struct ctrl_transport *t, uint32_t domid,
			      uint32_t remote, uint32_t *port);

/* Pin mfn as an L4 table of domid (validates the whole tree). */
int ctrl_mmuext_pin_l4(struct ctrl_transport *t, uint32_t domid,
		       uint64_t mfn);

/* Grant table frames of domid (machine frames for PV). */
int ctrl_gnttab_setup_table(struct ctrl_transport *t, uint32_t domid,
			    uint32_t nr_frames, uint64_t *frames);

struct ctrl_xen_version {
	unsigned int major, minor;
	char extra[17];
	char caps[1025];
	char changeset[65];
	char commandline[1025];
	uint64_t virt_start;
	long pagesize;
};
int ctrl_xen_version(struct ctrl_transport *t, struct ctrl_xen_version *v);

#endif /* CTRL_DOM_H */
