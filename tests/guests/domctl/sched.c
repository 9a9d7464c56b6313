// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two domains sharing the CPU: a small domain built here (page tables,
 * code and stack in its own frames, pinned and started with
 * setvcpucontext) first makes a domctl and a sysctl as an unprivileged
 * caller (-EPERM; a wrong version -EACCES first), switches its grant
 * table to version 2 (dom0 then acquires its status frame, resource.c)
 * and asks for dom0's grant frame (-EPERM), then spins writing a pattern
 * into xmm0/xmm7 and its FS and kernel GS bases, while dom0 sleeps again
 * and again in SCHEDOP_poll and checks after each wake-up that its own
 * registers and bases are still its own. Then the spinning domain is
 * paused (it stops accumulating CPU time) and destroyed.
 */
#include "ctl.h"
#include "tests.h"
#include "evtchn.h"

#define CODE_VA  0x400000UL
#define STACK_VA 0x401000UL
#define PT_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define ROUNDS   100

extern const char domu_code_start[], domu_code_end[];

static struct vcpu_context ctx;
static uint64_t fs_word = 0x1111111111111111UL, gs_word = 0x2222222222222222UL;

/* Write one of d's frames through the window: zeroed, then `len` bytes. */
static long fill(uint16_t d, uint64_t mfn, const void *src, size_t len)
{
	long rc = window_map(mfn, true, d);

	if (rc)
		return rc;
	memset(window, 0, PAGE_SIZE);
	memcpy(window, src, len);
	return window_restore();
}

/* The stack page starts with the control calls the domain makes once. */
struct stack_page {
	struct domctl info;             /* 0x000: getdomaininfo of dom0 */
	uint8_t pad0[0x200 - sizeof(struct domctl)];
	struct sysctl phys;             /* 0x200: physinfo */
	uint8_t pad1[0x200 - sizeof(struct sysctl)];
	struct domctl old;              /* 0x400: interface version 0x14 */
	uint8_t pad2[0x200 - sizeof(struct domctl)];
	uint32_t version;               /* 0x600: GNTTABOP_set_version to 2 */
	uint8_t pad3[0x100 - sizeof(uint32_t)];
	struct acquire_resource acq;    /* 0x700: dom0's grant frame */
	uint8_t pad4[0x100 - sizeof(struct acquire_resource)];
	uint64_t acq_list;              /* 0x800: its frame list */
	uint8_t pad5[0x700 - sizeof(uint64_t)];
	int64_t rc[5];                  /* 0xf00: what the calls returned */
};
_Static_assert(__builtin_offsetof(struct stack_page, acq) == 0x700, "stack page");
_Static_assert(__builtin_offsetof(struct stack_page, rc) == 0xf00, "stack page");

static struct stack_page stack_page;

/* frames: L4, L3, L2, L1, code, stack. Code at 4 MiB, stack above it. */
static long build(uint16_t d, const uint64_t *f)
{
	uint64_t l4[1] = { (f[1] << 12) | PT_FLAGS };
	uint64_t l3[1] = { (f[2] << 12) | PT_FLAGS };
	uint64_t l2[3] = { 0, 0, (f[3] << 12) | PT_FLAGS };
	uint64_t l1[2] = { (f[4] << 12) | _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED,
			   (f[5] << 12) | PT_FLAGS | _PAGE_DIRTY };
	long rc = fill(d, f[0], l4, sizeof(l4));

	rc = rc ? rc : fill(d, f[1], l3, sizeof(l3));
	rc = rc ? rc : fill(d, f[2], l2, sizeof(l2));
	rc = rc ? rc : fill(d, f[3], l1, sizeof(l1));
	rc = rc ? rc : fill(d, f[4], domu_code_start, domu_code_end - domu_code_start);
	domctl_init(&stack_page.info, DOMCTL_getdomaininfo, 0);
	stack_page.phys.cmd = SYSCTL_physinfo;
	stack_page.phys.interface_version = SYSCTL_VERSION;
	domctl_init(&stack_page.old, DOMCTL_getdomaininfo, 0);
	stack_page.old.interface_version = 0x14;
	stack_page.version = 2;
	stack_page.acq = (struct acquire_resource){
		.domid = 0, .type = RESOURCE_grant_table, .nr_frames = 1,
		.frame_list = STACK_VA + __builtin_offsetof(struct stack_page, acq_list),
	};
	for (unsigned int i = 0; i < 5; i++)
		stack_page.rc[i] = 1;
	rc = rc ? rc : fill(d, f[5], &stack_page, sizeof(stack_page));
	return rc ? rc : mmuext(MMUEXT_PIN_L4_TABLE, f[0], d);
}

static long start(uint16_t d, uint64_t l4)
{
	struct domctl op;

	memset(&ctx, 0, sizeof(ctx));
	ctx.flags = VGCF_in_kernel | VGCF_online;
	ctx.user_regs.rip = CODE_VA;
	ctx.user_regs.rsp = STACK_VA + PAGE_SIZE;
	ctx.user_regs.rflags = 0x202;
	ctx.user_regs.cs = 0xe033;
	ctx.user_regs.ss = 0xe02b;
	ctx.kernel_ss = 0xe02b;
	ctx.kernel_sp = STACK_VA + PAGE_SIZE;
	ctx.ctrlreg[3] = l4 << 12;
	domctl_init(&op, DOMCTL_setvcpucontext, d);
	op.u.vcpuctx.vcpu = 0;
	op.u.vcpuctx.ctxt = (uint64_t)&ctx;
	return domctl(&op);
}

static void set_mine(void)
{
	uint64_t pattern = 0x0123456789abcdefUL;

	hypercall2(25 /* set_segment_base */, 0 /* FS */, &fs_word);
	hypercall2(25, 2 /* GS kernel */, &gs_word);
	asm volatile("movq %0, %%xmm0\n\tmovq %0, %%xmm7" : : "r"(pattern) : "memory");
}

/* What dom0 sees now: xmm0, xmm7 and a word through each base. */
static bool mine_kept(uint64_t *x0, uint64_t *x7, uint64_t *fs, uint64_t *gs)
{
	asm volatile("movq %%xmm0, %0\n\tmovq %%xmm7, %1" : "=r"(*x0), "=r"(*x7));
	asm volatile("mov %%fs:0, %0\n\tmov %%gs:0, %1" : "=r"(*fs), "=r"(*gs));
	return *x0 == 0x0123456789abcdefUL && *x7 == *x0 && *fs == fs_word && *gs == gs_word;
}

void test_two_domains(void)
{
	uint64_t f[6] = { 0, 1, 2, 3, 4, 5 }, x0 = 0, x7 = 0, fs = 0, gs = 0, t1, t2;
	unsigned int good = 0, round;
	struct dominfo i;
	uint16_t d = 0;

	if (dom_create_opts(0, 1, NULL, 2, &d) || dom_max_vcpus(d, 1) || dom_max_mem(d, 64) ||
	    reservation(XENMEM_populate, d, f, 6, 0) != 6) {
		test_fail("two_domains.setup", "domain %u", d);
		return;
	}
	expect_rc("two_domains.build", build(d, f), 0);
	expect_rc("two_domains.start", start(d, f[0]), 0);
	expect_rc("two_domains.unpause", dom_simple(DOMCTL_unpausedomain, d), 0);
	set_mine();
	for (round = 0; round < ROUNDS; round++) {
		hv_poll(NULL, 0, now_ns() + 2000000ULL);
		if (!mine_kept(&x0, &x7, &fs, &gs))
			break;
		good++;
	}
	check("two_domains.state_kept", good == ROUNDS,
	      "%u of %u rounds; xmm0 %#lx xmm7 %#lx fs:0 %#lx gs:0 %#lx", good, ROUNDS,
	      (unsigned long)x0, (unsigned long)x7, (unsigned long)fs, (unsigned long)gs);
	dom_info(d, &i);
	check("two_domains.other_ran", i.cpu_time > 10000000ULL && !(i.flags & DOMINF_shutdown),
	      "cpu_time %lu ns flags %#x", (unsigned long)i.cpu_time, i.flags);
	/* What the unprivileged domain got from domctl and sysctl. */
	if (!window_map(f[5], false, d)) {
		const struct stack_page *sp = (const struct stack_page *)window;

		expect_rc("unprivileged.domctl", sp->rc[0], -EPERM);
		expect_rc("unprivileged.sysctl", sp->rc[1], -EPERM);
		expect_rc("unprivileged.domctl_bad_version", sp->rc[2], -EACCES);
		expect_rc("unprivileged.gnttab_v2", sp->rc[3], 0);
		expect_rc("unprivileged.acquire_resource", sp->rc[4], -EPERM);
		window_restore();
	}
	test_resource_status(d);
	expect_rc("two_domains.pause", dom_simple(DOMCTL_pausedomain, d), 0);
	dom_info(d, &i);
	t1 = i.cpu_time;
	hv_poll(NULL, 0, now_ns() + 20000000ULL);
	dom_info(d, &i);
	t2 = i.cpu_time;
	check("two_domains.paused_stops", t2 == t1 && (i.flags & DOMINF_paused),
	      "cpu_time %lu then %lu flags %#x", (unsigned long)t1, (unsigned long)t2, i.flags);
	expect_rc("two_domains.destroy", dom_destroy(d), 0);
}
