/* SPDX-License-Identifier: GPL-2.0-only */
/* Logging, assertions and small helpers used everywhere in the hypervisor. */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <hv/errno.h>
#include <hv/lib/string.h>
#include <hv/lib/printf.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define ROUNDUP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define barrier() __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* Log levels, as on the command line's loglvl= (error < warning < info < debug). */
#define LOG_ERR   0
#define LOG_WARN  1
#define LOG_INFO  2
#define LOG_DEBUG 3

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);
void printk_lvl(int lvl, const char *fmt, ...) __printf(2, 3);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn bug_at(const char *file, int line, const char *what);

#define BUG() bug_at(__FILE__, __LINE__, "BUG")
#define BUG_ON(c) do { if (unlikely(c)) bug_at(__FILE__, __LINE__, #c); } while (0)
#define ASSERT(c) BUG_ON(!(c))

/*
 * Guest-triggerable messages go through this: rate limited (a burst, then
 * one in a while) so a hostile guest cannot flood the console.
 */
bool printk_ratelimit(void);
#define gprintk(lvl, fmt, ...) do { \
	if (printk_ratelimit()) \
		printk_lvl(lvl, "d%u v%u: " fmt, current_domid(), current_vcpuid(), ##__VA_ARGS__); \
} while (0)
unsigned int current_domid(void);
unsigned int current_vcpuid(void);

#endif
