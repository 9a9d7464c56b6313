/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test-kernel library: boot state, console printing, the report API and
 * small string helpers. A test kernel provides test_main() and
 * test_kernel_name; the library does the rest (see tests/guests/README.md).
 */
#ifndef TK_LIB_H
#define TK_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE 4096UL
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Provided by each test kernel. */
extern const char test_kernel_name[];
void test_main(void);

/* Boot state, set up before test_main(). */
extern struct start_info *start_info;
extern struct shared_info *shared_info;	/* mapped at a page of our .bss */

/* Register state at the entry point, saved by head.S before anything else. */
struct entry_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags, cs, ss, ds, es, fs, gs;
};
extern struct entry_regs entry_regs;

/* Linker-script symbols. */
extern char _image_start[], _etext[], _end[];
extern char guard_page[];	/* a page of .bss the library unmaps */

/* Console */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printf(const char *fmt, ...) __printf(1, 2);
void console_write(const char *s, size_t len);

/*
 * A domU's console: the shared ring of start_info.console.domU, used by
 * console_write() once console_ring_init() has mapped it (lib_start does,
 * when the kernel is not the control domain).
 */
struct start_info;
bool console_ring_init(const struct start_info *si);
bool console_ring_active(void);
void console_ring_write(const char *s, size_t len);
void console_ring_flush(void);		/* wait (2 s at most) for the back-end */
void console_ring_linger(void) __attribute__((noreturn));

/* Report: one line per check, worst result wins. */
enum result { RESULT_PASS, RESULT_SKIP, RESULT_FAIL };
void test_pass(const char *name, const char *fmt, ...) __printf(2, 3);
void test_fail(const char *name, const char *fmt, ...) __printf(2, 3);
void test_skip(const char *name, const char *fmt, ...) __printf(2, 3);
/* PASS if cond, else FAIL; the detail is printed either way. Returns cond. */
bool check(const char *name, bool cond, const char *fmt, ...) __printf(3, 4);
/* Compare two integers; prints "got X want Y" on failure, "X" on success. */
bool check_eq(const char *name, uint64_t got, uint64_t want);
/* Print the RESULT line; returns the overall result. */
enum result report_finish(void);
/* Print RESULT FAIL with a reason and power off: for broken environments. */
void panic(const char *fmt, ...) __printf(1, 2) __attribute__((noreturn));

/* Command line: value of "key=" in start_info->cmd_line, or NULL. */
const char *cmdline_get(const char *key, char *buf, size_t size);
bool cmdline_has(const char *word);

/* Strings */
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
unsigned long strtoul(const char *s, const char **end, int base);

#endif /* TK_LIB_H */
