// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reaching into another domain as a domain builder does: mapping its
 * frames with mmu_update's foreign-domain argument, pinning its page
 * tables, loading and reading back its vCPU context (and the vm_assist
 * it carries), filling its
 * hypercall page, event channels between it and dom0, and destroying it
 * while one of its frames is still mapped.
 */
#include "ctl.h"
#include "tests.h"
#include "evtchn.h"

#define HYPERVISOR_L4_SLOT 260          /* per-domain mappings */
#define FLAT_KERNEL_SS64 0xe02b
#define FLAT_KERNEL_CS64 0xe033

/* Two sets of vm_assist types a 64-bit PV domain may have. */
#define ASSIST_FIRST ((1UL << VMASST_TYPE_writable_pagetables) | \
		      (1UL << VMASST_TYPE_runstate_update_flag))
#define ASSIST_SECOND ((1UL << VMASST_TYPE_architectural_iopl) | (1UL << 0) | (1UL << 3))

static const char marker[] = "domctl foreign frame";
static char own_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct vcpu_context ctx;
static uint32_t dom0_port;             /* our end of the interdomain channel */

void test_foreign(uint16_t d1, uint16_t d42)
{
	expect_rc("map.foreign_rw", window_map(d1_p2m[0], true, d1), 0);
	memcpy(window, marker, sizeof(marker));
	expect_rc("map.restore", window_restore(), 0);
	expect_rc("map.foreign_ro", window_map(d1_p2m[0], false, d1), 0);
	check("map.reads_back", !memcmp(window, marker, sizeof(marker)), "%.20s", window);
	window_restore();

	/* Xen: naming oneself by id as the foreign domain is refused. */
	expect_rc("map.fd_own_id", window_map(d1_p2m[0], true, 0), -ESRCH);
	expect_rc("map.fd_unknown", window_map(d1_p2m[0], true, 0x7000), -ESRCH);
	expect_rc("map.not_ours", window_map(d1_p2m[0], true, DOMID_SELF), -EBUSY);
	expect_rc("map.fd_not_owner", window_map(d1_p2m[0], true, d42), -EBUSY);
	expect_rc("map.fd_our_frame", window_map(ev_mfn_of(own_page), true, d1), -EBUSY);
	/* The local APIC is the hypervisor's, even for dom0. */
	expect_rc("map.lapic", window_map(0xfee00, false, DOMID_SELF), -EPERM);
	/* The page-table owner in the upper half: our L1 is not d1's. */
	expect_rc("map.pfd_not_owner",
		  window_map(d1_p2m[0], true, ((uint32_t)(d1 + 1) << 16) | d1), -EINVAL);
	expect_rc("map.pfd_unknown",
		  window_map(d1_p2m[0], true, (0x7001u << 16) | d1), -ESRCH);
	window_restore();
}

static long vcpu_ctx(uint32_t cmd, uint16_t dom, uint32_t vcpu, void *c)
{
	struct domctl op;

	domctl_init(&op, cmd, dom);
	op.u.vcpuctx.vcpu = vcpu;
	op.u.vcpuctx.ctxt = (uint64_t)c;
	return domctl(&op);
}

static long vcpu_info(uint16_t dom, uint32_t vcpu, struct getvcpuinfo *out)
{
	struct domctl op;
	long rc;

	domctl_init(&op, DOMCTL_getvcpuinfo, dom);
	op.u.vcpuinfo.vcpu = vcpu;
	rc = domctl(&op);
	*out = op.u.vcpuinfo;
	return rc;
}

static void good_context(uint64_t l4_mfn)
{
	memset(&ctx, 0, sizeof(ctx));
	ctx.flags = VGCF_in_kernel | VGCF_online;
	ctx.user_regs.rip = 0x400000;
	ctx.user_regs.rsp = 0x401000;
	ctx.user_regs.rsi = 0x402000;
	ctx.user_regs.rflags = 0x202;
	ctx.user_regs.cs = FLAT_KERNEL_CS64;
	ctx.user_regs.ss = FLAT_KERNEL_SS64;
	ctx.kernel_ss = FLAT_KERNEL_SS64;
	ctx.kernel_sp = 0x401000;
	ctx.ctrlreg[3] = l4_mfn << 12;
}

/* An empty L4 in d1, zeroed through a foreign mapping, then pinned. */
static uint64_t make_l4(uint16_t d1)
{
	uint64_t l4 = d1_p2m[2];
	const uint64_t *e = (const uint64_t *)window;

	window_map(l4, true, d1);
	memset(window, 0, PAGE_SIZE);
	window_restore();
	expect_rc("pin_l4.foreign", mmuext(MMUEXT_PIN_L4_TABLE, l4, d1), 0);
	expect_rc("pin_l4.twice", mmuext(MMUEXT_PIN_L4_TABLE, l4, d1), -EINVAL);
	expect_rc("pin_l4.unknown_domain", mmuext(MMUEXT_PIN_L4_TABLE, l4, 0x7000), -ESRCH);
	expect_rc("pin_l4.map_writable", window_map(l4, true, d1), -EBUSY);
	expect_rc("pin_l4.map_ro", window_map(l4, false, d1), 0);
	check("pin_l4.hypervisor_slots", (e[HYPERVISOR_L4_SLOT] & 1) && !(e[0] & 1),
	      "slot 260 %#lx slot 0 %#lx", (unsigned long)e[HYPERVISOR_L4_SLOT],
	      (unsigned long)e[0]);
	window_restore();
	return l4;
}

static void test_bad_contexts(uint16_t d1, uint64_t l4)
{
	good_context(l4);
	expect_rc("setvcpucontext.self", vcpu_ctx(DOMCTL_setvcpucontext, 0, 0, &ctx), -EINVAL);
	expect_rc("setvcpucontext.no_vcpu", vcpu_ctx(DOMCTL_setvcpucontext, d1, 2, &ctx),
		  -EINVAL);
	expect_rc("setvcpucontext.unknown_domain",
		  vcpu_ctx(DOMCTL_setvcpucontext, 0x7000, 0, &ctx), -ESRCH);
	expect_rc("setvcpucontext.unreadable",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, guard_page), -EFAULT);
	ctx.user_regs.rip = 0x0000800000000000UL;
	expect_rc("setvcpucontext.noncanonical_rip",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), -EINVAL);
	good_context(l4);
	ctx.trap_ctxt[14].address = 0x8000000000000000UL;
	expect_rc("setvcpucontext.noncanonical_trap",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), -EINVAL);
	good_context(ev_mfn_of(own_page));
	expect_rc("setvcpucontext.cr3_not_theirs",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), -EINVAL);
	good_context(l4);
	ctx.ldt_base = 0x1234;
	ctx.ldt_ents = 1;
	expect_rc("setvcpucontext.ldt_unaligned",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), -EINVAL);
}

static void test_hypercall_page(uint16_t d1, uint64_t l4)
{
	struct domctl op;
	const uint8_t *slot = (const uint8_t *)window + 36 * 32;

	domctl_init(&op, DOMCTL_hypercall_init, d1);
	op.u.hcall_init.gmfn = d1_p2m[3];
	expect_rc("hypercall_init", domctl(&op), 0);
	window_map(d1_p2m[3], false, d1);
	check("hypercall_init.stub", slot[3] == 0xb8 && slot[4] == 36 && slot[5] == 0 &&
	      slot[8] == 0x0f && slot[9] == 0x05,
	      "%02x %02x %02x .. %02x %02x", slot[3], slot[4], slot[5], slot[8], slot[9]);
	window_restore();
	op.u.hcall_init.gmfn = ev_mfn_of(own_page);
	expect_rc("hypercall_init.not_theirs", domctl(&op), -EINVAL);
	op.u.hcall_init.gmfn = l4;
	expect_rc("hypercall_init.page_table", domctl(&op), -EPERM);
}

/*
 * vm_assist in a vCPU context (Xen 4.17): vCPU 0's is checked against the
 * types a 64-bit PV domain may set (-EINVAL otherwise) and, when vCPU 0
 * was not initialised yet, becomes the domain's; a reload of vCPU 0 and
 * the contexts of other vCPUs leave it alone, unchecked for the latter.
 * Called with vCPU 0 of d1 loaded from ctx (vm_assist ASSIST_FIRST).
 */
static void test_vm_assist(uint16_t d1)
{
	static struct vcpu_context out;

	memset(&out, 0xcc, sizeof(out));
	vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out);
	check("getvcpucontext.vm_assist", out.vm_assist == ASSIST_FIRST, "%#lx",
	      (unsigned long)out.vm_assist);
	ctx.vm_assist = ASSIST_SECOND;
	expect_rc("vm_assist.reload", vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), 0);
	vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out);
	check("vm_assist.reload.kept", out.vm_assist == ASSIST_FIRST, "%#lx",
	      (unsigned long)out.vm_assist);
	ctx.vm_assist = 1UL << 6;
	expect_rc("vm_assist.reload_unknown", vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx),
		  -EINVAL);
	/* vCPU 1's context (left down) is not checked and changes nothing. */
	ctx.flags &= ~VGCF_online;
	expect_rc("vm_assist.vcpu1_unchecked", vcpu_ctx(DOMCTL_setvcpucontext, d1, 1, &ctx), 0);
	vcpu_ctx(DOMCTL_getvcpucontext, d1, 1, &out);
	check("vm_assist.vcpu1.domain_wide", out.vm_assist == ASSIST_FIRST, "%#lx",
	      (unsigned long)out.vm_assist);
	expect_rc("vm_assist.vcpu1_reset", vcpu_ctx(DOMCTL_setvcpucontext, d1, 1, NULL), 0);
	ctx.flags |= VGCF_online;
	ctx.vm_assist = ASSIST_FIRST;
}

void test_vcpu(uint16_t d1)
{
	static struct vcpu_context out;
	struct getvcpuinfo vi;
	struct dominfo i;
	uint64_t l4;

	expect_rc("getvcpucontext.uninitialised",
		  vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out), -ENODATA);
	expect_rc("getvcpuinfo", vcpu_info(d1, 0, &vi), 0);
	check("getvcpuinfo.offline", !vi.online && !vi.running && !vi.blocked,
	      "online %u running %u blocked %u", vi.online, vi.running, vi.blocked);
	expect_rc("getvcpuinfo.no_vcpu", vcpu_info(d1, 2, &vi), -EINVAL);

	l4 = make_l4(d1);
	test_bad_contexts(d1, l4);
	good_context(l4);
	ctx.vm_assist = 1UL << 6;       /* no such type */
	expect_rc("setvcpucontext.vm_assist_unknown",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), -EINVAL);
	ctx.vm_assist = 1UL << 33;
	expect_rc("setvcpucontext.vm_assist_unknown_high",
		  vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), -EINVAL);
	expect_rc("setvcpucontext.vm_assist_unknown.uninitialised",
		  vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out), -ENODATA);
	ctx.vm_assist = ASSIST_FIRST;
	ctx.user_regs.rflags = 0x1202;  /* IOPL 1, as Linux starts its vCPUs */
	expect_rc("setvcpucontext", vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), 0);
	vcpu_info(d1, 0, &vi);
	check("setvcpucontext.online", vi.online && !vi.running && !vi.blocked,
	      "online %u running %u blocked %u", vi.online, vi.running, vi.blocked);
	dom_info(d1, &i);
	check("setvcpucontext.dominfo", i.nr_online_vcpus == 1 &&
	      (i.flags & (DOMINF_paused | DOMINF_blocked | DOMINF_running)) == DOMINF_paused,
	      "online %u flags %#x", i.nr_online_vcpus, i.flags);

	memset(&out, 0xcc, sizeof(out));
	expect_rc("getvcpucontext", vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out), 0);
	check("getvcpucontext.regs", out.user_regs.rip == ctx.user_regs.rip &&
	      out.user_regs.rsp == ctx.user_regs.rsp && out.user_regs.rsi == ctx.user_regs.rsi &&
	      out.ctrlreg[3] == ctx.ctrlreg[3] && out.kernel_sp == ctx.kernel_sp,
	      "rip %#lx rsp %#lx rsi %#lx cr3 %#lx ksp %#lx", (unsigned long)out.user_regs.rip,
	      (unsigned long)out.user_regs.rsp, (unsigned long)out.user_regs.rsi,
	      (unsigned long)out.ctrlreg[3], (unsigned long)out.kernel_sp);
	check("getvcpucontext.flags", (out.flags & VGCF_online) && (out.user_regs.cs & 3) == 3,
	      "flags %#lx cs %#x", (unsigned long)out.flags, out.user_regs.cs);
	/* IOPL is virtual: kept for the vCPU and given back in rflags. */
	check("getvcpucontext.iopl", (out.user_regs.rflags & 0x3200) == 0x1200,
	      "rflags %#lx", (unsigned long)out.user_regs.rflags);
	expect_rc("getvcpucontext.self", vcpu_ctx(DOMCTL_getvcpucontext, 0, 0, &out), -EINVAL);
	expect_rc("getvcpucontext.unwritable",
		  vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, guard_page), -EFAULT);
	test_vm_assist(d1);

	/* A null context resets the vCPU: offline, its tables let go. */
	expect_rc("setvcpucontext.reset", vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, NULL), 0);
	vcpu_info(d1, 0, &vi);
	check("reset.offline", !vi.online, "online %u", vi.online);
	expect_rc("reset.getvcpucontext", vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out),
		  -ENODATA);
	ctx.vm_assist = ASSIST_SECOND;
	expect_rc("setvcpucontext.again", vcpu_ctx(DOMCTL_setvcpucontext, d1, 0, &ctx), 0);
	vcpu_ctx(DOMCTL_getvcpucontext, d1, 0, &out);
	check("setvcpucontext.again.vm_assist", out.vm_assist == ASSIST_SECOND, "%#lx",
	      (unsigned long)out.vm_assist);
	test_hypercall_page(d1, l4);
}

static long evtchn_op(int cmd, void *arg)
{
	return hypercall2(HYPERCALL_event_channel_op, cmd, arg);
}

static long status_of(uint16_t dom, uint32_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return evtchn_op(EVTCHNOP_status, st);
}

void test_evtchn(uint16_t d1)
{
	struct evtchn_alloc_unbound a = { .dom = d1, .remote_dom = 0 };
	struct evtchn_bind_interdomain b;
	struct evtchn_status st;
	struct dominfo i;
	const volatile struct shared_info *si = (const volatile struct shared_info *)window;

	expect_rc("alloc_unbound.foreign", evtchn_op(EVTCHNOP_alloc_unbound, &a), 0);
	check_eq("alloc_unbound.port", a.port, 1);
	expect_rc("status.foreign", status_of(d1, a.port, &st), 0);
	check("status.foreign.unbound", st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
	      "status %u dom %u", st.status, st.u.unbound.dom);
	b.remote_dom = d1;
	b.remote_port = a.port;
	expect_rc("bind_interdomain.foreign", evtchn_op(EVTCHNOP_bind_interdomain, &b), 0);
	dom0_port = b.local_port;
	status_of(d1, a.port, &st);
	check("status.foreign.bound", st.status == EVTCHNSTAT_interdomain &&
	      st.u.interdomain.dom == 0 && st.u.interdomain.port == dom0_port,
	      "status %u dom %u port %u", st.status, st.u.interdomain.dom,
	      st.u.interdomain.port);

	dom_info(d1, &i);
	expect_rc("shared_info.map", window_map(i.shared_info_frame, false, d1), 0);
	check("send.before", !(si->evtchn_pending[0] & (1UL << a.port)), "pending %#lx",
	      (unsigned long)si->evtchn_pending[0]);
	expect_rc("send.foreign", ev_send(dom0_port), 0);
	check("send.pending_there", si->evtchn_pending[0] & (1UL << a.port), "pending %#lx",
	      (unsigned long)si->evtchn_pending[0]);
	window_restore();

	a.dom = 0x7000;
	expect_rc("alloc_unbound.unknown_domain", evtchn_op(EVTCHNOP_alloc_unbound, &a), -ESRCH);
}

/* The far end went with its domain: ours waits for it again. */
void test_evtchn_after_destroy(uint16_t d1)
{
	struct evtchn_status st;

	expect_rc("evtchn.after_destroy", status_of(DOMID_SELF, dom0_port, &st), 0);
	check("evtchn.after_destroy.unbound", st.status == EVTCHNSTAT_unbound &&
	      st.u.unbound.dom == d1, "status %u dom %u", st.status, st.u.unbound.dom);
	expect_rc("evtchn.after_destroy.close", ev_close(dom0_port), 0);
}

/* A frame mapped elsewhere keeps its dead domain around, dying. */
void test_destroy_mapped(void)
{
	uint64_t f[4] = { 0, 1, 2, 3 };
	struct dominfo i;
	uint16_t d = 0;

	if (dom_create(0, 1, NULL, &d) || dom_max_mem(d, 64) ||
	    reservation(XENMEM_populate, d, f, 4, 0) != 4) {
		test_fail("destroy_mapped.setup", "domain %u", d);
		return;
	}
	expect_rc("destroy_mapped.map", window_map(f[1], false, d), 0);
	expect_rc("destroy_mapped.destroy", dom_destroy(d), 0);
	memset(&i, 0, sizeof(i));
	expect_rc("destroy_mapped.info", dom_info(d, &i), 0);
	check("destroy_mapped.dying", i.domain == d && (i.flags & DOMINF_dying) &&
	      i.tot_pages == 1, "domain %u flags %#x tot_pages %lu", i.domain, i.flags,
	      (unsigned long)i.tot_pages);
	expect_rc("destroy_mapped.destroy_again", dom_destroy(d), 0);
	f[0] = 10;
	expect_rc("destroy_mapped.populate", reservation(XENMEM_populate, d, f, 1, 0), 0);
	expect_rc("destroy_mapped.unmap", window_restore(), 0);
	memset(&i, 0, sizeof(i));
	dom_info(d, &i);
	check("destroy_mapped.gone", i.domain != d, "next domain %u", i.domain);
}

/*
 * Let d1 run: its vCPU 0 starts at an address its (empty) page tables do
 * not map and has no trap handler, so the hypervisor crashes it. dom0
 * hears of it through VIRQ_DOM_EXC and sees the crash in getdomaininfo.
 */
void test_run(uint16_t d1)
{
	struct evtchn_bind_virq bv = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };
	uint64_t deadline;
	struct dominfo i;

	expect_rc("run.bind_dom_exc", evtchn_op(EVTCHNOP_bind_virq, &bv), 0);
	ev_2l_clear_pending(bv.port);
	expect_rc("run.unpause", dom_simple(DOMCTL_unpausedomain, d1), 0);
	deadline = now_ns() + 2000000000ULL;
	do {
		hv_poll(NULL, 0, now_ns() + 10000000ULL);
		memset(&i, 0, sizeof(i));
		dom_info(d1, &i);
	} while (!(i.flags & DOMINF_shutdown) && now_ns() < deadline);
	check("run.crashed", (i.flags & DOMINF_shutdown) && !(i.flags & DOMINF_paused) &&
	      (i.flags >> DOMINF_SHUTDOWN_SHIFT) == 3, "flags %#x", i.flags);
	check("run.cpu_time", i.cpu_time > 0, "%lu ns", (unsigned long)i.cpu_time);
	check("run.dom_exc", ev_2l_pending(bv.port), "port %u", bv.port);
	ev_2l_clear_pending(bv.port);
	expect_rc("run.unpause_again", dom_simple(DOMCTL_unpausedomain, d1), -EINVAL);
	ev_close(bv.port);
}
