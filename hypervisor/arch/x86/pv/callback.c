// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the guest kernel wants its traps, events and system calls
 * delivered: set_trap_table, set_callbacks, callback_op, stack_switch,
 * and vm_assist. Each guest structure is copied in once and checked.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/pv.h>
#include <hv/page.h>
#include <public/callback.h>

long do_set_trap_table(unsigned long traps)
{
	struct vcpu *v = current;
	struct trap_info ti;

	if (!traps) {
		memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
		return 0;
	}
	/* The table ends at a zero address; at most one entry per vector counts. */
	for (unsigned int i = 0; i < 256 * 8; i++) {
		if (copy_from_guest(&ti, traps + i * sizeof(ti), sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			return 0;
		if (!is_canonical(ti.address))
			return -EINVAL;
		v->arch.trap_ctxt[ti.vector] = ti;
	}
	return 0;
}

static long register_callback(struct vcpu *v, const struct callback_register *cb)
{
	struct pv_callback *slot;

	if (!is_canonical(cb->address))
		return -EINVAL;
	switch (cb->type) {
	case CALLBACKTYPE_event:
		slot = &v->arch.event_callback;
		break;
	case CALLBACKTYPE_failsafe:
		slot = &v->arch.failsafe_callback;
		break;
	case CALLBACKTYPE_syscall:
		slot = &v->arch.syscall_callback;
		break;
	case CALLBACKTYPE_syscall32:
		slot = &v->arch.syscall32_callback;
		break;
	case CALLBACKTYPE_sysenter:
		slot = &v->arch.sysenter_callback;
		break;
	case CALLBACKTYPE_nmi:
		slot = &v->arch.nmi_callback;
		break;
	default:
		return -ENOSYS;
	}
	slot->eip = cb->address;
	slot->mask_events = cb->flags & CALLBACKF_mask_events;
	return 0;
}

long do_callback_op(unsigned long cmd, unsigned long arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case CALLBACKOP_register: {
		struct callback_register cb;

		if (copy_from_guest(&cb, arg, sizeof(cb)))
			return -EFAULT;
		return register_callback(v, &cb);
	}
	case CALLBACKOP_unregister: {
		struct callback_unregister cu;

		if (copy_from_guest(&cu, arg, sizeof(cu)))
			return -EFAULT;
		switch (cu.type) {
		case CALLBACKTYPE_nmi:
			v->arch.nmi_callback.eip = 0;
			return 0;
		case CALLBACKTYPE_event:
		case CALLBACKTYPE_failsafe:
		case CALLBACKTYPE_syscall:
		case CALLBACKTYPE_syscall32:
		case CALLBACKTYPE_sysenter:
			return -EINVAL;
		default:
			return -ENOSYS;
		}
	}
	default:
		return -ENOSYS;
	}
}

long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall)
{
	struct callback_register ev = { .type = CALLBACKTYPE_event, .address = event };
	struct callback_register fs = { .type = CALLBACKTYPE_failsafe, .address = failsafe,
					.flags = CALLBACKF_mask_events };
	struct callback_register sc = { .type = CALLBACKTYPE_syscall, .address = syscall,
					.flags = CALLBACKF_mask_events };
	struct vcpu *v = current;

	/* The legacy call stores what it is given, unchecked (as Xen does). */
	v->arch.event_callback = (struct pv_callback){ ev.address, false };
	v->arch.failsafe_callback = (struct pv_callback){ fs.address, true };
	v->arch.syscall_callback = (struct pv_callback){ sc.address, true };
	return 0;
}

long do_stack_switch(unsigned long ss, unsigned long esp)
{
	struct vcpu *v = current;

	v->arch.kernel_ss = ss | 3;
	v->arch.kernel_sp = esp;
	return 0;
}

long do_vm_assist(unsigned long cmd, unsigned long type)
{
	struct domain *d = current->domain;

	if (type >= 64 || !(PV64_VM_ASSIST_MASK & (1UL << type)))
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		d->vm_assist |= 1UL << type;
		return 0;
	case VMASST_CMD_disable:
		d->vm_assist &= ~(1UL << type);
		return 0;
	default:
		return -ENOSYS;
	}
}
