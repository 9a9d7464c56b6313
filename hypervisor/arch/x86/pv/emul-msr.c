// SPDX-License-Identifier: GPL-2.0-only
/*
 * rdmsr/wrmsr from a PV guest kernel: the MSR policy Xen 4.17 applies to
 * PV guests. The FS/GS bases are the guest's own; EFER, APIC_BASE, PAT
 * and a few identification registers read fixed or filtered values; some
 * vendor-specific power and performance registers read as zero and ignore
 * writes; everything else raises #GP(0). As in Xen, a read that would
 * fault is turned into 0 for a guest that has no #GP handler yet, when the
 * hardware itself can read the MSR.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/page-ref.h>
#include <hv/pv-cpu.h>

#define MSR_TSC               0x00000010
#define MSR_PLATFORM_ID       0x00000017
#define MSR_FEATURE_CONTROL   0x0000003a
#define MSR_UCODE_REV         0x0000008b
#define MSR_PLATFORM_INFO     0x000000ce
#define MSR_MPERF             0x000000e7
#define MSR_APERF             0x000000e8
#define MSR_MISC_FEATURES_EN  0x00000140
#define MSR_MCG_CAP           0x00000179
#define MSR_MCG_CTL           0x0000017b
#define MSR_PERF_STATUS       0x00000198
#define MSR_PERF_CTL          0x00000199
#define MSR_THERM_CONTROL     0x0000019a
#define MSR_THERM_STATUS      0x0000019c
#define MSR_MISC_ENABLE       0x000001a0
#define MSR_ENERGY_PERF_BIAS  0x000001b0
#define MSR_PERF_CAPABILITIES 0x00000345
#define MSR_TSC_AUX           0xc0000103
#define MSR_K8_HWCR           0xc0010015
#define MSR_K8_NB_CFG         0xc001001f
#define MSR_K8_PSTATE_FIRST   0xc0010061
#define MSR_K8_PSTATE_LAST    0xc001006b
#define MSR_K7_FID_VID_CTL    0xc0010041
#define MSR_K7_FID_VID_STATUS 0xc0010042

#define XEN_MSR_PAT 0x0000050100070406ULL	/* WB WT UC- UC WC WP UC UC */
#define EFER_KNOWN  (EFER_SCE | EFER_LME | 0x400UL /* LMA */ | EFER_NXE | 0x4000UL /* FFXSR */)
#define MISC_ENABLE_PERF_AVAIL      (1ULL << 7)
#define MISC_ENABLE_BTS_UNAVAIL     (1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL    (1ULL << 12)
#define MISC_ENABLE_MONITOR_ENABLE  (1ULL << 18)
#define MISC_ENABLE_XTPR_DISABLE    (1ULL << 23)

static int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	int rc = 0;

	__asm__ __volatile__("1: rdmsr\n\t"
			     "jmp 3f\n"
			     "2: mov %[fault], %[rc]\n"
			     "3:\n\t"
			     ".pushsection .ex_table, \"a\"\n\t"
			     ".balign 8\n\t"
			     ".quad 1b, 2b\n\t"
			     ".popsection"
			     : "+a"(lo), "+d"(hi), [rc] "+r"(rc)
			     : "c"(msr), [fault] "i"(-EFAULT));
	*val = ((uint64_t)hi << 32) | lo;
	return rc;
}

static bool vendor_is(const char *v12)
{
	uint32_t a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	return !memcmp(&b, v12, 4) && !memcmp(&d, v12 + 4, 4) && !memcmp(&c, v12 + 8, 4);
}

static bool is_intel(void)
{
	return vendor_is("GenuineIntel");
}

static bool is_amd(void)
{
	return vendor_is("AuthenticAMD") || vendor_is("HygonGenuine");
}

static uint64_t guest_efer(void)
{
	return rdmsr(MSR_EFER) & EFER_KNOWN;
}

static uint64_t guest_misc_enable(uint64_t val)
{
	val &= ~(MISC_ENABLE_PERF_AVAIL | MISC_ENABLE_MONITOR_ENABLE);
	return val | MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL |
	       MISC_ENABLE_XTPR_DISABLE;
}

static bool in_mce_range(uint32_t msr)
{
	return (msr >= MSR_MCG_CAP && msr <= MSR_MCG_CTL) ||
	       (msr >= 0x280 && msr <= 0x29f) || (msr >= 0x400 && msr <= 0x47f) ||
	       msr == 0x4d0;
}

static bool amd_pstate_msr(uint32_t msr)
{
	return msr == MSR_K7_FID_VID_CTL || msr == MSR_K7_FID_VID_STATUS ||
	       (msr >= MSR_K8_PSTATE_FIRST && msr <= MSR_K8_PSTATE_LAST);
}

static int read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	*val = 0;
	switch (msr) {
	case MSR_FEATURE_CONTROL:
		if (!is_intel())
			return -EPERM;
		*val = 1;		/* locked, nothing enabled */
		return 0;
	case MSR_PLATFORM_ID:
		return is_intel() && !rdmsr_safe(msr, val) ? 0 : -EPERM;
	case MSR_UCODE_REV:
		return (is_intel() || is_amd()) && !rdmsr_safe(msr, val) ? 0 : -EPERM;
	case MSR_PLATFORM_INFO:		/* no CPUID faulting offered */
	case MSR_MISC_FEATURES_EN:
	case MSR_PERF_CAPABILITIES:
		return 0;
	case MSR_PERF_STATUS:
	case MSR_PERF_CTL:
	case MSR_THERM_STATUS:
		return is_intel() ? 0 : -EPERM;
	case 0x800 ... 0x8ff:		/* x2APIC: not for PV */
		return -EPERM;
	case 0x40000000:		/* the hypercall-page MSR reads as 0 */
		return 0;
	case MSR_TSC_AUX:
		*val = v->arch.pv.tsc_aux;
		return 0;
	case MSR_K8_HWCR:
		return is_amd() ? 0 : -EPERM;
	case MSR_APIC_BASE:
		*val = 0xfee00000ULL | (1ULL << 11) | (v->vcpu_id ? 0 : 1ULL << 8);
		return 0;
	case MSR_FS_BASE:
		*val = rdmsr(MSR_FS_BASE);
		return 0;
	case MSR_GS_BASE:
		*val = rdmsr(MSR_GS_BASE);
		return 0;
	case MSR_SHADOW_GS_BASE:
		*val = rdmsr(MSR_SHADOW_GS_BASE);
		return 0;
	case MSR_TSC:
		*val = rdtsc();
		return 0;
	case MSR_EFER:
		*val = guest_efer();
		return 0;
	case MSR_PAT:
		*val = XEN_MSR_PAT;
		return 0;
	case MSR_K8_NB_CFG:
		return is_amd() ? 0 : -EPERM;
	case MSR_MISC_ENABLE:
		if (rdmsr_safe(msr, val))
			return -EPERM;
		*val = guest_misc_enable(*val);
		return 0;
	default:
		if (in_mce_range(msr))
			return 0;	/* no machine-check banks offered */
		if (amd_pstate_msr(msr))
			return is_amd() ? 0 : -EPERM;
		return -EPERM;
	}
}

int pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	uint64_t tmp;
	int rc = read_msr(v, msr, val);

	/* Old kernels read MSRs before they can take a #GP: give them 0. */
	if (rc && !v->arch.trap_ctxt[X86_EXC_GP].address && (msr >> 16) != 0x4000 &&
	    !rdmsr_safe(msr, &tmp)) {
		gprintk(LOG_WARN, "faking rdmsr %#x\n", msr);
		*val = 0;
		return 0;
	}
	if (rc)
		gprintk(LOG_DEBUG, "rdmsr %#x not available\n", msr);
	return rc;
}

/* Hypercall page through the MSR: one frame of the caller's, made of stubs. */
static int write_hypercall_page(struct vcpu *v, uint64_t val)
{
	unsigned long mfn = val >> PAGE_SHIFT;
	struct page_info *pg;
	uint8_t *p;

	if (val & ~PAGE_MASK || !mfn_valid(mfn))
		return -EPERM;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, v->domain))
		return -EPERM;
	if (!get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EPERM;
	}
	p = mfn_to_virt(mfn);
	memset(p, 0xcc, PAGE_SIZE);
	for (unsigned int i = 0; i < PAGE_SIZE / 32; i++, p += 32) {
		/* push %rcx; push %r11; mov $i, %eax; syscall; pop %r11; pop %rcx; ret */
		static const uint8_t call[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0,
						0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
		/* push %rcx; push %r11; push %rax; mov $23, %eax; syscall */
		static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0,
						0x0f, 0x05 };

		if (i == 23) {
			memcpy(p, iret, sizeof(iret));
			continue;
		}
		memcpy(p, call, sizeof(call));
		p[4] = (uint8_t)i;
	}
	put_page_type(pg);
	put_page(pg);
	return 0;
}

int pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	uint64_t tmp;

	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical(val))
			return -EPERM;
		wrmsr(msr, val);
		if (msr == MSR_SHADOW_GS_BASE)
			v->arch.gs_base_user = val;
		return 0;
	case MSR_EFER:
		/* Linux writes back what it read; nothing may change. */
		return val == guest_efer() ? 0 : -EPERM;
	case MSR_MISC_FEATURES_EN:
		return val ? -EPERM : 0;
	case MSR_UCODE_REV:
		return is_intel() ? 0 : -EPERM;	/* the SDM's "write 0, cpuid, read" */
	case MSR_PERF_CTL:
		return is_intel() ? 0 : -EPERM;
	case 0x40000000:
		return write_hypercall_page(v, val);
	case MSR_TSC_AUX:
		if (val != (uint32_t)val)
			return -EPERM;
		v->arch.pv.tsc_aux = (uint32_t)val;
		return 0;
	case MSR_K8_HWCR:
	case MSR_K8_NB_CFG:
		return is_amd() ? 0 : -EPERM;
	case MSR_MISC_ENABLE:
		/* Only its current value; other values are ignored, as in Xen. */
		return rdmsr_safe(msr, &tmp) ? -EPERM : 0;
	case MSR_MPERF:
	case MSR_APERF:
		return is_intel() || is_amd() ? 0 : -EPERM;
	case MSR_THERM_CONTROL:
	case MSR_ENERGY_PERF_BIAS:
		return is_intel() ? 0 : -EPERM;
	default:
		if (in_mce_range(msr) && msr != MSR_MCG_CAP)
			return 0;
		if (amd_pstate_msr(msr))
			return is_amd() ? 0 : -EPERM;
		gprintk(LOG_DEBUG, "wrmsr %#x = %#lx not available\n", msr, (unsigned long)val);
		return -EPERM;
	}
}
