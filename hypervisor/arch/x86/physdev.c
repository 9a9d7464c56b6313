// SPDX-License-Identifier: GPL-2.0-only
/*
 * physdev_op for PV domains: the virtual I/O privilege level, the pirq
 * EOI bitmap, and the interrupt and PCI calls a hardware domain makes.
 * Device interrupts (pirqs, GSI and MSI routing) are not passed through
 * yet: with no pirq bound, the interrupt calls answer as Xen does for a
 * pirq that does not exist. PCI devices dom0 reports are recorded.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <public/physdev.h>

#define MAX_PCI_DEVICES 256

static struct physdev_pci_device pci_devices[MAX_PCI_DEVICES];
static unsigned int nr_pci_devices;

static long pci_add(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	for (unsigned int i = 0; i < nr_pci_devices; i++)
		if (pci_devices[i].seg == seg && pci_devices[i].bus == bus &&
		    pci_devices[i].devfn == devfn)
			return 0;
	if (nr_pci_devices == MAX_PCI_DEVICES)
		return -ENOSPC;
	pci_devices[nr_pci_devices++] = (struct physdev_pci_device){ seg, bus, devfn };
	return 0;
}

static long pci_remove(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	for (unsigned int i = 0; i < nr_pci_devices; i++)
		if (pci_devices[i].seg == seg && pci_devices[i].bus == bus &&
		    pci_devices[i].devfn == devfn) {
			pci_devices[i] = pci_devices[--nr_pci_devices];
			return 0;
		}
	return -ENODEV;
}

/* The frame where the guest wants pirq "needs EOI" bits: kept referenced. */
static long set_eoi_frame(struct vcpu *v, uint64_t gmfn)
{
	struct domain *d = v->domain;

	if (get_page_and_type(gmfn, d, PGT_writable_page))
		return -EINVAL;
	if (v->arch.pirq_eoi_mfn)
		put_page_and_type(mfn_to_page(v->arch.pirq_eoi_mfn));
	v->arch.pirq_eoi_mfn = gmfn;
	return 0;
}

long do_physdev_op(unsigned long cmd, unsigned long arg)
{
	struct vcpu *v = current;
	bool priv = v->domain->is_privileged;

	switch (cmd) {
	case PHYSDEVOP_set_iopl: {
		struct physdev_set_iopl s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.iopl > 3)
			return -EINVAL;
		v->arch.iopl = s.iopl;
		return 0;
	}
	case PHYSDEVOP_irq_status_query: {
		struct physdev_irq_status_query q;

		if (copy_from_guest(&q, arg, sizeof(q)))
			return -EFAULT;
		return -EINVAL;              /* no pirq is bound to any domain */
	}
	case PHYSDEVOP_eoi: {
		struct physdev_eoi e;

		if (copy_from_guest(&e, arg, sizeof(e)))
			return -EFAULT;
		return -EINVAL;
	}
	case PHYSDEVOP_pirq_eoi_gmfn_v1:
	case PHYSDEVOP_pirq_eoi_gmfn_v2: {
		struct physdev_pirq_eoi_gmfn g;

		if (copy_from_guest(&g, arg, sizeof(g)))
			return -EFAULT;
		return set_eoi_frame(v, g.gmfn);
	}
	case PHYSDEVOP_pci_device_add: {
		struct physdev_pci_device_add a;

		if (!priv)
			return -EPERM;
		if (copy_from_guest(&a, arg, sizeof(a)))
			return -EFAULT;
		return pci_add(a.seg, a.bus, a.devfn);
	}
	case PHYSDEVOP_pci_device_remove: {
		struct physdev_pci_device r;

		if (!priv)
			return -EPERM;
		if (copy_from_guest(&r, arg, sizeof(r)))
			return -EFAULT;
		return pci_remove(r.seg, r.bus, r.devfn);
	}
	case PHYSDEVOP_map_pirq:
	case PHYSDEVOP_unmap_pirq:
	case PHYSDEVOP_setup_gsi:
	case PHYSDEVOP_alloc_irq_vector:
	case PHYSDEVOP_apic_read:
	case PHYSDEVOP_apic_write:
		/* Interrupt routing for real devices is not passed through yet. */
		if (!priv)
			return -EPERM;
		gprintk(LOG_INFO, "physdev_op %lu: device interrupts are not available\n", cmd);
		return -EINVAL;
	default:
		return -ENOSYS;
	}
}
