// SPDX-License-Identifier: GPL-2.0-only
/*
 * From the loader's hand-off to dom0's first instruction: console, CPU
 * tables, memory (frame table, direct map, heap, M2P), time, then dom0.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/config.h>
#include <hv/boot.h>
#include <hv/bootmem.h>
#include <hv/console.h>
#include <hv/serial.h>
#include <hv/current.h>
#include <hv/desc.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/time.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <hv/power.h>
#include <hv/lib/cmdline.h>

#define HV_VERSION_STRING "4.17-hv"

static struct boot_info boot_info;

const struct boot_info *boot_info_get(void)
{
	return &boot_info;
}
char hv_cmdline[BOOT_CMDLINE_MAX];

/* Command-line options. */
static char opt_console[32] = "com1";
static char opt_com1[64] = "115200,8n1";
static struct cmdline_dom0_mem opt_dom0_mem;
static char opt_loglvl[16] = "info";
static char opt_guest_loglvl[16] = "info";
static uint64_t opt_dom0_max_vcpus = 1;
int opt_noreboot;
static bool opt_noreboot_b;
/* Exercises a failure path on purpose, for the boot tests. */
static char opt_selftest[32];

static const struct cmdline_param params[] = {
	{ "console", CMDLINE_STRING, opt_console, sizeof(opt_console), NULL },
	{ "com1", CMDLINE_STRING, opt_com1, sizeof(opt_com1), NULL },
	{ "dom0_mem", CMDLINE_CUSTOM, &opt_dom0_mem, 0, cmdline_custom_dom0_mem },
	{ "loglvl", CMDLINE_STRING, opt_loglvl, sizeof(opt_loglvl), NULL },
	{ "guest_loglvl", CMDLINE_STRING, opt_guest_loglvl, sizeof(opt_guest_loglvl), NULL },
	{ "dom0_max_vcpus", CMDLINE_UINT, &opt_dom0_max_vcpus, sizeof(opt_dom0_max_vcpus), NULL },
	{ "noreboot", CMDLINE_BOOL, &opt_noreboot_b, 0, NULL },
	{ "debug_selftest", CMDLINE_STRING, opt_selftest, sizeof(opt_selftest), NULL },
};

static void report_param(void *ctx, const char *tok, size_t len, int rc)
{
	(void)ctx;
	printk("command line: ignoring '%.*s' (%s)\n", (int)len, tok,
	       rc == -ENOENT ? "unknown" : "bad value");
}

static int parse_com(const char *s, struct serial_params *p)
{
	unsigned long baud = 0;

	while (*s >= '0' && *s <= '9')
		baud = baud * 10 + (unsigned long)(*s++ - '0');
	p->baud = baud ? baud : 115200;
	p->data_bits = 8;
	p->parity = 'n';
	p->stop_bits = 1;
	if (*s == ',' && s[1] >= '5' && s[1] <= '8' && s[2] && s[3] >= '1' && s[3] <= '2') {
		p->data_bits = s[1] - '0';
		p->parity = s[2];
		p->stop_bits = s[3] - '0';
	}
	return 0;
}

static int loglvl_from(const char *s)
{
	if (!strncmp(s, "all", 3) || !strncmp(s, "debug", 5))
		return LOG_DEBUG;
	if (!strncmp(s, "info", 4))
		return LOG_INFO;
	if (!strncmp(s, "warning", 7))
		return LOG_WARN;
	if (!strncmp(s, "none", 4) || !strncmp(s, "error", 5))
		return LOG_ERR;
	return LOG_INFO;
}

static uint64_t total_ram(const struct boot_info *bi, uint64_t *max_addr)
{
	uint64_t total = 0;

	*max_addr = 0;
	for (unsigned int i = 0; i < bi->nr_ranges; i++) {
		if (bi->ranges[i].type != 1)
			continue;
		total += bi->ranges[i].end - bi->ranges[i].start;
		if (bi->ranges[i].end > *max_addr)
			*max_addr = bi->ranges[i].end;
	}
	return total;
}

/* Frames no RAM range wholly covers are device or firmware memory. */
static void mark_iomem(const struct boot_info *bi, unsigned long frames)
{
	for (unsigned long mfn = 0; mfn < frames; mfn++) {
		uint64_t pa = (uint64_t)mfn << PAGE_SHIFT;
		bool ram = false;

		for (unsigned int j = 0; j < bi->nr_ranges && !ram; j++)
			ram = bi->ranges[j].type == 1 && bi->ranges[j].start <= pa &&
			      pa + PAGE_SIZE <= bi->ranges[j].end;
		if (!ram)
			frame_table[mfn].count_info |= PGC_iomem;
	}
}

static void add_to_heap(unsigned long mfn, unsigned long nr)
{
	page_alloc_add_range(mfn, nr);
}

static void *heap_pt_alloc(void)
{
	return alloc_xenheap_page();
}

static void memory_init(struct boot_info *bi)
{
	uint64_t max_addr, ram = total_ram(bi, &max_addr);
	unsigned long frames, ft_pages;
	uint64_t ft_pa;

	if (!ram)
		panic("the boot loader reported no RAM");
	frames = ROUNDUP(max_addr, PAGE_SIZE) >> PAGE_SHIFT;
	bootmem_init(bi);
	paging_set_pt_allocator(bootmem_alloc_pt);

	/* The boot tables map 4 GiB; RAM above that joins the direct map now. */
	for (unsigned int i = 0; i < bi->nr_ranges; i++)
		if (bi->ranges[i].type == 1 && bi->ranges[i].end > (4UL << 30))
			if (hv_map_directmap(max(bi->ranges[i].start, 4UL << 30), bi->ranges[i].end))
				panic("cannot map RAM above 4 GiB");

	ft_pages = ROUNDUP(frames * sizeof(struct page_info), PAGE_SIZE) >> PAGE_SHIFT;
	ft_pa = bootmem_alloc(ft_pages);
	page_alloc_init(maddr_to_virt(ft_pa), frames);
	paging_init_hv_slots();
	mark_iomem(bi, frames);
	bootmem_release_to_heap(add_to_heap);
	paging_set_pt_allocator(heap_pt_alloc);

	if (m2p_init(frames))
		panic("cannot allocate the machine-to-phys table");
	printk("RAM: %lu MiB, %lu frames, %lu free after boot allocations\n",
	       (unsigned long)(ram >> 20), frames, page_alloc_free_count());
}

static unsigned long dom0_pages_wanted(void)
{
	uint64_t free_bytes = page_alloc_free_count() * PAGE_SIZE;
	uint64_t want, reserve = max((uint64_t)16 << 20, free_bytes / 16);

	if (opt_dom0_mem.amount.set)
		want = cmdline_mem_resolve(&opt_dom0_mem.amount, free_bytes);
	else
		want = free_bytes > reserve ? free_bytes - reserve : 0;
	if (opt_dom0_mem.max.set)
		want = min(want, cmdline_mem_resolve(&opt_dom0_mem.max, free_bytes));
	if (opt_dom0_mem.min.set)
		want = max(want, cmdline_mem_resolve(&opt_dom0_mem.min, free_bytes));
	return want >> PAGE_SHIFT;
}

void __noreturn start_hypervisor(uint32_t magic, uint32_t info_pa)
{
	struct boot_info *bi = &boot_info;
	struct serial_params sp = { .io_base = 0x3f8 };
	struct cpu_info *ci = get_cpu_info();
	size_t hv_len;
	struct dom0_kernel kernel;
	struct domain *d;
	int rc;

	ci->processor_id = 0;
	ci->curr_vcpu = NULL;
	parse_com("115200,8n1", &sp);
	serial_init(&sp);

	rc = multiboot_parse(magic, info_pa, bi);
	cmdline_split(bi->cmdline, &hv_len);
	strlcpy(hv_cmdline, bi->cmdline, min(hv_len + 1, sizeof(hv_cmdline)));
	cmdline_parse(hv_cmdline, params, ARRAY_SIZE(params), report_param, NULL);
	opt_noreboot = opt_noreboot_b;
	if (!strncmp(opt_console, "com2", 4))
		sp.io_base = 0x2f8;
	parse_com(opt_com1, &sp);
	serial_init(&sp);
	console_set_loglvl(loglvl_from(opt_loglvl), loglvl_from(opt_guest_loglvl));

	printk("Hypervisor %s (Xen 4.17 guest ABI) starting\n", HV_VERSION_STRING);
	if (rc)
		panic("not started by a multiboot loader (magic %#x)", magic);
	printk("Loader: %s, command line: %s\n", bi->loader, hv_cmdline);

	cpu_desc_init(0);
	fpu_cpu_init();		/* CR0/CR4 as PV guests see them, XSAVE */
	cpuid_policy_init();	/* after the FPU: XSAVE decides part of it */
	memory_init(bi);
	paging_drop_identity_map();
	time_init();
	lapic_init();
	scheduler_init();
	if (!strcmp(opt_selftest, "fatal-trap")) {
		printk("selftest: executing ud2 in the hypervisor\n");
		__asm__ __volatile__("ud2");
	}

	if (bi->nr_modules == 0)
		panic("no dom0 kernel: give it as the first boot module");
	/* A bzImage is decompressed first, so dom0's size counts that memory out. */
	rc = dom0_kernel_prepare(&bi->modules[0], &kernel);
	if (rc)
		panic("could not build dom0 (error %d); see the message above", rc);
	d = domain_create(0, opt_dom0_max_vcpus ? opt_dom0_max_vcpus : 1, true);
	if (!d)
		panic("cannot create dom0");
	rc = dom0_construct_pv(d, &kernel, bi->nr_modules > 1 ? &bi->modules[1] : NULL,
			       bi->modules[0].cmdline, dom0_pages_wanted());
	if (rc)
		panic("could not build dom0 (error %d); see the message above", rc);
	dom0_kernel_release(&kernel);

	printk("Starting dom0\n");
	scheduler_start();
}
