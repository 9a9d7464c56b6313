/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parsers into the config model: xl.cfg text (with xl's command-line
 * `key=value` overrides), device spec strings, and libvirt-style domain
 * XML. Errors come back as one line, "file:line: message", that names
 * the file and line of the offending setting.
 */
#ifndef CTRL_CONFIG_H
#define CTRL_CONFIG_H

#include <stddef.h>

#include "model.h"

#define CTRL_CFG_ERRLEN 512
#define CTRL_CFG_CMDLINE_LABEL "command line"

/*
 * Parse an xl.cfg text. `file` names it in messages. Each override is
 * one more line ("memory=256", 'name="x"') applied after the file; they
 * are reported as "command line:N". Later settings win. Returns 0, or
 * -EINVAL/-ENOMEM with err filled; `out` is initialised either way and
 * must be freed with ctrl_domcfg_free().
 */
int ctrl_cfg_parse(struct ctrl_domcfg *out, const char *file,
		   const char *text, size_t len,
		   const char *const *overrides, size_t nr_overrides,
		   char err[CTRL_CFG_ERRLEN]);

/* The same for a file on disk (read errors are reported with its name). */
int ctrl_cfg_parse_file(struct ctrl_domcfg *out, const char *path,
			const char *const *overrides, size_t nr_overrides,
			char err[CTRL_CFG_ERRLEN]);

/*
 * One disk or vif spec string. 0 or -EINVAL with a message (no file or
 * line: callers add them). The structure is initialised either way.
 */
int ctrl_disk_parse(const char *spec, struct ctrl_disk *d, char *err,
		    size_t errlen);
int ctrl_vif_parse(const char *spec, struct ctrl_vif *v, char *err,
		   size_t errlen);

/*
 * libvirt-style domain XML (<domain type='xen'>). Import checks the same
 * rules as the cfg parser and reports "file:line: message".
 */
int ctrl_xml_parse(struct ctrl_domcfg *out, const char *file,
		   const char *text, size_t len, char err[CTRL_CFG_ERRLEN]);
/* Export; with domid >= 0 the <domain> element carries id='domid'. */
char *ctrl_domcfg_to_xml(const struct ctrl_domcfg *c, int domid);

#endif /* CTRL_CONFIG_H */
