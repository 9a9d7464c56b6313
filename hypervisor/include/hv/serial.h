/* SPDX-License-Identifier: GPL-2.0-only */
/* The serial console device. */
#ifndef HV_SERIAL_H
#define HV_SERIAL_H

#include <stdint.h>

struct serial_params {
	uint16_t io_base;
	unsigned int baud;
	unsigned int data_bits;
	char parity;                 /* 'n', 'o' or 'e' */
	unsigned int stop_bits;
};

int serial_init(const struct serial_params *p);
void serial_putc(char c);
int serial_getc(void);

#endif
