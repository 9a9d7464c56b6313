// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcpu_op and set_timer_op: a vCPU's singleshot and periodic timers (both
 * raise VIRQ_TIMER), the time it spends running, runnable, blocked and
 * offline, the copy of that the guest may register, and moving vcpu_info
 * out of shared_info. Up/down of secondary vCPUs; their initial context
 * (VCPUOP_initialise) loads a whole context through arch/x86/pv/vcpu-context.c.
 *
 * Guest areas given by virtual address (runstate, time) are written with
 * the vCPU's kernel page tables, at context switches and when registered.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/guest_access.h>
#include <hv/guest-frame.h>
#include <hv/event.h>
#include <hv/evtchn.h>
#include <hv/pv.h>
#include <hv/vcpu-op.h>
#include <public/vcpu.h>
#include <public/sched.h>

#define DEFAULT_PERIOD MILLISECS(10)   /* PV vCPUs start with a 100 Hz tick */
#define STIME_DELTA_MAX ((s_time_t)((uint64_t)~0ULL >> 2))

BUILD_BUG_ON(sizeof(struct vcpu_runstate_info) != 48);
BUILD_BUG_ON(sizeof(struct vcpu_register_vcpu_info) != 16);
BUILD_BUG_ON(sizeof(struct vcpu_set_singleshot_timer) != 16);

/* Xen's access_ok(): only where a guest array starts is checked. */
static bool guest_handle_okay(unsigned long va)
{
	return va < (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/* --- Timers ------------------------------------------------------------ */

static void send_timer_event(struct vcpu *v)
{
	pv_update_vcpu_time(v);
	send_guest_vcpu_virq(v, VIRQ_TIMER);
}

static void singleshot_timer_fn(void *data)
{
	send_timer_event(data);
}

/* A tick is due if a period has passed since the last; then the next one. */
static void periodic_timer_work(struct vcpu *v)
{
	s_time_t now = NOW(), next;

	if (!v->periodic_period)
		return;
	next = v->periodic_last_event + v->periodic_period;
	if (now >= next) {
		send_timer_event(v);
		v->periodic_last_event = now;
		next = now + v->periodic_period;
	}
	set_timer(&v->periodic_timer, next);
}

static void periodic_timer_fn(void *data)
{
	periodic_timer_work(data);
}

static void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
	stop_timer(&v->periodic_timer);
	v->periodic_period = period;
	periodic_timer_work(v);
}

/*
 * set_timer_op: absolute deadline, 0 stops the singleshot timer. Deadlines
 * wrapped negative or more than 2^50 ns (13 days) ahead come from a guest's
 * jiffies wrapping: they fire in 100 ms, as Xen does.
 */
long do_set_timer_op(unsigned long timeout)
{
	struct vcpu *v = current;
	s_time_t t = (s_time_t)timeout, offset = t - NOW();

	if (t == 0)
		stop_timer(&v->singleshot_timer);
	else if (t < 0 || (offset > 0 && (uint32_t)(offset >> 50) != 0))
		set_timer(&v->singleshot_timer, NOW() + MILLISECS(100));
	else
		set_timer(&v->singleshot_timer, t);
	return 0;
}

/* --- Runstate ---------------------------------------------------------- */

void vcpu_runstate_change(struct vcpu *v, enum runstate new_state)
{
	s_time_t now = NOW(), delta;

	if (v->runstate == new_state)
		return;
	delta = now - v->runstate_entry_time;
	if (delta > 0) {
		v->runstate_time[v->runstate] += delta;
		v->runstate_entry_time = now;
	}
	v->runstate = new_state;
}

static void runstate_raw(const struct vcpu *v, struct vcpu_runstate_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	ri->state = v->runstate;
	ri->state_entry_time = v->runstate_entry_time;
	memcpy(ri->time, v->runstate_time, sizeof(ri->time));
}

/* The runstate with the current state's time counted up to now. */
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *ri)
{
	s_time_t delta;

	runstate_raw(v, ri);
	delta = NOW() - ri->state_entry_time;
	if (delta > 0)
		ri->time[ri->state] += delta;
}

/*
 * The areas live at kernel addresses; a vCPU in user mode has its user
 * tables loaded, so switch to its kernel tables around the write.
 */
static bool kernel_tables_begin(const struct vcpu *v)
{
	if (guest_kernel_mode(v) || !v->arch.guest_table_user)
		return false;
	write_cr3(v->arch.guest_table << PAGE_SHIFT);
	return true;
}

static void kernel_tables_end(const struct vcpu *v, bool switched)
{
	if (switched)
		write_cr3(vcpu_cr3(v));
}

/*
 * Rewrite v's registered runstate copy; v's page tables are loaded. With
 * VMASST_TYPE_runstate_update_flag the top byte of state_entry_time
 * carries XEN_RUNSTATE_UPDATE while the rest changes.
 */
static void update_runstate_area(struct vcpu *v)
{
	unsigned long va = v->runstate_guest;
	unsigned long flag_byte = va + offsetof(struct vcpu_runstate_info, state_entry_time) + 7;
	bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
	struct vcpu_runstate_info ri;
	uint8_t top;
	bool switched;

	if (!va)
		return;
	runstate_raw(v, &ri);
	switched = kernel_tables_begin(v);
	if (flag) {
		top = (uint8_t)((ri.state_entry_time | XEN_RUNSTATE_UPDATE) >> 56);
		copy_to_guest(flag_byte, &top, 1);
		barrier();
		ri.state_entry_time |= XEN_RUNSTATE_UPDATE;
	}
	copy_to_guest(va, &ri, sizeof(ri));
	if (flag) {
		top = (uint8_t)((ri.state_entry_time & ~XEN_RUNSTATE_UPDATE) >> 56);
		barrier();
		copy_to_guest(flag_byte, &top, 1);
	}
	kernel_tables_end(v, switched);
}

/* The guest's extra copy of vcpu_time_info, under the same version protocol. */
static void update_time_area(struct vcpu *v)
{
	unsigned long va = v->time_info_guest;
	struct vcpu_time_info t;
	uint32_t odd;
	bool switched;

	if (!va || !v->vcpu_info)
		return;
	t = v->vcpu_info->time;
	odd = t.version | 1;
	switched = kernel_tables_begin(v);
	if (!copy_to_guest(va, &odd, sizeof(odd))) {
		barrier();
		t.version = odd;
		copy_to_guest(va, &t, sizeof(t));
		barrier();
		t.version = odd + 1;
		copy_to_guest(va, &t.version, sizeof(t.version));
	}
	kernel_tables_end(v, switched);
}

void vcpu_switch_out(struct vcpu *prev)
{
	if (prev->is_idle)
		return;
	/* The periodic tick only runs while the vCPU does. */
	stop_timer(&prev->periodic_timer);
	update_runstate_area(prev);
}

void vcpu_switch_in(struct vcpu *next)
{
	if (next->is_idle)
		return;
	update_runstate_area(next);
	update_time_area(next);
	periodic_timer_work(next);
}

/* --- Registered vcpu_info ---------------------------------------------- */

/*
 * Move v's vcpu_info into guest frame `mfn` at `offset`. The guest may lose
 * nothing: the old contents are copied, then every selector bit and the
 * upcall flag are set so that it rescans all ports.
 */
static int map_vcpu_info(struct vcpu *v, unsigned long mfn, unsigned int offset)
{
	struct vcpu_info *new_info;
	char *page;

	if (offset > PAGE_SIZE - sizeof(struct vcpu_info) || (offset & 7))
		return -ENXIO;
	if (v->vcpu_info_mfn)
		return -EINVAL;
	/* Only on itself, or on a vCPU that is down. */
	if (v != current && !(v->pause_flags & VPF_down))
		return -EINVAL;
	page = guest_frame_get_writable(v->domain, mfn);
	if (!page)
		return -EINVAL;
	new_info = (struct vcpu_info *)(page + offset);
	if (v->vcpu_info) {
		memmove(new_info, v->vcpu_info, sizeof(*new_info));
	} else {
		memset(new_info, 0, sizeof(*new_info));
		new_info->evtchn_upcall_mask = 1;
	}
	v->vcpu_info = new_info;
	v->vcpu_info_mfn = mfn;
	barrier();
	WRITE_ONCE(new_info->evtchn_pending_sel, ~0UL);
	vcpu_mark_events_pending(v);
	return 0;
}

/* --- The hypercall ----------------------------------------------------- */

/* VCPUOP_initialise reads a whole vcpu_guest_context: check it is there. */
static bool guest_context_readable(unsigned long arg)
{
	char buf[256];

	for (unsigned long off = 0; off < VCPU_GUEST_CONTEXT_SIZE; off += sizeof(buf)) {
		size_t n = min(sizeof(buf), (size_t)(VCPU_GUEST_CONTEXT_SIZE - off));

		if (copy_from_guest(buf, arg + off, n))
			return false;
	}
	return true;
}

/* Copy the context in once, then load it (arch/x86/pv/vcpu-context.c). */
static long initialise(struct vcpu *v, unsigned long arg)
{
	struct vcpu_guest_context *c = xmalloc_bytes(sizeof(*c));
	long rc;

	if (!c)
		return -ENOMEM;
	rc = copy_from_guest(c, arg, sizeof(*c)) ? -EFAULT : pv_set_vcpu_context(v, c);
	xfree(c);
	return rc;
}

static long vcpu_down(struct vcpu *v)
{
	struct domain *d = v->domain;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *o = d->vcpu[i];

		if (o && o != v && !(o->pause_flags & VPF_down)) {
			if (!(v->pause_flags & VPF_down)) {
				v->pause_flags |= VPF_down;
				vcpu_sleep(v);
			}
			return 0;
		}
	}
	/* The last vCPU going down ends the domain. */
	domain_shutdown(d, SHUTDOWN_poweroff);
	return 0;
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg)
{
	struct domain *d = current->domain;
	unsigned int id = (unsigned int)vcpuid;
	struct vcpu *v = id < d->max_vcpus ? d->vcpu[id] : NULL;

	if (!v)
		return -ENOENT;

	switch ((int)cmd) {
	case VCPUOP_initialise:
		if (!v->vcpu_info)
			return -EINVAL;
		if (!guest_context_readable(arg))
			return -EFAULT;
		if (vcpu_is_initialised(v))
			return -EEXIST;
		return initialise(v, arg);

	case VCPUOP_up:
		if (!vcpu_is_initialised(v))
			return -EINVAL;
		if (v->pause_flags & VPF_down) {
			v->pause_flags &= ~VPF_down;
			vcpu_wake(v);
		}
		return 0;

	case VCPUOP_down:
		return vcpu_down(v);

	case VCPUOP_is_up:
		return !(v->pause_flags & VPF_down);

	case VCPUOP_get_runstate_info: {
		struct vcpu_runstate_info ri;

		vcpu_runstate_get(v, &ri);
		return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
	}

	case VCPUOP_register_runstate_memory_area: {
		struct vcpu_register_runstate_memory_area area;
		struct vcpu_runstate_info ri;

		if (copy_from_guest(&area, arg, sizeof(area)))
			return -EFAULT;
		if (!guest_handle_okay(area.addr))
			return -EFAULT;
		v->runstate_guest = area.addr;
		/* A first copy now; where it cannot be written, it is lost. */
		if (v == current)
			runstate_raw(v, &ri);
		else
			vcpu_runstate_get(v, &ri);
		copy_to_guest(area.addr, &ri, sizeof(ri));
		return 0;
	}

	case VCPUOP_set_periodic_timer: {
		struct vcpu_set_periodic_timer set;

		if (copy_from_guest(&set, arg, sizeof(set)))
			return -EFAULT;
		if ((int64_t)set.period_ns < MILLISECS(1) || (int64_t)set.period_ns > STIME_DELTA_MAX)
			return -EINVAL;
		vcpu_set_periodic_timer(v, set.period_ns);
		return 0;
	}

	case VCPUOP_stop_periodic_timer:
		vcpu_set_periodic_timer(v, 0);
		return 0;

	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer set;

		if (v != current)
			return -EINVAL;
		if (copy_from_guest(&set, arg, sizeof(set)))
			return -EFAULT;
		/* Past deadlines fire now, VCPU_SSHOTTMR_future or not (4.17). */
		if ((s_time_t)set.timeout_abs_ns < NOW()) {
			stop_timer(&v->singleshot_timer);
			send_timer_event(v);
			return 0;
		}
		set_timer(&v->singleshot_timer, set.timeout_abs_ns);
		return 0;
	}

	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		stop_timer(&v->singleshot_timer);
		return 0;

	case VCPUOP_register_vcpu_info: {
		struct vcpu_register_vcpu_info info;
		long rc;

		if (copy_from_guest(&info, arg, sizeof(info)))
			return -EFAULT;
		rc = map_vcpu_info(v, info.mfn, info.offset);
		pv_update_vcpu_time(v);
		return rc;
	}

	case VCPUOP_register_vcpu_time_memory_area: {
		struct vcpu_register_time_memory_area area;

		if (copy_from_guest(&area, arg, sizeof(area)))
			return -EFAULT;
		if (!guest_handle_okay(area.addr))
			return -EFAULT;
		v->time_info_guest = area.addr;
		pv_update_vcpu_time(v);
		if (v == current)
			update_time_area(v);
		return 0;
	}

	case VCPUOP_send_nmi:
		if (arg)
			return -EINVAL;
		return -ENOSYS;         /* NMI delivery to PV guests: not yet */

	case VCPUOP_get_physid: {
		/*
		 * Only for the hardware domain's vCPUs pinned to one CPU: with
		 * one physical CPU, all of them, on CPU 0 (APIC id from CPUID,
		 * ACPI id 0 as there is no ACPI table parsing yet).
		 */
		uint32_t a, b, c, dx;
		uint64_t phys_id;

		if (!d->is_privileged || v->vcpu_id != 0)
			return -EINVAL;
		cpuid(1, &a, &b, &c, &dx);
		phys_id = b >> 24;
		return copy_to_guest(arg, &phys_id, sizeof(phys_id)) ? -EFAULT : 0;
	}

	default:
		return -ENOSYS;
	}
}

/* --- Life cycle -------------------------------------------------------- */

void vcpu_op_init(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_timer_fn, v);
	init_timer(&v->periodic_timer, periodic_timer_fn, v);
	v->runstate_entry_time = NOW();
	if (v->domain->domain_id != DOMID_IDLE)
		v->periodic_period = DEFAULT_PERIOD;
}

void vcpu_op_destroy(struct vcpu *v)
{
	stop_timer(&v->singleshot_timer);
	stop_timer(&v->periodic_timer);
	if (v->vcpu_info_mfn) {
		guest_frame_put_writable(v->vcpu_info);
		v->vcpu_info = NULL;
		v->vcpu_info_mfn = 0;
	}
	v->runstate_guest = 0;
	v->time_info_guest = 0;
}
