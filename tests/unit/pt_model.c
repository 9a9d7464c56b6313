// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model of pt_model.h: a small machine for the page-type state machine
 * (page-ref.c, pt-validate.c, domheap.c as built by hv_mm.c), the host
 * stubs those files need, the operations, and the invariant check.
 *
 * ptm_check() recounts, for every frame, the references it should hold,
 * from things the state machine does not keep itself:
 *   - the allocation reference (PGC_allocated), or for the shared
 *     hypervisor page its heap reference and permanent writable one;
 *   - each pin: one general and one Ln-type reference;
 *   - each reference the model holds (MAP: one general, and a writable-type
 *     one if RW; HOLD: one general and one of the type asked);
 *   - each present entry of every validated table: an L1 entry one general,
 *     plus a writable-type one if RW (none for device memory of a
 *     privileged domain); an L2-L4 entry one general and one type
 *     reference of the next level down;
 * and then requires, frame by frame: the general count and the type count
 * equal to the recount; every type reference of the same type as the
 * frame's, which must be validated (so a frame referenced both as a table
 * and writable is reported); a validated table never at type count 0 (it
 * is devalidated at once); PGT_pinned exactly on the pinned frames; every
 * entry of a validated table valid for its level (present entries user,
 * no forbidden bits, frame of the right owner and of the next level down
 * or writable, the hypervisor's L4 slots as init_guest_l4_slots() wrote
 * them); no frame left marked validating; free frames referenced by
 * nothing; owned frames never at general count 0; frames freed only
 * through free_domheap_page() (which itself checks for count 0, no
 * PGC_allocated, type count 0); hypervisor and device frames untouched;
 * and a flush between a frame's being writable and its becoming a table
 * or descriptor page within one operation. General count underflow is a
 * BUG_ON in put_page() (bug_at aborts).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pt_model.h"

#include "lib-rename.h"
#include "hv_directmap.h"
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/domain.h>
#include <hv/page-ref.h>
#include <hv/paging.h>
#include <hv/pt-validate.h>
#include <hv/pv-cpu.h>
#include "lib-unrename.h"

/* domheap.c's free_domheap_page(), under the name hv_mm.c gives it. */
void hv_real_free_domheap_page(struct page_info *pg);

#define PTM_APIC_MFN   0xfee00UL
#define PTM_DEVICE_MFN 0x100000UL
/* pt-validate.c's UPPER_DISALLOW_MASK, restated: the model's own rule. */
#define PTM_UPPER_BAD  (_PAGE_PSE | 0x7ff0000000000000UL)

static uint8_t ptm_mem[PTM_NR_FRAMES][PAGE_SIZE] __attribute__((aligned(4096)));
static struct page_info ptm_table[PTM_NR_FRAMES];
static unsigned long ptm_m2p[PTM_NR_FRAMES];
static struct domain ptm_dom, ptm_fdom;

static unsigned int ptm_pinned[PTM_NR_FRAMES];	/* pinned level, 0 = not */
static struct ptm_held {
	bool typed;		/* HOLD (get_page_and_type), else MAP (an L1 entry) */
	uint64_t e;
	unsigned long mfn;
	unsigned long type;
} ptm_held[PTM_MAX_HELD];
static unsigned int ptm_nheld;
static unsigned long ptm_nflush, ptm_nfree[PTM_NR_FRAMES];

/* State at the start of the last operation. */
static unsigned long snap_nflush, snap_nfree[PTM_NR_FRAMES], snap_type[PTM_NR_FRAMES];
static const struct domain *snap_owner[PTM_NR_FRAMES];

static bool ptm_failed, ptm_verbose;
static char ptm_why[1024];

static void __attribute__((format(printf, 1, 2))) ptm_fail(const char *fmt, ...)
{
	va_list ap;

	if (ptm_failed)
		return;
	ptm_failed = true;
	va_start(ap, fmt);
	vsnprintf(ptm_why, sizeof(ptm_why), fmt, ap);
	va_end(ap);
}

/* ---- What the hypervisor files need from the rest of the hypervisor ---- */

unsigned long *machine_to_phys;

void *host_mfn_to_virt(unsigned long mfn)
{
	if (mfn >= PTM_NR_FRAMES) {
		fprintf(stderr, "pt_model: mfn_to_virt(%#lx) outside RAM\n", mfn);
		abort();
	}
	return ptm_mem[mfn];
}

static void ptm_vlog(const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (ptm_verbose)
		fprintf(stderr, "hv: %s", buf);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ptm_vlog(fmt, ap);
	va_end(ap);
}

void printk_lvl(int lvl, const char *fmt, ...)
{
	va_list ap;

	(void)lvl;
	va_start(ap, fmt);
	ptm_vlog(fmt, ap);
	va_end(ap);
}

/* Always true, so that the messages' arguments are evaluated too. */
bool printk_ratelimit(void)
{
	return true;
}

unsigned int current_domid(void)
{
	return 1;
}

unsigned int current_vcpuid(void)
{
	return 0;
}

/* The model's domains never die: nothing waits for its frames. */
void domain_kick_reaper(void)
{
}

void flush_tlb_for_type_change(void)
{
	ptm_nflush++;
}

uint64_t ptm_hv_l4e(unsigned int slot)
{
	return pte_from_mfn(PTM_HV_FIRST + (slot & 1), _PAGE_PRESENT | _PAGE_RW);
}

void init_guest_l4_slots(pte_t *l4)
{
	for (unsigned int s = HV_L4_FIRST_SLOT; s <= HV_L4_LAST_SLOT; s++)
		l4[s] = ptm_hv_l4e(s);
}

/* A stand-in rule for descriptor pages: refused if a word of the first 16 has bit 63. */
int pv_validate_segdesc_page(struct page_info *pg)
{
	const uint64_t *w = host_mfn_to_virt(page_to_mfn(pg));

	for (unsigned int i = 0; i < 16; i++)
		if (w[i] >> 63)
			return -EINVAL;
	return 0;
}

/* Every free goes through here: record it, check it, then free for real. */
void free_domheap_page(struct page_info *pg)
{
	unsigned long mfn = page_to_mfn(pg);

	if (mfn >= PTM_NR_FRAMES) {
		fprintf(stderr, "pt_model: free_domheap_page(%#lx) outside the table\n", mfn);
		abort();
	}
	if (pg->count_info & (PGC_count_mask | PGC_allocated))
		ptm_fail("mfn %lu freed with count_info %#lx", mfn, pg->count_info);
	if (pg->count_info & (PGC_free | PGC_reserved))
		ptm_fail("mfn %lu freed while free or reserved (%#lx)", mfn, pg->count_info);
	if (pg->type_info & PGT_count_mask)
		ptm_fail("mfn %lu freed with type_info %#lx", mfn, pg->type_info);
	if (pg->owner != &ptm_dom && pg->owner != &ptm_fdom)
		ptm_fail("mfn %lu freed without a domain owner", mfn);
	if (ptm_failed) {
		/* Freeing it would only add a BUG; keep the first report. */
		return;
	}
	ptm_nfree[mfn]++;
	hv_real_free_domheap_page(pg);
}

/* ---- The machine ---- */

static void ptm_init_domain(struct domain *d, domid_t id, bool privileged, unsigned long pages)
{
	memset(d, 0, sizeof(*d));
	d->domain_id = id;
	d->is_privileged = privileged;
	d->max_pages = pages;
	INIT_LIST_HEAD(&d->page_list);
	INIT_LIST_HEAD(&d->domain_list);
}

static void ptm_snapshot(void)
{
	snap_nflush = ptm_nflush;
	for (unsigned long m = 0; m < PTM_NR_FRAMES; m++) {
		snap_nfree[m] = ptm_nfree[m];
		snap_type[m] = ptm_table[m].type_info;
		snap_owner[m] = ptm_table[m].owner;
	}
}

void ptm_init(bool privileged)
{
	struct page_info *pg;

	ptm_failed = false;
	ptm_why[0] = 0;
	ptm_verbose = getenv("PTM_VERBOSE") != NULL;
	for (unsigned long m = PTM_HV_FIRST; m < PTM_NR_FRAMES; m++)
		memset(ptm_mem[m], 0, PAGE_SIZE);
	page_alloc_init(ptm_table, PTM_NR_FRAMES);
	machine_to_phys = ptm_m2p;
	ptm_init_domain(&ptm_dom, 1, privileged, PTM_DOM_FRAMES);
	ptm_init_domain(&ptm_fdom, 2, false, PTM_FOREIGN_FRAMES);
	/* One range at a time, so that each domain's frames come in mfn order. */
	page_alloc_add_range(0, PTM_DOM_FRAMES);
	for (unsigned long i = 0; i < PTM_DOM_FRAMES; i++) {
		pg = alloc_domheap_pages(&ptm_dom, 0);
		if (!pg || page_to_mfn(pg) != i) {
			fprintf(stderr, "pt_model: set-up allocation %lu went wrong\n", i);
			abort();
		}
	}
	page_alloc_add_range(PTM_FOREIGN_FIRST, PTM_FOREIGN_FRAMES);
	for (unsigned long i = 0; i < PTM_FOREIGN_FRAMES; i++) {
		pg = alloc_domheap_pages(&ptm_fdom, 0);
		if (!pg || page_to_mfn(pg) != PTM_FOREIGN_FIRST + i) {
			fprintf(stderr, "pt_model: set-up allocation %lu went wrong\n", i);
			abort();
		}
	}
	ptm_table[PTM_IOMEM_MFN].count_info |= PGC_iomem;
	/* As alloc_xenheap_pages() leaves a page, then shared like shared_info. */
	ptm_table[PTM_SHARED_MFN].count_info = PGC_xen_heap | 1;
	share_xen_page_with_guest(&ptm_table[PTM_SHARED_MFN], &ptm_dom);
	memset(ptm_pinned, 0, sizeof(ptm_pinned));
	memset(ptm_held, 0, sizeof(ptm_held));
	ptm_nheld = 0;
	ptm_nflush = 0;
	memset(ptm_nfree, 0, sizeof(ptm_nfree));
	ptm_snapshot();
}

unsigned long ptm_sel_mfn(unsigned int sel)
{
	switch (sel % PTM_NR_SEL) {
	case PTM_SEL_NOT_RAM:
		return PTM_NR_FRAMES;
	case PTM_SEL_APIC:
		return PTM_APIC_MFN;
	case PTM_SEL_DEVICE:
		return PTM_DEVICE_MFN;
	default:
		return sel % PTM_NR_SEL;
	}
}

/* Entry indices a WRITE may name: low ones, and around the hypervisor's L4 slots. */
static unsigned int ptm_slot_of(uint8_t b)
{
	b %= 27;
	if (b < 8)
		return b;
	if (b == 8)
		return 255;
	if (b < 25)
		return 256 + (b - 9);	/* 256..271 */
	return b == 25 ? 272 : 511;
}

static uint64_t ptm_pte_of(uint8_t sel, uint8_t fl)
{
	uint64_t e = pte_from_mfn(ptm_sel_mfn(sel), 0);

	if (fl & 0x01)
		e |= _PAGE_PRESENT;
	if (fl & 0x02)
		e |= _PAGE_RW;
	if (fl & 0x04)
		e |= _PAGE_USER;
	if (fl & 0x08)
		e |= _PAGE_ACCESSED;
	if (fl & 0x10)
		e |= _PAGE_DIRTY;
	if (fl & 0x20)
		e |= _PAGE_PSE;
	if (fl & 0x40)
		e |= _PAGE_NX;
	if (fl & 0x80)
		e |= 1UL << 52;
	return e;
}

bool ptm_decode(const uint8_t *p, size_t n, struct ptm_op *op)
{
	if (n < PTM_OP_BYTES)
		return false;
	memset(op, 0, sizeof(*op));
	op->code = (enum ptm_code)(p[0] & 7);
	op->preserve_ad = p[0] & 0x08;
	op->foreign = p[0] & 0x10;
	op->mfn = ptm_sel_mfn(p[1]);
	op->slot = ptm_slot_of(p[2]);
	switch (op->code) {
	case PTM_PIN:
		op->arg = p[2] % 4 + 1;
		break;
	case PTM_HOLD:
		op->arg = p[2] % PTM_NR_HOLD_TYPES;
		break;
	default:
		op->arg = p[2];
		break;
	}
	op->val = ptm_pte_of(p[3], p[4]);
	return true;
}

/* As a call to the direct operations, so a trace pastes into a unit test. */
void ptm_format(const struct ptm_op *op, char *buf, size_t size)
{
	switch (op->code) {
	case PTM_WRITE:
		if (op->preserve_ad || op->foreign)
			snprintf(buf, size, "ptm_write_ex(%lu, %u, %#llx, %s, %s)", op->mfn,
				 op->slot, (unsigned long long)op->val,
				 op->preserve_ad ? "true" : "false", op->foreign ? "true" : "false");
		else
			snprintf(buf, size, "ptm_write(%lu, %u, %#llx)", op->mfn, op->slot,
				 (unsigned long long)op->val);
		break;
	case PTM_PIN:
		snprintf(buf, size, "ptm_pin(%lu, %u)", op->mfn, op->arg);
		break;
	case PTM_UNPIN:
		snprintf(buf, size, "ptm_unpin(%lu)", op->mfn);
		break;
	case PTM_MAP:
		snprintf(buf, size, "ptm_map(%#llx)", (unsigned long long)op->val);
		break;
	case PTM_HOLD:
		snprintf(buf, size, "ptm_hold(%lu, %u)", op->mfn, op->arg);
		break;
	case PTM_DROP:
		snprintf(buf, size, "ptm_drop(%u)", op->arg);
		break;
	case PTM_RELEASE:
		snprintf(buf, size, "ptm_release(%lu)", op->mfn);
		break;
	default:
		snprintf(buf, size, "ptm_alloc()");
		break;
	}
}

/* ---- Operations, as their hypervisor callers do them ---- */

/* pv_mod_entry() of arch/x86/pv/mm.c, on the model's domain. */
static int ptm_mod_entry(pte_t *slot, unsigned int level, pte_t nval, struct domain *d,
			 struct domain *pg_owner, bool preserve_ad)
{
	pte_t old = *slot;
	int rc;

	if (level > 1)
		nval = adjust_guest_upper(nval);
	if (level == 1) {
		nval = adjust_guest_l1e(nval);
		if (preserve_ad)
			nval = (nval & ~(_PAGE_ACCESSED | _PAGE_DIRTY)) |
			       (old & (_PAGE_ACCESSED | _PAGE_DIRTY));
	}
	if (((old ^ nval) & ~(_PAGE_ACCESSED | _PAGE_DIRTY)) == 0 && (old & _PAGE_PRESENT)) {
		*slot = nval;
		return 0;
	}
	rc = get_page_from_entry(nval, level, pg_owner);
	if (rc)
		return rc;
	*slot = nval;
	put_page_from_entry(old, level, level == 1 ? d : pg_owner);
	return 0;
}

/* pt_update() of arch/x86/pv/mmu-update.c (get_pg_owner's -EPERM included). */
static int ptm_do_write(unsigned long mfn, unsigned int idx, uint64_t val, bool preserve_ad,
			bool foreign)
{
	struct domain *d = &ptm_dom, *pg_owner = d;
	struct page_info *pg;
	unsigned long type;
	pte_t *slot;
	int rc;

	if (foreign) {
		if (!d->is_privileged)
			return -EPERM;
		pg_owner = &ptm_fdom;
	}
	if (!mfn_valid(mfn) || idx >= ENTRIES_PER_TABLE)
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	type = pg->type_info & PGT_type_mask;
	slot = (pte_t *)host_mfn_to_virt(mfn) + idx;
	if (is_pt_type(type) && (pg->type_info & PGT_validated)) {
		unsigned int level = pt_level(type);

		if (level == 4 && !is_guest_l4_slot(idx)) {
			rc = -EINVAL;
		} else if (!get_page_type(pg, type)) {
			rc = -EINVAL;
		} else {
			rc = ptm_mod_entry(slot, level, val, d, pg_owner, preserve_ad);
			put_page_type(pg);
		}
	} else if (get_page_type(pg, PGT_writable_page)) {
		*slot = val;
		put_page_type(pg);
		rc = 0;
	} else {
		rc = -EINVAL;
	}
	put_page(pg);
	return rc;
}

/* pin_table() of arch/x86/pv/mmuext.c. */
static int ptm_do_pin(unsigned long mfn, unsigned int level)
{
	struct page_info *pg;
	int rc = get_page_and_type(mfn, &ptm_dom, pt_type_of_level(level));

	if (rc)
		return rc;
	pg = mfn_to_page(mfn);
	if (pg->type_info & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	pg->type_info |= PGT_pinned;
	ptm_pinned[mfn] = level;
	return 0;
}

/* unpin_table() of arch/x86/pv/mmuext.c. */
static int ptm_do_unpin(unsigned long mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (pg->owner != &ptm_dom || !(pg->type_info & PGT_pinned))
		return -EINVAL;
	pg->type_info &= ~PGT_pinned;
	ptm_pinned[mfn] = 0;
	put_page_and_type(pg);
	return 0;
}

static const unsigned long ptm_hold_types[PTM_NR_HOLD_TYPES] = {
	PGT_writable_page, PGT_l1_page_table, PGT_l2_page_table,
	PGT_l3_page_table, PGT_l4_page_table, PGT_seg_desc_page,
};

int ptm_apply(const struct ptm_op *op)
{
	struct ptm_held h;
	struct page_info *pg;
	unsigned int idx;
	int rc;

	ptm_snapshot();
	switch (op->code) {
	case PTM_WRITE:
		return ptm_do_write(op->mfn, op->slot, op->val, op->preserve_ad, op->foreign);
	case PTM_PIN:
		if (op->arg < 1 || op->arg > 4)
			return -EINVAL;
		return ptm_do_pin(op->mfn, op->arg);
	case PTM_UNPIN:
		return ptm_do_unpin(op->mfn);
	case PTM_MAP:
		if (ptm_nheld == PTM_MAX_HELD)
			return -ENOSPC;
		rc = get_page_from_l1e(op->val, &ptm_dom);
		if (!rc)
			ptm_held[ptm_nheld++] = (struct ptm_held){ .e = op->val };
		return rc;
	case PTM_HOLD:
		if (ptm_nheld == PTM_MAX_HELD || op->arg >= PTM_NR_HOLD_TYPES)
			return -ENOSPC;
		rc = get_page_and_type(op->mfn, &ptm_dom, ptm_hold_types[op->arg]);
		if (!rc)
			ptm_held[ptm_nheld++] = (struct ptm_held){
				.typed = true, .mfn = op->mfn, .type = ptm_hold_types[op->arg] };
		return rc;
	case PTM_DROP:
		if (ptm_nheld == 0)
			return -ENOENT;
		idx = op->arg % ptm_nheld;
		h = ptm_held[idx];
		ptm_held[idx] = ptm_held[--ptm_nheld];
		if (h.typed)
			put_page_and_type(mfn_to_page(h.mfn));
		else
			put_page_from_l1e(h.e, &ptm_dom);
		return 0;
	case PTM_RELEASE:
		/* decrease_reservation's checks (common/memory/memory-op.c). */
		if (!mfn_valid(op->mfn) || mfn_to_page(op->mfn)->owner != &ptm_dom ||
		    !(mfn_to_page(op->mfn)->count_info & PGC_allocated))
			return -EINVAL;
		return domain_release_page(mfn_to_page(op->mfn));
	case PTM_ALLOC:
		pg = alloc_domheap_pages(&ptm_dom, 0);
		return pg ? 0 : -ENOMEM;
	default:
		return -ENOSYS;
	}
}

int ptm_write_ex(unsigned long mfn, unsigned int slot, uint64_t val, bool preserve_ad,
		 bool foreign)
{
	struct ptm_op op = { .code = PTM_WRITE, .mfn = mfn, .slot = slot, .val = val,
			     .preserve_ad = preserve_ad, .foreign = foreign };

	return ptm_apply(&op);
}

int ptm_write(unsigned long mfn, unsigned int slot, uint64_t val)
{
	return ptm_write_ex(mfn, slot, val, false, false);
}

int ptm_write_foreign(unsigned long mfn, unsigned int slot, uint64_t val)
{
	return ptm_write_ex(mfn, slot, val, false, true);
}

int ptm_pin(unsigned long mfn, unsigned int level)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_PIN, .mfn = mfn, .arg = level });
}

int ptm_unpin(unsigned long mfn)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_UNPIN, .mfn = mfn });
}

int ptm_map(uint64_t pte)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_MAP, .val = pte });
}

int ptm_hold(unsigned long mfn, unsigned int type_index)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_HOLD, .mfn = mfn, .arg = type_index });
}

int ptm_drop(unsigned int index)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_DROP, .arg = index });
}

int ptm_release(unsigned long mfn)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_RELEASE, .mfn = mfn });
}

int ptm_alloc(void)
{
	return ptm_apply(&(struct ptm_op){ .code = PTM_ALLOC });
}

struct page_info *ptm_page(unsigned long mfn)
{
	return mfn < PTM_NR_FRAMES ? &ptm_table[mfn] : NULL;
}

uint64_t *ptm_entries(unsigned long mfn)
{
	return host_mfn_to_virt(mfn);
}

unsigned int ptm_nr_held(void)
{
	return ptm_nheld;
}

unsigned long ptm_flushes(void)
{
	return ptm_nflush;
}

unsigned long ptm_frees(unsigned long mfn)
{
	return mfn < PTM_NR_FRAMES ? ptm_nfree[mfn] : 0;
}

/* ---- The independent recount ---- */

struct ptm_expect {
	unsigned long gen;	/* general references */
	unsigned long tref;	/* type references */
	unsigned long type;	/* their type, when tref > 0 */
	const char *why;	/* what took the first type reference */
	unsigned long from;	/* and from which frame (or ~0) */
};

static const char *ptm_type_name(unsigned long t)
{
	switch (t & PGT_type_mask) {
	case PGT_none:
		return "none";
	case PGT_l1_page_table:
		return "L1";
	case PGT_l2_page_table:
		return "L2";
	case PGT_l3_page_table:
		return "L3";
	case PGT_l4_page_table:
		return "L4";
	case PGT_seg_desc_page:
		return "seg_desc";
	case PGT_writable_page:
		return "writable";
	default:
		return "?";
	}
}

static void ptm_want(struct ptm_expect *x, unsigned long mfn, unsigned long type,
		     const char *why, unsigned long from)
{
	struct ptm_expect *e = &x[mfn];

	if (e->tref && e->type != type)
		ptm_fail("mfn %lu referenced as %s (%s %lu) and as %s (%s %lu)", mfn,
			 ptm_type_name(e->type), e->why, e->from, ptm_type_name(type), why, from);
	if (!e->tref) {
		e->type = type;
		e->why = why;
		e->from = from;
	}
	e->tref++;
}

static bool ptm_owner_ok(const struct domain *table_owner, const struct domain *target)
{
	if (target == table_owner)
		return true;
	/* A privileged domain's updates may name domain 2 as the frames' owner. */
	return table_owner == &ptm_dom && ptm_dom.is_privileged && target == &ptm_fdom;
}

/* Device memory a privileged domain may map with no reference (iomem_permitted()). */
static bool ptm_device_ok(const struct domain *d, unsigned long mfn)
{
	if (!d || !d->is_privileged || mfn == PTM_APIC_MFN || mfn == 0xfec00 || (mfn >> 40))
		return false;
	return mfn >= PTM_NR_FRAMES || (ptm_table[mfn].count_info & PGC_iomem);
}

/* The entries of validated table mfn: valid for the level, and their references. */
static void ptm_scan_table(struct ptm_expect *x, unsigned long mfn)
{
	const struct page_info *pg = &ptm_table[mfn];
	unsigned int level = pt_level(pg->type_info);
	const uint64_t *t = (const uint64_t *)ptm_mem[mfn];

	for (unsigned int i = 0; i < ENTRIES_PER_TABLE; i++) {
		uint64_t e = t[i];
		unsigned long target = pte_mfn(e);
		const struct page_info *tp;

		if (level == 4 && !is_guest_l4_slot(i)) {
			if (e != ptm_hv_l4e(i))
				ptm_fail("L4 %lu: hypervisor slot %u is %#llx", mfn, i,
					 (unsigned long long)e);
			continue;
		}
		if (!(e & _PAGE_PRESENT))
			continue;
		if (!(e & _PAGE_USER))
			ptm_fail("L%u %lu: entry %u (%#llx) without the user bit", level, mfn, i,
				 (unsigned long long)e);
		if (level > 1 && (e & PTM_UPPER_BAD))
			ptm_fail("L%u %lu: entry %u (%#llx) has forbidden bits", level, mfn, i,
				 (unsigned long long)e);
		if (!mfn_valid(target) || (ptm_table[target].count_info & PGC_reserved)) {
			if (level > 1 || !ptm_device_ok(pg->owner, target))
				ptm_fail("L%u %lu: entry %u (%#llx) maps a frame it may not", level,
					 mfn, i, (unsigned long long)e);
			continue;	/* device memory: no reference */
		}
		tp = &ptm_table[target];
		if (!ptm_owner_ok(pg->owner, tp->owner))
			ptm_fail("L%u %lu: entry %u (%#llx) maps mfn %lu of another owner%s", level,
				 mfn, i, (unsigned long long)e, target, tp->owner ? "" : " (free)");
		x[target].gen++;
		if (level > 1)
			ptm_want(x, target, pt_type_of_level(level - 1), "entry of table", mfn);
		else if (e & _PAGE_RW)
			ptm_want(x, target, PGT_writable_page, "RW entry of L1", mfn);
	}
}

static bool ptm_l1e_holds(uint64_t e)
{
	unsigned long m = pte_mfn(e);

	return (e & _PAGE_PRESENT) && mfn_valid(m) && !(ptm_table[m].count_info & PGC_reserved);
}

static void ptm_check_frame(const struct ptm_expect *x, unsigned long m)
{
	const struct page_info *pg = &ptm_table[m];
	unsigned long c = pg->count_info, t = pg->type_info;
	unsigned long gen = c & PGC_count_mask, tc = t & PGT_count_mask;
	const struct ptm_expect *e = &x[m];

	if (t & PGT_validating)
		ptm_fail("mfn %lu left marked validating (%#lx)", m, t);
	if (ptm_nfree[m] != snap_nfree[m] && pg->owner)
		ptm_fail("mfn %lu freed and still owned", m);
	if (snap_owner[m] && !pg->owner && ptm_nfree[m] == snap_nfree[m])
		ptm_fail("mfn %lu left its owner without free_domheap_page()", m);
	if (m == PTM_SHARED_MFN) {
		if (pg->owner != &ptm_dom || (c & ~PGC_count_mask) != PGC_xen_heap)
			ptm_fail("shared page %lu: owner or flags changed (count_info %#lx)", m, c);
		c &= ~PGC_xen_heap;
	} else if (m >= PTM_HV_FIRST) {
		unsigned long want = PGC_reserved | (m == PTM_IOMEM_MFN ? PGC_iomem : 0);

		if (c != want || t || pg->owner || e->gen || e->tref)
			ptm_fail("hypervisor/device mfn %lu touched: count %#lx type %#lx, "
				 "%lu references", m, c, t, e->gen);
		return;
	}
	if (!pg->owner) {
		if ((c & ~PGC_free) || t || e->gen || e->tref || ptm_pinned[m])
			ptm_fail("free mfn %lu: count %#lx type %#lx, yet %lu general and %lu "
				 "type references", m, c, t, e->gen, e->tref);
		return;
	}
	if (pg->owner != (m < PTM_FOREIGN_FIRST || m == PTM_SHARED_MFN ? &ptm_dom : &ptm_fdom))
		ptm_fail("mfn %lu changed owner", m);
	if (c & (PGC_free | PGC_reserved | PGC_xen_heap | PGC_iomem))
		ptm_fail("owned mfn %lu has count_info %#lx", m, c);
	if (gen != e->gen)
		ptm_fail("mfn %lu: general count %lu, recount %lu (count_info %#lx, type %#lx)",
			 m, gen, e->gen, c, t);
	if (gen == 0)
		ptm_fail("mfn %lu owned at general count 0 (count_info %#lx)", m, c);
	if (tc != e->tref)
		ptm_fail("mfn %lu: type count %lu as %s, recount %lu (as %s, first by %s %lu)", m,
			 tc, ptm_type_name(t), e->tref, ptm_type_name(e->type),
			 e->why ? e->why : "-", e->from);
	if (tc && ((t & PGT_type_mask) != e->type || !(t & PGT_validated)))
		ptm_fail("mfn %lu: type %#lx, but referenced as %s (by %s %lu)", m, t,
			 ptm_type_name(e->type), e->why, e->from);
	if (is_pt_type(t) && (t & PGT_validated) && tc == 0)
		ptm_fail("mfn %lu: validated %s with no type reference", m, ptm_type_name(t));
	if (!(t & PGT_pinned) != !ptm_pinned[m])
		ptm_fail("mfn %lu: pinned flag %d, model %u", m, !!(t & PGT_pinned),
			 ptm_pinned[m]);
	if (ptm_pinned[m] && (t & PGT_type_mask) != pt_type_of_level(ptm_pinned[m]))
		ptm_fail("mfn %lu pinned as L%u but %s", m, ptm_pinned[m], ptm_type_name(t));
	/* Writable when the operation started, a table or descriptor page now: flushed? */
	if ((snap_type[m] & PGT_type_mask) == PGT_writable_page &&
	    (is_pt_type(t) || (t & PGT_type_mask) == PGT_seg_desc_page) &&
	    ptm_nflush == snap_nflush)
		ptm_fail("mfn %lu went from writable to %s without a TLB flush", m,
			 ptm_type_name(t));
}

const char *ptm_check(void)
{
	static struct ptm_expect x[PTM_NR_FRAMES];

	memset(x, 0, sizeof(x));
	for (unsigned long m = 0; m < PTM_NR_FRAMES; m++) {
		const struct page_info *pg = &ptm_table[m];

		if (pg->count_info & PGC_allocated)
			x[m].gen++;
		if (m == PTM_SHARED_MFN) {
			x[m].gen++;
			ptm_want(x, m, PGT_writable_page, "shared with the guest", m);
		}
		if (ptm_pinned[m]) {
			x[m].gen++;
			ptm_want(x, m, pt_type_of_level(ptm_pinned[m]), "pin", m);
		}
		if (is_pt_type(pg->type_info) && (pg->type_info & PGT_validated))
			ptm_scan_table(x, m);
	}
	for (unsigned int i = 0; i < ptm_nheld; i++) {
		const struct ptm_held *h = &ptm_held[i];

		if (h->typed) {
			x[h->mfn].gen++;
			ptm_want(x, h->mfn, h->type, "held reference", i);
		} else if (ptm_l1e_holds(h->e)) {
			x[pte_mfn(h->e)].gen++;
			if (h->e & _PAGE_RW)
				ptm_want(x, pte_mfn(h->e), PGT_writable_page, "held RW mapping", i);
		}
	}
	for (unsigned long m = 0; m < PTM_NR_FRAMES; m++)
		ptm_check_frame(x, m);
	return ptm_failed ? ptm_why : NULL;
}
