// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host build of the frame-reference code, unchanged, in one translation
 * unit: arch/x86/mm/page-ref.c (reference counts and page types),
 * arch/x86/mm/pt-validate.c (validation of L1-L4 tables) and
 * common/memory/domheap.c (domain pages). What differs from the
 * hypervisor build is done here, around the sources:
 *  - the lib's functions get their host names (lib-rename.h, see "Name
 *    clashes" in the Makefile);
 *  - the direct map is a host array (hv_directmap.h);
 *  - domheap.c's free_domheap_page() is compiled as
 *    hv_real_free_domheap_page(), so that the one put_page() calls is the
 *    model's (pt_model.c): it checks and records each free, then calls
 *    the real one.
 * The supporting stubs (printk, TLB flush, hypervisor L4 slots, ...) are
 * in pt_model.c. Linked into the unit tests; fuzz/fuzz_page_types.c
 * includes this file.
 */
#include "lib-rename.h"
#include "hv_directmap.h"
#include "../../hypervisor/arch/x86/mm/page-ref.c"
#include "../../hypervisor/arch/x86/mm/pt-validate.c"

#define free_domheap_page hv_real_free_domheap_page
void hv_real_free_domheap_page(struct page_info *pg);
#include "../../hypervisor/common/memory/domheap.c"
#undef free_domheap_page

#include "lib-unrename.h"
