// SPDX-License-Identifier: GPL-2.0-only
/*
 * Starting secondary vCPUs: the context an AP starts with (see smp.h), its
 * stack, and the C side of its entry. The AP context is built from what
 * vCPU 0 runs with, so that an AP is a second CPU of the same kernel.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "evtchn.h"
#include "smp.h"

volatile struct smp_ap_entry smp_ap_entry[SMP_MAX_VCPUS];

static char ap_stacks[SMP_MAX_VCPUS][SMP_AP_STACK_SIZE]
	__attribute__((section(".bss.page_aligned"), aligned(4096)));

extern char smp_ap_start[], event_callback_entry[];
void smp_ap_main(unsigned int vcpu, ap_fn_t fn) __attribute__((noreturn));

unsigned int smp_nr_vcpus(void)
{
	unsigned int n = 1;

	while (n < 4096 && hv_vcpu_op(VCPUOP_is_up, n, NULL) != -ENOENT)
		n++;
	return n;
}

uint64_t smp_ap_stack_top(unsigned int vcpu)
{
	return (uint64_t)ap_stacks[vcpu % SMP_MAX_VCPUS] + SMP_AP_STACK_SIZE;
}

void smp_ap_context(struct vcpu_guest_context *c, unsigned int vcpu, ap_fn_t fn)
{
	uint64_t top = smp_ap_stack_top(vcpu);

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (uint64_t)smp_ap_start;
	c->user_regs.rsp = top;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x202;		/* IF, the always-one bit */
	c->user_regs.rdi = vcpu;
	c->user_regs.rsi = (uint64_t)fn;
	c->user_regs.rdx = (uint64_t)&smp_ap_entry[vcpu % SMP_MAX_VCPUS];
	traps_copy(c->trap_ctxt);
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = top;
	c->ctrlreg[3] = smp_mfn_of((void *)start_info->pt_base) << 12;
	c->event_callback_eip = (uint64_t)event_callback_entry;
}

long smp_start_ap(unsigned int vcpu, ap_fn_t fn)
{
	static struct vcpu_guest_context ctx;
	long rc;

	if (vcpu >= SMP_MAX_VCPUS || vcpu == 0)
		return -EINVAL;
	if (vcpu < XEN_LEGACY_MAX_VCPUS)
		shared_info->vcpu_info[vcpu].evtchn_upcall_mask = 1;
	smp_ap_context(&ctx, vcpu, fn);
	rc = hv_vcpu_op(VCPUOP_initialise, vcpu, &ctx);
	if (rc)
		return rc;
	return hv_vcpu_op(VCPUOP_up, vcpu, NULL);
}

/* Called by smp_ap_start on the AP's own stack. */
void smp_ap_main(unsigned int vcpu, ap_fn_t fn)
{
	fn(vcpu);
	for (;;)
		hv_vcpu_op(VCPUOP_down, vcpu, NULL);
}
