/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl: the command table and what the command families share. Exit codes:
 * 0 ok, 1 failure, 2 usage.
 */
#ifndef XL_H
#define XL_H

#include <stdbool.h>
#include <stdint.h>

#include "vm/vm.h"

#define XL_OK	 0
#define XL_FAIL	 1
#define XL_USAGE 2

struct xl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;
	const char *usage;   /* after "xl <name> " */
	const char *options; /* one option per line, or NULL */
};

extern const struct xl_cmd xl_cmds[];
extern const unsigned int xl_nr_cmds;
extern int xl_verbose;

const struct xl_cmd *xl_find_cmd(const char *name);
/* Print "Usage: ..." (and options) for a command; returns XL_USAGE. */
int xl_usage(const char *cmd);
void xl_help_all(void);

/* Error output: "xl: ..." on stderr. */
void xl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Open the toolstack context (exits the command with a message on
 * failure: callers return XL_FAIL when this returns nonzero).
 */
int xl_open(struct ctrl_ctx *c, bool need_xs);
/* A domain by name or id; prints "domain '<ref>' does not exist". */
int xl_domid(struct ctrl_ctx *c, const char *ref, uint32_t *domid);

/* Command families. */
int main_create(int argc, char **argv);
int main_destroy(int argc, char **argv);
int main_shutdown(int argc, char **argv);
int main_reboot(int argc, char **argv);
int main_pause(int argc, char **argv);
int main_unpause(int argc, char **argv);
int main_list(int argc, char **argv);
int main_info(int argc, char **argv);
int main_uptime(int argc, char **argv);
int main_dmesg(int argc, char **argv);
int main_domid(int argc, char **argv);
int main_domname(int argc, char **argv);
int main_console(int argc, char **argv);
int main_dumpxml(int argc, char **argv);
int main_help(int argc, char **argv);

/* Attach to a domain's console (console.c); used by create -c too. */
int xl_console_attach(struct ctrl_ctx *c, uint32_t domid, int wait_ms);

/* Run the background monitor for a new domain (vm.c). */
void xl_monitor(uint32_t domid, const struct ctrl_domcfg *cfg, bool fg);

#endif /* XL_H */
