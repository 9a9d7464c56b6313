// SPDX-License-Identifier: GPL-2.0-only
/*
 * domctl: the control interface as the privileged initial domain uses it
 * to make, fill, inspect and destroy other domains (Xen 4.17, domctl and
 * sysctl interface version 0x15). ABI rules checked:
 *  - a wrong interface version is -EACCES, an unknown command -ENOSYS
 *    (set_max_evtchn is gone in 4.17), an unreadable argument -EFAULT, an
 *    unprivileged caller -EPERM (from a domain built here, sched.c);
 *  - createdomain picks the lowest free domid from 1 when asked for 0 (or
 *    a reserved id), takes a free requested one, -EEXIST for a taken one,
 *    and -EINVAL for bad flags, no vCPUs, grant version 0 or bad
 *    emulation flags; the new domain is paused and has no vCPUs until
 *    max_vcpus (which must equal the created count) makes them;
 *  - getdomaininfo answers with the next domain up from the one asked
 *    for, -ESRCH past the last one; its fields (handle round trip,
 *    tot/max pages, vCPU ids, shared_info frame);
 *  - pause/unpause count, not on oneself; max_mem, address size,
 *    settimeoffset, setdomainhandle, hypercall_init;
 *  - memory for another domain (populate, increase, decrease, the
 *    reservation queries), stopping at max_pages (mem.c);
 *  - mmu_update with a foreign domain maps its frames, mmuext pins its
 *    page tables, setvcpucontext/getvcpucontext/getvcpuinfo (the
 *    context's IOPL is the vCPU's virtual IOPL; vCPU 0's first context
 *    sets the domain's vm_assist, unknown types -EINVAL), interdomain
 *    event channels set up by dom0 (foreign.c);
 *  - two domains sharing the CPU keep their own SSE registers and segment
 *    bases; a paused domain stops running (sched.c);
 *  - physinfo, sched_id, getdomaininfolist, readconsole (sys.c);
 *  - destroydomain: not oneself (-EINVAL), unknown (-ESRCH); every page
 *    returns to the heap (free_pages as before, up to Xen's allocator
 *    slack, also over ten cycles and for a domain big enough that its
 *    teardown continues itself, or runs inside a multicall); a domain
 *    whose frame is still mapped stays, dying, until the mapping goes;
 *  - a domain unpaused with a vCPU that faults without a handler crashes:
 *    shutdown with code crash, and VIRQ_DOM_EXC for dom0;
 *  - acquire_resource of another domain's grant table: sizes, frames
 *    (the table grows), mapped with mmu_update and written, the mapping
 *    keeping the destroyed domain; status frames of a version-2 table;
 *    Xen's errnos (resource.c, the unprivileged caller in sched.c);
 *  - populate/decrease/increase batches of 32768 extents are preempted
 *    (a due timer's upcall arrives inside the call, which continues) and
 *    complete, also inside a multicall (batch.c).
 */
#include "ctl.h"
#include "tests.h"

const char test_kernel_name[] = "domctl";

static const uint8_t handle_a[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
				      0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x01 };

static void test_versions(void)
{
	struct domctl op;
	struct sysctl sop = { .cmd = SYSCTL_physinfo, .interface_version = 0x14 };

	domctl_init(&op, DOMCTL_getdomaininfo, 0);
	op.interface_version = 0x14;
	expect_rc("domctl.bad_version", domctl(&op), -EACCES);
	op.interface_version = 0x16;
	expect_rc("domctl.newer_version", domctl(&op), -EACCES);
	expect_rc("sysctl.bad_version", sysctl(&sop), -EACCES);
	expect_rc("domctl.unknown", dom_simple(9999, 0), -ENOSYS);
	expect_rc("domctl.set_max_evtchn_gone", dom_simple(DOMCTL_set_max_evtchn, 0), -ENOSYS);
	expect_rc("domctl.unknown_bad_domain", dom_simple(9999, 0x7000), -ESRCH);
	sop.interface_version = SYSCTL_VERSION;
	sop.cmd = 9999;
	expect_rc("sysctl.unknown", sysctl(&sop), -ENOSYS);
	expect_rc("domctl.unreadable", domctl((struct domctl *)guard_page), -EFAULT);
	expect_rc("sysctl.unreadable", sysctl((struct sysctl *)guard_page), -EFAULT);
}

static long create_with(uint16_t dom, void (*tweak)(struct createdomain *))
{
	struct domctl op;

	domctl_init(&op, DOMCTL_createdomain, dom);
	op.u.create.max_vcpus = 1;
	op.u.create.max_grant_frames = -1;
	op.u.create.max_maptrack_frames = -1;
	op.u.create.grant_opts = 1;
	tweak(&op.u.create);
	return domctl(&op);
}

static void bad_flags(struct createdomain *c) { c->flags = 1u << 8; }
static void no_vcpus(struct createdomain *c) { c->max_vcpus = 0; }
static void grant_v0(struct createdomain *c) { c->grant_opts = 0; }
static void grant_opts_high(struct createdomain *c) { c->grant_opts = 0x11; }
static void no_grant_frames(struct createdomain *c) { c->max_grant_frames = 0; }
static void emu_flags(struct createdomain *c) { c->emulation_flags = 2; }  /* a vLAPIC */
static void misc_flags(struct createdomain *c) { c->misc_flags = 0x80; }
static void iommu_opts(struct createdomain *c) { c->iommu_opts = 1; }

static void test_create_hostile(void)
{
	expect_rc("create.bad_flags", create_with(0, bad_flags), -EINVAL);
	expect_rc("create.no_vcpus", create_with(0, no_vcpus), -EINVAL);
	expect_rc("create.grant_version_0", create_with(0, grant_v0), -EINVAL);
	expect_rc("create.grant_opts_unknown", create_with(0, grant_opts_high), -EINVAL);
	expect_rc("create.no_grant_frames", create_with(0, no_grant_frames), -EINVAL);
	/* An emulator set PV cannot have: Xen says "not supported". */
	expect_rc("create.emulation_flags", create_with(0, emu_flags), -EOPNOTSUPP);
	expect_rc("create.misc_flags", create_with(0, misc_flags), -EINVAL);
	expect_rc("create.iommu_opts_without_iommu", create_with(0, iommu_opts), -EINVAL);
}

/* A fresh domain: paused, no vCPUs yet, no memory, our handle. */
static void test_new_domain(uint16_t d)
{
	struct dominfo i;
	long rc = dom_info(d, &i);

	expect_rc("info.new", rc, 0);
	if (rc)
		return;
	check_eq("info.new.domain", i.domain, d);
	check("info.new.flags", (i.flags & 0xffff) == DOMINF_paused, "flags %#x", i.flags);
	check_eq("info.new.tot_pages", i.tot_pages, 0);
	check_eq("info.new.max_pages", i.max_pages, 0);
	check_eq("info.new.nr_online_vcpus", i.nr_online_vcpus, 0);
	check_eq("info.new.max_vcpu_id", i.max_vcpu_id, INVALID_MAX_VCPU_ID);
	check("info.new.handle", !memcmp(i.handle, handle_a, 16), "%02x%02x..%02x",
	      i.handle[0], i.handle[1], i.handle[15]);
	check("info.new.shared_info_frame", i.shared_info_frame != 0, "%#lx",
	      (unsigned long)i.shared_info_frame);
	check_eq("info.new.ssidref", i.ssidref, 0);
	check_eq("info.new.cpupool", i.cpupool, 0);
	check_eq("info.new.cpu_time", i.cpu_time, 0);
}

static void test_lookup(uint16_t d1, uint16_t d42)
{
	struct dominfo i;

	memset(&i, 0, sizeof(i));
	expect_rc("info.dom0", dom_info(0, &i), 0);
	check("info.dom0.running", i.domain == 0 && (i.flags & DOMINF_running) &&
	      !(i.flags & (DOMINF_paused | DOMINF_dying | DOMINF_shutdown)) &&
	      i.nr_online_vcpus == 1 && i.max_vcpu_id == 0,
	      "domain %u flags %#x online %u max_vcpu_id %u", i.domain, i.flags,
	      i.nr_online_vcpus, i.max_vcpu_id);
	check_eq("info.dom0.tot_pages", i.tot_pages, start_info->nr_pages);
	/* 4.17 answers with the next domain up. */
	memset(&i, 0, sizeof(i));
	expect_rc("info.next", dom_info(d1 + 1, &i), 0);
	check_eq("info.next.domain", i.domain, d42);
	expect_rc("info.past_last", dom_info(0x7000, &i), -ESRCH);
	expect_rc("info.domid_self", dom_info(DOMID_SELF, &i), -EINVAL);
	expect_rc("info.reserved", dom_info(0x7ff5, &i), -EINVAL);
}

static void test_pause(uint16_t d)
{
	struct dominfo i;

	expect_rc("pause.self", dom_simple(DOMCTL_pausedomain, 0), -EINVAL);
	expect_rc("unpause.self", dom_simple(DOMCTL_unpausedomain, 0), -EINVAL);
	expect_rc("pause", dom_simple(DOMCTL_pausedomain, d), 0);
	expect_rc("unpause", dom_simple(DOMCTL_unpausedomain, d), 0);
	dom_info(d, &i);
	check("unpause.still_paused", i.flags & DOMINF_paused, "flags %#x", i.flags);
	expect_rc("pause.unknown", dom_simple(DOMCTL_pausedomain, 0x7000), -ESRCH);
}

static void test_limits(uint16_t d)
{
	struct domctl op;
	struct dominfo i;

	expect_rc("max_vcpus.other_count", dom_max_vcpus(d, 3), -EINVAL);
	expect_rc("max_vcpus.self", dom_max_vcpus(0, 1), -EINVAL);
	expect_rc("max_vcpus", dom_max_vcpus(d, 2), 0);
	expect_rc("max_vcpus.again", dom_max_vcpus(d, 2), 0);
	dom_info(d, &i);
	check("max_vcpus.info", i.max_vcpu_id == 1 && i.nr_online_vcpus == 0,
	      "max_vcpu_id %u online %u", i.max_vcpu_id, i.nr_online_vcpus);

	expect_rc("max_mem", dom_max_mem(d, 1024), 0);
	dom_info(d, &i);
	check_eq("max_mem.max_pages", i.max_pages, 256);

	domctl_init(&op, DOMCTL_set_address_size, d);
	op.u.address_size.size = 64;
	expect_rc("address_size.64", domctl(&op), 0);
	op.u.address_size.size = 48;
	expect_rc("address_size.48", domctl(&op), -EINVAL);
	domctl_init(&op, DOMCTL_get_address_size, d);
	expect_rc("get_address_size", domctl(&op), 0);
	check_eq("get_address_size.size", op.u.address_size.size, 64);

	domctl_init(&op, DOMCTL_settimeoffset, d);
	op.u.timeoffset.seconds = 3600;
	expect_rc("settimeoffset", domctl(&op), 0);

	domctl_init(&op, DOMCTL_setdomainhandle, d);
	memset(op.u.handle.handle, 0x5c, 16);
	expect_rc("setdomainhandle", domctl(&op), 0);
	dom_info(d, &i);
	check("setdomainhandle.info", i.handle[0] == 0x5c && i.handle[15] == 0x5c,
	      "%02x..%02x", i.handle[0], i.handle[15]);
	memcpy(op.u.handle.handle, handle_a, 16);
	domctl(&op);
}

static void test_destroy_hostile(void)
{
	expect_rc("destroy.self", dom_destroy(0), -EINVAL);
	expect_rc("destroy.domid_self", dom_destroy(DOMID_SELF), -ESRCH);
	expect_rc("destroy.unknown", dom_destroy(0x7000), -ESRCH);
}

static void test_destroy(uint16_t d1, uint16_t d42)
{
	struct dominfo i;

	expect_rc("destroy", dom_destroy(d1), 0);
	memset(&i, 0, sizeof(i));
	dom_info(d1, &i);
	check("destroy.gone", i.domain != d1, "next domain %u", i.domain);
	expect_rc("destroy.again", dom_destroy(d1), -ESRCH);
	expect_rc("destroy.42", dom_destroy(d42), 0);
	expect_rc("destroy.42.info", dom_info(d42, &i), -ESRCH);
}

/* Every page of the dead domains is back (the detail shows any slack). */
static void check_free_pages(const char *name, uint64_t free0)
{
	uint64_t now = free_pages_settled(free0);

	check(name, now <= free0 && now + FREE_PAGES_SLACK >= free0,
	      "start %lu now %lu (%ld)", (unsigned long)free0, (unsigned long)now,
	      (long)(now - free0));
}

/*
 * A domain with more pages than one teardown step handles (the
 * hypercall continues itself), destroyed directly and from a multicall
 * (where it cannot continue itself and finishes in one go).
 */
static void test_destroy_big(uint64_t free0)
{
	static uint64_t frames[4096];
	struct { uint64_t op, result, args[6]; } mc;
	struct domctl op;

	for (unsigned int round = 0; round < 2; round++) {
		uint16_t d = 0;
		long rc;

		for (unsigned int n = 0; n < 4096; n++)
			frames[n] = n;
		if (dom_create(0, 1, handle_a, &d) || dom_max_mem(d, 4096 * 4) ||
		    reservation(XENMEM_populate, d, frames, 4096, 0) != 4096) {
			test_fail("destroy_big.setup", "round %u domain %u", round, d);
			return;
		}
		if (round == 0) {
			rc = dom_destroy(d);
		} else {
			domctl_init(&op, DOMCTL_destroydomain, d);
			mc = (typeof(mc)){ .op = HYPERCALL_domctl, .result = 1, .args = { (uint64_t)&op } };
			rc = hypercall2(13 /* multicall */, &mc, 1);
			rc = rc ? rc : (long)mc.result;
		}
		expect_rc(round ? "destroy_big.multicall" : "destroy_big", rc, 0);
	}
	check_free_pages("destroy_big.free_pages", free0);
}

/* Ten rounds of create, fill, destroy leave the heap as it was. */
static void test_cycles(uint64_t free0)
{
	static uint64_t frames[128];
	uint64_t low = ~0ULL;
	unsigned int ok = 0;

	for (unsigned int round = 0; round < 10; round++) {
		struct physinfo pi;
		uint16_t d = 0;

		if (dom_create(0, 2, handle_a, &d) || dom_max_vcpus(d, 2) ||
		    dom_max_mem(d, 4096))
			break;
		for (unsigned int n = 0; n < 128; n++)
			frames[n] = n;
		if (reservation(XENMEM_populate, d, frames, 128, 0) != 128)
			break;
		physinfo(&pi);
		if (pi.free_pages < low)
			low = pi.free_pages;
		if (dom_destroy(d))
			break;
		ok++;
	}
	check_eq("cycles.done", ok, 10);
	check("cycles.used_memory", low + 128 <= free0, "lowest %lu start %lu",
	      (unsigned long)low, (unsigned long)free0);
	check_free_pages("cycles.free_pages", free0);
}

void test_main(void)
{
	struct physinfo pi;
	uint16_t d1 = 0, d42 = 0, dx = 0;
	uint64_t free0;

	test_versions();
	test_create_hostile();
	expect_rc("physinfo", physinfo(&pi), 0);
	free0 = pi.free_pages;

	expect_rc("create.auto", dom_create(0, 2, handle_a, &d1), 0);
	check("create.auto.domid", d1 >= 1 && d1 < 42, "domid %u", d1);
	expect_rc("create.42", dom_create(42, 1, handle_a, &d42), 0);
	check_eq("create.42.domid", d42, 42);
	expect_rc("create.taken", dom_create(d1, 1, handle_a, &dx), -EEXIST);
	/* A reserved id asks for any; Xen's rover hands out the next one up. */
	expect_rc("create.reserved_id", dom_create(DOMID_SELF, 1, handle_a, &dx), 0);
	check_eq("create.rover", dx, d1 + 1);
	if (dx)
		expect_rc("destroy.fresh", dom_destroy(dx), 0);
	if (!d1 || d42 != 42)
		panic("cannot create domains");

	test_new_domain(d1);
	test_lookup(d1, d42);
	test_pause(d1);
	test_limits(d1);
	test_memory(d1, d42, free0);
	test_foreign(d1, d42);
	test_vcpu(d1);
	test_evtchn(d1);
	test_sysctl(d1, d42);
	test_run(d1);
	test_two_domains();
	test_resource();
	test_destroy_hostile();
	test_destroy_mapped();
	test_destroy(d1, d42);
	test_evtchn_after_destroy(d1);
	check_free_pages("free_pages.restored", free0);
	test_cycles(free0);
	test_destroy_big(free0);
	test_batches();
}
