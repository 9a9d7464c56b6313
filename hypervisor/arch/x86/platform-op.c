// SPDX-License-Identifier: GPL-2.0-only
/*
 * platform_op for the hardware domain: the wall clock, processor
 * information, and firmware data. The hypervisor has no EDD or VBE data
 * from its loader and no EFI, so those report "nothing there" as Xen does;
 * power management is not offered.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/config.h>
#include <hv/pv.h>
#include <public/platform.h>

/* The wall clock at system time 0 is secs.nsecs - system_time. */
static void set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
	uint64_t at = secs * 1000000000ULL + nsecs;
	struct domain *d;

	at = at > system_time ? at - system_time : 0;
	list_for_each_entry(d, &domain_list, domain_list)
		pv_set_wallclock(d, at / 1000000000ULL, at % 1000000000ULL);
}

static long firmware_info(struct xenpf_firmware_info *fw)
{
	switch (fw->type) {
	case XEN_FW_KBD_SHIFT_FLAGS:
		/* BIOS data area byte 0x417. */
		fw->u.kbd_shift_flags = *(const volatile uint8_t *)maddr_to_virt(0x417);
		return 0;
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -ESRCH;                  /* the loader gave no such data */
	case XEN_FW_EFI_INFO:
		return -ENOSYS;                 /* not booted through EFI */
	default:
		return -EINVAL;
	}
}

long do_platform_op(unsigned long arg)
{
	struct xen_platform_op op;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;

	switch (op.cmd) {
	case XENPF_settime32:
		set_wallclock(op.u.settime32.secs, op.u.settime32.nsecs,
			      op.u.settime32.system_time);
		return 0;
	case XENPF_settime64:
		if (op.u.settime64.mbz)
			return -EINVAL;
		set_wallclock(op.u.settime64.secs, op.u.settime64.nsecs,
			      op.u.settime64.system_time);
		return 0;
	case XENPF_get_cpuinfo: {
		struct xenpf_pcpuinfo *p = &op.u.pcpu_info;

		p->max_present = 0;             /* one physical CPU runs guests */
		if (p->xen_cpuid == 0) {
			p->flags = XEN_PCPU_FLAGS_ONLINE;
			p->apic_id = 0;
			p->acpi_id = 0;
		} else {
			p->flags = XEN_PCPU_FLAGS_INVALID;
		}
		rc = 0;
		break;
	}
	case XENPF_firmware_info:
		rc = firmware_info(&op.u.firmware_info);
		break;
	case XENPF_set_processor_pminfo:
	default:
		return -ENOSYS;
	}
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
