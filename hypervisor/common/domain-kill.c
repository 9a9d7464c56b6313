// SPDX-License-Identifier: GPL-2.0-only
/*
 * Destroying a domain (domctl destroydomain). Teardown runs in stages,
 * each restartable, with the stage kept in d->kill_progress so that a
 * long one (a domain's every page) is done over several hypercalls:
 *   vcpus:   stop timers (vCPUs', watchdogs), drop vCPU page tables,
 *            descriptor frames and registered areas; close every event
 *            channel; end the mappings d holds of other domains' grants;
 *   unpin:   unpin every pinned table (validation's references unwind);
 *   release: drop every page's allocation reference.
 * Then the domain is dead. Its pages go back to the heap as their last
 * reference goes; one still mapped by another domain (a foreign mapping,
 * a grant) keeps the domain in the list, dying, until it is let go. When
 * nothing is left the domain leaves the list and its structure is freed,
 * at once or later by the reaper (a timer, kicked from put_page()).
 *
 * Locking: none yet (one CPU, interrupts off in the hypervisor). With SMP
 * the domctl lock serialises teardown and the reaper takes the domain
 * list lock.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/grant.h>
#include <hv/mm.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <hv/sched.h>
#include <hv/softirq.h>
#include <hv/timer.h>
#include <hv/time.h>
#include <hv/vcpu-op.h>

/* Pages handled per call before the caller is asked to continue. */
#define KILL_BATCH 1024

enum { KILL_vcpus, KILL_unpin, KILL_release, KILL_done };

static void kill_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		vcpu_op_destroy(v);
		pv_vcpu_reset(v);
		if (v->arch.pirq_eoi_mfn) {
			put_page_and_type(mfn_to_page(v->arch.pirq_eoi_mfn));
			v->arch.pirq_eoi_mfn = 0;
		}
	}
	watchdog_domain_destroy(d);
	evtchn_destroy(d);
	gnttab_release_mappings(d);
}

/*
 * Go through up to KILL_BATCH pages of page_list, moving each to
 * relmem_list before acting on it (acting may free it). Returns true when
 * the list is done; the pages are then back on page_list.
 */
static bool for_pages(struct domain *d, void (*act)(struct page_info *pg))
{
	for (unsigned int n = 0; n < KILL_BATCH; n++) {
		struct page_info *pg;

		if (list_empty(&d->page_list)) {
			list_splice_tail_init(&d->relmem_list, &d->page_list);
			return true;
		}
		pg = list_first_entry(&d->page_list, struct page_info, list);
		list_move_tail(&pg->list, &d->relmem_list);
		act(pg);
	}
	return false;
}

/* A pinned table lets go of its pin; devalidation drops what it held. */
static void unpin(struct page_info *pg)
{
	if (!(pg->type_info & PGT_pinned))
		return;
	pg->type_info &= ~PGT_pinned;
	put_page_and_type(pg);
}

static void release(struct page_info *pg)
{
	if (pg->count_info & PGC_allocated)
		domain_release_page(pg);
}

static bool xen_page_mapped(const void *va)
{
	const struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	return (pg->count_info & PGC_count_mask) != 1;
}

/*
 * The last step: once no frame of the dead domain is held anywhere, it
 * leaves the domain list and everything it had goes back to the heap.
 */
static bool domain_try_free(struct domain *d)
{
	struct page_info *si;

	if (d->is_dying != DOMDYING_dead || d->tot_pages || xen_page_mapped(d->shared_info) ||
	    gnttab_frames_in_use(d))
		return false;
	list_del(&d->domain_list);
	grant_table_destroy(d);
	evtchn_destroy_final(d);
	si = mfn_to_page(virt_to_mfn(d->shared_info));
	si->owner = NULL;
	si->type_info = 0;
	free_xenheap_page(d->shared_info);
	domain_free_struct(d);
	return true;
}

static void reaper_fn(void *data)
{
	struct domain *d, *n;

	(void)data;
	list_for_each_entry_safe(d, n, &domain_list, domain_list)
		if (d->is_dying == DOMDYING_dead)
			domain_try_free(d);
}

static struct timer reaper = { .fn = reaper_fn };

/*
 * Run the reaper before the current hypercall returns (softirqs run on
 * the way back to the guest), so that a domain whose last frame was just
 * let go is gone by the caller's next call, as in Xen.
 */
void domain_kick_reaper(void)
{
	if (!reaper.active)
		set_timer(&reaper, NOW());
	raise_softirq(TIMER_SOFTIRQ);
}

int domain_kill(struct domain *d)
{
	if (d == current->domain)
		return -EINVAL;
	switch (d->is_dying) {
	case DOMDYING_alive:
		d->is_dying = DOMDYING_dying;
		d->kill_progress = KILL_vcpus;
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				vcpu_sleep(d->vcpu[i]);
		/* fallthrough */
	case DOMDYING_dying:
		switch (d->kill_progress) {
		case KILL_vcpus:
			kill_vcpus(d);
			d->kill_progress = KILL_unpin;
			/* fallthrough */
		case KILL_unpin:
			if (!for_pages(d, unpin))
				return -ERESTART;
			d->kill_progress = KILL_release;
			/* fallthrough */
		case KILL_release:
			if (!for_pages(d, release))
				return -ERESTART;
			d->kill_progress = KILL_done;
			/* fallthrough */
		default:
			break;
		}
		d->is_dying = DOMDYING_dead;
		send_global_virq(VIRQ_DOM_EXC);
		domain_try_free(d);
		return 0;
	default:
		return 0;
	}
}
