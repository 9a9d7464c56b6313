/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The store engine: a tree of nodes, each with a byte value, a permission
 * list and a generation count. Pure data structure: no I/O, no knowledge of
 * connections. Observers (transactions, quota accounting) see every access
 * through one hook.
 */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenstore-proto.h"

/* Generation of a node that does not exist. */
#define XS_GEN_NONE UINT64_MAX

/* Enough for any path a message can carry, plus its NUL. */
#define XS_PATH_BUF (XENSTORE_PAYLOAD_MAX + 1)

struct xs_perm {
	uint32_t id;	/* domid */
	uint32_t perms; /* XS_PERM_READ | XS_PERM_WRITE */
};

struct xs_node {
	char *name; /* last path component; "" for the root */
	struct xs_node *parent;
	struct xs_node **child; /* in creation order, as Xen lists them */
	unsigned int nr_child, cap_child;
	unsigned int childlen; /* bytes of the "a\0b\0" directory listing */
	char *data;
	unsigned int datalen;
	struct xs_perm *perms; /* perms[0] is the owner; never empty */
	unsigned int nr_perms;
	uint64_t gen;
};

enum xs_access {
	XS_ACC_READ,	     /* node looked up; node may be NULL (absent) */
	XS_ACC_WRITE,	     /* node about to change value or children */
	XS_ACC_CREATE,	     /* node has just been created */
	XS_ACC_DELETE,	     /* node about to be deleted */
	XS_ACC_PERMS_BEFORE, /* node's permissions about to change */
	XS_ACC_PERMS_AFTER,  /* node's permissions have changed */
};

/*
 * Observer of a store. Returns 0 or an errno; an error from XS_ACC_READ,
 * XS_ACC_WRITE or XS_ACC_PERMS_BEFORE aborts the operation before it
 * changes anything (used for the per-transaction node quota).
 */
struct xs_store_hooks {
	int (*access)(void *opaque, const char *path, const struct xs_node *n,
		      enum xs_access kind);
	void *opaque;
};

struct xs_store {
	struct xs_node *root;
	uint64_t *gen_counter; /* shared by the main store and its clones */
	struct xs_store_hooks hooks;
	unsigned long nr_nodes;
};

/* Path syntax as Xen checks it: absolute, no "//", no trailing "/", the
 * character set [A-Za-z0-9_@/-], and at most XENSTORE_REL_PATH_MAX bytes
 * below /local/domain/<domid>/. */
bool xs_path_is_valid(const char *path);

/* Root with permissions "n<owner>" and generation from *gen_counter. */
int xs_store_init(struct xs_store *s, uint64_t *gen_counter, uint32_t owner);
void xs_store_destroy(struct xs_store *s);
/* Deep copy (same generations, same counter, no hooks). */
int xs_store_clone(struct xs_store *dst, const struct xs_store *src);

/* Look up without telling the observer. */
struct xs_node *xs_store_peek(const struct xs_store *s, const char *path);
/* Look up and report XS_ACC_READ (also for an absent node). */
int xs_store_find(struct xs_store *s, const char *path, struct xs_node **out);

/*
 * How many nodes xs_store_create(path) would add, and the deepest existing
 * ancestor (or the node itself when it exists and *missing is 0).
 */
void xs_store_missing(const struct xs_store *s, const char *path,
		      unsigned int *missing, struct xs_node **deepest);

/*
 * Create path and any missing ancestors, each inheriting its parent's
 * permissions; when owner >= 0 it replaces the owner of every new node.
 * Returns 0 with *out set (existing node if present), or an errno.
 */
int xs_store_create(struct xs_store *s, const char *path, long owner,
		    struct xs_node **out);

int xs_store_set_data(struct xs_store *s, struct xs_node *n, const void *data,
		      unsigned int len);
int xs_store_set_perms(struct xs_store *s, struct xs_node *n,
		       const struct xs_perm *p, unsigned int nr);

/*
 * Delete n and its subtree (never the root). Children are reported before
 * their parent. If visit is given it is called for each node just before it
 * goes, with its path (for watch events).
 */
int xs_store_remove(struct xs_store *s, struct xs_node *n,
		    void (*visit)(void *arg, const char *path,
				  const struct xs_node *n, bool is_top),
		    void *arg);

/* Full path of n into buf; returns its length or -1 if too long. */
int xs_node_path(const struct xs_node *n, char *buf, size_t size);
/* Directory listing "a\0b\0" into buf (size >= n->childlen). */
void xs_node_list_children(const struct xs_node *n, char *buf);
/* Size Xen accounts for a node record (header, perms, data, children). */
unsigned int xs_node_entry_size(const struct xs_node *n, unsigned int datalen,
				unsigned int extra_childlen, unsigned int nr_perms);
struct xs_node *xs_node_find_child(const struct xs_node *n, const char *name,
				   size_t len);

#endif /* XSD_STORE_H */
