// SPDX-License-Identifier: GPL-2.0-only
/*
 * Validation of a PV64 guest's GDT/LDT descriptors; the rules are in
 * hv/lib/segdesc.h. Works on the two 32-bit halves as the hardware lays
 * them out: `lo` (limit 15:0, base 15:0 / gate offset 15:0 and selector)
 * and `hi` (base 23:16, access byte, flags, base 31:24 / gate offset 31:16,
 * DPL, P, type, parameter count).
 */
#include <hv/lib/segdesc.h>

#define SEG_TYPE   (0xfu << 8)
#define SEG_S      (1u << 12)
#define SEG_DPL    (3u << 13)
#define SEG_P      (1u << 15)
#define TYPE_CALL_GATE (0xcu << 8)

static bool gate_target_ok(unsigned int sel)
{
	return (sel >> 3) < SEGDESC_FIRST_RESERVED_ENTRY ||
	       sel == SEGDESC_FLAT_KERNEL_CS || (sel & 4);
}

bool segdesc_check(uint64_t *d)
{
	uint32_t lo = (uint32_t)*d, hi = (uint32_t)(*d >> 32);
	unsigned int sel;

	if (!(hi & SEG_P))
		return true;
	/* Both guest modes run in ring 3: nothing may claim more privilege. */
	hi |= SEG_DPL;
	if (!(hi & SEG_S)) {
		if ((hi & SEG_TYPE) == 0)
			return true;	/* kept unadjusted, as Xen keeps it */
		if ((hi & SEG_TYPE) != TYPE_CALL_GATE)
			return false;
		sel = lo >> 16;
		if (!gate_target_ok(sel))
			return false;
		/*
		 * DPL 0 makes every use of the gate fault, so the hypervisor
		 * sees it; the guest's DPL (now 3) moves into the RPL.
		 */
		hi &= ~SEG_DPL;
		sel = (sel & ~3u) | 3;
		lo = (lo & 0xffffu) | (sel << 16);
		if (hi & 0xffu)
			return false;
	}
	*d = ((uint64_t)hi << 32) | lo;
	return true;
}

size_t segdesc_check_table(uint64_t *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!segdesc_check(&t[i]))
			break;
	return i;
}
