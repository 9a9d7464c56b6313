// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl wrappers (physinfo, sched_id, getdomaininfolist, readconsole) and
 * xen_version queries.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dev/dev.h"
#include "dom.h"

static int sysctl(struct ctrl_transport *t, struct xabi_sysctl *sc)
{
	struct xabi_sysctl *b = ctrl_hbuf_alloc(t, sizeof(*b));
	uint64_t arg[5] = { 0 };
	long rc;

	if (!b)
		return -ENOMEM;
	sc->interface_version = XABI_SYSCTL_VERSION;
	memcpy(b, sc, sizeof(*b));
	arg[0] = (uint64_t)(uintptr_t)b;
	rc = t->ops->hypercall(t, XABI_HC_sysctl, arg);
	memcpy(sc, b, sizeof(*b));
	ctrl_hbuf_free(t, b, sizeof(*b));
	return rc < 0 ? (int)rc : 0;
}

int ctrl_sys_physinfo(struct ctrl_transport *t, struct xabi_physinfo *out)
{
	struct xabi_sysctl sc = { .cmd = XABI_SYSCTL_physinfo };
	int rc = sysctl(t, &sc);

	if (!rc)
		*out = sc.u.physinfo;
	return rc;
}

int ctrl_sys_sched_id(struct ctrl_transport *t, uint32_t *sched_id)
{
	struct xabi_sysctl sc = { .cmd = XABI_SYSCTL_sched_id };
	int rc = sysctl(t, &sc);

	if (!rc)
		*sched_id = sc.u.sched_id.sched_id;
	return rc;
}

const char *ctrl_sched_name(uint32_t id)
{
	switch (id) {
	case XABI_SCHED_CREDIT: return "credit";
	case XABI_SCHED_CREDIT2: return "credit2";
	case XABI_SCHED_ARINC653: return "arinc653";
	case XABI_SCHED_RTDS: return "rtds";
	case XABI_SCHED_NULL: return "null";
	default: return "unknown";
	}
}

int ctrl_sys_domain_list(struct ctrl_transport *t, uint32_t first,
			 struct ctrl_dominfo *out, size_t max, size_t *n)
{
	struct xabi_sysctl sc = { .cmd = XABI_SYSCTL_getdomaininfolist };
	struct xabi_dominfo *b;
	size_t i, len;
	int rc;

	*n = 0;
	if (!max)
		return 0;
	if (max > 0x7ff0)
		max = 0x7ff0;
	len = max * sizeof(*b);
	b = ctrl_hbuf_alloc(t, len);
	if (!b)
		return -ENOMEM;
	sc.u.getdomaininfolist.first_domain = (uint16_t)first;
	sc.u.getdomaininfolist.max_domains = (uint32_t)max;
	sc.u.getdomaininfolist.buffer = (uint64_t)(uintptr_t)b;
	rc = sysctl(t, &sc);
	if (!rc) {
		size_t got = sc.u.getdomaininfolist.num_domains;

		if (got > max)
			got = max;
		for (i = 0; i < got; i++)
			ctrl_dominfo_decode(&b[i], &out[i]);
		*n = got;
	}
	ctrl_hbuf_free(t, b, len);
	return rc;
}

int ctrl_sys_readconsole(struct ctrl_transport *t, char *buf, uint32_t *len,
			 bool clear, uint32_t *index)
{
	struct xabi_sysctl sc = { .cmd = XABI_SYSCTL_readconsole };
	uint32_t cap = *len;
	char *b;
	int rc;

	if (!cap)
		return 0;
	b = ctrl_hbuf_alloc(t, cap);
	if (!b)
		return -ENOMEM;
	sc.u.readconsole.clear = clear;
	sc.u.readconsole.incremental = index != NULL;
	sc.u.readconsole.index = index ? *index : 0;
	sc.u.readconsole.buffer = (uint64_t)(uintptr_t)b;
	sc.u.readconsole.count = *len;
	rc = sysctl(t, &sc);
	if (!rc) {
		uint32_t got = sc.u.readconsole.count;

		if (got > *len)
			got = *len;
		memcpy(buf, b, got);
		*len = got;
		if (index)
			*index = sc.u.readconsole.index;
	}
	ctrl_hbuf_free(t, b, cap);
	return rc;
}

static long xenver(struct ctrl_transport *t, unsigned int cmd, void *out,
		   size_t len)
{
	void *b = len ? ctrl_hbuf_alloc(t, len) : NULL;
	uint64_t arg[5] = { cmd, (uint64_t)(uintptr_t)b };
	long rc;

	if (len && !b)
		return -ENOMEM;
	rc = t->ops->hypercall(t, XABI_HC_xen_version, arg);
	if (rc >= 0 && len)
		memcpy(out, b, len);
	ctrl_hbuf_free(t, b, len);
	return rc;
}

int ctrl_xen_version(struct ctrl_transport *t, struct ctrl_xen_version *v)
{
	char big[1024];
	long rc;

	memset(v, 0, sizeof(*v));
	rc = xenver(t, XABI_XENVER_version, NULL, 0);
	if (rc < 0)
		return (int)rc;
	v->major = (unsigned int)(rc >> 16);
	v->minor = (unsigned int)(rc & 0xffff);
	if (xenver(t, XABI_XENVER_extraversion, v->extra, 16) < 0)
		v->extra[0] = '\0';
	v->extra[16] = '\0';
	if (xenver(t, XABI_XENVER_capabilities, big, sizeof(big)) >= 0)
		snprintf(v->caps, sizeof(v->caps), "%.*s", (int)sizeof(big), big);
	if (xenver(t, XABI_XENVER_changeset, v->changeset, 64) < 0)
		v->changeset[0] = '\0';
	v->changeset[64] = '\0';
	if (xenver(t, XABI_XENVER_commandline, big, sizeof(big)) >= 0)
		snprintf(v->commandline, sizeof(v->commandline), "%.*s",
			 (int)sizeof(big), big);
	if (xenver(t, XABI_XENVER_platform_parameters, &v->virt_start, 8) < 0)
		v->virt_start = 0;
	v->pagesize = xenver(t, XABI_XENVER_pagesize, NULL, 0);
	return 0;
}
