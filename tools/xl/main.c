// SPDX-License-Identifier: GPL-2.0-only
/*
 * xl's entry point: global options, dispatch through the command table,
 * and the helpers every command family shares (errors, opening the
 * toolstack, resolving domains).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

int xl_verbose;

void xl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("xl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int xl_open(struct ctrl_ctx *c, bool need_xs)
{
	char err[CTRL_VM_ERRLEN];
	int rc = ctrl_ctx_open(c, need_xs, err, sizeof(err));

	if (rc)
		xl_err("%s", err);
	return rc;
}

int xl_domid(struct ctrl_ctx *c, const char *ref, uint32_t *domid)
{
	int rc = ctrl_domain_resolve(c, ref, domid);

	if (rc == -ESRCH)
		xl_err("domain '%s' does not exist", ref);
	else if (rc)
		xl_err("looking up '%s': %s", ref, strerror(-rc));
	return rc;
}

static void usage_main(void)
{
	xl_help_all();
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct xl_cmd *cmd;
	int opt, i;

	/* Global options stop at the command name. */
	while ((opt = getopt_long(argc, argv, "+vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			xl_verbose++;
			break;
		case 'h':
			usage_main();
			return XL_OK;
		default:
			usage_main();
			return XL_USAGE;
		}
	}
	if (optind >= argc) {
		usage_main();
		return XL_USAGE;
	}
	cmd = xl_find_cmd(argv[optind]);
	if (!cmd) {
		xl_err("unknown command '%s' (xl help lists them)",
		       argv[optind]);
		return XL_USAGE;
	}
	/* "-h" / "--help" anywhere among the command's own options */
	for (i = optind + 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			char *hargv[] = { "help", argv[optind], NULL };

			return main_help(2, hargv);
		}
	}
	/* Each command parses its own options: 0 re-initialises getopt. */
	argv += optind;
	argc -= optind;
	optind = 0;
	return cmd->fn(argc, argv);
}
