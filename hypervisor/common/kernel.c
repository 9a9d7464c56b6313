// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen_version: the version of the interface implemented (4.17), the
 * capability string, feature bits and platform parameters a PV guest reads
 * before anything else.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/guest_access.h>
#include <public/version.h>

#define IFACE_MAJOR 4
#define IFACE_MINOR 17

extern char hv_cmdline[];

static uint32_t pv_features(const struct domain *d, uint32_t idx)
{
	uint32_t f = 0;

	if (idx != 0)
		return 0;
	f |= 1u << XENFEAT_mmu_pt_update_preserve_ad;
	f |= 1u << XENFEAT_highmem_assist;
	f |= 1u << XENFEAT_gnttab_map_avail_bits;
	f |= 1u << XENFEAT_memory_op_vnode_supported;
	f |= 1u << XENFEAT_direct_mapped;
	if (d->is_privileged)
		f |= 1u << XENFEAT_dom0;
	return f;
}

static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
	char buf[1024];

	memset(buf, 0, size);
	strlcpy(buf, s, size);
	return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

long do_xen_version(unsigned long cmd_reg, unsigned long arg)
{
	struct domain *d = current->domain;
	int cmd = (int)cmd_reg;   /* the ABI's sub-op is an int: upper bits are ignored */

	switch (cmd) {
	case XENVER_version:
		return (IFACE_MAJOR << 16) | IFACE_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, "-hv", 16);
	case XENVER_compile_info: {
		struct xen_compile_info ci;

		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
		strlcpy(ci.compile_by, "hv", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "localdomain", sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, __DATE__ " " __TIME__, sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
	}
	case XENVER_capabilities:
		return copy_string_out(arg, "xen-3.0-x86_64", 1024);
	case XENVER_changeset:
		return copy_string_out(arg, "unavailable", 64);
	case XENVER_platform_parameters: {
		struct xen_platform_parameters p = { .virt_start = HYPERVISOR_VIRT_START };

		return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -EINVAL;
		fi.submap = pv_features(d, fi.submap_idx);
		return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
	}
	case XENVER_pagesize:
		/* No output: a buffer given here is a caller bug. */
		return arg ? -EINVAL : 4096;
	case XENVER_guest_handle:
		return copy_to_guest(arg, d->handle, sizeof(d->handle)) ? -EFAULT : 0;
	case XENVER_commandline:
		/* Others get Xen's placeholder, just its own bytes, and success. */
		if (!d->is_privileged)
			return copy_string_out(arg, "<denied>", sizeof("<denied>"));
		return copy_string_out(arg, hv_cmdline, 1024);
	case XENVER_build_id:
		if (!d->is_privileged)
			return -EPERM;
		return -ENODATA;
	default:
		return -ENOSYS;
	}
}
