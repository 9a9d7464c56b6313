// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls xen_version through /dev/xen/privcmd (IOCTL_PRIVCMD_HYPERCALL) and
 * prints "xen_version <major>.<minor>". With --garbage it instead fires
 * malformed hypercalls at the hypervisor (unknown numbers, bad pointers)
 * and succeeds if every one fails cleanly and the hypervisor still
 * answers afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <stdint.h>

/* Linux's privcmd interface (include/uapi/xen/privcmd.h). */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

static long hypercall(int fd, unsigned long op, unsigned long a0, unsigned long a1)
{
	struct privcmd_hypercall h = { .op = op, .arg = { a0, a1, 0, 0, 0 } };

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
}

int main(int argc, char **argv)
{
	int fd = open("/dev/xen/privcmd", O_RDWR);
	long v;

	if (fd < 0) {
		perror("open /dev/xen/privcmd");
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "--garbage")) {
		static const unsigned long ops[] = { 1000, 63, 17 };
		int bad = 0;

		for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (hypercall(fd, ops[i], ~0UL, 0xffff830000000000UL) >= 0 && ops[i] != 17)
				bad++;
		v = hypercall(fd, 17, 0, 0);
		printf("garbage: %d accepted, hypervisor answers %#lx\n", bad, v);
		return bad || v <= 0;
	}
	v = hypercall(fd, 17 /* xen_version */, 0 /* XENVER_version */, 0);
	if (v < 0) {
		printf("xen_version failed: %s\n", strerror(errno));
		return 1;
	}
	printf("xen_version %ld.%ld\n", v >> 16, v & 0xffff);
	return 0;
}
