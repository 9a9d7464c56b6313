/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory and string functions for the hypervisor. The compiler emits calls
 * to memcpy/memset/memmove/memcmp on its own, so these must never be turned
 * back into calls to themselves: lib.mk builds this file with
 * -fno-tree-loop-distribute-patterns and `make freestanding-check` verifies
 * that string.o has no undefined symbols.
 */
#include <stdint.h>
#include <hv/lib/string.h>

/* Word accesses alias whatever the caller's memory holds. */
typedef uint64_t __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)
#define WORD_MASK ((uintptr_t)WORD_SIZE - 1)

/*
 * Forward copy; safe for overlapping buffers when dst is below src, since
 * every word is read before any later byte of src could be overwritten.
 * Words are used only when both pointers reach alignment together, so no
 * access is ever misaligned.
 */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (((uintptr_t)d & WORD_MASK) == ((uintptr_t)s & WORD_MASK)) {
		for (; n && ((uintptr_t)d & WORD_MASK); n--)
			*d++ = *s++;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	for (; n; n--)
		*d++ = *s++;
}

/* Backward copy, for overlapping buffers with dst above src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (((uintptr_t)d & WORD_MASK) == ((uintptr_t)s & WORD_MASK)) {
		for (; n && ((uintptr_t)d & WORD_MASK); n--)
			*--d = *--s;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	for (; n; n--)
		*--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	/* Compare as integers: relational operators on unrelated objects are UB. */
	uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

	if (d - s >= n) /* dst below src, or no overlap at all */
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;
	word_t pattern = (word_t)b * 0x0101010101010101ULL;

	for (; n && ((uintptr_t)d & WORD_MASK); n--)
		*d++ = b;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		*(word_t *)d = pattern;
		d += WORD_SIZE;
	}
	for (; n; n--)
		*d++ = b;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p == *q ? 0 : (*p < *q ? -1 : 1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
		if (!*p)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && !strncmp(haystack, needle, n))
			return (char *)haystack;
	}
	return NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t copy = len < size ? len : size - 1;

		memcpy(dst, src, copy);
		dst[copy] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t used = strnlen(dst, size);

	/* No terminator within size: nothing can be appended safely. */
	if (used == size)
		return size + strlen(src);
	return used + strlcpy(dst + used, src, size - used);
}
