// SPDX-License-Identifier: GPL-2.0-only
/*
 * Privileged instructions of a PV guest, which runs in ring 3: they raise
 * #GP(0), and the ones a PV kernel may use are carried out here as Xen 4.17
 * does (decoding is lib/x86-privop.c). What is not emulated is reflected
 * as the #GP it was.
 *
 *  - control registers: CR0 (only TS may change; it is virtual), CR2, CR3
 *    (the kernel L4 as a machine address; writing it switches tables),
 *    CR4 (guest-visible value, see pv/cpu-state.c);
 *  - debug registers (as set_debugreg), clts, wbinvd, rdmsr/wrmsr
 *    (pv/emul-msr.c), rdtsc/rdtscp (when the guest set CR4.TSD), cpuid,
 *    xsetbv;
 *  - cli/sti are ignored when the vCPU has I/O privilege;
 *  - port I/O, with I/O privilege: the vCPU's IOPL, from PHYSDEVOP_set_iopl
 *    or, with VMASST architectural_iopl, from iret (the kernel counts as
 *    ring 0 then, else ring 1). Which ports reach the hardware is the
 *    domain's I/O capability: dom0 has all but those the hypervisor keeps
 *    (PIC, PIT, port 0x61, COM1, PCI config data); reads of those give all
 *    ones and writes are dropped. 0xcf8 (dword) is a per-domain virtual
 *    register through which dom0 reaches PCI config space at 0xcfc-0xcff;
 *    the RTC index (0x70) is latched per domain and its data port (0x71)
 *    reads and writes the CMOS.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <hv/lib/x86-privop.h>
#include <public/xen.h>

#define X86_CR4_TSD     0x4UL
#define X86_CR4_OSXSAVE 0x40000UL
#define DR6_BS          0x4000UL
#define MAX_REPS        4096	/* per trap; a longer rep restarts */

enum emul_result { EMUL_DONE, EMUL_UNHANDLED, EMUL_EXCEPTION };

static uint64_t *gpr(struct cpu_user_regs *r, unsigned int n)
{
	switch (n & 15) {
	case 0: return &r->rax;
	case 1: return &r->rcx;
	case 2: return &r->rdx;
	case 3: return &r->rbx;
	case 4: return &r->rsp;
	case 5: return &r->rbp;
	case 6: return &r->rsi;
	case 7: return &r->rdi;
	case 8: return &r->r8;
	case 9: return &r->r9;
	case 10: return &r->r10;
	case 11: return &r->r11;
	case 12: return &r->r12;
	case 13: return &r->r13;
	case 14: return &r->r14;
	default: return &r->r15;
	}
}

/* A register write of `bytes` width: 4 zero-extends, 1 and 2 merge. */
static void set_reg(uint64_t *reg, uint64_t val, unsigned int bytes)
{
	switch (bytes) {
	case 1: *reg = (*reg & ~0xffULL) | (val & 0xff); break;
	case 2: *reg = (*reg & ~0xffffULL) | (val & 0xffff); break;
	case 4: *reg = (uint32_t)val; break;
	default: *reg = val; break;
	}
}

static uint64_t width_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;
}

/* ---- I/O ---- */

static bool iopl_ok(const struct vcpu *v)
{
	unsigned int cpl = 3;

	if (guest_kernel_mode(v))
		cpl = v->domain->vm_assist & (1UL << VMASST_TYPE_architectural_iopl) ? 0 : 1;
	return cpl <= v->arch.iopl;
}

/* Ports the hypervisor keeps from dom0, as Xen does (plus our console). */
static bool port_denied(unsigned int port)
{
	return (port >= 0x20 && port <= 0x21) || (port >= 0xa0 && port <= 0xa1) ||
	       (port >= 0x40 && port <= 0x43) || port == 0x61 ||
	       (port >= 0xcfc && port <= 0xcff) || (port >= 0x3f8 && port <= 0x3ff);
}

static bool ports_permitted(const struct domain *d, unsigned int first, unsigned int last)
{
	if (!d->is_privileged || last > 0xffff)
		return false;
	for (unsigned int p = first; p <= last; p++)
		if (port_denied(p))
			return false;
	return true;
}

/* Straight to the hardware: the whole access is the domain's. */
static bool admin_io_okay(const struct domain *d, unsigned int port, unsigned int bytes)
{
	if (port == 0xcf8 && bytes == 4)
		return false;
	if (port <= 0x71 && port + bytes > 0x70)
		return false;
	return ports_permitted(d, port, port + bytes - 1);
}

/* PCI configuration space through the domain's virtual 0xcf8. */
static bool pci_cfg_ok(const struct domain *d)
{
	return d->is_privileged && (d->pv_io.pci_cf8 & 0x80000000u);
}

static uint32_t pci_conf_read(uint32_t cf8, unsigned int off, unsigned int size)
{
	outl(0xcf8, cf8 & ~3u);
	switch (size) {
	case 1: return inb(0xcfc + off);
	case 2: return inw(0xcfc + off);
	default: return inl(0xcfc);
	}
}

static void pci_conf_write(uint32_t cf8, unsigned int off, unsigned int size, uint32_t v)
{
	outl(0xcf8, cf8 & ~3u);
	switch (size) {
	case 1: outb(0xcfc + off, (uint8_t)v); break;
	case 2: outw(0xcfc + off, (uint16_t)v); break;
	default: outl(0xcfc, v); break;
	}
}

static uint32_t guest_io_read(struct domain *d, unsigned int port, unsigned int bytes)
{
	uint32_t data = 0;
	unsigned int shift = 0;

	if (admin_io_okay(d, port, bytes))
		return bytes == 1 ? inb(port) : bytes == 2 ? inw(port) : inl(port);
	while (bytes) {
		unsigned int size = 1;
		uint32_t sub = ~0u;

		if (port == 0x70) {
			sub = d->pv_io.cmos_idx;
		} else if (port == 0x71) {
			if (ports_permitted(d, 0x70, 0x71)) {
				outb(0x70, d->pv_io.cmos_idx & 0x7f);
				sub = inb(0x71);
			}
		} else if (port == 0xcf8 && bytes == 4) {
			size = 4;
			sub = d->pv_io.pci_cf8;
		} else if ((port & 0xfffc) == 0xcfc) {
			size = min(bytes, 4 - (port & 3));
			if (size == 3)
				size = 2;
			if (pci_cfg_ok(d))
				sub = pci_conf_read(d->pv_io.pci_cf8, port & 3, size);
		} else if (ports_permitted(d, port, port)) {
			if (bytes > 1 && !(port & 1) && ports_permitted(d, port, port + 1)) {
				sub = inw(port);
				size = 2;
			} else {
				sub = inb(port);
			}
		}
		if (size == 4)
			return sub;
		data |= (sub & ((1u << (size * 8)) - 1)) << shift;
		shift += size * 8;
		port += size;
		bytes -= size;
	}
	return data;
}

static void guest_io_write(struct domain *d, unsigned int port, unsigned int bytes,
			   uint32_t data)
{
	if (admin_io_okay(d, port, bytes)) {
		if (bytes == 1)
			outb(port, (uint8_t)data);
		else if (bytes == 2)
			outw(port, (uint16_t)data);
		else
			outl(port, data);
		return;
	}
	while (bytes) {
		unsigned int size = 1;

		if (port == 0x70) {
			d->pv_io.cmos_idx = (uint8_t)data;
		} else if (port == 0x71) {
			if (ports_permitted(d, 0x70, 0x71)) {
				outb(0x70, d->pv_io.cmos_idx & 0x7f);
				outb(0x71, (uint8_t)data);
			}
		} else if (port == 0xcf8 && bytes == 4) {
			d->pv_io.pci_cf8 = data;
			return;
		} else if ((port & 0xfffc) == 0xcfc) {
			size = min(bytes, 4 - (port & 3));
			if (size == 3)
				size = 2;
			if (pci_cfg_ok(d))
				pci_conf_write(d->pv_io.pci_cf8, port & 3, size, data);
		} else if (ports_permitted(d, port, port)) {
			if (bytes > 1 && !(port & 1) && ports_permitted(d, port, port + 1)) {
				size = 2;
				outw(port, (uint16_t)data);
			} else {
				outb(port, (uint8_t)data);
			}
		}
		if (size == 4)
			return;
		port += size;
		bytes -= size;
		data >>= size * 8;
	}
}

/* rep ins/outs, element by element; a fault leaves the registers where it hit. */
static enum emul_result emulate_string_io(struct vcpu *v, struct cpu_user_regs *regs,
					  const struct privop_insn *in, bool mode64)
{
	unsigned int port = (uint16_t)regs->rdx, size = in->io_size;
	uint64_t amask = width_mask(in->addr_size);
	uint64_t count = in->rep ? regs->rcx & amask : 1;
	uint64_t *idx = in->kind == PRIVOP_INS ? &regs->rdi : &regs->rsi;
	unsigned long base = 0;
	unsigned int done = 0;

	if (in->kind == PRIVOP_OUTS && mode64 && in->seg == PRIVOP_FS)
		base = rdmsr(MSR_FS_BASE);
	else if (in->kind == PRIVOP_OUTS && mode64 && in->seg == PRIVOP_GS)
		base = rdmsr(MSR_GS_BASE);
	while (count && done < MAX_REPS) {
		unsigned long addr = base + (*idx & amask);
		uint32_t data = 0;
		size_t left;

		if (!mode64)
			addr = (uint32_t)addr;
		if (!guest_range_ok(addr, size) || !is_canonical(addr)) {
			pv_inject_trap(v, X86_EXC_GP, 0);
			return EMUL_EXCEPTION;
		}
		if (in->kind == PRIVOP_INS) {
			data = guest_io_read(v->domain, port, size);
			left = copy_to_guest(addr, &data, size);
			if (left) {
				pv_inject_page_fault(v, addr + size - left, PFEC_write);
				return EMUL_EXCEPTION;
			}
		} else {
			left = copy_from_guest(&data, addr, size);
			if (left) {
				pv_inject_page_fault(v, addr + size - left, 0);
				return EMUL_EXCEPTION;
			}
			guest_io_write(v->domain, port, size, data);
		}
		set_reg(idx, *idx + (regs->rflags & X86_EFLAGS_DF ? -(uint64_t)size : size),
			in->addr_size);
		count--;
		done++;
		if (in->rep)
			set_reg(&regs->rcx, count, in->addr_size);
	}
	/* Stopped early: run the instruction again for the rest. */
	return count ? EMUL_EXCEPTION : EMUL_DONE;
}

/* ---- control registers ---- */

static int emulate_write_cr3(struct vcpu *v, unsigned long val)
{
	unsigned long mfn = val >> PAGE_SHIFT, old = v->arch.guest_table;

	if (mfn == old)
		return 0;
	if (get_page_and_type(mfn, v->domain, PGT_l4_page_table))
		return -EINVAL;
	v->arch.guest_table = mfn;
	write_cr3(vcpu_cr3(v));
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

static enum emul_result emulate_cr(struct vcpu *v, struct cpu_user_regs *regs,
				   const struct privop_insn *in, bool mode64)
{
	uint64_t *reg = gpr(regs, in->gpr);
	unsigned int w = mode64 ? 8 : 4;
	uint64_t val = *reg & width_mask(w);

	if (in->kind == PRIVOP_MOV_FROM_CR) {
		switch (in->ctl) {
		case 0:
			val = (read_cr0() & ~X86_CR0_TS) | (v->arch.pv.cr0_ts ? X86_CR0_TS : 0);
			break;
		case 2: val = v->arch.cr2; break;
		case 3: val = v->arch.guest_table << PAGE_SHIFT; break;
		case 4: val = v->arch.pv.cr4; break;
		default: return EMUL_UNHANDLED;
		}
		set_reg(reg, val, w);
		return EMUL_DONE;
	}
	switch (in->ctl) {
	case 0:
		if ((val ^ read_cr0()) & ~X86_CR0_TS) {
			gprintk(LOG_WARN, "attempt to change unmodifiable CR0 flags\n");
			return EMUL_UNHANDLED;
		}
		do_fpu_taskswitch(!!(val & X86_CR0_TS));
		return EMUL_DONE;
	case 2:
		v->arch.cr2 = val;
		if (v->vcpu_info)
			v->vcpu_info->arch.cr2 = val;
		return EMUL_DONE;
	case 3:
		return emulate_write_cr3(v, val) ? EMUL_UNHANDLED : EMUL_DONE;
	case 4:
		v->arch.pv.cr4 = pv_guest_cr4_fixup(val);
		pv_write_hw_cr4(v);
		return EMUL_DONE;
	default:
		return EMUL_UNHANDLED;
	}
}

static enum emul_result emulate_dr(struct vcpu *v, struct cpu_user_regs *regs,
				   const struct privop_insn *in)
{
	uint64_t *reg = gpr(regs, in->gpr);
	unsigned long val;
	long rc;

	if (in->kind == PRIVOP_MOV_FROM_DR) {
		rc = pv_get_debugreg(v, in->ctl, &val);
		if (!rc)
			*reg = val;
	} else {
		rc = pv_set_debugreg(v, in->ctl, *reg);
	}
	if (!rc)
		return EMUL_DONE;
	if (rc == -ENODEV)
		pv_inject_trap(v, X86_EXC_UD, -1);
	else
		pv_inject_trap(v, X86_EXC_GP, 0);
	return EMUL_EXCEPTION;
}

static enum emul_result emulate_one(struct vcpu *v, struct cpu_user_regs *regs,
				    const struct privop_insn *in, bool mode64)
{
	bool kernel = guest_kernel_mode(v);
	uint64_t val;
	struct cpuid_leaf res;

	switch (in->kind) {
	case PRIVOP_IN:
	case PRIVOP_OUT:
		if (!iopl_ok(v))
			return EMUL_UNHANDLED;
		{
			unsigned int port = in->port_imm ? in->port : (uint16_t)regs->rdx;

			if (in->kind == PRIVOP_IN)
				set_reg(&regs->rax, guest_io_read(v->domain, port, in->io_size),
					in->io_size);
			else
				guest_io_write(v->domain, port, in->io_size,
					       (uint32_t)(regs->rax & width_mask(in->io_size)));
		}
		return EMUL_DONE;
	case PRIVOP_INS:
	case PRIVOP_OUTS:
		if (!iopl_ok(v))
			return EMUL_UNHANDLED;
		return emulate_string_io(v, regs, in, mode64);
	case PRIVOP_CLI:
	case PRIVOP_STI:
		/* Ignored: the guest's interrupt flag is its event mask. */
		return iopl_ok(v) ? EMUL_DONE : EMUL_UNHANDLED;
	case PRIVOP_CPUID:
		pv_cpuid(v, (uint32_t)regs->rax, (uint32_t)regs->rcx, false, &res);
		regs->rax = res.a;
		regs->rbx = res.b;
		regs->rcx = res.c;
		regs->rdx = res.d;
		return EMUL_DONE;
	default:
		break;
	}
	/* The rest needs ring 0, which only the guest kernel stands for. */
	if (!kernel)
		return EMUL_UNHANDLED;
	switch (in->kind) {
	case PRIVOP_MOV_FROM_CR:
	case PRIVOP_MOV_TO_CR:
		return emulate_cr(v, regs, in, mode64);
	case PRIVOP_MOV_FROM_DR:
	case PRIVOP_MOV_TO_DR:
		return emulate_dr(v, regs, in);
	case PRIVOP_CLTS:
		do_fpu_taskswitch(0);
		return EMUL_DONE;
	case PRIVOP_WBINVD:
		/* Only a domain with hardware access needs the caches written back. */
		if (v->domain->is_privileged)
			__asm__ __volatile__("wbinvd" ::: "memory");
		return EMUL_DONE;
	case PRIVOP_RDMSR:
		if (pv_rdmsr(v, (uint32_t)regs->rcx, &val)) {
			pv_inject_trap(v, X86_EXC_GP, 0);
			return EMUL_EXCEPTION;
		}
		regs->rax = (uint32_t)val;
		regs->rdx = val >> 32;
		return EMUL_DONE;
	case PRIVOP_WRMSR:
		if (pv_wrmsr(v, (uint32_t)regs->rcx,
			     ((regs->rdx & 0xffffffffULL) << 32) | (uint32_t)regs->rax)) {
			pv_inject_trap(v, X86_EXC_GP, 0);
			return EMUL_EXCEPTION;
		}
		return EMUL_DONE;
	case PRIVOP_RDTSC:
	case PRIVOP_RDTSCP:
		val = rdtsc();
		regs->rax = (uint32_t)val;
		regs->rdx = val >> 32;
		if (in->kind == PRIVOP_RDTSCP)
			regs->rcx = v->arch.pv.tsc_aux;
		return EMUL_DONE;
	case PRIVOP_XSETBV:
		if (!(v->arch.pv.cr4 & X86_CR4_OSXSAVE)) {
			pv_inject_trap(v, X86_EXC_UD, -1);
			return EMUL_EXCEPTION;
		}
		if ((uint32_t)regs->rcx != 0 ||
		    fpu_set_xcr0(v, ((regs->rdx & 0xffffffffULL) << 32) | (uint32_t)regs->rax)) {
			pv_inject_trap(v, X86_EXC_GP, 0);
			return EMUL_EXCEPTION;
		}
		return EMUL_DONE;
	default:
		return EMUL_UNHANDLED;
	}
}

/* Fetch up to 15 bytes at the faulting instruction; the count readable. */
static size_t fetch_insn(unsigned long linear, uint8_t *buf)
{
	size_t n;

	if (!copy_from_guest(buf, linear, PRIVOP_INSN_MAX))
		return PRIVOP_INSN_MAX;
	for (n = 0; n < PRIVOP_INSN_MAX; n++)
		if (copy_from_guest(buf + n, linear + n, 1))
			break;
	return n;
}

/*
 * #GP(0) from the guest. True if it was dealt with (emulated, or turned
 * into another exception for the guest); false to reflect the #GP.
 */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	uint8_t buf[PRIVOP_INSN_MAX];
	struct privop_insn in;
	bool mode64, def32;
	unsigned long base, linear;
	size_t n;
	int rc;

	if (!pv_code_segment(v, (uint16_t)regs->cs, &mode64, &def32, &base))
		return false;
	linear = mode64 ? regs->rip : (uint32_t)(base + regs->rip);
	n = fetch_insn(linear, buf);
	rc = privop_decode(buf, n, mode64, def32, &in);
	if (rc == -ENODATA) {
		pv_inject_page_fault(v, linear + n, 0);
		return true;
	}
	if (rc)
		return false;
	switch (emulate_one(v, regs, &in, mode64)) {
	case EMUL_UNHANDLED:
		return false;
	case EMUL_EXCEPTION:
		return true;
	case EMUL_DONE:
		break;
	}
	regs->rip = mode64 ? regs->rip + in.len : (uint32_t)(regs->rip + in.len);
	regs->rflags &= ~X86_EFLAGS_RF;
	if (regs->rflags & X86_EFLAGS_TF) {
		/* Single-stepping: the emulated instruction completes a step. */
		v->arch.pv.dr6 |= DR6_BS;
		pv_inject_trap(v, X86_EXC_DB, -1);
	}
	return true;
}
