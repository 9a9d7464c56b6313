// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a domain's monitor does once the domain has shut down: pick the
 * action its config names for the reason (on_poweroff, on_reboot,
 * on_crash) and carry it out — destroy, or destroy and build it again
 * from the same config (same UUID, a new id), or leave it alone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vm.h"

#define DESTROY_WAIT_MS 10000

enum ctrl_action ctrl_vm_action_for(const struct ctrl_domcfg *cfg,
				    unsigned int reason)
{
	switch (reason) {
	case XABI_SHUTDOWN_poweroff:
		return cfg->on_poweroff;
	case XABI_SHUTDOWN_reboot:
	case XABI_SHUTDOWN_soft_reset:
		return cfg->on_reboot;
	case XABI_SHUTDOWN_suspend:
		return CTRL_ACT_PRESERVE; /* whoever suspended it owns it now */
	default:
		return cfg->on_crash; /* crash, watchdog, unknown */
	}
}

bool ctrl_action_restarts(enum ctrl_action a)
{
	return a == CTRL_ACT_RESTART || a == CTRL_ACT_RENAME_RESTART ||
	       a == CTRL_ACT_COREDUMP_RESTART || a == CTRL_ACT_SOFT_RESET;
}

int ctrl_vm_handle_shutdown(struct ctrl_ctx *c, const struct ctrl_domcfg *cfg,
			    uint32_t *domid, unsigned int reason,
			    enum ctrl_action *act, char *err, size_t errlen)
{
	char msg[CTRL_VM_ERRLEN];
	int rc;

	if (errlen)
		err[0] = '\0';
	*act = ctrl_vm_action_for(cfg, reason);
	if (*act == CTRL_ACT_PRESERVE)
		return 0;
	rc = ctrl_vm_destroy(c, *domid, DESTROY_WAIT_MS, msg, sizeof(msg));
	if (rc && rc != -ETIMEDOUT) {
		snprintf(err, errlen, "%s", msg);
		return rc;
	}
	if (!ctrl_action_restarts(*act))
		return rc == -ETIMEDOUT ? (snprintf(err, errlen, "%s", msg), rc)
					: 0;
	return ctrl_vm_create(c, cfg, NULL, domid, err, errlen);
}
