// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the multiboot1 or multiboot2 information block. Everything is
 * bounds-checked against the sizes the loader gives; a loader that hands
 * over nonsense gets a clear panic rather than a wild read.
 */
#include <hv/lib.h>
#include <hv/config.h>
#include <hv/boot.h>
#include <hv/lib/memmap.h>

#define MB1_BOOT_MAGIC 0x2BADB002
#define MB2_BOOT_MAGIC 0x36d76289

#define MB1_INFO_MEM     (1u << 0)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS    (1u << 3)
#define MB1_INFO_MMAP    (1u << 6)

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __packed;

struct mb1_module {
	uint32_t mod_start, mod_end, string, reserved;
} __packed;

/* The loader's raw map, sanitised into boot_info once parsing is done. */
static struct memmap raw_map, clean_map;

struct mb2_tag {
	uint32_t type, size;
} __packed;

static void add_used(struct boot_info *bi, uint64_t start, uint64_t end)
{
	if (bi->nr_used < ARRAY_SIZE(bi->used) && end > start) {
		bi->used[bi->nr_used].start = start;
		bi->used[bi->nr_used].end = end;
		bi->nr_used++;
	}
}

static void add_range(struct boot_info *bi, uint64_t start, uint64_t len, uint32_t type)
{
	(void)bi;
	if (memmap_add(&raw_map, start, len, type))
		printk("memory map: ignoring entry %#lx+%#lx\n", start, len);
}

/* Copy a NUL-terminated loader string living below 4 GiB. */
static void copy_str(char *dst, size_t size, uint64_t pa)
{
	if (!pa || pa >= (4UL << 30)) {
		dst[0] = '\0';
		return;
	}
	strlcpy(dst, maddr_to_virt(pa), size);
}

static void add_module(struct boot_info *bi, uint64_t start, uint64_t end, uint64_t str_pa)
{
	struct boot_module *m;

	if (bi->nr_modules >= MAX_BOOT_MODULES) {
		printk("too many boot modules, ignoring module at %#lx\n", start);
		return;
	}
	if (end < start)
		panic("boot module at %#lx ends before it starts (%#lx)", start, end);
	m = &bi->modules[bi->nr_modules++];
	m->start = start;
	m->size = end - start;
	copy_str(m->cmdline, sizeof(m->cmdline), str_pa);
	add_used(bi, start, end);
}

static int parse_mb1(uint64_t info_pa, struct boot_info *bi)
{
	const struct mb1_info *mi = maddr_to_virt(info_pa);

	bi->loader = "multiboot1";
	add_used(bi, info_pa, info_pa + sizeof(*mi));
	if (mi->flags & MB1_INFO_CMDLINE) {
		char *p;

		/* Multiboot1 loaders put the image's own name first: drop it. */
		copy_str(bi->cmdline, sizeof(bi->cmdline), mi->cmdline);
		p = strchr(bi->cmdline, ' ');
		memmove(bi->cmdline, p ? p + 1 : "", strlen(p ? p + 1 : "") + 1);
	}
	if (mi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mods = maddr_to_virt(mi->mods_addr);

		if (mi->mods_count > 64)
			panic("multiboot: implausible module count %u", mi->mods_count);
		for (uint32_t i = 0; i < mi->mods_count; i++)
			add_module(bi, mods[i].mod_start, mods[i].mod_end, mods[i].string);
	}
	if (mi->flags & MB1_INFO_MMAP) {
		if (memmap_add_mb1(&raw_map, maddr_to_virt(mi->mmap_addr), mi->mmap_length))
			printk("memory map: malformed multiboot1 map, using what was read\n");
	} else if (mi->flags & MB1_INFO_MEM) {
		add_range(bi, 0, (uint64_t)mi->mem_lower << 10, 1);
		add_range(bi, 1UL << 20, (uint64_t)mi->mem_upper << 10, 1);
	} else {
		return -EINVAL;
	}
	return 0;
}

static int parse_mb2(uint64_t info_pa, struct boot_info *bi)
{
	const uint8_t *base = maddr_to_virt(info_pa);
	uint32_t total = *(const uint32_t *)base;
	uint32_t off = 8;

	bi->loader = "multiboot2";
	if (total < 16 || total > (1u << 20))
		return -EINVAL;
	add_used(bi, info_pa, info_pa + total);
	while (off + sizeof(struct mb2_tag) <= total) {
		const struct mb2_tag *t = (const void *)(base + off);
		const uint8_t *body = (const uint8_t *)(t + 1);

		if (t->size < 8 || off + t->size > total)
			return -EINVAL;
		switch (t->type) {
		case 0:
			return 0;
		case 1:
			strlcpy(bi->cmdline, (const char *)body,
				min((size_t)(t->size - 8) + 1, sizeof(bi->cmdline)));
			break;
		case 3: {
			const uint32_t *mod = (const uint32_t *)body;

			if (t->size >= 16 && bi->nr_modules < MAX_BOOT_MODULES) {
				struct boot_module *m;

				add_module(bi, mod[0], mod[1], 0);
				m = &bi->modules[bi->nr_modules - 1];
				strlcpy(m->cmdline, (const char *)(mod + 2),
					min((size_t)(t->size - 16) + 1, sizeof(m->cmdline)));
			}
			break;
		}
		case 6:
			if (memmap_add_mb2(&raw_map, t, total - off))
				printk("memory map: malformed multiboot2 map, using what was read\n");
			break;
		default:
			break;
		}
		off += ROUNDUP(t->size, 8);
	}
	return 0;
}

/* Overlaps resolved (non-RAM wins), sorted, RAM page-aligned inward. */
static int finish_map(struct boot_info *bi)
{
	int rc = memmap_sanitize(&clean_map, &raw_map);

	if (rc)
		return rc;
	BUILD_BUG_ON(MAX_BOOT_RANGES < MEMMAP_MAX_RANGES);
	for (unsigned int i = 0; i < clean_map.nr; i++) {
		bi->ranges[i].start = clean_map.map[i].start;
		bi->ranges[i].end = clean_map.map[i].end;
		bi->ranges[i].type = clean_map.map[i].type;
	}
	bi->nr_ranges = clean_map.nr;
	return 0;
}

int multiboot_parse(uint32_t magic, uint64_t info_pa, struct boot_info *bi)
{
	int rc = -EINVAL;

	memset(bi, 0, sizeof(*bi));
	memmap_init(&raw_map);
	if (info_pa >= (4UL << 30))
		return -EINVAL;
	if (magic == MB1_BOOT_MAGIC)
		rc = parse_mb1(info_pa, bi);
	else if (magic == MB2_BOOT_MAGIC)
		rc = parse_mb2(info_pa, bi);
	return rc ? rc : finish_map(bi);
}
