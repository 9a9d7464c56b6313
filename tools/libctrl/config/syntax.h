/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl.cfg surface syntax, before any key has a meaning: a sequence of
 * `key = value` / `key += value` settings whose values are strings,
 * numbers, or lists of those. Internal to config/.
 */
#ifndef CTRL_CONFIG_SYNTAX_H
#define CTRL_CONFIG_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

struct cfg_atom {
	char *text;	/* dequoted string, or the number as written */
	bool quoted;	/* came from '...' or "..." */
	int line;
};

struct cfg_setting {
	char *key;
	bool append;	/* += */
	bool is_list;
	struct cfg_atom atom;	/* when !is_list */
	struct cfg_atom *items; /* when is_list */
	size_t nr_items;
	const char *file;
	int line;
};

struct cfg_doc {
	struct cfg_setting *settings;
	size_t nr, cap;
};

/*
 * Parse `len` bytes of text and append its settings to doc. `file` is
 * used in messages and stored (not copied) in each setting; `first_line`
 * numbers the first line. On error returns -EINVAL and writes
 * "file:line: message" to err.
 */
int cfg_syntax_parse(struct cfg_doc *doc, const char *file, int first_line,
		     const char *text, size_t len, char *err, size_t errlen);
void cfg_doc_free(struct cfg_doc *doc);

#endif /* CTRL_CONFIG_SYNTAX_H */
