// SPDX-License-Identifier: GPL-2.0-only
/*
 * The grantor: grants, per possible peer domid d, a read-only page
 * (ISO_REF_RO + d), a writable mailbox (ISO_REF_MBOX + d) and an unbound
 * event channel (evbase + d - 1); grants one page to domain 0 only and
 * keeps a secret page it grants to nobody. It prints what the attacker
 * needs ("ISO grantor ..."), waits for an event from a peer, then checks
 * what that peer left behind: its mailbox written, the secret untouched,
 * only the read-only grant it still maps in use, every other entry idle.
 */
#include "iso.h"

static char ro_pages[ISO_MAX_PEER + 1][PAGE_SIZE] PAGE_BSS;
static char mailboxes[ISO_MAX_PEER + 1][PAGE_SIZE] PAGE_BSS;
static char dom0_page[PAGE_SIZE] PAGE_BSS;
static char secret_page[PAGE_SIZE] PAGE_BSS;

static uint32_t ports[ISO_MAX_PEER + 1];

static void grant(struct grant_entry_v1 *gt, grant_ref_t ref, const void *page,
		  uint16_t domid, uint16_t flags)
{
	gt[ref].domid = domid;
	gt[ref].frame = (uint32_t)iso_mfn(page);
	asm volatile("" ::: "memory");
	gt[ref].flags = GTF_permit_access | flags;
}

static void fill_secret(uint16_t self)
{
	for (size_t i = 0; i < PAGE_SIZE; i += 64)
		iso_page_tag(secret_page + i, 64, "secret", self, (unsigned int)i);
}

static bool secret_intact(uint16_t self)
{
	char want[64];

	for (size_t i = 0; i < PAGE_SIZE; i += 64) {
		memset(want, 0, sizeof(want));
		iso_page_tag(want, sizeof(want), "secret", self, (unsigned int)i);
		if (memcmp(secret_page + i, want, sizeof(want)))
			return false;
	}
	return true;
}

/* Wait (two minutes at most) for an event on one of the peers' ports. */
static unsigned int wait_for_peer(void)
{
	uint64_t end = now_ns() + 120000000000ULL;

	while (now_ns() < end) {
		for (unsigned int d = 1; d <= ISO_MAX_PEER; d++)
			if (ev_2l_pending(ports[d]))
				return d;
		hv_poll(&ports[1], ISO_MAX_PEER, now_ns() + 100000000ULL);
	}
	return 0;
}

void iso_grantor(uint16_t self)
{
	struct grant_entry_v1 *gt;
	uint64_t frame = 0;
	unsigned int d, contiguous = 1, busy = 0;
	char tag[64];
	long rc = 0;

	gt = iso_own_table(&frame);
	if (!check("grantor.own_table", gt != NULL, "frame %#lx", frame))
		return;
	/* Entries 0 and 1: the console and xenstore rings, granted to dom0 by the builder. */
	check("grantor.seeded_console", (gt[0].flags & 3) == GTF_permit_access &&
	      gt[0].domid == 0 && gt[0].frame == start_info->console.domU.mfn,
	      "flags %#x domid %u frame %#x", gt[0].flags, gt[0].domid, gt[0].frame);
	check("grantor.seeded_store", (gt[1].flags & 3) == GTF_permit_access &&
	      gt[1].domid == 0 && gt[1].frame == start_info->store_mfn,
	      "flags %#x domid %u frame %#x", gt[1].flags, gt[1].domid, gt[1].frame);

	fill_secret(self);
	iso_page_tag(dom0_page, 64, "dom0", self, 0);
	grant(gt, ISO_REF_DOM0, dom0_page, 0, 0);
	for (d = 1; d <= ISO_MAX_PEER; d++) {
		iso_page_tag(ro_pages[d], 64, "ro", self, d);
		grant(gt, ISO_REF_RO + d, ro_pages[d], (uint16_t)d, GTF_readonly);
		grant(gt, ISO_REF_MBOX + d, mailboxes[d], (uint16_t)d, 0);
		if (!rc)
			rc = ev_alloc_unbound((uint16_t)d, &ports[d]);
		if (d > 1 && ports[d] != ports[d - 1] + 1)
			contiguous = 0;
	}
	check("grantor.ports", rc == 0 && contiguous, "rc %ld, ports %u..%u", rc,
	      ports[1], ports[ISO_MAX_PEER]);
	printf("ISO grantor domid=%u secret=%#lx evbase=%u\n", self,
	       iso_mfn(secret_page), ports[1]);

	d = wait_for_peer();
	if (!check("grantor.peer_signalled", d != 0 && d != self, "peer %u", d))
		return;
	iso_page_tag(tag, sizeof(tag), "written-by", d, self);
	check("grantor.mailbox_written", !strcmp(mailboxes[d], tag), "'%.40s'", mailboxes[d]);
	for (unsigned int e = 1; e <= ISO_MAX_PEER; e++)
		if (e != d && mailboxes[e][0])
			busy++;
	check("grantor.other_mailboxes_clean", busy == 0, "%u written", busy);
	check("grantor.secret_intact", secret_intact(self), NULL);
	iso_page_tag(tag, sizeof(tag), "dom0", self, 0);
	check("grantor.dom0_page_intact", !strcmp(dom0_page, tag), NULL);
	/* The peer keeps its read-only map of its page: reading, not writing. */
	check("grantor.ro_grant_held", (gt[ISO_REF_RO + d].flags &
					(GTF_reading | GTF_writing)) == GTF_reading,
	      "flags %#x", gt[ISO_REF_RO + d].flags);
	busy = 0;
	for (grant_ref_t r = 2; r < ISO_NR_REFS; r++)
		if (r != ISO_REF_RO + d && (gt[r].flags & (GTF_reading | GTF_writing)))
			busy++;
	check("grantor.other_entries_idle", busy == 0, "%u in use", busy);
	{
		struct evtchn_status st;

		rc = ev_status(ports[d], &st);
		check("grantor.port_bound_by_peer", rc == 0 &&
		      st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == d,
		      "rc %ld status %u dom %u", rc, st.status, st.u.interdomain.dom);
		rc = ev_status(ports[d == 1 ? 2 : d - 1], &st);
		check("grantor.other_ports_unbound", rc == 0 &&
		      st.status == EVTCHNSTAT_unbound, "rc %ld status %u", rc, st.status);
	}
}
