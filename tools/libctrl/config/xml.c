// SPDX-License-Identifier: GPL-2.0-only
/*
 * libvirt-style domain XML (<domain type='xen'>) to and from the config
 * model, with libxml2. Elements the model has no place for are ignored on
 * import (libvirt writes many); values that are present are checked with
 * the same rules as xl.cfg and reported as "file:line: message".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "config.h"

struct ximp {
	struct ctrl_domcfg *c;
	const char *file;
	char *err;
};

static int xfail(struct ximp *x, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int xfail(struct ximp *x, const xmlNode *n, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(x->err, CTRL_CFG_ERRLEN, "%s:%ld: ", x->file,
			 n ? xmlGetLineNo(n) : 0L);

	if (k < 0 || k >= CTRL_CFG_ERRLEN)
		k = 0;
	va_start(ap, fmt);
	vsnprintf(x->err + k, CTRL_CFG_ERRLEN - (size_t)k, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

/* Trimmed text content, malloc'd (libxml's allocator is plain malloc). */
static char *text_of(const xmlNode *n)
{
	char *s = (char *)xmlNodeGetContent(n), *b, *e, *r;

	if (!s)
		return NULL;
	for (b = s; *b == ' ' || *b == '\n' || *b == '\t' || *b == '\r'; b++)
		;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' ||
			 e[-1] == '\r'))
		e--;
	r = strndup(b, (size_t)(e - b));
	xmlFree(s);
	return r;
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *r;

	if (!v)
		return NULL;
	r = strdup((const char *)v);
	xmlFree(v);
	return r;
}

static int take_text(struct ximp *x, const xmlNode *n, char **dst)
{
	char *s = text_of(n);

	if (!s)
		return xfail(x, n, "out of memory");
	free(*dst);
	*dst = s;
	return 0;
}

/* <memory unit='KiB'>N</memory> in MiB, rounded up. */
static int mem_mib(struct ximp *x, const xmlNode *n, uint64_t *out)
{
	static const struct {
		const char *unit;
		unsigned long long bytes;
	} units[] = {
		{ "b", 1 },	       { "bytes", 1 },
		{ "KB", 1000 },	       { "k", 1024 },
		{ "KiB", 1024 },       { "MB", 1000000 },
		{ "M", 1 << 20 },      { "MiB", 1 << 20 },
		{ "GB", 1000000000 },  { "G", 1ULL << 30 },
		{ "GiB", 1ULL << 30 }, { "TB", 1000000000000ULL },
		{ "T", 1ULL << 40 },   { "TiB", 1ULL << 40 },
	};
	char *t = text_of(n), *u = attr(n, "unit"), *end;
	unsigned long long v, mult = 1024;
	size_t i;
	int rc = 0;

	if (!t) {
		rc = xfail(x, n, "out of memory");
		goto out;
	}
	if (u) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(u, units[i].unit))
				break;
		if (i == sizeof(units) / sizeof(units[0])) {
			rc = xfail(x, n, "<%s>: unknown unit '%s'",
				   (const char *)n->name, u);
			goto out;
		}
		mult = units[i].bytes;
	}
	errno = 0;
	v = strtoull(t, &end, 10);
	if (!*t || *end || errno || *t == '-') {
		rc = xfail(x, n, "<%s>: '%s' is not a number",
			   (const char *)n->name, t);
		goto out;
	}
	if (v && mult > ~0ULL / v) {
		rc = xfail(x, n, "<%s>: %s is too large", (const char *)n->name,
			   t);
		goto out;
	}
	v = (v * mult + (1 << 20) - 1) >> 20;
	if (!v || v > (1ULL << 30)) {
		rc = xfail(x, n, "<%s>: %s is out of range",
			   (const char *)n->name, t);
		goto out;
	}
	*out = v;
out:
	free(t);
	free(u);
	return rc;
}

static int uint_of(struct ximp *x, const xmlNode *n, const char *what,
		   const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || *s == '-' || v > max)
		return xfail(x, n, "%s: '%s' is not a number in 1..%lu", what,
			     s, max);
	*out = v;
	return 0;
}

static int imp_vcpu(struct ximp *x, const xmlNode *n)
{
	char *t = text_of(n), *cur = attr(n, "current");
	unsigned long max = 0, now = 0;
	int rc;

	rc = t ? uint_of(x, n, "<vcpu>", t, CTRL_MAX_VCPUS, &max)
	       : xfail(x, n, "out of memory");
	if (!rc && cur)
		rc = uint_of(x, n, "<vcpu current>", cur, CTRL_MAX_VCPUS, &now);
	if (!rc && !max)
		rc = xfail(x, n, "<vcpu>: must be at least 1");
	if (!rc && cur && (!now || now > max))
		rc = xfail(x, n, "<vcpu>: current=%lu must be 1..%lu", now,
			   max);
	if (!rc) {
		x->c->maxvcpus = (unsigned int)max;
		x->c->vcpus = (unsigned int)(cur ? now : max);
	}
	free(t);
	free(cur);
	return rc;
}

static int imp_os(struct ximp *x, const xmlNode *os)
{
	const xmlNode *n;
	int rc = 0;

	for (n = os->children; n && !rc; n = n->next) {
		if (is(n, "type")) {
			char *t = text_of(n);

			if (t && strcmp(t, "linux") && strcmp(t, "xen"))
				rc = xfail(x, n, "<os><type>%s: only PV "
					   "('linux') guests are supported", t);
			free(t);
		} else if (is(n, "kernel")) {
			rc = take_text(x, n, &x->c->kernel);
			x->c->loc[CTRL_KEY_KERNEL].line = (int)xmlGetLineNo(n);
		} else if (is(n, "initrd")) {
			rc = take_text(x, n, &x->c->ramdisk);
			x->c->loc[CTRL_KEY_RAMDISK].line = (int)xmlGetLineNo(n);
		} else if (is(n, "cmdline")) {
			rc = take_text(x, n, &x->c->cmdline);
		}
	}
	return rc;
}

static int imp_action(struct ximp *x, const xmlNode *n, enum ctrl_action *a)
{
	char *t = text_of(n);
	int v = t ? ctrl_action_parse(t) : -1;
	int rc = 0;

	if (v < 0)
		rc = xfail(x, n, "<%s>: unknown action '%s'",
			   (const char *)n->name, t ? t : "");
	else
		*a = (enum ctrl_action)v;
	free(t);
	return rc;
}

/* Build the equivalent xl spec string and let the xl parser judge it. */
static int imp_disk(struct ximp *x, const xmlNode *n)
{
	const xmlNode *src = child(n, "source"), *tgt = child(n, "target"),
		      *drv = child(n, "driver"), *be = child(n, "backenddomain");
	char *device = attr(n, "device");
	char *path = NULL, *dev = tgt ? attr(tgt, "dev") : NULL;
	char *dname = drv ? attr(drv, "name") : NULL;
	char *dtype = drv ? attr(drv, "type") : NULL;
	char *bename = be ? attr(be, "name") : NULL;
	char spec[4096], msg[256];
	struct ctrl_disk *arr;
	const char *bt = NULL;
	int rc = 0, k;

	if (src) {
		path = attr(src, "file");
		if (!path)
			path = attr(src, "dev");
	}
	if (dname) {
		if (!strcmp(dname, "phy"))
			bt = "phy";
		else if (!strcmp(dname, "qemu"))
			bt = "qdisk";
		else if (!strcmp(dname, "tap") || !strcmp(dname, "tap2"))
			bt = "tap";
	}
	k = snprintf(spec, sizeof(spec), "vdev=%s,format=%s,access=%s%s%s%s%s%s%s%s",
		     dev ? dev : "", dtype ? dtype : "raw",
		     child(n, "readonly") ? "ro" : "rw",
		     device && !strcmp(device, "cdrom") ? ",devtype=cdrom" : "",
		     bt ? ",backendtype=" : "", bt ? bt : "",
		     bename ? ",backend=" : "", bename ? bename : "",
		     path ? ",target=" : "", path ? path : "");
	if (k < 0 || (size_t)k >= sizeof(spec)) {
		rc = xfail(x, n, "<disk>: too long");
		goto out;
	}
	arr = realloc(x->c->disks, (x->c->nr_disks + 1) * sizeof(*arr));
	if (!arr) {
		rc = xfail(x, n, "out of memory");
		goto out;
	}
	x->c->disks = arr;
	if (ctrl_disk_parse(spec, &arr[x->c->nr_disks], msg, sizeof(msg))) {
		ctrl_disk_free(&arr[x->c->nr_disks]);
		rc = xfail(x, n, "<disk>: %s", msg);
		goto out;
	}
	x->c->nr_disks++;
out:
	free(device);
	free(path);
	free(dev);
	free(dname);
	free(dtype);
	free(bename);
	return rc;
}

static int vif_set(struct ximp *x, const xmlNode *n, struct ctrl_vif *v,
		   const char *key, const char *val)
{
	char spec[1024], msg[256];
	struct ctrl_vif tmp;

	/* Reuse the vif parser for checking one key at a time. */
	snprintf(spec, sizeof(spec), "%s=%s", key, val);
	if (strchr(val, ','))
		return xfail(x, n, "<interface>: %s '%s' contains a comma",
			     key, val);
	if (ctrl_vif_parse(spec, &tmp, msg, sizeof(msg))) {
		ctrl_vif_free(&tmp);
		return xfail(x, n, "<interface>: %s", msg);
	}
#define MOVE(f)                          \
	if (tmp.f) {                     \
		free(v->f);              \
		v->f = tmp.f;            \
		tmp.f = NULL;            \
	}
	MOVE(bridge) MOVE(ip) MOVE(model) MOVE(vifname) MOVE(script)
	MOVE(backend) MOVE(rate)
#undef MOVE
	if (tmp.has_mac) {
		memcpy(v->mac, tmp.mac, 6);
		v->has_mac = true;
	}
	if (tmp.rate_bytes_per_interval) {
		v->rate_bytes_per_interval = tmp.rate_bytes_per_interval;
		v->rate_interval_usecs = tmp.rate_interval_usecs;
	}
	if (tmp.mtu)
		v->mtu = tmp.mtu;
	ctrl_vif_free(&tmp);
	return 0;
}

static int append_ip(struct ctrl_vif *v, const char *ip)
{
	size_t n = v->ip ? strlen(v->ip) + 1 : 0;
	char *p = realloc(v->ip, n + strlen(ip) + 1);

	if (!p)
		return -ENOMEM;
	if (n)
		p[n - 1] = ' ';
	strcpy(p + n, ip);
	v->ip = p;
	return 0;
}

static int imp_interface(struct ximp *x, const xmlNode *n)
{
	struct ctrl_vif v = { .devid = -1 };
	const xmlNode *c;
	struct ctrl_vif *arr;
	int rc = 0;

	for (c = n->children; c && !rc; c = c->next) {
		const char *key = NULL, *an = NULL;
		char *val;

		if (is(c, "mac"))
			key = "mac", an = "address";
		else if (is(c, "source"))
			key = "bridge", an = "bridge";
		else if (is(c, "script"))
			key = "script", an = "path";
		else if (is(c, "target"))
			key = "vifname", an = "dev";
		else if (is(c, "model"))
			key = "model", an = "type";
		else if (is(c, "backenddomain"))
			key = "backend", an = "name";
		else if (is(c, "mtu"))
			key = "mtu", an = "size";
		else if (is(c, "ip"))
			key = "ip", an = "address";
		else if (is(c, "bandwidth")) {
			const xmlNode *o = child(c, "outbound");
			char rate[64];

			val = o ? attr(o, "average") : NULL;
			if (val) {
				snprintf(rate, sizeof(rate), "%sKB/s", val);
				rc = vif_set(x, o, &v, "rate", rate);
			}
			free(val);
			continue;
		} else {
			continue;
		}
		val = attr(c, an);
		if (!val)
			continue;
		if (!strcmp(key, "ip"))
			rc = append_ip(&v, val) ? xfail(x, c, "out of memory") : 0;
		else
			rc = vif_set(x, c, &v, key, val);
		free(val);
	}
	if (rc)
		goto fail;
	arr = realloc(x->c->vifs, (x->c->nr_vifs + 1) * sizeof(*arr));
	if (!arr) {
		rc = xfail(x, n, "out of memory");
		goto fail;
	}
	x->c->vifs = arr;
	arr[x->c->nr_vifs++] = v;
	return 0;
fail:
	ctrl_vif_free(&v);
	return rc;
}

static int imp_devices(struct ximp *x, const xmlNode *devs)
{
	const xmlNode *n;
	int rc = 0;

	for (n = devs->children; n && !rc; n = n->next) {
		if (is(n, "disk"))
			rc = imp_disk(x, n);
		else if (is(n, "interface"))
			rc = imp_interface(x, n);
	}
	return rc;
}

static int imp_clock(struct ximp *x, const xmlNode *n)
{
	char *off = attr(n, "offset"), *adj = attr(n, "adjustment");
	int rc = 0;

	if (off && !strcmp(off, "localtime")) {
		x->c->localtime = true;
	} else if (off && !strcmp(off, "variable") && adj) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(adj, &end, 10);
		if (!*adj || *end || errno)
			rc = xfail(x, n, "<clock adjustment>: '%s' is not a "
				   "number", adj);
		else
			x->c->rtc_timeoffset = v;
	} else if (off && strcmp(off, "utc") && strcmp(off, "variable")) {
		rc = xfail(x, n, "<clock offset>: '%s' is not utc, localtime "
			   "or variable", off);
	}
	free(off);
	free(adj);
	return rc;
}

static int imp_domain(struct ximp *x, const xmlNode *root)
{
	const xmlNode *n;
	char *type = attr(root, "type");
	bool have_cur = false;
	uint64_t cur = 0;
	int rc = 0;

	if (!is(root, "domain"))
		rc = xfail(x, root, "the root element is <%s>, not <domain>",
			   (const char *)root->name);
	else if (type && strcmp(type, "xen"))
		rc = xfail(x, root, "<domain type='%s'>: only type='xen' is "
			   "supported", type);
	free(type);
	for (n = root->children; n && !rc; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "name")) {
			char *t = text_of(n);
			const char *why = t ? ctrl_domname_invalid(t) : NULL;

			if (!t)
				rc = xfail(x, n, "out of memory");
			else if (why)
				rc = xfail(x, n, "<name>: '%s' %s", t, why);
			if (!rc) {
				free(x->c->name);
				x->c->name = t;
				x->c->loc[CTRL_KEY_NAME].line =
					(int)xmlGetLineNo(n);
			} else {
				free(t);
			}
		} else if (is(n, "uuid")) {
			char *t = text_of(n);

			if (!t || ctrl_uuid_parse(t, x->c->uuid))
				rc = xfail(x, n, "<uuid>: '%s' is not a UUID",
					   t ? t : "");
			x->c->has_uuid = !rc;
			free(t);
		} else if (is(n, "description")) {
			rc = take_text(x, n, &x->c->description);
		} else if (is(n, "memory") || is(n, "maxMemory")) {
			if (is(n, "memory"))
				rc = mem_mib(x, n, &x->c->maxmem_mb);
			x->c->loc[CTRL_KEY_MAXMEM].line = (int)xmlGetLineNo(n);
		} else if (is(n, "currentMemory")) {
			rc = mem_mib(x, n, &cur);
			have_cur = true;
			x->c->loc[CTRL_KEY_MEMORY].line = (int)xmlGetLineNo(n);
		} else if (is(n, "vcpu")) {
			rc = imp_vcpu(x, n);
		} else if (is(n, "os")) {
			rc = imp_os(x, n);
		} else if (is(n, "on_poweroff")) {
			rc = imp_action(x, n, &x->c->on_poweroff);
		} else if (is(n, "on_reboot")) {
			rc = imp_action(x, n, &x->c->on_reboot);
		} else if (is(n, "on_crash")) {
			rc = imp_action(x, n, &x->c->on_crash);
		} else if (is(n, "clock")) {
			rc = imp_clock(x, n);
		} else if (is(n, "devices")) {
			rc = imp_devices(x, n);
		}
	}
	if (rc)
		return rc;
	if (!x->c->name)
		return xfail(x, root, "<domain> has no <name>");
	if (!x->c->kernel)
		return xfail(x, root, "<domain> has no <os><kernel> (a PV "
			     "guest needs one)");
	if (!x->c->maxmem_mb)
		x->c->maxmem_mb = have_cur ? cur : CTRL_DEFAULT_MEMORY_MB;
	x->c->memory_mb = have_cur ? cur : x->c->maxmem_mb;
	if (x->c->memory_mb > x->c->maxmem_mb)
		return xfail(x, root, "<currentMemory> is larger than <memory>");
	if (!x->c->maxvcpus)
		x->c->maxvcpus = x->c->vcpus = 1;
	return 0;
}

struct xml_errs {
	char *err;
	const char *file;
	bool set;
};

static void xml_error(void *ctx, xmlErrorPtr e)
{
	struct xml_errs *xe = ctx;
	size_t n;

	if (xe->set || !e || e->level < XML_ERR_ERROR)
		return;
	xe->set = true;
	snprintf(xe->err, CTRL_CFG_ERRLEN, "%s:%d: %s", xe->file, e->line,
		 e->message ? e->message : "XML error");
	n = strlen(xe->err);
	while (n && xe->err[n - 1] == '\n')
		xe->err[--n] = '\0';
}

int ctrl_xml_parse(struct ctrl_domcfg *out, const char *file,
		   const char *text, size_t len, char err[CTRL_CFG_ERRLEN])
{
	struct xml_errs xe = { .err = err, .file = file };
	struct ximp x = { .c = out, .file = file, .err = err };
	xmlParserCtxtPtr ctx;
	xmlDocPtr doc;
	int rc;

	ctrl_domcfg_init(out);
	err[0] = '\0';
	if (len > (1 << 24) || len > (size_t)0x7fffffff) {
		snprintf(err, CTRL_CFG_ERRLEN, "%s: too large", file);
		return -EINVAL;
	}
	ctx = xmlNewParserCtxt();
	if (!ctx) {
		snprintf(err, CTRL_CFG_ERRLEN, "%s: out of memory", file);
		return -ENOMEM;
	}
	xmlSetStructuredErrorFunc(&xe, xml_error);
	/* No network, no external entities, no DTD loading. */
	doc = xmlCtxtReadMemory(ctx, text, (int)len, file, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
					XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || !xmlDocGetRootElement(doc)) {
		if (!xe.set)
			snprintf(err, CTRL_CFG_ERRLEN, "%s: not an XML document",
				 file);
		rc = -EINVAL;
		goto out;
	}
	rc = imp_domain(&x, xmlDocGetRootElement(doc));
	if (!rc) {
		/* Remember where the settings came from, for later messages. */
		size_t i;

		out->files[0] = strdup(file);
		for (i = 0; i < CTRL_KEY_COUNT; i++)
			out->loc[i].file = out->files[0] ? out->files[0] : "?";
	}
out:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Export                                                             */
/* ---------------------------------------------------------------- */

static xmlNodePtr add(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
			       (const xmlChar *)text);
}

static void prop(xmlNodePtr n, const char *name, const char *val)
{
	xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)val);
}

static void exp_disk(xmlNodePtr devs, const struct ctrl_disk *d)
{
	xmlNodePtr n = add(devs, "disk", NULL), c;
	const char *drv = "qemu";

	prop(n, "type", d->backendtype == CTRL_DISK_BE_PHY ? "block" : "file");
	prop(n, "device", d->cdrom ? "cdrom" : "disk");
	if (d->backendtype == CTRL_DISK_BE_PHY)
		drv = "phy";
	else if (d->backendtype == CTRL_DISK_BE_TAP)
		drv = "tap";
	else if (d->backendtype == CTRL_DISK_BE_UNSET)
		drv = NULL;
	c = add(n, "driver", NULL);
	if (drv)
		prop(c, "name", drv);
	prop(c, "type", ctrl_disk_format_name(d->format));
	if (d->target) {
		c = add(n, "source", NULL);
		prop(c, d->backendtype == CTRL_DISK_BE_PHY ? "dev" : "file",
		     d->target);
	}
	if (d->backend) {
		c = add(n, "backenddomain", NULL);
		prop(c, "name", d->backend);
	}
	c = add(n, "target", NULL);
	prop(c, "dev", d->vdev);
	prop(c, "bus", "xen");
	if (d->readonly)
		add(n, "readonly", NULL);
}

static void exp_vif(xmlNodePtr devs, const struct ctrl_vif *v)
{
	xmlNodePtr n = add(devs, "interface", NULL), c;
	char buf[64];

	prop(n, "type", v->bridge ? "bridge" : "ethernet");
	if (v->has_mac) {
		ctrl_mac_format(v->mac, buf);
		prop(add(n, "mac", NULL), "address", buf);
	}
	if (v->bridge)
		prop(add(n, "source", NULL), "bridge", v->bridge);
	if (v->ip) {
		char *ips = strdup(v->ip), *tok, *save = NULL;

		for (tok = ips ? strtok_r(ips, " ", &save) : NULL; tok;
		     tok = strtok_r(NULL, " ", &save))
			prop(add(n, "ip", NULL), "address", tok);
		free(ips);
	}
	if (v->script)
		prop(add(n, "script", NULL), "path", v->script);
	if (v->vifname)
		prop(add(n, "target", NULL), "dev", v->vifname);
	if (v->model)
		prop(add(n, "model", NULL), "type", v->model);
	if (v->backend)
		prop(add(n, "backenddomain", NULL), "name", v->backend);
	if (v->mtu) {
		snprintf(buf, sizeof(buf), "%u", v->mtu);
		prop(add(n, "mtu", NULL), "size", buf);
	}
	if (v->rate_bytes_per_interval && v->rate_interval_usecs) {
		unsigned long long bps = v->rate_bytes_per_interval * 1000000ULL /
					 v->rate_interval_usecs;

		c = add(add(n, "bandwidth", NULL), "outbound", NULL);
		snprintf(buf, sizeof(buf), "%llu", bps / 1000);
		prop(c, "average", buf);
	}
}

char *ctrl_domcfg_to_xml(const struct ctrl_domcfg *c, int domid)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root, n, os, devs;
	xmlChar *mem = NULL;
	char buf[64], *cmd, *out = NULL;
	int len = 0;
	size_t i;

	if (!doc)
		return NULL;
	root = xmlNewNode(NULL, (const xmlChar *)"domain");
	xmlDocSetRootElement(doc, root);
	prop(root, "type", "xen");
	if (domid >= 0) {
		snprintf(buf, sizeof(buf), "%d", domid);
		prop(root, "id", buf);
	}
	add(root, "name", c->name);
	if (c->has_uuid) {
		ctrl_uuid_format(c->uuid, buf);
		add(root, "uuid", buf);
	}
	if (c->description)
		add(root, "description", c->description);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)c->maxmem_mb * 1024);
	prop(add(root, "memory", buf), "unit", "KiB");
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)c->memory_mb * 1024);
	prop(add(root, "currentMemory", buf), "unit", "KiB");
	snprintf(buf, sizeof(buf), "%u", c->maxvcpus);
	n = add(root, "vcpu", buf);
	prop(n, "placement", "static");
	snprintf(buf, sizeof(buf), "%u", c->vcpus);
	prop(n, "current", buf);
	os = add(root, "os", NULL);
	n = add(os, "type", "linux");
	prop(n, "arch", "x86_64");
	prop(n, "machine", "xenpv");
	if (c->kernel)
		add(os, "kernel", c->kernel);
	if (c->ramdisk)
		add(os, "initrd", c->ramdisk);
	cmd = ctrl_domcfg_cmdline(c);
	if (cmd && *cmd)
		add(os, "cmdline", cmd);
	free(cmd);
	n = add(root, "clock", NULL);
	if (c->localtime) {
		prop(n, "offset", "localtime");
	} else if (c->rtc_timeoffset) {
		prop(n, "offset", "variable");
		snprintf(buf, sizeof(buf), "%lld", (long long)c->rtc_timeoffset);
		prop(n, "adjustment", buf);
	} else {
		prop(n, "offset", "utc");
	}
	add(root, "on_poweroff", ctrl_action_name(c->on_poweroff));
	add(root, "on_reboot", ctrl_action_name(c->on_reboot));
	add(root, "on_crash", ctrl_action_name(c->on_crash));
	devs = add(root, "devices", NULL);
	for (i = 0; i < c->nr_disks; i++)
		exp_disk(devs, &c->disks[i]);
	for (i = 0; i < c->nr_vifs; i++)
		exp_vif(devs, &c->vifs[i]);
	n = add(devs, "console", NULL);
	prop(n, "type", "pty");
	n = add(n, "target", NULL);
	prop(n, "type", "xen");
	prop(n, "port", "0");

	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (mem) {
		/* Drop the XML declaration line, as libvirt's dumpxml does. */
		const char *s = (const char *)mem;

		if (!strncmp(s, "<?xml", 5) && strchr(s, '\n'))
			s = strchr(s, '\n') + 1;
		out = strdup(s);
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	return out;
}
