/* SPDX-License-Identifier: GPL-2.0-only */
/* Ending the machine's run: power off, reboot, or halt with noreboot. */
#ifndef HV_POWER_H
#define HV_POWER_H

/* Codes handed to QEMU's isa-debug-exit: exit status = (code << 1) | 1. */
#define POWER_PANIC 0x7f

void power_init(const char *cmdline_noreboot);
extern int opt_noreboot;
void __attribute__((noreturn)) machine_halt_or_exit(unsigned int code);
void __attribute__((noreturn)) machine_power_off(unsigned int code);
void __attribute__((noreturn)) machine_restart(unsigned int code);

#endif
