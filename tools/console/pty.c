// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pseudo-terminal allocation. The slave must be raw: with the default
 * line discipline it would echo everything the guest prints straight back
 * into the guest's input ring. The daemon keeps its own slave descriptor
 * open for the pty's lifetime, so that while no client is attached the
 * master neither reports a hang-up in a loop nor loses the backlog.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pty.h"

int cpty_make_raw(int fd, struct termios *saved)
{
	struct termios t;

	if (tcgetattr(fd, &t))
		return -errno;
	if (saved)
		*saved = t;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(fd, TCSANOW, &t) ? -errno : 0;
}

int cpty_open(struct cpty *p)
{
	int rc;

	p->slave = -1;
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (p->master < 0)
		return -errno;
	if (grantpt(p->master) || unlockpt(p->master) ||
	    ptsname_r(p->master, p->path, sizeof(p->path))) {
		rc = errno ? -errno : -EIO;
		goto err_master;
	}
	p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0) {
		rc = -errno;
		goto err_master;
	}
	rc = cpty_make_raw(p->slave, NULL);
	if (rc)
		goto err_slave;
	return 0;

err_slave:
	close(p->slave);
	p->slave = -1;
err_master:
	close(p->master);
	p->master = -1;
	return rc;
}

void cpty_close(struct cpty *p)
{
	if (p->slave >= 0)
		close(p->slave);
	if (p->master >= 0)
		close(p->master);
	p->slave = p->master = -1;
	p->path[0] = '\0';
}
