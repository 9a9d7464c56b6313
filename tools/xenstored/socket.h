/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unix-socket transport: dom0 tools (libxenstore, our libctrl) connect
 * here. Every socket client is privileged, as in Xen.
 */
#ifndef XSD_SOCKET_H
#define XSD_SOCKET_H

#include "core.h"

/* Create (parents too), bind and listen; returns the fd or -errno. */
int xs_socket_listen(const char *path);
/* Accept one client on a listening fd; returns 0 or an errno. */
int xs_socket_accept(struct xsd *d, int lfd);

#endif /* XSD_SOCKET_H */
