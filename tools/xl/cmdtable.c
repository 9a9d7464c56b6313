// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command table: name, handler, one-line summary, usage and options.
 * `xl help`, `xl help <cmd>`, `xl <cmd> -h` and every usage error print
 * from here, and docs/xl.md documents each entry (a test checks that).
 */
#include <stdio.h>
#include <string.h>

#include "xl.h"

const struct xl_cmd xl_cmds[] = {
	{ "create", main_create, "Create a domain from a config file",
	  "[options] <ConfigFile> [key=value ...]",
	  "-c              attach to the console after creating\n"
	  "-p              leave the domain paused\n"
	  "-q              quiet: no \"Parsing config\" line\n"
	  "-f FILE         the config file (instead of the argument)\n"
	  "-n, --dry-run   parse and print the config, create nothing\n"
	  "--xml           print the --dry-run config as domain XML\n"
	  "--json          print the --dry-run config as JSON\n"
	  "-F              monitor the domain in the foreground\n"
	  "-e              do not monitor: on_poweroff/on_reboot/on_crash\n"
	  "                are not acted upon\n"
	  "key=value       settings applied after the file (xl.cfg syntax)\n"
	  "A config file starting with '<' is read as libvirt domain XML." },
	{ "list", main_list, "List information about all or some domains",
	  "[options] [Domain ...]",
	  "-l, --long      the configuration of each domain, as JSON\n"
	  "-v, --verbose   also the UUID and shutdown reason" },
	{ "destroy", main_destroy, "Terminate a domain immediately",
	  "[-f] <Domain>",
	  "-f              do not wait for its memory to be given back" },
	{ "shutdown", main_shutdown, "Issue a shutdown signal to a domain",
	  "[options] <Domain>",
	  "-w, --wait      wait for the domain to finish shutting down\n"
	  "-a, --all       every domain except Domain-0" },
	{ "reboot", main_reboot, "Issue a reboot signal to a domain",
	  "[options] <Domain>",
	  "-w, --wait      wait for the guest to go down for its reboot\n"
	  "-a, --all       every domain except Domain-0" },
	{ "pause", main_pause, "Pause execution of a domain", "<Domain>",
	  NULL },
	{ "unpause", main_unpause, "Unpause a paused domain", "<Domain>",
	  NULL },
	{ "console", main_console, "Attach to a domain's console",
	  "[-t type] [-n num] <Domain>",
	  "-t pv|serial    console type (only pv)\n"
	  "-n NUM          console number (only 0)\n"
	  "Ctrl-] detaches. Without a terminal the console is copied to\n"
	  "stdout until the domain goes away." },
	{ "info", main_info, "Get information about the host", "", NULL },
	{ "uptime", main_uptime, "Print uptime for all or some domains",
	  "[-s] [Domain ...]", "-s              no header" },
	{ "dmesg", main_dmesg, "Read and/or clear the hypervisor's messages",
	  "[-c]", "-c              clear the ring after reading it" },
	{ "domid", main_domid, "Convert a domain name to a domain id",
	  "<DomainName>", NULL },
	{ "domname", main_domname, "Convert a domain id to a domain name",
	  "<DomainId>", NULL },
	{ "dumpxml", main_dumpxml, "Print a domain's configuration as XML",
	  "<Domain>", NULL },
	{ "help", main_help, "Print this help, or a command's usage",
	  "[command]", NULL },
};

const unsigned int xl_nr_cmds = sizeof(xl_cmds) / sizeof(xl_cmds[0]);

const struct xl_cmd *xl_find_cmd(const char *name)
{
	unsigned int i;

	for (i = 0; i < xl_nr_cmds; i++)
		if (!strcmp(xl_cmds[i].name, name))
			return &xl_cmds[i];
	return NULL;
}

static void print_options(FILE *f, const char *opts)
{
	const char *p = opts;

	fprintf(f, "\nOptions:\n");
	while (*p) {
		size_t n = strcspn(p, "\n");

		fprintf(f, "  %.*s\n", (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

int xl_usage(const char *cmd)
{
	const struct xl_cmd *c = xl_find_cmd(cmd);

	if (!c) {
		xl_help_all();
		return XL_USAGE;
	}
	fprintf(stderr, "Usage: xl %s %s\n\n%s.\n", c->name, c->usage,
		c->summary);
	if (c->options)
		print_options(stderr, c->options);
	return XL_USAGE;
}

void xl_help_all(void)
{
	unsigned int i;

	printf("Usage: xl [-v] <subcommand> [args]\n\n"
	       "xl full list of subcommands:\n\n");
	for (i = 0; i < xl_nr_cmds; i++)
		printf(" %-20s%s\n", xl_cmds[i].name, xl_cmds[i].summary);
}

int main_help(int argc, char **argv)
{
	const struct xl_cmd *c;

	if (argc < 2) {
		xl_help_all();
		return XL_OK;
	}
	c = xl_find_cmd(argv[1]);
	if (!c) {
		xl_err("unknown command '%s'", argv[1]);
		return XL_USAGE;
	}
	printf("Usage: xl %s %s\n\n%s.\n", c->name, c->usage, c->summary);
	if (c->options)
		print_options(stdout, c->options);
	return XL_OK;
}
