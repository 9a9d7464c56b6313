/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The isolation kernel: two roles booted as domUs by the toolstack.
 * The grantor grants pages, mailboxes and event channels, one of each per
 * possible peer domid, and keeps a page it grants to nobody; the attacker
 * (told the grantor's domid, the secret page's machine frame and the
 * first event port on its command line) checks that only what was
 * granted to it is reachable, through every hypercall that names a frame
 * or another domain. Layout of the grantor's grant references:
 *   ISO_REF_RO + d   read-only page for domain d (1 <= d <= ISO_MAX_PEER)
 *   ISO_REF_MBOX + d writable mailbox for domain d
 *   ISO_REF_DOM0     a writable page granted to domain 0 only
 * and of its event channels: port evbase + d - 1 is unbound for domain d.
 */
#ifndef ISO_H
#define ISO_H

#include "lib.h"
#include "hypercall.h"
#include "gnttab.h"
#include "evtchn.h"
#include "pvcpu.h"

#define ISO_MAX_PEER 48
#define ISO_REF_DOM0 12
#define ISO_REF_RO   16
#define ISO_REF_MBOX (ISO_REF_RO + ISO_MAX_PEER)
#define ISO_NR_REFS  (ISO_REF_MBOX + ISO_MAX_PEER + 1)

#define PAGE_BSS __attribute__((section(".bss.page_aligned"), aligned(4096)))

/* What each granted page starts with: "iso <kind> <granter> <grantee>". */
void iso_page_tag(char *buf, size_t n, const char *kind, unsigned int from,
		  unsigned int to);

/* --- ABI facts beyond the library's (Xen 4.17 numbers) ------------------ */

#define HYPERCALL_mmu_update          1
#define HYPERCALL_memory_op          12
#define HYPERCALL_update_va_mapping_otherdomain 22
#define HYPERCALL_sysctl             35
#define HYPERCALL_domctl             36


#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page     2
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4
#define XENMEM_populate_physmap     6
#define XENMEM_exchange            11

struct iso_reservation {
	uint64_t extent_start, nr_extents;
	uint32_t extent_order, mem_flags;
	uint16_t domid, pad[3];
};

struct iso_exchange {
	struct iso_reservation in, out;
	uint64_t nr_exchanged;
};

struct iso_mmu_update {
	uint64_t ptr, val;
};
#define MMU_NORMAL_PT_UPDATE 0
#define MMU_MACHPHYS_UPDATE  1

#define MMUEXT_PIN_L1_TABLE 0
#define MMUEXT_NEW_BASEPTR  5

#define SCHEDOP_remote_shutdown 4
struct iso_remote_shutdown {
	uint16_t domid, pad;
	uint32_t reason;
};

/* domctl and sysctl, interface version 0x15: header and a zeroed union. */
#define ISO_CTL_VERSION 0x15
struct iso_domctl {
	uint32_t cmd, interface_version;
	uint16_t domain, pad[3];
	uint8_t u[128];
};
struct iso_sysctl {
	uint32_t cmd, interface_version;
	uint8_t u[128];
};
#define DOMCTL_createdomain  1
#define DOMCTL_destroydomain 2
#define DOMCTL_pausedomain   3
#define DOMCTL_getdomaininfo 5
#define SYSCTL_readconsole   1
#define SYSCTL_physinfo      3
#define SYSCTL_getdomaininfolist 6

static inline long iso_memory_op(unsigned long cmd, void *arg)
{
	return hypercall2(HYPERCALL_memory_op, cmd, arg);
}

static inline long iso_mmu_update(const struct iso_mmu_update *req, unsigned int n,
				  unsigned int *done, uint32_t fd)
{
	return hypercall5(HYPERCALL_mmu_update, (unsigned long)req, n,
			  (unsigned long)done, fd, 0);
}

static inline long iso_mmuext(unsigned int cmd, uint64_t arg1, uint32_t fd)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };
	unsigned int done = 0;

	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1,
			  (unsigned long)&done, fd, 0);
}

/* --- shared helpers (main.c) -------------------------------------------- */

/*
 * Our own domid: a PV guest is not told it, but an unbound port allocated
 * for DOMID_SELF records the remote's real id, which status reports.
 */
long iso_self_domid(uint16_t *domid);
/* Our frame pfn -> mfn, and whether a machine frame is one of our pages. */
uint64_t iso_mfn(const void *va);
bool iso_owns_mfn(uint64_t mfn);
/* Point one of our page-aligned VAs at nothing (for grant host maps). */
long iso_unmap_va(void *va);
/* Map our own grant table (setup_table, one frame) at a .bss page. */
struct grant_entry_v1 *iso_own_table(uint64_t *frame);

void iso_grantor(uint16_t self);
void iso_attacker(uint16_t self);
/* The attacker's groups of checks. */
void attack_gnttab(uint16_t self, uint16_t peer);
void attack_memory(uint16_t self, uint16_t peer, uint64_t secret);
void attack_control(uint16_t self, uint16_t peer, uint32_t evbase);
/* Bind the grantor's port offered to us (0 if that fails). */
uint32_t attack_bind(uint16_t self, uint16_t peer, uint32_t evbase);

#endif /* ISO_H */
