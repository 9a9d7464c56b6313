// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels (common/event/evtchn.c, evtchn-2l.c, evtchn-fifo.c,
 * built unchanged by hv_evtchn.c) against the reference model of
 * ev_model.h: fixed scenarios with the exact result of each hypercall,
 * hostile arguments with the Xen errno they must get, then seeded random
 * operation sequences (the same driver as fuzz/fuzz_evtchn.c). After
 * every operation ev_check() compares the whole state with the model;
 * at the end both domains are destroyed and checked for leaks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runner.h"
#include "ev_model.h"

/* Encoded operation: code, who (dom | vcpu << 1 | addr << 3), a, b, c. */
#define OPX(code, dom, vcpu, addr, a, b, c)				\
	{ code, (dom) | (vcpu) << 1 | (addr) << 3, (a) & 0xff, ((a) >> 8) & 0xff, \
	  (b) & 0xff, (b) >> 8, (c) & 0xff, (c) >> 8 }
#define OP(code, dom, vcpu, a, b, c) OPX(code, dom, vcpu, 0, a, b, c)

/* Argument decoders' special values (ev_model.c). */
#define SELF    0       /* dec_domid: DOMID_SELF */
#define DOM0    1
#define DOM1    2
#define NODOM   3       /* domid 2: does not exist */
#define P_LIMIT 0xf001  /* dec_port: max_port + 1 */
#define P_VALID 0xf003  /* the first port without a bucket */
#define P_2L    0xf005  /* 4096 */
#define P_HUGE  0xf00a  /* 0xffffffff */
#define V_HUGE  0xffff  /* dec_vcpu: 0xffffffff */

struct row {
	uint8_t op[EV_OP_BYTES];
	long rc;
	long port;      /* OUT port, -1 = not checked */
};

/* Apply one row, check its result and the whole model; false on failure. */
static bool run_rows(const char *name, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct ev_op op;
		const char *why;
		char line[160];

		ev_decode(rows[i].op, EV_OP_BYTES, &op);
		ev_format(&op, line, sizeof(line));
		why = ev_apply(&op);
		if (!why)
			why = ev_check();
		CHECKF(!why, "%s row %zu %s: %s", name, i, line, why);
		if (why)
			return false;
		CHECKF(ev_last_rc() == rows[i].rc, "%s row %zu %s: rc %ld, want %ld", name, i,
		       line, ev_last_rc(), rows[i].rc);
		if (rows[i].port >= 0 && rows[i].rc == 0)
			CHECKF(ev_last_port() == (uint32_t)rows[i].port,
			       "%s row %zu %s: port %u, want %ld", name, i, line, ev_last_port(),
			       rows[i].port);
	}
	return true;
}

static void finish(const char *name)
{
	const char *why = ev_fini();

	CHECKF(!why, "%s: %s", name, why);
}

TEST(evtchn, loopback_and_interdomain)
{
	static const struct row rows[] = {
		{ OP(EV_ALLOC_UNBOUND, 1, 0, SELF, SELF, 0), 0, 1 },
		{ OP(EV_BIND_INTERDOMAIN, 1, 0, SELF, 1, 0), 0, 2 },   /* loopback 2 <-> 1 */
		{ OP(EV_BIND_INTERDOMAIN, 1, 0, SELF, 1, 0), -EINVAL, -1 }, /* bound already */
		{ OP(EV_SEND, 1, 0, 2, 0, 0), 0, -1 },
		{ OP(EV_STATUS, 1, 0, SELF, 1, 0), 0, -1 },
		{ OP(EV_CLOSE, 1, 0, 2, 0, 0), 0, -1 },                /* 1 unbound again */
		{ OP(EV_CLOSE, 1, 0, 2, 0, 0), -EINVAL, -1 },
		{ OP(EV_SEND, 1, 0, 1, 0, 0), 0, -1 },                 /* dropped */
		{ OP(EV_ALLOC_UNBOUND, 0, 0, SELF, DOM1, 0), 0, 1 },   /* dom0 offers to d1 */
		{ OP(EV_BIND_INTERDOMAIN, 0, 0, DOM0, 1, 0), -EINVAL, -1 }, /* not to dom0 */
		{ OP(EV_BIND_INTERDOMAIN, 1, 1, DOM0, 1, 0), 0, 2 },
		{ OP(EV_BIND_VCPU, 0, 0, 1, 1, 0), 0, -1 },
		{ OP(EV_SEND, 1, 0, 2, 0, 0), 0, -1 },                 /* raises dom0 v1 */
		{ OP(EV_G_CONSUME, 0, 1, 0, 0, 0), 0, -1 },
		{ OP(EV_CLOSE, 0, 0, 1, 0, 0), 0, -1 },                /* d1's port 2 unbound */
		{ OP(EV_STATUS, 0, 0, DOM1, 2, 0), 0, -1 },
		{ OP(EV_ALLOC_UNBOUND, 1, 0, DOM0, SELF, 0), -EPERM, -1 },
		{ OP(EV_ALLOC_UNBOUND, 0, 0, DOM1, SELF, 0), 0, 3 },   /* privileged */
		{ OP(EV_ALLOC_UNBOUND, 0, 0, NODOM, SELF, 0), -ESRCH, -1 },
		{ OP(EV_STATUS, 1, 0, DOM0, 1, 0), -EPERM, -1 },
		{ OP(EV_RESET, 1, 0, SELF, 0, 0), 0, -1 },
		{ OP(EV_RESET, 1, 0, DOM0, 0, 0), -EPERM, -1 },
		{ OP(EV_RESET, 0, 0, DOM1, 0, 0), -EINVAL, -1 },       /* not paused */
	};

	ev_init(63, 63);
	run_rows("loopback", rows, ARRAY_SIZE(rows));
	finish("loopback");
}

TEST(evtchn, virq_ipi_vcpu)
{
	static const struct row rows[] = {
		{ OP(EV_BIND_VIRQ, 1, 0, 0, 1, 0), 0, 1 },             /* TIMER on v1 */
		{ OP(EV_BIND_VIRQ, 1, 0, 0, 1, 0), -EEXIST, -1 },
		{ OP(EV_BIND_VIRQ, 1, 0, 0, 0, 0), 0, 2 },             /* TIMER on v0 too */
		{ OP(EV_BIND_VIRQ, 1, 0, 3, 1, 0), -EINVAL, -1 },      /* global on v1 */
		{ OP(EV_BIND_VIRQ, 1, 0, 0x118, 0, 0), -EINVAL, -1 },  /* virq 280 */
		{ OP(EV_BIND_VIRQ, 1, 0, 0, 3, 0), -ENOENT, -1 },      /* no v3 */
		{ OP(EV_BIND_VIRQ, 1, 0, 3, 0, 0), 0, 3 },             /* DOM_EXC, global */
		{ OP(EV_BIND_VCPU, 1, 0, 3, 2, 0), 0, -1 },            /* to v2 (no vcpu_info) */
		{ OP(EV_BIND_VCPU, 1, 0, 1, 2, 0), -EINVAL, -1 },      /* per-vCPU VIRQ */
		{ OP(EV_BIND_VCPU, 1, 0, 1, V_HUGE, 0), -ENOENT, -1 },
		{ OP(EV_VIRQ, 1, 0, 3, 0, 0), 0, -1 },                 /* pending, no upcall */
		{ OP(EV_VIRQ, 1, 0, 0, 1, 0), 0, -1 },                 /* TIMER on v1 */
		{ OP(EV_SEND, 1, 0, 1, 0, 0), -EINVAL, -1 },           /* VIRQ: not sendable */
		{ OP(EV_BIND_IPI, 1, 0, 1, 0, 0), 0, 4 },
		{ OP(EV_BIND_IPI, 1, 0, V_HUGE, 0, 0), -ENOENT, -1 },
		{ OP(EV_BIND_VCPU, 1, 0, 4, 0, 0), -EINVAL, -1 },      /* IPI */
		{ OP(EV_G_MASK, 1, 0, 4, 0, 0), 0, -1 },
		{ OP(EV_SEND, 1, 0, 4, 0, 0), 0, -1 },                 /* masked: no selector */
		{ OP(EV_UNMASK, 1, 0, 4, 0, 0), 0, -1 },               /* now it is */
		{ OP(EV_BIND_PIRQ, 1, 0, 5, 0, 0), -EPERM, -1 },
		{ OP(EV_CLOSE, 1, 0, 1, 0, 0), 0, -1 },
		{ OP(EV_CLOSE, 1, 0, 0, 0, 0), -EINVAL, -1 },          /* reserved */
		{ OP(EV_CLOSE, 1, 0, P_VALID, 0, 0), -EINVAL, -1 },
		{ OP(EV_CLOSE, 1, 0, P_HUGE, 0, 0), -EINVAL, -1 },
		{ OP(EV_BAD_CMD, 1, 0, 0, 0, 0), -ENOSYS, -1 },
		{ OP(EV_BAD_CMD, 1, 0, 2, 0, 0), -ENOSYS, -1 },
		{ OP(EV_SET_PRIORITY, 1, 0, 4, 1, 0), -ENOSYS, -1 },   /* 2-level */
		{ OP(EV_EXPAND_ARRAY, 1, 0, 8, 0, 0), -EOPNOTSUPP, -1 },
	};

	ev_init(63, 63);
	run_rows("virq", rows, ARRAY_SIZE(rows));
	finish("virq");
}

/* Hostile argument addresses: -EFAULT and nothing done, or done and -EFAULT. */
TEST(evtchn, hostile_addresses)
{
	static const struct row rows[] = {
		{ OPX(EV_BIND_IPI, 1, 0, 1, 0, 0, 0), -EFAULT, -1 },   /* NULL */
		{ OPX(EV_BIND_IPI, 1, 0, 2, 0, 0, 0), -EFAULT, -1 },   /* non-canonical */
		{ OPX(EV_BIND_IPI, 1, 0, 3, 0, 0, 0), -EFAULT, -1 },   /* hypervisor */
		{ OPX(EV_BIND_IPI, 1, 0, 4, 0, 0, 0), -EFAULT, -1 },   /* past the end */
		{ OPX(EV_BIND_IPI, 1, 0, 5, 0, 0, 0), -EFAULT, -1 },   /* read-only: bound */
		{ OPX(EV_STATUS, 1, 0, 0, SELF, 1, 0), 0, -1 },
		{ OPX(EV_CLOSE, 1, 0, 5, 1, 0, 0), 0, -1 },            /* IN only: fine */
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 1 },
		{ OPX(EV_POLL, 1, 0, 0, 0x81, 1, 0), -EINVAL, -1 },    /* 128 ports: ok, */
		{ OPX(EV_POLL, 1, 0, 0, 0x80, 1, 0), -EINVAL, -1 },    /* 129: too many */
		{ OPX(EV_POLL, 1, 0, 0, 0x201, 1, 0), -EFAULT, -1 },   /* ports non-canonical */
		{ OPX(EV_POLL, 1, 0, 0, 0x301, 1, 0), -EFAULT, -1 },   /* ports NULL */
		{ OPX(EV_POLL, 1, 0, 3, 0x001, 1, 0), -EFAULT, -1 },
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 0x101, 0, 0), -EINVAL, -1 },  /* mfn not RAM */
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 0x200, 0, 0), -EINVAL, -1 },  /* dom0's frame */
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 0, 0x8fc9, 0), -EINVAL, -1 }, /* offset 4041 */
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 0, 0x8004, 0), -EINVAL, -1 }, /* unaligned */
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 0, 0, 3), -ENOENT, -1 },
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 0, 0x4000, 0), 0, -1 }, /* last offset */
		{ OPX(EV_INIT_CONTROL, 1, 0, 0, 1, 0, 0), -EINVAL, -1 }, /* v0 has one */
		{ OPX(EV_INIT_CONTROL, 1, 0, 5, 1, 0, 1), -EFAULT, -1 }, /* done, not told */
		{ OPX(EV_SET_PRIORITY, 1, 0, 0, 2, 16, 0), -EACCES, -1 }, /* free port */
		{ OPX(EV_SET_PRIORITY, 1, 0, 0, 1, 16, 0), -EINVAL, -1 }, /* priority 16 */
		{ OPX(EV_SET_PRIORITY, 1, 0, 0, P_VALID, 1, 0), -EINVAL, -1 },
		{ OPX(EV_SEND, 1, 0, 0, 1, 0, 0), 0, -1 },             /* no word: held */
		{ OPX(EV_EXPAND_ARRAY, 1, 0, 0, 2, 1, 0), 0, -1 },     /* raised now */
		{ OPX(EV_EXPAND_ARRAY, 1, 0, 0, 0x103, 1, 0), -EINVAL, -1 },
	};

	ev_init(63, 63);
	run_rows("hostile", rows, ARRAY_SIZE(rows));
	finish("hostile");
}

TEST(evtchn, limits)
{
	static const struct row first[] = {
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 1 },
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 2 },
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 3 },
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), -ENOSPC, -1 },      /* max_port 3 */
		{ OP(EV_CLOSE, 1, 0, P_LIMIT, 0, 0), -EINVAL, -1 },
		{ OP(EV_CLOSE, 1, 0, 2, 0, 0), 0, -1 },
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 2 },             /* lowest free */
	};
	struct row rows[70];
	size_t n = 0;

	ev_init(63, 3);
	run_rows("limits-3", first, ARRAY_SIZE(first));
	finish("limits-3");

	/* max_port 64: the second bucket, then -ENOSPC at 65. */
	ev_init(63, 64);
	for (unsigned int p = 1; p <= 64; p++)
		rows[n++] = (struct row){ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, p };
	rows[n++] = (struct row){ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), -ENOSPC, -1 };
	rows[n++] = (struct row){ OP(EV_SEND, 1, 0, P_2L, 0, 0), -EINVAL, -1 };
	run_rows("limits-64", rows, n);
	finish("limits-64");
}

TEST(evtchn, fifo_queues)
{
	static const struct row rows[] = {
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 1 },
		{ OP(EV_BIND_IPI, 1, 0, 1, 0, 0), 0, 2 },
		{ OP(EV_SEND, 1, 0, 2, 0, 0), 0, -1 },                 /* 2-level pending */
		{ OP(EV_INIT_CONTROL, 1, 0, 0, 0, 0), 0, -1 },
		{ OP(EV_INIT_CONTROL, 1, 0, 1, 1, 1), 0, -1 },
		{ OP(EV_EXPAND_ARRAY, 1, 0, 2, 0, 0), 0, -1 },         /* port 2 raised */
		{ OP(EV_SEND, 1, 0, 1, 0, 0), 0, -1 },
		{ OP(EV_SET_PRIORITY, 1, 0, 1, 3, 0), 0, -1 },
		{ OP(EV_G_CONSUME, 1, 0, 7, 0, 0), 0, -1 },
		{ OP(EV_SEND, 1, 0, 1, 0, 0), 0, -1 },                 /* now on queue 3 */
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 3 },
		{ OP(EV_SEND, 1, 0, 3, 0, 0), 0, -1 },
		{ OP(EV_CLOSE, 1, 0, 3, 0, 0), 0, -1 },                /* still LINKED: busy */
		{ OP(EV_BIND_IPI, 1, 0, 0, 0, 0), 0, 4 },              /* so 3 is skipped */
		{ OP(EV_G_CONSUME, 1, 0, 7, 0, 0), 0, -1 },
		{ OP(EV_G_CONSUME, 1, 0, 3, 0, 0), 0, -1 },
		{ OP(EV_G_CONSUME, 1, 1, 7, 0, 0), 0, -1 },
		{ OP(EV_G_MASK, 1, 0, 4, 0, 0), 0, -1 },
		{ OP(EV_SEND, 1, 0, 4, 0, 0), 0, -1 },                 /* masked: not linked */
		{ OP(EV_UNMASK, 1, 0, 4, 0, 0), 0, -1 },               /* linked now */
		{ OP(EV_EXPAND_ARRAY, 1, 0, 2, 0, 0), 0, -1 },         /* same frame again */
		{ OP(EV_RESET, 1, 0, SELF, 0, 0), 0, -1 },             /* back to 2-level */
		{ OP(EV_SET_PRIORITY, 1, 0, 1, 3, 0), -ENOSYS, -1 },
	};

	ev_init(63, 63);
	run_rows("fifo", rows, ARRAY_SIZE(rows));
	finish("fifo");
}

TEST(evtchn, poll)
{
	static const struct row rows[] = {
		{ OP(EV_BIND_IPI, 0, 0, 1, 0, 0), 0, 1 },
		{ OP(EV_POLL, 0, 1, 0x41, 1, 0), 0, -1 },              /* blocks, timeout */
		{ OP(EV_SEND, 0, 0, 1, 0, 0), 0, -1 },                 /* wakes v1 */
		{ OP(EV_POLL, 0, 1, 1, 1, 0), 0, -1 },                 /* pending: at once */
		{ OP(EV_G_CONSUME, 0, 1, 0, 0, 0), 0, -1 },
		{ OP(EV_POLL, 0, 1, 2, 1, 5), -EINVAL, -1 },           /* port 5 unbound */
		{ OP(EV_POLL, 0, 1, 0, 0, 0), 0, -1 },                 /* no ports: any */
		{ OP(EV_TIMER, 0, 1, 0, 0, 0), 0, -1 },                /* the old timer */
		{ OP(EV_POLL, 0, 1, 0x101, 1, 0), 0, -1 },             /* 1 port, ok */
		{ OP(EV_G_UPCALL_MASK, 0, 1, 2, 0, 0), 0, -1 },
		/* v1 still polls port 1; an unmask raising its upcall ends the poll. */
		{ OP(EV_BIND_IPI, 0, 0, 1, 0, 0), 0, 2 },
		{ OP(EV_G_MASK, 0, 0, 2, 0, 0), 0, -1 },
		{ OP(EV_SEND, 0, 0, 2, 0, 0), 0, -1 },                 /* masked: v1 sleeps on */
		{ OP(EV_UNMASK, 0, 0, 2, 0, 0), 0, -1 },               /* upcall: v1 wakes */
		{ OP(EV_POLL, 0, 1, 1, 1, 0), 0, -1 },                 /* pending: at once */
	};

	ev_init(63, 63);
	run_rows("poll", rows, ARRAY_SIZE(rows));
	finish("poll");
}

/* Seeded random sequences: the fuzz target's driver, a fixed set of seeds. */
TEST(evtchn, random_sequences)
{
	uint64_t seed = test_seed(), state;
	static uint8_t buf[2 + 600 * EV_OP_BYTES];
	unsigned int runs = 0;

	for (unsigned int r = 0; r < 200; r++) {
		size_t bad, n = 2 + (r % 600 + 1) * EV_OP_BYTES;
		const char *why;

		state = seed ^ (0x9e3779b97f4a7c15ULL * (r + 1));
		for (size_t i = 0; i < n; i++) {
			uint64_t x = test_rand(&state);

			buf[i] = x >> 24;
			/* Mostly small ports, ids and good addresses. */
			if (i >= 2 && (i - 2) % EV_OP_BYTES == 1 && (x & 3))
				buf[i] &= 7;
			else if (i >= 2 && (i - 2) % EV_OP_BYTES >= 2 && (x & 7))
				buf[i] = ((i - 2) % 2) ? 0 : buf[i] % 12;
		}
		why = ev_run(buf, n, &bad);
		CHECKF(!why, "seed %#llx run %u: %s (op at byte %zu)", (unsigned long long)seed, r,
		       why, bad);
		if (why) {
			ev_print_trace(buf, n, bad);
			break;
		}
		runs++;
	}
	test_note("%u runs of up to 600 operations", runs);
}
