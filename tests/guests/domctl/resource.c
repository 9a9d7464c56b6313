// SPDX-License-Identifier: GPL-2.0-only
/*
 * XENMEM_acquire_resource on another domain's grant table, as a PV
 * toolstack (Linux privcmd's MMAP_RESOURCE) uses it:
 *  - frame_list NULL and nr_frames 0 asks for the size: the domain's
 *    grant-frame limit (shared), or the status frames version 2 would need
 *    for it (status, whatever the version);
 *  - frames come back as machine frames (the ones setup_table names),
 *    the table grown to reach the last one asked for (query_size);
 *  - mapped with mmu_update naming the domain, a grant entry written
 *    there is the domain's own (a grant copy from it reads the frame it
 *    grants); the mapping keeps the destroyed domain, dying, until it
 *    goes;
 *  - status frames of a version-2 table (the domain in sched.c), -EINVAL
 *    for a version-1 one;
 *  - Xen's errnos: pad, frame and frame + nr_frames at 2^32, past the
 *    limit, a bad id, a size query with nr_frames, too many frames for a
 *    continuation, -EINVAL; ioreq server and vmtrace of a PV domain
 *    -EINVAL; an unknown type -EOPNOTSUPP (a size query of it "succeeds"
 *    with -EOPNOTSUPP as the size, as 4.17 does); unknown domain and
 *    DOMID_SELF -ESRCH; oneself (and, in sched.c, an unprivileged
 *    caller) -EPERM; unreadable argument, unwritable list -EFAULT.
 */
#include "ctl.h"
#include "tests.h"
#include "evtchn.h"
#include "gnttab.h"

#define TEST_REF   10           /* a grant reference past the reserved ones */
#define NR_FRAMES  4            /* max_grant_frames of dom_create()'s domains */

static const char marker[] = "granted through an acquired frame";
static char copy_buf[PAGE_SIZE] __aligned(PAGE_SIZE);

static long acquire(uint16_t dom, unsigned int type, unsigned int id, uint64_t frame,
		    uint32_t nr, uint64_t *list)
{
	struct acquire_resource r = {
		.domid = dom, .type = type, .id = id, .nr_frames = nr, .frame = frame,
		.frame_list = (uint64_t)list,
	};

	return memory_op(XENMEM_acquire_resource, &r);
}

/* The size query; -1 in *nr if the call failed. */
static long resource_size(uint16_t dom, unsigned int type, unsigned int id, int64_t *nr)
{
	struct acquire_resource r = { .domid = dom, .type = type, .id = id };
	long rc = memory_op(XENMEM_acquire_resource, &r);

	*nr = rc ? -1 : (int64_t)r.nr_frames;
	return rc;
}

static long grant_frames(uint16_t dom)
{
	struct gnttab_query_size q = { .dom = dom };
	long rc = hv_grant_table_op(GNTTABOP_query_size, &q, 1);

	return rc ? rc : q.status ? q.status : (long)q.nr_frames;
}

static void test_hostile(uint16_t d)
{
	struct acquire_resource r = {
		.domid = d, .type = RESOURCE_grant_table, .nr_frames = 1, .pad = 1,
	};
	uint64_t f[2];
	int64_t n;

	r.frame_list = (uint64_t)f;
	expect_rc("resource.pad", memory_op(XENMEM_acquire_resource, &r), -EINVAL);
	expect_rc("resource.unreadable", memory_op(XENMEM_acquire_resource, guard_page),
		  -EFAULT);
	expect_rc("resource.frame_high",
		  acquire(d, RESOURCE_grant_table, 0, 1ULL << 32, 1, f), -EINVAL);
	expect_rc("resource.frame_wraps",
		  acquire(d, RESOURCE_grant_table, 0, 0xffffffffULL, 2, f), -EINVAL);
	expect_rc("resource.unknown_domain",
		  acquire(0x7000, RESOURCE_grant_table, 0, 0, 1, f), -ESRCH);
	expect_rc("resource.domid_self",
		  acquire(DOMID_SELF, RESOURCE_grant_table, 0, 0, 1, f), -ESRCH);
	expect_rc("resource.self", acquire(0, RESOURCE_grant_table, 0, 0, 1, f), -EPERM);
	expect_rc("resource.bad_id", acquire(d, RESOURCE_grant_table, 2, 0, 1, f), -EINVAL);
	expect_rc("resource.bad_id.size", resource_size(d, RESOURCE_grant_table, 2, &n),
		  -EINVAL);
	expect_rc("resource.unknown_type", acquire(d, 3, 0, 0, 1, f), -EOPNOTSUPP);
	expect_rc("resource.unknown_type.size", resource_size(d, 3, 0, &n), 0);
	check_eq("resource.unknown_type.size_is_errno", n, (uint32_t)-EOPNOTSUPP);
	expect_rc("resource.ioreq_server_pv", acquire(d, RESOURCE_ioreq_server, 0, 0, 1, f),
		  -EINVAL);
	expect_rc("resource.vmtrace_pv", acquire(d, RESOURCE_vmtrace_buf, 0, 0, 1, f),
		  -EINVAL);
	expect_rc("resource.size_with_nr", acquire(d, RESOURCE_grant_table, 0, 0, 1, NULL),
		  -EINVAL);
	expect_rc("resource.past_limit",
		  acquire(d, RESOURCE_grant_table, 0, NR_FRAMES, 1, f), -EINVAL);
	expect_rc("resource.runs_past_limit",
		  acquire(d, RESOURCE_grant_table, 0, NR_FRAMES - 1, 2, f), -EINVAL);
	check_eq("resource.past_limit.not_grown", grant_frames(d), 1);
	/* More than a continuation could count, though under 2^32. */
	expect_rc("resource.too_many",
		  acquire(d, RESOURCE_grant_table, 0, 0, 0x4000000, f), -EINVAL);
	expect_rc("resource.status_v1",
		  acquire(d, RESOURCE_grant_table, RESOURCE_grant_status, 0, 1, f), -EINVAL);
	expect_rc("resource.list_unwritable",
		  acquire(d, RESOURCE_grant_table, 0, 0, 1, (uint64_t *)guard_page), -EFAULT);
}

/* A grant copy out of d's grant `ref`: what d grants there. */
static int16_t copy_from_grant(uint16_t d, uint32_t ref)
{
	struct gnttab_copy c = {
		.source = { .u.ref = ref, .domid = d },
		.dest = { .u.gmfn = ev_mfn_of(copy_buf), .domid = DOMID_SELF },
		.len = sizeof(marker), .flags = GNTCOPY_source_gref,
	};
	long rc = hv_grant_table_op(GNTTABOP_copy, &c, 1);

	return rc ? (int16_t)rc : c.status;
}

/* Frames 0 and 1, then 3: each time the table grows to hold them. */
static void test_frames(uint16_t d, uint64_t granted)
{
	struct gnttab_setup_table st = { .dom = d, .nr_frames = 2 };
	uint64_t f[2] = { 0, 0 }, g[2] = { 0, 0 }, f3 = 0;
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)window;
	struct dominfo i;
	int64_t n;

	expect_rc("resource.size", resource_size(d, RESOURCE_grant_table, 0, &n), 0);
	check_eq("resource.size.shared", n, NR_FRAMES);
	expect_rc("resource.size.status_any_version",
		  resource_size(d, RESOURCE_grant_table, RESOURCE_grant_status, &n), 0);
	check_eq("resource.size.status", n, 1);
	check_eq("resource.before", grant_frames(d), 1);

	expect_rc("resource.acquire", acquire(d, RESOURCE_grant_table, 0, 0, 2, f), 0);
	check_eq("resource.acquire.grown", grant_frames(d), 2);
	st.frame_list = (uint64_t)g;
	hv_grant_table_op(GNTTABOP_setup_table, &st, 1);
	check("resource.acquire.frames", f[0] && f[1] && f[0] != f[1] && f[0] == g[0] &&
	      f[1] == g[1], "acquired %#lx %#lx setup_table %#lx %#lx (status %d)",
	      (unsigned long)f[0], (unsigned long)f[1], (unsigned long)g[0],
	      (unsigned long)g[1], st.status);
	expect_rc("resource.acquire_last", acquire(d, RESOURCE_grant_table, 0, 3, 1, &f3), 0);
	check_eq("resource.acquire_last.grown", grant_frames(d), NR_FRAMES);

	/* Write a grant into d's table through the acquired frame. */
	expect_rc("resource.map", window_map(f[0], true, d), 0);
	e[TEST_REF].domid = 0;
	e[TEST_REF].frame = (uint32_t)granted;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	e[TEST_REF].flags = GTF_permit_access | GTF_readonly;
	memset(copy_buf, 0, sizeof(copy_buf));
	check_eq("resource.grant_copy", copy_from_grant(d, TEST_REF), GNTST_okay);
	check("resource.grant_copy.data", !memcmp(copy_buf, marker, sizeof(marker)), "%.20s",
	      copy_buf);

	/* Still mapped: the destroyed domain stays, dying, until unmapped. */
	expect_rc("resource.destroy_mapped", dom_destroy(d), 0);
	memset(&i, 0, sizeof(i));
	expect_rc("resource.destroy_mapped.info", dom_info(d, &i), 0);
	check("resource.destroy_mapped.dying", i.domain == d && (i.flags & DOMINF_dying),
	      "domain %u flags %#x", i.domain, i.flags);
	expect_rc("resource.unmap", window_restore(), 0);
	memset(&i, 0, sizeof(i));
	dom_info(d, &i);
	check("resource.destroy_mapped.gone", i.domain != d, "next domain %u", i.domain);
}

void test_resource(void)
{
	uint64_t f = 0;
	uint16_t d = 0;

	if (dom_create(0, 1, NULL, &d) || dom_max_mem(d, 64) ||
	    reservation(XENMEM_populate, d, &f, 1, 0) != 1 || window_map(f, true, d)) {
		test_fail("resource.setup", "domain %u", d);
		return;
	}
	memcpy(window, marker, sizeof(marker));
	window_restore();
	test_hostile(d);
	test_frames(d, f);
}

/*
 * d (sched.c) switched its table to version 2 itself: its status frame,
 * the one get_status_frames names, mapped read-only.
 */
void test_resource_status(uint16_t d)
{
	struct gnttab_get_status_frames gs = { .nr_frames = 1, .dom = d };
	uint64_t f = 0, g = 0;
	int64_t n;

	expect_rc("resource.v2.size", resource_size(d, RESOURCE_grant_table,
						     RESOURCE_grant_status, &n), 0);
	check_eq("resource.v2.size.status", n, 1);
	expect_rc("resource.v2.status",
		  acquire(d, RESOURCE_grant_table, RESOURCE_grant_status, 0, 1, &f), 0);
	gs.frame_list = (uint64_t)&g;
	hv_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);
	check("resource.v2.status.frame", f && f == g, "acquired %#lx get_status_frames %#lx "
	      "(status %d)", (unsigned long)f, (unsigned long)g, gs.status);
	expect_rc("resource.v2.status.past", acquire(d, RESOURCE_grant_table,
						     RESOURCE_grant_status, 1, 1, &f), -EINVAL);
	expect_rc("resource.v2.status.map", window_map(f, false, d), 0);
	window_restore();
}
