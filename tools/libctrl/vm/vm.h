/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest lifecycle, the toolstack's top layer: create a domain from a
 * config (check, build, xenstore nodes, introduce, unpause), destroy it
 * and reclaim everything, ask it to shut down, find domains by name, and
 * keep each domain's config for later (`xl list -l`, dumpxml, restarts).
 * Uses every layer below; owns no hypervisor state of its own.
 */
#ifndef CTRL_VM_H
#define CTRL_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/model.h"
#include "dom/dom.h"
#include "store/xs.h"
#include "transport/transport.h"

#define CTRL_VM_ERRLEN 768

/* Where per-domain configs live, and where downloaded kernels go. */
#define CTRL_STATE_DIR "/var/lib/xen"
#define CTRL_CACHE_DIR "/var/cache/xen"

struct ctrl_ctx {
	struct ctrl_transport *t;
	struct ctrl_xs *xs;		/* NULL if xenstored is not running */
	char state_dir[256];
	char cache_dir[256];
};

/*
 * Open the hypervisor interface and xenstore. With need_xs, a missing
 * xenstored is an error. The first time the toolstack runs it writes
 * dom0's own nodes (/local/domain/0/name ...). 0 or -errno with err set.
 */
int ctrl_ctx_open(struct ctrl_ctx *c, bool need_xs, char *err, size_t errlen);
/* The same over given parts (unit tests: the fake and a test xenstored). */
int ctrl_ctx_init(struct ctrl_ctx *c, struct ctrl_transport *t,
		  struct ctrl_xs *xs, const char *state_dir,
		  const char *cache_dir);
void ctrl_ctx_close(struct ctrl_ctx *c);

/* Write dom0's nodes if /local/domain/0/name is missing. */
int ctrl_dom0_init_nodes(struct ctrl_ctx *c);

/* "7" (an existing domid) or a name: the id, or -ESRCH. */
int ctrl_domain_resolve(struct ctrl_ctx *c, const char *ref, uint32_t *domid);
/* Name from xenstore (malloc'd), or -ENOENT. */
int ctrl_domain_name(struct ctrl_ctx *c, uint32_t domid, char **name);

struct ctrl_vm_entry {
	struct ctrl_dominfo info;
	char name[72];
};
/* Every domain, sorted by id. *list is malloc'd. */
int ctrl_vm_list(struct ctrl_ctx *c, struct ctrl_vm_entry **list, size_t *n);

/* Timestamps of a create, in seconds since the call (for reports). */
struct ctrl_create_times {
	double checked;	   /* name, memory, kernel and ramdisk checked */
	double created;	   /* the domain exists */
	double built;	   /* memory populated, images loaded, vCPU set */
	double published;  /* xenstore nodes written */
	double introduced; /* xenstored serves its ring */
	double started;	   /* unpaused */
	bool gnttab_seeded; /* grant refs 0/1 set for the back-ends */
};

struct ctrl_create_opts {
	bool paused;	 /* leave it paused */
	struct ctrl_create_times *times; /* may be NULL */
};

/*
 * Create and start a guest. Every failure after the domain exists
 * destroys it again. Errors name the config file and line where one
 * applies ("guest.cfg:7: kernel '/x': No such file or directory").
 */
int ctrl_vm_create(struct ctrl_ctx *c, const struct ctrl_domcfg *cfg,
		   const struct ctrl_create_opts *o, uint32_t *domid,
		   char *err, size_t errlen);

/*
 * Destroy a domain, remove its xenstore nodes and stored config. With
 * wait_ms > 0, wait until the hypervisor has let go of it (memory back);
 * -ETIMEDOUT if something still holds it.
 */
int ctrl_vm_destroy(struct ctrl_ctx *c, uint32_t domid, int wait_ms,
		    char *err, size_t errlen);

/*
 * Ask the guest: "poweroff", "reboot", "halt", "suspend" (written to its
 * control/shutdown). With wait_ms > 0, wait until it has shut down (or
 * is gone): -ETIMEDOUT otherwise.
 */
int ctrl_vm_shutdown(struct ctrl_ctx *c, uint32_t domid, const char *how,
		     int wait_ms, char *err, size_t errlen);

/* Wait until the domain is shut down, dying or gone (1), or timeout (0). */
int ctrl_vm_wait_shutdown(struct ctrl_ctx *c, uint32_t domid, int wait_ms);
/* Wait until the domain id no longer exists (1), or timeout (0). */
int ctrl_vm_wait_gone(struct ctrl_ctx *c, uint32_t domid, int wait_ms);

/* The config a domain was created from (stored as cfg text). */
int ctrl_vm_save_config(struct ctrl_ctx *c, uint32_t domid,
			const struct ctrl_domcfg *cfg);
int ctrl_vm_load_config(struct ctrl_ctx *c, uint32_t domid,
			struct ctrl_domcfg *cfg);
void ctrl_vm_forget_config(struct ctrl_ctx *c, uint32_t domid);

/* The action a config names for a shutdown reason (XABI_SHUTDOWN_*). */
enum ctrl_action ctrl_vm_action_for(const struct ctrl_domcfg *cfg,
				    unsigned int reason);
bool ctrl_action_restarts(enum ctrl_action a);

/*
 * A monitor's reaction to its domain having shut down with `reason`:
 * destroy it, and for a restart create it again from cfg (*domid becomes
 * the new id). *act gets the action. 0 or -errno with err set.
 */
int ctrl_vm_handle_shutdown(struct ctrl_ctx *c, const struct ctrl_domcfg *cfg,
			    uint32_t *domid, unsigned int reason,
			    enum ctrl_action *act, char *err, size_t errlen);

/* Seconds since the domain was started (from /vm/<uuid>/start_time). */
int ctrl_vm_uptime(struct ctrl_ctx *c, uint32_t domid, double *seconds);

#endif /* CTRL_VM_H */
