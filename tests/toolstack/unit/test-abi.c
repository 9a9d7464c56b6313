// SPDX-License-Identifier: GPL-2.0-only
/*
 * Our control-interface layouts (tools/include/ctrl-abi.h) against
 * Debian's libxen-dev headers, field by field: sizes and offsets of every
 * structure the toolstack passes to Xen 4.17, and the constants.
 */
#define __XEN_TOOLS__ 1
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/memory.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/version.h>
#include <xen/sched.h>
#include <xen/io/console.h>

#include "ctrl-abi.h"
#include "xenstore-proto.h"
#include "../../unit/runner.h"

#define SAME_SIZE(ours, theirs) \
	CHECKF(sizeof(ours) == sizeof(theirs), "sizeof %s %zu != %zu", #ours, \
	       sizeof(ours), sizeof(theirs))
#define SAME_OFF(ours, f1, theirs, f2)                                    \
	CHECKF(offsetof(ours, f1) == offsetof(theirs, f2),               \
	       "offsetof(%s, %s) %zu != %zu", #ours, #f1, offsetof(ours, f1), \
	       offsetof(theirs, f2))

TEST(abi, domctl_layouts)
{
	CHECK_EQ(XABI_DOMCTL_VERSION, XEN_DOMCTL_INTERFACE_VERSION);
	SAME_SIZE(struct xabi_domctl, struct xen_domctl);
	SAME_OFF(struct xabi_domctl, u, struct xen_domctl, u);
	SAME_OFF(struct xabi_domctl, domain, struct xen_domctl, domain);
	SAME_SIZE(struct xabi_createdomain, struct xen_domctl_createdomain);
	SAME_OFF(struct xabi_createdomain, handle, struct xen_domctl_createdomain, handle);
	SAME_OFF(struct xabi_createdomain, flags, struct xen_domctl_createdomain, flags);
	SAME_OFF(struct xabi_createdomain, max_vcpus, struct xen_domctl_createdomain, max_vcpus);
	SAME_OFF(struct xabi_createdomain, max_evtchn_port, struct xen_domctl_createdomain, max_evtchn_port);
	SAME_OFF(struct xabi_createdomain, max_grant_frames, struct xen_domctl_createdomain, max_grant_frames);
	SAME_OFF(struct xabi_createdomain, max_maptrack_frames, struct xen_domctl_createdomain, max_maptrack_frames);
	SAME_OFF(struct xabi_createdomain, grant_opts, struct xen_domctl_createdomain, grant_opts);
	SAME_OFF(struct xabi_createdomain, vmtrace_size, struct xen_domctl_createdomain, vmtrace_size);
	SAME_OFF(struct xabi_createdomain, cpupool_id, struct xen_domctl_createdomain, cpupool_id);
	SAME_OFF(struct xabi_createdomain, arch, struct xen_domctl_createdomain, arch);
	SAME_SIZE(struct xabi_dominfo, struct xen_domctl_getdomaininfo);
	SAME_OFF(struct xabi_dominfo, flags, struct xen_domctl_getdomaininfo, flags);
	SAME_OFF(struct xabi_dominfo, tot_pages, struct xen_domctl_getdomaininfo, tot_pages);
	SAME_OFF(struct xabi_dominfo, max_pages, struct xen_domctl_getdomaininfo, max_pages);
	SAME_OFF(struct xabi_dominfo, shared_info_frame, struct xen_domctl_getdomaininfo, shared_info_frame);
	SAME_OFF(struct xabi_dominfo, cpu_time, struct xen_domctl_getdomaininfo, cpu_time);
	SAME_OFF(struct xabi_dominfo, nr_online_vcpus, struct xen_domctl_getdomaininfo, nr_online_vcpus);
	SAME_OFF(struct xabi_dominfo, handle, struct xen_domctl_getdomaininfo, handle);
	SAME_OFF(struct xabi_dominfo, cpupool, struct xen_domctl_getdomaininfo, cpupool);
	SAME_OFF(struct xabi_dominfo, arch_config, struct xen_domctl_getdomaininfo, arch_config);
	SAME_SIZE(struct xabi_getvcpuinfo, struct xen_domctl_getvcpuinfo);
	SAME_OFF(struct xabi_getvcpuinfo, cpu_time, struct xen_domctl_getvcpuinfo, cpu_time);
	SAME_OFF(struct xabi_getvcpuinfo, cpu, struct xen_domctl_getvcpuinfo, cpu);
	SAME_SIZE(struct xabi_vcpucontext, struct xen_domctl_vcpucontext);
	SAME_OFF(struct xabi_vcpucontext, ctxt, struct xen_domctl_vcpucontext, ctxt);
	SAME_OFF(struct xabi_domctl, u.max_mem.max_memkb, struct xen_domctl, u.max_mem.max_memkb);
	SAME_OFF(struct xabi_domctl, u.settimeoffset.time_offset_seconds, struct xen_domctl, u.settimeoffset.time_offset_seconds);
	SAME_OFF(struct xabi_domctl, u.hypercall_init.gmfn, struct xen_domctl, u.hypercall_init.gmfn);
	CHECK_EQ(XABI_DOMCTL_createdomain, XEN_DOMCTL_createdomain);
	CHECK_EQ(XABI_DOMCTL_destroydomain, XEN_DOMCTL_destroydomain);
	CHECK_EQ(XABI_DOMCTL_pausedomain, XEN_DOMCTL_pausedomain);
	CHECK_EQ(XABI_DOMCTL_unpausedomain, XEN_DOMCTL_unpausedomain);
	CHECK_EQ(XABI_DOMCTL_getdomaininfo, XEN_DOMCTL_getdomaininfo);
	CHECK_EQ(XABI_DOMCTL_max_mem, XEN_DOMCTL_max_mem);
	CHECK_EQ(XABI_DOMCTL_setvcpucontext, XEN_DOMCTL_setvcpucontext);
	CHECK_EQ(XABI_DOMCTL_getvcpucontext, XEN_DOMCTL_getvcpucontext);
	CHECK_EQ(XABI_DOMCTL_getvcpuinfo, XEN_DOMCTL_getvcpuinfo);
	CHECK_EQ(XABI_DOMCTL_max_vcpus, XEN_DOMCTL_max_vcpus);
	CHECK_EQ(XABI_DOMCTL_setdomainhandle, XEN_DOMCTL_setdomainhandle);
	CHECK_EQ(XABI_DOMCTL_hypercall_init, XEN_DOMCTL_hypercall_init);
	CHECK_EQ(XABI_DOMCTL_settimeoffset, XEN_DOMCTL_settimeoffset);
	CHECK_EQ(XABI_DOMCTL_set_address_size, XEN_DOMCTL_set_address_size);
	CHECK_EQ(XABI_DOMCTL_get_address_size, XEN_DOMCTL_get_address_size);
	CHECK_EQ(XABI_DOMINF_shutdown, XEN_DOMINF_shutdown);
	CHECK_EQ(XABI_DOMINF_paused, XEN_DOMINF_paused);
	CHECK_EQ(XABI_DOMINF_SHUTDOWN_SHIFT, XEN_DOMINF_shutdownshift);
}

TEST(abi, sysctl_layouts)
{
	CHECK_EQ(XABI_SYSCTL_VERSION, XEN_SYSCTL_INTERFACE_VERSION);
	SAME_SIZE(struct xabi_sysctl, struct xen_sysctl);
	SAME_OFF(struct xabi_sysctl, u, struct xen_sysctl, u);
	SAME_SIZE(struct xabi_physinfo, struct xen_sysctl_physinfo);
	SAME_OFF(struct xabi_physinfo, total_pages, struct xen_sysctl_physinfo, total_pages);
	SAME_OFF(struct xabi_physinfo, free_pages, struct xen_sysctl_physinfo, free_pages);
	SAME_OFF(struct xabi_physinfo, max_mfn, struct xen_sysctl_physinfo, max_mfn);
	SAME_OFF(struct xabi_physinfo, hw_cap, struct xen_sysctl_physinfo, hw_cap);
	SAME_SIZE(struct xabi_readconsole, struct xen_sysctl_readconsole);
	SAME_OFF(struct xabi_readconsole, index, struct xen_sysctl_readconsole, index);
	SAME_OFF(struct xabi_readconsole, buffer, struct xen_sysctl_readconsole, buffer);
	SAME_OFF(struct xabi_readconsole, count, struct xen_sysctl_readconsole, count);
	SAME_SIZE(struct xabi_getdomaininfolist, struct xen_sysctl_getdomaininfolist);
	SAME_OFF(struct xabi_getdomaininfolist, max_domains, struct xen_sysctl_getdomaininfolist, max_domains);
	SAME_OFF(struct xabi_getdomaininfolist, buffer, struct xen_sysctl_getdomaininfolist, buffer);
	SAME_OFF(struct xabi_getdomaininfolist, num_domains, struct xen_sysctl_getdomaininfolist, num_domains);
	CHECK_EQ(XABI_SYSCTL_readconsole, XEN_SYSCTL_readconsole);
	CHECK_EQ(XABI_SYSCTL_physinfo, XEN_SYSCTL_physinfo);
	CHECK_EQ(XABI_SYSCTL_sched_id, XEN_SYSCTL_sched_id);
	CHECK_EQ(XABI_SYSCTL_getdomaininfolist, XEN_SYSCTL_getdomaininfolist);
	CHECK_EQ(XABI_SCHED_CREDIT2, XEN_SCHEDULER_CREDIT2);
	CHECK_EQ(XABI_PHYSCAP_pv, XEN_SYSCTL_PHYSCAP_pv);
}

TEST(abi, guest_structures)
{
	SAME_SIZE(struct xabi_start_info, struct start_info);
	SAME_OFF(struct xabi_start_info, nr_pages, struct start_info, nr_pages);
	SAME_OFF(struct xabi_start_info, shared_info, struct start_info, shared_info);
	SAME_OFF(struct xabi_start_info, flags, struct start_info, flags);
	SAME_OFF(struct xabi_start_info, store_mfn, struct start_info, store_mfn);
	SAME_OFF(struct xabi_start_info, store_evtchn, struct start_info, store_evtchn);
	SAME_OFF(struct xabi_start_info, console.domU.mfn, struct start_info, console.domU.mfn);
	SAME_OFF(struct xabi_start_info, console.domU.evtchn, struct start_info, console.domU.evtchn);
	SAME_OFF(struct xabi_start_info, pt_base, struct start_info, pt_base);
	SAME_OFF(struct xabi_start_info, nr_pt_frames, struct start_info, nr_pt_frames);
	SAME_OFF(struct xabi_start_info, mfn_list, struct start_info, mfn_list);
	SAME_OFF(struct xabi_start_info, mod_start, struct start_info, mod_start);
	SAME_OFF(struct xabi_start_info, mod_len, struct start_info, mod_len);
	SAME_OFF(struct xabi_start_info, cmd_line, struct start_info, cmd_line);
	SAME_OFF(struct xabi_start_info, first_p2m_pfn, struct start_info, first_p2m_pfn);
	SAME_OFF(struct xabi_start_info, nr_p2m_frames, struct start_info, nr_p2m_frames);
	SAME_SIZE(struct xabi_vcpu_guest_context, struct vcpu_guest_context);
	SAME_OFF(struct xabi_vcpu_guest_context, flags, struct vcpu_guest_context, flags);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs, struct vcpu_guest_context, user_regs);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.rip, struct vcpu_guest_context, user_regs.rip);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.cs, struct vcpu_guest_context, user_regs.cs);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.rflags, struct vcpu_guest_context, user_regs.rflags);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.rsp, struct vcpu_guest_context, user_regs.rsp);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.rsi, struct vcpu_guest_context, user_regs.rsi);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.ss, struct vcpu_guest_context, user_regs.ss);
	SAME_OFF(struct xabi_vcpu_guest_context, user_regs.gs, struct vcpu_guest_context, user_regs.gs);
	SAME_OFF(struct xabi_vcpu_guest_context, trap_ctxt, struct vcpu_guest_context, trap_ctxt);
	SAME_OFF(struct xabi_vcpu_guest_context, kernel_ss, struct vcpu_guest_context, kernel_ss);
	SAME_OFF(struct xabi_vcpu_guest_context, kernel_sp, struct vcpu_guest_context, kernel_sp);
	SAME_OFF(struct xabi_vcpu_guest_context, ctrlreg, struct vcpu_guest_context, ctrlreg);
	SAME_OFF(struct xabi_vcpu_guest_context, event_callback_eip, struct vcpu_guest_context, event_callback_eip);
	SAME_OFF(struct xabi_vcpu_guest_context, vm_assist, struct vcpu_guest_context, vm_assist);
	SAME_OFF(struct xabi_vcpu_guest_context, gs_base_user, struct vcpu_guest_context, gs_base_user);
	CHECK_EQ(XABI_VGCF_in_kernel, VGCF_in_kernel);
	CHECK_EQ(XABI_VGCF_online, VGCF_online);
	CHECK_EQ(XABI_FLAT_KERNEL_CS64, FLAT_KERNEL_CS64);
	CHECK_EQ(XABI_FLAT_KERNEL_SS64, FLAT_KERNEL_SS64);
	CHECK_EQ(XABI_FLAT_KERNEL_DS64, FLAT_KERNEL_DS64);
	CHECK_EQ(XABI_VCPU_INFO_SIZE, sizeof(struct vcpu_info));
	CHECK_EQ(XABI_VCPU_INFO_UPCALL_MASK, offsetof(struct vcpu_info, evtchn_upcall_mask));
	CHECK_EQ(XABI_LEGACY_MAX_VCPUS, XEN_LEGACY_MAX_VCPUS);
	SAME_SIZE(struct xabi_xencons_interface, struct xencons_interface);
	SAME_OFF(struct xabi_xencons_interface, out_prod, struct xencons_interface, out_prod);
}

TEST(abi, hypercall_args)
{
	SAME_SIZE(struct xabi_memory_reservation, struct xen_memory_reservation);
	SAME_OFF(struct xabi_memory_reservation, nr_extents, struct xen_memory_reservation, nr_extents);
	SAME_OFF(struct xabi_memory_reservation, extent_order, struct xen_memory_reservation, extent_order);
	SAME_OFF(struct xabi_memory_reservation, mem_flags, struct xen_memory_reservation, mem_flags);
	SAME_OFF(struct xabi_memory_reservation, domid, struct xen_memory_reservation, domid);
	SAME_SIZE(struct xabi_mmuext_op, struct mmuext_op);
	SAME_OFF(struct xabi_mmuext_op, arg1, struct mmuext_op, arg1);
	SAME_OFF(struct xabi_mmuext_op, arg2, struct mmuext_op, arg2);
	SAME_SIZE(struct xabi_evtchn_alloc_unbound, struct evtchn_alloc_unbound);
	SAME_OFF(struct xabi_evtchn_alloc_unbound, port, struct evtchn_alloc_unbound, port);
	SAME_SIZE(struct xabi_grant_entry_v1, struct grant_entry_v1);
	SAME_OFF(struct xabi_grant_entry_v1, frame, struct grant_entry_v1, frame);
	SAME_SIZE(struct xabi_gnttab_setup_table, struct gnttab_setup_table);
	SAME_OFF(struct xabi_gnttab_setup_table, status, struct gnttab_setup_table, status);
	SAME_OFF(struct xabi_gnttab_setup_table, frame_list, struct gnttab_setup_table, frame_list);
	CHECK_EQ(XABI_HC_memory_op, __HYPERVISOR_memory_op);
	CHECK_EQ(XABI_HC_xen_version, __HYPERVISOR_xen_version);
	CHECK_EQ(XABI_HC_grant_table_op, __HYPERVISOR_grant_table_op);
	CHECK_EQ(XABI_HC_mmuext_op, __HYPERVISOR_mmuext_op);
	CHECK_EQ(XABI_HC_event_channel_op, 32);
	CHECK_EQ(XABI_HC_sysctl, __HYPERVISOR_sysctl);
	CHECK_EQ(XABI_HC_domctl, __HYPERVISOR_domctl);
	CHECK_EQ(XABI_XENMEM_populate_physmap, XENMEM_populate_physmap);
	CHECK_EQ(XABI_XENMEM_acquire_resource, XENMEM_acquire_resource);
	CHECK_EQ(XABI_XENMEM_resource_grant_table, XENMEM_resource_grant_table);
	CHECK_EQ(XABI_MMUEXT_PIN_L4_TABLE, MMUEXT_PIN_L4_TABLE);
	CHECK_EQ(XABI_EVTCHNOP_alloc_unbound, EVTCHNOP_alloc_unbound);
	CHECK_EQ(XABI_GNTTABOP_setup_table, GNTTABOP_setup_table);
	CHECK_EQ(XABI_GTF_permit_access, GTF_permit_access);
	CHECK_EQ(XABI_GNTTAB_RESERVED_XENSTORE, GNTTAB_RESERVED_XENSTORE);
	CHECK_EQ(XABI_XENVER_commandline, XENVER_commandline);
	CHECK_EQ(XABI_SHUTDOWN_crash, SHUTDOWN_crash);
	CHECK_EQ(XABI_SIF_MOD_START_PFN, SIF_MOD_START_PFN);
}
