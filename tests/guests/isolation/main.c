// SPDX-License-Identifier: GPL-2.0-only
/*
 * isolation: what one domU can reach of another, booted as two domUs by
 * the toolstack (tests/dom0/scenarios/toolstack-create; the roles and the
 * grant layout are in iso.h). Command line: "role=grantor" or
 * "role=attacker peer=<domid> secret=<mfn> evbase=<port>"; "linger" keeps
 * the domain alive after its RESULT line (the scenario destroys it).
 */
#include "iso.h"

const char test_kernel_name[] = "isolation";

void iso_page_tag(char *buf, size_t n, const char *kind, unsigned int from,
		  unsigned int to)
{
	snprintf(buf, n, "iso %s %u %u", kind, from, to);
}

long iso_self_domid(uint16_t *domid)
{
	struct evtchn_status st = { .dom = DOMID_SELF };
	uint32_t port;
	long rc = ev_alloc_unbound(DOMID_SELF, &port);

	if (rc)
		return rc;
	st.port = port;
	rc = ev_status(port, &st);
	ev_close(port);
	if (rc)
		return rc;
	if (st.status != EVTCHNSTAT_unbound)
		return -EINVAL;
	*domid = st.u.unbound.dom;
	return 0;
}

uint64_t iso_mfn(const void *va)
{
	return tk_virt_to_mfn(va);
}

bool iso_owns_mfn(uint64_t mfn)
{
	uint64_t pfn = TK_M2P[mfn];

	return pfn < start_info->nr_pages &&
	       ((const uint64_t *)start_info->mfn_list)[pfn] == mfn;
}

long iso_unmap_va(void *va)
{
	return hv_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG);
}

static char own_table_page[PAGE_SIZE] PAGE_BSS;

struct grant_entry_v1 *iso_own_table(uint64_t *frame)
{
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1,
					.frame_list = (uint64_t)frame };
	uint64_t pte;

	if (hv_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status)
		return NULL;
	pte = (*frame << 12) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	if (hv_update_va_mapping((unsigned long)own_table_page, pte, UVMF_INVLPG))
		return NULL;
	return (struct grant_entry_v1 *)own_table_page;
}

void test_main(void)
{
	char role[16];
	uint16_t self = 0;
	long rc;

	if (start_info->flags & SIF_INITDOMAIN) {
		test_fail("iso.domu", "booted as the control domain: run as a domU");
		return;
	}
	rc = iso_self_domid(&self);
	if (!check("iso.self_domid", rc == 0 && self > 0 && self < DOMID_FIRST_RESERVED,
		   "rc %ld domid %u", rc, self))
		return;
	if (!check("iso.domid_in_layout", self <= ISO_MAX_PEER, "domid %u, layout up to %u",
		   self, ISO_MAX_PEER))
		return;
	if (!cmdline_get("role", role, sizeof(role)))
		role[0] = '\0';
	if (!strcmp(role, "grantor"))
		iso_grantor(self);
	else if (!strcmp(role, "attacker"))
		iso_attacker(self);
	else
		test_fail("iso.role", "role '%s': want grantor or attacker", role);
}
