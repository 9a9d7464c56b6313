/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomic bit operations for memory a guest shares with the hypervisor
 * (shared_info, vcpu_info, FIFO event words): the guest may change the
 * same words at any moment from another CPU, so every read-modify-write
 * is a single locked instruction. `nr` may exceed the word size: the bit
 * is counted from `addr` across consecutive longs.
 */
#ifndef HV_BITOPS_H
#define HV_BITOPS_H

#include <stdbool.h>
#include <stdint.h>

#define BITS_PER_LONG 64
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline void set_bit(unsigned int nr, volatile void *addr)
{
	__asm__ __volatile__("lock btsl %1, %0"
			     : "+m"(*(volatile uint32_t *)((volatile char *)addr + (nr >> 5) * 4))
			     : "Ir"(nr & 31) : "memory");
}

static inline void clear_bit(unsigned int nr, volatile void *addr)
{
	__asm__ __volatile__("lock btrl %1, %0"
			     : "+m"(*(volatile uint32_t *)((volatile char *)addr + (nr >> 5) * 4))
			     : "Ir"(nr & 31) : "memory");
}

static inline bool test_and_set_bit(unsigned int nr, volatile void *addr)
{
	bool old;

	__asm__ __volatile__("lock btsl %2, %0"
			     : "+m"(*(volatile uint32_t *)((volatile char *)addr + (nr >> 5) * 4)),
			       "=@ccc"(old)
			     : "Ir"(nr & 31) : "memory");
	return old;
}

static inline bool test_and_clear_bit(unsigned int nr, volatile void *addr)
{
	bool old;

	__asm__ __volatile__("lock btrl %2, %0"
			     : "+m"(*(volatile uint32_t *)((volatile char *)addr + (nr >> 5) * 4)),
			       "=@ccc"(old)
			     : "Ir"(nr & 31) : "memory");
	return old;
}

static inline bool test_bit(unsigned int nr, const volatile void *addr)
{
	return (((const volatile uint32_t *)addr)[nr >> 5] >> (nr & 31)) & 1;
}

/* Compare-and-exchange of a 32-bit word: returns the value found. */
static inline uint32_t cmpxchg32(volatile uint32_t *p, uint32_t old, uint32_t new)
{
	__asm__ __volatile__("lock cmpxchgl %2, %1"
			     : "+a"(old), "+m"(*p)
			     : "r"(new) : "memory");
	return old;
}

static inline unsigned long xchg_ulong(volatile unsigned long *p, unsigned long v)
{
	__asm__ __volatile__("xchgq %0, %1" : "+r"(v), "+m"(*p) :: "memory");
	return v;
}

#endif
