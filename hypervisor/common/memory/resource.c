// SPDX-License-Identifier: GPL-2.0-only
/*
 * XENMEM_acquire_resource: a privileged PV caller learns the machine
 * frames of another domain's resource (so far its grant table) and maps
 * them with mmu_update naming that domain. Those mappings hold references
 * like any foreign mapping, so a destroyed domain stays, dying, until
 * they are gone. The checks and their errnos follow Xen 4.17 in order.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <public/memory.h>
#include <public/xen.h>

BUILD_BUG_ON(sizeof(struct xen_mem_acquire_resource) != 32);
BUILD_BUG_ON(offsetof(struct xen_mem_acquire_resource, frame) != 16);
BUILD_BUG_ON(offsetof(struct xen_mem_acquire_resource, frame_list) != 24);

/* Frames looked up per step, between preemption checks (as Xen). */
#define RESOURCE_CHUNK 32

/* The whole resource's size; 0 when d has no such resource. */
static unsigned int resource_max_frames(const struct domain *d, unsigned int type,
					unsigned int id)
{
	switch (type) {
	case XENMEM_resource_grant_table:
		return gnttab_resource_max_frames(d, id);
	case XENMEM_resource_ioreq_server:	/* HVM domains only */
	case XENMEM_resource_vmtrace_buf:	/* no domain has a trace buffer */
		return 0;
	default:
		/*
		 * Xen 4.17 gives -EOPNOTSUPP here, taken as an unsigned size: a
		 * size query "succeeds" with that, a mapping fails below.
		 */
		return (unsigned int)-EOPNOTSUPP;
	}
}

static int resource_frames(struct domain *d, unsigned int type, unsigned int id,
			   unsigned int frame, unsigned int nr, uint64_t *mfns)
{
	if (type == XENMEM_resource_grant_table)
		return gnttab_acquire_resource(d, id, frame, nr, mfns);
	return -EOPNOTSUPP;
}

/* `start`: frames already written by earlier rounds of this call. */
long memory_acquire_resource(unsigned long arg, unsigned long start)
{
	struct domain *curr = current->domain, *d;
	struct xen_mem_acquire_resource r;
	unsigned int max;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.pad)
		return -EINVAL;
	/* frame is 64 bits, the size 32: nothing may reach 2^32. */
	if ((r.frame >> 32) || ((r.frame + r.nr_frames) >> 32))
		return -EINVAL;
	d = domain_by_id(r.domid);
	if (!d)
		return -ESRCH;
	if (d == curr || !curr->is_privileged)
		return -EPERM;
	max = resource_max_frames(d, r.type, r.id);
	if (!max)
		return -EINVAL;

	if (!r.frame_list) {
		if (r.nr_frames || start)
			return -EINVAL;
		r.nr_frames = max;
		return copy_to_guest(arg + offsetof(struct xen_mem_acquire_resource, nr_frames),
				     &r.nr_frames, sizeof(r.nr_frames)) ? -EFAULT : 0;
	}
	/* The progress has to fit in cmd next to the sub-op. */
	if (start >= r.nr_frames || r.nr_frames > (UINT32_MAX >> MEMOP_EXTENT_SHIFT))
		return -EINVAL;

	for (unsigned long done = start; done < r.nr_frames;) {
		uint64_t mfns[RESOURCE_CHUNK];
		unsigned int n = r.nr_frames - done < RESOURCE_CHUNK ? r.nr_frames - done
								     : RESOURCE_CHUNK;
		int rc;

		if (done != start && hypercall_preempt_check())
			return hypercall_continue_args(HYPERCALL_memory_op,
						       XENMEM_acquire_resource |
						       (done << MEMOP_EXTENT_SHIFT), arg);
		rc = resource_frames(d, r.type, r.id, (unsigned int)(r.frame + done), n, mfns);
		if (rc)
			return rc;
		if (copy_to_guest(r.frame_list + done * sizeof(uint64_t), mfns,
				  n * sizeof(uint64_t)))
			return -EFAULT;
		done += n;
	}
	return 0;
}
