// SPDX-License-Identifier: GPL-2.0-only
/*
 * A domain's grant table: its frames (hypervisor pages shared writable
 * with the domain, as shared_info is), growing it (setup_table), its size
 * (query_size), its format (set_version / get_version, status frames for
 * version 2), its frames for acquire_resource, and the grant_table_op
 * entry point that hands each sub-op to its worker.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/grant.h>
#include <hv/mm.h>
#include <public/memory.h>
#include "grant-priv.h"

/* Sub-op numbers use bits 0-11; Xen keeps the rest for continuations. */
#define GNTTABOP_CMD_MASK 0xfffU

/*
 * A hypervisor page the domain may map writable: owned by it, with a
 * writable type reference held for good so that it can never become one
 * of its page tables, and no pseudo-physical frame in the M2P.
 */
static void *share_frame(struct domain *d)
{
	void *va = alloc_xenheap_page();
	struct page_info *pg;

	if (!va)
		return NULL;
	pg = mfn_to_page(virt_to_mfn(va));
	pg->owner = d;
	pg->type_info = PGT_writable_page | PGT_validated | 1;
	set_gpfn_from_mfn(virt_to_mfn(va), M2P_INVALID);
	return va;
}

/* Take a frame back; refused while the domain still maps it. */
static bool unshare_frame(void *va)
{
	struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	if ((pg->count_info & PGC_count_mask) != 1 || (pg->type_info & PGT_count_mask) != 1)
		return false;
	pg->owner = NULL;
	pg->type_info = 0;
	free_xenheap_page(va);
	return true;
}

static unsigned int status_frames_for(unsigned int nr_frames)
{
	unsigned int entries = nr_frames * GNTTAB_V2_PER_FRAME;

	return (entries + GNTTAB_STATUS_PER_FRAME - 1) / GNTTAB_STATUS_PER_FRAME;
}

static int populate_status_frames(struct grant_table *gt, unsigned int nr_frames)
{
	unsigned int want = status_frames_for(nr_frames);

	for (unsigned int i = gt->nr_status_frames; i < want; i++) {
		gt->status[i] = share_frame(gt->domain);
		if (!gt->status[i]) {
			while (i-- > gt->nr_status_frames) {
				unshare_frame(gt->status[i]);
				gt->status[i] = NULL;
			}
			return -ENOMEM;
		}
	}
	if (want > gt->nr_status_frames)
		gt->nr_status_frames = want;
	return 0;
}

/* All or nothing: -EBUSY (nothing freed) while the domain maps one. */
static int unpopulate_status_frames(struct grant_table *gt)
{
	for (unsigned int i = 0; i < gt->nr_status_frames; i++) {
		struct page_info *pg = mfn_to_page(virt_to_mfn(gt->status[i]));

		if ((pg->count_info & PGC_count_mask) != 1 ||
		    (pg->type_info & PGT_count_mask) != 1)
			return -EBUSY;
	}
	for (unsigned int i = 0; i < gt->nr_status_frames; i++) {
		unshare_frame(gt->status[i]);
		gt->status[i] = NULL;
	}
	gt->nr_status_frames = 0;
	return 0;
}

static int grow_table(struct grant_table *gt, unsigned int nr_frames)
{
	unsigned int old = gt->nr_frames, i;

	for (i = old; i < nr_frames; i++) {
		if (!gt->active[i])
			gt->active[i] = xzalloc_array(struct active_grant, ACTIVE_PER_CHUNK);
		if (!gt->active[i])
			goto err;
		gt->shared[i] = share_frame(gt->domain);
		if (!gt->shared[i])
			goto err;
	}
	if (gt->version == 2 && populate_status_frames(gt, nr_frames))
		goto err;
	gt->nr_frames = nr_frames;
	return 0;

err:
	while (i-- > old) {
		if (gt->shared[i])
			unshare_frame(gt->shared[i]);
		gt->shared[i] = NULL;
	}
	return -ENOMEM;
}

/* The domain's table, made on first use with Xen's initial size. */
struct grant_table *gnttab_get(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	if (gt)
		return gt;
	gt = xzalloc(struct grant_table);
	if (!gt)
		return NULL;
	gt->domain = d;
	gt->version = 1;
	gt->max_maptrack_frames = d->max_maptrack_frames;
	gt->maptrack_head = MAPTRACK_TAIL;
	gt->maptrack_tail = MAPTRACK_TAIL;
	if (grow_table(gt, GNTTAB_INITIAL_FRAMES)) {
		xfree(gt->active[0]);
		xfree(gt);
		return NULL;
	}
	d->grant_table = gt;
	return gt;
}

void *gnttab_alloc_maptrack_frame(void)
{
	return alloc_xenheap_page();
}

/*
 * A domain by its real id, dying or not (map and unmap do not take
 * DOMID_SELF; an unmap must still find a granter that is going away).
 */
struct domain *gnttab_domain_by_id(domid_t id)
{
	struct domain *d;

	list_for_each_entry(d, &domain_list, domain_list)
		if (d->domain_id == id)
			return d;
	return NULL;
}

/* The same, or the caller for DOMID_SELF. */
struct domain *gnttab_domain_by_any_id(domid_t id)
{
	if (id == DOMID_SELF)
		return current->domain;
	return gnttab_domain_by_id(id);
}

/* Whether cur may set up or inspect d's table: itself, or a privileged domain. */
bool gnttab_may_control(const struct domain *cur, const struct domain *d)
{
	return cur == d || cur->is_privileged;
}

unsigned int gnttab_nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * (gt->version == 1 ? GNTTAB_V1_PER_FRAME : GNTTAB_V2_PER_FRAME);
}

/* The accessors below take a ref already checked against gnttab_nr_entries(). */
struct active_grant *gnttab_active(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / ACTIVE_PER_CHUNK][ref % ACTIVE_PER_CHUNK];
}

struct grant_entry_header *gnttab_shared_header(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 1) {
		struct grant_entry_v1 *f = gt->shared[ref / GNTTAB_V1_PER_FRAME];

		return (struct grant_entry_header *)&f[ref % GNTTAB_V1_PER_FRAME];
	} else {
		union grant_entry_v2 *f = gt->shared[ref / GNTTAB_V2_PER_FRAME];

		return &f[ref % GNTTAB_V2_PER_FRAME].hdr;
	}
}

grant_status_t *gnttab_status_word(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 1)
		return NULL;
	return &gt->status[ref / GNTTAB_STATUS_PER_FRAME][ref % GNTTAB_STATUS_PER_FRAME];
}

/* Where the in-use flags of an entry live: its flags (v1) or status word (v2). */
uint16_t *gnttab_use_word(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 1)
		return &gnttab_shared_header(gt, ref)->flags;
	return gnttab_status_word(gt, ref);
}

uint64_t gnttab_entry_frame(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 1) {
		struct grant_entry_v1 *f = gt->shared[ref / GNTTAB_V1_PER_FRAME];

		return READ_ONCE(f[ref % GNTTAB_V1_PER_FRAME].frame);
	} else {
		union grant_entry_v2 *f = gt->shared[ref / GNTTAB_V2_PER_FRAME];

		return READ_ONCE(f[ref % GNTTAB_V2_PER_FRAME].full_page.frame);
	}
}

/*
 * acquire_resource: the size of a grant-table resource, fixed when the
 * domain was made (its frame limit, or the status frames version 2 would
 * need for that many); 0 for an unknown id.
 */
unsigned int gnttab_resource_max_frames(const struct domain *d, unsigned int id)
{
	switch (id) {
	case XENMEM_resource_grant_table_id_shared:
		return d->max_grant_frames;
	case XENMEM_resource_grant_table_id_status:
		return status_frames_for(d->max_grant_frames);
	default:
		return 0;
	}
}

/*
 * Grow the table so that it has `nr` shared frames, if the domain's limit
 * allows; a failure shows as the table still being too small.
 */
static void grow_to(struct grant_table *gt, unsigned long nr)
{
	if (nr > gt->nr_frames && nr <= gt->domain->max_grant_frames)
		grow_table(gt, (unsigned int)nr);
}

/*
 * The machine frames [frame, frame + nr) of d's shared frames or (version
 * 2 only) status frames, growing the table as needed to reach the last
 * one, as Xen does. The caller makes sure frame + nr does not overflow
 * and nr is not 0. -EINVAL past the limit or for a bad id.
 */
int gnttab_acquire_resource(struct domain *d, unsigned int id, unsigned int frame,
			    unsigned int nr, uint64_t *mfns)
{
	struct grant_table *gt = gnttab_get(d);
	unsigned int last = frame + nr - 1;
	void *const *frames;

	if (!gt)
		return -ENOMEM;
	switch (id) {
	case XENMEM_resource_grant_table_id_shared:
		grow_to(gt, (unsigned long)last + 1);
		if (last >= gt->nr_frames)
			return -EINVAL;
		frames = gt->shared;
		break;
	case XENMEM_resource_grant_table_id_status:
		if (gt->version != 2)
			return -EINVAL;
		/* Status frame i covers the status words of 8 shared frames. */
		if (last >= gt->nr_status_frames)
			grow_to(gt, ((unsigned long)last + 1) * GNTTAB_STATUS_PER_FRAME /
					    GNTTAB_V2_PER_FRAME);
		if (last >= gt->nr_status_frames)
			return -EINVAL;
		frames = (void *const *)gt->status;
		break;
	default:
		return -EINVAL;
	}
	for (unsigned int i = 0; i < nr; i++)
		mfns[i] = virt_to_mfn(frames[frame + i]);
	return 0;
}

/* Write a list of frame numbers; an unwritable slot is reported, not fatal. */
static int16_t put_frame_list(unsigned long list, void *const *frames, unsigned int n)
{
	int16_t status = GNTST_okay;

	for (unsigned int i = 0; i < n; i++) {
		uint64_t mfn = virt_to_mfn(frames[i]);

		if (copy_to_guest(list + i * sizeof(mfn), &mfn, sizeof(mfn)))
			status = GNTST_bad_virt_addr;
	}
	return status;
}

static long setup_table(unsigned long uop, unsigned int count)
{
	struct gnttab_setup_table op;
	struct grant_table *gt;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!gnttab_guest_handle_ok(op.frame_list))
		return -EFAULT;
	d = gnttab_domain_by_any_id(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
	} else if (!gnttab_may_control(current->domain, d)) {
		op.status = GNTST_permission_denied;
	} else if (!(gt = gnttab_get(d)) || op.nr_frames > d->max_grant_frames) {
		op.status = GNTST_general_error;
	} else if (op.nr_frames > gt->nr_frames && grow_table(gt, op.nr_frames)) {
		op.status = GNTST_general_error;
	} else {
		op.status = put_frame_list(op.frame_list, gt->shared, op.nr_frames);
	}
	if (copy_to_guest(uop + offsetof(struct gnttab_setup_table, status), &op.status,
			  sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static long query_size(unsigned long uop, unsigned int count)
{
	struct gnttab_query_size op;
	struct grant_table *gt;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_domain_by_any_id(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
	} else if (!gnttab_may_control(current->domain, d)) {
		op.status = GNTST_permission_denied;
	} else if (!(gt = gnttab_get(d))) {
		op.status = GNTST_general_error;
	} else {
		op.nr_frames = gt->nr_frames;
		op.max_nr_frames = d->max_grant_frames;
		op.status = GNTST_okay;
	}
	if (copy_to_guest(uop, &op, sizeof(op)))
		return -EFAULT;
	return 0;
}

static bool any_pinned_beyond_reserved(struct grant_table *gt)
{
	for (grant_ref_t ref = GNTTAB_NR_RESERVED_ENTRIES; ref < gnttab_nr_entries(gt); ref++)
		if (gnttab_active(gt, ref)->pin)
			return true;
	return false;
}

/* The reserved entries (0-7) in v1 form, with v2's status merged into flags. */
static int save_reserved(struct grant_table *gt, struct grant_entry_v1 *saved)
{
	for (grant_ref_t i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
		if (gt->version == 1) {
			saved[i] = ((struct grant_entry_v1 *)gt->shared[0])[i];
			continue;
		}
		union grant_entry_v2 *e = &((union grant_entry_v2 *)gt->shared[0])[i];

		memset(&saved[i], 0, sizeof(saved[i]));
		switch (e->hdr.flags & GTF_type_mask) {
		case GTF_permit_access:
			if (e->full_page.frame >> 32)
				return -ERANGE;
			saved[i].flags = e->hdr.flags | *gnttab_status_word(gt, i);
			saved[i].domid = e->hdr.domid;
			saved[i].frame = (uint32_t)e->full_page.frame;
			break;
		case GTF_transitive:
			return -ERANGE;
		default:
			break;
		}
	}
	return 0;
}

static void restore_reserved(struct grant_table *gt, const struct grant_entry_v1 *saved)
{
	for (grant_ref_t i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
		if (gt->version == 1) {
			((struct grant_entry_v1 *)gt->shared[0])[i] = saved[i];
			continue;
		}
		union grant_entry_v2 *e = &((union grant_entry_v2 *)gt->shared[0])[i];

		*gnttab_status_word(gt, i) = saved[i].flags & (GTF_reading | GTF_writing);
		e->hdr.flags = saved[i].flags & ~(GTF_reading | GTF_writing);
		e->hdr.domid = saved[i].domid;
		e->full_page.frame = saved[i].frame;
	}
}

/*
 * Switch format: only with nothing in use beyond the reserved entries,
 * which survive (converted); everything else is cleared.
 */
static long change_version(struct grant_table *gt, unsigned int version)
{
	struct grant_entry_v1 saved[GNTTAB_NR_RESERVED_ENTRIES];
	int rc;

	if (any_pinned_beyond_reserved(gt))
		return -EBUSY;
	rc = save_reserved(gt, saved);
	if (rc)
		return rc;
	if (version == 2) {
		rc = populate_status_frames(gt, gt->nr_frames);
	} else {
		rc = unpopulate_status_frames(gt);
	}
	if (rc)
		return rc;
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		memset(gt->shared[i], 0, PAGE_SIZE);
	gt->version = version;
	restore_reserved(gt, saved);
	return 0;
}

static long set_version(unsigned long uop)
{
	struct gnttab_set_version op;
	struct grant_table *gt = gnttab_get(current->domain);
	long rc;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!gt)
		return -ENOMEM;
	if (op.version != 1 && op.version != 2)
		rc = -EINVAL;
	else if (op.version > current->domain->max_grant_version)
		rc = -ENOSYS;
	else if (op.version == gt->version)
		rc = 0;
	else
		rc = change_version(gt, op.version);
	op.version = gt->version;
	if (copy_to_guest(uop, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

static long get_version(unsigned long uop)
{
	struct gnttab_get_version op;
	struct grant_table *gt;
	struct domain *d;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_domain_by_any_id(op.dom);
	if (!d)
		return -ESRCH;
	if (!gnttab_may_control(current->domain, d))
		return -EPERM;
	gt = gnttab_get(d);
	if (!gt)
		return -ENOMEM;
	op.version = gt->version;
	if (copy_to_guest(uop + offsetof(struct gnttab_get_version, version), &op.version,
			  sizeof(op.version)))
		return -EFAULT;
	return 0;
}

static long get_status_frames(unsigned long uop, unsigned int count)
{
	struct gnttab_get_status_frames op;
	struct grant_table *gt;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!gnttab_guest_handle_ok(op.frame_list))
		return -EFAULT;
	d = gnttab_domain_by_any_id(op.dom);
	if (!d)
		op.status = GNTST_bad_domain;
	else if (!gnttab_may_control(current->domain, d))
		op.status = GNTST_permission_denied;
	else if (!(gt = gnttab_get(d)) || op.nr_frames > gt->nr_status_frames)
		op.status = GNTST_general_error;
	else
		op.status = put_frame_list(op.frame_list, (void *const *)gt->status,
					   op.nr_frames);
	if (copy_to_guest(uop + offsetof(struct gnttab_get_status_frames, status),
			  &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static int16_t swap_one(struct grant_table *gt, grant_ref_t a, grant_ref_t b)
{
	if (a >= gnttab_nr_entries(gt) || b >= gnttab_nr_entries(gt))
		return GNTST_bad_gntref;
	if (a == b)
		return GNTST_okay;
	if (gnttab_active(gt, a)->pin || gnttab_active(gt, b)->pin)
		return GNTST_eagain;
	if (gt->version == 1) {
		struct grant_entry_v1 *ea = (void *)gnttab_shared_header(gt, a);
		struct grant_entry_v1 *eb = (void *)gnttab_shared_header(gt, b);
		struct grant_entry_v1 t = *ea;

		*ea = *eb;
		*eb = t;
	} else {
		union grant_entry_v2 *ea = (void *)gnttab_shared_header(gt, a);
		union grant_entry_v2 *eb = (void *)gnttab_shared_header(gt, b);
		union grant_entry_v2 t = *ea;
		grant_status_t s = *gnttab_status_word(gt, a);

		*ea = *eb;
		*eb = t;
		*gnttab_status_word(gt, a) = *gnttab_status_word(gt, b);
		*gnttab_status_word(gt, b) = s;
	}
	return GNTST_okay;
}

static long swap_grant_ref(unsigned long uop, unsigned int count)
{
	struct grant_table *gt = gnttab_get(current->domain);
	struct gnttab_swap_grant_ref op;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		op.status = gt ? swap_one(gt, op.ref_a, op.ref_b) : GNTST_general_error;
		if (copy_to_guest(uop + offsetof(struct gnttab_swap_grant_ref, status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}

/*
 * cmd and count are 32-bit in Xen's prototype: the upper halves of the
 * registers do not count. Array sub-ops refuse an array that starts in
 * the hypervisor's range before doing anything.
 */
long do_grant_table_op(unsigned long cmd_arg, unsigned long uop, unsigned long count_arg)
{
	unsigned int cmd = (unsigned int)cmd_arg, count = (unsigned int)count_arg;

	if ((int)count < 0)
		return -EINVAL;
	if (cmd & ~GNTTABOP_CMD_MASK)
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		return gnttab_guest_handle_ok(uop) ? gnttab_map_grant_ref(uop, count) : -EFAULT;
	case GNTTABOP_unmap_grant_ref:
		return gnttab_guest_handle_ok(uop) ? gnttab_unmap_grant_ref(uop, count) : -EFAULT;
	case GNTTABOP_copy:
		return gnttab_guest_handle_ok(uop) ? gnttab_copy(uop, count) : -EFAULT;
	case GNTTABOP_swap_grant_ref:
		return gnttab_guest_handle_ok(uop) ? swap_grant_ref(uop, count) : -EFAULT;
	case GNTTABOP_setup_table:
		return setup_table(uop, count);
	case GNTTABOP_query_size:
		return query_size(uop, count);
	case GNTTABOP_set_version:
		return set_version(uop);
	case GNTTABOP_get_version:
		return get_version(uop);
	case GNTTABOP_get_status_frames:
		return get_status_frames(uop, count);
	default:
		return -ENOSYS;
	}
}

static bool frame_mapped(const void *va)
{
	const struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	return (pg->count_info & PGC_count_mask) != 1 || (pg->type_info & PGT_count_mask) != 1;
}

bool gnttab_frames_in_use(const struct domain *d)
{
	const struct grant_table *gt = d->grant_table;

	if (!gt)
		return false;
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		if (frame_mapped(gt->shared[i]))
			return true;
	for (unsigned int i = 0; i < gt->nr_status_frames; i++)
		if (frame_mapped(gt->status[i]))
			return true;
	return false;
}

void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	bool leaked = false;

	if (!gt)
		return;
	ASSERT(!gt->maptrack_limit);
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		leaked |= !unshare_frame(gt->shared[i]);
	for (unsigned int i = 0; i < gt->nr_status_frames; i++)
		leaked |= !unshare_frame(gt->status[i]);
	for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++)
		xfree(gt->active[i]);
	if (leaked)
		printk("d%u: grant frames still referenced at destruction, leaked\n",
		       d->domain_id);
	xfree(gt);
	d->grant_table = NULL;
}
