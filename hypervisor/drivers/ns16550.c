// SPDX-License-Identifier: GPL-2.0-only
/*
 * 16550 UART on COM1/COM2, polled output. Input is polled from the timer
 * tick and the console-read hypercall, so no interrupt routing is needed.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/serial.h>

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_DLL 0
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20

static uint16_t uart_base;

int serial_init(const struct serial_params *p)
{
	unsigned int div;
	uint8_t lcr;

	if (!p->io_base || !p->baud || p->baud > 115200)
		return -EINVAL;
	if (p->data_bits < 5 || p->data_bits > 8 || p->stop_bits < 1 || p->stop_bits > 2)
		return -EINVAL;
	uart_base = p->io_base;
	div = 115200 / p->baud;
	lcr = (p->data_bits - 5) | ((p->stop_bits - 1) << 2);
	if (p->parity == 'o')
		lcr |= 0x08;
	else if (p->parity == 'e')
		lcr |= 0x18;
	outb(uart_base + UART_IER, 0);
	outb(uart_base + UART_LCR, 0x80);      /* divisor latch */
	outb(uart_base + UART_DLL, div & 0xff);
	outb(uart_base + UART_DLM, div >> 8);
	outb(uart_base + UART_LCR, lcr);
	outb(uart_base + UART_FCR, 0x07);      /* enable and clear FIFOs */
	outb(uart_base + UART_MCR, 0x03);      /* DTR | RTS */
	return 0;
}

void serial_putc(char c)
{
	unsigned int spins = 100000;

	if (!uart_base)
		return;
	/* A missing or wedged UART must not hang the hypervisor. */
	while (!(inb(uart_base + UART_LSR) & LSR_THRE) && --spins)
		cpu_relax();
	outb(uart_base + UART_THR, (uint8_t)c);
}

int serial_getc(void)
{
	if (!uart_base || !(inb(uart_base + UART_LSR) & LSR_DR))
		return -1;
	return inb(uart_base + UART_RBR);
}
