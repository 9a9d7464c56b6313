/* SPDX-License-Identifier: GPL-2.0-only */
/* The /dev/xen workers behind the real xenio_ops (gnt.c, evtchn.c). */
#ifndef CONSOLE_XENIO_IMPL_H
#define CONSOLE_XENIO_IMPL_H

#include "xenio.h"

int gnt_map_grant(struct xenio *io, unsigned int domid, struct xenio_map *m);
int gnt_map_foreign(struct xenio *io, unsigned int domid, uint64_t frame,
		    struct xenio_map *m);
void gnt_unmap(struct xenio *io, struct xenio_map *m);

int evtchn_bind(struct xenio *io, unsigned int domid,
		unsigned int remote_port, struct xenio_chan *c);
void evtchn_unbind(struct xenio *io, struct xenio_chan *c);
int evtchn_notify(struct xenio *io, struct xenio_chan *c);
int evtchn_pending(struct xenio *io, struct xenio_chan *c);
int evtchn_unmask(struct xenio *io, struct xenio_chan *c);

#endif /* CONSOLE_XENIO_IMPL_H */
