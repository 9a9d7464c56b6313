// SPDX-License-Identifier: GPL-2.0-only
/*
 * LD_PRELOAD shim that lets Debian's C xenstored (Xen 4.17) serve its unix
 * socket on a host without Xen, for the throughput comparison in
 * tests/bench/xenstored_ops.py. Its "no domain" mode (-D) is no use there:
 * the first write by a socket client looks up dom0's accounting entry,
 * which only the domain start-up creates, through the never-opened libxc
 * handle, and the daemon dies of a NULL dereference.
 *
 * So the daemon starts normally and this shim stands in for the
 * hypervisor interfaces it touches: libxenctrl, libxenevtchn and
 * libxengnttab calls succeed on dummy handles (no other domain exists),
 * the event channel fd is a pipe that never becomes readable, and dom0's
 * /proc/xen/xsd_port and xsd_kva are a port number and a zeroed page in
 * memfds (an idle ring). None of this is on the request path the
 * benchmark measures: socket requests never reach these calls once dom0's
 * entry exists.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char dummy_handle;
static int evtchn_pipe[2] = { -1, -1 };

/* libxenctrl: no domain but the one xenstored already knows. */
void *xc_interface_open(void *logger, void *dombuild_logger, unsigned int flags)
{
	(void)logger;
	(void)dombuild_logger;
	(void)flags;
	return &dummy_handle;
}

int xc_interface_close(void *xch)
{
	(void)xch;
	return 0;
}

int xc_domain_getinfo(void *xch, uint32_t first, unsigned int max, void *info)
{
	(void)xch;
	(void)first;
	(void)max;
	(void)info;
	return 0;
}

/* libxengnttab: nothing to map, there are no guests. */
void *xengnttab_open(void *logger, unsigned int flags)
{
	(void)logger;
	(void)flags;
	return &dummy_handle;
}

int xengnttab_close(void *xgt)
{
	(void)xgt;
	return 0;
}

int xengnttab_set_max_grants(void *xgt, uint32_t nr)
{
	(void)xgt;
	(void)nr;
	return 0;
}

void *xengnttab_map_grant_ref(void *xgt, uint32_t domid, uint32_t ref, int prot)
{
	(void)xgt;
	(void)domid;
	(void)ref;
	(void)prot;
	return NULL;
}

int xengnttab_unmap(void *xgt, void *addr, uint32_t count)
{
	(void)xgt;
	(void)addr;
	(void)count;
	return 0;
}

/* libxenevtchn: ports are handed out, no event ever arrives. */
void *xenevtchn_open(void *logger, unsigned int flags)
{
	(void)logger;
	(void)flags;
	if (evtchn_pipe[0] < 0 && pipe2(evtchn_pipe, O_CLOEXEC) < 0)
		return NULL;
	return &dummy_handle;
}

int xenevtchn_close(void *xce)
{
	(void)xce;
	return 0;
}

int xenevtchn_fd(void *xce)
{
	(void)xce;
	return evtchn_pipe[0];
}

int xenevtchn_bind_virq(void *xce, unsigned int virq)
{
	(void)xce;
	(void)virq;
	return 1;
}

int xenevtchn_bind_interdomain(void *xce, uint32_t domid, uint32_t port)
{
	(void)xce;
	(void)domid;
	(void)port;
	return 2;
}

int xenevtchn_notify(void *xce, uint32_t port)
{
	(void)xce;
	(void)port;
	return 0;
}

int xenevtchn_unbind(void *xce, uint32_t port)
{
	(void)xce;
	(void)port;
	return 0;
}

int xenevtchn_pending(void *xce)
{
	(void)xce;
	return -1;
}

int xenevtchn_unmask(void *xce, uint32_t port)
{
	(void)xce;
	(void)port;
	return 0;
}

/* A memfd holding `len` bytes of `data`, then zeroes up to `size`. */
static int memfd_with(const char *name, const char *data, size_t len, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) < 0 ||
	    (len && pwrite(fd, data, len, 0) != (ssize_t)len)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* dom0's xenstore port and ring page; everything else goes to libc. */
int open(const char *path, int flags, ...)
{
	static int (*real_open)(const char *, int, ...);
	mode_t mode = 0;
	va_list ap;

	if (!strcmp(path, "/proc/xen/xsd_port"))
		return memfd_with("xsd_port", "1\n", 2, 2);
	if (!strcmp(path, "/proc/xen/xsd_kva"))
		return memfd_with("xsd_kva", NULL, 0, 4096);
	if (!real_open)
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return real_open(path, flags, mode);
}
