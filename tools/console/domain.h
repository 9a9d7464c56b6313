/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest console from discovery to teardown, and the set of them the
 * daemon serves: xenstore tells us about domains and their console nodes,
 * each connected console owns a mapped ring page, an event channel, a pty
 * and a log file.
 */
#ifndef CONSOLE_DOMAIN_H
#define CONSOLE_DOMAIN_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "log.h"
#include "pty.h"
#include "ring.h"
#include "xenio.h"
#include "xs.h"

enum cdom_state {
	DOM_WAITING,   /* known; console nodes absent, incomplete or foreign */
	DOM_CONNECTED, /* serving */
	DOM_BROKEN,    /* guest corrupted its ring: no longer served */
};

struct cdom {
	struct cdom *next;
	unsigned int domid;
	enum cdom_state state;
	bool dead;	      /* gone from the hypervisor: reap */
	bool seen_introduced; /* xenstored has known it */
	bool masked;	      /* event channel fired and not yet re-enabled */
	uint64_t ring_ref;
	unsigned int remote_port;
	char name[64];
	struct xenio_map map;
	struct xenio_chan chan;
	struct cring ring;
	struct cpty pty;
	struct glog log;
	struct outbuf out;
	struct ratelimit rl;
	int pfd_chan, pfd_pty; /* slots in the poll array, -1 if none */
};

struct cconf {
	const char *log_dir;  /* NULL: no guest logs */
	uint64_t log_max;     /* bytes per log before it rotates; 0 none */
	size_t buffer_size;   /* pty backlog kept per guest */
	uint32_t rate_bytes;  /* per second */
	uint32_t rate_events; /* per second */
};

struct cdaemon {
	struct cconf conf;
	struct cxs *xs;
	struct xenio io;
	struct cdom *doms;
};

/* Register the watches; their first firing makes the first scan. */
int daemon_watch(struct cdaemon *d);
/* Act on one watch event. Returns 0 or the xenstore error that ended the
 * connection (the daemon cannot go on without xenstore). */
int daemon_event(struct cdaemon *d, const char *path, const char *token);

/* Poll set: fills pfd from index *n on (the caller sized it for
 * daemon_poll_slots()). */
unsigned int daemon_poll_slots(const struct cdaemon *d);
void daemon_poll_fill(struct cdaemon *d, struct pollfd *pfd, unsigned int *n);
void daemon_poll_handle(struct cdaemon *d, const struct pollfd *pfd,
			uint64_t now_ms);
/* ms until a throttled guest may be served again; -1: nobody waits. */
int daemon_timeout(struct cdaemon *d, uint64_t now_ms);
/* Serve guests whose throttling window has ended. */
void daemon_tick(struct cdaemon *d, uint64_t now_ms);
void daemon_reopen_logs(struct cdaemon *d);
/* Disconnect every console (removing the tty nodes) and free them. */
void daemon_shutdown(struct cdaemon *d);

uint64_t now_ms(void);

#endif /* CONSOLE_DOMAIN_H */
