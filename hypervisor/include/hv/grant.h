/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (common/grant/): the grant_table_op hypercall and the
 * hooks the domain life cycle calls. A domain's table is created on its
 * first use (by itself or by a domain naming it), with Xen's initial size
 * of one frame.
 *
 * Teardown contract (for the domain-destruction work): when a domain
 * dies, call gnttab_release_mappings(d) once it runs no more, which ends
 * every mapping d holds of other domains' grants (their pins and device
 * references); the references of d's host mappings are held by d's page
 * table entries and go when those tables are torn down, as for any other
 * L1 entry. Call grant_table_destroy(d) last, when none of d's frames is
 * referenced any more (so nobody holds a pin on d's grants either).
 */
#ifndef HV_GRANT_H
#define HV_GRANT_H

#include <stdbool.h>
#include <stdint.h>

struct domain;

/*
 * Xen's defaults, also the ceilings for createdomain's limits
 * (gnttab_max_frames=64, gnttab_max_maptrack_frames=1024, version 2).
 * Each domain has its own limits in struct domain (max_grant_frames,
 * max_maptrack_frames, max_grant_version).
 */
#define GNTTAB_MAX_FRAMES           64
#define GNTTAB_MAX_MAPTRACK_FRAMES  1024
#define GNTTAB_MAX_VERSION          2

long do_grant_table_op(unsigned long cmd, unsigned long uop, unsigned long count);
void gnttab_release_mappings(struct domain *d);
void grant_table_destroy(struct domain *d);
/* Whether another domain still maps one of d's grant-table frames. */
bool gnttab_frames_in_use(const struct domain *d);
/*
 * XENMEM_acquire_resource on d's grant table (id: shared or status
 * frames): the resource's size, 0 for a bad id; and the machine frames
 * [frame, frame + nr), the table grown to reach them (0 or -errno).
 */
unsigned int gnttab_resource_max_frames(const struct domain *d, unsigned int id);
int gnttab_acquire_resource(struct domain *d, unsigned int id, unsigned int frame,
			    unsigned int nr, uint64_t *mfns);

#endif
