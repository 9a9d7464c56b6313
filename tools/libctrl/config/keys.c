// SPDX-License-Identifier: GPL-2.0-only
/*
 * Meaning of the xl.cfg keys: a table from key name to a handler that
 * checks the value and stores it in the model, then whole-config rules
 * (required keys, maxmem >= memory ...). Settings are applied in order, so
 * a later one (and every command-line override) wins.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "syntax.h"

struct apply {
	struct ctrl_domcfg *c;
	const struct cfg_setting *st;
	char *err;
	size_t errlen;
	bool have_maxmem, have_maxvcpus;
};

static int fail(struct apply *a, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct apply *a, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(a->err, a->errlen, "%s:%d: %s: ", a->st->file, line,
		     a->st->key);
	if (n < 0 || (size_t)n >= a->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(a->err + n, a->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int need_atom(struct apply *a)
{
	if (a->st->is_list)
		return fail(a, a->st->line, "expected a single value, not a list");
	if (a->st->append)
		return fail(a, a->st->line, "'+=' only applies to lists");
	return 0;
}

static int get_string(struct apply *a, char **dst, bool allow_empty)
{
	char *s;

	if (need_atom(a))
		return -EINVAL;
	if (!a->st->atom.quoted)
		return fail(a, a->st->line,
			    "expected a quoted string, found %s",
			    a->st->atom.text);
	if (!allow_empty && !a->st->atom.text[0])
		return fail(a, a->st->line, "must not be empty");
	s = strdup(a->st->atom.text);
	if (!s)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

/* Whole-string integer in C syntax (strtol base 0, as xl reads numbers). */
static int get_number(struct apply *a, long long min, long long max,
		      long long *out)
{
	const char *t;
	char *end;
	long long v;

	if (need_atom(a))
		return -EINVAL;
	t = a->st->atom.text;
	errno = 0;
	v = strtoll(t, &end, 0);
	if (!t[0] || *end || end == t)
		return fail(a, a->st->line, "'%s' is not a number", t);
	if (errno == ERANGE || v < min || v > max)
		return fail(a, a->st->line, "%s is out of range (%lld..%lld)",
			    t, min, max);
	*out = v;
	return 0;
}

static int k_name(struct apply *a)
{
	const char *why;
	int rc = get_string(a, &a->c->name, false);

	if (rc)
		return rc;
	why = ctrl_domname_invalid(a->c->name);
	if (why)
		return fail(a, a->st->line, "'%s' %s", a->c->name, why);
	return 0;
}

static int k_uuid(struct apply *a)
{
	if (need_atom(a))
		return -EINVAL;
	if (ctrl_uuid_parse(a->st->atom.text, a->c->uuid))
		return fail(a, a->st->line,
			    "'%s' is not a UUID "
			    "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
			    a->st->atom.text);
	a->c->has_uuid = true;
	return 0;
}

static int k_memory(struct apply *a)
{
	long long v;
	int rc = get_number(a, 1, 1LL << 30, &v);

	if (!rc)
		a->c->memory_mb = (uint64_t)v;
	return rc;
}

static int k_maxmem(struct apply *a)
{
	long long v;
	int rc = get_number(a, 1, 1LL << 30, &v);

	if (!rc) {
		a->c->maxmem_mb = (uint64_t)v;
		a->have_maxmem = true;
	}
	return rc;
}

static int k_vcpus(struct apply *a)
{
	long long v;
	int rc = get_number(a, 1, CTRL_MAX_VCPUS, &v);

	if (!rc)
		a->c->vcpus = (unsigned int)v;
	return rc;
}

static int k_maxvcpus(struct apply *a)
{
	long long v;
	int rc = get_number(a, 1, CTRL_MAX_VCPUS, &v);

	if (!rc) {
		a->c->maxvcpus = (unsigned int)v;
		a->have_maxvcpus = true;
	}
	return rc;
}

static int k_kernel(struct apply *a)
{
	return get_string(a, &a->c->kernel, false);
}

static int k_ramdisk(struct apply *a)
{
	return get_string(a, &a->c->ramdisk, false);
}

static int k_cmdline(struct apply *a)
{
	return get_string(a, &a->c->cmdline, true);
}

static int k_root(struct apply *a)
{
	return get_string(a, &a->c->root, true);
}

static int k_extra(struct apply *a)
{
	return get_string(a, &a->c->extra, true);
}

static int k_description(struct apply *a)
{
	return get_string(a, &a->c->description, true);
}

static int get_action(struct apply *a, enum ctrl_action *dst)
{
	int v;

	if (need_atom(a))
		return -EINVAL;
	v = ctrl_action_parse(a->st->atom.text);
	if (v < 0)
		return fail(a, a->st->line,
			    "unknown action '%s' (destroy, restart, "
			    "rename-restart, preserve, coredump-destroy, "
			    "coredump-restart, soft-reset)",
			    a->st->atom.text);
	*dst = (enum ctrl_action)v;
	return 0;
}

static int k_on_poweroff(struct apply *a)
{
	return get_action(a, &a->c->on_poweroff);
}

static int k_on_reboot(struct apply *a)
{
	return get_action(a, &a->c->on_reboot);
}

static int k_on_crash(struct apply *a)
{
	return get_action(a, &a->c->on_crash);
}

static int need_list(struct apply *a)
{
	if (!a->st->is_list)
		return fail(a, a->st->line,
			    "expected a list [ '...', ... ], found %s",
			    a->st->atom.text);
	return 0;
}

static int k_disk(struct apply *a)
{
	struct ctrl_domcfg *c = a->c;
	struct ctrl_disk *arr;
	size_t i, base;
	char msg[256];

	if (need_list(a))
		return -EINVAL;
	if (!a->st->append) {
		for (i = 0; i < c->nr_disks; i++)
			ctrl_disk_free(&c->disks[i]);
		c->nr_disks = 0;
	}
	base = c->nr_disks;
	arr = realloc(c->disks, (base + a->st->nr_items + 1) * sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	c->disks = arr;
	for (i = 0; i < a->st->nr_items; i++) {
		const struct cfg_atom *it = &a->st->items[i];
		size_t j;

		if (ctrl_disk_parse(it->text, &arr[base + i], msg,
				    sizeof(msg))) {
			ctrl_disk_free(&arr[base + i]);
			return fail(a, it->line, "'%s': %s", it->text, msg);
		}
		c->nr_disks++;
		for (j = 0; j < base + i; j++)
			if (!strcmp(arr[j].vdev, arr[base + i].vdev))
				return fail(a, it->line,
					    "'%s': vdev %s is used twice",
					    it->text, arr[j].vdev);
	}
	return 0;
}

static int k_vif(struct apply *a)
{
	struct ctrl_domcfg *c = a->c;
	struct ctrl_vif *arr;
	size_t i, base;
	char msg[256];

	if (need_list(a))
		return -EINVAL;
	if (!a->st->append) {
		for (i = 0; i < c->nr_vifs; i++)
			ctrl_vif_free(&c->vifs[i]);
		c->nr_vifs = 0;
	}
	base = c->nr_vifs;
	arr = realloc(c->vifs, (base + a->st->nr_items + 1) * sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	c->vifs = arr;
	for (i = 0; i < a->st->nr_items; i++) {
		const struct cfg_atom *it = &a->st->items[i];

		if (ctrl_vif_parse(it->text, &arr[base + i], msg,
				   sizeof(msg))) {
			ctrl_vif_free(&arr[base + i]);
			return fail(a, it->line, "'%s': %s", it->text, msg);
		}
		c->nr_vifs++;
	}
	return 0;
}

/* type= and builder=: only PV guests are built by this toolstack. */
static int k_type(struct apply *a)
{
	const char *t;

	if (need_atom(a))
		return -EINVAL;
	t = a->st->atom.text;
	if (!strcmp(t, "pv") || !strcmp(t, "generic") || !strcmp(t, "linux"))
		return 0;
	if (!strcmp(t, "pvh") || !strcmp(t, "hvm"))
		return fail(a, a->st->line,
			    "'%s' guests are not supported yet (only pv)", t);
	return fail(a, a->st->line, "unknown guest type '%s'", t);
}

static int k_bootloader(struct apply *a)
{
	return fail(a, a->st->line,
		    "bootloaders are not supported: give kernel= (and "
		    "ramdisk=) instead");
}

static int k_max_grant_frames(struct apply *a)
{
	long long v;
	int rc = get_number(a, 1, 1 << 20, &v);

	if (!rc)
		a->c->max_grant_frames = (int)v;
	return rc;
}

static int k_max_maptrack_frames(struct apply *a)
{
	long long v;
	int rc = get_number(a, 0, 1 << 20, &v);

	if (!rc)
		a->c->max_maptrack_frames = (int)v;
	return rc;
}

static int k_max_event_channels(struct apply *a)
{
	long long v;
	int rc = get_number(a, 1, 131071, &v);

	if (!rc)
		a->c->max_event_channels = (unsigned int)v;
	return rc;
}

static int k_rtc_timeoffset(struct apply *a)
{
	long long v;
	int rc = get_number(a, -(1LL << 40), 1LL << 40, &v);

	if (!rc)
		a->c->rtc_timeoffset = v;
	return rc;
}

static int k_localtime(struct apply *a)
{
	long long v;
	int rc = get_number(a, 0, 1, &v);

	if (!rc)
		a->c->localtime = v;
	return rc;
}

struct key_desc {
	const char *name;
	int (*fn)(struct apply *a);
	int loc; /* enum ctrl_cfg_key or -1 */
};

static const struct key_desc keys[] = {
	{ "name", k_name, CTRL_KEY_NAME },
	{ "uuid", k_uuid, CTRL_KEY_UUID },
	{ "memory", k_memory, CTRL_KEY_MEMORY },
	{ "maxmem", k_maxmem, CTRL_KEY_MAXMEM },
	{ "vcpus", k_vcpus, CTRL_KEY_VCPUS },
	{ "maxvcpus", k_maxvcpus, CTRL_KEY_MAXVCPUS },
	{ "kernel", k_kernel, CTRL_KEY_KERNEL },
	{ "ramdisk", k_ramdisk, CTRL_KEY_RAMDISK },
	{ "cmdline", k_cmdline, CTRL_KEY_CMDLINE },
	{ "extra", k_extra, CTRL_KEY_CMDLINE },
	{ "root", k_root, CTRL_KEY_CMDLINE },
	{ "on_poweroff", k_on_poweroff, -1 },
	{ "on_reboot", k_on_reboot, -1 },
	{ "on_crash", k_on_crash, -1 },
	{ "disk", k_disk, CTRL_KEY_DISK },
	{ "vif", k_vif, CTRL_KEY_VIF },
	{ "type", k_type, -1 },
	{ "builder", k_type, -1 },
	{ "bootloader", k_bootloader, -1 },
	{ "max_grant_frames", k_max_grant_frames, -1 },
	{ "max_maptrack_frames", k_max_maptrack_frames, -1 },
	{ "max_event_channels", k_max_event_channels, -1 },
	{ "rtc_timeoffset", k_rtc_timeoffset, -1 },
	{ "localtime", k_localtime, -1 },
	{ "description", k_description, -1 },
};

static const char *intern_file(struct ctrl_domcfg *c, const char *file)
{
	size_t i, n = sizeof(c->files) / sizeof(c->files[0]);

	for (i = 0; i < n && c->files[i]; i++)
		if (!strcmp(c->files[i], file))
			return c->files[i];
	if (i == n)
		return c->files[n - 1];
	c->files[i] = strdup(file);
	return c->files[i] ? c->files[i] : "?";
}

static int apply_one(struct apply *a)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		int rc;

		if (strcmp(keys[i].name, a->st->key))
			continue;
		rc = keys[i].fn(a);
		if (rc == -ENOMEM)
			snprintf(a->err, a->errlen, "%s:%d: out of memory",
				 a->st->file, a->st->line);
		if (!rc && keys[i].loc >= 0) {
			a->c->loc[keys[i].loc].file =
				intern_file(a->c, a->st->file);
			a->c->loc[keys[i].loc].line = a->st->line;
		}
		return rc;
	}
	snprintf(a->err, a->errlen, "%s:%d: unknown setting '%s'",
		 a->st->file, a->st->line, a->st->key);
	return -EINVAL;
}

static int final_checks(struct apply *a, const char *file)
{
	struct ctrl_domcfg *c = a->c;
	const struct ctrl_srcloc *l;

	if (!c->name) {
		snprintf(a->err, a->errlen, "%s: no name= given", file);
		return -EINVAL;
	}
	if (!c->kernel) {
		snprintf(a->err, a->errlen,
			 "%s: no kernel= given (a PV guest needs one)", file);
		return -EINVAL;
	}
	if (!c->memory_mb)
		c->memory_mb = a->have_maxmem ? c->maxmem_mb
					      : CTRL_DEFAULT_MEMORY_MB;
	if (!a->have_maxmem)
		c->maxmem_mb = c->memory_mb;
	if (c->maxmem_mb < c->memory_mb) {
		l = &c->loc[CTRL_KEY_MAXMEM];
		snprintf(a->err, a->errlen,
			 "%s:%d: maxmem: %llu is less than memory (%llu)",
			 l->file, l->line, (unsigned long long)c->maxmem_mb,
			 (unsigned long long)c->memory_mb);
		return -EINVAL;
	}
	if (!c->vcpus)
		c->vcpus = a->have_maxvcpus ? c->maxvcpus : 1;
	if (!a->have_maxvcpus)
		c->maxvcpus = c->vcpus;
	if (c->maxvcpus < c->vcpus) {
		l = &c->loc[CTRL_KEY_MAXVCPUS];
		snprintf(a->err, a->errlen,
			 "%s:%d: maxvcpus: %u is less than vcpus (%u)",
			 l->file, l->line, c->maxvcpus, c->vcpus);
		return -EINVAL;
	}
	return 0;
}

int ctrl_cfg_parse(struct ctrl_domcfg *out, const char *file,
		   const char *text, size_t len,
		   const char *const *overrides, size_t nr_overrides,
		   char err[CTRL_CFG_ERRLEN])
{
	struct cfg_doc doc = { 0 };
	struct apply a = { .c = out, .err = err, .errlen = CTRL_CFG_ERRLEN };
	size_t i;
	int rc;

	ctrl_domcfg_init(out);
	err[0] = '\0';
	rc = cfg_syntax_parse(&doc, file, 1, text, len, err, CTRL_CFG_ERRLEN);
	for (i = 0; !rc && i < nr_overrides; i++)
		rc = cfg_syntax_parse(&doc, CTRL_CFG_CMDLINE_LABEL, (int)i + 1,
				      overrides[i], strlen(overrides[i]), err,
				      CTRL_CFG_ERRLEN);
	for (i = 0; !rc && i < doc.nr; i++) {
		a.st = &doc.settings[i];
		rc = apply_one(&a);
	}
	if (!rc)
		rc = final_checks(&a, file);
	cfg_doc_free(&doc);
	return rc;
}

/* Config files are small; refuse anything absurd before reading it. */
#define CFG_MAX_BYTES (1 << 20)

int ctrl_cfg_parse_file(struct ctrl_domcfg *out, const char *path,
			const char *const *overrides, size_t nr_overrides,
			char err[CTRL_CFG_ERRLEN])
{
	struct stat sb;
	char *buf = NULL;
	ssize_t n;
	size_t got = 0;
	int fd, rc;

	ctrl_domcfg_init(out);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb)) {
		rc = -errno;
		snprintf(err, CTRL_CFG_ERRLEN, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > CFG_MAX_BYTES) {
		rc = -EINVAL;
		snprintf(err, CTRL_CFG_ERRLEN, "%s: not a regular file of at "
			 "most 1 MiB", path);
		goto out;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		rc = -ENOMEM;
		snprintf(err, CTRL_CFG_ERRLEN, "%s: out of memory", path);
		goto out;
	}
	while (got < (size_t)sb.st_size &&
	       (n = read(fd, buf + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	rc = ctrl_cfg_parse(out, path, buf, got, overrides, nr_overrides, err);
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return rc;
}
