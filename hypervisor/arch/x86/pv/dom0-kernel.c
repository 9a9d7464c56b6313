// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dom0 kernel image, as the builder wants it: an ELF in contiguous
 * hypervisor memory. The first boot module is used as it is when it is
 * not a bzImage; a bzImage (Debian ships its kernels so, with an XZ or
 * LZ4 payload) is decompressed first, into pages taken from the heap
 * before dom0's own memory is sized, and given back once dom0 is built.
 */
#include <hv/lib.h>
#include <hv/boot.h>
#include <hv/config.h>
#include <hv/mm.h>
#include <hv/page.h>
#include <hv/pv.h>
#include <hv/timer.h>
#include <hv/lib/bzimage.h>

/* Frees [mfn, mfn + nr) in naturally aligned power-of-two blocks. */
static void free_range(unsigned long mfn, unsigned long nr)
{
	while (nr) {
		unsigned int order = 0;

		while (order < MAX_ORDER && !(mfn & (1UL << order)) &&
		       (2UL << order) <= nr)
			order++;
		free_pages(mfn_to_page(mfn), order);
		mfn += 1UL << order;
		nr -= 1UL << order;
	}
}

/* @nr contiguous frames: a power-of-two block, its tail given back. */
static struct page_info *alloc_contig(unsigned long nr)
{
	unsigned int order = 0;
	struct page_info *pg;

	while ((1UL << order) < nr)
		order++;
	if (order > MAX_ORDER)
		return NULL;
	pg = alloc_pages(order);
	if (!pg)
		return NULL;
	free_range(page_to_mfn(pg) + nr, (1UL << order) - nr);
	for (unsigned long i = 0; i < nr; i++)
		pg[i].count_info = PGC_xen_heap | 1;
	return pg;
}

/*
 * The image starts one page into its block. The builder copies its
 * segments into dom0's frames, which, like this block, come from
 * power-of-two blocks: source and destination pages then tend to lie a
 * multiple of a large power of two apart, and under QEMU's TCG, whose
 * software TLB is direct-mapped by virtual page number, every access of
 * that copy evicts the other side's entry. An odd page offset makes the
 * distance odd. (Debian's kernel: the copy took 590 ms, now 25 ms.)
 */
#define IMAGE_OFFSET_PAGES 1

static int unpack_bzimage(const struct bzimage *bz, struct dom0_kernel *k)
{
	unsigned long nr = (ROUNDUP((unsigned long)bz->out_len, PAGE_SIZE) >> PAGE_SHIFT) +
			   IMAGE_OFFSET_PAGES;
	void *image;
	union bzimage_work *work;
	const char *why = "unknown";
	size_t len = 0;
	s_time_t t0;
	int rc;

	printk("dom0 kernel: bzImage (boot protocol %u.%02u), %s payload of %lu bytes, "
	       "%u bytes decompressed\n", bz->version >> 8, bz->version & 0xff,
	       bz->format_name, (unsigned long)bz->payload_len, bz->out_len);
	if (!bz->out_len) {
		printk("dom0 kernel rejected: bzImage records an empty kernel\n");
		return -EINVAL;
	}
	if (nr > page_alloc_free_count()) {
		printk("dom0 kernel rejected: the bzImage payload decompresses to %lu MiB, "
		       "more than the %lu MiB free\n", nr >> 8, page_alloc_free_count() >> 8);
		return -ENOMEM;
	}
	k->pg = alloc_contig(nr);
	if (!k->pg) {
		printk("dom0 kernel: no contiguous %lu MiB to decompress the bzImage into "
		       "(%lu MiB free)\n", nr >> 8, page_alloc_free_count() >> 8);
		return -ENOMEM;
	}
	k->nr_pages = nr;
	work = xmalloc_bytes(sizeof(*work));
	if (!work) {
		printk("dom0 kernel: out of memory for the decompressor's workspace\n");
		rc = -ENOMEM;
		goto out;
	}
	image = mfn_to_virt(page_to_mfn(k->pg) + IMAGE_OFFSET_PAGES);
	t0 = NOW();
	rc = bzimage_decompress(bz, image, bz->out_len, &len, work, &why);
	if (rc) {
		printk("dom0 kernel rejected: bzImage %s payload is corrupt: %s\n",
		       bz->format_name, why);
		goto out;
	}
	k->image = image;
	k->size = len;
	printk("dom0 kernel: decompressed in %lu ms\n",
	       (unsigned long)((NOW() - t0) / 1000000));
out:
	xfree(work);
	if (rc)
		dom0_kernel_release(k);
	return rc;
}

int dom0_kernel_prepare(const struct boot_module *m, struct dom0_kernel *k)
{
	const void *image = maddr_to_virt(m->start);
	struct bzimage bz;
	const char *why = "unknown";
	int rc;

	memset(k, 0, sizeof(*k));
	printk("dom0 kernel: module at %#lx, %lu bytes\n", (unsigned long)m->start,
	       (unsigned long)m->size);
	rc = bzimage_probe(image, m->size, &bz, &why);
	if (rc == -ENOEXEC) {
		/* Not a bzImage: the builder checks it as an ELF. */
		k->image = image;
		k->size = m->size;
		return 0;
	}
	if (rc) {
		printk("dom0 kernel rejected: %s%s%s\n", why,
		       rc == -EOPNOTSUPP && bz.format_name ? ": " : "",
		       rc == -EOPNOTSUPP && bz.format_name ? bz.format_name : "");
		return rc;
	}
	return unpack_bzimage(&bz, k);
}

void dom0_kernel_release(struct dom0_kernel *k)
{
	if (k->pg)
		free_range(page_to_mfn(k->pg), k->nr_pages);
	k->pg = NULL;
	k->nr_pages = 0;
	k->image = NULL;
	k->size = 0;
}
