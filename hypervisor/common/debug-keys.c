// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debug key: Ctrl-Q on the serial console dumps the state of every vCPU
 * (run state, pause flags, event upcall state, where it is, its timers),
 * which is what one needs to see why a guest stopped making progress.
 * The key is consumed by the hypervisor, never seen by dom0.
 */
#include <hv/lib.h>
#include <hv/domain.h>
#include <hv/timer.h>
#include <hv/debug-keys.h>

static const char *const runstate_names[] = { "running", "runnable", "blocked", "offline" };

static void dump_vcpu(const struct vcpu *v)
{
	const struct vcpu_info *vi = v->vcpu_info;

	printk("  v%u: %s%s pause %#lx upcall pending %u mask %u sel %#lx rip %#lx cs %#lx"
	       " kernel %d single %s%ld periodic %s%ld\n",
	       v->vcpu_id, runstate_names[v->runstate & 3], v->runq_elem.next ? " (queued)" : "",
	       v->pause_flags,
	       vi ? vi->evtchn_upcall_pending : 0, vi ? vi->evtchn_upcall_mask : 0,
	       vi ? vi->evtchn_pending_sel : 0, v->regs.rip, v->regs.cs,
	       guest_kernel_mode(v), v->singleshot_timer.active ? "+" : "-",
	       (long)(v->singleshot_timer.expires - NOW()),
	       v->periodic_timer.active ? "+" : "-",
	       (long)(v->periodic_timer.expires - NOW()));
}

void sched_dump_trace(void);

void debug_key_dump(void)
{
	struct domain *d;

	sched_dump_trace();
	printk("*** vCPU state at %ld ns (running vCPU's rip is its saved frame)\n", (long)NOW());
	list_for_each_entry(d, &domain_list, domain_list) {
		printk(" domain %u: %lu pages%s%s\n", d->domain_id, d->tot_pages,
		       d->is_shutting_down ? " shutting-down" : "", d->is_dying ? " dying" : "");
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				dump_vcpu(d->vcpu[i]);
	}
}
