// SPDX-License-Identifier: GPL-2.0-only
/*
 * The attacker's grant-table checks: of the grantor's entries it may map
 * and copy only the ones whose domid is its own, in the way the entry
 * allows (read-only stays read-only); everything else is refused with
 * Xen's status: an entry for another domain, for dom0, unused, beyond the
 * table, a domain that does not exist, copies by frame of another
 * domain's memory, and the table operations aimed at another domain.
 */
#include "iso.h"
#include "traps.h"

static char map_va[PAGE_SIZE] PAGE_BSS;
static char copy_buf[PAGE_SIZE] PAGE_BSS;

/* One map_grant_ref; returns the status (or the errno + 1000 on rc < 0). */
static int map(uint16_t dom, grant_ref_t ref, uint32_t flags, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (uint64_t)map_va, .flags = GNTMAP_host_map | flags,
		.ref = ref, .dom = dom, .status = 0x5555,
	};
	long rc = hv_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc)
		return (int)(1000 - rc);
	if (h)
		*h = op.handle;
	return op.status;
}

static int unmap(grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = (uint64_t)map_va, .handle = h };
	long rc = hv_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc ? (int)(1000 - rc) : op.status;
}

/* A map that must be refused with `want`; a mapping made anyway is undone. */
static void map_refused(const char *name, uint16_t dom, grant_ref_t ref,
			uint32_t flags, int want)
{
	grant_handle_t h = 0;
	int st = map(dom, ref, flags, &h);

	check(name, st == want, "dom %u ref %u: status %d want %d", dom, ref, st, want);
	if (st == GNTST_okay)
		unmap(h);
}

static int copy(const struct gnttab_copy_ptr *src, const struct gnttab_copy_ptr *dst,
		uint16_t flags)
{
	struct gnttab_copy op = { .source = *src, .dest = *dst, .len = 64,
				  .flags = flags, .status = 0x5555 };
	long rc = hv_grant_table_op(GNTTABOP_copy, &op, 1);

	return rc ? (int)(1000 - rc) : op.status;
}

static void copy_refused(const char *name, struct gnttab_copy_ptr src,
			 struct gnttab_copy_ptr dst, uint16_t flags, int want)
{
	int st = copy(&src, &dst, flags);

	check(name, st == want, "status %d want %d", st, want);
}

static void own_page_mapped(uint16_t self, uint16_t peer)
{
	grant_handle_t h = 0;
	char tag[64];
	struct exinfo ex;
	int st = map(peer, ISO_REF_RO + self, GNTMAP_readonly, &h);

	if (!check("gnt.map_granted_ro", st == GNTST_okay, "status %d", st))
		return;
	iso_page_tag(tag, sizeof(tag), "ro", peer, self);
	check("gnt.granted_page_content", !strcmp(map_va, tag), "'%.40s'", map_va);
	ex = write_safe(map_va, 0x41);
	check("gnt.granted_ro_not_writable", ex.taken && ex.vector == 14 &&
	      (ex.ec & (PFEC_present | PFEC_write)) == (PFEC_present | PFEC_write),
	      "taken %d vector %u error %#lx", ex.taken, ex.vector, ex.ec);
	st = unmap(h);
	check("gnt.unmap_granted", st == GNTST_okay, "status %d", st);
	ex = read_safe(map_va, NULL);
	check("gnt.unmapped_gone", ex.taken && ex.vector == 14, "taken %d", ex.taken);
}

static void mailbox(uint16_t self, uint16_t peer)
{
	grant_handle_t h = 0;
	int st = map(peer, ISO_REF_MBOX + self, 0, &h);

	if (!check("gnt.map_mailbox_rw", st == GNTST_okay, "status %d", st))
		return;
	iso_page_tag(map_va, 64, "written-by", self, peer);
	st = unmap(h);
	check("gnt.unmap_mailbox", st == GNTST_okay, "status %d", st);
}

void attack_gnttab(uint16_t self, uint16_t peer)
{
	uint16_t other = self < ISO_MAX_PEER ? self + 1 : self - 1;
	uint64_t secret = 0, frame = 0;
	struct gnttab_copy_ptr mine = { .domid = DOMID_SELF };
	struct gnttab_copy_ptr granted = { .u.ref = ISO_REF_RO + self, .domid = peer };
	struct gnttab_copy_ptr not_ours = { .u.ref = ISO_REF_RO + other, .domid = peer };
	char tag[64];
	char arg[32];
	int st;

	if (cmdline_get("secret", arg, sizeof(arg)))
		secret = strtoul(arg, NULL, 0);
	mine.u.gmfn = iso_mfn(copy_buf);
	if (iso_unmap_va(map_va))
		panic("freeing the grant-map address");

	own_page_mapped(self, peer);
	map_refused("gnt.map_ro_grant_writable", peer, ISO_REF_RO + self, 0, GNTST_general_error);
	map_refused("gnt.map_other_domains_grant", peer, ISO_REF_RO + other, GNTMAP_readonly,
		    GNTST_general_error);
	map_refused("gnt.map_other_domains_mailbox", peer, ISO_REF_MBOX + other, 0,
		    GNTST_general_error);
	map_refused("gnt.map_dom0s_grant", peer, ISO_REF_DOM0, GNTMAP_readonly,
		    GNTST_general_error);
	map_refused("gnt.map_peer_console_ring", peer, 0, GNTMAP_readonly, GNTST_general_error);
	map_refused("gnt.map_peer_store_ring", peer, 1, GNTMAP_readonly, GNTST_general_error);
	map_refused("gnt.map_unused_entry", peer, 5, GNTMAP_readonly, GNTST_general_error);
	map_refused("gnt.map_beyond_table", peer, 1u << 20, GNTMAP_readonly, GNTST_bad_gntref);
	map_refused("gnt.map_no_such_domain", 1000, ISO_REF_RO + self, GNTMAP_readonly,
		    GNTST_bad_domain);
	map_refused("gnt.map_dom0_entry", 0, 0, GNTMAP_readonly, GNTST_general_error);
	map_refused("gnt.map_own_entry_for_dom0", self, 0, GNTMAP_readonly,
		    GNTST_general_error);
	mailbox(self, peer);

	memset(copy_buf, 0, 64);
	st = copy(&granted, &mine, GNTCOPY_source_gref);
	iso_page_tag(tag, sizeof(tag), "ro", peer, self);
	check("gnt.copy_from_granted", st == GNTST_okay && !memcmp(copy_buf, tag, strlen(tag)),
	      "status %d '%.40s'", st, copy_buf);
	copy_refused("gnt.copy_from_other_domains_grant", not_ours, mine, GNTCOPY_source_gref,
		     GNTST_general_error);
	copy_refused("gnt.copy_into_ro_grant", mine, granted, GNTCOPY_dest_gref,
		     GNTST_general_error);
	copy_refused("gnt.copy_into_other_domains_grant", mine, not_ours, GNTCOPY_dest_gref,
		     GNTST_general_error);
	{
		struct gnttab_copy_ptr dom0s = { .u.ref = ISO_REF_DOM0, .domid = peer };
		struct gnttab_copy_ptr by_frame = { .u.gmfn = secret, .domid = peer };
		struct gnttab_copy_ptr own_frame_claim = { .u.gmfn = secret, .domid = DOMID_SELF };

		copy_refused("gnt.copy_from_dom0s_grant", dom0s, mine, GNTCOPY_source_gref,
			     GNTST_general_error);
		copy_refused("gnt.copy_peer_frame_by_number", by_frame, mine, 0,
			     GNTST_permission_denied);
		copy_refused("gnt.copy_into_peer_frame_by_number", mine, by_frame, 0,
			     GNTST_permission_denied);
		copy_refused("gnt.copy_unowned_frame_as_own", own_frame_claim, mine, 0,
			     GNTST_bad_page);
		copy_refused("gnt.copy_into_unowned_frame_as_own", mine, own_frame_claim, 0,
			     GNTST_bad_page);
	}

	{
		struct gnttab_setup_table s = { .dom = peer, .nr_frames = 1,
						.frame_list = (uint64_t)&frame, .status = 0x5555 };
		struct gnttab_query_size q = { .dom = peer, .status = 0x5555 };
		struct gnttab_get_status_frames g = { .nr_frames = 1, .dom = peer,
						      .status = 0x5555,
						      .frame_list = (uint64_t)&frame };
		struct gnttab_get_version v = { .dom = peer };
		long rc;

		rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
		check("gnt.setup_peers_table", rc == 0 && s.status == GNTST_permission_denied &&
		      frame == 0, "rc %ld status %d frame %#lx", rc, s.status, frame);
		rc = hv_grant_table_op(GNTTABOP_query_size, &q, 1);
		check("gnt.query_peers_size", rc == 0 && q.status == GNTST_permission_denied,
		      "rc %ld status %d", rc, q.status);
		rc = hv_grant_table_op(GNTTABOP_get_status_frames, &g, 1);
		check("gnt.peers_status_frames", rc == 0 && g.status == GNTST_permission_denied &&
		      frame == 0, "rc %ld status %d", rc, g.status);
		rc = hv_grant_table_op(GNTTABOP_get_version, &v, 1);
		check("gnt.peers_version", rc == -EPERM, "rc %ld", rc);
	}
}
