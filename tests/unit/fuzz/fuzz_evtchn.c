/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the event channels (common/event/evtchn.c,
 * evtchn-2l.c, evtchn-fifo.c, all unchanged) against the reference model
 * of ev_model.h. Bytes 0 and 1 pick the two domains' max_port; then
 * EV_OP_BYTES bytes per operation (see ev_decode()). After each operation
 * ev_check() compares the hypervisor's state with the model, and at the
 * end both domains are destroyed and checked for leaks. A difference
 * prints the operations so far and aborts; so does a BUG_ON in the
 * hypervisor code, and ASan/UBSan.
 *
 * One translation unit: the hypervisor files and the model are included
 * here (the fuzz build links only the lib), with the stubs that the unit
 * tests get from pt_model.c.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../hv_evtchn.c"
#include "../ev_model.c"
#include "fuzz_seeds.h"

void bug_at(const char *file, int line, const char *what)
{
	fprintf(stderr, "BUG in the hypervisor code: %s at %s:%d\n", what, file, line);
	abort();
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

void printk_lvl(int lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

bool printk_ratelimit(void)
{
	return true;
}

unsigned int current_domid(void)
{
	return ev_current ? ev_current->domain->domain_id : 0;
}

unsigned int current_vcpuid(void)
{
	return ev_current ? ev_current->vcpu_id : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bad;
	const char *why = ev_run(data, size, &bad);

	if (why) {
		fprintf(stderr, "event-channel model: %s\n", why);
		ev_print_trace(data, size, bad);
		abort();
	}
	return 0;
}

/* Operation bytes: code, who (dom | vcpu << 1 | addr << 3), a, b, c (16-bit each). */
#define OP(code, dom, vcpu, a, b, c) \
	code, (dom) | (vcpu) << 1, (a) & 0xff, (a) >> 8, (b) & 0xff, (b) >> 8, (c) & 0xff, (c) >> 8

static const uint8_t seed_loopback[] = {
	5, 1,
	OP(EV_ALLOC_UNBOUND, 1, 0, 0, 0, 0),         /* d1 port 1 for itself */
	OP(EV_BIND_INTERDOMAIN, 1, 0, 0, 1, 0),      /* port 2 <-> port 1 */
	OP(EV_SEND, 1, 0, 1, 0, 0), OP(EV_G_CONSUME, 1, 0, 0, 0, 0),
	OP(EV_G_MASK, 1, 0, 2, 0, 0), OP(EV_SEND, 1, 0, 1, 0, 0),
	OP(EV_UNMASK, 1, 0, 2, 0, 0), OP(EV_CLOSE, 1, 0, 1, 0, 0),
	OP(EV_STATUS, 1, 0, 0, 2, 0),
};
static const uint8_t seed_interdomain[] = {
	5, 4,
	OP(EV_ALLOC_UNBOUND, 0, 0, 0, 2, 0),         /* dom0 port 1 offered to d1 */
	OP(EV_BIND_INTERDOMAIN, 1, 0, 1, 1, 0),
	OP(EV_BIND_VCPU, 0, 0, 1, 1, 0), OP(EV_SEND, 1, 0, 1, 0, 0),
	OP(EV_BIND_VIRQ, 1, 1, 0, 1, 0), OP(EV_VIRQ, 1, 0, 0, 1, 0),
	OP(EV_BIND_IPI, 1, 0, 2, 0, 0), OP(EV_SEND, 1, 0, 3, 0, 0),
	OP(EV_RESET, 1, 0, 0, 0, 0),
};
static const uint8_t seed_fifo[] = {
	5, 5,
	OP(EV_BIND_IPI, 1, 0, 0, 0, 0), OP(EV_BIND_IPI, 1, 0, 1, 0, 0),
	OP(EV_SEND, 1, 0, 1, 0, 0),
	OP(EV_INIT_CONTROL, 1, 0, 0, 0, 0), OP(EV_INIT_CONTROL, 1, 0, 1, 1, 1),
	OP(EV_EXPAND_ARRAY, 1, 0, 2, 0, 0), OP(EV_SEND, 1, 0, 2, 0, 0),
	OP(EV_SET_PRIORITY, 1, 0, 2, 3, 0), OP(EV_SEND, 1, 0, 1, 0, 0),
	OP(EV_G_CONSUME, 1, 0, 7, 0, 0), OP(EV_G_CONSUME, 1, 1, 7, 0, 0),
	OP(EV_SEND, 1, 0, 2, 0, 0), OP(EV_CLOSE, 1, 0, 2, 0, 0),
	OP(EV_RESET, 1, 0, 0, 0, 0),
};
static const uint8_t seed_poll[] = {
	3, 3,
	OP(EV_BIND_IPI, 0, 0, 1, 0, 0), OP(EV_POLL, 0, 1, 0x41, 1, 0),
	OP(EV_SEND, 0, 0, 1, 0, 0), OP(EV_POLL, 0, 1, 2, 1, 1),
	OP(EV_TIMER, 0, 1, 0, 0, 0), OP(EV_POLL, 0, 1, 0x141, 1, 0),
};

static const struct fuzz_seed seeds[] = {
	{ "loopback", seed_loopback, sizeof(seed_loopback) },
	{ "interdomain", seed_interdomain, sizeof(seed_interdomain) },
	{ "fifo", seed_fifo, sizeof(seed_fifo) },
	{ "poll", seed_poll, sizeof(seed_poll) },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_write_seeds(*argc, *argv, seeds, sizeof(seeds) / sizeof(seeds[0]));
	return 0;
}
