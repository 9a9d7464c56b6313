// SPDX-License-Identifier: GPL-2.0-only
/*
 * The attacker: runs the grant, memory and control checks against the
 * grantor named on its command line, then maps its read-only page once
 * more and keeps it mapped (the toolstack test destroys the grantor while
 * we hold it), binds the event channel offered to us and signals the
 * grantor, which then checks what we left behind.
 */
#include "iso.h"

static char held_va[PAGE_SIZE] PAGE_BSS;

static bool arg_u64(const char *key, uint64_t *val)
{
	char buf[32];

	if (!cmdline_get(key, buf, sizeof(buf)))
		return false;
	*val = strtoul(buf, NULL, 0);
	return true;
}

static void hold_ro_grant(uint16_t self, uint16_t peer)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (uint64_t)held_va, .flags = GNTMAP_host_map | GNTMAP_readonly,
		.ref = ISO_REF_RO + self, .dom = peer,
	};
	char tag[64];
	long rc;

	iso_unmap_va(held_va);
	rc = hv_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
	iso_page_tag(tag, sizeof(tag), "ro", peer, self);
	check("iso.hold_ro_grant", rc == 0 && op.status == GNTST_okay && !strcmp(held_va, tag),
	      "rc %ld status %d", rc, op.status);
}

void iso_attacker(uint16_t self)
{
	uint64_t peer = 0, secret = 0, evbase = 0;
	uint32_t port;

	if (!check("iso.attacker_args", arg_u64("peer", &peer) && arg_u64("secret", &secret) &&
		   arg_u64("evbase", &evbase) && peer && peer != self && evbase,
		   "peer %lu secret %#lx evbase %lu", peer, secret, evbase))
		return;
	attack_gnttab(self, (uint16_t)peer);
	attack_memory(self, (uint16_t)peer, secret);
	attack_control(self, (uint16_t)peer, (uint32_t)evbase);
	hold_ro_grant(self, (uint16_t)peer);
	port = attack_bind(self, (uint16_t)peer, (uint32_t)evbase);
	if (port)
		check_eq("iso.signal_grantor", (uint64_t)ev_send(port), 0);
}
