// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writing the config model back out: as xl.cfg text that re-parses to the
 * same model (stored per domain, shown by `xl create --dry-run`), and as
 * JSON shaped like libxl's domain configuration (`xl list -l`).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct sbuf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void sb_add(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t ncap = (b->len + (size_t)n + 1) * 2;
		char *p = realloc(b->s, ncap);

		if (!p) {
			b->failed = true;
			return;
		}
		b->s = p;
		b->cap = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static char *sb_done(struct sbuf *b)
{
	if (b->failed || !b->s) {
		free(b->s);
		return b->failed ? NULL : strdup("");
	}
	return b->s;
}

/* A double-quoted xl.cfg string: \\, \", and \xHH for control bytes. */
static void sb_cfgstr(struct sbuf *b, const char *s)
{
	sb_add(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"')
			sb_add(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			sb_add(b, "\\x%02x", c);
		else
			sb_add(b, "%c", c);
	}
	sb_add(b, "\"");
}

static void sb_jsonstr(struct sbuf *b, const char *s)
{
	sb_add(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"')
			sb_add(b, "\\%c", c);
		else if (c == '\n')
			sb_add(b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			sb_add(b, "\\u%04x", c);
		else
			sb_add(b, "%c", c);
	}
	sb_add(b, "\"");
}

/*
 * A device list ("disk = [ 'spec', ... ]") in xl.cfg syntax: each entry is
 * turned back into the spec string the user would have written.
 */
typedef char *(*spec_fn)(const void *dev);

static char *disk_spec(const void *d)
{
	return ctrl_disk_to_spec(d);
}

static char *vif_spec(const void *v)
{
	return ctrl_vif_to_spec(v);
}

static void sb_speclist(struct sbuf *b, const char *key, const void *devs,
			size_t size, size_t n, spec_fn to_spec)
{
	size_t i;

	if (!n)
		return;
	sb_add(b, "%s = [\n", key);
	for (i = 0; i < n; i++) {
		char *s = to_spec((const char *)devs + i * size);

		if (!s) {
			b->failed = true;
			break;
		}
		sb_add(b, "    ");
		sb_cfgstr(b, s);
		sb_add(b, ",\n");
		free(s);
	}
	sb_add(b, "]\n");
}

char *ctrl_domcfg_to_cfg(const struct ctrl_domcfg *c)
{
	struct sbuf b = { 0 };
	char uuid[37];

#define STR(key, val)                        \
	do {                                 \
		if (val) {                   \
			sb_add(&b, key " = "); \
			sb_cfgstr(&b, val);  \
			sb_add(&b, "\n");    \
		}                            \
	} while (0)

	STR("name", c->name);
	if (c->has_uuid) {
		ctrl_uuid_format(c->uuid, uuid);
		sb_add(&b, "uuid = \"%s\"\n", uuid);
	}
	STR("description", c->description);
	sb_add(&b, "memory = %llu\nmaxmem = %llu\n",
	       (unsigned long long)c->memory_mb,
	       (unsigned long long)c->maxmem_mb);
	sb_add(&b, "vcpus = %u\nmaxvcpus = %u\n", c->vcpus, c->maxvcpus);
	STR("kernel", c->kernel);
	STR("ramdisk", c->ramdisk);
	STR("cmdline", c->cmdline);
	STR("root", c->root);
	STR("extra", c->extra);
	sb_add(&b, "on_poweroff = \"%s\"\non_reboot = \"%s\"\non_crash = \"%s\"\n",
	       ctrl_action_name(c->on_poweroff), ctrl_action_name(c->on_reboot),
	       ctrl_action_name(c->on_crash));
	if (c->max_grant_frames >= 0)
		sb_add(&b, "max_grant_frames = %d\n", c->max_grant_frames);
	if (c->max_maptrack_frames >= 0)
		sb_add(&b, "max_maptrack_frames = %d\n", c->max_maptrack_frames);
	if (c->max_event_channels)
		sb_add(&b, "max_event_channels = %u\n", c->max_event_channels);
	if (c->rtc_timeoffset)
		sb_add(&b, "rtc_timeoffset = %lld\n",
		       (long long)c->rtc_timeoffset);
	if (c->localtime)
		sb_add(&b, "localtime = 1\n");
	sb_speclist(&b, "disk", c->disks, sizeof(*c->disks), c->nr_disks,
		    disk_spec);
	sb_speclist(&b, "vif", c->vifs, sizeof(*c->vifs), c->nr_vifs,
		    vif_spec);
#undef STR
	return sb_done(&b);
}

static void indent(struct sbuf *b, int ind, int level)
{
	if (ind > 0)
		sb_add(b, "\n%*s", ind * level, "");
}

static void jkey(struct sbuf *b, int ind, int level, bool *first,
		 const char *key)
{
	sb_add(b, *first ? "" : ",");
	*first = false;
	indent(b, ind, level);
	sb_jsonstr(b, key);
	sb_add(b, ind > 0 ? ": " : ":");
}

static void jstr(struct sbuf *b, int ind, int lv, bool *first,
		 const char *key, const char *val)
{
	if (!val)
		return;
	jkey(b, ind, lv, first, key);
	sb_jsonstr(b, val);
}

static void jnum(struct sbuf *b, int ind, int lv, bool *first,
		 const char *key, long long val)
{
	jkey(b, ind, lv, first, key);
	sb_add(b, "%lld", val);
}

static void json_disk(struct sbuf *b, int ind, int lv,
		      const struct ctrl_disk *d)
{
	bool f = true;

	sb_add(b, "{");
	jstr(b, ind, lv + 1, &f, "pdev_path", d->target);
	jstr(b, ind, lv + 1, &f, "vdev", d->vdev);
	jstr(b, ind, lv + 1, &f, "format", ctrl_disk_format_name(d->format));
	if (d->backendtype != CTRL_DISK_BE_UNSET)
		jstr(b, ind, lv + 1, &f, "backend",
		     ctrl_disk_backendtype_name(d->backendtype));
	jstr(b, ind, lv + 1, &f, "backend_domname", d->backend);
	jstr(b, ind, lv + 1, &f, "script", d->script);
	jnum(b, ind, lv + 1, &f, "readwrite", !d->readonly);
	jnum(b, ind, lv + 1, &f, "is_cdrom", d->cdrom);
	indent(b, ind, lv);
	sb_add(b, "}");
}

static void json_vif(struct sbuf *b, int ind, int lv, const struct ctrl_vif *v,
		     size_t pos)
{
	bool f = true;
	char mac[18];

	sb_add(b, "{");
	jnum(b, ind, lv + 1, &f, "devid", v->devid >= 0 ? v->devid : (long long)pos);
	if (v->has_mac) {
		ctrl_mac_format(v->mac, mac);
		jstr(b, ind, lv + 1, &f, "mac", mac);
	}
	jstr(b, ind, lv + 1, &f, "bridge", v->bridge);
	jstr(b, ind, lv + 1, &f, "ip", v->ip);
	jstr(b, ind, lv + 1, &f, "model", v->model);
	jstr(b, ind, lv + 1, &f, "ifname", v->vifname);
	jstr(b, ind, lv + 1, &f, "script", v->script);
	jstr(b, ind, lv + 1, &f, "backend_domname", v->backend);
	jstr(b, ind, lv + 1, &f, "gatewaydev", v->gatewaydev);
	if (v->rate) {
		jnum(b, ind, lv + 1, &f, "rate_bytes_per_interval",
		     (long long)v->rate_bytes_per_interval);
		jnum(b, ind, lv + 1, &f, "rate_interval_usecs",
		     v->rate_interval_usecs);
	}
	if (v->mtu)
		jnum(b, ind, lv + 1, &f, "mtu", v->mtu);
	indent(b, ind, lv);
	sb_add(b, "}");
}

char *ctrl_domcfg_to_json(const struct ctrl_domcfg *c, int ind)
{
	struct sbuf b = { 0 };
	bool f0 = true, f1, f2;
	char uuid[37];
	char *cmd = ctrl_domcfg_cmdline(c);
	size_t i;

	if (!cmd)
		return NULL;
	sb_add(&b, "{");
	jkey(&b, ind, 1, &f0, "c_info");
	sb_add(&b, "{");
	f1 = true;
	jstr(&b, ind, 2, &f1, "type", "pv");
	jstr(&b, ind, 2, &f1, "name", c->name);
	if (c->has_uuid) {
		ctrl_uuid_format(c->uuid, uuid);
		jstr(&b, ind, 2, &f1, "uuid", uuid);
	}
	indent(&b, ind, 1);
	sb_add(&b, "}");

	jkey(&b, ind, 1, &f0, "b_info");
	sb_add(&b, "{");
	f1 = true;
	jnum(&b, ind, 2, &f1, "max_vcpus", c->maxvcpus);
	jnum(&b, ind, 2, &f1, "avail_vcpus", c->vcpus);
	jnum(&b, ind, 2, &f1, "max_memkb", (long long)c->maxmem_mb * 1024);
	jnum(&b, ind, 2, &f1, "target_memkb", (long long)c->memory_mb * 1024);
	if (c->max_grant_frames >= 0)
		jnum(&b, ind, 2, &f1, "max_grant_frames", c->max_grant_frames);
	if (c->max_maptrack_frames >= 0)
		jnum(&b, ind, 2, &f1, "max_maptrack_frames",
		     c->max_maptrack_frames);
	if (c->max_event_channels)
		jnum(&b, ind, 2, &f1, "event_channels", c->max_event_channels);
	if (c->rtc_timeoffset)
		jnum(&b, ind, 2, &f1, "rtc_timeoffset", (long long)c->rtc_timeoffset);
	if (c->localtime)
		jnum(&b, ind, 2, &f1, "localtime", 1);
	jkey(&b, ind, 2, &f1, "type.pv");
	sb_add(&b, "{");
	f2 = true;
	jstr(&b, ind, 3, &f2, "kernel", c->kernel);
	jstr(&b, ind, 3, &f2, "ramdisk", c->ramdisk);
	jstr(&b, ind, 3, &f2, "cmdline", cmd);
	indent(&b, ind, 2);
	sb_add(&b, "}");
	indent(&b, ind, 1);
	sb_add(&b, "}");

	jkey(&b, ind, 1, &f0, "disks");
	sb_add(&b, "[");
	for (i = 0; i < c->nr_disks; i++) {
		sb_add(&b, i ? "," : "");
		indent(&b, ind, 2);
		json_disk(&b, ind, 2, &c->disks[i]);
	}
	if (c->nr_disks)
		indent(&b, ind, 1);
	sb_add(&b, "]");

	jkey(&b, ind, 1, &f0, "nics");
	sb_add(&b, "[");
	for (i = 0; i < c->nr_vifs; i++) {
		sb_add(&b, i ? "," : "");
		indent(&b, ind, 2);
		json_vif(&b, ind, 2, &c->vifs[i], i);
	}
	if (c->nr_vifs)
		indent(&b, ind, 1);
	sb_add(&b, "]");

	jstr(&b, ind, 1, &f0, "on_poweroff", ctrl_action_name(c->on_poweroff));
	jstr(&b, ind, 1, &f0, "on_reboot", ctrl_action_name(c->on_reboot));
	jstr(&b, ind, 1, &f0, "on_crash", ctrl_action_name(c->on_crash));
	indent(&b, ind, 0);
	sb_add(&b, "}");
	free(cmd);
	return sb_done(&b);
}
