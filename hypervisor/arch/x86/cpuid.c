// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CPUID view of a PV guest, as Xen 4.17 computes its default PV
 * policy: the host's features filtered by the set Xen offers every PV
 * guest by default (the 'A' features of Xen's featureset), with the
 * dependent features of anything hidden hidden too; topology, power and
 * cache leaves cleared or trimmed as Xen does; and a few dynamic
 * adjustments at query time (APIC ID 0, OSXSAVE, and the MTRR and EIST
 * bits that dom0's kernel has always seen). Speculation-control features
 * are hidden because their MSRs are not virtualised here, and XSAVE with
 * everything built on it when the FPU code does not use XSAVE.
 *
 * Leaves 0x40000000-0x40000005 are Xen's hypervisor leaves.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/time.h>
#include <hv/pv-cpu.h>
#include <public/arch-x86/cpuid.h>

/* Feature words, numbered as Xen's featureset. */
enum {
	FS_1D, FS_1C, FS_E1D, FS_E1C, FS_DA1, FS_7B0, FS_7C0, FS_E7D, FS_E8B, FS_7D0,
	FS_7A1, FS_E21A, FS_7B1, FS_7D2, FS_7C1, FS_7D1, FS_NR
};

#define F(w, b) ((w) * 32 + (b))
#define FEAT_DE         F(FS_1D, 2)
#define FEAT_MTRR       F(FS_1D, 12)
#define FEAT_SEP        F(FS_1D, 11)
#define FEAT_EIST       F(FS_1C, 7)
#define FEAT_XSAVE      F(FS_1C, 26)
#define FEAT_FSGSBASE   F(FS_7B0, 0)
#define FEAT_AVX512F    F(FS_7B0, 16)

/* What Xen offers a PV guest by default ('A' in its featureset). */
static const uint32_t pv_default[FS_NR] = {
	[FS_1D] = 0x1fc9cbf5, [FS_1C] = 0xf6d83203, [FS_E1D] = 0xea500800,
	[FS_E1C] = 0x042109e3, [FS_DA1] = 0x00000007, [FS_7B0] = 0xfdaf0b29,
	[FS_7C0] = 0x02405f43, [FS_E7D] = 0, [FS_E8B] = 0x64001005,
	[FS_7D0] = 0xac00441c, [FS_7A1] = 0x00001c30, [FS_E21A] = 0x38000044,
	[FS_7D2] = 0x00000021,
};

/*
 * Hidden here although Xen may offer them: MSR_SPEC_CTRL/PRED_CMD and
 * ARCH_CAPABILITIES (IBRSB, STIBP, SSBD, ARCH_CAPS; IBPB) are not emulated.
 */
static const uint32_t not_emulated[FS_NR] = {
	[FS_7D0] = (1u << 26) | (1u << 27) | (1u << 29) | (1u << 31),
	[FS_E8B] = 1u << 12,
};

/* A feature and the features that need it (Xen's deep dependencies, in part). */
static const struct dep {
	uint16_t feat;
	uint16_t needed_by[14];
} deps[] = {
	{ FEAT_XSAVE, { F(FS_DA1, 0), F(FS_DA1, 1), F(FS_DA1, 2), F(FS_DA1, 3),
			F(FS_1C, 28), F(FS_7B0, 14), F(FS_7C0, 3), F(FS_E1C, 15) } },
	{ F(FS_1C, 28), { F(FS_1C, 12), F(FS_E1C, 16), F(FS_1C, 29), F(FS_7B0, 5),
			  F(FS_E1C, 11) } },					/* AVX */
	{ F(FS_7B0, 5), { FEAT_AVX512F, F(FS_7C0, 9), F(FS_7C0, 10), F(FS_7A1, 4) } },
	{ FEAT_AVX512F, { F(FS_7B0, 17), F(FS_7B0, 21), F(FS_7B0, 26), F(FS_7B0, 27),
			  F(FS_7B0, 28), F(FS_7B0, 30), F(FS_7B0, 31), F(FS_7D0, 2),
			  F(FS_7D0, 3), F(FS_7C0, 11), F(FS_7C0, 14), F(FS_7D0, 8) } },
	{ F(FS_7B0, 30), { F(FS_7C0, 1), F(FS_7C0, 6), F(FS_7C0, 12), F(FS_7A1, 5),
			   F(FS_7D0, 23) } },					/* AVX512BW */
	{ F(FS_7D0, 26), { F(FS_7D0, 27), F(FS_7D0, 31), F(FS_7D2, 0) } },	/* IBRSB */
	{ F(FS_E8B, 12), { F(FS_E8B, 30), F(FS_E21A, 27), F(FS_E21A, 28) } },	/* IBPB */
};

static uint32_t host_fs[FS_NR], pv_fs[FS_NR];
static uint32_t basic_max, extd_max, feat_max_sub;
static bool vendor_amd;
static uint64_t xstate_comps;

static bool test_feat(const uint32_t *fs, unsigned int f)
{
	return fs[f / 32] & (1u << (f % 32));
}

static void clear_feat(uint32_t *fs, unsigned int f)
{
	fs[f / 32] &= ~(1u << (f % 32));
}

bool cpuid_pv_has_de(void)
{
	return test_feat(pv_fs, FEAT_DE);
}

bool cpuid_pv_has_fsgsbase(void)
{
	return test_feat(pv_fs, FEAT_FSGSBASE);
}

bool cpuid_policy_has_xsave(void)
{
	return test_feat(pv_fs, FEAT_XSAVE);
}

static struct cpuid_leaf host_leaf(uint32_t leaf, uint32_t sub)
{
	struct cpuid_leaf r;

	cpuid_count(leaf, sub, &r.a, &r.b, &r.c, &r.d);
	return r;
}

/* Which register of which leaf each feature word is. */
static const struct {
	uint32_t leaf, sub;
	uint8_t reg;	/* 0 a, 1 b, 2 c, 3 d */
} word_src[FS_NR] = {
	[FS_1D] = { 1, 0, 3 }, [FS_1C] = { 1, 0, 2 }, [FS_E1D] = { 0x80000001, 0, 3 },
	[FS_E1C] = { 0x80000001, 0, 2 }, [FS_DA1] = { 0xd, 1, 0 }, [FS_7B0] = { 7, 0, 1 },
	[FS_7C0] = { 7, 0, 2 }, [FS_E7D] = { 0x80000007, 0, 3 },
	[FS_E8B] = { 0x80000008, 0, 1 }, [FS_7D0] = { 7, 0, 3 }, [FS_7A1] = { 7, 1, 0 },
	[FS_E21A] = { 0x80000021, 0, 0 }, [FS_7B1] = { 7, 1, 1 }, [FS_7D2] = { 7, 2, 3 },
	[FS_7C1] = { 7, 1, 2 }, [FS_7D1] = { 7, 1, 3 },
};

static uint32_t *leaf_reg(struct cpuid_leaf *r, unsigned int reg)
{
	return reg == 0 ? &r->a : reg == 1 ? &r->b : reg == 2 ? &r->c : &r->d;
}

static bool leaf_present(uint32_t leaf)
{
	return leaf >= 0x80000000 ? leaf <= extd_max : leaf <= basic_max;
}

void cpuid_policy_init(void)
{
	struct cpuid_leaf r = host_leaf(0, 0);
	bool changed;

	vendor_amd = r.b == 0x68747541 || r.b == 0x6f677948;	/* AMD, Hygon */
	basic_max = min(r.a, 0xdu);
	if (basic_max >= 7)
		feat_max_sub = min(host_leaf(7, 0).a, 2u);
	r = host_leaf(0x80000000, 0);
	extd_max = min(r.a, vendor_amd ? 0x80000021u : 0x80000008u);
	for (unsigned int w = 0; w < FS_NR; w++) {
		struct cpuid_leaf l;

		if (!leaf_present(word_src[w].leaf))
			continue;
		if (word_src[w].leaf == 7 && word_src[w].sub > feat_max_sub)
			continue;
		l = host_leaf(word_src[w].leaf, word_src[w].sub);
		host_fs[w] = *leaf_reg(&l, word_src[w].reg);
		pv_fs[w] = host_fs[w] & pv_default[w] & ~not_emulated[w];
	}
	/* x87 error-pointer behaviour follows the host. */
	pv_fs[FS_7B0] |= host_fs[FS_7B0] & ((1u << 6) | (1u << 13));
	pv_fs[FS_1C] |= 1u << 31;				/* HYPERVISOR */
	/* AMD: no SYSENTER in long mode (Xen clears it from its own view). */
	if (vendor_amd)
		clear_feat(pv_fs, FEAT_SEP);
	if (!fpu_xsave_enabled())
		clear_feat(pv_fs, FEAT_XSAVE);
	if (!(fpu_xcr0_max() & (1ULL << 5)))
		clear_feat(pv_fs, FEAT_AVX512F);
	do {
		changed = false;
		for (unsigned int i = 0; i < ARRAY_SIZE(deps); i++) {
			if (test_feat(pv_fs, deps[i].feat))
				continue;
			for (unsigned int j = 0; j < ARRAY_SIZE(deps[i].needed_by); j++) {
				unsigned int f = deps[i].needed_by[j];

				if (f && test_feat(pv_fs, f)) {
					clear_feat(pv_fs, f);
					changed = true;
				}
			}
		}
	} while (changed);
	xstate_comps = test_feat(pv_fs, FEAT_XSAVE) ? 3 : 0;
	if (test_feat(pv_fs, F(FS_1C, 28)))
		xstate_comps |= 1ULL << 2;
	if (test_feat(pv_fs, FEAT_AVX512F))
		xstate_comps |= 0xe0;
}

/* Xen's leaves: signature, version, hypercall page, time, HVM, PV. */
static void hypervisor_leaves(const struct vcpu *v, uint32_t idx, uint32_t sub,
			      struct cpuid_leaf *r)
{
	(void)v;
	switch (idx) {
	case 0:
		r->a = XEN_CPUID_FIRST_LEAF + XEN_CPUID_MAX_NUM_LEAVES;
		r->b = XEN_CPUID_SIGNATURE_EBX;
		r->c = XEN_CPUID_SIGNATURE_ECX;
		r->d = XEN_CPUID_SIGNATURE_EDX;
		break;
	case 1:
		r->a = (4 << 16) | 17;	/* the interface version, as xen_version */
		break;
	case 2:
		r->a = 1;		/* hypercall pages */
		r->b = 0x40000000;	/* the hypercall-page MSR */
		r->c = XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD;
		break;
	case 3:
		/* Native TSC: no emulation, no offset, no scaling for the guest. */
		if (sub == 0)
			r->a = (host_fs[FS_E7D] & (1u << 8) ? 2 : 0) |
			       (host_fs[FS_E1D] & (1u << 27) ? 4 : 0);
		else if (sub == 2)
			r->a = (uint32_t)cpu_khz;
		break;
	case 4:			/* HVM only */
		break;
	case 5:
		if (sub == 0)
			r->b = (uint32_t)(64 - __builtin_clzl(max_page - 1)) + PAGE_SHIFT;
		break;
	}
}

static void xstate_leaf(uint32_t sub, struct cpuid_leaf *r)
{
	struct cpuid_leaf h;

	*r = (struct cpuid_leaf){ 0 };
	if (!xstate_comps)
		return;
	if (sub == 0) {
		h = host_leaf(0xd, 0);		/* EBX follows the vCPU's XCR0, loaded */
		r->a = (uint32_t)xstate_comps;
		r->b = h.b;
		/* Largest area: the end of the highest component offered. */
		for (unsigned int i = 2; i < 8; i++)
			if (xstate_comps & (1ULL << i)) {
				h = host_leaf(0xd, i);
				r->c = max(r->c, h.a + h.b);
			}
		r->c = max(r->c, 576u);
		return;
	}
	if (sub == 1) {
		r->a = pv_fs[FS_DA1];
		if (r->a & 2)			/* XSAVEC: compacted size, current XCR0 */
			r->b = host_leaf(0xd, 1).b;
		return;
	}
	if (sub < 63 && (xstate_comps & (1ULL << sub)) && sub >= 2) {
		h = host_leaf(0xd, sub);
		r->a = h.a;
		r->b = h.b;
		r->c = h.c & 2;			/* alignment; no supervisor states */
	}
}

void pv_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t sub, bool forced,
	      struct cpuid_leaf *r)
{
	bool hwdom_kernel = v->domain->is_privileged && guest_kernel_mode(v);
	struct cpuid_leaf h;

	*r = (struct cpuid_leaf){ 0 };
	if (leaf >= 0x40000000 && leaf <= 0x400001ff) {
		if (leaf - XEN_CPUID_FIRST_LEAF <= XEN_CPUID_MAX_NUM_LEAVES)
			hypervisor_leaves(v, leaf - 0x40000000, sub, r);
		return;
	}
	if (leaf >= 0x80000000 ? leaf > extd_max : leaf > basic_max)
		return;
	h = host_leaf(leaf, sub);
	switch (leaf) {
	case 0:
		*r = h;
		r->a = basic_max;
		break;
	case 1:
		r->a = h.a & 0x0fff0fff;
		r->b = h.b & 0x00ffffff;	/* APIC ID 0 */
		r->c = pv_fs[FS_1C];
		r->d = pv_fs[FS_1D];
		/*
		 * OSXSAVE: the guest's CR4, or, for its kernel asking through
		 * the forced path, the hypervisor's (a leak Linux relies on).
		 */
		if ((v->arch.pv.cr4 & 0x40000UL) ||
		    (forced && guest_kernel_mode(v) && cpuid_policy_has_xsave()))
			r->c |= 1u << 27;
		if (hwdom_kernel && test_feat(host_fs, FEAT_EIST))
			r->c |= 1u << 7;
		if (hwdom_kernel && test_feat(host_fs, FEAT_MTRR))
			r->d |= 1u << 12;
		break;
	case 2:
		if (!vendor_amd)
			*r = h, r->a = (h.a & ~0xffu) | 1;
		break;
	case 4:
		if (!vendor_amd && (h.a & 0x1f) >= 1 && (h.a & 0x1f) <= 3) {
			r->a = h.a & 0xffffc3ff;
			r->b = h.b;
			r->c = h.c;
			r->d = h.d & 7;
		}
		break;
	case 7:
		if (sub == 0) {
			r->a = feat_max_sub;
			r->b = pv_fs[FS_7B0];
			r->c = pv_fs[FS_7C0];
			r->d = pv_fs[FS_7D0];
		} else if (sub == 1 && feat_max_sub >= 1) {
			r->a = pv_fs[FS_7A1];
			r->b = pv_fs[FS_7B1];
			r->c = pv_fs[FS_7C1];
			r->d = pv_fs[FS_7D1];
		} else if (sub == 2 && feat_max_sub >= 2) {
			r->d = pv_fs[FS_7D2];
		}
		break;
	case 0xd:
		xstate_leaf(sub, r);
		break;
	case 0x80000000:
		*r = h;
		r->a = extd_max;
		if (!vendor_amd)
			r->b = r->c = r->d = 0;
		break;
	case 0x80000001:
		if (vendor_amd) {
			r->a = host_leaf(1, 0).a & 0x0fff0fff;
			r->b = h.b & 0xff00ffff;
		}
		r->c = pv_fs[FS_E1C];
		r->d = pv_fs[FS_E1D];
		if (vendor_amd)	/* the features shared with leaf 1 mirror it */
			r->d = (r->d & ~0x0183f3ffu) | (pv_fs[FS_1D] & 0x0183f3ffu);
		if (hwdom_kernel && test_feat(host_fs, FEAT_MTRR))
			r->d |= 1u << 12;
		break;
	case 0x80000002: case 0x80000003: case 0x80000004:
		*r = h;				/* brand string */
		break;
	case 0x80000005:
		if (vendor_amd)
			*r = h;
		break;
	case 0x80000006:
		*r = h;
		if (!vendor_amd)
			r->a = r->b = r->d = 0;
		break;
	case 0x80000007:
		r->d = pv_fs[FS_E7D];
		if (v->domain->is_privileged)	/* dom0 gets invariant TSC if present */
			r->d |= host_fs[FS_E7D] & (1u << 8);
		break;
	case 0x80000008:
		r->a = (h.a & 0xff) | (48u << 8);
		r->b = pv_fs[FS_E8B];
		if (vendor_amd)
			r->c = h.c & 0x0003f0ff;
		break;
	case 0x80000009: case 0x8000000a: case 0x80000019:
		break;			/* no SVM, no 1 GiB pages for PV */
	case 0x80000021:
		r->a = pv_fs[FS_E21A];
		break;
	default:
		if (vendor_amd && leaf > 0x80000009)
			*r = h;		/* AMD's further leaves pass through, as in Xen */
		/* Power, topology, SVM and the rest: not for PV guests. */
		break;
	}
}
