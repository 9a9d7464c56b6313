/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A xenstore client speaking the Xen wire protocol (xenstore-proto.h)
 * over xenstored's unix socket, or /dev/xen/xenbus when there is no
 * socket (a domain talking through its kernel). Requests are synchronous;
 * watch events that arrive in between are queued for ctrl_xs_read_watch.
 * Every function returns 0 / -errno (xenstored's errno names mapped back).
 */
#ifndef CTRL_XS_H
#define CTRL_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctrl_xs;

#define CTRL_XS_NO_TX 0

/*
 * Connect: `path` if given, else $XENSTORED_PATH, /run/xenstored/socket,
 * /var/run/xenstored/socket, then /dev/xen/xenbus. NULL with errno set.
 */
struct ctrl_xs *ctrl_xs_open(const char *path);
void ctrl_xs_close(struct ctrl_xs *xs);
/* What we connected to (for messages). */
const char *ctrl_xs_endpoint(const struct ctrl_xs *xs);

/* *val is malloc'd and NUL-terminated; *len (may be NULL) excludes it. */
int ctrl_xs_read(struct ctrl_xs *xs, uint32_t tx, const char *path,
		 char **val, size_t *len);
int ctrl_xs_write(struct ctrl_xs *xs, uint32_t tx, const char *path,
		  const char *val);
int ctrl_xs_write_bin(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      const void *val, size_t len);
int ctrl_xs_printf(struct ctrl_xs *xs, uint32_t tx, const char *path,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int ctrl_xs_mkdir(struct ctrl_xs *xs, uint32_t tx, const char *path);
int ctrl_xs_rm(struct ctrl_xs *xs, uint32_t tx, const char *path);
/* Children of path: a NULL-terminated malloc'd array (one free()). */
int ctrl_xs_directory(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      char ***names, size_t *n);
/* perms like {"n0", "r5"}: the first names the owner. */
int ctrl_xs_set_perms(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      const char *const *perms, size_t n);
int ctrl_xs_get_perms(struct ctrl_xs *xs, uint32_t tx, const char *path,
		      char ***perms, size_t *n);

/*
 * Several updates sent back to back and their replies collected after
 * (one round trip per batch, not per update): what a toolstack writing a
 * domain's dozens of nodes wants. Returns the first error; later updates
 * are still sent, so use it inside a transaction and abort on error.
 */
enum ctrl_xs_op_kind { CTRL_XS_WRITE, CTRL_XS_MKDIR, CTRL_XS_PERMS };

struct ctrl_xs_op {
	enum ctrl_xs_op_kind kind;
	const char *path;
	const char *value;	/* CTRL_XS_WRITE */
	const char *perms[4];	/* CTRL_XS_PERMS, NULL-terminated */
};

int ctrl_xs_batch(struct ctrl_xs *xs, uint32_t tx, const struct ctrl_xs_op *ops,
		  size_t n);

int ctrl_xs_tx_start(struct ctrl_xs *xs, uint32_t *tx);
/* -EAGAIN: someone else changed what we touched; start over. */
int ctrl_xs_tx_end(struct ctrl_xs *xs, uint32_t tx, bool commit);

int ctrl_xs_introduce(struct ctrl_xs *xs, uint32_t domid, uint64_t mfn,
		      uint32_t port);
int ctrl_xs_release(struct ctrl_xs *xs, uint32_t domid);
int ctrl_xs_is_introduced(struct ctrl_xs *xs, uint32_t domid, bool *yes);
int ctrl_xs_get_domain_path(struct ctrl_xs *xs, uint32_t domid, char **path);

int ctrl_xs_watch(struct ctrl_xs *xs, const char *path, const char *token);
int ctrl_xs_unwatch(struct ctrl_xs *xs, const char *path, const char *token);
/* fd to poll for watch events (queued events may already be waiting). */
int ctrl_xs_fd(struct ctrl_xs *xs);
/*
 * Next watch event: 1 with *path and *token malloc'd, 0 after timeout_ms
 * (-1 waits for ever), or -errno.
 */
int ctrl_xs_read_watch(struct ctrl_xs *xs, int timeout_ms, char **path,
		       char **token);

/* Map an errno name from xenstored to -errno (-EINVAL if unknown). */
int ctrl_xs_errno(const char *name);

#endif /* CTRL_XS_H */
