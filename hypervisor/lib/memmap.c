/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine memory map: collection from multiboot1/2, sanitizing, carving.
 * The multiboot buffers come from the boot loader and firmware, so they are
 * read byte-wise (their 64-bit fields are unaligned) and bounds-checked.
 * Everything is O(n^2) on at most MEMMAP_MAX_RANGES ranges, with no
 * scratch memory: simple, and fast enough for a once-per-boot job.
 */
#include <hv/errno.h>
#include <hv/lib/memmap.h>
#include <hv/lib/string.h>

#define MB1_ENTRY_MIN	20	/* addr, len, type: what `size` must cover */
#define MB2_TAG_MMAP	6
#define MB2_TAG_HDR	16	/* type, size, entry_size, entry_version */
#define MB2_ENTRY_MIN	24	/* addr, len, type, reserved */

static uint64_t get_le(const unsigned char *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = (v << 8) | p[bytes];
	return v;
}

void memmap_init(struct memmap *m)
{
	m->nr = 0;
}

int memmap_add(struct memmap *m, uint64_t start, uint64_t len, uint32_t type)
{
	struct memmap_range *r;

	if (!len)
		return 0;
	if (m->nr >= MEMMAP_MAX_RANGES)
		return -ENOSPC;
	if (type < MEMMAP_RAM || type > MEMMAP_UNUSABLE)
		type = MEMMAP_RESERVED;
	r = &m->map[m->nr++];
	r->start = start;
	r->end = len > UINT64_MAX - start ? UINT64_MAX : start + len;
	r->type = type;
	return 0;
}

/* Counts entries of a multiboot1 map; -EINVAL if any is malformed. */
static int mb1_count(const unsigned char *p, size_t length)
{
	size_t off = 0;
	int n = 0;

	while (off < length) {
		uint64_t size;

		if (length - off < 4)
			return -EINVAL;
		size = get_le(p + off, 4);
		if (size < MB1_ENTRY_MIN || size > length - off - 4)
			return -EINVAL;
		off += 4 + size;
		if (++n > MEMMAP_MAX_RANGES)
			return -ENOSPC;
	}
	return n;
}

int memmap_add_mb1(struct memmap *m, const void *mmap, size_t length)
{
	const unsigned char *p = mmap;
	size_t off;
	int n = mb1_count(p, length), rc;

	if (n < 0)
		return n;
	if ((unsigned int)n > MEMMAP_MAX_RANGES - m->nr)
		return -ENOSPC;
	for (off = 0; off < length; off += 4 + get_le(p + off, 4)) {
		rc = memmap_add(m, get_le(p + off + 4, 8), get_le(p + off + 12, 8),
				(uint32_t)get_le(p + off + 20, 4));
		if (rc)
			return rc; /* cannot happen: counted above */
	}
	return 0;
}

int memmap_add_mb2(struct memmap *m, const void *tag, size_t avail)
{
	const unsigned char *p = tag;
	uint64_t size, entry_size, n, i;
	int rc;

	if (avail < MB2_TAG_HDR || get_le(p, 4) != MB2_TAG_MMAP)
		return -EINVAL;
	size = get_le(p + 4, 4);
	entry_size = get_le(p + 8, 4);
	if (size < MB2_TAG_HDR || size > avail || entry_size < MB2_ENTRY_MIN ||
	    (size - MB2_TAG_HDR) % entry_size)
		return -EINVAL;
	n = (size - MB2_TAG_HDR) / entry_size;
	if (n > MEMMAP_MAX_RANGES - m->nr)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		const unsigned char *e = p + MB2_TAG_HDR + i * entry_size;

		rc = memmap_add(m, get_le(e, 8), get_le(e + 8, 8),
				(uint32_t)get_le(e + 16, 4));
		if (rc)
			return rc;
	}
	return 0;
}

/* Appends to a sorted map, merging with a touching range of the same type. */
static int emit(struct memmap *m, uint64_t start, uint64_t end, uint32_t type)
{
	struct memmap_range *last = m->nr ? &m->map[m->nr - 1] : NULL;

	if (last && last->end == start && last->type == type) {
		last->end = end;
		return 0;
	}
	if (m->nr >= MEMMAP_MAX_RANGES)
		return -ENOSPC;
	m->map[m->nr++] = (struct memmap_range){ start, end, type };
	return 0;
}

/* Shrinks RAM to whole pages; drops RAM ranges left empty. */
static void align_ram(struct memmap *m)
{
	unsigned int i, j = 0;

	for (i = 0; i < m->nr; i++) {
		struct memmap_range r = m->map[i];

		if (r.type == MEMMAP_RAM) {
			uint64_t s = r.start > UINT64_MAX - (MEMMAP_PAGE_SIZE - 1) ?
				     UINT64_MAX : (r.start + MEMMAP_PAGE_SIZE - 1) &
						  ~(MEMMAP_PAGE_SIZE - 1);

			r.start = s;
			r.end &= ~(MEMMAP_PAGE_SIZE - 1);
			if (r.start >= r.end)
				continue;
		}
		m->map[j++] = r;
	}
	m->nr = j;
}

/*
 * Sweeps the address space from boundary to boundary (every start and end
 * of @in is one); each stretch between two boundaries gets the highest type
 * of the input ranges covering it, or is a hole if none does.
 */
int memmap_sanitize(struct memmap *out, const struct memmap *in)
{
	uint64_t pos = UINT64_MAX;
	unsigned int i;
	int rc;

	if (out == in)
		return -EINVAL;
	out->nr = 0;
	for (i = 0; i < in->nr; i++) {
		if (in->map[i].start < in->map[i].end && in->map[i].start < pos)
			pos = in->map[i].start;
	}

	for (;;) {
		uint64_t next = UINT64_MAX;
		uint32_t type = 0;
		bool more = false;

		for (i = 0; i < in->nr; i++) {
			const struct memmap_range *r = &in->map[i];

			if (r->start <= pos && pos < r->end && r->type > type)
				type = r->type;
			if (r->start > pos && r->start <= next) {
				next = r->start;
				more = true;
			}
			if (r->end > pos && r->end <= next) {
				next = r->end;
				more = true;
			}
		}
		if (!more)
			break;
		if (type) {
			rc = emit(out, pos, next, type);
			if (rc)
				return rc;
		}
		pos = next;
	}
	align_ram(out);
	return 0;
}

int memmap_carve(struct memmap *m, uint64_t start, uint64_t end)
{
	unsigned int i, splits = 0;

	start &= ~(MEMMAP_PAGE_SIZE - 1);
	end = end > UINT64_MAX - (MEMMAP_PAGE_SIZE - 1) ?
	      UINT64_MAX : (end + MEMMAP_PAGE_SIZE - 1) & ~(MEMMAP_PAGE_SIZE - 1);
	if (start >= end)
		return 0;

	for (i = 0; i < m->nr; i++) {
		const struct memmap_range *r = &m->map[i];

		if (r->type == MEMMAP_RAM && r->start < start && r->end > end)
			splits++;
	}
	if (splits > MEMMAP_MAX_RANGES - m->nr)
		return -ENOSPC;

	for (i = 0; i < m->nr;) {
		struct memmap_range *r = &m->map[i];

		if (r->type != MEMMAP_RAM || r->end <= start || r->start >= end) {
			i++;
		} else if (r->start >= start && r->end <= end) {
			/* wholly inside: remove it */
			memmove(r, r + 1, (m->nr - i - 1) * sizeof(*r));
			m->nr--;
		} else if (r->start < start && r->end > end) {
			/* around the hole: keep the head, insert the tail */
			memmove(r + 2, r + 1, (m->nr - i - 1) * sizeof(*r));
			r[1] = (struct memmap_range){ end, r->end, MEMMAP_RAM };
			r->end = start;
			m->nr++;
			i += 2;
		} else {
			if (r->start < start)
				r->end = start;
			else
				r->start = end;
			i++;
		}
	}
	return 0;
}

uint64_t memmap_total_ram(const struct memmap *m)
{
	const struct memmap_range *r;
	uint64_t total = 0;

	for_each_memmap_ram(m, r)
		total += r->end - r->start;
	return total;
}

bool memmap_is_ram(const struct memmap *m, uint64_t start, uint64_t end)
{
	const struct memmap_range *r;

	if (start >= end)
		return false;
	for_each_memmap_ram(m, r) {
		if (r->start <= start && start < r->end) {
			if (r->end >= end)
				return true;
			start = r->end; /* continue into a touching range */
		}
	}
	return false;
}

const char *memmap_type_name(uint32_t type)
{
	static const char *const names[] = {
		[MEMMAP_RAM] = "RAM",
		[MEMMAP_RESERVED] = "reserved",
		[MEMMAP_ACPI] = "ACPI",
		[MEMMAP_NVS] = "NVS",
		[MEMMAP_UNUSABLE] = "unusable",
	};

	return type >= MEMMAP_RAM && type <= MEMMAP_UNUSABLE ? names[type]
							     : "unknown";
}
