// SPDX-License-Identifier: GPL-2.0-only
/*
 * smp: a second vCPU, brought up the way Linux brings up its secondary
 * CPUs (run with two vCPUs: dom0_max_vcpus=2). ABI rules checked (Xen 4.17):
 *  - vcpu_op on vCPU 1 before it runs: is_up 0, up of an uninitialised
 *    vCPU -EINVAL, runstate offline; a vCPU beyond max_vcpus -ENOENT;
 *  - VCPUOP_initialise loads a whole context (entry point, stack, flat
 *    selectors, trap table, callbacks, CR3); a second one -EEXIST; the
 *    vCPU stays down until VCPUOP_up;
 *  - the IOPL bits of the context's eflags become the new vCPU's virtual
 *    I/O privilege (Linux starts its CPUs with IOPL 1 and never calls
 *    set_iopl on them): port I/O works there at once, and
 *    PHYSDEVOP_set_iopl(0) on that vCPU takes it away again
 *    (regression: a dom0 AP faulted on the VGA console's ports);
 *  - an IPI port bound to another vCPU (EVTCHNOP_bind_ipi) wakes that
 *    vCPU out of SCHEDOP_poll, also when the port is masked and the vCPU
 *    blocked (Linux's PV spinlock kick);
 *  - VCPUOP_down on itself: is_up 0, runstate offline; VCPUOP_up resumes
 *    it right after its down call, which returns 0.
 * vCPU 1 only records what it sees; vCPU 0 reports, once vCPU 1 is quiet.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "evtchn.h"
#include "smp.h"

const char test_kernel_name[] = "vcpu-bringup";

#define HYPERCALL_physdev_op 33
#define PHYSDEVOP_set_iopl   6
#define IOPL_RING1           0x1000UL
#define MS                   1000000ULL

/* What vCPU 1 saw, written by it and read by vCPU 0. */
static volatile struct {
	int started, polling, woken, resumed;
	struct exinfo io, io_no_iopl;
	long set_iopl_rc, is_up0, poll_rc, down_rc;
	bool poll_pending;
} ap;

static uint32_t port_to0, port_to1;	/* IPI ports bound to vCPU 0 / 1 */
static char ap_stack[16384] __aligned(16);
static struct vcpu_guest_context ctxt;

void ap_main(void);
void ap_upcall(void);
extern char ap_entry[];

/* Upcalls taken on vCPU 1 (its events stay masked, so: none). */
volatile unsigned int ap_bad_upcalls;

/*
 * vCPU 1 starts at ap_entry on ap_stack: call ap_main with the usual
 * alignment. An upcall there cannot return through the library's vCPU 0
 * demultiplexer: it is counted and the vCPU goes down for good.
 */
asm(".pushsection .text\n"
    "ap_entry:\n\t"
    "call ap_main\n"
    "1:\tud2\n\t"
    "jmp 1b\n"
    "ap_upcall:\n\t"
    "lock incl ap_bad_upcalls(%rip)\n"
    "2:\tmov $2, %edi\n\t"		/* VCPUOP_down */
    "mov $1, %esi\n\t"		/* vCPU 1 */
    "xor %edx, %edx\n\t"
    "mov $24, %eax\n\t"		/* HYPERCALL_vcpu_op */
    "syscall\n\t"
    "jmp 2b\n"
    ".popsection");

static struct exinfo outb_safe(uint16_t port, uint8_t v)
{
	exinfo_reset();
	asm volatile("1: outb %b0, %w1\n2:\n" _EXTABLE(1b, 2b) : : "a"(v), "d"(port) : "memory");
	return ex_last;
}

static long set_iopl(uint32_t iopl)
{
	return hypercall2(HYPERCALL_physdev_op, PHYSDEVOP_set_iopl, &iopl);
}

void ap_main(void)
{
	ap.started = 1;
	/* Started with IOPL 1 in eflags, as Linux does: port I/O must work. */
	ap.io = outb_safe(0x80, 0x5a);
	ap.set_iopl_rc = set_iopl(0);
	ap.io_no_iopl = outb_safe(0x80, 0x5b);
	ap.is_up0 = hv_vcpu_op(VCPUOP_is_up, 0, NULL);

	/* Kick vCPU 0 out of its poll, then wait for its kick on a masked port. */
	ap.polling = 1;
	ev_send(port_to0);
	ap.poll_rc = hv_poll(&port_to1, 1, now_ns() + 5000 * MS);
	ap.poll_pending = ev_2l_pending(port_to1);
	ev_2l_clear_pending(port_to1);
	ap.woken = 1;

	/* Going down returns only when vCPU 0 brings us up again. */
	ap.down_rc = hv_vcpu_op(VCPUOP_down, 1, NULL);
	ap.resumed = 1;
	for (;;)
		hv_vcpu_op(VCPUOP_down, 1, NULL);
}

static void build_context(void)
{
	struct vcpu_guest_context *c = &ctxt;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (uint64_t)ap_entry;
	c->user_regs.rsp = (uint64_t)(ap_stack + sizeof(ap_stack));
	c->user_regs.rflags = IOPL_RING1;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	for (unsigned int v = 0; v < 32; v++) {
		c->trap_ctxt[v].vector = (uint8_t)v;
		c->trap_ctxt[v].flags = (v == X86_EXC_BP || v == X86_EXC_OF) ? 3 : 0;
		c->trap_ctxt[v].cs = FLAT_KERNEL_CS;
		c->trap_ctxt[v].address = trap_stub(v);
	}
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = c->user_regs.rsp;
	c->ctrlreg[3] = ev_mfn_of((void *)start_info->pt_base) << 12;
	c->event_callback_eip = (uint64_t)ap_upcall;
}

static struct vcpu_runstate_info runstate_of(unsigned int vcpu)
{
	struct vcpu_runstate_info r;

	memset(&r, 0, sizeof(r));
	r.state = -1;
	hv_vcpu_op(VCPUOP_get_runstate_info, vcpu, &r);
	return r;
}

/* Yield until *flag is set or `ns` pass; true if it was set. */
static bool wait_flag(volatile int *flag, uint64_t ns)
{
	uint64_t end = now_ns() + ns;

	while (!*flag && now_ns() < end)
		hv_sched_op(SCHEDOP_yield, NULL);
	return *flag;
}

/* Yield until vCPU 1's is_up answer is `want`; true if it got there. */
static bool wait_is_up(long want, uint64_t ns)
{
	uint64_t end = now_ns() + ns;

	while (hv_vcpu_op(VCPUOP_is_up, 1, NULL) != want && now_ns() < end)
		hv_sched_op(SCHEDOP_yield, NULL);
	return hv_vcpu_op(VCPUOP_is_up, 1, NULL) == want;
}

/* vCPU 1's runstate once it is `want`, or what it is when `ns` have passed. */
static uint64_t wait_runstate(uint64_t want, uint64_t ns)
{
	uint64_t end = now_ns() + ns;
	uint64_t state = runstate_of(1).state;

	while (state != want && now_ns() < end) {
		hv_sched_op(SCHEDOP_yield, NULL);
		state = runstate_of(1).state;
	}
	return state;
}

static void test_before_up(void)
{
	struct evtchn_status st;
	long rc;

	check_eq("vcpu1.is_up_before", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	check_eq("vcpu2.absent", hv_vcpu_op(VCPUOP_is_up, 2, NULL), (uint64_t)-ENOENT);
	check_eq("vcpu1.up_uninitialised", hv_vcpu_op(VCPUOP_up, 1, NULL), (uint64_t)-EINVAL);
	check_eq("vcpu1.runstate_offline", runstate_of(1).state, RUNSTATE_offline);

	check_eq("ipi.bind_vcpu0", ev_bind_ipi(0, &port_to0), 0);
	check_eq("ipi.bind_vcpu1", ev_bind_ipi(1, &port_to1), 0);
	rc = ev_status(port_to1, &st);
	check("ipi.status_vcpu1", !rc && st.status == EVTCHNSTAT_ipi && st.vcpu == 1,
	      "rc %ld status %u vcpu %u", rc, st.status, st.vcpu);
	/* Like Linux's spinlock kicker: masked, only ever polled. */
	ev_2l_set_mask(port_to1);
}

static void test_bring_up(void)
{
	build_context();
	/* Linux masks the new vCPU's events before it starts it. */
	shared_info->vcpu_info[1].evtchn_upcall_mask = 1;
	check_eq("vcpu1.initialise", hv_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
	check_eq("vcpu1.initialise_again", hv_vcpu_op(VCPUOP_initialise, 1, &ctxt),
		 (uint64_t)-EEXIST);
	check_eq("vcpu1.is_up_initialised", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	check_eq("vcpu1.up", hv_vcpu_op(VCPUOP_up, 1, NULL), 0);
	check_eq("vcpu1.is_up", hv_vcpu_op(VCPUOP_is_up, 1, NULL), 1);
}

static void test_ipis(void)
{
	struct vcpu_runstate_info r;
	uint64_t end;
	bool woken;
	long rc;

	/* vCPU 1 runs while we sleep here (one CPU) or alongside (several). */
	rc = hv_poll(&port_to0, 1, now_ns() + 5000 * MS);
	check("ipi.wakes_poller", rc == 0 && ev_2l_pending(port_to0) && ap.polling,
	      "rc %ld pending %d vcpu1 polling %d", rc, ev_2l_pending(port_to0), ap.polling);
	ev_2l_clear_pending(port_to0);

	check("vcpu1.started", ap.started, "%d", ap.started);
	check("vcpu1.iopl_from_context", !ap.io.taken, "vector %u", ap.io.vector);
	check_eq("vcpu1.set_iopl", ap.set_iopl_rc, 0);
	check("vcpu1.set_iopl_0_faults", ap.io_no_iopl.taken &&
	      ap.io_no_iopl.vector == X86_EXC_GP && ap.io_no_iopl.ec == 0,
	      "taken %d vector %u ec %#lx", ap.io_no_iopl.taken, ap.io_no_iopl.vector,
	      ap.io_no_iopl.ec);
	check_eq("vcpu1.sees_vcpu0_up", ap.is_up0, 1);

	/* Kick it only once it sleeps in its poll. */
	end = now_ns() + 5000 * MS;
	do {
		hv_sched_op(SCHEDOP_yield, NULL);
		r = runstate_of(1);
	} while (r.state != RUNSTATE_blocked && now_ns() < end);
	check_eq("vcpu1.blocked_in_poll", r.state, RUNSTATE_blocked);
	check_eq("ipi.send_masked", ev_send(port_to1), 0);
	woken = wait_flag(&ap.woken, 5000 * MS);
	check("ipi.masked_port_wakes_poller", woken && ap.poll_rc == 0 && ap.poll_pending,
	      "woken %d rc %ld pending %d", woken, ap.poll_rc, ap.poll_pending);
	check("ipi.masked_no_upcall", !shared_info->vcpu_info[1].evtchn_upcall_pending,
	      "upcall_pending %u", shared_info->vcpu_info[1].evtchn_upcall_pending);
}

/* The arguments are evaluated first: each wait gets its own statement. */
static void test_down_up(void)
{
	bool ok;

	ok = wait_is_up(0, 5000 * MS);
	check("vcpu1.down_self", ok, "is_up %ld", hv_vcpu_op(VCPUOP_is_up, 1, NULL));
	/*
	 * is_up drops when the vCPU marks itself down; with two physical CPUs
	 * Xen switches it out a moment later, so give the runstate that moment.
	 */
	check_eq("vcpu1.runstate_offline_after_down", wait_runstate(RUNSTATE_offline, 5000 * MS),
		 RUNSTATE_offline);
	check_eq("vcpu1.up_again", hv_vcpu_op(VCPUOP_up, 1, NULL), 0);
	ok = wait_flag(&ap.resumed, 5000 * MS);
	check("vcpu1.resumes_after_down", ok && ap.down_rc == 0, "resumed %d down rc %ld", ok,
	      ap.down_rc);
	ok = wait_is_up(0, 5000 * MS);
	check("vcpu1.down_again", ok, "is_up %ld", hv_vcpu_op(VCPUOP_is_up, 1, NULL));
	check_eq("vcpu1.no_upcall", ap_bad_upcalls, 0);
}

void test_main(void)
{
	test_before_up();
	test_bring_up();
	test_ipis();
	test_down_up();
}
