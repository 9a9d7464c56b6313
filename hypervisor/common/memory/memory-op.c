// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory_op: growing and shrinking a domain (reservations, populate),
 * exchanging frames, and telling guests about memory: the machine map for
 * the hardware domain, reservation sizes, and where the M2P lives. Each
 * argument struct is copied in once; extents are handled one by one and
 * the count done is returned, so a guest learns how far a batch got.
 * Batches are preemptible: a long one continues in a fresh call.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/boot.h>
#include <hv/page-ref.h>
#include <public/memory.h>

/* Largest extent a guest may ask for: 2 MiB for others, 4 MiB... for dom0 as Xen. */
#define MAX_ORDER_DOMU 9
#define MAX_ORDER_PRIV 20

static int target_domain(uint16_t domid, struct domain **out)
{
	struct domain *curr = current->domain, *d;

	if (domid == DOMID_SELF || domid == curr->domain_id) {
		*out = curr;
		return 0;
	}
	if (!curr->is_privileged)
		return -EPERM;
	d = domain_lookup(domid);
	if (!d)
		return -ESRCH;
	*out = d;
	return 0;
}

/* An extent whose frames all fit under 2^bits (0: anywhere). */
static struct page_info *alloc_extent(struct domain *d, unsigned int order, unsigned int bits)
{
	struct page_info *pg = alloc_domheap_pages(d, order);

	if (pg && bits && bits < 64 &&
	    ((page_to_mfn(pg) + (1UL << order)) << PAGE_SHIFT) > (1UL << bits)) {
		free_domheap_pages(pg, order);
		return NULL;
	}
	return pg;
}

/*
 * One extent of a reservation batch, slot i of the guest's list: false
 * when it cannot be done (the batch stops there).
 */
static bool reservation_one(unsigned int op, struct domain *d,
			    const struct xen_memory_reservation *r, unsigned long i)
{
	unsigned long slot = r->extent_start + i * sizeof(uint64_t);
	unsigned long n = 1UL << r->extent_order;
	struct page_info *pg;
	uint64_t val;

	if (op != XENMEM_increase_reservation && copy_from_guest(&val, slot, sizeof(val)))
		return false;
	if (op == XENMEM_decrease_reservation) {
		/* PV: the guest names machine frames it owns. */
		for (unsigned long j = 0; j < n; j++)
			if (!mfn_valid(val + j) || mfn_to_page(val + j)->owner != d ||
			    !(mfn_to_page(val + j)->count_info & PGC_allocated))
				return false;
		for (unsigned long j = 0; j < n; j++)
			domain_release_page(mfn_to_page(val + j));
		return true;
	}
	pg = alloc_extent(d, r->extent_order, XENMEMF_address_bits(r->mem_flags));
	if (!pg)
		return false;
	if (op == XENMEM_populate_physmap)
		for (unsigned long j = 0; j < n; j++)
			set_gpfn_from_mfn(page_to_mfn(pg) + j, val + j);
	val = page_to_mfn(pg);
	if (copy_to_guest(slot, &val, sizeof(val))) {
		free_domheap_pages(pg, r->extent_order);
		return false;
	}
	return true;
}

/*
 * increase/decrease_reservation and populate_physmap from extent `start`
 * on. A long batch stops when something else wants the CPU and the
 * guest's call is made again from the next extent, encoded in cmd (as
 * Xen); so the batch size must leave room for that encoding.
 */
static long reservation_op(unsigned int op, unsigned long start, unsigned long arg)
{
	struct domain *curr = current->domain, *d;
	struct xen_memory_reservation r;
	unsigned long i;

	/* As in Xen: an unreadable argument means no extents were done. */
	if (copy_from_guest(&r, arg, sizeof(r)))
		return start;
	if (r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) || start >= r.nr_extents)
		return start;
	if (r.extent_order > (curr->is_privileged ? MAX_ORDER_PRIV : MAX_ORDER_DOMU))
		return start;
	/* As in Xen: an unknown or forbidden domain means no extents done. */
	if (target_domain(r.domid, &d))
		return start;

	for (i = start; i < r.nr_extents; i++) {
		if (i != start && hypercall_preempt_check())
			return hypercall_continue_args(HYPERCALL_memory_op,
						       op | (i << MEMOP_EXTENT_SHIFT), arg);
		if (!reservation_one(op, d, &r, i))
			break;
	}
	return i;
}

/*
 * Trade frames: the `in` extents are given up and the `out` extents are
 * allocated (e.g. contiguous and below 4 GiB for DMA). All or nothing per
 * chunk; nr_exchanged counts the in-extents traded, and is where the
 * trade starts, so that a long one stops between chunks, records its
 * progress there and continues in a fresh call (as Xen).
 */
static long exchange(unsigned long arg, unsigned long start)
{
	struct domain *d = current->domain;
	struct xen_memory_exchange x;
	unsigned long in_per_out, out_per_in, in_done, out_done, first;
	long rc = 0;

	if (start)
		return -EINVAL;
	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	if (x.in.domid != DOMID_SELF && x.in.domid != d->domain_id)
		return -EPERM;
	if (x.in.extent_order > MAX_ORDER_DOMU * 2 || x.out.extent_order > MAX_ORDER_DOMU * 2)
		return -EPERM;
	if ((x.in.nr_extents << x.in.extent_order) != (x.out.nr_extents << x.out.extent_order) ||
	    (x.in.nr_extents << x.in.extent_order) >> x.in.extent_order != x.in.nr_extents)
		return -EINVAL;
	if (x.nr_exchanged > x.in.nr_extents)
		return -EINVAL;
	in_per_out = x.out.extent_order > x.in.extent_order ?
		     1UL << (x.out.extent_order - x.in.extent_order) : 1;
	out_per_in = x.in.extent_order > x.out.extent_order ?
		     1UL << (x.in.extent_order - x.out.extent_order) : 1;
	/* Whole chunks only, as Xen rounds a guest's odd count down. */
	in_done = first = x.nr_exchanged / in_per_out * in_per_out;
	out_done = in_done / in_per_out * out_per_in;
	x.nr_exchanged = in_done;

	while (in_done < x.in.nr_extents) {
		uint64_t in_mfn[64], out_gpfn[64];
		unsigned long nin = in_per_out, nout = out_per_in;
		struct page_info *pg[64];
		bool ok = true;

		if (in_done != first && hypercall_preempt_check()) {
			x.nr_exchanged = in_done;
			if (copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
					  &x.nr_exchanged, sizeof(x.nr_exchanged)))
				return -EFAULT;
			return hypercall_continue_args(HYPERCALL_memory_op, XENMEM_exchange, arg);
		}
		if (nin > 64 || nout > 64) {
			rc = -EINVAL;
			break;
		}
		for (unsigned long k = 0; k < nin && ok; k++) {
			ok = !copy_from_guest(&in_mfn[k], x.in.extent_start +
					      (in_done + k) * sizeof(uint64_t), sizeof(uint64_t));
			for (unsigned long j = 0; ok && j < (1UL << x.in.extent_order); j++)
				ok = mfn_valid(in_mfn[k] + j) &&
				     mfn_to_page(in_mfn[k] + j)->owner == d &&
				     (mfn_to_page(in_mfn[k] + j)->count_info &
				      (PGC_allocated | PGC_count_mask)) == (PGC_allocated | 1) &&
				     (mfn_to_page(in_mfn[k] + j)->type_info & PGT_count_mask) == 0;
		}
		for (unsigned long k = 0; k < nout && ok; k++)
			ok = !copy_from_guest(&out_gpfn[k], x.out.extent_start +
					      (out_done + k) * sizeof(uint64_t), sizeof(uint64_t));
		if (!ok) {
			rc = -EINVAL;
			break;
		}
		/* Room for the new frames first: the old ones still count. */
		d->max_pages += nin << x.in.extent_order;
		for (unsigned long k = 0; k < nout; k++) {
			pg[k] = alloc_extent(d, x.out.extent_order,
					     XENMEMF_address_bits(x.out.mem_flags));
			if (!pg[k]) {
				while (k--)
					free_domheap_pages(pg[k], x.out.extent_order);
				ok = false;
				break;
			}
		}
		d->max_pages -= nin << x.in.extent_order;
		if (!ok) {
			rc = -ENOMEM;
			break;
		}
		for (unsigned long k = 0; k < nin; k++)
			for (unsigned long j = 0; j < (1UL << x.in.extent_order); j++)
				domain_release_page(mfn_to_page(in_mfn[k] + j));
		for (unsigned long k = 0; k < nout; k++) {
			uint64_t mfn = page_to_mfn(pg[k]);

			for (unsigned long j = 0; j < (1UL << x.out.extent_order); j++)
				set_gpfn_from_mfn(mfn + j, out_gpfn[k] + j);
			if (copy_to_guest(x.out.extent_start + (out_done + k) * sizeof(uint64_t),
					  &mfn, sizeof(mfn)))
				rc = -EFAULT;
		}
		in_done += nin;
		out_done += nout;
		x.nr_exchanged = in_done;
		if (rc)
			break;
	}
	if (copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
			  &x.nr_exchanged, sizeof(x.nr_exchanged)))
		rc = -EFAULT;
	return rc;
}

static long machine_memory_map(unsigned long arg)
{
	const struct boot_info *bi = boot_info_get();
	struct xen_memory_map map;
	unsigned int n;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	for (n = 0; n < bi->nr_ranges && n < map.nr_entries; n++) {
		struct e820entry e = {
			.addr = bi->ranges[n].start,
			.size = bi->ranges[n].end - bi->ranges[n].start,
			.type = bi->ranges[n].type,
		};

		if (copy_to_guest(map.buffer + n * sizeof(e), &e, sizeof(e)))
			return -EFAULT;
	}
	map.nr_entries = n;
	if (copy_to_guest(arg, &map.nr_entries, sizeof(map.nr_entries)))
		return -EFAULT;
	return 0;
}

/* A PV guest's pseudo-physical map: one RAM range covering its pages. */
static long memory_map(unsigned long arg)
{
	struct domain *d = current->domain;
	struct xen_memory_map map;
	struct e820entry e = { 0, (uint64_t)d->max_pages << PAGE_SHIFT, 1 };

	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	if (map.nr_entries < 1)
		return -EINVAL;
	if (copy_to_guest(map.buffer, &e, sizeof(e)))
		return -EFAULT;
	map.nr_entries = 1;
	if (copy_to_guest(arg, &map.nr_entries, sizeof(map.nr_entries)))
		return -EFAULT;
	return 0;
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
	unsigned int op = cmd & MEMOP_CMD_MASK;
	unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(op, start, arg);
	case XENMEM_exchange:
		return exchange(arg, start);
	case XENMEM_maximum_ram_page:
		return max_page;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation: {
		uint16_t domid;
		struct domain *d;
		int rc;

		if (copy_from_guest(&domid, arg, sizeof(domid)))
			return -EFAULT;
		rc = target_domain(domid, &d);
		if (rc)
			return rc;
		return op == XENMEM_current_reservation ? d->tot_pages : d->max_pages;
	}
	case XENMEM_machphys_mfn_list: {
		struct xen_machphys_mfn_list l;
		unsigned int i;

		if (copy_from_guest(&l, arg, sizeof(l)))
			return -EFAULT;
		for (i = 0; i < l.max_extents && i < m2p_nr_chunks; i++) {
			uint64_t mfn = m2p_chunk_mfn[i];

			if (copy_to_guest(l.extent_start + i * sizeof(mfn), &mfn, sizeof(mfn)))
				return -EFAULT;
		}
		l.nr_extents = i;
		if (copy_to_guest(arg + offsetof(struct xen_machphys_mfn_list, nr_extents),
				  &l.nr_extents, sizeof(l.nr_extents)))
			return -EFAULT;
		return 0;
	}
	case XENMEM_machphys_mapping: {
		struct xen_machphys_mapping m = {
			.v_start = RO_MPT_VIRT_START,
			.v_end = RO_MPT_VIRT_START + (unsigned long)m2p_nr_chunks * M2P_CHUNK,
			.max_mfn = (unsigned long)m2p_nr_chunks * M2P_CHUNK / 8 - 1,
		};

		return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
	}
	case XENMEM_add_to_physmap: {
		struct xen_add_to_physmap a;

		if (copy_from_guest(&a, arg, sizeof(a)))
			return -EFAULT;
		/* Only translated guests have a physmap to add to; PV ones manage
		 * their p2m themselves. */
		return -EACCES;
	}
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_acquire_resource:
		return memory_acquire_resource(arg, start);
	default:
		return -ENOSYS;
	}
}
