// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model of ev_model.h: the host machine for the event-channel sources
 * (domains, vCPUs, shared_info, guest frames and memory), the stubs those
 * sources call (heap, guest copies, timers, vcpu_wake/sleep, domain
 * lookup), the operations, the reference model and the check.
 *
 * The model is written from the ABI (Xen 4.17's event_channel.h and
 * common/event_channel.c behaviour), not from our code: its own port
 * table, the 2-level pending/mask/selector/upcall bits, the FIFO PENDING
 * and MASKED bits, the blocked/polling state and the number of wakes per
 * vCPU. What it does not predict bit for bit (which FIFO queue a word is
 * linked on, ready bits) it checks structurally: every LINKED word on
 * exactly one queue, reachable from the queue's head, no cycle, a ready
 * bit exactly for each non-empty queue, ready bits only ever raised by
 * the hypervisor and the upcall raised exactly when one rose.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ev_model.h"

#include "lib-rename.h"
#include "hv_evtchn.h"
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/event.h>
#include <hv/evtchn.h>
#include <public/sched.h>
#include "lib-unrename.h"

/* hv_evtchn.c's accessors. */
volatile uint32_t *ev_hv_fifo_word(const struct domain *d, uint32_t port);
unsigned int ev_hv_fifo_nr_words(const struct domain *d);
struct evtchn_fifo_control_block *ev_hv_fifo_cb(const struct vcpu *v);
uint32_t ev_hv_fifo_tail(const struct vcpu *v, unsigned int prio);
void ev_hv_poll_timer_fn(void *data);

#define EM_NDOM      2
#define EM_MAXV      3
#define EM_MAX_PORTS 1024	/* max_port below this */
#define EM_NR_FRAMES 16
#define EM_FRAMES_PER_DOM 8
#define EM_MAX_WORDS EVTCHN_FIFO_NR_CHANNELS
#define EM_CB_SIZE   sizeof(struct evtchn_fifo_control_block)
#define W_P (1u << EVTCHN_FIFO_PENDING)
#define W_M (1u << EVTCHN_FIFO_MASKED)
#define W_L (1u << EVTCHN_FIFO_LINKED)
#define W_B (1u << EVTCHN_FIFO_BUSY)

/* ---- The machine ---- */

struct vcpu *ev_current;
struct domain *dom0;

static struct domain em_d[EM_NDOM];
static struct vcpu em_v[EM_NDOM][EM_MAXV];
static struct vcpu *em_vp[EM_NDOM][EM_MAXV];
static struct shared_info em_shinfo[EM_NDOM] __attribute__((aligned(4096)));
static uint8_t em_frame[EM_NR_FRAMES][4096] __attribute__((aligned(4096)));
static unsigned int em_frame_refs[EM_NR_FRAMES];
static uint8_t em_gmem[4096] __attribute__((aligned(4096)));
#define EM_GMEM_RW 2048		/* the upper half is read-only */
static long em_live_allocs;
static unsigned long em_wakes[EM_NDOM][EM_MAXV], em_sleeps[EM_NDOM][EM_MAXV];
static char em_why[512];
static bool em_verbose, em_bug;
static long em_rc;
static uint32_t em_port_out;

/* ---- The model ---- */

struct em_port {
	uint8_t state;            /* ECS_* (the model's own copy) */
	bool nw_pending;          /* FIFO: raised while it had no word */
	uint8_t prio;
	uint16_t unbound_remote;
	uint8_t rdom;
	uint32_t rport;
	uint32_t virq;
	uint32_t vcpu;
};

struct em_vcpu {
	bool has_info;
	bool cb;                  /* FIFO control block registered */
	unsigned int cb_mfn, cb_off;
	uint32_t ghead[EVTCHN_FIFO_MAX_QUEUES];  /* the guest's local heads */
	bool blocked;
	int poll;                 /* 0, -1 (several ports) or the port */
	bool timer;
	unsigned long wakes, sleeps;
	uint8_t upcall, upcall_mask;
	unsigned long sel;
	uint32_t virq[NR_VIRQS];
};

struct em_dom {
	unsigned int nv, max_port, valid;
	bool fifo, aliased;
	unsigned int nwords, npages;
	unsigned int page_mfn[EVTCHN_FIFO_NR_CHANNELS / 1024];
	struct em_port port[EM_MAX_PORTS + EVTCHNS_PER_BUCKET];
	unsigned long pend[64], mask[64];
	uint8_t fpend[EM_MAX_WORDS / 8], fmask[EM_MAX_WORDS / 8];
	uint8_t lq[EM_MAX_WORDS];  /* 1 + vcpu * 16 + queue it was linked on */
	struct em_vcpu v[EM_MAXV];
} em[EM_NDOM];

static bool tb(const void *bm, unsigned int n)
{
	return (((const uint8_t *)bm)[n / 8] >> (n % 8)) & 1;
}

static void sb(void *bm, unsigned int n, bool on)
{
	uint8_t *p = (uint8_t *)bm + n / 8;

	*p = on ? *p | (1u << (n % 8)) : *p & ~(1u << (n % 8));
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	if (em_why[0])
		return;		/* keep the first */
	va_start(ap, fmt);
	vsnprintf(em_why, sizeof(em_why), fmt, ap);
	va_end(ap);
}

/* ---- Stubs for the hypervisor sources ---- */

void *xzalloc_bytes(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (p)
		em_live_allocs++;
	return p;
}

void xfree(void *p)
{
	if (p)
		em_live_allocs--;
	free(p);
}

struct domain *domain_lookup(domid_t id)
{
	if (id == DOMID_SELF)
		return ev_current->domain;
	for (unsigned int i = 0; i < EM_NDOM; i++)
		if (em_d[i].domain_id == id && !em_d[i].is_dying)
			return &em_d[i];
	return NULL;
}

size_t raw_copy_from_guest(void *dst, const void *src, size_t n)
{
	uintptr_t s = (uintptr_t)src, g = (uintptr_t)em_gmem;

	if (s < g || s + n > g + sizeof(em_gmem) || s + n < s)
		return n;
	memcpy(dst, src, n);
	return 0;
}

size_t raw_copy_to_guest(void *dst, const void *src, size_t n)
{
	uintptr_t s = (uintptr_t)dst, g = (uintptr_t)em_gmem;

	if (s < g || s + n > g + EM_GMEM_RW || s + n < s)
		return n;
	memcpy(dst, src, n);
	return 0;
}

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
	memset(t, 0, sizeof(*t));
	t->fn = fn;
	t->data = data;
}

void set_timer(struct timer *t, s_time_t expires)
{
	t->expires = expires;
	t->active = true;
}

void stop_timer(struct timer *t)
{
	t->active = false;
}

static void vcpu_index(const struct vcpu *v, unsigned int *di, unsigned int *vi)
{
	*di = v->domain - em_d;
	*vi = v->vcpu_id;
	if (*di >= EM_NDOM || *vi >= EM_MAXV) {
		fprintf(stderr, "ev_model: a vcpu outside the machine\n");
		abort();
	}
}

void vcpu_wake(struct vcpu *v)
{
	unsigned int di, vi;

	vcpu_index(v, &di, &vi);
	em_wakes[di][vi]++;
}

void vcpu_sleep(struct vcpu *v)
{
	unsigned int di, vi;

	vcpu_index(v, &di, &vi);
	if (!(v->pause_flags & VPF_blocked))
		fail("d%u v%u put to sleep while not blocked", di, vi);
	em_sleeps[di][vi]++;
}

static int frame_of(const void *va)
{
	uintptr_t a = (uintptr_t)va, f = (uintptr_t)em_frame;

	if (a < f || a >= f + sizeof(em_frame))
		return -1;
	return (a - f) / 4096;
}

void *guest_frame_get_writable(const struct domain *d, unsigned long mfn)
{
	if (mfn >= EM_NR_FRAMES || mfn / EM_FRAMES_PER_DOM != (unsigned long)(d - em_d))
		return NULL;
	em_frame_refs[mfn]++;
	return em_frame[mfn];
}

void guest_frame_put_writable(const void *va)
{
	int f;

	if (!va)
		return;
	f = frame_of(va);
	if (f < 0 || !em_frame_refs[f]) {
		fail("put of a guest frame not held (%p)", va);
		return;
	}
	em_frame_refs[f]--;
}

/* ---- Model helpers ---- */

static struct em_vcpu *mv(unsigned int di, unsigned int vi)
{
	return &em[di].v[vi];
}

static bool m_usable(const struct em_port *p)
{
	return p->state > ECS_RESERVED;
}

static bool m_virq_global(uint32_t virq)
{
	return !(virq == VIRQ_TIMER || virq == VIRQ_DEBUG || virq == VIRQ_XENOPROF ||
		 virq == VIRQ_XENPMU);
}

static int m_dom(domid_t id, unsigned int cd)
{
	if (id == DOMID_SELF)
		return cd;
	if (id < EM_NDOM)
		return id;
	return -1;
}

static void m_unblock(unsigned int di, unsigned int vi)
{
	struct em_vcpu *v = mv(di, vi);

	if (!v->blocked)
		return;
	v->blocked = false;
	v->poll = 0;
	v->wakes++;
}

static void m_mark_pending(unsigned int di, unsigned int vi)
{
	struct em_vcpu *v = mv(di, vi);

	if (!v->has_info || v->upcall)
		return;
	v->upcall = 1;
	m_unblock(di, vi);
}

static void m_check_pollers(unsigned int di, uint32_t port)
{
	for (unsigned int vi = 0; vi < em[di].nv; vi++) {
		struct em_vcpu *v = mv(di, vi);

		if (v->poll && (v->poll < 0 || (uint32_t)v->poll == port)) {
			v->poll = 0;
			m_unblock(di, vi);
		}
	}
}

static bool m_fword(unsigned int di, uint32_t port)
{
	return em[di].fifo && port < em[di].nwords;
}

/* Words the current operation must link, each on its vCPU's queue of its priority. */
static struct { uint8_t di; uint32_t port; } em_must[2 * EM_MAX_PORTS];
static unsigned int em_nmust;
/* LINKED words before the operation, and those it may link. */
static uint8_t em_lbefore[EM_NDOM][EM_MAX_WORDS / 8], em_lmay[EM_NDOM][EM_MAX_WORDS / 8];
static uint32_t em_nw_before[EM_NDOM];
static struct evtchn_fifo_control_block *g_cb(unsigned int di, unsigned int vi);
static uint32_t g_fword(unsigned int di, uint32_t port);

/* A raised FIFO event (called before the hypervisor acts, so the word is as before). */
static void m_fifo_raise(unsigned int di, unsigned int vi, uint32_t port)
{
	struct em_dom *m = &em[di];

	if (m->aliased || tb(m->fmask, port) || !g_cb(di, vi) ||
	    (g_fword(di, port) & (1u << EVTCHN_FIFO_LINKED)))
		return;
	m->lq[port] = 1 + vi * EVTCHN_FIFO_MAX_QUEUES + m->port[port].prio;
	sb(em_lmay[di], port, true);
	if (em_nmust < ARRAY_SIZE(em_must)) {
		em_must[em_nmust].di = di;
		em_must[em_nmust++].port = port;
	}
}

/* Raise `port` of di for vCPU vi (evtchn_port_set_pending). */
static void m_set_pending(unsigned int di, unsigned int vi, uint32_t port)
{
	struct em_dom *m = &em[di];
	struct em_vcpu *v = mv(di, vi);
	bool was;

	if (!m_usable(&m->port[port]))
		return;
	if (!m->fifo) {
		if (tb(m->pend, port))
			return;
		sb(m->pend, port, true);
		if (v->has_info && !tb(m->mask, port) && !(v->sel & (1UL << (port / 64)))) {
			v->sel |= 1UL << (port / 64);
			m_mark_pending(di, vi);
		}
		m_check_pollers(di, port);
		return;
	}
	if (!m_fword(di, port)) {
		m->port[port].nw_pending = true;
		return;
	}
	/* Ready bits: checked structurally after the operation. */
	m_fifo_raise(di, vi, port);
	was = tb(m->fpend, port);
	sb(m->fpend, port, true);
	if (!was)
		m_check_pollers(di, port);
}

static void m_clear_pending(unsigned int di, uint32_t port)
{
	struct em_dom *m = &em[di];

	if (!m->fifo)
		sb(m->pend, port, false);
	else if (m_fword(di, port))
		sb(m->fpend, port, false);
}

static void m_free(unsigned int di, uint32_t port)
{
	struct em_port *p = &em[di].port[port];

	if (m_usable(p))
		m_clear_pending(di, port);
	p->state = ECS_FREE;
	p->vcpu = 0;
}

/* The guest's view of a FIFO word: its real value. */
static uint32_t g_fword(unsigned int di, uint32_t port)
{
	volatile uint32_t *w = ev_hv_fifo_word(&em_d[di], port);

	return w ? *w : 0;
}

/* get_free_port(): the lowest free port, allocating buckets up to it. */
static int m_get_free_port(unsigned int di)
{
	struct em_dom *m = &em[di];
	unsigned int lim = m->fifo ? EVTCHN_FIFO_NR_CHANNELS : EVTCHN_2L_NR_CHANNELS;

	for (uint32_t port = 0; port <= m->max_port; port++) {
		if (port >= lim)
			return -ENOSPC;
		if (port < m->valid) {
			if (m->port[port].state != ECS_FREE ||
			    (m->fifo && (g_fword(di, port) & W_L)))
				continue;
			return port;
		}
		m->valid = (port / EVTCHNS_PER_BUCKET + 1) * EVTCHNS_PER_BUCKET;
		return port;
	}
	return -ENOSPC;
}

static void m_port_init(unsigned int di, uint32_t port)
{
	if (em[di].fifo)
		em[di].port[port].prio = EVTCHN_FIFO_PRIORITY_DEFAULT;
}

static long m_close(unsigned int di, uint32_t port)
{
	struct em_dom *m = &em[di];
	struct em_port *p;

	if (port >= m->valid)
		return -EINVAL;
	p = &m->port[port];
	switch (p->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		return -EINVAL;
	case ECS_VIRQ:
		mv(di, m_virq_global(p->virq) ? 0 : p->vcpu)->virq[p->virq] = 0;
		break;
	case ECS_INTERDOMAIN: {
		struct em_port *r = &em[p->rdom].port[p->rport];

		m_free(di, port);
		r->state = ECS_UNBOUND;
		r->unbound_remote = di;
		return 0;
	}
	default:
		break;
	}
	m_free(di, port);
	return 0;
}

static void m_fifo_teardown(unsigned int di)
{
	struct em_dom *m = &em[di];

	m->fifo = false;
	m->aliased = false;
	m->nwords = 0;
	m->npages = 0;
	memset(m->lq, 0, sizeof(m->lq));
	memset(em_lmay[di], 0, sizeof(em_lmay[di]));
	for (unsigned int vi = 0; vi < m->nv; vi++) {
		mv(di, vi)->cb = false;
		memset(mv(di, vi)->ghead, 0, sizeof(mv(di, vi)->ghead));
	}
}

/* Is [off, off+len) of frame mfn already in use by domain di's FIFO state? */
static bool m_frame_in_use(unsigned int di, unsigned int mfn, unsigned int off, unsigned int len)
{
	struct em_dom *m = &em[di];

	for (unsigned int i = 0; i < m->npages; i++)
		if (m->page_mfn[i] == mfn)
			return true;
	for (unsigned int vi = 0; vi < m->nv; vi++) {
		struct em_vcpu *v = mv(di, vi);

		if (v->cb && v->cb_mfn == mfn && off < v->cb_off + EM_CB_SIZE &&
		    v->cb_off < off + len)
			return true;
	}
	return false;
}

/* ---- Argument decoding ---- */

static uint32_t dec_port(unsigned int di, uint32_t x)
{
	const struct em_dom *m = &em[di];
	const uint32_t special[16] = {
		m->max_port, m->max_port + 1, m->valid - 1, m->valid, 4095, 4096,
		131071, 131072, 0x7fffffff, 0x80000000, 0xffffffff, 1, 2, 3, 64, 65,
	};

	if ((x & 0xf000) == 0xf000)
		return special[x & 15];
	return x % 1100;
}

static uint16_t dec_domid(uint32_t x)
{
	const uint16_t t[8] = { DOMID_SELF, 0, 1, 2, 0x7ff1, 0xffff, 0, DOMID_SELF };

	return (x & 7) == 6 ? x >> 3 : t[x & 7];
}

static uint32_t dec_vcpu(uint32_t x)
{
	return (x & 0x8000) ? 0xffff0000u | x : x % 5;
}

/* Where the argument goes: 0 ok, 1-4 faults, 5 read-only, 6-7 ok. */
static unsigned long arg_addr(unsigned int sel, size_t n)
{
	switch (sel) {
	case 1: return 0;
	case 2: return 0x0000800000000000UL - 4;
	case 3: return 0xffff800000000000UL;
	case 4: return (unsigned long)em_gmem + sizeof(em_gmem) - n / 2;
	case 5: return (unsigned long)em_gmem + EM_GMEM_RW + 256;
	default: return (unsigned long)em_gmem + 256;
	}
}

static bool arg_faults(unsigned int sel)
{
	return sel >= 1 && sel <= 4;
}

/* Put the argument where the selector says (if it is guest memory). */
static unsigned long put_arg(unsigned int sel, const void *a, size_t n)
{
	unsigned long addr = arg_addr(sel, n);

	if (!arg_faults(sel))
		memcpy((void *)addr, a, n);
	return addr;
}

static void get_arg(unsigned int sel, void *a, size_t n)
{
	if (!arg_faults(sel))
		memcpy(a, (void *)arg_addr(sel, n), n);
}

/* ---- Life cycle ---- */

unsigned int ev_max_port_sel(uint8_t b)
{
	const unsigned int t[8] = { 3, 63, 64, 127, 200, 1000, 1023, 4 };

	return t[b & 7];
}

void ev_set_verbose(bool on)
{
	em_verbose = on;
}

long ev_last_rc(void)
{
	return em_rc;
}

uint32_t ev_last_port(void)
{
	return em_port_out;
}

void ev_init(unsigned int max_port0, unsigned int max_port1)
{
	const unsigned int nv[EM_NDOM] = { 2, 3 };
	const unsigned int mp[EM_NDOM] = { max_port0, max_port1 };

	memset(em_d, 0, sizeof(em_d));
	memset(em_v, 0, sizeof(em_v));
	memset(em_shinfo, 0, sizeof(em_shinfo));
	memset(em_frame, 0, sizeof(em_frame));
	memset(em_frame_refs, 0, sizeof(em_frame_refs));
	memset(em_gmem, 0, sizeof(em_gmem));
	memset(em_wakes, 0, sizeof(em_wakes));
	memset(em_sleeps, 0, sizeof(em_sleeps));
	memset(em, 0, sizeof(em));
	memset(em_lmay, 0, sizeof(em_lmay));
	em_live_allocs = 0;
	em_why[0] = 0;
	em_bug = false;
	dom0 = &em_d[0];
	for (unsigned int di = 0; di < EM_NDOM; di++) {
		struct domain *d = &em_d[di];

		d->domain_id = di;
		d->is_privileged = di == 0;
		d->max_vcpus = nv[di];
		d->vcpu = em_vp[di];
		d->shared_info = &em_shinfo[di];
		em[di].nv = nv[di];
		em[di].max_port = mp[di];
		if (evtchn_init(d, mp[di])) {
			fprintf(stderr, "ev_model: evtchn_init failed\n");
			abort();
		}
		em[di].valid = EVTCHNS_PER_BUCKET;
		em[di].port[0].state = ECS_RESERVED;
		for (unsigned int vi = 0; vi < nv[di]; vi++) {
			struct vcpu *v = &em_v[di][vi];

			em_vp[di][vi] = v;
			v->vcpu_id = vi;
			v->domain = d;
			/* dom1's last vCPU has no vcpu_info (beyond shared_info's 32). */
			if (!(di == 1 && vi == 2)) {
				v->vcpu_info = &em_shinfo[di].vcpu_info[vi];
				em[di].v[vi].has_info = true;
			}
			if (evtchn_vcpu_init(v)) {
				fprintf(stderr, "ev_model: evtchn_vcpu_init failed\n");
				abort();
			}
		}
	}
	ev_current = &em_v[0][0];
}

const char *ev_fini(void)
{
	/*
	 * Teardown has two stages: evtchn_destroy() closes every port and
	 * drops the guest frames (a dying domain keeps its closed tables);
	 * evtchn_destroy_final() frees the tables.
	 */
	for (unsigned int di = 0; di < EM_NDOM; di++)
		evtchn_destroy(&em_d[di]);
	for (unsigned int f = 0; f < EM_NR_FRAMES; f++)
		if (em_frame_refs[f])
			fail("guest frame %u still has %u references", f, em_frame_refs[f]);
	for (unsigned int di = 0; di < EM_NDOM; di++)
		evtchn_destroy_final(&em_d[di]);
	if (em_live_allocs)
		fail("%ld allocations left after evtchn_destroy_final", em_live_allocs);
	return em_why[0] ? em_why : NULL;
}

bool ev_decode(const uint8_t *p, size_t n, struct ev_op *op)
{
	if (n < EV_OP_BYTES)
		return false;
	op->code = p[0] % EV_NR_CODES;
	op->dom = p[1] & 1;
	op->vcpu = (p[1] >> 1) & 3;
	op->addr = (p[1] >> 3) & 7;
	op->a = p[2] | (p[3] << 8) | ((p[1] & 0xc0) << 10);
	op->b = p[4] | (p[5] << 8);
	op->c = p[6] | (p[7] << 8);
	return true;
}

static const char *const code_name[EV_NR_CODES] = {
	"ALLOC_UNBOUND", "BIND_INTERDOMAIN", "BIND_VIRQ", "BIND_IPI", "BIND_PIRQ",
	"CLOSE", "SEND", "STATUS", "BIND_VCPU", "UNMASK", "RESET", "INIT_CONTROL",
	"EXPAND_ARRAY", "SET_PRIORITY", "BAD_CMD", "POLL", "VIRQ", "TIMER",
	"G_MASK", "G_UNMASK", "G_CLEAR", "G_CONSUME", "G_UPCALL_MASK",
};

void ev_format(const struct ev_op *op, char *buf, size_t size)
{
	snprintf(buf, size, "{ EV_%s, d%u, v%u, addr %u, %#x, %#x, %#x }",
		 code_name[op->code % EV_NR_CODES], op->dom, op->vcpu, op->addr,
		 op->a, op->b, op->c);
}

/* ---- Operations ---- */

static long hc(unsigned long cmd, unsigned int sel, void *arg, size_t n)
{
	unsigned long addr = put_arg(sel, arg, n);
	long rc = do_event_channel_op(cmd, addr);

	get_arg(sel, arg, n);
	return rc;
}

static bool m_pending_now(unsigned int di, uint32_t port)
{
	if (!em[di].fifo)
		return port < EVTCHN_2L_NR_CHANNELS && tb(em[di].pend, port);
	return g_fword(di, port) & W_P;
}

static struct evtchn_fifo_control_block *g_cb(unsigned int di, unsigned int vi)
{
	struct em_vcpu *v = mv(di, vi);

	if (!em[di].fifo || !v->cb)
		return NULL;
	return (void *)(em_frame[v->cb_mfn] + v->cb_off);
}

static unsigned long dec_mfn(unsigned int cd, uint32_t x)
{
	const unsigned long special[8] = { 16, 0x100000, ~0UL, 1UL << 40, 7, 8, 15, 0 };

	if (x & 0x100)
		return special[x & 7];
	if (x & 0x200)
		return x % EM_NR_FRAMES;
	return cd * EM_FRAMES_PER_DOM + x % EM_FRAMES_PER_DOM;
}

static bool mfn_ok(unsigned int di, unsigned long mfn)
{
	return mfn < EM_NR_FRAMES && mfn / EM_FRAMES_PER_DOM == di;
}

static long op_hypercall(const struct ev_op *op, unsigned int cd, unsigned int cv, long *want,
			 uint32_t *mport, bool *out)
{
	struct em_dom *m = &em[cd];
	unsigned int sel = op->addr;
	bool f = arg_faults(sel);
	long rc = 0;
	int t, p;

	*out = false;
	switch (op->code) {
	case EV_ALLOC_UNBOUND: {
		struct evtchn_alloc_unbound a = { dec_domid(op->a), dec_domid(op->b), 0xdead };

		*out = true;
		t = m_dom(a.dom, cd);
		if (f)
			*want = -EFAULT;
		else if (t < 0)
			*want = -ESRCH;
		else if (t != (int)cd && cd != 0)
			*want = -EPERM;
		else if ((p = m_get_free_port(t)) < 0)
			*want = p;
		else {
			em[t].port[p].state = ECS_UNBOUND;
			em[t].port[p].unbound_remote = a.remote_dom == DOMID_SELF ? cd : a.remote_dom;
			m_port_init(t, p);
			*want = 0;
			*mport = p;
		}
		rc = hc(EVTCHNOP_alloc_unbound, sel, &a, sizeof(a));
		em_port_out = a.port;
		break;
	}
	case EV_BIND_INTERDOMAIN: {
		struct evtchn_bind_interdomain b = { .remote_dom = dec_domid(op->a) };

		*out = true;
		t = m_dom(b.remote_dom, cd);
		b.remote_port = dec_port(t < 0 ? cd : (unsigned int)t, op->b);
		if (f)
			*want = -EFAULT;
		else if (t < 0)
			*want = -ESRCH;
		else if ((p = m_get_free_port(cd)) < 0)
			*want = p;
		else if (b.remote_port >= em[t].valid ||
			 em[t].port[b.remote_port].state != ECS_UNBOUND ||
			 em[t].port[b.remote_port].unbound_remote != cd)
			*want = -EINVAL;
		else {
			struct em_port *l = &m->port[p], *r = &em[t].port[b.remote_port];

			l->state = ECS_INTERDOMAIN;
			l->rdom = t;
			l->rport = b.remote_port;
			m_port_init(cd, p);
			r->state = ECS_INTERDOMAIN;
			r->rdom = cd;
			r->rport = p;
			m_set_pending(cd, l->vcpu, p);
			*want = 0;
			*mport = p;
		}
		rc = hc(EVTCHNOP_bind_interdomain, sel, &b, sizeof(b));
		em_port_out = b.local_port;
		break;
	}
	case EV_BIND_VIRQ: {
		struct evtchn_bind_virq b = {
			(op->a & 0x100) ? op->a : op->a % NR_VIRQS, dec_vcpu(op->b), 0xdead
		};

		*out = true;
		if (f)
			*want = -EFAULT;
		else if (b.virq >= NR_VIRQS || (m_virq_global(b.virq) && b.vcpu))
			*want = -EINVAL;
		else if (b.vcpu >= m->nv)
			*want = -ENOENT;
		else if (mv(cd, b.vcpu)->virq[b.virq])
			*want = -EEXIST;
		else if ((p = m_get_free_port(cd)) < 0)
			*want = p;
		else {
			m->port[p].state = ECS_VIRQ;
			m->port[p].vcpu = b.vcpu;
			m->port[p].virq = b.virq;
			m_port_init(cd, p);
			mv(cd, b.vcpu)->virq[b.virq] = p;
			*want = 0;
			*mport = p;
		}
		rc = hc(EVTCHNOP_bind_virq, sel, &b, sizeof(b));
		em_port_out = b.port;
		break;
	}
	case EV_BIND_IPI: {
		struct evtchn_bind_ipi b = { dec_vcpu(op->a), 0xdead };

		*out = true;
		if (f)
			*want = -EFAULT;
		else if (b.vcpu >= m->nv)
			*want = -ENOENT;
		else if ((p = m_get_free_port(cd)) < 0)
			*want = p;
		else {
			m->port[p].state = ECS_IPI;
			m->port[p].vcpu = b.vcpu;
			m_port_init(cd, p);
			*want = 0;
			*mport = p;
		}
		rc = hc(EVTCHNOP_bind_ipi, sel, &b, sizeof(b));
		em_port_out = b.port;
		break;
	}
	case EV_BIND_PIRQ: {
		struct evtchn_bind_pirq b = { op->a, op->b, 0 };

		*want = f ? -EFAULT : -EPERM;
		rc = hc(EVTCHNOP_bind_pirq, sel, &b, sizeof(b));
		break;
	}
	case EV_CLOSE: {
		struct evtchn_close c = { dec_port(cd, op->a) };

		*want = f ? -EFAULT : m_close(cd, c.port);
		rc = hc(EVTCHNOP_close, sel, &c, sizeof(c));
		break;
	}
	case EV_SEND: {
		struct evtchn_send s = { dec_port(cd, op->a) };
		struct em_port *lp = s.port < m->valid ? &m->port[s.port] : NULL;

		if (f)
			*want = -EFAULT;
		else if (!lp)
			*want = -EINVAL;
		else if (lp->state == ECS_INTERDOMAIN) {
			m_set_pending(lp->rdom, em[lp->rdom].port[lp->rport].vcpu, lp->rport);
			*want = 0;
		} else if (lp->state == ECS_IPI) {
			m_set_pending(cd, lp->vcpu, s.port);
			*want = 0;
		} else
			*want = lp->state == ECS_UNBOUND ? 0 : -EINVAL;
		rc = hc(EVTCHNOP_send, sel, &s, sizeof(s));
		break;
	}
	case EV_STATUS: {
		struct evtchn_status s = { .dom = dec_domid(op->a) };
		const struct em_port *sp;

		*out = true;	/* INOUT; no port to compare */
		t = m_dom(s.dom, cd);
		s.port = dec_port(t < 0 ? cd : (unsigned int)t, op->b);
		if (f)
			*want = -EFAULT;
		else if (t < 0)
			*want = -ESRCH;
		else if (s.port >= em[t].valid)
			*want = -EINVAL;
		else if (t != (int)cd && cd != 0)
			*want = -EPERM;
		else
			*want = 0;
		rc = hc(EVTCHNOP_status, sel, &s, sizeof(s));
		if (rc == 0 && *want == 0 && sel != 5) {
			sp = &em[t].port[s.port];
			if (s.vcpu != sp->vcpu)
				fail("status d%d port %u: vcpu %u, model %u", t, s.port, s.vcpu, sp->vcpu);
		}
		break;
	}
	case EV_BIND_VCPU: {
		struct evtchn_bind_vcpu b = { dec_port(cd, op->a), dec_vcpu(op->b) };
		struct em_port *bp = b.port < m->valid ? &m->port[b.port] : NULL;

		if (f)
			*want = -EFAULT;
		else if (b.vcpu >= m->nv)
			*want = -ENOENT;
		else if (!bp)
			*want = -EINVAL;
		else if ((bp->state == ECS_VIRQ && m_virq_global(bp->virq)) ||
			 bp->state == ECS_UNBOUND || bp->state == ECS_INTERDOMAIN) {
			bp->vcpu = b.vcpu;
			*want = 0;
		} else
			*want = -EINVAL;
		rc = hc(EVTCHNOP_bind_vcpu, sel, &b, sizeof(b));
		break;
	}
	case EV_UNMASK: {
		struct evtchn_unmask u = { dec_port(cd, op->a) };

		if (f)
			*want = -EFAULT;
		else if (u.port >= m->valid)
			*want = -EINVAL;
		else {
			*want = 0;
			if (m_usable(&m->port[u.port])) {
				unsigned int vi = m->port[u.port].vcpu;
				struct em_vcpu *v = mv(cd, vi);

				if (!m->fifo) {
					if (tb(m->mask, u.port)) {
						sb(m->mask, u.port, false);
						if (tb(m->pend, u.port) && v->has_info &&
						    !(v->sel & (1UL << (u.port / 64)))) {
							v->sel |= 1UL << (u.port / 64);
							m_mark_pending(cd, vi);
						}
					}
				} else if (m_fword(cd, u.port)) {
					sb(m->fmask, u.port, false);
					if (tb(m->fpend, u.port))
						m_fifo_raise(cd, vi, u.port);
				}
			}
		}
		rc = hc(EVTCHNOP_unmask, sel, &u, sizeof(u));
		break;
	}
	case EV_RESET: {
		struct evtchn_reset r = { dec_domid(op->a) };

		t = m_dom(r.dom, cd);
		if (f)
			*want = -EFAULT;
		else if (t < 0)
			*want = -ESRCH;
		else if (t != (int)cd && cd != 0)
			*want = -EPERM;
		else if (t != (int)cd)
			*want = -EINVAL;
		else {
			for (uint32_t port = 1; port < m->valid; port++)
				m_close(cd, port);
			if (m->fifo)
				m_fifo_teardown(cd);
			*want = 0;
		}
		rc = hc((op->a & 0x100) ? EVTCHNOP_reset_cont : EVTCHNOP_reset, sel, &r, sizeof(r));
		break;
	}
	case EV_INIT_CONTROL: {
		struct evtchn_init_control ic = {
			.control_gfn = dec_mfn(cd, op->a),
			.offset = (op->b & 0x8000) ? (op->b & 0x1fff) :
				  (op->b & 0x4000) ? 4096 - EM_CB_SIZE : (op->b % 16) * 256,
			.vcpu = dec_vcpu(op->c),
		};
		bool ok_frame = mfn_ok(cd, ic.control_gfn);

		*out = false;
		if (f)
			*want = -EFAULT;
		else if (ic.vcpu >= m->nv)
			*want = -ENOENT;
		else if (ic.offset > 4096 - EM_CB_SIZE || (ic.offset & 7))
			*want = -EINVAL;
		else if (m->fifo && mv(cd, ic.vcpu)->cb)
			*want = -EINVAL;
		else if (!ok_frame)
			*want = -EINVAL;
		else {
			struct em_vcpu *v = mv(cd, ic.vcpu);

			if (!m->fifo || !m_frame_in_use(cd, ic.control_gfn, ic.offset, EM_CB_SIZE))
				memset(em_frame[ic.control_gfn] + ic.offset, 0, EM_CB_SIZE);
			else
				m->aliased = true;
			if (!m->fifo) {
				for (uint32_t port = 1; port < m->valid && port < EVTCHN_2L_NR_CHANNELS;
				     port++) {
					if (tb(m->pend, port))
						m->port[port].nw_pending = true;
					m->port[port].prio = EVTCHN_FIFO_PRIORITY_DEFAULT;
				}
				m->fifo = true;
			}
			v->cb = true;
			v->cb_mfn = ic.control_gfn;
			v->cb_off = ic.offset;
			memset(v->ghead, 0, sizeof(v->ghead));
			*want = 0;
		}
		rc = hc(EVTCHNOP_init_control, sel, &ic, sizeof(ic));
		if (rc == 0 && ic.link_bits != EVTCHN_FIFO_LINK_BITS)
			fail("init_control: link_bits %u", ic.link_bits);
		break;
	}
	case EV_EXPAND_ARRAY: {
		struct evtchn_expand_array ea = { dec_mfn(cd, op->a) };

		if (f)
			*want = -EFAULT;
		else if (!m->fifo)
			*want = -EOPNOTSUPP;
		else if (m->npages >= EVTCHN_FIFO_NR_CHANNELS / 1024)
			*want = -ENOSPC;
		else if (!mfn_ok(cd, ea.array_gfn))
			*want = -EINVAL;
		else {
			uint32_t first = m->nwords;

			if (m_frame_in_use(cd, ea.array_gfn, 0, 4096)) {
				m->aliased = true;
			} else {
				uint32_t init = (op->b & 1) ? W_M : 0;

				for (unsigned int i = 0; i < 1024; i++)
					((uint32_t *)em_frame[ea.array_gfn])[i] = init;
				for (unsigned int i = 0; i < 1024; i++) {
					sb(m->fmask, first + i, init);
					sb(m->fpend, first + i, false);
				}
			}
			m->page_mfn[m->npages++] = ea.array_gfn;
			m->nwords += 1024;
			for (uint32_t port = first; port < m->nwords && port < m->valid; port++) {
				if (m->port[port].nw_pending) {
					bool was = tb(m->fpend, port);

					m_fifo_raise(cd, m->port[port].vcpu, port);

					sb(m->fpend, port, true);
					if (!was)
						m_check_pollers(cd, port);
				}
			}
			*want = 0;
		}
		rc = hc(EVTCHNOP_expand_array, sel, &ea, sizeof(ea));
		break;
	}
	case EV_SET_PRIORITY: {
		struct evtchn_set_priority sp = {
			dec_port(cd, op->a), (op->b & 0x100) ? op->b << 16 : op->b % 20
		};

		if (f)
			*want = -EFAULT;
		else if (sp.port >= m->valid)
			*want = -EINVAL;
		else if (!m->fifo)
			*want = -ENOSYS;
		else if (!m_usable(&m->port[sp.port]))
			*want = -EACCES;
		else if (sp.priority > EVTCHN_FIFO_PRIORITY_MIN)
			*want = -EINVAL;
		else {
			m->port[sp.port].prio = sp.priority;
			*want = 0;
		}
		rc = hc(EVTCHNOP_set_priority, sel, &sp, sizeof(sp));
		break;
	}
	case EV_BAD_CMD: {
		const unsigned long cmds[4] = { 15, 1000, ~0UL, 0x7fffffff };

		*want = -ENOSYS;
		rc = do_event_channel_op(cmds[op->a & 3], arg_addr(sel, 8));
		break;
	}
	default:
		break;
	}
	(void)cv;
	return rc;
}

static long op_poll(const struct ev_op *op, unsigned int cd, unsigned int cv, long *want)
{
	const uint32_t big[4] = { 129, 128, 0xffffffff, 0 };
	struct em_vcpu *v = mv(cd, cv);
	unsigned int pm = (op->a >> 8) & 3;
	struct sched_poll sp = {
		.nr_ports = (op->a & 0x80) ? big[op->a & 3] : (op->a & 0x3f) % 6,
		.timeout = (op->a & 0x40) ? 1000 : 0,
	};
	uint32_t ports[8];
	unsigned int nports = 0;

	for (unsigned int i = 0; i < 8; i++)
		ports[i] = dec_port(cd, (i & 1) ? op->c : op->b) + i / 2;
	switch (pm) {
	case 0:
		sp.ports = (unsigned long)em_gmem + 512;
		memcpy(em_gmem + 512, ports, sizeof(ports));
		nports = 8;
		break;
	case 1:
		sp.ports = (unsigned long)em_gmem + sizeof(em_gmem) - 4;
		memcpy(em_gmem + sizeof(em_gmem) - 4, ports, 4);
		nports = 1;
		break;
	case 2:
		sp.ports = 0x0000800000000000UL;
		break;
	default:
		sp.ports = 0;
		break;
	}
	/* Only 8 distinct port values: the rest of a long array repeats them. */
	for (unsigned int i = 8; pm == 0 && i < 128; i++)
		memcpy(em_gmem + 512 + 4 * i, &ports[i % 8], 4);
	if (pm == 0)
		nports = 128;

	if (arg_faults(op->addr))
		*want = -EFAULT;
	else if (sp.nr_ports > 128)
		*want = -EINVAL;
	else if (pm == 2)
		*want = -EFAULT;
	else if (v->has_info && v->upcall && !v->upcall_mask)
		*want = 0;
	else {
		uint32_t port = 0;

		*want = 1;	/* blocks */
		for (unsigned int i = 0; i < sp.nr_ports; i++) {
			if (i >= nports) {
				*want = -EFAULT;
				break;
			}
			port = pm == 0 ? ports[i % 8] : ports[0];
			if (port >= em[cd].valid || !m_usable(&em[cd].port[port])) {
				*want = -EINVAL;
				break;
			}
			if (m_pending_now(cd, port)) {
				*want = 0;
				break;
			}
		}
		if (*want == 1) {
			v->blocked = true;
			v->poll = sp.nr_ports == 1 ? (int)port : -1;
			if (sp.timeout)
				v->timer = true;
			v->sleeps++;
			*want = 0;
		}
	}
	put_arg(op->addr, &sp, sizeof(sp));
	return do_sched_poll(arg_addr(op->addr, sizeof(sp)));
}

static void op_virq(const struct ev_op *op, unsigned int di)
{
	unsigned int virq = op->a % NR_VIRQS, vi = op->b % em[di].nv;
	uint32_t port;

	if (!m_virq_global(virq)) {
		port = mv(di, vi)->virq[virq];
		if (port)
			m_set_pending(di, vi, port);
		send_guest_vcpu_virq(&em_v[di][vi], virq);
		return;
	}
	if (op->c & 1)
		di = 0;
	port = mv(di, 0)->virq[virq];
	if (port)
		m_set_pending(di, em[di].port[port].vcpu, port);
	if (op->c & 1)
		send_global_virq(virq);
	else
		send_guest_global_virq(&em_d[di], virq);
}

static void op_timer(unsigned int di, unsigned int vi)
{
	struct em_vcpu *v = mv(di, vi);
	struct timer *t = &em_v[di][vi].evtchn->poll_timer;

	if (v->timer) {
		v->timer = false;
		if (v->poll) {
			v->poll = 0;
			m_unblock(di, vi);
		}
	}
	if (t->active) {
		t->active = false;
		t->fn(t->data);
	}
}

/* What the guest does to shared memory (no hypercall). */
static void op_guest(const struct ev_op *op, unsigned int di, unsigned int vi)
{
	struct em_dom *m = &em[di];
	struct em_vcpu *v = mv(di, vi);
	struct vcpu_info *vinfo = em_v[di][vi].vcpu_info;
	uint32_t port = dec_port(di, op->a);
	unsigned long *bits = op->code == EV_G_CLEAR ? em_shinfo[di].evtchn_pending
						       : em_shinfo[di].evtchn_mask;
	unsigned long *mbits = op->code == EV_G_CLEAR ? m->pend : m->mask;
	uint32_t wbit = op->code == EV_G_CLEAR ? W_P : W_M;
	bool on = op->code == EV_G_MASK;

	switch (op->code) {
	case EV_G_MASK:
	case EV_G_UNMASK:
	case EV_G_CLEAR:
		if (!m->fifo) {
			if (port >= EVTCHN_2L_NR_CHANNELS)
				return;
			sb(mbits, port, on);
			if (on)
				__atomic_fetch_or(&bits[port / 64], 1UL << (port % 64), __ATOMIC_SEQ_CST);
			else
				__atomic_fetch_and(&bits[port / 64], ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
		} else if (port < m->nwords && !m->aliased) {
			volatile uint32_t *w = ev_hv_fifo_word(&em_d[di], port);

			sb(op->code == EV_G_CLEAR ? m->fpend : m->fmask, port, on);
			if (on)
				__atomic_fetch_or(w, wbit, __ATOMIC_SEQ_CST);
			else
				__atomic_fetch_and(w, ~wbit, __ATOMIC_SEQ_CST);
		}
		return;
	case EV_G_UPCALL_MASK:
		if (!vinfo)
			return;
		vinfo->evtchn_upcall_mask = v->upcall_mask = op->a & 1;
		if (op->a & 2)
			vinfo->evtchn_upcall_pending = v->upcall = 0;
		return;
	case EV_G_CONSUME:
		break;
	default:
		return;
	}
	if (!m->fifo) {
		unsigned long sel;

		if (!vinfo)
			return;
		vinfo->evtchn_upcall_pending = v->upcall = 0;
		sel = __atomic_exchange_n(&vinfo->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		if (sel != v->sel)
			fail("d%u v%u: selector %#lx, model %#lx", di, vi, sel, v->sel);
		v->sel = 0;
		for (unsigned int w = 0; w < 64; w++) {
			unsigned long ready;

			if (!(sel & (1UL << w)))
				continue;
			ready = m->pend[w] & ~m->mask[w];
			m->pend[w] &= ~ready;
			__atomic_fetch_and(&em_shinfo[di].evtchn_pending[w], ~ready, __ATOMIC_SEQ_CST);
		}
		return;
	}
	/* FIFO: one event off queue a % 16, as Linux's consume_one_event(). */
	{
		struct evtchn_fifo_control_block *cb = g_cb(di, vi);
		unsigned int q = op->a % EVTCHN_FIFO_MAX_QUEUES;
		uint32_t head, w, next;
		volatile uint32_t *wp;

		if (op->a & 0x100 && vinfo)
			vinfo->evtchn_upcall_pending = v->upcall = 0;
		if (!cb || m->aliased || !(cb->ready & (1u << q)))
			return;
		head = v->ghead[q] ? v->ghead[q] : cb->head[q];
		wp = ev_hv_fifo_word(&em_d[di], head);
		if (!head || !wp)
			return;
		w = *wp;
		next = w & EVTCHN_FIFO_LINK_MASK;
		__atomic_fetch_and(wp, ~(W_L | EVTCHN_FIFO_LINK_MASK), __ATOMIC_SEQ_CST);
		if (!next)
			__atomic_fetch_and(&cb->ready, ~(1u << q), __ATOMIC_SEQ_CST);
		v->ghead[q] = next;
		if ((w & W_P) && !(w & W_M)) {
			__atomic_fetch_and(wp, ~W_P, __ATOMIC_SEQ_CST);
			sb(m->fpend, head, false);
		}
	}
}

const char *ev_apply(const struct ev_op *op)
{
	unsigned int cd = op->dom, cv = op->vcpu % em[cd].nv;
	uint32_t ready[EM_NDOM][EM_MAXV] = { { 0 } };
	uint32_t mport = 0;
	long want = 0, rc = 0;
	bool out = false, hyp = op->code <= EV_POLL;

	em_why[0] = 0;
	em_nmust = 0;
	if (hyp && mv(cd, cv)->blocked)
		return NULL;	/* a blocked vCPU makes no hypercalls */
	for (unsigned int di = 0; di < EM_NDOM; di++) {
		em_nw_before[di] = em[di].fifo && !em[di].aliased ? em[di].nwords : 0;
		for (uint32_t port = 0; port < em_nw_before[di]; port++)
			sb(em_lbefore[di], port, g_fword(di, port) & W_L);
	}
	for (unsigned int di = 0; di < EM_NDOM; di++)
		for (unsigned int vi = 0; vi < em[di].nv; vi++)
			if (g_cb(di, vi) && !em[di].aliased)
				ready[di][vi] = g_cb(di, vi)->ready;
	ev_current = &em_v[cd][cv];
	em_port_out = 0;
	if (op->code == EV_POLL)
		rc = op_poll(op, cd, cv, &want);
	else if (hyp)
		rc = op_hypercall(op, cd, cv, &want, &mport, &out);
	else if (op->code == EV_VIRQ)
		op_virq(op, cd);
	else if (op->code == EV_TIMER)
		op_timer(cd, cv);
	else
		op_guest(op, cd, cv);
	em_rc = rc;

	if (hyp) {
		/* Done, but the result could not be written back. */
		if (want == 0 && out && op->addr == 5)
			want = -EFAULT;
		if (op->code == EV_INIT_CONTROL && want == 0 && op->addr == 5)
			want = -EFAULT;
		if (rc != want)
			fail("rc %ld, model %ld", rc, want);
		else if (rc == 0 && out && em_port_out != mport)
			fail("port %u, model %u", em_port_out, mport);
	}
	for (unsigned int i = 0; i < em_nmust; i++)
		if (!em[em_must[i].di].aliased &&
		    !(g_fword(em_must[i].di, em_must[i].port) & W_L))
			fail("d%u port %u: raised, unmasked, not linked", em_must[i].di,
			     em_must[i].port);
	/* Nothing else got linked (a masked event, say). */
	for (unsigned int di = 0; di < EM_NDOM && op->code < EV_G_MASK; di++) {
		if (!em[di].fifo || em[di].aliased)
			continue;
		for (uint32_t port = 0; port < em[di].nwords; port++) {
			bool before = port < em_nw_before[di] && tb(em_lbefore[di], port);

			if ((g_fword(di, port) & W_L) && !before && !tb(em_lmay[di], port)) {
				fail("d%u port %u linked, model: not raised or masked", di, port);
				break;
			}
		}
	}
	for (unsigned int di = 0; di < EM_NDOM; di++)
		memset(em_lmay[di], 0, (em[di].nwords + 7) / 8);
	/* FIFO: the hypervisor only raises ready bits; a rising one raises the upcall. */
	if (op->code < EV_G_MASK) {
		for (unsigned int di = 0; di < EM_NDOM; di++) {
			for (unsigned int vi = 0; vi < em[di].nv; vi++) {
				struct evtchn_fifo_control_block *cb = g_cb(di, vi);
				uint32_t now;

				if (!cb)
					continue;
				if (em[di].aliased) {
					/* Queues unknown: follow the upcall as it is. */
					if (em_v[di][vi].vcpu_info &&
					    em_v[di][vi].vcpu_info->evtchn_upcall_pending)
						m_mark_pending(di, vi);
					continue;
				}
				now = cb->ready;
				if (ready[di][vi] & ~now)
					fail("d%u v%u: ready %#x -> %#x", di, vi, ready[di][vi], now);
				if (now & ~ready[di][vi])
					m_mark_pending(di, vi);
			}
		}
	}
	return em_why[0] ? em_why : NULL;
}

/* ---- The check ---- */

static void check_ports(unsigned int di)
{
	struct em_dom *m = &em[di];
	struct domain *d = &em_d[di];
	struct evtchn_domain *ed = d->evtchn;

	if (ed->valid_evtchns != m->valid) {
		fail("d%u: %u valid ports, model %u", di, ed->valid_evtchns, m->valid);
		return;
	}
	if (m->valid > (m->max_port / EVTCHNS_PER_BUCKET + 1) * EVTCHNS_PER_BUCKET)
		fail("d%u: buckets beyond max_port %u", di, m->max_port);
	if (ed->max_evtchns != (m->fifo ? EVTCHN_FIFO_NR_CHANNELS : EVTCHN_2L_NR_CHANNELS))
		fail("d%u: max_evtchns %u (fifo %d)", di, ed->max_evtchns, m->fifo);
	for (uint32_t port = 0; port < m->valid; port++) {
		const struct evtchn *c = evtchn_from_port(d, port);
		const struct em_port *p = &m->port[port];

		if (c->port != port || c->state != p->state || c->notify_vcpu_id != p->vcpu) {
			fail("d%u port %u: port %u state %u vcpu %u, model state %u vcpu %u", di,
			     port, c->port, c->state, c->notify_vcpu_id, p->state, p->vcpu);
			return;
		}
		if (port > m->max_port && p->state != ECS_FREE)
			fail("d%u port %u bound beyond max_port", di, port);
		if (c->pending != p->nw_pending)
			fail("d%u port %u: pending-without-word %d, model %d", di, port,
			     c->pending, p->nw_pending);
		if (m->fifo && m_usable(p) && c->priority != p->prio)
			fail("d%u port %u: priority %u, model %u", di, port, c->priority, p->prio);
		switch (p->state) {
		case ECS_UNBOUND:
			if (c->u.unbound_remote != p->unbound_remote)
				fail("d%u port %u: offered to %u, model %u", di, port,
				     c->u.unbound_remote, p->unbound_remote);
			break;
		case ECS_INTERDOMAIN: {
			const struct em_port *r = &em[p->rdom].port[p->rport];

			if (c->u.interdomain.dom != &em_d[p->rdom] ||
			    c->u.interdomain.port != p->rport)
				fail("d%u port %u: peer d%ld:%u, model d%u:%u", di, port,
				     (long)(c->u.interdomain.dom - em_d), c->u.interdomain.port,
				     p->rdom, p->rport);
			if (r->state != ECS_INTERDOMAIN || r->rdom != di || r->rport != port)
				fail("model: d%u port %u's peer does not point back", di, port);
			break;
		}
		case ECS_VIRQ:
			if (c->u.virq != p->virq)
				fail("d%u port %u: virq %u, model %u", di, port, c->u.virq, p->virq);
			if (mv(di, m_virq_global(p->virq) ? 0 : p->vcpu)->virq[p->virq] != port)
				fail("model: d%u port %u's virq not bound back", di, port);
			break;
		default:
			break;
		}
	}
}

static void check_status(unsigned int di)
{
	struct vcpu *saved = ev_current;

	ev_current = &em_v[0][0];
	for (uint32_t port = 0; port < em[di].valid && !em_why[0]; port++) {
		const struct em_port *p = &em[di].port[port];
		struct evtchn_status s = { .dom = di, .port = port };
		const uint32_t st[] = {
			[ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
			[ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
			[ECS_PIRQ] = EVTCHNSTAT_pirq, [ECS_VIRQ] = EVTCHNSTAT_virq,
			[ECS_IPI] = EVTCHNSTAT_ipi,
		};
		long rc = hc(EVTCHNOP_status, 0, &s, sizeof(s));

		if (rc || s.status != st[p->state] || s.vcpu != p->vcpu ||
		    (p->state == ECS_UNBOUND && s.u.unbound.dom != p->unbound_remote) ||
		    (p->state == ECS_INTERDOMAIN &&
		     (s.u.interdomain.dom != p->rdom || s.u.interdomain.port != p->rport)) ||
		    (p->state == ECS_VIRQ && s.u.virq != p->virq))
			fail("status d%u port %u: rc %ld status %u vcpu %u, model state %u vcpu %u",
			     di, port, rc, s.status, s.vcpu, p->state, p->vcpu);
	}
	ev_current = saved;
}

static void check_vcpus(unsigned int di)
{
	struct em_dom *m = &em[di];

	for (unsigned int vi = 0; vi < m->nv; vi++) {
		struct em_vcpu *v = mv(di, vi);
		struct vcpu *hv = &em_v[di][vi];
		struct evtchn_vcpu *ev = hv->evtchn;

		if (memcmp(ev->virq_to_evtchn, v->virq, sizeof(v->virq)))
			fail("d%u v%u: virq table differs from the model", di, vi);
		if (hv->vcpu_info &&
		    (hv->vcpu_info->evtchn_upcall_pending != v->upcall ||
		     hv->vcpu_info->evtchn_pending_sel != v->sel))
			fail("d%u v%u: upcall %u sel %#lx, model %u %#lx", di, vi,
			     hv->vcpu_info->evtchn_upcall_pending,
			     hv->vcpu_info->evtchn_pending_sel, v->upcall, v->sel);
		if (!!(hv->pause_flags & VPF_blocked) != v->blocked || ev->poll_evtchn != v->poll ||
		    test_bit(vi, em_d[di].evtchn->poll_mask) != (v->poll != 0))
			fail("d%u v%u: blocked %d poll %d mask %d, model blocked %d poll %d", di, vi,
			     !!(hv->pause_flags & VPF_blocked), ev->poll_evtchn,
			     test_bit(vi, em_d[di].evtchn->poll_mask), v->blocked, v->poll);
		if (ev->poll_timer.active != v->timer)
			fail("d%u v%u: poll timer %d, model %d", di, vi, ev->poll_timer.active, v->timer);
		if (em_wakes[di][vi] != v->wakes || em_sleeps[di][vi] != v->sleeps)
			fail("d%u v%u: %lu wakes %lu sleeps, model %lu %lu", di, vi, em_wakes[di][vi],
			     em_sleeps[di][vi], v->wakes, v->sleeps);
		if ((ev_hv_fifo_cb(hv) != NULL) != (m->fifo && v->cb))
			fail("d%u v%u: control block %p, model %d", di, vi,
			     (void *)ev_hv_fifo_cb(hv), v->cb);
		else if (ev_hv_fifo_cb(hv) && ev_hv_fifo_cb(hv) != (void *)g_cb(di, vi))
			fail("d%u v%u: control block at the wrong place", di, vi);
	}
}

static uint8_t em_seen[EM_MAX_WORDS / 8];

static void check_fifo(unsigned int di)
{
	struct em_dom *m = &em[di];
	struct domain *d = &em_d[di];

	if (ev_hv_fifo_nr_words(d) != m->nwords) {
		fail("d%u: %u event words, model %u", di, ev_hv_fifo_nr_words(d), m->nwords);
		return;
	}
	if (!m->fifo || m->aliased)
		return;
	for (uint32_t port = 0; port < m->nwords; port++) {
		uint32_t w = *ev_hv_fifo_word(d, port);

		if (!!(w & W_P) != tb(m->fpend, port) || !!(w & W_M) != tb(m->fmask, port) ||
		    (w & W_B) || (!(w & W_L) && (w & EVTCHN_FIFO_LINK_MASK))) {
			fail("d%u word %u = %#x, model pending %d masked %d", di, port, w,
			     tb(m->fpend, port), tb(m->fmask, port));
			return;
		}
	}
	/* Every LINKED word on exactly one queue; ready exactly for non-empty queues. */
	memset(em_seen, 0, (m->nwords + 7) / 8);
	for (unsigned int vi = 0; vi < m->nv; vi++) {
		struct evtchn_fifo_control_block *cb = g_cb(di, vi);

		if (!cb)
			continue;
		if (cb->ready >> EVTCHN_FIFO_MAX_QUEUES)
			fail("d%u v%u: ready %#x", di, vi, cb->ready);
		for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
			bool rdy = cb->ready & (1u << q);
			uint32_t port = mv(di, vi)->ghead[q];
			unsigned int n = 0;

			if (!port)
				port = rdy ? cb->head[q] : 0;
			if (rdy != (port != 0))
				fail("d%u v%u q%u: ready %d, head %u", di, vi, q, rdy, port);
			for (; port; n++) {
				uint32_t w;

				if (port >= m->nwords || tb(em_seen, port) || n > m->nwords) {
					fail("d%u v%u q%u: bad link to %u (step %u)", di, vi, q, port, n);
					return;
				}
				w = *ev_hv_fifo_word(d, port);
				if (!(w & W_L)) {
					fail("d%u v%u q%u: port %u queued, not LINKED", di, vi, q, port);
					return;
				}
				if (m->lq[port] && m->lq[port] != 1 + vi * EVTCHN_FIFO_MAX_QUEUES + q) {
					fail("d%u port %u on v%u q%u, linked for queue %u", di, port,
					     vi, q, m->lq[port] - 1);
					return;
				}
				sb(em_seen, port, true);
				port = w & EVTCHN_FIFO_LINK_MASK;
			}
		}
	}
	for (uint32_t port = 0; port < m->nwords; port++)
		if ((*ev_hv_fifo_word(d, port) & W_L) && !tb(em_seen, port)) {
			fail("d%u: port %u LINKED but on no queue", di, port);
			return;
		}
}

const char *ev_check(void)
{
	long allocs = 0;
	unsigned int refs[EM_NR_FRAMES] = { 0 };

	for (unsigned int di = 0; di < EM_NDOM && !em_why[0]; di++) {
		struct em_dom *m = &em[di];

		check_ports(di);
		if (memcmp(em_shinfo[di].evtchn_pending, m->pend, sizeof(m->pend)) ||
		    memcmp(em_shinfo[di].evtchn_mask, m->mask, sizeof(m->mask)))
			fail("d%u: 2-level pending/mask bits differ from the model", di);
		check_vcpus(di);
		check_fifo(di);
		if (!em_why[0])
			check_status(di);
		allocs += 2 + m->valid / EVTCHNS_PER_BUCKET + m->nv + (m->fifo ? m->nv + 1 : 0);
		for (unsigned int i = 0; m->fifo && i < m->npages; i++)
			refs[m->page_mfn[i]]++;
		for (unsigned int vi = 0; m->fifo && vi < m->nv; vi++)
			if (mv(di, vi)->cb)
				refs[mv(di, vi)->cb_mfn]++;
	}
	if (!em_why[0] && allocs != em_live_allocs)
		fail("%ld live allocations, model %ld", em_live_allocs, allocs);
	for (unsigned int f = 0; f < EM_NR_FRAMES && !em_why[0]; f++)
		if (refs[f] != em_frame_refs[f])
			fail("frame %u: %u references, model %u", f, em_frame_refs[f], refs[f]);
	return em_why[0] ? em_why : NULL;
}

/*
 * One whole run: byte 0 and 1 pick the domains' max_port, then
 * EV_OP_BYTES per operation; the model's check after each, and the
 * leak check after both domains are destroyed. Returns NULL or why, with
 * *bad the offset of the operation that failed (size: at the end).
 */
const char *ev_run(const uint8_t *data, size_t size, size_t *bad)
{
	struct ev_op op;
	const char *why;
	size_t off;

	*bad = 0;
	if (size < 2)
		return NULL;
	ev_init(ev_max_port_sel(data[0]), ev_max_port_sel(data[1]));
	for (off = 2; ev_decode(data + off, size - off, &op); off += EV_OP_BYTES) {
		why = ev_apply(&op);
		if (!why)
			why = ev_check();
		if (why) {
			*bad = off;
			ev_fini();
			return why;
		}
	}
	*bad = size;
	return ev_fini();
}

void ev_print_trace(const uint8_t *data, size_t size, size_t upto)
{
	struct ev_op op;
	char line[160];

	fprintf(stderr, "ev_init(%u, %u);\n", ev_max_port_sel(data[0]), ev_max_port_sel(data[1]));
	for (size_t off = 2; off <= upto && ev_decode(data + off, size - off, &op);
	     off += EV_OP_BYTES) {
		ev_format(&op, line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
}
