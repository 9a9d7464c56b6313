// SPDX-License-Identifier: GPL-2.0-only
/*
 * The attacker's checks on the control plane: domctl and sysctl are the
 * control domain's (-EACCES for a wrong interface version first, then
 * -EPERM); event channels, shutdown and the console of another domain are
 * out of reach; the hypervisor's command line is "<denied>". Then the one
 * event channel the grantor offered to us binds, and no other does.
 */
#include "iso.h"

static long domctl_as(uint32_t cmd, uint16_t dom, uint32_t version)
{
	struct iso_domctl op = { .cmd = cmd, .interface_version = version, .domain = dom };

	return hypercall1(HYPERCALL_domctl, &op);
}

static long sysctl_as(uint32_t cmd, uint32_t version)
{
	struct iso_sysctl op = { .cmd = cmd, .interface_version = version };

	return hypercall1(HYPERCALL_sysctl, &op);
}

static void control(uint16_t self, uint16_t peer)
{
	check_eq("ctl.domctl_wrong_version", (uint64_t)domctl_as(DOMCTL_getdomaininfo, peer, 0x10),
		 (uint64_t)-EACCES);
	check_eq("ctl.getdomaininfo_peer", (uint64_t)domctl_as(DOMCTL_getdomaininfo, peer,
							       ISO_CTL_VERSION), (uint64_t)-EPERM);
	check_eq("ctl.getdomaininfo_self", (uint64_t)domctl_as(DOMCTL_getdomaininfo, self,
							       ISO_CTL_VERSION), (uint64_t)-EPERM);
	check_eq("ctl.pause_peer", (uint64_t)domctl_as(DOMCTL_pausedomain, peer, ISO_CTL_VERSION),
		 (uint64_t)-EPERM);
	check_eq("ctl.destroy_peer", (uint64_t)domctl_as(DOMCTL_destroydomain, peer,
							 ISO_CTL_VERSION), (uint64_t)-EPERM);
	check_eq("ctl.createdomain", (uint64_t)domctl_as(DOMCTL_createdomain, 0, ISO_CTL_VERSION),
		 (uint64_t)-EPERM);
	check_eq("ctl.sysctl_wrong_version", (uint64_t)sysctl_as(SYSCTL_physinfo, 0x10),
		 (uint64_t)-EACCES);
	check_eq("ctl.physinfo", (uint64_t)sysctl_as(SYSCTL_physinfo, ISO_CTL_VERSION),
		 (uint64_t)-EPERM);
	check_eq("ctl.getdomaininfolist", (uint64_t)sysctl_as(SYSCTL_getdomaininfolist,
							      ISO_CTL_VERSION), (uint64_t)-EPERM);
	check_eq("ctl.readconsole", (uint64_t)sysctl_as(SYSCTL_readconsole, ISO_CTL_VERSION),
		 (uint64_t)-EPERM);
}

static void others(uint16_t peer, uint32_t evbase)
{
	struct iso_remote_shutdown rs = { .domid = peer, .reason = SHUTDOWN_poweroff };
	char line[] = "isolation: a domU writing to the hypervisor console\n";
	char buf[64];
	long rc;

	check_eq("ctl.remote_shutdown_peer", (uint64_t)hv_sched_op(SCHEDOP_remote_shutdown, &rs),
		 (uint64_t)-EPERM);
	check_eq("ctl.console_write", (uint64_t)hv_console_io(CONSOLEIO_write,
							      sizeof(line) - 1, line),
		 (uint64_t)-EPERM);
	check_eq("ctl.console_read", (uint64_t)hv_console_io(CONSOLEIO_read, sizeof(buf), buf),
		 (uint64_t)-EPERM);
	memset(buf, 0x55, sizeof(buf));
	rc = hv_xen_version(XENVER_commandline, buf);
	check("ctl.hypervisor_cmdline_denied", rc == 0 && !strcmp(buf, "<denied>"),
	      "rc %ld '%.20s'", rc, buf);
	{
		struct evtchn_alloc_unbound a = { .dom = peer, .remote_dom = DOMID_SELF };
		struct evtchn_status st = { .dom = peer, .port = evbase };
		struct evtchn_reset r = { .dom = peer };

		check_eq("ev.alloc_unbound_in_peer",
			 (uint64_t)hv_event_channel_op(EVTCHNOP_alloc_unbound, &a),
			 (uint64_t)-EPERM);
		check_eq("ev.status_of_peers_port",
			 (uint64_t)hv_event_channel_op(EVTCHNOP_status, &st), (uint64_t)-EPERM);
		check_eq("ev.reset_peer", (uint64_t)hv_event_channel_op(EVTCHNOP_reset, &r),
			 (uint64_t)-EPERM);
	}
}

/* Binds the grantor's port for us (returned) after trying the others. */
static uint32_t ports(uint16_t self, uint16_t peer, uint32_t evbase)
{
	uint16_t other = self < ISO_MAX_PEER ? self + 1 : self - 1;
	uint32_t port = 0;
	long rc;

	rc = ev_bind_interdomain(peer, evbase + other - 1, &port);
	check_eq("ev.bind_port_for_other_domain", (uint64_t)rc, (uint64_t)-EINVAL);
	rc = ev_bind_interdomain(peer, evbase + ISO_MAX_PEER + 100, &port);
	check_eq("ev.bind_port_beyond_peers", (uint64_t)rc, (uint64_t)-EINVAL);
	rc = ev_bind_interdomain(1000, 1, &port);
	check_eq("ev.bind_no_such_domain", (uint64_t)rc, (uint64_t)-ESRCH);
	port = 0;
	rc = ev_bind_interdomain(peer, evbase + self - 1, &port);
	check("ev.bind_port_for_us", rc == 0 && port != 0, "rc %ld port %u", rc, port);
	return rc ? 0 : port;
}

void attack_control(uint16_t self, uint16_t peer, uint32_t evbase)
{
	control(self, peer);
	others(peer, evbase);
}

uint32_t attack_bind(uint16_t self, uint16_t peer, uint32_t evbase)
{
	return ports(self, peer, evbase);
}
