/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor console: serial output, a log ring, and guest console input. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void console_init_preirq(const char *cmdline);
void console_set_loglvl(int lvl, int guest_lvl);
/* Raw output of guest text (already filtered for control characters). */
void console_guest_write(const char *buf, size_t len);
/* Poll the UART and queue input for the console-read hypercall. */
void console_poll_input(void);
size_t console_read_input(char *buf, size_t len);
/* sysctl readconsole: the hypervisor's log ring into a guest buffer. */
long console_ring_read(unsigned long buffer, uint32_t *count, uint32_t *index,
		       bool incremental, bool clear);
long do_console_io(unsigned long cmd, unsigned long count, unsigned long buffer);

#endif
