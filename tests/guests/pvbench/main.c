// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvbench: a measurement kernel, not a test. It times PV micro-operations
 * with the TSC, WARMUP untimed rounds then ITERS timed ones each, and
 * prints per operation
 *   BENCH <name>: median <c> cycles (<ns> ns), min <c> cycles, n <iters>
 * with ns from the TSC scale in vcpu_time_info (tsc_to_system_mul/shift).
 * Operations:
 *  - rdtsc-pair: two TSC reads back to back (the floor of every figure);
 *  - null-hypercall: xen_version(XENVER_version);
 *  - mmu-update-64: one mmu_update of 64 L1 entries, remapping 64 pages
 *    between two sets of frames, alternately;
 *  - page-fault: a load from a not-present page; a minimal #PF handler
 *    returns with HYPERVISOR_iret to the instruction after it;
 *  - syscall-user: `syscall` from guest user mode to the kernel's syscall
 *    callback and back with HYPERVISOR_iret, timed in user mode;
 *  - evtchn-upcall: EVTCHNOP_send on a loopback interdomain pair, until
 *    the event callback's first instruction;
 *  - grant-map-unmap: GNTTABOP_map_grant_ref (host map) of one of our own
 *    pages, then GNTTABOP_unmap_grant_ref.
 * Each operation also gets a TEST line saying whether it behaved (so a
 * broken run is visible); the numbers themselves are never judged.
 * Command line: iters=N (default 2000), warmup=N (default 200).
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "evtchn.h"
#include "gnttab.h"
#include "pvbench.h"

const char test_kernel_name[] = "pvbench";

#define HYPERCALL_mmu_update 1
#define HYPERCALL_mmuext_op 26
#define MMU_NORMAL_PT_UPDATE 0
#define MMUEXT_PIN_L4_TABLE 3
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_NEW_USER_BASEPTR 15
#define MFN_MASK 0x000ffffffffff000UL
#define PAGE_BSS __attribute__((section(".bss.page_aligned"), aligned(4096)))

#define MAX_SAMPLES ((PVB_USER_DATA_PAGES * PAGE_SIZE - \
		      (PVB_USER_SAMPLES - PVB_USER_DATA)) / 8)

static unsigned int iters = 2000, warmup = 200;
static uint64_t samples[MAX_SAMPLES];
static uint32_t tsc_mul;
static int8_t tsc_shift;

volatile uint64_t pvb_pf_count;
volatile uint64_t pvb_upcall_tsc;
struct pvb_jmp pvb_user_jmp;

struct mmu_update {
	uint64_t ptr, val;
};

struct mmuext_op {
	uint32_t cmd, pad;
	uint64_t arg1, arg2;
};

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static long mmu_update(const struct mmu_update *req, unsigned int n, unsigned int *done)
{
	return hypercall5(HYPERCALL_mmu_update, (unsigned long)req, n,
			  (unsigned long)done, DOMID_SELF, 0);
}

static long mmuext(unsigned int cmd, uint64_t arg1)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };
	unsigned int done = 0;

	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1,
			  (unsigned long)&done, DOMID_SELF, 0);
}

/* --- Statistics and output --------------------------------------------- */

static void sort(uint64_t *a, unsigned int n)
{
	static const unsigned int gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned int g = 0; g < ARRAY_SIZE(gaps); g++) {
		unsigned int gap = gaps[g];

		for (unsigned int i = gap; i < n; i++) {
			uint64_t v = a[i];
			unsigned int j = i;

			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}

/* cycles -> tenths of a ns, with the hypervisor's own TSC scale. */
static uint64_t cycles_to_ns10(uint64_t c)
{
	c *= 10;
	if (tsc_shift >= 0)
		c <<= tsc_shift;
	else
		c >>= -tsc_shift;
	return (uint64_t)(((unsigned __int128)c * tsc_mul) >> 32);
}

static void report(const char *name, unsigned int n)
{
	uint64_t med, ns10;

	sort(samples, n);
	med = (n & 1) ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
	ns10 = cycles_to_ns10(med);
	printf("BENCH %s: median %lu cycles (%lu.%lu ns), min %lu cycles, n %u\n",
	       name, med, ns10 / 10, ns10 % 10, samples[0], n);
}

#define TIMED_LOOP(i) for (unsigned int i = 0; i < warmup + iters; i++)
#define KEEP(i, d) do { if ((i) >= warmup) samples[(i) - warmup] = (d); } while (0)

/* --- rdtsc-pair, null-hypercall ------------------------------------------ */

static void bench_rdtsc(void)
{
	TIMED_LOOP(i) {
		uint64_t t0 = tsc(), t1 = tsc();

		KEEP(i, t1 - t0);
	}
	check("bench.rdtsc-pair", true, NULL);
	report("rdtsc-pair", iters);
}

static void bench_null_hypercall(void)
{
	long bad = 0, rc = 0;

	TIMED_LOOP(i) {
		uint64_t t0 = tsc(), t1;

		rc = hv_xen_version(XENVER_version, NULL);
		t1 = tsc();
		bad += rc <= 0;
		KEEP(i, t1 - t0);
	}
	if (check("bench.null-hypercall", !bad, "version %#lx, %ld bad returns", rc, bad))
		report("null-hypercall", iters);
}

/* --- mmu-update-64 ------------------------------------------------------- */

#define NR_REMAP 64
static char win[NR_REMAP][PAGE_SIZE] PAGE_BSS;
static char set_a[NR_REMAP][PAGE_SIZE] PAGE_BSS;
static char set_b[NR_REMAP][PAGE_SIZE] PAGE_BSS;
static struct mmu_update req_a[NR_REMAP], req_b[NR_REMAP], req_home[NR_REMAP];

/* Does every window page show the mark of the set it should map? */
static bool window_shows(char mark)
{
	mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
	for (unsigned int i = 0; i < NR_REMAP; i++)
		if (((volatile char *)win[i])[0] != mark)
			return false;
	return true;
}

static void bench_mmu_update(void)
{
	unsigned int done = 0, bad = 0;
	bool ok = true;
	long rc;

	for (unsigned int i = 0; i < NR_REMAP; i++) {
		uint64_t ma, pte;
		const uint64_t *e = tk_l1e((uint64_t)win[i], &ma);

		if (!e || !(*e & _PAGE_PRESENT)) {
			test_fail("bench.mmu-update-64", "no L1 entry for window page %u", i);
			return;
		}
		pte = *e;
		req_home[i] = (struct mmu_update){ ma | MMU_NORMAL_PT_UPDATE, pte };
		req_a[i] = (struct mmu_update){ ma | MMU_NORMAL_PT_UPDATE,
			(pte & ~MFN_MASK) | (tk_virt_to_mfn(set_a[i]) << 12) };
		req_b[i] = (struct mmu_update){ ma | MMU_NORMAL_PT_UPDATE,
			(pte & ~MFN_MASK) | (tk_virt_to_mfn(set_b[i]) << 12) };
		win[i][0] = 'w';
		set_a[i][0] = 'a';
		set_b[i][0] = 'b';
	}
	rc = mmu_update(req_a, NR_REMAP, &done);
	ok &= rc == 0 && done == NR_REMAP && window_shows('a');
	rc = mmu_update(req_b, NR_REMAP, &done);
	ok &= rc == 0 && done == NR_REMAP && window_shows('b');
	if (!ok) {
		test_fail("bench.mmu-update-64", "remapping: rc %ld done %u", rc, done);
		mmu_update(req_home, NR_REMAP, &done);
		return;
	}

	TIMED_LOOP(i) {
		const struct mmu_update *req = (i & 1) ? req_b : req_a;
		uint64_t t0 = tsc(), t1;

		rc = mmu_update(req, NR_REMAP, &done);
		t1 = tsc();
		bad += rc != 0 || done != NR_REMAP;
		KEEP(i, t1 - t0);
	}
	/* The last round mapped set (warmup + iters - 1) & 1. */
	ok = window_shows(((warmup + iters - 1) & 1) ? 'b' : 'a');
	rc = mmu_update(req_home, NR_REMAP, &done);
	ok &= rc == 0 && window_shows('w');
	if (check("bench.mmu-update-64", !bad && ok, "%u bad rounds, window %s", bad,
		  ok ? "as expected" : "wrong"))
		report("mmu-update-64", iters);
}

/* --- page-fault ---------------------------------------------------------- */

static void bench_page_fault(void)
{
	struct trap_info t[2] = {
		{ .vector = X86_EXC_PF, .flags = 0, .cs = FLAT_KERNEL_CS,
		  .address = (uint64_t)pvb_pf_entry },
		{ 0 },
	};
	uint64_t cr2;
	long rc = hv_set_trap_table(t);

	if (rc) {
		test_fail("bench.page-fault", "set_trap_table: %ld", rc);
		return;
	}
	pvb_pf_count = 0;
	TIMED_LOOP(i) {
		uint64_t t0 = tsc(), t1;

		pvb_touch(guard_page);
		t1 = tsc();
		KEEP(i, t1 - t0);
	}
	cr2 = shared_info->vcpu_info[0].cr2;
	trap_set(X86_EXC_PF, 0);
	if (check("bench.page-fault", pvb_pf_count == warmup + iters &&
		  cr2 == (uint64_t)guard_page, "%lu faults, cr2 %#lx", pvb_pf_count, cr2))
		report("page-fault", iters);
}

/* --- syscall-user -------------------------------------------------------- */

enum { UL4, UL3, UL2, UL1, UCODE, USTACK, NR_UPAGES };
static char upages[NR_UPAGES][PAGE_SIZE] PAGE_BSS;
static char udata[PVB_USER_DATA_PAGES][PAGE_SIZE] PAGE_BSS;
static char kstack[4 * PAGE_SIZE] __aligned(16);

#define UPTE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

static uint64_t upte(const void *va, uint64_t flags)
{
	return (tk_virt_to_mfn(va) << 12) | flags;
}

static long build_user_tables(void)
{
	uint64_t *l4 = (uint64_t *)upages[UL4], *l3 = (uint64_t *)upages[UL3];
	uint64_t *l2 = (uint64_t *)upages[UL2], *l1 = (uint64_t *)upages[UL1];
	unsigned int base = (PVB_USER_CODE >> 12) & 511;
	long rc;

	memcpy(upages[UCODE], pvb_user_start, pvb_user_end - pvb_user_start);
	l4[0] = upte(l3, UPTE);
	l3[0] = upte(l2, UPTE);
	l2[PVB_USER_CODE >> 21] = upte(l1, UPTE);
	l1[base] = upte(upages[UCODE], _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED);
	l1[base + 1] = upte(upages[USTACK], UPTE);
	for (unsigned int i = 0; i < PVB_USER_DATA_PAGES; i++)
		l1[base + 2 + i] = upte(udata[i], UPTE);
	/* Page tables are mapped read-only in the kernel's own tables. */
	for (unsigned int i = UL4; i <= UL1; i++) {
		rc = hv_update_va_mapping((unsigned long)upages[i],
					  upte(upages[i], _PAGE_PRESENT | _PAGE_ACCESSED),
					  UVMF_INVLPG);
		if (rc)
			return rc;
	}
	rc = mmuext(MMUEXT_PIN_L4_TABLE, tk_virt_to_mfn(l4));
	if (rc)
		return rc;
	return mmuext(MMUEXT_NEW_USER_BASEPTR, tk_virt_to_mfn(l4));
}

static void __attribute__((noreturn)) enter_user(void)
{
	struct iret_context f = {
		.rip = PVB_USER_CODE, .cs = FLAT_USER_CS, .rflags = 0x202,
		.rsp = PVB_USER_STACK + PAGE_SIZE, .ss = FLAT_USER_SS,
	};

	hv_iret(&f);
}

static void bench_syscall_user(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall, .flags = CALLBACKF_mask_events,
		.address = (uint64_t)pvb_syscall_entry,
	};
	volatile uint64_t *data = (volatile uint64_t *)udata[0];
	const uint64_t *user_samples =
		(const uint64_t *)(udata[0] + (PVB_USER_SAMPLES - PVB_USER_DATA));
	long rc;

	rc = hv_callback_op(CALLBACKOP_register, &cb);
	if (!rc)
		rc = hv_stack_switch(FLAT_KERNEL_SS, (unsigned long)kstack + sizeof(kstack));
	if (!rc)
		rc = build_user_tables();
	if (rc) {
		test_fail("bench.syscall-user", "setting up user mode: %ld", rc);
		return;
	}
	data[0] = warmup + iters;
	data[(PVB_USER_SAMPLES - PVB_USER_DATA) / 8 + warmup + iters - 1] = 0;
	if (pvb_setjmp(&pvb_user_jmp) == 0)
		enter_user();
	/* Back from user mode through PVB_SYS_DONE, in kernel mode. */
	for (unsigned int i = 0; i < iters; i++)
		samples[i] = user_samples[warmup + i];
	if (check("bench.syscall-user", samples[iters - 1] != 0, "last sample %lu",
		  samples[iters - 1]))
		report("syscall-user", iters);
}

/* --- evtchn-upcall ------------------------------------------------------- */

static void bench_evtchn(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event, .flags = CALLBACKF_mask_events,
		.address = (uint64_t)pvb_event_entry,
	};
	uint32_t a = 0, b = 0;
	unsigned int missed = 0, before;
	long rc;

	rc = hv_callback_op(CALLBACKOP_register, &cb);
	if (!rc)
		rc = ev_alloc_unbound(DOMID_SELF, &a);
	if (!rc)
		rc = ev_bind_interdomain(DOMID_SELF, a, &b);
	if (rc) {
		test_fail("bench.evtchn-upcall", "setting up the loopback pair: %ld", rc);
		return;
	}
	upcalls_reset();
	events_unmask();		/* binding raised b: take that upcall now */
	before = upcalls.hits[b];
	TIMED_LOOP(i) {
		uint64_t t0, t1;

		pvb_upcall_tsc = 0;
		t0 = tsc();
		ev_send(a);
		t1 = pvb_upcall_tsc;
		missed += !t1 || t1 < t0;
		KEEP(i, t1 - t0);
	}
	events_mask();
	ev_close(a);
	ev_close(b);
	if (check("bench.evtchn-upcall", !missed && upcalls.hits[b] - before == warmup + iters,
		  "%u upcalls on port %u, %u sends without one", upcalls.hits[b] - before, b,
		  missed))
		report("evtchn-upcall", iters);
}

/* --- grant-map-unmap ----------------------------------------------------- */

#define GREF 8
static char gt_page[PAGE_SIZE] PAGE_BSS;	/* grant-table frame 0 */
static char granted[PAGE_SIZE] PAGE_BSS;	/* the page we grant ourselves */
static char map_va[PAGE_SIZE] PAGE_BSS;		/* where it gets mapped */

static void bench_grant(void)
{
	uint64_t frame = 0;
	struct gnttab_setup_table s = {
		.dom = DOMID_SELF, .nr_frames = 1, .frame_list = (uint64_t)&frame,
	};
	struct grant_entry_v1 *gt = (struct grant_entry_v1 *)gt_page;
	unsigned int bad = 0;
	bool seen = false;
	long rc;

	rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
	if (!rc && s.status)
		rc = s.status;
	if (!rc)
		rc = hv_update_va_mapping((unsigned long)gt_page, (frame << 12) | _PAGE_PRESENT |
					  _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY, UVMF_INVLPG);
	if (!rc)
		rc = hv_update_va_mapping((unsigned long)map_va, 0, UVMF_INVLPG);
	if (rc) {
		test_fail("bench.grant-map-unmap", "setting up: %ld", rc);
		return;
	}
	granted[0] = 'g';
	gt[GREF].domid = 0;
	gt[GREF].frame = (uint32_t)tk_virt_to_mfn(granted);
	asm volatile("" ::: "memory");
	gt[GREF].flags = GTF_permit_access;

	TIMED_LOOP(i) {
		struct gnttab_map_grant_ref m = {
			.host_addr = (uint64_t)map_va, .flags = GNTMAP_host_map,
			.ref = GREF, .dom = 0,
		};
		struct gnttab_unmap_grant_ref u = { .host_addr = (uint64_t)map_va };
		uint64_t t0 = tsc(), t1;
		long rc1, rc2;

		rc1 = hv_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
		u.handle = m.handle;
		if (i == 0)
			seen = ((volatile char *)map_va)[0] == 'g';
		rc2 = hv_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
		t1 = tsc();
		bad += rc1 || rc2 || m.status || u.status;
		KEEP(i, t1 - t0);
	}
	gt[GREF].flags = 0;
	if (check("bench.grant-map-unmap", !bad && seen, "%u bad rounds, mapping %s", bad,
		  seen ? "showed the page" : "did not show the page"))
		report("grant-map-unmap", iters);
}

/* ------------------------------------------------------------------------- */

static void read_options(void)
{
	char buf[16];

	if (cmdline_get("iters", buf, sizeof(buf)))
		iters = (unsigned int)strtoul(buf, NULL, 10);
	if (cmdline_get("warmup", buf, sizeof(buf)))
		warmup = (unsigned int)strtoul(buf, NULL, 10);
	if (iters < 1)
		iters = 1;
	if (iters > MAX_SAMPLES)
		iters = MAX_SAMPLES;
	if (warmup > MAX_SAMPLES - iters)
		warmup = MAX_SAMPLES - iters;
}

void test_main(void)
{
	const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
	uint64_t khz;
	long ver;

	read_options();
	/* The default 100 Hz periodic timer would only add noise. */
	hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	tsc_mul = t->tsc_to_system_mul;
	tsc_shift = t->tsc_shift;
	if (!tsc_mul)
		panic("vcpu_time_info has no TSC scale");
	khz = (1000000UL << 32) / tsc_mul;
	khz = tsc_shift >= 0 ? khz >> tsc_shift : khz << -tsc_shift;
	ver = hv_xen_version(XENVER_version, NULL);
	printf("BENCH-INFO tsc %lu kHz (mul %u shift %d), version %ld.%ld, iters %u, warmup %u\n",
	       khz, tsc_mul, tsc_shift, ver >> 16, ver & 0xffff, iters, warmup);

	bench_rdtsc();
	bench_null_hypercall();
	bench_mmu_update();
	bench_page_fault();
	bench_syscall_user();
	bench_evtchn();
	bench_grant();
}
