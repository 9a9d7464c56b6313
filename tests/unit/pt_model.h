/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A model around the page-type state machine (arch/x86/mm/page-ref.c and
 * pt-validate.c, built for the host by hv_mm.c), shared by
 * test_page_types.c and fuzz/fuzz_page_types.c.
 *
 * Machine: PTM_NR_FRAMES frames of 4 KiB in a host array, a frame table
 * from page_alloc.c, two domains.
 *   mfn  0..63  the domain under test (domid 1), allocated by
 *               alloc_domheap_pages() at start, in mfn order;
 *   mfn 64..67  a second domain (domid 2): "foreign" frames;
 *   mfn 68, 69  hypervisor frames (reserved), where the hypervisor's L4
 *               slots (init_guest_l4_slots() stub) point;
 *   mfn 70      a hypervisor heap page shared with the domain, as
 *               shared_info is (share_xen_page_with_guest()): PGC_xen_heap,
 *               one general and one permanent writable-type reference;
 *   mfn 71      device memory (reserved + iomem);
 *   mfn >= 72   not RAM (mfn_valid() false).
 *
 * Operations, each as the hypervisor's callers do it:
 *   WRITE   an entry through the checked path: pt_update() of
 *           pv/mmu-update.c, with pv_mod_entry() of pv/mm.c around
 *           get_page_from_entry()/put_page_from_entry(); or a plain write
 *           when the frame is not a validated table;
 *   PIN     / UNPIN as Ln, as pin_table()/unpin_table() of pv/mmuext.c;
 *   MAP     get_page_from_l1e() of an entry kept outside any table (a
 *           mapping the model holds, e.g. a grant's), UNMAP via DROP;
 *   HOLD    get_page_and_type() (CR3, GDT frame, writable_frame()), DROP;
 *   RELEASE domain_release_page(), with decrease_reservation's checks;
 *   ALLOC   alloc_domheap_pages(d, 0).
 *
 * After an operation, ptm_check() recounts every frame's references from
 * the contents of the validated tables and the model's own records (pins,
 * held references, allocation) and compares: see pt_model.c.
 */
#ifndef UNIT_PT_MODEL_H
#define UNIT_PT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTM_DOM_FRAMES     64
#define PTM_FOREIGN_FIRST  64
#define PTM_FOREIGN_FRAMES 4
#define PTM_HV_FIRST       68	/* 68, 69: hypervisor frames */
#define PTM_SHARED_MFN     70
#define PTM_IOMEM_MFN      71
#define PTM_NR_FRAMES      72
#define PTM_MAX_HELD       32

/* Frame selectors of encoded operations beyond the frame table. */
#define PTM_SEL_NOT_RAM    72	/* mfn 72: just past the table */
#define PTM_SEL_APIC       73	/* mfn 0xfee00: never mappable */
#define PTM_SEL_DEVICE     74	/* mfn 0x100000: device memory (privileged only) */
#define PTM_NR_SEL         75

enum ptm_code {
	PTM_WRITE,
	PTM_PIN,
	PTM_UNPIN,
	PTM_MAP,
	PTM_HOLD,
	PTM_DROP,
	PTM_RELEASE,
	PTM_ALLOC,
	PTM_NR_CODES,
};

/* Held-reference types for PTM_HOLD (arg % PTM_NR_HOLD_TYPES). */
#define PTM_NR_HOLD_TYPES 6	/* writable, L1, L2, L3, L4, seg_desc */

struct ptm_op {
	enum ptm_code code;
	unsigned long mfn;	/* WRITE PIN UNPIN HOLD RELEASE: the frame */
	unsigned int slot;	/* WRITE: entry index 0..511 */
	unsigned int arg;	/* PIN: level 1-4; HOLD: type index; DROP: held index */
	uint64_t val;		/* WRITE: new entry; MAP: the entry */
	bool preserve_ad;	/* WRITE: MMU_PT_UPDATE_PRESERVE_AD */
	bool foreign;		/* WRITE: new entry's frames are domain 2's */
};

/* Bytes per encoded operation; input byte 0 is the privileged flag (bit 0). */
#define PTM_OP_BYTES 5

/* Fresh machine; privileged: the domain may map device memory. */
void ptm_init(bool privileged);
/* Decode the next operation: false when fewer than PTM_OP_BYTES remain. */
bool ptm_decode(const uint8_t *p, size_t n, struct ptm_op *op);
void ptm_format(const struct ptm_op *op, char *buf, size_t size);
/* Apply one operation; the hypervisor's return code (0 or -Exxx). */
int ptm_apply(const struct ptm_op *op);
/*
 * Recount and compare after the last ptm_apply(): NULL when every
 * invariant holds, else the first violation (static text).
 */
const char *ptm_check(void);

/* Direct operations for the unit tests. */
int ptm_write(unsigned long mfn, unsigned int slot, uint64_t val);
int ptm_write_foreign(unsigned long mfn, unsigned int slot, uint64_t val);
int ptm_write_ex(unsigned long mfn, unsigned int slot, uint64_t val, bool preserve_ad,
		 bool foreign);
int ptm_pin(unsigned long mfn, unsigned int level);
int ptm_unpin(unsigned long mfn);
int ptm_map(uint64_t pte);		/* on success, held index ptm_nr_held() - 1 */
int ptm_hold(unsigned long mfn, unsigned int type_index);
int ptm_drop(unsigned int index);
int ptm_release(unsigned long mfn);
int ptm_alloc(void);

/* Observation. */
struct page_info;
struct page_info *ptm_page(unsigned long mfn);
uint64_t *ptm_entries(unsigned long mfn);
unsigned int ptm_nr_held(void);
unsigned long ptm_flushes(void);
unsigned long ptm_frees(unsigned long mfn);	/* times freed since ptm_init() */
uint64_t ptm_hv_l4e(unsigned int slot);	/* what init_guest_l4_slots() writes */
unsigned long ptm_sel_mfn(unsigned int sel);	/* frame selector -> mfn */

#endif /* UNIT_PT_MODEL_H */
