// SPDX-License-Identifier: GPL-2.0-only
/*
 * The attacker's memory checks: no hypercall lets it map, pin, type,
 * free, exchange or renumber a machine frame it does not own (the
 * grantor's secret page, whose frame number it was told), or act on the
 * grantor's memory or page tables through a foreign-domain argument. Then
 * a sweep over machine memory: every frame that is not ours is refused
 * when we try to map it read-only (Xen: -EBUSY for RAM of another owner
 * or free, -EPERM for device memory).
 */
#include "iso.h"

static char probe[PAGE_SIZE] PAGE_BSS;

static uint64_t probe_pte(void)
{
	return (iso_mfn(probe) << 12) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
	       _PAGE_DIRTY;
}

/* Map `mfn` at the probe page; puts our own frame back if it worked. */
static long probe_map(uint64_t mfn, uint64_t flags)
{
	long rc = hv_update_va_mapping((unsigned long)probe, (mfn << 12) | flags,
				       UVMF_INVLPG);

	if (!rc)
		hv_update_va_mapping((unsigned long)probe, probe_pte(), UVMF_INVLPG);
	return rc;
}

static long reservation(unsigned int op, uint16_t dom, uint64_t *frames)
{
	struct iso_reservation r = { .extent_start = (uint64_t)frames, .nr_extents = 1,
				     .domid = dom };

	return iso_memory_op(op, &r);
}

static void frame_ops(uint16_t peer, uint64_t secret)
{
	uint64_t pte_maddr = 0, m2p_before = TK_M2P[secret];
	struct iso_mmu_update u;
	unsigned int done = 77;
	unsigned long gdt = secret;
	long rc;

	check_eq("mem.map_secret_rw", (uint64_t)probe_map(secret, _PAGE_PRESENT | _PAGE_RW),
		 (uint64_t)-EBUSY);
	check_eq("mem.map_secret_ro", (uint64_t)probe_map(secret, _PAGE_PRESENT),
		 (uint64_t)-EBUSY);
	if (!tk_l1e((uint64_t)probe, &pte_maddr))
		panic("no L1 entry for the probe page");
	u.ptr = pte_maddr | MMU_NORMAL_PT_UPDATE;
	u.val = (secret << 12) | _PAGE_PRESENT;
	rc = iso_mmu_update(&u, 1, &done, DOMID_SELF);
	check("mem.mmu_update_secret", rc == -EBUSY && done == 0, "rc %ld done %u", rc, done);
	done = 77;
	rc = iso_mmu_update(&u, 1, &done, peer);
	check("mem.mmu_update_as_peer", rc == -EPERM && done == 0, "rc %ld done %u", rc, done);
	done = 77;
	rc = iso_mmu_update(&u, 1, &done, ((uint32_t)(peer + 1) << 16) | DOMID_SELF);
	check("mem.mmu_update_peers_tables", rc == -EPERM && done == 0, "rc %ld done %u", rc,
	      done);
	u.ptr = (secret << 12) | MMU_MACHPHYS_UPDATE;
	u.val = 0;
	rc = iso_mmu_update(&u, 1, &done, DOMID_SELF);
	check("mem.machphys_update_secret", rc == -EINVAL && TK_M2P[secret] == m2p_before,
	      "rc %ld m2p %#lx -> %#lx", rc, m2p_before, TK_M2P[secret]);
	hv_update_va_mapping((unsigned long)probe, probe_pte(), UVMF_INVLPG);
	rc = hypercall5(HYPERCALL_update_va_mapping_otherdomain, (unsigned long)probe,
			(secret << 12) | _PAGE_PRESENT, UVMF_INVLPG, peer, 0);
	check_eq("mem.update_va_mapping_otherdomain", (uint64_t)rc, (uint64_t)-EPERM);
	hv_update_va_mapping((unsigned long)probe, probe_pte(), UVMF_INVLPG);
	check_eq("mem.pin_secret_as_l1", (uint64_t)iso_mmuext(MMUEXT_PIN_L1_TABLE, secret,
							       DOMID_SELF), (uint64_t)-EINVAL);
	check_eq("mem.pin_as_peer", (uint64_t)iso_mmuext(MMUEXT_PIN_L1_TABLE, secret, peer),
		 (uint64_t)-EPERM);
	check_eq("mem.new_baseptr_secret", (uint64_t)iso_mmuext(MMUEXT_NEW_BASEPTR, secret,
								 DOMID_SELF), (uint64_t)-EINVAL);
	check_eq("mem.set_gdt_secret", (uint64_t)hv_set_gdt(&gdt, 512), (uint64_t)-EINVAL);
	check_eq("mem.update_descriptor_secret",
		 (uint64_t)hv_update_descriptor(secret << 12, 0), (uint64_t)-EINVAL);
	{
		uint64_t f = secret;

		check_eq("mem.decrease_secret", (uint64_t)reservation(XENMEM_decrease_reservation,
								     DOMID_SELF, &f), 0);
	}
	{
		uint64_t in = secret, out = 0;
		struct iso_exchange x = {
			.in = { .extent_start = (uint64_t)&in, .nr_extents = 1, .domid = DOMID_SELF },
			.out = { .extent_start = (uint64_t)&out, .nr_extents = 1,
				 .domid = DOMID_SELF },
		};

		rc = iso_memory_op(XENMEM_exchange, &x);
		check("mem.exchange_secret", rc == -EINVAL && x.nr_exchanged == 0,
		      "rc %ld exchanged %lu", rc, x.nr_exchanged);
	}
}

static void peer_reservations(uint16_t peer, uint64_t secret)
{
	uint64_t f = secret;
	uint16_t d = peer;
	long rc;

	/* Refused as an unknown domain would be: no extent done, no errno. */
	check_eq("mem.increase_peer", (uint64_t)reservation(XENMEM_increase_reservation, peer,
							    &f), 0);
	f = 0;
	check_eq("mem.populate_peer", (uint64_t)reservation(XENMEM_populate_physmap, peer, &f),
		 0);
	f = secret;
	check_eq("mem.decrease_peer", (uint64_t)reservation(XENMEM_decrease_reservation, peer,
							    &f), 0);
	check_eq("mem.peer_current_reservation",
		 (uint64_t)iso_memory_op(XENMEM_current_reservation, &d), (uint64_t)-EPERM);
	check_eq("mem.peer_maximum_reservation",
		 (uint64_t)iso_memory_op(XENMEM_maximum_reservation, &d), (uint64_t)-EPERM);
	d = DOMID_SELF;
	rc = iso_memory_op(XENMEM_current_reservation, &d);
	check("mem.own_current_reservation", rc > 0 && (uint64_t)rc <= start_info->nr_pages + 64,
	      "%ld pages", rc);
	{
		uint64_t in = iso_mfn(probe), out = 0;
		struct iso_exchange x = {
			.in = { .extent_start = (uint64_t)&in, .nr_extents = 1, .domid = peer },
			.out = { .extent_start = (uint64_t)&out, .nr_extents = 1, .domid = peer },
		};

		rc = iso_memory_op(XENMEM_exchange, &x);
		check("mem.exchange_with_peer", rc == -EPERM && x.nr_exchanged == 0,
		      "rc %ld exchanged %lu", rc, x.nr_exchanged);
	}
}

/*
 * Frames of ours that are not in our pseudo-physical map: shared_info
 * and the grant-table frame (the hypervisor's pages, shared with us).
 */
static bool ours_outside_p2m(uint64_t mfn, uint64_t gt_frame)
{
	return mfn == start_info->shared_info >> 12 || mfn == gt_frame;
}

/* What the sweep saw: refusals by errno, and any frame that mapped. */
struct tally {
	unsigned long tried, ebusy, eperm, other, mapped;
	uint64_t first_mapped, first_other;
	long other_rc;
};

/* Try one frame; -EBUSY is a right answer only for RAM. */
static void try_frame(struct tally *t, uint64_t mfn, bool ram)
{
	long rc = probe_map(mfn, _PAGE_PRESENT);

	t->tried++;
	if (rc == -EBUSY && ram)
		t->ebusy++;
	else if (rc == -EPERM)
		t->eperm++;
	else if (rc == 0) {
		if (!t->mapped++)
			t->first_mapped = mfn;
	} else if (!t->other++) {
		t->first_other = mfn;
		t->other_rc = rc;
	}
}

static void sweep(uint64_t gt_frame)
{
	long max = iso_memory_op(XENMEM_maximum_ram_page, NULL);
	struct tally t = { 0 };

	if (!check("mem.maximum_ram_page", max > 0, "%ld", max))
		return;
	/* Every third frame of RAM and just above it, then the device window
	 * below 4 GiB (local APIC, I/O APIC, firmware) at every 16th frame. */
	for (uint64_t mfn = 0; mfn < (uint64_t)max + 0x40; mfn += 3) {
		if (mfn < (uint64_t)max && (iso_owns_mfn(mfn) || ours_outside_p2m(mfn, gt_frame)))
			continue;
		try_frame(&t, mfn, true);
	}
	for (uint64_t mfn = 0xfe000; mfn < 0x100000; mfn += 16)
		try_frame(&t, mfn, false);
	check("mem.sweep_nothing_mapped", t.mapped == 0 && t.tried > 1000,
	      "%lu frames tried, %lu mapped (first %#lx)", t.tried, t.mapped, t.first_mapped);
	check("mem.sweep_errnos", t.other == 0 && t.ebusy > 0 && t.eperm > 0,
	      "EBUSY %lu EPERM %lu other %lu (first %#lx: %ld)", t.ebusy, t.eperm, t.other,
	      t.first_other, t.other_rc);
}

void attack_memory(uint16_t self, uint16_t peer, uint64_t secret)
{
	uint64_t gt_frame = 0;

	(void)self;
	if (!check("mem.secret_not_ours", secret && !iso_owns_mfn(secret), "mfn %#lx", secret))
		return;
	if (!iso_own_table(&gt_frame))
		panic("mapping our own grant table");
	frame_ops(peer, secret);
	peer_reservations(peer, secret);
	sweep(gt_frame);
}
