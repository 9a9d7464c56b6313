/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start our xenstored (from $XENSTORED_BIN) with no hypervisor on a
 * private socket for a test, and stop it. xsd_start returns -1 if the
 * binary is missing.
 */
#ifndef TS_XSD_H
#define TS_XSD_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/types.h>

pid_t xsd_start(char *sock, size_t len);
void xsd_stop(pid_t pid, const char *sock);

#endif
