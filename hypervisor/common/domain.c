// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain and vCPU life cycle: creation with a shared_info page, shutdown
 * with Xen's reasons and codes, and crashing a misbehaving domain. When
 * the initial domain ends, the machine ends with it.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/pv-cpu.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/softirq.h>
#include <hv/power.h>
#include <hv/hypercall.h>
#include <hv/evtchn.h>
#include <hv/vcpu-op.h>
#include <public/sched.h>

struct domain *dom0;
LIST_HEAD(domain_list);
static struct domain *idle_dom;

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

unsigned int current_domid(void)
{
	struct vcpu *v = current;

	return v && !v->is_idle ? v->domain->domain_id : DOMID_IDLE;
}

unsigned int current_vcpuid(void)
{
	struct vcpu *v = current;

	return v ? v->vcpu_id : 0;
}

/* The domain with this id, or NULL. DOMID_SELF is the caller's. */
struct domain *domain_lookup(domid_t id)
{
	struct domain *d;

	if (id == DOMID_SELF)
		return current->domain;
	list_for_each_entry(d, &domain_list, domain_list)
		if (d->domain_id == id && !d->is_dying)
			return d;
	return NULL;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v;

	if (id >= d->max_vcpus || d->vcpu[id])
		return NULL;
	v = xzalloc(struct vcpu);
	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	if (pv_cpu_init(v)) {
		xfree(v);
		return NULL;
	}
	if (evtchn_vcpu_init(v)) {
		pv_cpu_destroy(v);
		xfree(v);
		return NULL;
	}
	vcpu_op_init(v);
	v->processor = 0;
	v->runstate = RUNSTATE_offline;
	v->pause_flags = VPF_down;
	if (d->shared_info && id < XEN_LEGACY_MAX_VCPUS) {
		v->vcpu_info = &d->shared_info->vcpu_info[id];
		v->vcpu_info->evtchn_upcall_mask = 1;
	}
	d->vcpu[id] = v;
	return v;
}

static struct domain *domain_alloc(domid_t id, unsigned int max_vcpus)
{
	struct domain *d = xzalloc(struct domain);

	if (!d)
		return NULL;
	d->domain_id = id;
	d->shutdown_code = -1;
	d->max_vcpus = max_vcpus;
	INIT_LIST_HEAD(&d->page_list);
	watchdog_domain_init(d);
	d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
	if (!d->vcpu) {
		xfree(d);
		return NULL;
	}
	return d;
}

struct domain *idle_domain(void)
{
	if (!idle_dom) {
		idle_dom = domain_alloc(DOMID_IDLE, 1);
		if (!idle_dom || !vcpu_create(idle_dom, 0))
			panic("cannot create the idle domain");
	}
	return idle_dom;
}

struct domain *domain_create(domid_t id, unsigned int max_vcpus, bool privileged)
{
	struct domain *d;

	if (!max_vcpus || max_vcpus > MAX_VIRT_CPUS)
		return NULL;
	d = domain_alloc(id, max_vcpus);
	if (!d)
		return NULL;
	d->is_privileged = privileged;
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info)
		goto err_free;
	share_xen_page_with_guest(mfn_to_page(virt_to_mfn(d->shared_info)), d);
	/* No port limit of its own: the ABI's (as Xen's dom0). */
	if (evtchn_init(d, ~0u))
		goto err_free_shared;
	for (unsigned int i = 0; i < max_vcpus; i++)
		if (!vcpu_create(d, i))
			goto err_free_vcpus;
	list_add_tail(&d->domain_list, &domain_list);
	if (id == 0)
		dom0 = d;
	return d;

err_free_vcpus:
	evtchn_destroy(d);
	for (unsigned int i = 0; i < max_vcpus; i++) {
		if (d->vcpu[i])
			pv_cpu_destroy(d->vcpu[i]);
		xfree(d->vcpu[i]);
	}
err_free_shared:
	free_xenheap_page(d->shared_info);
err_free:
	xfree(d->vcpu);
	xfree(d);
	return NULL;
}

static void __noreturn hardware_domain_ended(struct domain *d, unsigned int reason)
{
	hypercall_print_counts();
	printk("domain %u shutdown: reason=%s code=%u\n", d->domain_id,
	       reason <= SHUTDOWN_MAX ? shutdown_names[reason] : "unknown", reason);
	switch (reason) {
	case SHUTDOWN_poweroff:
		machine_power_off(reason);
	case SHUTDOWN_reboot:
	case SHUTDOWN_soft_reset:
		machine_restart(reason);
	default:
		machine_halt_or_exit(reason);
	}
}

/*
 * A code recorded earlier with SCHEDOP_shutdown_code takes precedence over
 * the reason given now, so a crash path can say "crash" before it stops.
 */
void domain_shutdown(struct domain *d, unsigned int reason)
{
	if (d->shutdown_code < 0)
		d->shutdown_code = reason;
	reason = d->shutdown_code;
	if (d->is_shutting_down)
		return;
	d->is_shutting_down = true;
	if (d == dom0)
		hardware_domain_ended(d, reason);
	d->is_shut_down = true;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep(d->vcpu[i]);
	/* Tell dom0's toolstack that a domain stopped. */
	send_global_virq(VIRQ_DOM_EXC);
}

void domain_crash(struct domain *d, const char *why)
{
	printk("domain %u crashed: %s\n", d->domain_id, why);
	domain_shutdown(d, SHUTDOWN_crash);
}

void __noreturn domain_crash_current(const char *why)
{
	domain_crash(current->domain, why);
	raise_softirq(SCHEDULE_SOFTIRQ);
	do_softirqs();
	idle_loop();
}
