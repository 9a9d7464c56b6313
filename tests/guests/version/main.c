// SPDX-License-Identifier: GPL-2.0-only
/*
 * version: HYPERVISOR_xen_version (17). ABI rules checked:
 *  - XENVER_version returns (major << 16) | minor, major >= 3;
 *  - XENVER_extraversion fills 16 bytes holding a NUL-terminated string;
 *  - XENVER_capabilities lists "xen-3.0-x86_64";
 *  - XENVER_get_features submap 0 for a PV dom0 has mmu_pt_update_preserve_ad
 *    (5), gnttab_map_avail_bits (7) and dom0 (11), and not
 *    auto_translated_physmap (2); the exact value is Xen 4.17's 0x228e0;
 *    any other submap index is -EINVAL and leaves the buffer alone;
 *  - XENVER_pagesize with a NULL argument returns 4096;
 *  - XENVER_platform_parameters gives virt_start 0xffff800000000000;
 *  - an unknown sub-op returns -ENOSYS.
 */
#include "lib.h"
#include "hypercall.h"

const char test_kernel_name[] = "version";

static void test_version(void)
{
	long v = hv_xen_version(XENVER_version, NULL);
	unsigned long major = (unsigned long)v >> 16, minor = v & 0xffff;

	check("version", v > 0 && major >= 3 && major < 100 && minor < 100,
	      "%#lx (%lu.%lu)", v, major, minor);
}

static void test_extraversion(void)
{
	char buf[XEN_EXTRAVERSION_LEN + 8];
	long rc;

	memset(buf, 0x5a, sizeof(buf));
	rc = hv_xen_version(XENVER_extraversion, buf);
	check("extraversion",
	      rc == 0 && strnlen(buf, XEN_EXTRAVERSION_LEN) < XEN_EXTRAVERSION_LEN,
	      "rc %ld \"%.16s\"", rc, buf);
	/* Exactly 16 bytes are written, nothing beyond. */
	check("extraversion.size",
	      (unsigned char)buf[XEN_EXTRAVERSION_LEN] == 0x5a &&
		      (unsigned char)buf[sizeof(buf) - 1] == 0x5a,
	      "byte 16 %#x", (unsigned char)buf[XEN_EXTRAVERSION_LEN]);
}

static void test_capabilities(void)
{
	static char caps[XEN_CAPABILITIES_LEN + 8];
	long rc;

	memset(caps, 0x5a, sizeof(caps));
	rc = hv_xen_version(XENVER_capabilities, caps);
	check("capabilities",
	      rc == 0 && strnlen(caps, XEN_CAPABILITIES_LEN) < XEN_CAPABILITIES_LEN &&
		      strstr(caps, "xen-3.0-x86_64") != NULL,
	      "rc %ld \"%.200s\"", rc, caps);
	check("capabilities.size",
	      (unsigned char)caps[XEN_CAPABILITIES_LEN] == 0x5a,
	      "byte 1024 %#x", (unsigned char)caps[XEN_CAPABILITIES_LEN]);
}

static void test_features(void)
{
	struct xen_feature_info fi = { .submap_idx = 0, .submap = 0xdeadbeef };
	long rc = hv_xen_version(XENVER_get_features, &fi);
	uint32_t m = fi.submap;

	check("features.rc", rc == 0, "%ld submap %#x", rc, m);
	check("features.preserve_ad", m & (1u << XENFEAT_mmu_pt_update_preserve_ad),
	      "%#x", m);
	check("features.gnttab_map_avail_bits",
	      m & (1u << XENFEAT_gnttab_map_avail_bits), "%#x", m);
	check("features.dom0", m & (1u << XENFEAT_dom0), "%#x", m);
	check("features.not_auto_translated",
	      !(m & (1u << XENFEAT_auto_translated_physmap)), "%#x", m);
	check("features.not_writable_page_tables",
	      !(m & (1u << XENFEAT_writable_page_tables)), "%#x", m);
	check("features.not_supervisor_mode_kernel",
	      !(m & (1u << XENFEAT_supervisor_mode_kernel)), "%#x", m);
	/*
	 * The whole submap Xen 4.17 gives a PV dom0: preserve_ad (5),
	 * highmem_assist (6), gnttab_map_avail_bits (7), dom0 (11),
	 * memory_op_vnode_supported (13), direct_mapped (17).
	 */
	check_eq("features.exact", m, 0x228e0);

	for (uint32_t idx = 1; idx < 3; idx++) {
		char name[40];

		fi.submap_idx = idx;
		fi.submap = 0x12345678;
		rc = hv_xen_version(XENVER_get_features, &fi);
		snprintf(name, sizeof(name), "features.submap%u", idx);
		check(name, rc == -EINVAL && fi.submap == 0x12345678,
		      "rc %ld submap %#x", rc, fi.submap);
	}
	fi.submap_idx = 0xffffffff;
	rc = hv_xen_version(XENVER_get_features, &fi);
	check_eq("features.submap_huge", (uint64_t)rc, (uint64_t)-EINVAL);
}

static void test_misc(void)
{
	struct xen_platform_parameters pp = { .virt_start = 0 };
	long rc;

	rc = hv_xen_version(XENVER_pagesize, NULL);
	check_eq("pagesize", (uint64_t)rc, 4096);

	rc = hv_xen_version(XENVER_platform_parameters, &pp);
	check("platform_parameters", rc == 0 && pp.virt_start == HYPERVISOR_VIRT_START,
	      "rc %ld virt_start %#lx", rc, pp.virt_start);

	rc = hv_xen_version(64, NULL);
	check_eq("unknown_subop.64", (uint64_t)rc, (uint64_t)-ENOSYS);
	rc = hv_xen_version(-1, NULL);
	check_eq("unknown_subop.-1", (uint64_t)rc, (uint64_t)-ENOSYS);

	/* The sub-op is an int: the upper half of rdi is ignored. */
	rc = hypercall2(HYPERCALL_xen_version, (1UL << 32) | XENVER_version, 0);
	check_eq("subop.truncated", (uint64_t)rc,
		 (uint64_t)hv_xen_version(XENVER_version, NULL));
}

void test_main(void)
{
	test_version();
	test_extraversion();
	test_capabilities();
	test_features();
	test_misc();
}
