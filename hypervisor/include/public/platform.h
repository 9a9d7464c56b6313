/* SPDX-License-Identifier: MIT */
/* platform_op (hypercall 7): the hardware domain's view of the platform. */
#ifndef PUBLIC_PLATFORM_H
#define PUBLIC_PLATFORM_H

#include <stdint.h>

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32           17
#define XENPF_firmware_info       50
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo         55
#define XENPF_settime64           62

#define XEN_FW_DISK_INFO          1
#define XEN_FW_DISK_MBR_SIGNATURE 2
#define XEN_FW_VBEDDC_INFO        3
#define XEN_FW_EFI_INFO           4
#define XEN_FW_KBD_SHIFT_FLAGS    5

#define XEN_PCPU_FLAGS_ONLINE  1
#define XEN_PCPU_FLAGS_INVALID 2

struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};

struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;    /* system time at which secs.nsecs held */
};

struct xenpf_firmware_info {
	uint32_t type;
	uint32_t index;
	union {
		uint8_t kbd_shift_flags;
		uint8_t raw[64];
	} u;
};

struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;      /* IN */
	uint32_t max_present;    /* OUT */
	uint32_t flags;
	uint32_t apic_id;
	uint32_t acpi_id;
};

struct xen_platform_op {
	uint32_t cmd;
	uint32_t interface_version;
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		struct xenpf_firmware_info firmware_info;
		struct xenpf_pcpuinfo pcpu_info;
		uint8_t pad[128];
	} u;
};

#endif
