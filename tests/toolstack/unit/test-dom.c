// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dom/ wrappers over the recording fake and the hypervisor model:
 * what goes on the wire (interface version, field placement), results
 * coming back, -errno conventions, and the "next domain up" rule.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dom/dom.h"
#include "fakehv.h"
#include "../../unit/runner.h"

static const struct ctrl_fake_call *last_call(struct ctrl_transport *t)
{
	size_t n;
	const struct ctrl_fake_call *c = ctrl_fake_calls(t, &n);

	return n ? &c[n - 1] : NULL;
}

TEST(dom, create_wire_format)
{
	struct fakehv *h = fakehv_new(4096);
	struct ctrl_create_args a = {
		.max_vcpus = 2, .max_evtchn_port = 1023,
		.max_grant_frames = 32, .max_maptrack_frames = -1,
		.max_grant_version = 1,
	};
	const struct ctrl_fake_call *c;
	const struct xabi_domctl *dc;
	uint32_t domid = 0;

	memset(a.handle, 0xab, 16);
	CHECK_EQ(ctrl_dom_create(h->t, &a, &domid), 0);
	CHECK_EQ(domid, 1);
	c = last_call(h->t);
	CHECK(c && c->op == XABI_HC_domctl);
	dc = (const void *)c->in;
	CHECK_EQ(dc->cmd, XABI_DOMCTL_createdomain);
	CHECK_EQ(dc->interface_version, 0x15);
	CHECK_EQ(dc->u.createdomain.max_vcpus, 2);
	CHECK_EQ(dc->u.createdomain.max_evtchn_port, 1023);
	CHECK_EQ(dc->u.createdomain.max_grant_frames, 32);
	CHECK_EQ(dc->u.createdomain.max_maptrack_frames, -1);
	CHECK_EQ(dc->u.createdomain.grant_opts, 1);
	CHECK_EQ(dc->u.createdomain.flags, 0);
	CHECK_EQ(dc->u.createdomain.handle[15], 0xab);
	/* the domctl buffer is exactly 16 + 128 bytes */
	CHECK_EQ(sizeof(struct xabi_domctl), 144);
	fakehv_free(h);
}

TEST(dom, getinfo_and_list)
{
	struct fakehv *h = fakehv_new(4096);
	struct ctrl_create_args a = { .max_vcpus = 1 };
	struct ctrl_dominfo info, list[8];
	uint32_t d1 = 0, d2 = 5;
	size_t n;

	CHECK_EQ(ctrl_dom_create(h->t, &a, &d1), 0);
	CHECK_EQ(ctrl_dom_create(h->t, &a, &d2), 0);
	CHECK_EQ(d2, 5);
	CHECK_EQ(ctrl_dom_create(h->t, &a, &d2), -EEXIST);
	CHECK_EQ(ctrl_dom_getinfo(h->t, d1, &info), 0);
	CHECK_EQ(info.domid, d1);
	CHECK(info.paused);
	/* 3 does not exist: the hypervisor answers with 5, we say ESRCH */
	CHECK_EQ(ctrl_dom_getinfo(h->t, 3, &info), -ESRCH);
	CHECK_EQ(ctrl_dom_getinfo(h->t, 6, &info), -ESRCH);
	CHECK_EQ(ctrl_dom_unpause(h->t, d1), 0);
	CHECK_EQ(ctrl_dom_getinfo(h->t, d1, &info), 0);
	CHECK(!info.paused);
	CHECK_EQ(ctrl_sys_domain_list(h->t, 0, list, 8, &n), 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(list[0].domid, 0);
	CHECK_EQ(list[2].domid, 5);
	CHECK_EQ(ctrl_sys_domain_list(h->t, 2, list, 8, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(ctrl_dom_destroy(h->t, d2), 0);
	CHECK_EQ(ctrl_dom_destroy(h->t, d2), -ESRCH);
	fakehv_free(h);
}

TEST(dom, memory_and_limits)
{
	struct fakehv *h = fakehv_new(8192);
	struct ctrl_create_args a = { .max_vcpus = 1 };
	uint64_t frames[300];
	size_t i, done = 0;
	uint32_t d = 0;
	size_t free0;

	CHECK_EQ(ctrl_dom_create(h->t, &a, &d), 0);
	free0 = h->nr_free;
	CHECK_EQ(ctrl_dom_max_mem(h->t, d, 256 * 4), 0);
	for (i = 0; i < 300; i++)
		frames[i] = i;
	CHECK_EQ(ctrl_mem_populate(h->t, d, frames, 300, 0, &done), -ENOMEM);
	CHECK_EQ(done, 256);
	CHECK_EQ(h->m2p[frames[10]], 10);
	CHECK_EQ(ctrl_mem_current_reservation(h->t, d), 256);
	CHECK_EQ(ctrl_mem_maximum_reservation(h->t, d), 256);
	CHECK_EQ(ctrl_mem_decrease(h->t, d, frames, 6), 0);
	CHECK_EQ(ctrl_mem_current_reservation(h->t, d), 250);
	CHECK_EQ(ctrl_dom_destroy(h->t, d), 0);
	CHECK_EQ(h->nr_free, free0 + 2); /* + shared info and grant frame */
	fakehv_free(h);
}

TEST(dom, misc_wrappers)
{
	struct fakehv *h = fakehv_new(4096);
	struct ctrl_create_args a = { .max_vcpus = 2 };
	struct xabi_physinfo pi;
	struct ctrl_xen_version v;
	uint32_t d = 0, port = 0, sched = 0, idx = 0, len;
	unsigned int bits = 0;
	uint8_t handle[16];
	uint64_t gframe = 0;
	char buf[16];

	CHECK_EQ(ctrl_dom_create(h->t, &a, &d), 0);
	CHECK_EQ(ctrl_dom_max_vcpus(h->t, d, 3), -EINVAL);
	CHECK_EQ(ctrl_dom_max_vcpus(h->t, d, 2), 0);
	CHECK_EQ(ctrl_evtchn_alloc_unbound(h->t, d, 0, &port), 0);
	CHECK_EQ(port, 1);
	CHECK_EQ(ctrl_evtchn_alloc_unbound(h->t, d, 0, &port), 0);
	CHECK_EQ(port, 2);
	CHECK_EQ(ctrl_evtchn_alloc_unbound(h->t, 77, 0, &port), -ESRCH);
	CHECK_EQ(ctrl_dom_settimeoffset(h->t, d, -3600), 0);
	CHECK_EQ(fakehv_dom(h, d)->time_offset, -3600);
	CHECK_EQ(ctrl_dom_set_address_size(h->t, d, 64), 0);
	CHECK_EQ(ctrl_dom_get_address_size(h->t, d, &bits), 0);
	CHECK_EQ(bits, 64);
	memset(handle, 7, 16);
	CHECK_EQ(ctrl_dom_setdomainhandle(h->t, d, handle), 0);
	CHECK_EQ(fakehv_dom(h, d)->handle[3], 7);
	CHECK_EQ(ctrl_dom_set_max_evtchn(h->t, d, 10), -EOPNOTSUPP);
	CHECK_EQ(ctrl_gnttab_setup_table(h->t, d, 1, &gframe), 0);
	CHECK_EQ(gframe, fakehv_dom(h, d)->gnttab_mfn);
	CHECK_EQ(ctrl_sys_physinfo(h->t, &pi), 0);
	CHECK_EQ(pi.nr_cpus, 2);
	CHECK_EQ(pi.total_pages, 4096);
	CHECK_EQ(ctrl_sys_sched_id(h->t, &sched), 0);
	CHECK_STR(ctrl_sched_name(sched), "credit2");
	CHECK_EQ(ctrl_xen_version(h->t, &v), 0);
	CHECK_EQ(v.major, 4);
	CHECK_EQ(v.minor, 17);
	CHECK_STR(v.extra, ".7-fake");
	CHECK_STR(v.caps, "xen-3.0-x86_64");
	CHECK_EQ(v.virt_start, 0xffff800000000000ULL);
	CHECK_EQ(v.pagesize, 4096);
	h->console = "(XEN) hello\n(XEN) world\n";
	len = 10;
	CHECK_EQ(ctrl_sys_readconsole(h->t, buf, &len, false, &idx), 0);
	CHECK_EQ(len, 10);
	CHECK(!memcmp(buf, "(XEN) hell", 10));
	len = sizeof(buf);
	CHECK_EQ(ctrl_sys_readconsole(h->t, buf, &len, false, &idx), 0);
	CHECK_EQ(len, 14);
	CHECK(!memcmp(buf, "o\n(XEN) world\n", 14));
	/* a failing domctl comes back as -errno */
	h->fail_cmd = XABI_DOMCTL_max_mem;
	h->fail_rc = -EPERM;
	CHECK_EQ(ctrl_dom_max_mem(h->t, d, 1024), -EPERM);
	fakehv_free(h);
}
