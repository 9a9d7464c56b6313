/* SPDX-License-Identifier: GPL-2.0-only */
/* What domctl (common/domctl.c) shares with sysctl. */
#ifndef HV_DOMCTL_H
#define HV_DOMCTL_H

struct domain;
struct xen_domctl_getdomaininfo;

/* The getdomaininfo record of a domain (also sysctl getdomaininfolist). */
void domain_get_info(const struct domain *d, struct xen_domctl_getdomaininfo *info);

#endif
