/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's direct map, for hypervisor sources compiled unchanged by the
 * unit tests (hv_mm.c). In the hypervisor, mfn_to_virt() (hv/config.h)
 * adds DIRECTMAP_VIRT_START, an address a host process cannot use; here
 * it is redefined to return the frame's 4 KiB in the model's own array
 * (host_mfn_to_virt(), pt_model.c). Include this before any hypervisor
 * header: hv/config.h is guarded, so the sources' own #include of it
 * changes nothing afterwards.
 */
#ifndef UNIT_HV_DIRECTMAP_H
#define UNIT_HV_DIRECTMAP_H

#include <hv/config.h>

void *host_mfn_to_virt(unsigned long mfn);

#undef mfn_to_virt
#define mfn_to_virt(mfn) host_mfn_to_virt(mfn)

#endif /* UNIT_HV_DIRECTMAP_H */
