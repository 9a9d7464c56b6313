// SPDX-License-Identifier: GPL-2.0-only
/*
 * Creating a guest from its config. Everything that can be checked
 * without a domain is checked first (name free, kernel and ramdisk
 * readable and valid, enough memory, the layout fits); then the domain is
 * created and each later step undoes the whole domain on failure:
 *   createdomain -> max_vcpus, max_mem -> event channels -> build ->
 *   xenstore nodes -> introduce to xenstored -> unpause.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uuid/uuid.h>

#include "build/build.h"
#include "vm.h"

/* libxl's slack above maxmem for the domain's own overheads, in KiB. */
#define MAXMEM_SLACK_KB 1024

struct creator {
	struct ctrl_ctx *c;
	const struct ctrl_domcfg *cfg;
	char *err;
	size_t errlen;
	uint8_t *kernel, *ramdisk;
	size_t kernel_len, ramdisk_len;
	uint8_t uuid[16];
	uint32_t domid;
	uint32_t store_port, console_port;
	struct ctrl_pv_build_result built;
	struct timespec t0;
};

static int cerr(struct creator *k, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cerr(struct creator *k, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->err, k->errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* "file:line: " for a key, or "file: " / "" when unknown. */
static void where(const struct ctrl_domcfg *cfg, enum ctrl_cfg_key key,
		  char *buf, size_t len)
{
	const struct ctrl_srcloc *l = &cfg->loc[key];

	if (l->file && l->line)
		snprintf(buf, len, "%s:%d: ", l->file, l->line);
	else if (l->file)
		snprintf(buf, len, "%s: ", l->file);
	else
		buf[0] = '\0';
}

static double since(const struct creator *k)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - k->t0.tv_sec) +
	       (now.tv_nsec - k->t0.tv_nsec) / 1e9;
}

static int name_is_free(struct creator *k)
{
	struct ctrl_vm_entry *list = NULL;
	char at[300];
	size_t i, n;
	int rc = ctrl_vm_list(k->c, &list, &n);

	if (rc)
		return cerr(k, rc, "listing domains: %s", strerror(-rc));
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, k->cfg->name)) {
			where(k->cfg, CTRL_KEY_NAME, at, sizeof(at));
			rc = cerr(k, -EEXIST, "%sname: a domain called '%s' "
				  "already exists (id %u)", at, k->cfg->name,
				  list[i].info.domid);
			break;
		}
	free(list);
	return rc;
}

/* Fetch, read and unwrap one image; messages name the config line. */
static int load_image(struct creator *k, const char *ref,
		      enum ctrl_cfg_key key, bool is_kernel, uint8_t **out,
		      size_t *out_len)
{
	char at[300], msg[CTRL_BUILD_ERRLEN], *path = NULL;
	const char *what = is_kernel ? "kernel" : "ramdisk";
	uint8_t *raw = NULL;
	size_t len = 0;
	int rc;

	where(k->cfg, key, at, sizeof(at));
	rc = ctrl_fetch(ref, k->c->cache_dir, &path, msg, sizeof(msg));
	if (rc)
		return cerr(k, rc, "%s%s: %s", at, what, msg);
	rc = ctrl_read_file(path, CTRL_KERNEL_MAX, &raw, &len);
	if (rc) {
		cerr(k, rc, "%s%s '%s': %s", at, what, path,
		     rc == -EFBIG ? "larger than 1 GiB" : strerror(-rc));
		goto out;
	}
	if (!is_kernel) {
		*out = raw;
		*out_len = len;
		raw = NULL;
		goto out;
	}
	rc = ctrl_image_unwrap(raw, len, out, out_len, msg, sizeof(msg));
	if (rc)
		cerr(k, rc, "%skernel '%s': %s", at, path, msg);
out:
	free(raw);
	free(path);
	return rc;
}

static int check_images(struct creator *k)
{
	struct ctrl_pv_kernel kern;
	struct ctrl_pv_layout lay;
	char at[300], msg[CTRL_BUILD_ERRLEN];
	int rc;

	rc = load_image(k, k->cfg->kernel, CTRL_KEY_KERNEL, true, &k->kernel,
			&k->kernel_len);
	if (!rc && k->cfg->ramdisk)
		rc = load_image(k, k->cfg->ramdisk, CTRL_KEY_RAMDISK, false,
				&k->ramdisk, &k->ramdisk_len);
	if (rc)
		return rc;
	rc = ctrl_elf_parse(k->kernel, k->kernel_len, &kern, msg, sizeof(msg));
	if (rc) {
		where(k->cfg, CTRL_KEY_KERNEL, at, sizeof(at));
		return cerr(k, rc, "%skernel '%s': %s", at, k->cfg->kernel, msg);
	}
	rc = ctrl_pv_layout(&kern, k->ramdisk_len, k->cfg->memory_mb << 8,
			    &lay, msg, sizeof(msg));
	if (rc) {
		where(k->cfg, CTRL_KEY_MEMORY, at, sizeof(at));
		return cerr(k, rc, "%smemory: %s", at, msg);
	}
	return 0;
}

static int check_memory(struct creator *k)
{
	struct xabi_physinfo pi;
	char at[300];
	uint64_t free_mb;
	int rc = ctrl_sys_physinfo(k->c->t, &pi);

	if (rc)
		return cerr(k, rc, "physinfo: %s", strerror(-rc));
	free_mb = (pi.free_pages * 4096) >> 20;
	if (k->cfg->memory_mb + 1 > free_mb) {
		where(k->cfg, CTRL_KEY_MEMORY, at, sizeof(at));
		return cerr(k, -ENOMEM, "%smemory: %llu MiB asked for, but "
			    "the hypervisor has only %llu MiB free",
			    at, (unsigned long long)k->cfg->memory_mb,
			    (unsigned long long)free_mb);
	}
	return 0;
}

static int make_domain(struct creator *k)
{
	const struct ctrl_domcfg *cfg = k->cfg;
	struct ctrl_create_args a = {
		.max_vcpus = cfg->maxvcpus,
		.max_evtchn_port = cfg->max_event_channels
					   ? cfg->max_event_channels
					   : CTRL_DEFAULT_EVTCHN,
		.max_grant_frames = cfg->max_grant_frames,
		.max_maptrack_frames = cfg->max_maptrack_frames,
		.max_grant_version = 1,
	};
	struct xabi_physinfo pi;
	int rc;

	if (!ctrl_sys_physinfo(k->c->t, &pi) &&
	    (pi.capabilities & XABI_PHYSCAP_gnttab_v2))
		a.max_grant_version = 2;
	memcpy(a.handle, k->uuid, 16);
	k->domid = 0;
	rc = ctrl_dom_create(k->c->t, &a, &k->domid);
	if (rc)
		return cerr(k, rc, "creating the domain: %s", strerror(-rc));
	return 0;
}

static int limits_and_ports(struct creator *k)
{
	const struct ctrl_domcfg *cfg = k->cfg;
	int rc;

	rc = ctrl_dom_max_vcpus(k->c->t, k->domid, cfg->maxvcpus);
	if (rc)
		return cerr(k, rc, "setting %u vCPUs: %s", cfg->maxvcpus,
			    strerror(-rc));
	rc = ctrl_dom_set_address_size(k->c->t, k->domid, 64);
	if (rc)
		return cerr(k, rc, "setting 64-bit mode: %s", strerror(-rc));
	rc = ctrl_dom_max_mem(k->c->t, k->domid,
			      (cfg->maxmem_mb << 10) + MAXMEM_SLACK_KB);
	if (rc)
		return cerr(k, rc, "setting maxmem: %s", strerror(-rc));
	rc = ctrl_evtchn_alloc_unbound(k->c->t, k->domid, 0, &k->store_port);
	if (!rc)
		rc = ctrl_evtchn_alloc_unbound(k->c->t, k->domid, 0,
					       &k->console_port);
	if (rc)
		return cerr(k, rc, "allocating event channels: %s",
			    strerror(-rc));
	return 0;
}

static int build(struct creator *k)
{
	char msg[CTRL_BUILD_ERRLEN], *cmdline = ctrl_domcfg_cmdline(k->cfg);
	struct ctrl_pv_build_args a = {
		.domid = k->domid,
		.nr_pages = k->cfg->memory_mb << 8,
		.kernel = k->kernel,
		.kernel_len = k->kernel_len,
		.ramdisk = k->ramdisk,
		.ramdisk_len = k->ramdisk_len,
		.cmdline = cmdline,
		.store_evtchn = k->store_port,
		.console_evtchn = k->console_port,
	};
	int rc;

	if (!cmdline)
		return cerr(k, -ENOMEM, "out of memory");
	if (strlen(cmdline) >= XABI_MAX_GUEST_CMDLINE) {
		free(cmdline);
		return cerr(k, -E2BIG, "the kernel command line is longer "
			    "than %d bytes", XABI_MAX_GUEST_CMDLINE - 1);
	}
	rc = ctrl_pv_build(k->c->t, &a, &k->built, msg, sizeof(msg));
	free(cmdline);
	if (rc)
		return cerr(k, rc, "building the guest: %s", msg);
	if (k->cfg->rtc_timeoffset || k->cfg->localtime) {
		int64_t off = k->cfg->rtc_timeoffset;

		if (k->cfg->localtime) {
			time_t now = time(NULL);
			struct tm tm;

			localtime_r(&now, &tm);
			off += tm.tm_gmtoff;
		}
		rc = ctrl_dom_settimeoffset(k->c->t, k->domid, off);
		if (rc)
			return cerr(k, rc, "setting the time offset: %s",
				    strerror(-rc));
	}
	return 0;
}

/* ---- xenstore ---- */

/*
 * The guest's nodes are collected here and sent as one batch inside a
 * transaction (one round trip, not one per node).
 */
#define MAX_OPS 160
#define POOL	16384

struct xsw {
	struct ctrl_xs_op ops[MAX_OPS];
	size_t n;
	char pool[POOL];
	size_t used;
	int rc;
};

static const char *keep(struct xsw *w, const char *s)
{
	size_t len = strlen(s) + 1;
	char *p;

	if (w->used + len > POOL) {
		w->rc = -E2BIG;
		return "";
	}
	p = w->pool + w->used;
	memcpy(p, s, len);
	w->used += len;
	return p;
}

static struct ctrl_xs_op *next_op(struct xsw *w)
{
	if (w->n == MAX_OPS) {
		w->rc = -E2BIG;
		return NULL;
	}
	return memset(&w->ops[w->n++], 0, sizeof(w->ops[0]));
}

static void xw(struct xsw *w, const char *val, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void xw(struct xsw *w, const char *val, const char *fmt, ...)
{
	struct ctrl_xs_op *op = next_op(w);
	char path[256];
	va_list ap;

	if (!op)
		return;
	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	op->kind = CTRL_XS_WRITE;
	op->path = keep(w, path);
	op->value = keep(w, val);
}

static void xperm(struct xsw *w, const char *path, const char *p0,
		  const char *p1)
{
	struct ctrl_xs_op *op = next_op(w);

	if (!op)
		return;
	op->kind = CTRL_XS_PERMS;
	op->path = keep(w, path);
	op->perms[0] = keep(w, p0);
	op->perms[1] = p1 ? keep(w, p1) : NULL;
}

/*
 * The guest's nodes, as libxl lays them out: its directory readable by
 * the guest, the places the guest writes (control/shutdown, feature
 * flags, data ...) owned by it, the rings for xenstored and the console
 * daemon, memory targets for the balloon driver, vCPU availability.
 */
static int write_nodes(struct creator *k, uint32_t tx)
{
	const struct ctrl_domcfg *cfg = k->cfg;
	struct xsw *wp = calloc(1, sizeof(*wp));
	char dom[64], vm[64], p[160], num[32], uuid[37], ro[16], rw[16];
	static const char *const guest_owned[] = {
		"control/shutdown", "control/feature-poweroff",
		"control/feature-reboot", "control/feature-suspend",
		"control/sysrq", "data", "drivers", "feature", "attr", "error",
	};
	struct timespec now;
	unsigned int i;

	int rc;

	if (!wp)
		return -ENOMEM;
#define w (*wp)
	ctrl_uuid_format(k->uuid, uuid);
	snprintf(dom, sizeof(dom), "/local/domain/%u", k->domid);
	snprintf(vm, sizeof(vm), "/vm/%s", uuid);
	snprintf(ro, sizeof(ro), "r%u", k->domid);
	snprintf(rw, sizeof(rw), "n%u", k->domid);

	xw(&w, "", "%s", dom);
	xperm(&w, dom, "n0", ro);
	xw(&w, "", "%s", vm);
	xperm(&w, vm, "n0", ro);
	xw(&w, cfg->name, "%s/name", vm);
	xw(&w, uuid, "%s/uuid", vm);
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(p, sizeof(p), "%lld.%02ld", (long long)now.tv_sec,
		 now.tv_nsec / 10000000);
	xw(&w, p, "%s/start_time", vm);

	xw(&w, cfg->name, "%s/name", dom);
	snprintf(num, sizeof(num), "%u", k->domid);
	xw(&w, num, "%s/domid", dom);
	xw(&w, vm, "%s/vm", dom);
	xw(&w, "", "%s/device", dom);
	xw(&w, "", "%s/control", dom);
	for (i = 0; i < sizeof(guest_owned) / sizeof(guest_owned[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dom, guest_owned[i]);
		xw(&w, "", "%s", p);
		xperm(&w, p, rw, NULL);
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)cfg->maxmem_mb << 10);
	xw(&w, num, "%s/memory/static-max", dom);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)cfg->memory_mb << 10);
	xw(&w, num, "%s/memory/target", dom);
	for (i = 0; i < cfg->maxvcpus; i++)
		xw(&w, i < cfg->vcpus ? "online" : "offline",
		   "%s/cpu/%u/availability", dom, i);

	snprintf(num, sizeof(num), "%u", k->store_port);
	xw(&w, num, "%s/store/port", dom);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)k->built.store_mfn);
	xw(&w, num, "%s/store/ring-ref", dom);

	/* The primary console, for the console daemon (xenconsoled's). */
	snprintf(num, sizeof(num), "%u", k->console_port);
	xw(&w, num, "%s/console/port", dom);
	snprintf(num, sizeof(num), "%llu",
		 (unsigned long long)k->built.console_mfn);
	xw(&w, num, "%s/console/ring-ref", dom);
	xw(&w, "xenconsoled", "%s/console/type", dom);
	xw(&w, "pty", "%s/console/output", dom);
	xw(&w, "1048576", "%s/console/limit", dom);
	xw(&w, "", "%s/console/tty", dom);
#undef w
	rc = wp->rc ? wp->rc : ctrl_xs_batch(k->c->xs, tx, wp->ops, wp->n);
	free(wp);
	return rc;
}

static int publish(struct creator *k, struct ctrl_create_times *times)
{
	int rc = 0, tries;

	if (!k->c->xs)
		return cerr(k, -ENOTCONN, "xenstored is not running");
	for (tries = 0; tries < 20; tries++) {
		uint32_t tx;

		rc = ctrl_xs_tx_start(k->c->xs, &tx);
		if (rc)
			break;
		rc = write_nodes(k, tx);
		rc = ctrl_xs_tx_end(k->c->xs, tx, rc == 0) ?: rc;
		if (rc != -EAGAIN)
			break;
	}
	if (rc)
		return cerr(k, rc, "writing the guest's xenstore nodes: %s",
			    strerror(-rc));
	if (times)
		times->published = since(k);
	rc = ctrl_xs_introduce(k->c->xs, k->domid, k->built.store_mfn,
			       k->store_port);
	if (rc)
		return cerr(k, rc, "introducing the domain to xenstored: %s",
			    strerror(-rc));
	if (times)
		times->introduced = since(k);
	return 0;
}

int ctrl_vm_create(struct ctrl_ctx *c, const struct ctrl_domcfg *cfg,
		   const struct ctrl_create_opts *o, uint32_t *domid,
		   char *err, size_t errlen)
{
	struct creator k = { .c = c, .cfg = cfg, .err = err, .errlen = errlen };
	struct ctrl_create_times *times = o ? o->times : NULL;
	char msg[CTRL_VM_ERRLEN];
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &k.t0);
	if (errlen)
		err[0] = '\0';
	if (cfg->has_uuid)
		memcpy(k.uuid, cfg->uuid, 16);
	else
		uuid_generate(k.uuid);
	rc = name_is_free(&k);
	if (!rc)
		rc = check_memory(&k);
	if (!rc)
		rc = check_images(&k);
	if (rc)
		goto out;
	if (times)
		times->checked = since(&k);
	rc = make_domain(&k);
	if (rc)
		goto out;
	if (times)
		times->created = since(&k);
	rc = limits_and_ports(&k);
	if (!rc)
		rc = build(&k);
	if (!rc && times) {
		times->built = since(&k);
		times->gnttab_seeded = k.built.gnttab_seeded;
	}
	if (!rc)
		rc = publish(&k, times);
	if (!rc) {
		struct ctrl_domcfg stored = *cfg;

		/* Stored with its uuid, so a restart keeps it. */
		stored.has_uuid = true;
		memcpy(stored.uuid, k.uuid, 16);
		/* Only list -l and dumpxml need it: not worth failing. */
		(void)ctrl_vm_save_config(c, k.domid, &stored);
	}
	if (!rc && !(o && o->paused)) {
		rc = ctrl_dom_unpause(c->t, k.domid);
		if (rc)
			cerr(&k, rc, "unpausing: %s", strerror(-rc));
	}
	if (rc) {
		/* Undo everything; keep the first message. */
		ctrl_vm_destroy(c, k.domid, 2000, msg, sizeof(msg));
		goto out;
	}
	if (times)
		times->started = since(&k);
	*domid = k.domid;
out:
	free(k.kernel);
	free(k.ramdisk);
	return rc;
}
