// SPDX-License-Identifier: GPL-2.0-only
/*
 * The recording fake transport for host unit tests. Machine memory is a
 * memfd; a foreign mapping maps each requested frame of it with
 * MAP_FIXED, so writes through the mapping land in "machine memory" for
 * real, as on the hypervisor. Hypercalls are logged with a copy of their
 * argument struct and answered by a handler the test provides (usually a
 * small model of the hypervisor).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ctrl-abi.h"
#include "transport.h"

#define PAGE 4096UL

struct fake_map {
	struct fake_map *next;
	void *addr;
	size_t n;
};

/* Hypercall buffers handed out, so a snapshot never reads past one. */
struct fake_buf {
	struct fake_buf *next;
	void *p;
	size_t len;
};

struct fake {
	struct ctrl_transport t;
	struct fake_buf *bufs;
	int memfd;
	size_t nr_frames;
	uint8_t *direct; /* all of machine memory, for ctrl_fake_frame */
	ctrl_fake_handler handler;
	ctrl_fake_resource resource;
	void *ctx;
	struct ctrl_fake_call *calls;
	size_t nr_calls, cap_calls;
	struct fake_map *maps;
	int fail_err, fail_count;
};

static struct fake *fk(struct ctrl_transport *t)
{
	return (struct fake *)t;
}

static size_t buf_room(struct fake *f, const void *p)
{
	struct fake_buf *b;

	for (b = f->bufs; b; b = b->next)
		if ((const uint8_t *)p >= (uint8_t *)b->p &&
		    (const uint8_t *)p < (uint8_t *)b->p + b->len)
			return b->len - (size_t)((const uint8_t *)p - (uint8_t *)b->p);
	return 0;
}

/* Snapshot of what a hypercall's first pointer argument points at. */
static void snapshot(struct fake *f, struct ctrl_fake_call *c)
{
	const void *p = NULL;
	size_t len = 0;

	switch (c->op) {
	case XABI_HC_domctl:
		p = (const void *)(uintptr_t)c->arg[0];
		len = sizeof(struct xabi_domctl);
		c->sub = ((const struct xabi_domctl *)p)->cmd;
		break;
	case XABI_HC_sysctl:
		p = (const void *)(uintptr_t)c->arg[0];
		len = sizeof(struct xabi_sysctl);
		c->sub = ((const struct xabi_sysctl *)p)->cmd;
		break;
	case XABI_HC_mmuext_op:
		p = (const void *)(uintptr_t)c->arg[0];
		len = sizeof(struct xabi_mmuext_op);
		break;
	case XABI_HC_memory_op:
	case XABI_HC_event_channel_op:
	case XABI_HC_grant_table_op:
		c->sub = (uint32_t)c->arg[0];
		p = (const void *)(uintptr_t)c->arg[1];
		len = 64;
		break;
	default:
		c->sub = (uint32_t)c->arg[0];
		break;
	}
	if (p && len > buf_room(f, p))
		len = buf_room(f, p);
	if (p && len)
		memcpy(c->in, p, len < sizeof(c->in) ? len : sizeof(c->in));
}

static long f_hypercall(struct ctrl_transport *t, unsigned int op,
			const uint64_t arg[5])
{
	struct fake *f = fk(t);
	struct ctrl_fake_call c = { .op = op };
	long rc;

	memcpy(c.arg, arg, sizeof(c.arg));
	snapshot(f, &c);
	rc = f->handler ? f->handler(f->ctx, t, op, arg) : -ENOSYS;
	c.rc = rc;
	if (f->nr_calls == f->cap_calls) {
		size_t ncap = f->cap_calls ? f->cap_calls * 2 : 64;
		struct ctrl_fake_call *p = realloc(f->calls, ncap * sizeof(*p));

		if (p) {
			f->calls = p;
			f->cap_calls = ncap;
		}
	}
	if (f->nr_calls < f->cap_calls)
		f->calls[f->nr_calls++] = c;
	return rc;
}

static void *f_buf_alloc(struct ctrl_transport *t, size_t len)
{
	struct fake_buf *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->len = len ? len : 1;
	b->p = calloc(1, b->len);
	if (!b->p) {
		free(b);
		return NULL;
	}
	b->next = fk(t)->bufs;
	fk(t)->bufs = b;
	return b->p;
}

static void f_buf_free(struct ctrl_transport *t, void *p, size_t len)
{
	struct fake_buf **pb, *b;

	(void)len;
	for (pb = &fk(t)->bufs; (b = *pb); pb = &b->next)
		if (b->p == p) {
			*pb = b->next;
			free(b->p);
			free(b);
			return;
		}
}

static void *map_frames(struct fake *f, const uint64_t *mfns, int *errs,
			size_t n, int prot)
{
	struct fake_map *m;
	uint8_t *base;
	size_t i;

	if (f->fail_count) {
		f->fail_count--;
		errno = f->fail_err;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (errs)
			errs[i] = mfns[i] < f->nr_frames ? 0 : -EFAULT;
		if (mfns[i] >= f->nr_frames) {
			errno = EFAULT;
			return NULL;
		}
	}
	base = mmap(NULL, n * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	for (i = 0; i < n; i++) {
		if (mmap(base + i * PAGE, PAGE, prot, MAP_SHARED | MAP_FIXED,
			 f->memfd, (off_t)(mfns[i] * PAGE)) == MAP_FAILED) {
			int e = errno;

			munmap(base, n * PAGE);
			errno = e;
			return NULL;
		}
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		munmap(base, n * PAGE);
		errno = ENOMEM;
		return NULL;
	}
	m->addr = base;
	m->n = n;
	m->next = f->maps;
	f->maps = m;
	return base;
}

static void *f_map_foreign(struct ctrl_transport *t, uint16_t dom, int prot,
			   const uint64_t *frames, int *errs, size_t n)
{
	(void)dom;
	if (!n) {
		errno = EINVAL;
		return NULL;
	}
	return map_frames(fk(t), frames, errs, n, prot);
}

static void *f_map_resource(struct ctrl_transport *t, uint16_t dom,
			    unsigned int type, unsigned int id,
			    unsigned int idx, size_t n, int prot)
{
	struct fake *f = fk(t);
	uint64_t *mfns;
	void *p;
	int rc;

	if (!f->resource || !n) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	mfns = calloc(n, sizeof(*mfns));
	if (!mfns)
		return NULL;
	rc = f->resource(f->ctx, dom, type, id, idx, n, mfns);
	p = rc ? NULL : map_frames(f, mfns, NULL, n, prot);
	if (rc)
		errno = -rc;
	free(mfns);
	return p;
}

static int f_unmap(struct ctrl_transport *t, void *addr, size_t n)
{
	struct fake *f = fk(t);
	struct fake_map **pm, *m;

	for (pm = &f->maps; (m = *pm); pm = &m->next)
		if (m->addr == addr && m->n == n)
			break;
	if (!m)
		return -EINVAL;
	*pm = m->next;
	free(m);
	return munmap(addr, n * PAGE) ? -errno : 0;
}

static int f_nosys_bind(struct ctrl_transport *t, uint16_t dom, uint32_t p)
{
	(void)t, (void)dom, (void)p;
	return -ENOSYS;
}

static int f_nosys_port(struct ctrl_transport *t, uint32_t p)
{
	(void)t, (void)p;
	return -ENOSYS;
}

static int f_nosys_fd(struct ctrl_transport *t)
{
	(void)t;
	return -ENOSYS;
}

static int f_nosys_pending(struct ctrl_transport *t, uint32_t *p)
{
	(void)t, (void)p;
	return -ENOSYS;
}

static void *f_gnt_map(struct ctrl_transport *t, uint16_t dom,
		       const uint32_t *refs, size_t n, int prot)
{
	(void)t, (void)dom, (void)refs, (void)n, (void)prot;
	errno = ENOSYS;
	return NULL;
}

static int f_gnt_unmap(struct ctrl_transport *t, void *addr, size_t n)
{
	(void)t, (void)addr, (void)n;
	return -ENOSYS;
}

static void f_close(struct ctrl_transport *t)
{
	struct fake *f = fk(t);

	while (f->maps)
		f_unmap(t, f->maps->addr, f->maps->n);
	if (f->direct)
		munmap(f->direct, f->nr_frames * PAGE);
	close(f->memfd);
	while (f->bufs)
		f_buf_free(t, f->bufs->p, f->bufs->len);
	free(f->calls);
	free(f);
}

static const struct ctrl_transport_ops fake_ops = {
	.hypercall = f_hypercall,
	.buf_alloc = f_buf_alloc,
	.buf_free = f_buf_free,
	.map_foreign = f_map_foreign,
	.map_resource = f_map_resource,
	.unmap = f_unmap,
	.evtchn_bind_interdomain = f_nosys_bind,
	.evtchn_bind_virq = f_nosys_port,
	.evtchn_unbind = f_nosys_port,
	.evtchn_notify = f_nosys_port,
	.evtchn_fd = f_nosys_fd,
	.evtchn_pending = f_nosys_pending,
	.gnt_map = f_gnt_map,
	.gnt_unmap = f_gnt_unmap,
	.close = f_close,
};

struct ctrl_transport *ctrl_fake_open(size_t nr_frames)
{
	struct fake *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->t.ops = &fake_ops;
	f->nr_frames = nr_frames;
	f->memfd = memfd_create("fake-machine-memory", MFD_CLOEXEC);
	if (f->memfd < 0 || ftruncate(f->memfd, (off_t)(nr_frames * PAGE)))
		goto fail;
	f->direct = mmap(NULL, nr_frames * PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED, f->memfd, 0);
	if (f->direct == MAP_FAILED) {
		f->direct = NULL;
		goto fail;
	}
	return &f->t;
fail:
	if (f->memfd >= 0)
		close(f->memfd);
	free(f);
	return NULL;
}

void ctrl_fake_set_handler(struct ctrl_transport *t, ctrl_fake_handler h,
			   ctrl_fake_resource r, void *ctx)
{
	fk(t)->handler = h;
	fk(t)->resource = r;
	fk(t)->ctx = ctx;
}

const struct ctrl_fake_call *ctrl_fake_calls(struct ctrl_transport *t,
					     size_t *n)
{
	*n = fk(t)->nr_calls;
	return fk(t)->calls;
}

void ctrl_fake_clear_calls(struct ctrl_transport *t)
{
	fk(t)->nr_calls = 0;
}

void *ctrl_fake_frame(struct ctrl_transport *t, uint64_t mfn)
{
	struct fake *f = fk(t);

	return mfn < f->nr_frames ? f->direct + mfn * PAGE : NULL;
}

size_t ctrl_fake_nr_frames(struct ctrl_transport *t)
{
	return fk(t)->nr_frames;
}

size_t ctrl_fake_live_maps(struct ctrl_transport *t)
{
	struct fake_map *m;
	size_t n = 0;

	for (m = fk(t)->maps; m; m = m->next)
		n++;
	return n;
}

void ctrl_fake_fail_maps(struct ctrl_transport *t, int err, int count)
{
	fk(t)->fail_err = err;
	fk(t)->fail_count = count;
}
