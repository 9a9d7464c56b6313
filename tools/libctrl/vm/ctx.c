// SPDX-License-Identifier: GPL-2.0-only
/*
 * The toolstack context (hypervisor transport + xenstore connection),
 * dom0's own xenstore nodes, finding domains by name, listing them, and
 * the per-domain config files kept in the state directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "vm.h"

int ctrl_ctx_init(struct ctrl_ctx *c, struct ctrl_transport *t,
		  struct ctrl_xs *xs, const char *state_dir,
		  const char *cache_dir)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->xs = xs;
	snprintf(c->state_dir, sizeof(c->state_dir), "%s",
		 state_dir ? state_dir : CTRL_STATE_DIR);
	snprintf(c->cache_dir, sizeof(c->cache_dir), "%s",
		 cache_dir ? cache_dir : CTRL_CACHE_DIR);
	return xs ? ctrl_dom0_init_nodes(c) : 0;
}

int ctrl_ctx_open(struct ctrl_ctx *c, bool need_xs, char *err, size_t errlen)
{
	struct ctrl_transport *t = ctrl_transport_open();
	struct ctrl_xs *xs;
	const char *sd = getenv("XL_STATE_DIR"), *cd = getenv("XL_CACHE_DIR");
	int rc;

	if (!t) {
		rc = -errno;
		snprintf(err, errlen, "cannot open /dev/xen/privcmd: %s (is "
			 "this dom0 with xen-privcmd loaded?)", strerror(-rc));
		return rc;
	}
	xs = ctrl_xs_open(NULL);
	if (!xs && need_xs) {
		rc = -errno;
		snprintf(err, errlen, "cannot connect to xenstored: %s (is "
			 "xenstored running?)", strerror(-rc));
		ctrl_transport_close(t);
		return rc;
	}
	rc = ctrl_ctx_init(c, t, xs, sd, cd);
	if (rc) {
		snprintf(err, errlen, "writing dom0's xenstore nodes: %s",
			 strerror(-rc));
		ctrl_ctx_close(c);
	}
	return rc;
}

void ctrl_ctx_close(struct ctrl_ctx *c)
{
	ctrl_xs_close(c->xs);
	ctrl_transport_close(c->t);
	c->xs = NULL;
	c->t = NULL;
}

/*
 * What Xen's xen-init-dom0 writes once: dom0's name, id and vm path, in
 * one transaction (retried if another toolstack races us).
 */
int ctrl_dom0_init_nodes(struct ctrl_ctx *c)
{
#define DOM0_UUID "00000000-0000-0000-0000-000000000000"
#define DOM0_VM "/vm/" DOM0_UUID
	char *v = NULL;
	int rc, tries;

	if (!c->xs)
		return 0;
	rc = ctrl_xs_read(c->xs, 0, "/local/domain/0/name", &v, NULL);
	free(v);
	if (!rc)
		return 0;
	for (tries = 0; tries < 10; tries++) {
		uint32_t tx;

		rc = ctrl_xs_tx_start(c->xs, &tx);
		if (rc)
			return rc;
		rc = ctrl_xs_write(c->xs, tx, "/local/domain/0/name", "Domain-0");
		if (!rc)
			rc = ctrl_xs_write(c->xs, tx, "/local/domain/0/domid", "0");
		if (!rc)
			rc = ctrl_xs_write(c->xs, tx, "/local/domain/0/vm",
					   DOM0_VM);
		if (!rc)
			rc = ctrl_xs_write(c->xs, tx, DOM0_VM "/name",
					   "Domain-0");
		if (!rc)
			rc = ctrl_xs_write(c->xs, tx, DOM0_VM "/uuid",
					   DOM0_UUID);
		rc = ctrl_xs_tx_end(c->xs, tx, rc == 0) ?: rc;
		if (rc != -EAGAIN)
			return rc;
	}
	return rc;
}

int ctrl_domain_name(struct ctrl_ctx *c, uint32_t domid, char **name)
{
	char path[64];

	if (!c->xs)
		return domid == 0 ? ((*name = strdup("Domain-0")) ? 0 : -ENOMEM)
				  : -ENOENT;
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	return ctrl_xs_read(c->xs, 0, path, name, NULL);
}

int ctrl_domain_resolve(struct ctrl_ctx *c, const char *ref, uint32_t *domid)
{
	struct ctrl_vm_entry *list = NULL;
	char *end;
	unsigned long v;
	size_t i, n;
	int rc;

	errno = 0;
	v = strtoul(ref, &end, 10);
	if (*ref && !*end && !errno && v < XABI_DOMID_FIRST_RESERVED) {
		struct ctrl_dominfo info;

		rc = ctrl_dom_getinfo(c->t, (uint32_t)v, &info);
		if (!rc)
			*domid = (uint32_t)v;
		return rc;
	}
	rc = ctrl_vm_list(c, &list, &n);
	if (rc)
		return rc;
	rc = -ESRCH;
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, ref)) {
			*domid = list[i].info.domid;
			rc = 0;
			break;
		}
	free(list);
	return rc;
}

int ctrl_vm_list(struct ctrl_ctx *c, struct ctrl_vm_entry **out, size_t *n)
{
	struct ctrl_dominfo *infos = NULL;
	struct ctrl_vm_entry *list = NULL;
	size_t cap = 64, got = 0, i;
	int rc;

	/* Ask for more until the answer is not full. */
	for (;;) {
		infos = realloc(infos, cap * sizeof(*infos));
		if (!infos)
			return -ENOMEM;
		rc = ctrl_sys_domain_list(c->t, 0, infos, cap, &got);
		if (rc || got < cap || cap >= 0x8000)
			break;
		cap *= 2;
	}
	if (rc) {
		free(infos);
		return rc;
	}
	list = calloc(got ? got : 1, sizeof(*list));
	if (!list) {
		free(infos);
		return -ENOMEM;
	}
	for (i = 0; i < got; i++) {
		char *name = NULL;

		list[i].info = infos[i];
		if (!ctrl_domain_name(c, infos[i].domid, &name))
			snprintf(list[i].name, sizeof(list[i].name), "%s", name);
		else
			snprintf(list[i].name, sizeof(list[i].name), "%s",
				 infos[i].domid ? "(null)" : "Domain-0");
		free(name);
	}
	free(infos);
	*out = list;
	*n = got;
	return 0;
}

/* mkdir -p (the state directory may be two levels down a fresh /var). */
static void make_dirs(const char *dir)
{
	char buf[256];
	size_t i, n = strlen(dir);

	if (n >= sizeof(buf))
		return;
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		mkdir(buf, 0755);
		buf[i] = i < n ? '/' : '\0';
	}
}

static int config_path(struct ctrl_ctx *c, uint32_t domid, char *buf,
		       size_t len)
{
	int n = snprintf(buf, len, "%s/userdata-d%u.xl-cfg", c->state_dir,
			 domid);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ctrl_vm_save_config(struct ctrl_ctx *c, uint32_t domid,
			const struct ctrl_domcfg *cfg)
{
	char path[512], tmp[600];
	char *text = ctrl_domcfg_to_cfg(cfg);
	FILE *f;
	int rc = 0;

	if (!text)
		return -ENOMEM;
	if (config_path(c, domid, path, sizeof(path))) {
		free(text);
		return -ENAMETOOLONG;
	}
	make_dirs(c->state_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		rc = -errno;
	} else {
		if (fputs(text, f) < 0)
			rc = -EIO;
		if (fclose(f) && !rc)
			rc = -errno;
		if (!rc && rename(tmp, path))
			rc = -errno;
		if (rc)
			unlink(tmp);
	}
	free(text);
	return rc;
}

int ctrl_vm_load_config(struct ctrl_ctx *c, uint32_t domid,
			struct ctrl_domcfg *cfg)
{
	char path[512], err[CTRL_CFG_ERRLEN];

	ctrl_domcfg_init(cfg);
	if (config_path(c, domid, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (access(path, R_OK))
		return -errno;
	return ctrl_cfg_parse_file(cfg, path, NULL, 0, err);
}

void ctrl_vm_forget_config(struct ctrl_ctx *c, uint32_t domid)
{
	char path[512];

	if (!config_path(c, domid, path, sizeof(path)))
		unlink(path);
}

int ctrl_vm_uptime(struct ctrl_ctx *c, uint32_t domid, double *seconds)
{
	char path[128], *vm = NULL, *st = NULL;
	struct timespec now;
	int rc;

	if (domid == 0) {
		FILE *f = fopen("/proc/uptime", "r");

		if (!f)
			return -errno;
		rc = fscanf(f, "%lf", seconds) == 1 ? 0 : -EIO;
		fclose(f);
		return rc;
	}
	if (!c->xs)
		return -ENOENT;
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	rc = ctrl_xs_read(c->xs, 0, path, &vm, NULL);
	if (!rc) {
		snprintf(path, sizeof(path), "%s/start_time", vm);
		rc = ctrl_xs_read(c->xs, 0, path, &st, NULL);
	}
	if (!rc) {
		clock_gettime(CLOCK_REALTIME, &now);
		*seconds = (double)now.tv_sec + now.tv_nsec / 1e9 - atof(st);
		if (*seconds < 0)
			*seconds = 0;
	}
	free(vm);
	free(st);
	return rc;
}
