// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-type state machine (hypervisor/arch/x86/mm/page-ref.c and
 * pt-validate.c, with common/memory/domheap.c) on the model machine of
 * pt_model.h: fixed scenarios with their exact counts, then seeded random
 * operation sequences. After every operation the model's independent
 * recount (ptm_check(), see pt_model.c) must agree with the frame table.
 */
#include <stdio.h>
#include <string.h>
#include "runner.h"
#include "pt_model.h"
#include "hvlib.h"
#include <hv/mm.h>
#include <hv/page.h>

#define P  _PAGE_PRESENT
#define RW _PAGE_RW
#define U  _PAGE_USER
#define PTE(mfn, fl) (((uint64_t)(mfn) << 12) | (fl))

/* Every operation is followed by the model's recount. */
#define MODEL_OK()							\
	do {								\
		const char *why_ = ptm_check();				\
		CHECKF(why_ == NULL, "model: %s", why_);		\
	} while (0)
#define RC(call, want)							\
	do {								\
		int rc_ = (call);					\
		CHECKF(rc_ == (want), "%s = %d, want %d", #call, rc_, (want)); \
		MODEL_OK();						\
	} while (0)
#define OK(call) RC(call, 0)

static unsigned long gen(unsigned long mfn)
{
	return ptm_page(mfn)->count_info & PGC_count_mask;
}

static unsigned long tcount(unsigned long mfn)
{
	return ptm_page(mfn)->type_info & PGT_count_mask;
}

static unsigned long ttype(unsigned long mfn)
{
	return ptm_page(mfn)->type_info & PGT_type_mask;
}

static bool validated(unsigned long mfn)
{
	return ptm_page(mfn)->type_info & PGT_validated;
}

/* Frames of the scenarios. */
enum { L4 = 1, L3 = 2, L2 = 3, L1 = 4, DATA = 5, SPARE = 6, DESC = 7 };

/* L4 -> L3 -> L2 -> L1 -> DATA (RW), written while they are still plain frames. */
static void build_chain(void)
{
	OK(ptm_write(L1, 0, PTE(DATA, P | RW)));
	OK(ptm_write(L1, 1, PTE(L1, P)));           /* the L1 maps itself read-only */
	OK(ptm_write(L2, 0, PTE(L1, P | RW)));
	OK(ptm_write(L3, 0, PTE(L2, P | RW)));
	OK(ptm_write(L4, 0, PTE(L3, P | RW)));
}

TEST(page_types, pin_validates_the_tree)
{
	unsigned long flushes;

	ptm_init(false);
	build_chain();
	flushes = ptm_flushes();
	OK(ptm_pin(L4, 4));
	CHECK(ptm_flushes() > flushes);             /* writable frames became tables */
	CHECK_EQ(ptm_page(L4)->type_info,
		 PGT_l4_page_table | PGT_validated | PGT_pinned | 1);
	CHECK_EQ(ptm_page(L3)->type_info, PGT_l3_page_table | PGT_validated | 1);
	CHECK_EQ(ptm_page(L2)->type_info, PGT_l2_page_table | PGT_validated | 1);
	CHECK_EQ(ptm_page(L1)->type_info, PGT_l1_page_table | PGT_validated | 1);
	CHECK_EQ(ptm_page(DATA)->type_info, PGT_writable_page | PGT_validated | 1);
	CHECK_EQ(gen(L4), 2);                       /* allocation + pin */
	CHECK_EQ(gen(L1), 3);                       /* allocation + L2 entry + own mapping */
	CHECK_EQ(gen(DATA), 2);
	/* Accepted entries got the user bit; the hypervisor's L4 slots are filled. */
	CHECK_EQ(ptm_entries(L1)[0], PTE(DATA, P | RW | U));
	CHECK_EQ(ptm_entries(L4)[0], PTE(L3, P | RW | U));
	for (unsigned int s = 256; s < 272; s++)
		CHECKF(ptm_entries(L4)[s] == ptm_hv_l4e(s), "slot %u", s);

	/* A table is never writable, through a mapping or an entry. */
	RC(ptm_map(PTE(L2, P | RW)), -EBUSY);
	OK(ptm_map(PTE(L2, P)));
	OK(ptm_drop(0));
	RC(ptm_write(L1, 2, PTE(L3, P | RW)), -EBUSY);
	CHECK_EQ(ptm_entries(L1)[2], 0);
	RC(ptm_write(L4, 256, 0), -EINVAL);         /* hypervisor slot */
	RC(ptm_pin(L4, 4), -EINVAL);                /* pinned already */
	RC(ptm_pin(L3, 4), -EINVAL);                /* it is an L3 */

	/* Unpinning the top takes the whole tree down. */
	OK(ptm_unpin(L4));
	RC(ptm_unpin(L4), -EINVAL);
	for (unsigned long m = L4; m <= L1; m++) {
		CHECKF(tcount(m) == 0 && !validated(m), "mfn %lu type %#lx", m,
		       ptm_page(m)->type_info);
		CHECK_EQ(gen(m), 1);
	}
	CHECK_EQ(ptm_page(DATA)->type_info, PGT_writable_page | PGT_validated);
	OK(ptm_map(PTE(L2, P | RW)));               /* a plain frame again */
}

TEST(page_types, entry_updates_move_references)
{
	ptm_init(false);
	build_chain();
	OK(ptm_pin(L4, 4));
	/* Point the L2's entry at another (empty) L1: the old one is devalidated. */
	OK(ptm_write(L2, 0, PTE(SPARE, P)));
	CHECK_EQ(ttype(SPARE), PGT_l1_page_table);
	CHECK_EQ(tcount(SPARE), 1);
	CHECK(tcount(L1) == 0 && !validated(L1));
	CHECK_EQ(tcount(DATA), 0);
	CHECK_EQ(gen(DATA), 1);
	/* Same frame, other flags: references unchanged. */
	OK(ptm_write(L2, 0, PTE(SPARE, P | RW)));
	CHECK_EQ(tcount(SPARE), 1);
	/* A/D only, with MMU_PT_UPDATE_PRESERVE_AD on an L1. */
	OK(ptm_write(L2, 1, PTE(L1, P)));
	OK(ptm_write(L1, 0, PTE(DATA, P | RW | _PAGE_ACCESSED)));
	OK(ptm_write_ex(L1, 0, PTE(DATA, P | RW | _PAGE_DIRTY), true, false));
	CHECK_EQ(ptm_entries(L1)[0], PTE(DATA, P | RW | U | _PAGE_ACCESSED));
	CHECK_EQ(tcount(DATA), 1);
	/* An L2 entry may not map a superpage, nor set reserved high bits. */
	RC(ptm_write(L2, 2, PTE(SPARE, P | _PAGE_PSE)), -EINVAL);
	RC(ptm_write(L2, 2, PTE(SPARE, P) | (1UL << 52)), -EINVAL);
	OK(ptm_write(L2, 2, PTE(SPARE, P) | _PAGE_NX));
	/* Clearing entries gives everything back. */
	OK(ptm_write(L2, 0, 0));
	OK(ptm_write(L2, 1, 0));
	OK(ptm_write(L2, 2, 0));
	CHECK(tcount(SPARE) == 0 && tcount(L1) == 0 && tcount(DATA) == 0);
	OK(ptm_unpin(L4));
}

TEST(page_types, self_references_refused)
{
	ptm_init(false);
	OK(ptm_write(L2, 0, PTE(L2, P)));           /* an L2 as its own L1 */
	RC(ptm_pin(L2, 2), -EINVAL);
	CHECK(ttype(L2) == PGT_none && gen(L2) == 1);
	OK(ptm_write(L4, 3, PTE(L4, P)));           /* a linear L4 */
	RC(ptm_pin(L4, 4), -EINVAL);
	OK(ptm_write(L1, 0, PTE(L1, P | RW)));      /* an L1 writable through itself */
	CHECK(ptm_pin(L1, 1) != 0);
	CHECK(ttype(L1) == PGT_none && gen(L1) == 1);
	OK(ptm_write(L1, 0, PTE(L1, P)));           /* read-only: fine */
	OK(ptm_pin(L1, 1));
	CHECK_EQ(gen(L1), 3);
	OK(ptm_unpin(L1));
	CHECK_EQ(gen(L1), 1);
}

TEST(page_types, failed_validation_rolls_back)
{
	ptm_init(false);
	OK(ptm_write(L2, 0, PTE(L1, P)));
	OK(ptm_write(L2, 1, PTE(SPARE, P)));
	OK(ptm_write(L2, 2, PTE(PTM_FOREIGN_FIRST, P)));   /* not ours */
	RC(ptm_pin(L2, 2), -EINVAL);
	for (unsigned long m = L1; m <= SPARE; m++)
		CHECKF(gen(m) == 1 && tcount(m) == 0 && !validated(m), "mfn %lu", m);
	CHECK_EQ(ttype(L2), PGT_none);
	OK(ptm_write(L2, 2, PTE(PTM_NR_FRAMES, P)));       /* not RAM */
	RC(ptm_pin(L2, 2), -EINVAL);
	OK(ptm_write(L2, 2, PTE(PTM_HV_FIRST, P)));        /* the hypervisor's */
	RC(ptm_pin(L2, 2), -EINVAL);
	OK(ptm_write(L2, 2, 0));
	OK(ptm_pin(L2, 2));
	CHECK_EQ(tcount(L1), 1);
	CHECK_EQ(tcount(SPARE), 1);
}

TEST(page_types, release_waits_for_last_reference)
{
	ptm_init(false);
	OK(ptm_write(L1, 0, PTE(DATA, P | RW)));
	OK(ptm_pin(L1, 1));
	OK(ptm_release(DATA));
	CHECK_EQ(ptm_frees(DATA), 0);
	CHECK_EQ(ptm_page(DATA)->count_info, 1);    /* the L1 entry's reference only */
	RC(ptm_release(DATA), -EINVAL);
	RC(ptm_map(PTE(DATA, P)), -EBUSY);          /* given back: no new references */
	OK(ptm_write(L1, 0, 0));
	CHECK_EQ(ptm_frees(DATA), 1);
	CHECK(ptm_page(DATA)->owner == NULL);
	RC(ptm_write(L1, 0, PTE(DATA, P)), -EBUSY);
	/* A pinned table outlives its release until the unpin. */
	OK(ptm_release(L1));
	CHECK_EQ(ptm_frees(L1), 0);
	OK(ptm_unpin(L1));
	CHECK_EQ(ptm_frees(L1), 1);
	/* Both come back through the allocator, zeroed. */
	OK(ptm_alloc());
	OK(ptm_alloc());
	RC(ptm_alloc(), -ENOMEM);
	CHECK(ptm_page(DATA)->owner != NULL && ptm_page(L1)->owner != NULL);
	CHECK_EQ(ptm_page(L1)->count_info, PGC_allocated | 1);
	CHECK_EQ(ptm_entries(L1)[0], 0);
}

TEST(page_types, l4_hypervisor_slots)
{
	ptm_init(false);
	OK(ptm_write(L4, 256, PTE(DATA, P | RW)));  /* plain frame: any content */
	OK(ptm_pin(L4, 4));
	CHECK_EQ(ptm_entries(L4)[256], ptm_hv_l4e(256));
	CHECK_EQ(gen(DATA), 1);
	RC(ptm_write(L4, 271, 0), -EINVAL);
	OK(ptm_write(L4, 272, PTE(L3, P)));
	OK(ptm_unpin(L4));                          /* the slots give nothing back */
	CHECK_EQ(tcount(L3), 0);
	/* A former L4 holds the hypervisor's entries: not acceptable as an L1. */
	RC(ptm_pin(L4, 1), -EBUSY);
	for (unsigned int s = 256; s < 272; s++)
		OK(ptm_write(L4, s, 0));
	OK(ptm_write(L4, 272, 0));
	OK(ptm_pin(L4, 1));
}

TEST(page_types, writable_to_table_flushes)
{
	unsigned long flushes;

	ptm_init(false);
	OK(ptm_map(PTE(SPARE, P | RW)));
	RC(ptm_pin(SPARE, 1), -EINVAL);             /* still mapped writable */
	OK(ptm_drop(0));
	flushes = ptm_flushes();
	OK(ptm_pin(SPARE, 1));
	CHECK(ptm_flushes() > flushes);
	OK(ptm_unpin(SPARE));
	flushes = ptm_flushes();
	OK(ptm_map(PTE(SPARE, P | RW)));            /* becoming writable needs none */
	CHECK_EQ(ptm_flushes(), flushes);
}

TEST(page_types, descriptor_pages)
{
	ptm_init(false);
	OK(ptm_hold(DESC, 5));
	CHECK_EQ(ptm_page(DESC)->type_info, PGT_seg_desc_page | PGT_validated | 1);
	RC(ptm_map(PTE(DESC, P | RW)), -EBUSY);
	RC(ptm_pin(DESC, 1), -EINVAL);
	RC(ptm_write(DESC, 0, 1), -EINVAL);
	OK(ptm_drop(0));
	OK(ptm_write(DESC, 0, 1UL << 63));          /* the stand-in rule refuses this */
	CHECK(ptm_hold(DESC, 5) != 0);
	MODEL_OK();
	CHECK_EQ(ttype(DESC), PGT_none);
}

TEST(page_types, device_memory_and_foreign_frames)
{
	ptm_init(false);
	/* Xen's answers: device memory -EPERM, frames not the domain's -EBUSY. */
	RC(ptm_map(PTE(0x100000, P | RW)), -EPERM);
	RC(ptm_map(PTE(PTM_IOMEM_MFN, P)), -EPERM);
	RC(ptm_write_foreign(L1, 0, PTE(PTM_FOREIGN_FIRST, P)), -EPERM);

	ptm_init(true);
	OK(ptm_map(PTE(0x100000, P | RW)));         /* no reference to take */
	OK(ptm_map(PTE(PTM_IOMEM_MFN, P | RW)));
	RC(ptm_map(PTE(0xfee00, P)), -EPERM);        /* the local APIC stays ours */
	RC(ptm_map(PTE(PTM_HV_FIRST, P)), -EBUSY);
	OK(ptm_write(L1, 0, PTE(PTM_IOMEM_MFN, P | RW)));
	OK(ptm_write(L1, 1, PTE(0x100000, P)));
	OK(ptm_pin(L1, 1));
	CHECK_EQ(ptm_page(PTM_IOMEM_MFN)->count_info, PGC_reserved | PGC_iomem);
	/* A privileged domain's entry may name another domain's frames. */
	OK(ptm_write_foreign(L1, 2, PTE(PTM_FOREIGN_FIRST, P | RW)));
	CHECK_EQ(ptm_page(PTM_FOREIGN_FIRST)->type_info, PGT_writable_page | PGT_validated | 1);
	RC(ptm_write(L1, 3, PTE(PTM_FOREIGN_FIRST + 1, P)), -EBUSY);
	OK(ptm_unpin(L1));
	CHECK_EQ(gen(PTM_FOREIGN_FIRST), 1);
	OK(ptm_drop(0));
	OK(ptm_drop(0));
}

TEST(page_types, shared_hypervisor_page)
{
	ptm_init(false);
	CHECK_EQ(ptm_page(PTM_SHARED_MFN)->count_info, PGC_xen_heap | 1);
	OK(ptm_map(PTE(PTM_SHARED_MFN, P | RW)));
	OK(ptm_write(L1, 0, PTE(PTM_SHARED_MFN, P | RW)));
	OK(ptm_pin(L1, 1));
	CHECK_EQ(ptm_page(PTM_SHARED_MFN)->type_info, PGT_writable_page | PGT_validated | 3);
	RC(ptm_pin(PTM_SHARED_MFN, 1), -EINVAL);   /* never a table */
	RC(ptm_hold(PTM_SHARED_MFN, 5), -EINVAL);  /* nor a descriptor page */
	RC(ptm_release(PTM_SHARED_MFN), -EINVAL);  /* not the domain's to give back */
	OK(ptm_unpin(L1));
	OK(ptm_drop(0));
	CHECK_EQ(ptm_page(PTM_SHARED_MFN)->count_info, PGC_xen_heap | 1);
	CHECK_EQ(ptm_page(PTM_SHARED_MFN)->type_info, PGT_writable_page | PGT_validated | 1);
	CHECK_EQ(ptm_frees(PTM_SHARED_MFN), 0);
}

/*
 * Random operation sequences, decoded as the fuzzer decodes its input,
 * with frame choices biased towards a few frames so that trees form.
 */
static uint8_t biased_frame(uint64_t *s)
{
	uint64_t r = test_rand(s);

	switch (r % 10) {
	case 0:
		return (uint8_t)(PTM_FOREIGN_FIRST + (r >> 8) % (PTM_NR_SEL - PTM_FOREIGN_FIRST));
	case 1:
		return (uint8_t)(r >> 8);
	default:
		return (uint8_t)((r >> 8) % 8);
	}
}

static void random_op(uint64_t *s, uint8_t *b)
{
	uint64_t r = test_rand(s);

	b[0] = (uint8_t)r;
	b[1] = biased_frame(s);
	b[2] = (uint8_t)(r >> 8) % 10 < 7 ? (uint8_t)((r >> 16) % 4) : (uint8_t)(r >> 24);
	b[3] = biased_frame(s);
	b[4] = (uint8_t)(r >> 32) | ((r >> 40) % 4 ? 0x01 : 0);
	if ((r >> 48) % 4)
		b[4] &= (uint8_t)~0xe0;     /* mostly without PSE/NX/high bits */
}

#define RANDOM_SEQUENCES 400
#define RANDOM_OPS 64

TEST(page_types, random_sequences)
{
	uint64_t seed = test_seed(), s = seed;
	unsigned long ops = 0, accepted = 0;
	uint8_t buf[1 + RANDOM_OPS * PTM_OP_BYTES];

	test_note("seed %#llx (UNIT_SEED=...)", (unsigned long long)seed);
	for (unsigned int n = 0; n < RANDOM_SEQUENCES; n++) {
		const char *why = NULL;
		struct ptm_op op;
		unsigned int i;

		buf[0] = (uint8_t)test_rand(&s);
		for (i = 0; i < RANDOM_OPS; i++)
			random_op(&s, buf + 1 + i * PTM_OP_BYTES);
		ptm_init(buf[0] & 1);
		for (i = 0; i < RANDOM_OPS && !why; i++) {
			ptm_decode(buf + 1 + i * PTM_OP_BYTES, PTM_OP_BYTES, &op);
			accepted += ptm_apply(&op) == 0;
			ops++;
			why = ptm_check();
		}
		if (why) {
			char line[160];

			CHECKF(0, "sequence %u (%s): %s", n, buf[0] & 1 ? "privileged" : "unprivileged",
			       why);
			for (unsigned int k = 0; k < i; k++) {
				ptm_decode(buf + 1 + k * PTM_OP_BYTES, PTM_OP_BYTES, &op);
				ptm_format(&op, line, sizeof(line));
				test_note("%s;", line);
			}
			break;
		}
	}
	test_note("%lu operations, %lu accepted", ops, accepted);
}
