// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ending guests: destroy (hypervisor, xenstore, stored config), the
 * cooperative shutdown request through control/shutdown, and waiting for
 * either to complete.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vm.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Poll the hypervisor until cond holds. Watch events on @releaseDomain
 * (if xenstore is there) wake us early; polling covers the rest.
 */
static int wait_for(struct ctrl_ctx *c, uint32_t domid, int wait_ms,
		    bool (*cond)(int rc, const struct ctrl_dominfo *i))
{
	long long end = now_ms() + wait_ms;
	bool watching = c->xs &&
			!ctrl_xs_watch(c->xs, "@releaseDomain", "ctrl-wait");
	int result = 0;

	for (;;) {
		struct ctrl_dominfo info;
		int rc = ctrl_dom_getinfo(c->t, domid, &info);
		long long left = end - now_ms();

		if (cond(rc, &info)) {
			result = 1;
			break;
		}
		if (left <= 0)
			break;
		if (watching) {
			char *p = NULL, *t = NULL;

			if (ctrl_xs_read_watch(c->xs, left < 100 ? (int)left : 100,
					       &p, &t) > 0) {
				free(p);
				free(t);
			}
		} else {
			usleep(left < 50 ? (useconds_t)left * 1000 : 50000);
		}
	}
	if (watching)
		ctrl_xs_unwatch(c->xs, "@releaseDomain", "ctrl-wait");
	return result;
}

static bool gone(int rc, const struct ctrl_dominfo *i)
{
	(void)i;
	return rc == -ESRCH;
}

static bool down(int rc, const struct ctrl_dominfo *i)
{
	return rc == -ESRCH || (!rc && (i->shutdown || i->dying));
}

int ctrl_vm_wait_gone(struct ctrl_ctx *c, uint32_t domid, int wait_ms)
{
	return wait_for(c, domid, wait_ms, gone);
}

int ctrl_vm_wait_shutdown(struct ctrl_ctx *c, uint32_t domid, int wait_ms)
{
	return wait_for(c, domid, wait_ms, down);
}

/* Everything of the domain in xenstore: its directory and /vm entry. */
static void remove_nodes(struct ctrl_ctx *c, uint32_t domid)
{
	char path[96], *vm = NULL;

	if (!c->xs)
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (!ctrl_xs_read(c->xs, 0, path, &vm, NULL) &&
	    !strncmp(vm, "/vm/", 4) && strlen(vm) > 4)
		ctrl_xs_rm(c->xs, 0, vm);
	free(vm);
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	ctrl_xs_rm(c->xs, 0, path);
	snprintf(path, sizeof(path), "/local/domain/0/backend/console/%u",
		 domid);
	ctrl_xs_rm(c->xs, 0, path);
}

int ctrl_vm_destroy(struct ctrl_ctx *c, uint32_t domid, int wait_ms,
		    char *err, size_t errlen)
{
	int rc;

	if (errlen)
		err[0] = '\0';
	if (domid == 0) {
		snprintf(err, errlen, "domain 0 cannot be destroyed");
		return -EPERM;
	}
	rc = ctrl_dom_destroy(c->t, domid);
	if (rc && rc != -ESRCH) {
		snprintf(err, errlen, "destroying domain %u: %s", domid,
			 strerror(-rc));
		return rc;
	}
	remove_nodes(c, domid);
	/* xenstored lets go of the ring (and the domain) on release. */
	if (c->xs)
		ctrl_xs_release(c->xs, domid);
	ctrl_vm_forget_config(c, domid);
	if (rc == -ESRCH) {
		snprintf(err, errlen, "domain %u does not exist", domid);
		return rc;
	}
	if (wait_ms > 0 && !ctrl_vm_wait_gone(c, domid, wait_ms)) {
		snprintf(err, errlen, "domain %u is dying but something still "
			 "holds its memory (a back-end mapping?)", domid);
		return -ETIMEDOUT;
	}
	return 0;
}

int ctrl_vm_shutdown(struct ctrl_ctx *c, uint32_t domid, const char *how,
		     int wait_ms, char *err, size_t errlen)
{
	static const char *const ok[] = { "poweroff", "reboot", "halt",
					  "suspend" };
	struct ctrl_dominfo info;
	char path[96];
	size_t i;
	int rc;

	if (errlen)
		err[0] = '\0';
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(how, ok[i]))
			break;
	if (i == sizeof(ok) / sizeof(ok[0])) {
		snprintf(err, errlen, "unknown shutdown request '%s'", how);
		return -EINVAL;
	}
	rc = ctrl_dom_getinfo(c->t, domid, &info);
	if (rc) {
		snprintf(err, errlen, "domain %u: %s", domid, strerror(-rc));
		return rc;
	}
	if (!c->xs) {
		snprintf(err, errlen, "xenstored is not running");
		return -ENOTCONN;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
		 domid);
	rc = ctrl_xs_write(c->xs, 0, path, how);
	if (rc) {
		snprintf(err, errlen, "writing %s: %s", path, strerror(-rc));
		return rc;
	}
	if (wait_ms > 0 && !ctrl_vm_wait_shutdown(c, domid, wait_ms)) {
		snprintf(err, errlen, "domain %u did not shut down within %d s "
			 "(no PV shutdown support in the guest?)", domid,
			 wait_ms / 1000);
		return -ETIMEDOUT;
	}
	return 0;
}
