// SPDX-License-Identifier: GPL-2.0-only
/*
 * XS_CONTROL: administrative commands for xenstore-control (privileged
 * callers only; the dispatcher checks that). A command table, as for the
 * message types; reply texts follow Xen 4.17's so its tool can read them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "ops.h"

struct quota_entry {
	const char *name;
	size_t off; /* into struct xs_quota_cfg */
	const char *descr;
};

#define Q(n, f, s) { n, offsetof(struct xs_quota_cfg, f), s }
static const struct quota_entry quotas[] = {
	Q("nodes", nodes, "Nodes per domain"),
	Q("watches", watches, "Watches per domain"),
	Q("transactions", txns, "Transactions per domain"),
	Q("outstanding", outstanding, "Outstanding requests per domain"),
	Q("transaction-nodes", txn_nodes,
	  "Max. number of accessed nodes per transaction"),
	Q("node-size", entry_size, "Max. size of a node"),
	Q("permissions", perms, "Max. number of permissions per node"),
};
#undef Q

static unsigned int *quota_field(struct xsd *d, const struct quota_entry *q)
{
	return (unsigned int *)((char *)&d->quota + q->off);
}

static void reply_text(struct xs_req *r, const char *text)
{
	xs_reply(r, text, (unsigned int)strlen(text) + 1);
}

static int ctl_check(struct xs_req *r, const char **v, unsigned int n)
{
	(void)v;
	if (n)
		return EINVAL;
	xs_ack(r);
	return 0;
}

static int ctl_log(struct xs_req *r, const char **v, unsigned int n)
{
	if (n != 1 || (strcmp(v[0], "on") && strcmp(v[0], "off")))
		return EINVAL;
	xsd_verbose = !strcmp(v[0], "on");
	xs_ack(r);
	return 0;
}

static int ctl_print(struct xs_req *r, const char **v, unsigned int n)
{
	if (n != 1)
		return EINVAL;
	xsd_log("control: %.200s", v[0]);
	xs_ack(r);
	return 0;
}

static int ctl_quota(struct xs_req *r, const char **v, unsigned int n)
{
	char buf[1024];
	size_t off = 0, i;
	int val;

	if (n == 0) {
		off += (size_t)snprintf(buf, sizeof(buf), "Quota settings:\n");
		for (i = 0; i < sizeof(quotas) / sizeof(quotas[0]); i++)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off,
						"%-17s: %8u %s\n",
						quotas[i].name,
						*quota_field(r->d, &quotas[i]),
						quotas[i].descr);
		reply_text(r, buf);
		return 0;
	}
	if (!strcmp(v[0], "set")) {
		if (n != 3 || (val = atoi(v[2])) < 1)
			return EINVAL;
		for (i = 0; i < sizeof(quotas) / sizeof(quotas[0]); i++) {
			if (!strcmp(v[1], quotas[i].name)) {
				*quota_field(r->d, &quotas[i]) =
					(unsigned int)val;
				xs_ack(r);
				return 0;
			}
		}
		return EINVAL;
	}
	if (n != 1)
		return EINVAL;
	val = atoi(v[0]);
	snprintf(buf, sizeof(buf), "Domain %u:\n%-16s: %8d\n%-16s: %8d\n",
		 (unsigned int)val, "nodes",
		 xs_acct_nodes(&r->d->acct, (uint32_t)val), "watches",
		 xs_acct_watches(&r->d->acct, (uint32_t)val));
	reply_text(r, buf);
	return 0;
}

static int ctl_help(struct xs_req *r, const char **v, unsigned int n);

static const struct {
	const char *name;
	int (*fn)(struct xs_req *r, const char **v, unsigned int n);
	const char *pars;
} cmds[] = {
	{ "check", ctl_check, "" },
	{ "log", ctl_log, "on|off" },
	{ "print", ctl_print, "<string>" },
	{ "quota", ctl_quota, "[set <name> <val>|<domid>]" },
	{ "help", ctl_help, "" },
};

static int ctl_help(struct xs_req *r, const char **v, unsigned int n)
{
	char buf[512];
	size_t off = 0, i;

	(void)v;
	if (n)
		return EINVAL;
	buf[0] = '\0';
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s\t%s\n",
					cmds[i].name, cmds[i].pars);
	reply_text(r, buf);
	return 0;
}

int xs_do_control(struct xs_req *r)
{
	const char *v[8];
	unsigned int n = xs_wire_args(r->body, r->len, v, 8), i;

	if (!n)
		return EINVAL;
	if (n > 8)
		n = 8;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(v[0], cmds[i].name))
			return cmds[i].fn(r, v + 1, n - 1);
	return EINVAL;
}
