/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small model of Xen 4.17's control interface behind the fake
 * transport: domains with ids, page accounting and vCPU contexts, machine
 * frames handed out in a scrambled order (so pfn/mfn confusion shows),
 * the M2P, event channel ports, grant table frames, and the checks that
 * matter to a PV builder (pinning validates the page-table tree the way
 * the hypervisor does: owned frames, no PSE, page tables mapped read-only).
 */
#ifndef FAKEHV_H
#define FAKEHV_H

#include <stdbool.h>
#include <stdint.h>

#include "ctrl-abi.h"
#include "transport/transport.h"

#define FHV_MAX_DOMS  8
#define FHV_MAX_VCPUS 8

struct fhv_dom {
	bool used;
	uint16_t id;
	uint32_t flags; /* XABI_DOMINF_* */
	uint32_t pause_count;
	uint64_t max_pages, tot_pages;
	uint8_t handle[16];
	uint32_t max_vcpus_create, max_vcpus;
	uint32_t max_evtchn_port;
	bool ctx_set[FHV_MAX_VCPUS];
	struct xabi_vcpu_guest_context ctx[FHV_MAX_VCPUS];
	int64_t time_offset;
	uint32_t address_size;
	uint64_t shared_info_mfn;
	uint64_t gnttab_mfn;
	uint32_t next_port;
	uint64_t pinned_l4;
	uint64_t hypercall_page;
	char pin_error[256]; /* why the last pin failed */
};

struct fakehv {
	struct ctrl_transport *t;
	size_t nr_frames;
	int16_t *owner;	   /* per mfn: domid, or -1 free */
	uint64_t *m2p;	   /* per mfn: pfn */
	uint64_t *free_list;
	size_t nr_free;
	struct fhv_dom doms[FHV_MAX_DOMS];
	uint16_t next_domid;
	uint32_t sched_id;
	const char *console; /* what readconsole returns */
	/* fault injection: fail the next domctl `fail_cmd` with fail_rc */
	uint32_t fail_cmd;
	long fail_rc;
	unsigned int populate_calls;
};

/* A fake transport with nr_frames of machine memory and this model. */
struct fakehv *fakehv_new(size_t nr_frames);
void fakehv_free(struct fakehv *h);
struct fhv_dom *fakehv_dom(struct fakehv *h, uint32_t domid);
/* Number of frames owned by domid. */
size_t fakehv_owned(struct fakehv *h, uint32_t domid);

#endif /* FAKEHV_H */
