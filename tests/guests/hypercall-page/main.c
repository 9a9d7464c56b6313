// SPDX-License-Identifier: GPL-2.0-only
/*
 * hypercall-page: a kernel that declares XEN_ELFNOTE_HYPERCALL_PAGE.
 * ABI rules checked:
 *  - the builder fills the page before entry; entry i (at 32 * i) makes
 *    hypercall i and returns to the caller with the result in rax;
 *  - console_io, xen_version and an unknown number behave through the page
 *    exactly as through a direct `syscall`;
 *  - entry 23 (iret) takes the frame without rax/r11/rcx (it pushes them
 *    itself) and never returns: exceptions are returned from through it.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

const char test_kernel_name[] = "hypercall-page";

extern char hypercall_page[];

static long page_call(unsigned int nr, unsigned long a1, unsigned long a2,
		      unsigned long a3)
{
	register unsigned long r10 asm("r10") = 0;
	register unsigned long r8 asm("r8") = 0;
	uint64_t entry = (uint64_t)hypercall_page + 32 * nr;
	long ret;

	asm volatile("call *%[entry]"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : [entry] "r"(entry)
		     : "rcx", "r11", "memory");
	return ret;
}

static void test_filled(void)
{
	const unsigned char *p = (const unsigned char *)hypercall_page;
	unsigned int filled = 0;

	for (unsigned int i = 0; i < 128; i++)
		if (p[32 * i] != 0xcc)
			filled++;
	check_eq("page.filled", filled, 128);
	printf("entry 17: %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x\n",
	       p[544], p[545], p[546], p[547], p[548], p[549], p[550], p[551],
	       p[552], p[553], p[554], p[555], p[556], p[557]);
	p += 32 * HYPERCALL_iret;
	printf("entry 23: %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x\n",
	       p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10]);
}

static void test_calls(void)
{
	static const char msg[] = "hello through the hypercall page\n";
	long rc;

	rc = page_call(HYPERCALL_console_io, CONSOLEIO_write, sizeof(msg) - 1,
		       (unsigned long)msg);
	check_eq("page.console_io", (uint64_t)rc, 0);
	rc = page_call(HYPERCALL_xen_version, XENVER_version, 0, 0);
	check("page.xen_version", rc == hv_xen_version(XENVER_version, NULL),
	      "%#lx", rc);
	rc = page_call(60, 0, 0, 0);
	check_eq("page.unknown", (uint64_t)rc, (uint64_t)-ENOSYS);
}

static void test_iret(void)
{
	uint64_t rbx_before = 0x5151515151515151UL, rbx_after;

	hypercall_iret_entry = (uint64_t)hypercall_page + 32 * HYPERCALL_iret;
	exinfo_reset();
	asm volatile("int3" : "=b"(rbx_after) : "0"(rbx_before) : "memory");
	check("page.iret", ex_last.taken && ex_last.vector == 3 &&
			   rbx_after == rbx_before,
	      "vector %u", ex_last.vector);

	/* A fault with an error code, returned from through the page too. */
	{
		uint64_t v;
		struct exinfo e = read_safe(guard_page, &v);

		check("page.iret_fault", e.taken && e.vector == 14 &&
					 e.cr2 == (uint64_t)guard_page,
		      "vector %u cr2 %#lx", e.vector, e.cr2);
	}
	hypercall_iret_entry = 0;
}

void test_main(void)
{
	test_filled();
	test_calls();
	test_iret();
}
