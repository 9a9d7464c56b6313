// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk, panic and the console_io hypercall. Hypervisor lines start with
 * "(HV) "; dom0's console_io text is written through unprefixed, so a guest's
 * lines appear on the serial port as the guest wrote them (minus control
 * characters other than newline, tab and carriage return). The hypervisor's
 * own lines are also kept in a ring that dom0 reads with sysctl
 * readconsole (dom0's text is not, as in Xen by default).
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/console.h>
#include <hv/debug-keys.h>
#include <hv/serial.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/power.h>
#include <hv/timer.h>
#include <hv/evtchn.h>

static int log_level = LOG_INFO;
static int guest_log_level = LOG_INFO;
static bool at_line_start = true;

/*
 * The console ring: free-running producer and consumer indexes, the
 * oldest byte kept at conring_c (older text is overwritten).
 */
#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static uint32_t conring_c, conring_p;

static void conring_putc(char c)
{
	conring[conring_p++ % CONRING_SIZE] = c;
	if (conring_p - conring_c > CONRING_SIZE)
		conring_c = conring_p - CONRING_SIZE;
}

/* Keyboard input from the serial line, consumed by CONSOLEIO_read. */
static char input_ring[1024];
static unsigned int input_prod, input_cons;

void console_set_loglvl(int lvl, int guest_lvl)
{
	log_level = lvl;
	guest_log_level = guest_lvl;
}

static void emit(const char *s, size_t n, bool prefix)
{
	for (size_t i = 0; i < n; i++) {
		if (prefix && at_line_start) {
			for (const char *p = "(HV) "; *p; p++) {
				serial_putc(*p);
				conring_putc(*p);
			}
		}
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
		if (prefix)
			conring_putc(s[i]);
		at_line_start = s[i] == '\n';
	}
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	unsigned long flags = local_irq_save();

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		emit(buf, n, true);
	local_irq_restore(flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void printk_lvl(int lvl, const char *fmt, ...)
{
	va_list ap;

	if (lvl > log_level)
		return;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

bool printk_ratelimit(void)
{
	static s_time_t window_start;
	static unsigned int in_window, suppressed;
	s_time_t now = NOW();

	if (now - window_start > SECONDS(5)) {
		if (suppressed)
			printk("%u guest messages suppressed\n", suppressed);
		window_start = now;
		in_window = 0;
		suppressed = 0;
	}
	if (in_window++ < 50)
		return true;
	suppressed++;
	return false;
}

void __noreturn panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	printk("\n****************************************\n");
	printk("Panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n****************************************\n");
	machine_halt_or_exit(POWER_PANIC);
}

void __noreturn bug_at(const char *file, int line, const char *what)
{
	panic("%s at %s:%d", what, file, line);
}

void console_guest_write(const char *buf, size_t len)
{
	unsigned long flags = local_irq_save();

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		/* Guests never drive the terminal: drop escapes and other controls. */
		if ((unsigned char)c < 0x20 && c != '\n' && c != '\t' && c != '\r')
			continue;
		if (c == 0x7f)
			continue;
		if (c == '\n')
			serial_putc('\r');
		serial_putc(c);
		at_line_start = c == '\n';
	}
	local_irq_restore(flags);
}

void console_poll_input(void)
{
	int c;
	bool got = false;

	while ((c = serial_getc()) >= 0) {
		if (c == DEBUG_KEY_DUMP) {
			debug_key_dump();
			continue;
		}
		if (input_prod - input_cons < sizeof(input_ring))
			input_ring[input_prod++ % sizeof(input_ring)] = (char)c;
		got = true;
	}
	/* dom0 reads it with CONSOLEIO_read when VIRQ_CONSOLE fires. */
	if (got)
		send_global_virq(VIRQ_CONSOLE);
}

size_t console_read_input(char *buf, size_t len)
{
	size_t n = 0;

	console_poll_input();
	while (n < len && input_cons != input_prod)
		buf[n++] = input_ring[input_cons++ % sizeof(input_ring)];
	return n;
}

/*
 * Copy the ring out to a guest buffer (sysctl readconsole): from *index if
 * incremental and still in the ring, else from the oldest byte; *count in:
 * room, out: bytes copied; *index out: where the copy stopped.
 */
long console_ring_read(unsigned long buffer, uint32_t *count, uint32_t *index,
		       bool incremental, bool clear)
{
	uint32_t c = conring_c, p = conring_p, done = 0;

	if (incremental && (uint32_t)(*index - c) - 1 < (uint32_t)(p - c))
		c = *index;
	while (c != p && done < *count) {
		uint32_t at = c % CONRING_SIZE;
		uint32_t n = min(min(p - c, CONRING_SIZE - at), *count - done);

		if (copy_to_guest(buffer + done, conring + at, n))
			return -EFAULT;
		done += n;
		c += n;
	}
	if (clear)
		conring_c = c;
	*count = done;
	*index = c;
	return 0;
}

/*
 * console_io(cmd, count, buffer). Writes are copied in chunks from guest
 * memory; a fault part-way returns -EFAULT, as the text before it has
 * already been printed.
 */
long do_console_io(unsigned long cmd, unsigned long count, unsigned long buffer)
{
	char kbuf[128];
	unsigned long done = 0;

	if (!current->domain->is_privileged)
		return -EPERM;

	switch (cmd) {
	case CONSOLEIO_write:
		if ((long)count < 0)
			return -EINVAL;
		while (done < count) {
			size_t n = min(count - done, sizeof(kbuf));

			if (copy_from_guest(kbuf, buffer + done, n))
				return -EFAULT;
			console_guest_write(kbuf, n);
			done += n;
		}
		return 0;
	case CONSOLEIO_read: {
		size_t n;

		if ((long)count < 0)
			return -EINVAL;
		while (done < count) {
			n = console_read_input(kbuf, min(count - done, sizeof(kbuf)));
			if (!n)
				break;
			if (copy_to_guest(buffer + done, kbuf, n))
				return -EFAULT;
			done += n;
		}
		return done;
	}
	default:
		return -ENOSYS;
	}
}
