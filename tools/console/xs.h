/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small xenstore client over xenstored's unix socket, for the console
 * daemon and the console client. Requests are synchronous; watch events
 * that arrive while waiting for a reply are queued for cxs_next_event().
 * Every function returns 0 (or a count) or a negative errno, and never
 * exits. Names carry a cxs_ prefix so that the library links next to
 * another xenstore client (xl's) without clashes.
 */
#ifndef CONSOLE_XS_H
#define CONSOLE_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cxs;

/* Where the daemon listens: $XENSTORED_PATH, else /run/xenstored/socket. */
const char *cxs_default_path(void);

int cxs_open(const char *path, struct cxs **out);
void cxs_close(struct cxs *x);
/* For poll(): readable means events (or a dead daemon) are waiting. */
int cxs_fd(const struct cxs *x);

/* *val is malloc'd and NUL-terminated; *len (if given) excludes the NUL. */
int cxs_read(struct cxs *x, const char *path, char **val, size_t *len);
int cxs_write(struct cxs *x, const char *path, const char *val);
int cxs_rm(struct cxs *x, const char *path);
/* *names is one malloc'd block: an array of n pointers and the strings. */
int cxs_directory(struct cxs *x, const char *path, char ***names,
		  unsigned int *n);
int cxs_watch(struct cxs *x, const char *path, const char *token);
int cxs_unwatch(struct cxs *x, const char *path, const char *token);
/* Replace a node's permission list ("n0", "r5", ...; the first names the
 * owner). */
int cxs_set_perms(struct cxs *x, const char *path, const char *const *perms,
		  unsigned int n);
/* The owning domain of a node (from its first permission). */
int cxs_owner(struct cxs *x, const char *path, unsigned int *domid);
/* 1 if xenstored knows the domain, 0 if not. */
int cxs_is_introduced(struct cxs *x, unsigned int domid);

/*
 * Next watch event: 1 with *path and *token set (pointing into a buffer
 * valid until the next call on x), 0 when none is queued and, with block
 * false, none is readable now. -EPIPE when xenstored went away.
 */
int cxs_next_event(struct cxs *x, bool block, const char **path,
		   const char **token);

/*
 * The framing check, pure so that it can be tested: given the bytes
 * received so far, 0 if a complete frame is not there yet, the frame's
 * total length if it is, -EPROTO if the header is impossible.
 */
long cxs_frame_len(const void *buf, size_t len);

#endif /* CONSOLE_XS_H */
