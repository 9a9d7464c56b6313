// SPDX-License-Identifier: GPL-2.0-only
/*
 * Disk spec strings in xl's syntax: comma-separated key=value pairs, flags
 * and the positional parameters target, format, vdev, access. `target=`
 * takes the rest of the string (commas included). The deprecated forms
 * ("phy:/dev/x", "raw:/img,hda,w", "hdc:cdrom") are accepted as xl does.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

enum { POS_TARGET, POS_FORMAT, POS_VDEV, POS_ACCESS, POS_COUNT };

struct dparse {
	struct ctrl_disk *d;
	bool set[POS_COUNT];
	bool depr_prefix; /* target had "phy:" etc.: no format slot */
	bool access_set, devtype_set;
	char *err;
	size_t errlen;
};

static int derr(struct dparse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int derr(struct dparse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int set_str(char **dst, const char *s, size_t n)
{
	char *v = strndup(s, n);

	if (!v)
		return -ENOMEM;
	free(*dst);
	*dst = v;
	return 0;
}

static int parse_format(struct dparse *p, const char *s)
{
	static const struct {
		const char *name;
		enum ctrl_disk_format f;
	} fmts[] = {
		{ "raw", CTRL_DISK_FMT_RAW },	  { "qcow", CTRL_DISK_FMT_QCOW },
		{ "qcow2", CTRL_DISK_FMT_QCOW2 }, { "vhd", CTRL_DISK_FMT_VHD },
		{ "qed", CTRL_DISK_FMT_QED },	  { "empty", CTRL_DISK_FMT_EMPTY },
	};
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (!strcmp(s, fmts[i].name)) {
			p->d->format = fmts[i].f;
			return 0;
		}
	return derr(p, "unknown disk format '%s' (raw, qcow, qcow2, vhd, qed)",
		    s);
}

static int parse_access(struct dparse *p, const char *s)
{
	if (!strcmp(s, "ro") || !strcmp(s, "r"))
		p->d->readonly = true;
	else if (!strcmp(s, "rw") || !strcmp(s, "w"))
		p->d->readonly = false;
	else
		return derr(p, "access '%s' is not ro, r, rw or w", s);
	p->access_set = true;
	return 0;
}

static int parse_backendtype(struct dparse *p, const char *s)
{
	if (!strcmp(s, "phy"))
		p->d->backendtype = CTRL_DISK_BE_PHY;
	else if (!strcmp(s, "qdisk"))
		p->d->backendtype = CTRL_DISK_BE_QDISK;
	else if (!strcmp(s, "tap"))
		p->d->backendtype = CTRL_DISK_BE_TAP;
	else if (!strcmp(s, "standalone"))
		p->d->backendtype = CTRL_DISK_BE_STANDALONE;
	else
		return derr(p, "unknown backendtype '%s' (phy, qdisk, tap, "
			    "standalone)", s);
	return 0;
}

/* xvda, xvdaa12, hdc, sdb3, d0p1 (the Xen-specific numbering). */
static bool vdev_ok(const char *v)
{
	const char *s = v;

	if (!strncmp(s, "xvd", 3))
		s += 3;
	else if (!strncmp(s, "hd", 2) || !strncmp(s, "sd", 2))
		s += 2;
	else if (s[0] == 'd' && s[1] >= '0' && s[1] <= '9') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++;
		if (*s == 'p') {
			s++;
			if (!*s)
				return false;
			while (*s >= '0' && *s <= '9')
				s++;
		}
		return !*s;
	} else {
		return false;
	}
	if (*s < 'a' || *s > 'z')
		return false;
	while (*s >= 'a' && *s <= 'z')
		s++;
	while (*s >= '0' && *s <= '9')
		s++;
	return !*s && strlen(v) <= 16;
}

static int set_vdev(struct dparse *p, const char *s)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	int rc;

	if (colon) {
		/* deprecated "hdc:cdrom" / "xvda:disk" */
		if (!strcmp(colon + 1, "cdrom")) {
			p->d->cdrom = true;
			p->devtype_set = true;
		} else if (strcmp(colon + 1, "disk")) {
			return derr(p, "unknown device type suffix '%s'",
				    colon + 1);
		}
	}
	rc = set_str(&p->d->vdev, s, n);
	if (rc)
		return rc;
	if (!vdev_ok(p->d->vdev))
		return derr(p, "vdev '%s' is not a virtual disk name (xvdX, "
			    "hdX, sdX, dNpN)", p->d->vdev);
	return 0;
}

/* Strip "phy:", "file:", "tap:aio:", "qcow2:" ... from a target. */
static int set_target(struct dparse *p, const char *s, bool positional)
{
	for (;;) {
		const char *colon = strchr(s, ':');
		size_t n = colon ? (size_t)(colon - s) : 0;
		char pre[8];

		if (!colon || n == 0 || n >= sizeof(pre) || !positional)
			break;
		memcpy(pre, s, n);
		pre[n] = '\0';
		if (!strcmp(pre, "phy")) {
			p->d->backendtype = CTRL_DISK_BE_PHY;
		} else if (!strcmp(pre, "tap") || !strcmp(pre, "tap2")) {
			p->d->backendtype = CTRL_DISK_BE_TAP;
		} else if (!strcmp(pre, "file") || !strcmp(pre, "aio")) {
			/* plain file, default format */
		} else if (!strcmp(pre, "raw") || !strcmp(pre, "qcow") ||
			   !strcmp(pre, "qcow2") || !strcmp(pre, "vhd") ||
			   !strcmp(pre, "qed")) {
			int rc = parse_format(p, pre);

			if (rc)
				return rc;
			p->set[POS_FORMAT] = true;
		} else {
			break;
		}
		p->depr_prefix = true;
		s = colon + 1;
	}
	p->set[POS_TARGET] = true;
	if (!*s)
		return 0; /* empty target: an empty cdrom drive */
	return set_str(&p->d->target, s, strlen(s));
}

static int positional(struct dparse *p, const char *s)
{
	int slot;

	for (slot = 0; slot < POS_COUNT; slot++) {
		if (slot == POS_FORMAT && p->depr_prefix)
			continue;
		if (!p->set[slot])
			break;
	}
	if (slot == POS_COUNT)
		return derr(p, "too many positional parameters at '%s'", s);
	p->set[slot] = true;
	if (!*s)
		return 0; /* ",," leaves the parameter at its default */
	switch (slot) {
	case POS_TARGET:
		return set_target(p, s, true);
	case POS_FORMAT:
		return parse_format(p, s);
	case POS_VDEV:
		return set_vdev(p, s);
	default:
		return parse_access(p, s);
	}
}

static int keyword(struct dparse *p, const char *k, const char *v)
{
	if (!strcmp(k, "format")) {
		if (p->set[POS_FORMAT] && p->d->format != CTRL_DISK_FMT_UNSET)
			return derr(p, "format given twice");
		p->set[POS_FORMAT] = true;
		return parse_format(p, v);
	}
	if (!strcmp(k, "vdev")) {
		if (p->d->vdev)
			return derr(p, "vdev given twice");
		p->set[POS_VDEV] = true;
		return set_vdev(p, v);
	}
	if (!strcmp(k, "access")) {
		if (p->access_set)
			return derr(p, "access given twice");
		p->set[POS_ACCESS] = true;
		return parse_access(p, v);
	}
	if (!strcmp(k, "devtype")) {
		if (strcmp(v, "cdrom") && strcmp(v, "disk"))
			return derr(p, "devtype '%s' is not cdrom or disk", v);
		p->d->cdrom = !strcmp(v, "cdrom");
		p->devtype_set = true;
		return 0;
	}
	if (!strcmp(k, "backendtype"))
		return parse_backendtype(p, v);
	if (!strcmp(k, "backend"))
		return set_str(&p->d->backend, v, strlen(v));
	if (!strcmp(k, "script"))
		return set_str(&p->d->script, v, strlen(v));
	return derr(p, "unknown disk parameter '%s'", k);
}

static bool flag(struct dparse *p, const char *s)
{
	if (!strcmp(s, "cdrom")) {
		p->d->cdrom = true;
		p->devtype_set = true;
	} else if (!strcmp(s, "direct-io-safe")) {
		p->d->direct_io_safe = true;
	} else if (!strcmp(s, "discard")) {
		p->d->discard = 1;
	} else if (!strcmp(s, "no-discard")) {
		p->d->discard = 0;
	} else {
		return false;
	}
	return true;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

int ctrl_disk_parse(const char *spec, struct ctrl_disk *d, char *err,
		    size_t errlen)
{
	struct dparse p = { .d = d, .err = err, .errlen = errlen };
	char *copy, *cur;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->discard = -1;
	if (errlen)
		err[0] = '\0';
	copy = strdup(spec);
	if (!copy)
		return derr(&p, "out of memory");
	cur = copy;
	while (!rc && cur) {
		char *comma, *tok, *eq;

		/* target= swallows the rest, commas and all */
		tok = cur;
		while (*tok == ' ' || *tok == '\t')
			tok++;
		if (!strncmp(tok, "target=", 7)) {
			if (p.set[POS_TARGET])
				rc = derr(&p, "target given twice");
			else
				rc = set_target(&p, tok + 7, false);
			break;
		}
		comma = strchr(cur, ',');
		if (comma)
			*comma = '\0';
		tok = trim(cur);
		cur = comma ? comma + 1 : NULL;
		eq = strchr(tok, '=');
		if (eq) {
			*eq = '\0';
			rc = keyword(&p, trim(tok), trim(eq + 1));
		} else if (!flag(&p, tok)) {
			rc = positional(&p, tok);
		}
	}
	free(copy);
	if (rc)
		return rc == -ENOMEM ? derr(&p, "out of memory") : rc;
	if (!d->vdev)
		return derr(&p, "no vdev given (e.g. 'xvda')");
	if (!d->target && !d->cdrom)
		return derr(&p, "no target given");
	if (d->format == CTRL_DISK_FMT_UNSET)
		d->format = d->target ? CTRL_DISK_FMT_RAW : CTRL_DISK_FMT_EMPTY;
	if (d->cdrom && !p.access_set)
		d->readonly = true;
	return 0;
}

static int append(char **buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	p = realloc(*buf, *len + (size_t)n + 1);
	if (!p)
		return -ENOMEM;
	*buf = p;
	va_start(ap, fmt);
	vsnprintf(p + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*len += (size_t)n;
	return 0;
}

char *ctrl_disk_to_spec(const struct ctrl_disk *d)
{
	char *s = NULL;
	size_t n = 0;
	int rc;

	rc = append(&s, &n, "format=%s, vdev=%s, access=%s",
		    ctrl_disk_format_name(d->format), d->vdev ? d->vdev : "",
		    d->readonly ? "ro" : "rw");
	if (!rc && d->cdrom)
		rc = append(&s, &n, ", devtype=cdrom");
	if (!rc && d->backendtype != CTRL_DISK_BE_UNSET)
		rc = append(&s, &n, ", backendtype=%s",
			    ctrl_disk_backendtype_name(d->backendtype));
	if (!rc && d->backend)
		rc = append(&s, &n, ", backend=%s", d->backend);
	if (!rc && d->script)
		rc = append(&s, &n, ", script=%s", d->script);
	if (!rc && d->direct_io_safe)
		rc = append(&s, &n, ", direct-io-safe");
	if (!rc && d->discard >= 0)
		rc = append(&s, &n, ", %s", d->discard ? "discard" : "no-discard");
	if (!rc && d->target)
		rc = append(&s, &n, ", target=%s", d->target);
	if (rc) {
		free(s);
		return NULL;
	}
	return s;
}
