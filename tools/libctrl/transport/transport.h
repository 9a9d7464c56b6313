/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transport: the one seam between libctrl and the hypervisor. Every
 * hypercall, foreign mapping, event channel and grant mapping the
 * toolstack makes goes through these ops. The real implementation speaks
 * to Linux's /dev/xen/{privcmd,hypercall,evtchn,gntdev}; the recording
 * fake lets unit tests run the builder and lifecycle code on a host.
 *
 * All functions return -errno on failure, never exit.
 */
#ifndef CTRL_TRANSPORT_H
#define CTRL_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

struct ctrl_transport;

struct ctrl_transport_ops {
	/* A hypercall with up to five arguments: >= 0 result or -errno. */
	long (*hypercall)(struct ctrl_transport *t, unsigned int op,
			  const uint64_t arg[5]);
	/*
	 * Memory the hypervisor may read and write during a hypercall
	 * (resident, not shared with a fork). Zeroed. NULL on failure.
	 */
	void *(*buf_alloc)(struct ctrl_transport *t, size_t len);
	void (*buf_free)(struct ctrl_transport *t, void *p, size_t len);

	/*
	 * Map n frames of domain dom (MFNs for a PV domain) contiguously.
	 * errs[i] receives 0 or -errno per frame (may be NULL); any error
	 * fails the whole call. prot is PROT_READ/PROT_WRITE.
	 */
	void *(*map_foreign)(struct ctrl_transport *t, uint16_t dom, int prot,
			     const uint64_t *frames, int *errs, size_t n);
	/* XENMEM_acquire_resource frames (e.g. a domain's grant table). */
	void *(*map_resource)(struct ctrl_transport *t, uint16_t dom,
			      unsigned int type, unsigned int id,
			      unsigned int idx, size_t n, int prot);
	int (*unmap)(struct ctrl_transport *t, void *addr, size_t n);

	/* /dev/xen/evtchn: ports bound in this process. */
	int (*evtchn_bind_interdomain)(struct ctrl_transport *t, uint16_t dom,
				       uint32_t remote_port);
	int (*evtchn_bind_virq)(struct ctrl_transport *t, uint32_t virq);
	int (*evtchn_unbind)(struct ctrl_transport *t, uint32_t port);
	int (*evtchn_notify)(struct ctrl_transport *t, uint32_t port);
	/* fd to poll for pending ports, and reading one (unmasks it). */
	int (*evtchn_fd)(struct ctrl_transport *t);
	int (*evtchn_pending)(struct ctrl_transport *t, uint32_t *port);

	/* /dev/xen/gntdev: map grant references of domain dom. */
	void *(*gnt_map)(struct ctrl_transport *t, uint16_t dom,
			 const uint32_t *refs, size_t n, int prot);
	int (*gnt_unmap)(struct ctrl_transport *t, void *addr, size_t n);

	void (*close)(struct ctrl_transport *t);
};

struct ctrl_transport {
	const struct ctrl_transport_ops *ops;
};

/*
 * The real transport. Opens /dev/xen/privcmd (or /proc/xen/privcmd) now;
 * evtchn and gntdev on first use. NULL with errno set when there is no
 * hypervisor interface.
 */
struct ctrl_transport *ctrl_transport_open(void);
void ctrl_transport_close(struct ctrl_transport *t);

/*
 * The recording fake. Machine memory is nr_frames pages that foreign
 * mappings alias for real (a memfd), so what a builder writes through a
 * mapping is what a test reads back with ctrl_fake_frame(). Hypercalls
 * are recorded and passed to a handler the test installs (no handler:
 * -ENOSYS).
 */
struct ctrl_fake_call {
	unsigned int op;
	uint64_t arg[5];
	uint32_t sub;	  /* domctl/sysctl cmd, or arg[0] for others */
	uint8_t in[256] __attribute__((aligned(8))); /* argument struct */
	long rc;
};

typedef long (*ctrl_fake_handler)(void *ctx, struct ctrl_transport *t,
				  unsigned int op, const uint64_t arg[5]);
/* Frames of a resource for map_resource (grant table): 0 or -errno. */
typedef int (*ctrl_fake_resource)(void *ctx, uint16_t dom, unsigned int type,
				  unsigned int id, unsigned int idx, size_t n,
				  uint64_t *mfns);

struct ctrl_transport *ctrl_fake_open(size_t nr_frames);
void ctrl_fake_set_handler(struct ctrl_transport *t, ctrl_fake_handler h,
			   ctrl_fake_resource r, void *ctx);
const struct ctrl_fake_call *ctrl_fake_calls(struct ctrl_transport *t,
					     size_t *n);
void ctrl_fake_clear_calls(struct ctrl_transport *t);
/* Direct access to machine frame mfn (NULL if out of range). */
void *ctrl_fake_frame(struct ctrl_transport *t, uint64_t mfn);
size_t ctrl_fake_nr_frames(struct ctrl_transport *t);
/* Foreign mappings currently live (a leak check for tests). */
size_t ctrl_fake_live_maps(struct ctrl_transport *t);
/* Make the next `count` map_foreign calls fail with err (fault tests). */
void ctrl_fake_fail_maps(struct ctrl_transport *t, int err, int count);

#endif /* CTRL_TRANSPORT_H */
