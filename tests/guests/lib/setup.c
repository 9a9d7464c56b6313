// SPDX-License-Identifier: GPL-2.0-only
/*
 * C side of boot: map shared_info, unmap the guard page, install the trap
 * table, run the kernel's test_main(), report and power off. Also the
 * command-line helpers.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

struct start_info *start_info;
struct shared_info *shared_info;
struct entry_regs entry_regs __attribute__((section(".data")));

/*
 * shared_info arrives as a machine address that a PV dom0 must map itself.
 * We point one page of our own .bss at it with update_va_mapping: the VA is
 * inside the builder's bootstrap map (so its L1 table exists) and nothing
 * else uses it.
 */
static char shared_info_page[PAGE_SIZE]
	__attribute__((section(".bss.page_aligned"), aligned(4096)));

/* A page of .bss made not-present, for page-fault probes. */
char guard_page[PAGE_SIZE]
	__attribute__((section(".bss.page_aligned"), aligned(4096)));

void hv_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	console_ring_flush();
	for (;;)
		hv_sched_op(SCHEDOP_shutdown, &s);
}

void lib_start(struct start_info *si);
void lib_start(struct start_info *si)
{
	uint64_t pte;
	long rc;

	start_info = si;
	console_ring_init(si);
	printf("KERNEL %s: start_info %p\n", test_kernel_name, (void *)si);

	pte = si->shared_info | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
	      _PAGE_DIRTY;
	rc = hv_update_va_mapping((unsigned long)shared_info_page, pte,
				  UVMF_INVLPG);
	if (rc)
		panic("mapping shared_info (maddr %#lx): %ld", si->shared_info, rc);
	shared_info = (struct shared_info *)shared_info_page;

	rc = hv_update_va_mapping((unsigned long)guard_page, 0, UVMF_INVLPG);
	if (rc)
		panic("unmapping the guard page: %ld", rc);

	traps_init();
	test_main();
	report_finish();
	/* A domU asked to stay (its toolstack test destroys it) waits here. */
	if (cmdline_has("linger") && console_ring_active()) {
		console_ring_flush();
		console_ring_linger();
	}
	hv_shutdown(SHUTDOWN_poweroff);
}

/* Find "key=value" as a whole word of the command line; copy the value. */
const char *cmdline_get(const char *key, char *buf, size_t size)
{
	const char *p = start_info->cmd_line;
	size_t klen = strlen(key);

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			size_t n = 0;

			p += klen + 1;
			while (p[n] && p[n] != ' ' && n + 1 < size) {
				buf[n] = p[n];
				n++;
			}
			buf[n] = '\0';
			return buf;
		}
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

bool cmdline_has(const char *word)
{
	const char *p = start_info->cmd_line;
	size_t n = strlen(word);

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, word, n) && (p[n] == ' ' || p[n] == '\0'))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}
