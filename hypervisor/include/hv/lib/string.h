/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory and string helpers of hypervisor/lib/string.c. The names and
 * semantics are the C library's (plus BSD strlcpy/strlcat), because the
 * compiler itself emits calls to memcpy, memmove, memset and memcmp.
 *
 * Host unit tests rename these at build time (see tests/unit/lib-rename.h),
 * so this header must not include other headers that declare them.
 */
#ifndef HV_LIB_STRING_H
#define HV_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Copy/append with truncation. dst is always NUL-terminated when size > 0.
 * Both return the length of the string they tried to create, so truncation
 * happened iff the result is >= size. strlcat never reads more than size
 * bytes of dst; if dst has no NUL within them, it returns size + strlen(src).
 */
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);

#endif /* HV_LIB_STRING_H */
