// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's page tables: the direct map of all RAM, the M2P table in
 * its writable and guest-readable views, and the L3 tables behind L4 slots
 * 256-271. Those L3s are created once at boot and never freed, so a guest
 * L4 that copies the slots sees every later hypervisor mapping.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/config.h>
#include <hv/paging.h>
#include <hv/mm.h>

unsigned long *machine_to_phys;
static pt_alloc_fn pt_alloc;

void paging_set_pt_allocator(pt_alloc_fn fn)
{
	pt_alloc = fn;
}

static pte_t *next_level(pte_t *entry, bool user)
{
	uint64_t flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY |
			 (user ? _PAGE_USER : 0);

	if (!(*entry & _PAGE_PRESENT)) {
		void *t = pt_alloc();

		if (!t)
			return NULL;
		memset(t, 0, PAGE_SIZE);
		*entry = virt_to_maddr(t) | flags;
	} else if (user) {
		*entry |= _PAGE_USER;
	}
	BUG_ON(*entry & _PAGE_PSE);
	return maddr_to_virt(*entry & PADDR_MASK);
}

int hv_map_page(unsigned long va, unsigned long mfn, uint64_t flags)
{
	bool user = flags & _PAGE_USER;
	pte_t *l3, *l2, *l1;

	BUG_ON(l4_table_offset(va) < HV_L4_FIRST_SLOT || l4_table_offset(va) > HV_L4_LAST_SLOT);
	l3 = next_level(&idle_pg_table[l4_table_offset(va)], user);
	if (!l3)
		return -ENOMEM;
	l2 = next_level(&l3[l3_table_offset(va)], user);
	if (!l2)
		return -ENOMEM;
	l1 = next_level(&l2[l2_table_offset(va)], user);
	if (!l1)
		return -ENOMEM;
	l1[l1_table_offset(va)] = pte_from_mfn(mfn, flags);
	invlpg(va);
	return 0;
}

/* A table page made after boot (from the heap) with no entry left. */
static bool table_unused(const pte_t *t)
{
	const struct page_info *pg = mfn_to_page(virt_to_mfn(t));

	if (!(pg->count_info & PGC_xen_heap) || (pg->count_info & PGC_reserved))
		return false;
	for (unsigned int i = 0; i < ENTRIES_PER_TABLE; i++)
		if (t[i])
			return false;
	return true;
}

/*
 * Undo hv_map_page for n pages from va, and give back the L1 and L2
 * tables left empty (the L3s behind the hypervisor's slots stay, see the
 * top of this file), so that per-vCPU areas leave nothing behind.
 */
void hv_unmap_pages(unsigned long va, unsigned long n)
{
	pte_t *l3 = maddr_to_virt(idle_pg_table[l4_table_offset(va)] & PADDR_MASK);
	unsigned long end = va + n * PAGE_SIZE;

	BUG_ON(!(idle_pg_table[l4_table_offset(va)] & _PAGE_PRESENT) ||
	       l4_table_offset(end - 1) != l4_table_offset(va));
	for (unsigned long a = va; a < end; a += PAGE_SIZE) {
		pte_t *l3e = &l3[l3_table_offset(a)], *l2e, *l2, *l1;

		if (!(*l3e & _PAGE_PRESENT))
			continue;
		l2 = maddr_to_virt(*l3e & PADDR_MASK);
		l2e = &l2[l2_table_offset(a)];
		if (!(*l2e & _PAGE_PRESENT))
			continue;
		l1 = maddr_to_virt(*l2e & PADDR_MASK);
		l1[l1_table_offset(a)] = 0;
		invlpg(a);
		if (l1_table_offset(a) != ENTRIES_PER_TABLE - 1 && a + PAGE_SIZE < end)
			continue;
		/* Last page of this L1 in the range: the tables may be empty now. */
		if (table_unused(l1)) {
			*l2e = 0;
			flush_tlb_local();
			free_xenheap_page(l1);
			if (table_unused(l2)) {
				*l3e = 0;
				flush_tlb_local();
				free_xenheap_page(l2);
			}
		}
	}
}

/* Map [start, end) of machine memory at DIRECTMAP_VIRT_START with 2 MiB pages. */
int hv_map_directmap(uint64_t start, uint64_t end)
{
	start = ROUNDDOWN(start, 1UL << L2_SHIFT);
	end = ROUNDUP(end, 1UL << L2_SHIFT);
	if (end > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)
		return -ERANGE;
	for (uint64_t pa = start; pa < end; pa += 1UL << L2_SHIFT) {
		unsigned long va = DIRECTMAP_VIRT_START + pa;
		pte_t *l3, *l2;

		l3 = next_level(&idle_pg_table[l4_table_offset(va)], false);
		if (!l3)
			return -ENOMEM;
		if (!(l3[l3_table_offset(va)] & _PAGE_PRESENT) && pa < (4UL << 30))
			BUG(); /* the boot tables already cover the first 4 GiB */
		l2 = next_level(&l3[l3_table_offset(va)], false);
		if (!l2)
			return -ENOMEM;
		if (!(l2[l2_table_offset(va)] & _PAGE_PRESENT))
			l2[l2_table_offset(va)] = pa | _PAGE_PRESENT | _PAGE_RW |
				_PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PSE | _PAGE_NX;
	}
	flush_tlb_local();
	return 0;
}

void paging_init_hv_slots(void)
{
	for (unsigned int s = HV_L4_FIRST_SLOT; s <= HV_L4_LAST_SLOT; s++)
		if (!next_level(&idle_pg_table[s], s == l4_table_offset(RO_MPT_VIRT_START)))
			panic("out of memory for the hypervisor's page tables");
}

/*
 * One physical CPU runs guests, with the running guest's tables loaded:
 * reloading CR3 drops its non-global entries (guests get no global pages:
 * CR4.PGE stays off). SMP will need a flush of every CPU that ran the
 * domain since the frame was last writable.
 */
void flush_tlb_for_type_change(void)
{
	flush_tlb_local();
}

void paging_drop_identity_map(void)
{
	idle_pg_table[0] = 0;
	flush_tlb_local();
}

/*
 * The M2P: one unsigned long per machine frame, the guest pfn it backs or
 * M2P_INVALID. Writable at RDWR_MPT_VIRT_START, read-only and user-visible
 * at RO_MPT_VIRT_START (where XENMEM_machphys_mapping tells guests it is).
 */
unsigned long m2p_chunk_mfn[M2P_MAX_CHUNKS];
unsigned int m2p_nr_chunks;

int m2p_init(unsigned long nr_frames)
{
	unsigned long bytes = nr_frames * sizeof(unsigned long);
	unsigned long chunks = ROUNDUP(bytes, M2P_CHUNK) / M2P_CHUNK;

	if (bytes > RDWR_MPT_VIRT_END - RDWR_MPT_VIRT_START || chunks > M2P_MAX_CHUNKS)
		return -ERANGE;
	/* 2 MiB chunks: the toolstack learns the table's frames per chunk. */
	for (unsigned long c = 0; c < chunks; c++) {
		char *p = alloc_xenheap_pages(M2P_CHUNK_ORDER);
		unsigned long mfn;

		if (!p)
			return -ENOMEM;
		memset(p, 0xff, M2P_CHUNK);
		mfn = virt_to_mfn(p);
		m2p_chunk_mfn[c] = mfn;
		for (unsigned long i = 0; i < (M2P_CHUNK >> PAGE_SHIFT); i++) {
			unsigned long off = c * M2P_CHUNK + i * PAGE_SIZE;
			int rc = hv_map_page(RDWR_MPT_VIRT_START + off, mfn + i,
					     _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
					     _PAGE_DIRTY | _PAGE_NX);

			if (!rc)
				rc = hv_map_page(RO_MPT_VIRT_START + off, mfn + i,
						 _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX);
			if (rc)
				return rc;
		}
	}
	m2p_nr_chunks = chunks;
	machine_to_phys = (unsigned long *)RDWR_MPT_VIRT_START;
	return 0;
}

void init_guest_l4_slots(pte_t *l4)
{
	for (unsigned int s = HV_L4_FIRST_SLOT; s <= HV_L4_LAST_SLOT; s++)
		l4[s] = idle_pg_table[s];
}
