// SPDX-License-Identifier: GPL-2.0-only
/*
 * smp: a dom0 with several vCPUs (dom0_max_vcpus=N on the hypervisor
 * command line, kernel argument vcpus=N; QEMU has one CPU, so all vCPUs
 * share it). vCPU 0 drives; the APs (ap.c) run commands it posts, events
 * masked, waiting in SCHEDOP_poll. ABI rules checked (Xen 4.17):
 *  - before bring-up an AP exists but is down: is_up 0, runstate offline,
 *    VCPUOP_up -EINVAL (not initialised), VCPUOP_down 0; ids >= N -ENOENT;
 *  - VCPUOP_initialise (with `hostile`, on the last vCPU first) refuses
 *    with -EINVAL: non-canonical RIP, RSP, kernel_sp, callbacks, trap
 *    handler, FS/GS bases, LDT base; an LDT base that is misaligned or in
 *    the hypervisor's range, more than 8192 LDT entries, more than 14 GDT
 *    frames, a GDT or CR3 frame that is absent or mapped writable, CR3 0,
 *    user mode without a user L4; a bad pointer -EFAULT, an absent vCPU
 *    -ENOENT; each refusal leaves the vCPU down and uninitialised.
 *    Selectors are not refused: Xen raises an RPL of 0 to 3 (the AP starts
 *    with CS 0xe033 and SS 0xe02b from 0xe030/0xe028), clears IOPL and sets
 *    IF in RFLAGS, and loads the context's other registers as given;
 *  - initialise leaves the vCPU down without VGCF_online; a second one is
 *    -EEXIST even with a hostile context (-EFAULT with a bad pointer);
 *    VCPUOP_up starts it at the context, is_up 1, a second up is 0.
 *    With VGCF_online Xen clears "down" but does not wake the vCPU: is_up
 *    1 at once, it does not run, VCPUOP_up does nothing; down + up wakes it;
 *  - EVTCHNOP_bind_ipi on an AP binds to that AP (status names it); a ring
 *    vCPU 0 -> AP 1 -> ... -> vCPU 0 of IPIs, each vCPU in SCHEDOP_poll on
 *    its own port: a send wakes the polling vCPU, and sets
 *    upcall_pending and exactly the port's selector bit in the receiver's
 *    vcpu_info only (vCPU 0's port in selector word 0, the APs' in word 1);
 *  - EVTCHNOP_bind_vcpu moves an interdomain (loopback) port to vCPU 1 and
 *    back, delivery follows, an IPI port -EINVAL, an absent vCPU -ENOENT;
 *  - timers are per vCPU: an AP binds its own VIRQ_TIMER and arms its own
 *    singleshot timer (never early), vCPU 0 may not set or stop another
 *    vCPU's singleshot (-EINVAL) but may set and stop its periodic timer;
 *    ticks arrive on the owner's port only;
 *  - VCPUOP_down of an AP blocked in SCHEDOP_poll: is_up 0 and, as Xen
 *    keeps a poller's state, runstate still blocked; an event while down
 *    does not run it and makes it offline; VCPUOP_up resumes it inside its
 *    poll loop. Down of a runnable AP: offline at once, offline time
 *    accrues, up lets it finish;
 *  - MMUEXT_TLB_FLUSH_MULTI / INVLPG_MULTI with a vCPU mask: 0 for any
 *    mask (absent vCPUs and a non-canonical VA are ignored); a mask that
 *    cannot be read (unmapped, hypervisor, NULL) -EINVAL, not -EFAULT;
 *  - SCHEDOP_yield lets a runnable AP run; SCHEDOP_block sleeps vCPU 0
 *    (runstate blocked) while the AP runs, and the AP's event wakes it
 *    through the upcall.
 * Timing checks allow for a busy host: QEMU stalls merge ticks and make
 * events late, never early.
 */
#include "hypercall.h"
#include "traps.h"
#include "pvcpu.h"
#include "smp-test.h"

const char test_kernel_name[] = "smp";

#define HV_DIRECTMAP 0xffff830000000000UL
#define NONCANON 0x0000800000000000UL
#define EARLY_SLACK (100 * US)		/* Xen may fire a timer 50 us early */
#define WAIT (2000 * MS)		/* for anything an AP should do at once */

#define MMUEXT_TLB_FLUSH_MULTI 8
#define MMUEXT_INVLPG_MULTI    9

static unsigned int nr;			/* vCPUs the domain has */
static unsigned int hostile_vcpu;	/* the one hostile contexts go to */
static unsigned int tainted;		/* it, if one of them was accepted */
static bool up[SMP_MAX_VCPUS];		/* APs that said hello */
static uint32_t quiet;			/* a port nobody sends: for sleeping */
static uint32_t timer0;			/* VIRQ_TIMER of vCPU 0 */
static struct vcpu_guest_context ctx;
static char data_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

/* Block for `ns` (a poll on a port nobody sends), so that the APs run. */
static void sleep_ns(uint64_t ns)
{
	hv_poll(&quiet, 1, now_ns() + ns);
}

/* Wait, in SCHEDOP_poll on our IPI 1 ms at a time, until *flag == want. */
static bool wait_for(volatile uint32_t *flag, uint32_t want, uint64_t ns)
{
	uint64_t end = now_ns() + ns;

	while (*flag != want) {
		uint64_t t = now_ns();

		if (t >= end)
			return false;
		if (ev_2l_pending(port0)) {
			ev_2l_clear_pending(port0);
			continue;
		}
		hv_poll(&port0, 1, t + MS < end ? t + MS : end);
	}
	return true;
}

/*
 * Let the APs finish what they are doing (a notification of theirs may
 * still be on its way if one was preempted between setting a flag and
 * sending), then forget what vCPU 0 was sent.
 */
static void settle(void)
{
	sleep_ns(2 * MS);
	ev_2l_clear_pending(port0);
	vi_clear(vi_of(0));
}

static void post(unsigned int v, enum ap_cmd cmd, uint64_t a0, uint64_t a1)
{
	struct ap *a = &aps[v];

	a->cmd = cmd;
	a->arg[0] = a0;
	a->arg[1] = a1;
	asm volatile("" ::: "memory");
	a->seq = a->ack + 1;
	ev_send(a->port);
}

static bool call(unsigned int v, enum ap_cmd cmd, uint64_t a0, uint64_t a1)
{
	post(v, cmd, a0, a1);
	return wait_for(&aps[v].ack, aps[v].seq, WAIT);
}

static bool call3(unsigned int v, enum ap_cmd cmd, uint64_t a0, uint64_t a1, uint64_t a2)
{
	aps[v].arg[2] = a2;
	return call(v, cmd, a0, a1);
}

static struct vcpu_runstate_info runstate(unsigned int v)
{
	struct vcpu_runstate_info ri = { .state = -1 };

	hv_vcpu_op(VCPUOP_get_runstate_info, v, &ri);
	return ri;
}

static long initialise(unsigned int v, struct vcpu_guest_context *c)
{
	return hv_vcpu_op(VCPUOP_initialise, v, c);
}

/* --- Before any AP runs -------------------------------------------------- */

static void test_before(void)
{
	struct vcpu_runstate_info ri = runstate(1);

	expect_rc("before.is_up", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	check("before.runstate_offline", ri.state == RUNSTATE_offline, "state %d", ri.state);
	expect_rc("before.up_uninitialised", hv_vcpu_op(VCPUOP_up, 1, NULL), -EINVAL);
	expect_rc("before.down_uninitialised", hv_vcpu_op(VCPUOP_down, 1, NULL), 0);
	expect_rc("before.is_up_after_down", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	expect_rc("before.is_up_absent", hv_vcpu_op(VCPUOP_is_up, nr, NULL), -ENOENT);
}

/* Contexts Xen refuses, on one vCPU; each leaves it down and uninitialised. */
static void test_hostile_init(void)
{
	unsigned int h = hostile_vcpu;
	uint64_t bss_cr3 = smp_mfn_of(data_page) << 12;
	const struct {
		const char *name;
		uint64_t *field1, val1;
		uint64_t *field2, val2;
		long want;
	} cases[] = {
		{ "init.rip_noncanonical", &ctx.user_regs.rip, NONCANON, NULL, 0, -EINVAL },
		{ "init.rsp_noncanonical", &ctx.user_regs.rsp, NONCANON, NULL, 0, -EINVAL },
		{ "init.kernel_sp_noncanonical", &ctx.kernel_sp, NONCANON, NULL, 0, -EINVAL },
		{ "init.event_callback_noncanonical", &ctx.event_callback_eip, NONCANON, NULL, 0, -EINVAL },
		{ "init.failsafe_callback_noncanonical", &ctx.failsafe_callback_eip, NONCANON, NULL, 0,
		  -EINVAL },
		{ "init.syscall_callback_noncanonical", &ctx.syscall_callback_eip, NONCANON, NULL, 0,
		  -EINVAL },
		{ "init.trap_noncanonical", &ctx.trap_ctxt[14].address, NONCANON, NULL, 0, -EINVAL },
		{ "init.fs_base_noncanonical", &ctx.fs_base, NONCANON, NULL, 0, -EINVAL },
		{ "init.gs_base_kernel_noncanonical", &ctx.gs_base_kernel, NONCANON, NULL, 0, -EINVAL },
		{ "init.gs_base_user_noncanonical", &ctx.gs_base_user, NONCANON, NULL, 0, -EINVAL },
		{ "init.ldt_noncanonical", &ctx.ldt_base, NONCANON, &ctx.ldt_ents, 1, -EINVAL },
		{ "init.ldt_misaligned", &ctx.ldt_base, (uint64_t)data_page + 8, &ctx.ldt_ents, 1,
		  -EINVAL },
		{ "init.ldt_in_hypervisor", &ctx.ldt_base, HV_DIRECTMAP, &ctx.ldt_ents, 1, -EINVAL },
		{ "init.ldt_too_long", &ctx.ldt_base, (uint64_t)data_page, &ctx.ldt_ents, 8193,
		  -EINVAL },
		{ "init.cr3_zero", &ctx.ctrlreg[3], 0, NULL, 0, -EINVAL },
		{ "init.cr3_absent_frame", &ctx.ctrlreg[3], (1UL << 40) << 12, NULL, 0, -EINVAL },
		{ "init.cr3_writable_page", &ctx.ctrlreg[3], bss_cr3, NULL, 0, -EINVAL },
		{ "init.gdt_absent_frame", &ctx.gdt_frames[0], 1UL << 40, &ctx.gdt_ents, 512, -EINVAL },
		{ "init.gdt_writable_page", &ctx.gdt_frames[0], bss_cr3 >> 12, &ctx.gdt_ents, 512,
		  -EINVAL },
		{ "init.gdt_too_long", &ctx.gdt_ents, 14 * 512 + 1, NULL, 0, -EINVAL },
		{ "init.user_mode_no_user_l4", &ctx.flags, 0, NULL, 0, -EINVAL },
	};
	struct vcpu_runstate_info ri;
	unsigned int accepted = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		long rc;

		smp_ap_context(&ctx, h, ap_main);
		*cases[i].field1 = cases[i].val1;
		if (cases[i].field2)
			*cases[i].field2 = cases[i].val2;
		rc = initialise(h, &ctx);
		check(cases[i].name, rc == cases[i].want, "vcpu %u rc %ld want %ld", h, rc,
		      cases[i].want);
		accepted += rc == 0;
	}
	smp_ap_context(&ctx, h, ap_main);
	expect_rc("init.bad_pointer", initialise(h, (void *)guard_page), -EFAULT);
	expect_rc("init.straddles_unmapped", initialise(h, (void *)((uintptr_t)guard_page - 2048)), -EFAULT);
	expect_rc("init.absent_vcpu", initialise(nr, &ctx), -ENOENT);
	expect_rc("init.huge_vcpu", initialise(0xffffffffu, &ctx), -ENOENT);
	ri = runstate(h);
	check("init.hostile_left_down", hv_vcpu_op(VCPUOP_is_up, h, NULL) == 0 &&
	      ri.state == RUNSTATE_offline && !accepted, "is_up %ld state %d accepted %u",
	      hv_vcpu_op(VCPUOP_is_up, h, NULL), ri.state, accepted);
	if (accepted)
		tainted = h;			/* initialised with a bad context */
}

/* Wait for an AP's hello and check what it started with. */
static bool hello(unsigned int v, const char *name)
{
	struct ap *a = &aps[v];
	bool ok = wait_for(&a->hello, 1, WAIT);
	char n[64];

	snprintf(n, sizeof(n), "%s.hello", name);
	check(n, ok && !a->bind_rc && a->port, "hello %u bind_ipi rc %ld port %u", a->hello,
	      a->bind_rc, a->port);
	up[v] = ok && !a->bind_rc && a->port;
	return up[v];
}

/*
 * vCPU 1 gets a context with RPL-0 selectors and IOPL 1 in RFLAGS, which
 * Xen fixes up rather than refuses, and marker values in three registers.
 */
static void test_bring_up(void)
{
	volatile struct smp_ap_entry *e = &smp_ap_entry[1];
	struct vcpu_runstate_info ri;
	long rc;

	vi_of(1)->evtchn_upcall_mask = 1;
	smp_ap_context(&ctx, 1, ap_main);
	ctx.user_regs.cs = FLAT_KERNEL_CS & ~3;
	ctx.user_regs.ss = FLAT_KERNEL_SS & ~3;
	ctx.kernel_ss = FLAT_KERNEL_SS & ~3;
	ctx.user_regs.rflags = 0x1002;
	ctx.user_regs.rbx = 0x1111111111111111UL;
	ctx.user_regs.r12 = 0x1212121212121212UL;
	ctx.user_regs.r15 = 0x1515151515151515UL;
	rc = initialise(1, &ctx);
	expect_rc("init.vcpu1", rc, 0);
	if (rc)
		return;
	expect_rc("init.stays_down", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	check_eq("init.not_started", e->started, 0);
	expect_rc("init.again", initialise(1, &ctx), -EEXIST);
	ctx.user_regs.rip = NONCANON;
	expect_rc("init.again_hostile", initialise(1, &ctx), -EEXIST);
	expect_rc("init.again_bad_pointer", initialise(1, (void *)guard_page), -EFAULT);

	expect_rc("up.vcpu1", hv_vcpu_op(VCPUOP_up, 1, NULL), 0);
	if (!hello(1, "up.vcpu1"))
		return;
	expect_rc("up.is_up", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 1);
	expect_rc("up.again", hv_vcpu_op(VCPUOP_up, 1, NULL), 0);
	ri = runstate(1);
	check("up.runstate", ri.state != RUNSTATE_offline && ri.time[RUNSTATE_running] > 0,
	      "state %d running %lu ns", ri.state, ri.time[RUNSTATE_running]);
	check_eq("ap.entry.rsp", e->rsp, smp_ap_stack_top(1));
	check("ap.entry.selectors_fixed_up", e->cs == FLAT_KERNEL_CS && e->ss == FLAT_KERNEL_SS,
	      "cs %#lx ss %#lx", e->cs, e->ss);
	check("ap.entry.rflags", (e->rflags & X86_EFLAGS_IF) && !(e->rflags & X86_EFLAGS_IOPL),
	      "%#lx", e->rflags);
	check("ap.entry.registers", e->rbx == ctx.user_regs.rbx && e->r12 == ctx.user_regs.r12 &&
	      e->r15 == ctx.user_regs.r15, "rbx %#lx r12 %#lx r15 %#lx", e->rbx, e->r12, e->r15);
	check_eq("ap.events_masked", aps[1].mask_at_start, 1);
	check("ap.clock", aps[1].own_clock && aps[1].clock_skew < (int64_t)MS &&
	      aps[1].clock_skew > -(int64_t)MS, "own record %u skew %ld ns", aps[1].own_clock,
	      (long)aps[1].clock_skew);
	check("ap.ipi_port", aps[1].port / 64 != port0 / 64, "port %u (vCPU 0's %u)",
	      aps[1].port, port0);
}

/* The other APs: vCPU 2 starts through VGCF_online alone, the rest with VCPUOP_up. */
static void test_more_aps(void)
{
	char name[32];

	for (unsigned int v = 2; v < nr && v < SMP_MAX_VCPUS; v++) {
		snprintf(name, sizeof(name), "up.vcpu%u", v);
		if (v == tainted) {
			test_skip(name, "initialised by a hostile context");
			continue;
		}
		if (v == 2) {
			/*
			 * VGCF_online: Xen clears the vCPU's "down" flag but does
			 * not wake it (its own toolstack unpauses the domain
			 * afterwards), so it is up and does not run; VCPUOP_up
			 * finds nothing to do. Down and up again wake it.
			 */
			vi_of(v)->evtchn_upcall_mask = 1;
			smp_ap_context(&ctx, v, ap_main);
			ctx.flags |= VGCF_online;
			expect_rc("init.online_flag", initialise(v, &ctx), 0);
			expect_rc("init.online_flag.is_up", hv_vcpu_op(VCPUOP_is_up, v, NULL), 1);
			expect_rc("init.online_flag.up", hv_vcpu_op(VCPUOP_up, v, NULL), 0);
			sleep_ns(50 * MS);
			check("init.online_flag.not_woken", !aps[v].hello && !smp_ap_entry[v].started,
			      "hello %u", aps[v].hello);
			expect_rc("init.online_flag.down", hv_vcpu_op(VCPUOP_down, v, NULL), 0);
			expect_rc(name, hv_vcpu_op(VCPUOP_up, v, NULL), 0);
		} else {
			expect_rc(name, smp_start_ap(v, ap_main), 0);
		}
		hello(v, name);
	}
}

/* --- IPIs ------------------------------------------------------------------ */

static void test_ring(unsigned int rounds)
{
	unsigned int members[SMP_MAX_VCPUS], n = 0, r, good0 = 0, clean = 0;
	uint64_t t0, total = 0;
	char name[48];

	for (unsigned int v = 1; v < SMP_MAX_VCPUS; v++) {
		if (up[v]) {
			struct evtchn_status st;
			long rc = ev_status(aps[v].port, &st);

			members[n++] = v;
			snprintf(name, sizeof(name), "ipi.status.vcpu%u", v);
			check(name, !rc && st.status == EVTCHNSTAT_ipi && st.vcpu == v,
			      "rc %ld status %u vcpu %u", rc, st.status, st.vcpu);
		}
	}
	if (!n) {
		test_skip("ipi.ring", "no AP");
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		post(members[i], CMD_RING, rounds, i + 1 < n ? aps[members[i + 1]].port : port0);
	for (unsigned int i = 0; i < n; i++)
		if (!wait_for(&aps[members[i]].ready, aps[members[i]].seq, WAIT)) {
			test_fail("ipi.ring.ready", "vcpu %u", members[i]);
			return;
		}
	settle();

	for (r = 0; r < rounds; r++) {
		volatile struct vcpu_info *vi = vi_of(0);
		bool others = true;

		ev_2l_clear_pending(port0);
		vi_clear(vi);
		t0 = now_ns();
		ev_send(aps[members[0]].port);
		while (!ev_2l_pending(port0) && now_ns() < t0 + WAIT)
			hv_poll(&port0, 1, t0 + WAIT);
		if (!ev_2l_pending(port0))
			break;
		total += now_ns() - t0;
		if (vi->evtchn_upcall_pending == 1 && vi->evtchn_pending_sel == 1UL << (port0 / 64))
			good0++;
		for (unsigned int i = 0; i < n; i++) {
			volatile struct vcpu_info *o = vi_of(members[i]);

			if (o->evtchn_upcall_pending || o->evtchn_pending_sel ||
			    ev_2l_pending(aps[members[i]].port))
				others = false;
		}
		clean += others;
	}
	for (unsigned int i = 0; i < n; i++)
		wait_for(&aps[members[i]].ack, aps[members[i]].seq, WAIT);
	ev_2l_clear_pending(port0);
	vi_clear(vi_of(0));

	check("ipi.ring.rounds", r == rounds, "%u of %u rounds through vCPU 0 and %u AP(s), %lu us each",
	      r, rounds, n, r ? total / r / 1000 : 0);
	check("ipi.ring.vcpu0_flags", good0 == rounds, "%u rounds with upcall_pending and selector %#lx",
	      good0, 1UL << (port0 / 64));
	check("ipi.ring.ap_flags_cleared", clean == rounds, "%u rounds", clean);
	for (unsigned int i = 0; i < n; i++) {
		struct ap *a = &aps[members[i]];

		snprintf(name, sizeof(name), "ipi.ring.vcpu%u_woken", members[i]);
		check(name, a->res[1] == rounds, "%lu rounds", a->res[1]);
		snprintf(name, sizeof(name), "ipi.ring.vcpu%u_flags", members[i]);
		check(name, a->res[0] == rounds, "%lu rounds with upcall_pending and selector %#lx",
		      a->res[0], 1UL << (a->port / 64));
	}
}

/* A loopback port moved to vCPU 1 is delivered there, and back. */
static void test_bind_vcpu(void)
{
	uint32_t a, b, word;
	struct evtchn_status st;
	struct vcpu_runstate_info ri;
	struct ap *ap = &aps[1];
	long rc;

	if (ev_alloc_unbound(DOMID_SELF, &a) || ev_bind_interdomain(DOMID_SELF, a, &b)) {
		test_fail("bind_vcpu.setup", "loopback pair");
		return;
	}
	word = b / 64;
	ev_2l_clear_pending(a);
	ev_2l_clear_pending(b);
	vi_clear(vi_of(0));
	expect_rc("bind_vcpu.to_vcpu1", ev_bind_vcpu(b, 1), 0);
	rc = ev_status(b, &st);
	check("bind_vcpu.status", !rc && st.status == EVTCHNSTAT_interdomain && st.vcpu == 1,
	      "rc %ld status %u vcpu %u", rc, st.status, st.vcpu);
	expect_rc("bind_vcpu.ipi", ev_bind_vcpu(ap->port, 0), -EINVAL);
	expect_rc("bind_vcpu.absent_vcpu", ev_bind_vcpu(b, nr), -ENOENT);

	post(1, CMD_WAIT_PORT, b, now_ns() + WAIT);
	sleep_ns(20 * MS);
	ri = runstate(1);
	check("bind_vcpu.ap_blocked_in_poll", ri.state == RUNSTATE_blocked, "state %d", ri.state);
	expect_rc("bind_vcpu.send", ev_send(a), 0);
	wait_for(&ap->ack, ap->seq, WAIT);
	check("bind_vcpu.delivered_to_vcpu1", ap->ack == ap->seq && ap->res[0] == 1 &&
	      (ap->res[2] & (1UL << word)) && ap->res[3] == 1,
	      "ack %d came %lu sel %#lx upcall_pending %lu", ap->ack == ap->seq, ap->res[0],
	      ap->res[2], ap->res[3]);
	check("bind_vcpu.not_on_vcpu0", !(vi_of(0)->evtchn_pending_sel & (1UL << word)),
	      "vCPU 0 selector %#lx", vi_of(0)->evtchn_pending_sel);

	expect_rc("bind_vcpu.back_to_vcpu0", ev_bind_vcpu(b, 0), 0);
	expect_rc("bind_vcpu.send_again", ev_send(a), 0);
	check("bind_vcpu.delivered_to_vcpu0", ev_2l_pending(b) &&
	      (vi_of(0)->evtchn_pending_sel & (1UL << word)) &&
	      !(vi_of(1)->evtchn_pending_sel & (1UL << word)), "pending %d sel0 %#lx sel1 %#lx",
	      ev_2l_pending(b), vi_of(0)->evtchn_pending_sel, vi_of(1)->evtchn_pending_sel);
	ev_close(a);
	ev_close(b);
	ev_2l_clear_pending(b);
	vi_clear(vi_of(0));
}

/* --- Timers ---------------------------------------------------------------- */

static void test_timers(void)
{
	struct vcpu_set_singleshot_timer s = { 0 };
	struct vcpu_set_periodic_timer p = { 0 };
	struct evtchn_status st;
	struct ap *a = &aps[1];
	uint32_t t1;
	uint64_t n, end;
	bool done;
	long rc;

	done = call(1, CMD_BIND_TIMER, 0, 0);
	t1 = (uint32_t)a->res[1];
	check("timer.bind_on_ap", done && a->res[0] == 0, "rc %ld port %u", (long)a->res[0], t1);
	if (!done || a->res[0])
		return;
	rc = ev_status(t1, &st);
	check("timer.bind_status", !rc && st.status == EVTCHNSTAT_virq && st.vcpu == 1 &&
	      st.u.virq == VIRQ_TIMER, "rc %ld status %u vcpu %u virq %u", rc, st.status,
	      st.vcpu, st.u.virq);

	s.timeout_abs_ns = now_ns() + 10 * MS;
	expect_rc("timer.singleshot_other_vcpu", hv_vcpu_op(VCPUOP_set_singleshot_timer, 1, &s),
		  -EINVAL);
	expect_rc("timer.stop_singleshot_other_vcpu",
		  hv_vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL), -EINVAL);

	done = call(1, CMD_SINGLESHOT, t1, 10 * MS);
	check("timer.ap_singleshot", done && a->res[0] == 0 && a->res[3] == 0 && a->res[1] == 1,
	      "set rc %ld stop_periodic rc %ld fired %lu", (long)a->res[0], (long)a->res[3],
	      a->res[1]);
	check("timer.ap_singleshot_not_early", (int64_t)a->res[2] + (int64_t)EARLY_SLACK >= 0,
	      "at deadline %ld us", (long)(int64_t)a->res[2] / 1000);

	/*
	 * Periodic timers are per vCPU: vCPU 0 sets and stops vCPU 1's. The AP
	 * counts ticks for 200 ms. A busy host stalls QEMU, which merges ticks
	 * and moves when we see them, but it cannot make more of them: at most
	 * one per period (+1) and, unless QEMU stops for most of the window,
	 * a few.
	 */
	ev_2l_clear_pending(timer0);
	p.period_ns = 10 * MS;
	expect_rc("timer.periodic_other_vcpu", hv_vcpu_op(VCPUOP_set_periodic_timer, 1, &p), 0);
	done = call3(1, CMD_TICKS, t1, 1000, 200 * MS);
	check("timer.periodic_10ms", done && a->res[0] >= 3 && a->res[0] <= 21,
	      "%lu ticks in 200 ms, %lu-%lu us apart", a->res[0], a->res[1] / 1000,
	      a->res[2] / 1000);
	p.period_ns = 25 * MS;
	hv_vcpu_op(VCPUOP_set_periodic_timer, 1, &p);
	done = call3(1, CMD_TICKS, t1, 1000, 200 * MS);
	check("timer.periodic_25ms", done && a->res[0] >= 2 && a->res[0] <= 9,
	      "%lu ticks in 200 ms, %lu-%lu us apart", a->res[0], a->res[1] / 1000,
	      a->res[2] / 1000);
	expect_rc("timer.stop_periodic_other_vcpu",
		  hv_vcpu_op(VCPUOP_stop_periodic_timer, 1, NULL), 0);
	done = call3(1, CMD_TICKS, t1, 1, 60 * MS);
	check("timer.periodic_stopped", done && a->res[0] == 0, "%lu ticks in 60 ms", a->res[0]);
	check("timer.vcpu0_untouched", !ev_2l_pending(timer0), "vCPU 0's VIRQ_TIMER pending %d",
	      ev_2l_pending(timer0));

	/* vCPU 0's own periodic timer reaches its own port only. */
	ev_2l_clear_pending(t1);
	p.period_ns = 10 * MS;
	hv_vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
	ev_2l_clear_pending(timer0);
	n = 0;
	end = now_ns() + 200 * MS;
	while (now_ns() < end)
		if (ev_2l_pending(timer0)) {
			ev_2l_clear_pending(timer0);
			n++;
		}
	hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	check("timer.vcpu0_periodic", n >= 3 && n <= 21 && !ev_2l_pending(t1),
	      "%lu ticks in 200 ms, vCPU 1's port pending %d", n, ev_2l_pending(t1));
	ev_2l_clear_pending(timer0);
	vi_clear(vi_of(0));
}

/* --- Down and up ----------------------------------------------------------- */

static void test_down_up(void)
{
	struct ap *a = &aps[1];
	struct vcpu_runstate_info r0, r1;
	uint64_t polls;
	uint32_t ack;
	bool done;

	/* Taken down while it waits in SCHEDOP_poll. */
	sleep_ns(10 * MS);
	r0 = runstate(1);
	check("down.polling_ap_blocked", r0.state == RUNSTATE_blocked, "state %d", r0.state);
	expect_rc("down.polling", hv_vcpu_op(VCPUOP_down, 1, NULL), 0);
	expect_rc("down.polling.is_up", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	r0 = runstate(1);
	check("down.polling.runstate", r0.state == RUNSTATE_blocked, "state %d", r0.state);

	/* The wake-up comes while it is down: it does not run, it is offline. */
	ack = a->ack;
	polls = a->polls;
	post(1, CMD_PING, 0, 0);
	sleep_ns(30 * MS);
	r1 = runstate(1);
	check("down.woken_stays_down", a->ack == ack && a->polls == polls &&
	      r1.time[RUNSTATE_running] == r0.time[RUNSTATE_running],
	      "acked %d polls +%lu ran +%lu ns", a->ack != ack, a->polls - polls,
	      r1.time[RUNSTATE_running] - r0.time[RUNSTATE_running]);
	check("down.woken.runstate_offline", r1.state == RUNSTATE_offline, "state %d", r1.state);
	expect_rc("down.again", hv_vcpu_op(VCPUOP_down, 1, NULL), 0);

	/* Up again: it returns from its poll and runs the command. */
	expect_rc("up.after_down", hv_vcpu_op(VCPUOP_up, 1, NULL), 0);
	done = wait_for(&a->ack, a->seq, WAIT);
	check("up.resumes_poll_loop", done && a->res[0] == 1 && a->polls == polls + 1,
	      "acked %d ping %lu polls +%lu", done, a->res[0], a->polls - polls);
	expect_rc("up.after_down.is_up", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 1);

	/* Taken down while runnable (it spins, we woke up): offline at once. */
	post(1, CMD_SPIN, 600 * MS, 0);
	sleep_ns(20 * MS);
	ack = a->ack;
	expect_rc("down.spinning", hv_vcpu_op(VCPUOP_down, 1, NULL), 0);
	r0 = runstate(1);
	check("down.spinning.runstate_offline", r0.state == RUNSTATE_offline, "state %d", r0.state);
	sleep_ns(50 * MS);
	r1 = runstate(1);
	check("down.spinning.stays_down", a->ack == ack && r1.state == RUNSTATE_offline &&
	      r1.time[RUNSTATE_offline] >= r0.time[RUNSTATE_offline] + 40 * MS,
	      "acked %d state %d offline +%lu us", a->ack != ack, r1.state,
	      (r1.time[RUNSTATE_offline] - r0.time[RUNSTATE_offline]) / 1000);
	expect_rc("up.spinning", hv_vcpu_op(VCPUOP_up, 1, NULL), 0);
	done = wait_for(&a->ack, a->seq, WAIT);
	check("up.spinning.finishes", done, "acked %d", done);
}

/* --- TLB flushes naming other vCPUs ---------------------------------------- */

static long mmuext(unsigned int cmd, uint64_t arg1, uint64_t arg2, unsigned int *done)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1, .arg2 = arg2 };

	*done = 0;
	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1, (unsigned long)done,
			  DOMID_SELF, 0);
}

static void test_flush(void)
{
	static uint64_t masks[5];
	const uint64_t va = (uint64_t)data_page;
	const struct {
		const char *name;
		unsigned int cmd;
		uint64_t va, mask;		/* mask: its guest address */
		long want;
	} cases[] = {
		{ "flush_multi.vcpu1", MMUEXT_TLB_FLUSH_MULTI, 0, (uint64_t)&masks[0], 0 },
		{ "invlpg_multi.vcpu1", MMUEXT_INVLPG_MULTI, va, (uint64_t)&masks[0], 0 },
		{ "flush_multi.all", MMUEXT_TLB_FLUSH_MULTI, 0, (uint64_t)&masks[1], 0 },
		{ "flush_multi.empty", MMUEXT_TLB_FLUSH_MULTI, 0, (uint64_t)&masks[2], 0 },
		{ "flush_multi.absent_vcpus_ignored", MMUEXT_TLB_FLUSH_MULTI, 0,
		  (uint64_t)&masks[3], 0 },
		{ "invlpg_multi.noncanonical_va_ignored", MMUEXT_INVLPG_MULTI, NONCANON,
		  (uint64_t)&masks[0], 0 },
		{ "flush_multi.mask_faults", MMUEXT_TLB_FLUSH_MULTI, 0, (uint64_t)guard_page, -EINVAL },
		{ "invlpg_multi.mask_faults", MMUEXT_INVLPG_MULTI, va, (uint64_t)guard_page, -EINVAL },
		{ "flush_multi.mask_in_hypervisor", MMUEXT_TLB_FLUSH_MULTI, 0, HV_DIRECTMAP, -EINVAL },
		{ "flush_multi.mask_null", MMUEXT_TLB_FLUSH_MULTI, 0, 0, -EINVAL },
	};
	bool done;

	masks[0] = 1UL << 1;
	masks[1] = (1UL << nr) - 1;
	masks[2] = 0;
	masks[3] = (1UL << 63) | 2;		/* ids past the last vCPU */
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int n;
		long rc = mmuext(cases[i].cmd, cases[i].va, cases[i].mask, &n);

		check(cases[i].name, rc == cases[i].want && n == !cases[i].want,
		      "rc %ld done %u (want %ld)", rc, n, cases[i].want);
	}
	done = call(1, CMD_PING, 0, 0);
	check("flush_multi.ap_alive", done && aps[1].res[0] == 1, "acked %d ping %lu", done,
	      aps[1].res[0]);
}

/* --- Yield and block ------------------------------------------------------- */

static void test_yield(void)
{
	struct ap *a = &aps[1];
	unsigned int ran = 0, bad_rc = 0;
	bool done;

	post(1, CMD_SPIN_UNTIL_STOP, 0, 0);
	if (!wait_for(&a->ready, a->seq, WAIT)) {
		test_fail("yield.ap_spins", "no ready");
		return;
	}
	for (unsigned int i = 0; i < 5; i++) {
		uint64_t before = a->res[0];

		bad_rc += hv_sched_op(SCHEDOP_yield, NULL) != 0;
		ran += a->res[0] != before;
	}
	a->arg[1] = 1;
	check("yield.rc", bad_rc == 0, "%u non-zero", bad_rc);
	check("yield.lets_ap_run", ran == 5, "the AP ran during %u of 5 yields", ran);
	done = wait_for(&a->ack, a->seq, WAIT);
	check("yield.ap_stops", done, "acked %d", done);
}

static void test_block(void)
{
	struct vcpu_set_singleshot_timer s = { 0 };
	struct vcpu_runstate_info r0, r1;
	struct ap *a = &aps[1];
	uint64_t t0, t1;
	long rc;

	events_mask();
	settle();
	ev_2l_clear_pending(timer0);
	upcalls_reset();
	s.timeout_abs_ns = now_ns() + 2 * WAIT;	/* a safety net */
	hv_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
	r0 = runstate(0);
	t0 = now_ns();
	post(1, CMD_SPIN, 20 * MS, 0);
	rc = hv_sched_op(SCHEDOP_block, NULL);
	t1 = now_ns();
	r1 = runstate(0);
	hv_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	events_mask();
	expect_rc("block.rc", rc, 0);
	check("block.woken_by_ap", upcalls.hits[port0] >= 1 && !upcalls.hits[timer0] &&
	      a->ack == a->seq, "upcalls on IPI %u on timer %u, acked %d", upcalls.hits[port0],
	      upcalls.hits[timer0], a->ack == a->seq);
	check("block.after_ap_sent", t1 >= a->res[0] && t1 - t0 >= 20 * MS - EARLY_SLACK &&
	      t1 - t0 < WAIT, "woke %ld us after the send, %lu ms after blocking",
	      (long)(t1 - a->res[0]) / 1000, (t1 - t0) / MS);
	check("block.vcpu0_was_blocked", r1.time[RUNSTATE_blocked] >= r0.time[RUNSTATE_blocked] +
	      15 * MS, "+%lu us running, +%lu runnable, +%lu blocked, +%lu offline",
	      (r1.time[0] - r0.time[0]) / 1000, (r1.time[1] - r0.time[1]) / 1000,
	      (r1.time[2] - r0.time[2]) / 1000, (r1.time[3] - r0.time[3]) / 1000);
	ev_2l_clear_pending(timer0);
	vi_clear(vi_of(0));
}

void test_main(void)
{
	char buf[16];
	unsigned int want;
	uint32_t filler;

	events_init();
	hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	nr = smp_nr_vcpus();
	want = cmdline_get("vcpus", buf, sizeof(buf)) ? (unsigned int)strtoul(buf, NULL, 0) : 2;
	check("nr_vcpus", nr == want && nr >= 2, "%u (want %u)", nr, want);
	if (nr < 2 || nr > SMP_MAX_VCPUS)
		return;
	hostile_vcpu = nr - 1;

	/* Our IPI in selector word 0, the APs' (bound later) in word 1. */
	if (ev_bind_ipi(0, &port0) || ev_bind_virq(VIRQ_TIMER, 0, &timer0) ||
	    ev_alloc_unbound(DOMID_SELF, &quiet))
		panic("binding vCPU 0's ports");
	while (!ev_alloc_unbound(DOMID_SELF, &filler) && filler < 63)
		;

	test_before();
	if (cmdline_has("hostile"))
		test_hostile_init();
	if (tainted == 1) {
		test_skip("up.vcpu1", "initialised by a hostile context");
		return;
	}
	test_bring_up();
	if (!up[1])
		return;
	test_more_aps();
	test_ring(20);
	test_bind_vcpu();
	test_timers();
	test_down_up();
	test_flush();
	test_yield();
	test_block();
}
