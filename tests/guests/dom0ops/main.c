// SPDX-License-Identifier: GPL-2.0-only
/*
 * dom0ops: what a hardware domain asks of the platform with no device
 * pass-through configured. ABI rules checked (answers as Xen 4.17 gives):
 *  - physdev_op: set_iopl (0-3 accepted), irq_status_query of a pirq that
 *    does not exist, EOI of an unbound pirq, registering the pirq EOI
 *    bitmap frame (own frame accepted, a frame not ours refused), unknown
 *    sub-ops, unreadable arguments;
 *  - platform_op: the interface version is checked; get_cpuinfo of CPU 0
 *    and of a CPU that does not exist; firmware_info for the keyboard
 *    flags and for absent firmware data; settime64 moves the wall clock in
 *    shared_info; unknown commands; unreadable arguments.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

const char test_kernel_name[] = "dom0ops";

#define HYPERCALL_platform_op 7
#define HYPERCALL_physdev_op 33
#define VIRT_BASE 0xffffffff80000000UL
#define EACCES 13

struct platform_op {
	uint32_t cmd, interface_version;
	union {
		struct { uint32_t xen_cpuid, max_present, flags, apic_id, acpi_id; } cpuinfo;
		struct { uint32_t type, index; uint8_t kbd_shift_flags; } fw;
		struct { uint64_t secs; uint32_t nsecs, mbz; uint64_t system_time; } settime;
		uint8_t pad[128];
	} u;
};

static char eoi_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static long physdev(unsigned int cmd, void *arg)
{
	return hypercall2(HYPERCALL_physdev_op, cmd, arg);
}

static long platform(struct platform_op *op)
{
	return hypercall1(HYPERCALL_platform_op, op);
}

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void test_physdev(void)
{
	uint32_t iopl;
	struct { uint32_t irq, flags; } q = { 1000, 0 };
	uint32_t eoi = 1000;
	uint64_t gmfn;

	iopl = 1;
	expect_rc("set_iopl.1", physdev(6, &iopl), 0);
	iopl = 0;
	expect_rc("set_iopl.0", physdev(6, &iopl), 0);
	iopl = 4;
	expect_rc("set_iopl.4", physdev(6, &iopl), -EINVAL);
	expect_rc("set_iopl.unreadable", physdev(6, guard_page), -EFAULT);
	expect_rc("irq_status_query.no_pirq", physdev(5, &q), -EINVAL);
	expect_rc("eoi.unbound", physdev(12, &eoi), -EINVAL);
	gmfn = ((const unsigned long *)start_info->mfn_list)
		[((unsigned long)eoi_page - VIRT_BASE) >> 12];
	expect_rc("pirq_eoi_gmfn_v2", physdev(28, &gmfn), 0);
	gmfn = 0;
	expect_rc("pirq_eoi_gmfn_v2.not_ours", physdev(28, &gmfn), -EINVAL);
	expect_rc("unknown", physdev(99, &q), -ENOSYS);
}

static void test_platform(void)
{
	struct platform_op op;
	uint32_t before;

	memset(&op, 0, sizeof(op));
	op.cmd = 55;                     /* get_cpuinfo */
	op.interface_version = 0x03000000;
	expect_rc("bad_interface_version", platform(&op), -EACCES);
	op.interface_version = 0x03000001;
	expect_rc("get_cpuinfo.0", platform(&op), 0);
	check("get_cpuinfo.0.online", (op.u.cpuinfo.flags & 1) && !(op.u.cpuinfo.flags & 2),
	      "flags %#x max_present %u", op.u.cpuinfo.flags, op.u.cpuinfo.max_present);
	op.u.cpuinfo.xen_cpuid = 1000;
	op.u.cpuinfo.flags = 0;
	expect_rc("get_cpuinfo.absent", platform(&op), 0);
	check("get_cpuinfo.absent.invalid", op.u.cpuinfo.flags & 2, "flags %#x",
	      op.u.cpuinfo.flags);

	memset(&op.u, 0, sizeof(op.u));
	op.cmd = 50;                     /* firmware_info */
	op.u.fw.type = 5;                /* KBD_SHIFT_FLAGS */
	expect_rc("firmware_info.kbd_shift_flags", platform(&op), 0);
	op.u.fw.type = 1;                /* DISK_INFO: no disks reported by firmware */
	op.u.fw.index = 0;
	expect_rc("firmware_info.disk_info", platform(&op), -ESRCH);
	op.u.fw.type = 99;
	expect_rc("firmware_info.unknown_type", platform(&op), -EINVAL);

	memset(&op.u, 0, sizeof(op.u));
	op.cmd = 62;                     /* settime64 */
	before = shared_info->wc_sec;
	op.u.settime.secs = 2000000000ULL;
	op.u.settime.nsecs = 0;
	op.u.settime.system_time = 0;
	expect_rc("settime64", platform(&op), 0);
	check("settime64.wallclock", shared_info->wc_sec >= 1999999000U &&
	      shared_info->wc_sec <= 2000000000U, "wc_sec %u (was %u)", shared_info->wc_sec,
	      before);
	op.u.settime.mbz = 1;
	expect_rc("settime64.mbz", platform(&op), -EINVAL);

	op.cmd = 100;
	expect_rc("unknown", platform(&op), -ENOSYS);
	expect_rc("unreadable", hypercall1(HYPERCALL_platform_op, guard_page), -EFAULT);
}

void test_main(void)
{
	test_physdev();
	test_platform();
}
