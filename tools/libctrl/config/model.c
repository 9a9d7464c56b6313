// SPDX-License-Identifier: GPL-2.0-only
/*
 * The config model's life cycle and small value types: defaults, freeing,
 * action and format names, MAC and UUID text, the composed kernel command
 * line, and structural equality.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static const char *const action_names[] = {
	[CTRL_ACT_DESTROY] = "destroy",
	[CTRL_ACT_RESTART] = "restart",
	[CTRL_ACT_RENAME_RESTART] = "rename-restart",
	[CTRL_ACT_PRESERVE] = "preserve",
	[CTRL_ACT_COREDUMP_DESTROY] = "coredump-destroy",
	[CTRL_ACT_COREDUMP_RESTART] = "coredump-restart",
	[CTRL_ACT_SOFT_RESET] = "soft-reset",
};

static const char *const format_names[] = {
	[CTRL_DISK_FMT_UNSET] = "raw",	 [CTRL_DISK_FMT_RAW] = "raw",
	[CTRL_DISK_FMT_QCOW] = "qcow",	 [CTRL_DISK_FMT_QCOW2] = "qcow2",
	[CTRL_DISK_FMT_VHD] = "vhd",	 [CTRL_DISK_FMT_QED] = "qed",
	[CTRL_DISK_FMT_EMPTY] = "empty",
};

static const char *const backendtype_names[] = {
	[CTRL_DISK_BE_UNSET] = "", [CTRL_DISK_BE_PHY] = "phy",
	[CTRL_DISK_BE_QDISK] = "qdisk", [CTRL_DISK_BE_TAP] = "tap",
	[CTRL_DISK_BE_STANDALONE] = "standalone",
};

void ctrl_domcfg_init(struct ctrl_domcfg *c)
{
	memset(c, 0, sizeof(*c));
	c->on_poweroff = CTRL_ACT_DESTROY;
	c->on_reboot = CTRL_ACT_RESTART;
	c->on_crash = CTRL_ACT_DESTROY;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
}

void ctrl_disk_free(struct ctrl_disk *d)
{
	free(d->target);
	free(d->vdev);
	free(d->backend);
	free(d->script);
	memset(d, 0, sizeof(*d));
}

void ctrl_vif_free(struct ctrl_vif *v)
{
	free(v->bridge);
	free(v->ip);
	free(v->type);
	free(v->model);
	free(v->vifname);
	free(v->script);
	free(v->backend);
	free(v->gatewaydev);
	free(v->rate);
	memset(v, 0, sizeof(*v));
}

void ctrl_domcfg_free(struct ctrl_domcfg *c)
{
	size_t i;

	free(c->name);
	free(c->kernel);
	free(c->ramdisk);
	free(c->cmdline);
	free(c->root);
	free(c->extra);
	free(c->description);
	for (i = 0; i < c->nr_disks; i++)
		ctrl_disk_free(&c->disks[i]);
	free(c->disks);
	for (i = 0; i < c->nr_vifs; i++)
		ctrl_vif_free(&c->vifs[i]);
	free(c->vifs);
	for (i = 0; i < sizeof(c->files) / sizeof(c->files[0]); i++)
		free(c->files[i]);
	ctrl_domcfg_init(c);
}

char *ctrl_domcfg_cmdline(const struct ctrl_domcfg *c)
{
	const char *root = c->root, *extra = c->extra;
	size_t n;
	char *s;

	if (c->cmdline)
		return strdup(c->cmdline);
	n = (root ? strlen(root) + 6 : 0) + (extra ? strlen(extra) + 1 : 0) + 1;
	s = malloc(n);
	if (!s)
		return NULL;
	snprintf(s, n, "%s%s%s%s", root ? "root=" : "", root ? root : "",
		 root && extra ? " " : "", extra ? extra : "");
	return s;
}

const char *ctrl_action_name(enum ctrl_action a)
{
	if ((unsigned int)a >= sizeof(action_names) / sizeof(action_names[0]))
		return "destroy";
	return action_names[a];
}

int ctrl_action_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (!strcmp(s, action_names[i]))
			return (int)i;
	return -1;
}

const char *ctrl_disk_format_name(enum ctrl_disk_format f)
{
	if ((unsigned int)f >= sizeof(format_names) / sizeof(format_names[0]))
		return "raw";
	return format_names[f];
}

const char *ctrl_disk_backendtype_name(enum ctrl_disk_backendtype b)
{
	if ((unsigned int)b >=
	    sizeof(backendtype_names) / sizeof(backendtype_names[0]))
		return "";
	return backendtype_names[b];
}

const char *ctrl_domname_invalid(const char *s)
{
	bool digits = true;
	size_t i;

	if (!s[0])
		return "is empty";
	if (strlen(s) > 64)
		return "is longer than 64 characters";
	for (i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= ' ' || ch >= 0x7f || ch == '/' || ch == '\\' ||
		    ch == '"' || ch == '\'')
			return "contains a character not allowed in a domain "
			       "name (space, quote, slash or control)";
		if (ch < '0' || ch > '9')
			digits = false;
	}
	if (digits)
		return "is a number and would be taken for a domain id";
	return NULL;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int ctrl_mac_parse(const char *s, uint8_t mac[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		int hi = hexval((unsigned char)s[0]);
		int lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);

		if (lo < 0)
			return -EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (i < 5 && *s++ != ':')
			return -EINVAL;
	}
	return *s ? -EINVAL : 0;
}

void ctrl_mac_format(const uint8_t mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
}

int ctrl_uuid_parse(const char *s, uint8_t uuid[16])
{
	int i, n = 0;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
			continue;
		}
		if (hexval((unsigned char)s[i]) < 0)
			return -EINVAL;
	}
	if (s[36])
		return -EINVAL;
	for (i = 0; i < 36; i++) {
		if (s[i] == '-')
			continue;
		uuid[n / 2] = (uint8_t)((n & 1) ? (uuid[n / 2] | hexval(s[i]))
					       : hexval(s[i]) << 4);
		n++;
	}
	return 0;
}

void ctrl_uuid_format(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool disk_equal(const struct ctrl_disk *a, const struct ctrl_disk *b)
{
	return str_eq(a->target, b->target) && a->format == b->format &&
	       str_eq(a->vdev, b->vdev) && a->readonly == b->readonly &&
	       a->cdrom == b->cdrom && a->backendtype == b->backendtype &&
	       str_eq(a->backend, b->backend) && str_eq(a->script, b->script) &&
	       a->direct_io_safe == b->direct_io_safe &&
	       a->discard == b->discard;
}

static bool vif_equal(const struct ctrl_vif *a, const struct ctrl_vif *b)
{
	return a->has_mac == b->has_mac &&
	       (!a->has_mac || !memcmp(a->mac, b->mac, 6)) &&
	       str_eq(a->bridge, b->bridge) && str_eq(a->ip, b->ip) &&
	       str_eq(a->type, b->type) && str_eq(a->model, b->model) &&
	       str_eq(a->vifname, b->vifname) && str_eq(a->script, b->script) &&
	       str_eq(a->backend, b->backend) &&
	       str_eq(a->gatewaydev, b->gatewaydev) &&
	       a->rate_bytes_per_interval == b->rate_bytes_per_interval &&
	       a->rate_interval_usecs == b->rate_interval_usecs &&
	       a->devid == b->devid && a->mtu == b->mtu;
}

bool ctrl_domcfg_equal(const struct ctrl_domcfg *a, const struct ctrl_domcfg *b)
{
	size_t i;

	if (!str_eq(a->name, b->name) || a->has_uuid != b->has_uuid ||
	    (a->has_uuid && memcmp(a->uuid, b->uuid, 16)) ||
	    a->memory_mb != b->memory_mb || a->maxmem_mb != b->maxmem_mb ||
	    a->vcpus != b->vcpus || a->maxvcpus != b->maxvcpus ||
	    !str_eq(a->kernel, b->kernel) || !str_eq(a->ramdisk, b->ramdisk) ||
	    !str_eq(a->cmdline, b->cmdline) || !str_eq(a->root, b->root) ||
	    !str_eq(a->extra, b->extra) || a->on_poweroff != b->on_poweroff ||
	    a->on_reboot != b->on_reboot || a->on_crash != b->on_crash ||
	    a->nr_disks != b->nr_disks || a->nr_vifs != b->nr_vifs ||
	    a->max_grant_frames != b->max_grant_frames ||
	    a->max_maptrack_frames != b->max_maptrack_frames ||
	    a->max_event_channels != b->max_event_channels ||
	    a->rtc_timeoffset != b->rtc_timeoffset ||
	    a->localtime != b->localtime ||
	    !str_eq(a->description, b->description))
		return false;
	for (i = 0; i < a->nr_disks; i++)
		if (!disk_equal(&a->disks[i], &b->disks[i]))
			return false;
	for (i = 0; i < a->nr_vifs; i++)
		if (!vif_equal(&a->vifs[i], &b->vifs[i]))
			return false;
	return true;
}
