/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal unit-test runner: TEST() defines and registers a test, CHECK*()
 * record a failure (with file and line) and let the test go on, so one run
 * shows every broken case of a table.
 */
#ifndef UNIT_RUNNER_H
#define UNIT_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct test {
	const char *name;
	void (*fn)(void);
	struct test *next;
};

void test_register(struct test *t);
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Skip the current test (e.g. a daemon binary it needs is missing). */
void test_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Free-form progress note under the current test's result line. */
void test_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define TEST(group, name)						\
	static void test_##group##_##name(void);			\
	static struct test test_desc_##group##_##name = {		\
		#group "." #name, test_##group##_##name, 0		\
	};								\
	__attribute__((constructor)) static void			\
	test_reg_##group##_##name(void)					\
	{								\
		test_register(&test_desc_##group##_##name);		\
	}								\
	static void test_##group##_##name(void)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			test_fail(__FILE__, __LINE__, "%s", #cond);	\
	} while (0)

/* Like CHECK, with a printf-style context such as the table row. */
#define CHECKF(cond, ...)						\
	do {								\
		if (!(cond))						\
			test_fail(__FILE__, __LINE__, __VA_ARGS__);	\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long long a_ = (unsigned long long)(a);	\
		unsigned long long b_ = (unsigned long long)(b);	\
		if (a_ != b_)						\
			test_fail(__FILE__, __LINE__,			\
				  "%s == %s: %#llx != %#llx",		\
				  #a, #b, a_, b_);			\
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define CHECK_STR(a, b)							\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (!a_ || !b_ || strcmp(a_, b_))			\
			test_fail(__FILE__, __LINE__,			\
				  "%s == %s: '%s' != '%s'", #a, #b,	\
				  a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)

/* Deterministic PRNG for the fuzz-style loops (xorshift64*). */
static inline uint64_t test_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Seed for randomized tests: $UNIT_SEED if set, else a fixed value. */
uint64_t test_seed(void);
/* Seconds since an arbitrary start, for time-bounded loops. */
double test_now(void);

#endif /* UNIT_RUNNER_H */
