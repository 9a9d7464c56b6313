/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's CPUID leaves, at 0x40000000 + n, as Xen 4.17 defines
 * them for PV guests (who read them with the forced-emulation prefix
 * `ud2; .ascii "xen"; cpuid`).
 *
 *  0: EAX the last leaf (0x40000005), EBX:ECX:EDX "XenVMMXenVMM";
 *  1: EAX (major << 16) | minor, the interface version;
 *  2: EAX hypercall pages (1), EBX the MSR that writes one, ECX features;
 *  3: time (subleaf 0: EAX bit 0 emulated TSC, bit 1 TSC reliable,
 *     bit 2 RDTSCP; EBX tsc_mode; ECX tsc kHz; EDX incarnation; subleaf 1:
 *     offset and scale; subleaf 2: EAX the CPU's kHz);
 *  4: HVM guests only;
 *  5: PV: EBX the machine address width in bits.
 */
#ifndef PUBLIC_ARCH_X86_CPUID_H
#define PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF     0x40000000
#define XEN_CPUID_MAX_NUM_LEAVES 5
#define XEN_CPUID_SIGNATURE_EBX  0x566e6558	/* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX  0x65584d4d	/* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX  0x4d4d566e	/* "nVMM" */
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD (1u << 0)

#endif
