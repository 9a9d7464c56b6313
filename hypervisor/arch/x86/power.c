// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ending the run. Under QEMU the isa-debug-exit port (0xf4) ends the
 * emulator with status (code << 1) | 1, so a test sees dom0's shutdown
 * reason; on hardware that port is unused and the write is harmless, and
 * the reset/poweroff paths that follow take over. `noreboot` halts instead.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/power.h>

#define DEBUG_EXIT_PORT 0xf4

static void __noreturn halt_forever(void)
{
	local_irq_disable();
	for (;;)
		halt();
}

static void debug_exit(unsigned int code)
{
	outl(DEBUG_EXIT_PORT, code);
}

void __noreturn machine_halt_or_exit(unsigned int code)
{
	if (opt_noreboot) {
		printk("noreboot: halting the machine\n");
		halt_forever();
	}
	debug_exit(code);
	machine_restart(code);
}

void __noreturn machine_power_off(unsigned int code)
{
	if (opt_noreboot) {
		printk("noreboot: halting the machine\n");
		halt_forever();
	}
	debug_exit(code);
	printk("powering off\n");
	/* ACPI S5 through the PIIX4/ICH9 PM block QEMU provides. */
	outw(0x604, 0x2000);
	outw(0xb004, 0x2000);
	halt_forever();
}

void __noreturn machine_restart(unsigned int code)
{
	if (opt_noreboot) {
		printk("noreboot: halting the machine\n");
		halt_forever();
	}
	debug_exit(code);
	printk("rebooting\n");
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);                    /* PCI reset control: full reset */
	outb(0x64, 0xfe);                     /* keyboard controller pulse */
	halt_forever();
}
