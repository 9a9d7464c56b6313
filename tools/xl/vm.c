// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain lifecycle commands: create (with --dry-run and -c), destroy,
 * shutdown, reboot, pause, unpause; and the monitor that `xl create`
 * leaves behind to carry out on_poweroff / on_reboot / on_crash, as Xen's
 * xl does.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build/build.h"
#include "config/config.h"
#include "xl.h"

#define LOG_DIR "/var/log/xen"
#define DESTROY_WAIT_MS 10000
#define SHUTDOWN_WAIT_MS 120000

/* ---- loading a config (cfg or XML) ---- */

static bool looks_like_xml(const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len && isspace(b[i]); i++)
		;
	return i < len && b[i] == '<';
}

static int load_config(const char *path, char **overrides, int nr,
		       struct ctrl_domcfg *cfg)
{
	char err[CTRL_CFG_ERRLEN];
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	rc = ctrl_read_file(path, 1 << 20, &buf, &len);
	if (rc) {
		ctrl_domcfg_init(cfg);
		xl_err("%s: %s", path, rc == -EFBIG ? "larger than 1 MiB"
						    : strerror(-rc));
		return rc;
	}
	if (!looks_like_xml(buf, len)) {
		rc = ctrl_cfg_parse(cfg, path, (const char *)buf, len,
				    (const char *const *)overrides,
				    (size_t)nr, err);
	} else {
		rc = ctrl_xml_parse(cfg, path, (const char *)buf, len, err);
		if (!rc && nr) {
			/* Overrides apply to the XML's model as cfg text. */
			char *text = ctrl_domcfg_to_cfg(cfg);

			ctrl_domcfg_free(cfg);
			rc = text ? ctrl_cfg_parse(cfg, path, text, strlen(text),
						   (const char *const *)overrides,
						   (size_t)nr, err)
				  : -ENOMEM;
			free(text);
		}
	}
	free(buf);
	if (rc)
		xl_err("%s", err[0] ? err : strerror(-rc));
	return rc;
}

/* ---- the monitor ---- */

static FILE *mon_log;

static void mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void mlog(const char *fmt, ...)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	if (!mon_log)
		return;
	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(mon_log, "%s ", ts);
	va_start(ap, fmt);
	vfprintf(mon_log, fmt, ap);
	va_end(ap);
	fputc('\n', mon_log);
	fflush(mon_log);
}

static const char *reason_name(unsigned int r)
{
	static const char *const names[] = { "poweroff", "reboot", "suspend",
					     "crash", "watchdog", "soft_reset" };

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

/*
 * Wait for the domain to shut down, then do what the config says. A
 * restart builds it again (same config, same UUID, a new id) and goes on
 * watching. Ends when the domain is gone or preserved.
 */
static void monitor_loop(struct ctrl_ctx *c, uint32_t domid,
			 const struct ctrl_domcfg *cfg)
{
	char err[CTRL_VM_ERRLEN];

	if (c->xs)
		ctrl_xs_watch(c->xs, "@releaseDomain", "xl-monitor");
	for (;;) {
		struct ctrl_dominfo info;
		enum ctrl_action act;
		unsigned int reason;
		uint32_t old;
		char *p = NULL, *t = NULL;
		int rc = ctrl_dom_getinfo(c->t, domid, &info);

		if (rc == -ESRCH) {
			mlog("domain %u is gone", domid);
			return;
		}
		if (rc || !info.shutdown) {
			if (c->xs) {
				if (ctrl_xs_read_watch(c->xs, 1000, &p, &t) > 0) {
					free(p);
					free(t);
				}
			} else {
				sleep(1);
			}
			continue;
		}
		reason = info.shutdown_reason;
		old = domid;
		rc = ctrl_vm_handle_shutdown(c, cfg, &domid, reason, &act, err,
					     sizeof(err));
		mlog("domain %u shut down (%s): %s%s%s", old,
		     reason_name(reason), ctrl_action_name(act),
		     rc ? ": " : "", rc ? err : "");
		if (rc || !ctrl_action_restarts(act))
			return;
		mlog("restarted '%s' as domain %u", cfg->name, domid);
	}
}

void xl_monitor(uint32_t domid, const struct ctrl_domcfg *cfg, bool fg)
{
	struct ctrl_ctx c;
	char path[512], err[CTRL_VM_ERRLEN];

	if (!fg) {
		mkdir(LOG_DIR, 0755);
		snprintf(path, sizeof(path), LOG_DIR "/xl-%s.log", cfg->name);
		mon_log = fopen(path, "a");
	} else {
		mon_log = stderr;
	}
	if (ctrl_ctx_open(&c, false, err, sizeof(err))) {
		mlog("monitor for domain %u: %s", domid, err);
		return;
	}
	mlog("monitoring domain %u (%s)", domid, cfg->name);
	monitor_loop(&c, domid, cfg);
	ctrl_ctx_close(&c);
}

/* Detach a monitor: double fork, new session, stdio to /dev/null. */
static void spawn_monitor(struct ctrl_ctx *parent, uint32_t domid,
			  const struct ctrl_domcfg *cfg)
{
	pid_t pid = fork();

	if (pid < 0) {
		xl_err("cannot start the monitor: %s (on_poweroff and friends "
		       "will not be acted upon)", strerror(errno));
		return;
	}
	if (pid) {
		waitpid(pid, NULL, 0);
		return;
	}
	/* The parent's connections stay the parent's. */
	ctrl_ctx_close(parent);
	setsid();
	if (fork())
		_exit(0);
	{
		/* stderr to the monitor's log, so even a crash leaves a trace */
		char path[512];
		int null = open("/dev/null", O_RDWR), log;

		mkdir(LOG_DIR, 0755);
		snprintf(path, sizeof(path), LOG_DIR "/xl-%s.log", cfg->name);
		log = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(log >= 0 ? log : null, 2);
			if (null > 2)
				close(null);
		}
		if (log > 2)
			close(log);
	}
	signal(SIGHUP, SIG_IGN);
	xl_monitor(domid, cfg, false);
	_exit(0);
}

/* ---- create ---- */

int main_create(int argc, char **argv)
{
	enum { O_XML = 256, O_JSON };
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "dryrun", no_argument, NULL, 'n' },
		{ "xml", no_argument, NULL, O_XML },
		{ "json", no_argument, NULL, O_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	bool console = false, paused = false, quiet = false, dry = false;
	bool xml = false, json = false, fg = false, nomon = false;
	const char *file = NULL;
	char **over, err[CTRL_VM_ERRLEN];
	struct ctrl_domcfg cfg;
	struct ctrl_create_times times;
	struct ctrl_create_opts o = { .times = &times };
	struct ctrl_ctx c;
	int opt, nr_over = 0, rc, i;
	uint32_t domid;

	while ((opt = getopt_long(argc, argv, "+cpqf:nFed", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'c': console = true; break;
		case 'p': paused = true; break;
		case 'q': quiet = true; break;
		case 'f': file = optarg; break;
		case 'n': dry = true; break;
		case 'F': fg = true; break;
		case 'e': nomon = true; break;
		case 'd': break;
		case O_XML: xml = true; break;
		case O_JSON: json = true; break;
		default: return xl_usage("create");
		}
	}
	over = calloc((size_t)argc + 1, sizeof(*over));
	if (!over)
		return XL_FAIL;
	for (i = optind; i < argc; i++) {
		if (!file && !strchr(argv[i], '='))
			file = argv[i];
		else if (strchr(argv[i], '='))
			over[nr_over++] = argv[i];
		else {
			xl_err("'%s' is not key=value", argv[i]);
			free(over);
			return xl_usage("create");
		}
	}
	if (!file) {
		free(over);
		xl_err("no config file given");
		return xl_usage("create");
	}
	if (!quiet)
		fprintf(stderr, "Parsing config from %s\n", file);
	rc = load_config(file, over, nr_over, &cfg);
	free(over);
	if (rc) {
		ctrl_domcfg_free(&cfg);
		return XL_FAIL;
	}
	if (dry) {
		char *out = xml ? ctrl_domcfg_to_xml(&cfg, -1)
				: json ? ctrl_domcfg_to_json(&cfg, 4)
				       : ctrl_domcfg_to_cfg(&cfg);

		if (out)
			printf("%s%s", out, json ? "\n" : "");
		free(out);
		ctrl_domcfg_free(&cfg);
		return out ? XL_OK : XL_FAIL;
	}
	if (xl_open(&c, true)) {
		ctrl_domcfg_free(&cfg);
		return XL_FAIL;
	}
	o.paused = paused;
	rc = ctrl_vm_create(&c, &cfg, &o, &domid, err, sizeof(err));
	if (rc) {
		xl_err("%s", err);
		ctrl_ctx_close(&c);
		ctrl_domcfg_free(&cfg);
		return XL_FAIL;
	}
	if (xl_verbose)
		fprintf(stderr, "Domain %u created: checked %.2f s, created "
			"%.2f s, built %.2f s, xenstore %.2f s, introduced "
			"%.2f s, running %.2f s; grant entries for the "
			"back-ends %s\n", domid, times.checked,
			times.created, times.built, times.published,
			times.introduced, times.started,
			times.gnttab_seeded ? "set" : "NOT set");
	/* A restart by the monitor keeps the UUID the domain got. */
	if (!cfg.has_uuid) {
		struct ctrl_dominfo info;

		if (!ctrl_dom_getinfo(c.t, domid, &info)) {
			memcpy(cfg.uuid, info.handle, 16);
			cfg.has_uuid = true;
		}
	}
	if (!nomon && !fg)
		spawn_monitor(&c, domid, &cfg);
	rc = XL_OK;
	if (console && xl_console_attach(&c, domid, 10000))
		rc = XL_FAIL;
	ctrl_ctx_close(&c);
	if (fg && !nomon)
		xl_monitor(domid, &cfg, true);
	ctrl_domcfg_free(&cfg);
	return rc;
}

/* ---- destroy, shutdown, reboot, pause, unpause ---- */

int main_destroy(int argc, char **argv)
{
	char err[CTRL_VM_ERRLEN];
	bool nowait = false;
	struct ctrl_ctx c;
	uint32_t domid;
	int opt, rc;

	while ((opt = getopt(argc, argv, "+f")) != -1) {
		if (opt != 'f')
			return xl_usage("destroy");
		nowait = true;
	}
	if (optind != argc - 1)
		return xl_usage("destroy");
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = xl_domid(&c, argv[optind], &domid);
	if (!rc) {
		rc = ctrl_vm_destroy(&c, domid, nowait ? 0 : DESTROY_WAIT_MS,
				     err, sizeof(err));
		if (rc)
			xl_err("%s", err);
	}
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

static int signal_domains(int argc, char **argv, const char *cmd,
			  const char *how)
{
	static const struct option longopts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctrl_vm_entry *list = NULL;
	bool wait = false, all = false;
	char err[CTRL_VM_ERRLEN];
	uint32_t ids[256];
	size_t nids = 0, i, n = 0;
	struct ctrl_ctx c;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "+waF", longopts, NULL)) != -1) {
		switch (opt) {
		case 'w': wait = true; break;
		case 'a': all = true; break;
		case 'F': break;
		default: return xl_usage(cmd);
		}
	}
	if (all ? optind != argc : optind != argc - 1)
		return xl_usage(cmd);
	if (xl_open(&c, true))
		return XL_FAIL;
	if (all) {
		rc = ctrl_vm_list(&c, &list, &n);
		for (i = 0; !rc && i < n && nids < 256; i++)
			if (list[i].info.domid)
				ids[nids++] = list[i].info.domid;
		free(list);
	} else {
		rc = xl_domid(&c, argv[optind], &ids[0]);
		nids = 1;
	}
	for (i = 0; !rc && i < nids; i++) {
		rc = ctrl_vm_shutdown(&c, ids[i], how, 0, err, sizeof(err));
		if (rc)
			xl_err("%s", err);
	}
	for (i = 0; !rc && wait && i < nids; i++) {
		if (!ctrl_vm_wait_shutdown(&c, ids[i], SHUTDOWN_WAIT_MS)) {
			xl_err("domain %u did not shut down within %d s", ids[i],
			       SHUTDOWN_WAIT_MS / 1000);
			rc = -ETIMEDOUT;
		}
	}
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

int main_shutdown(int argc, char **argv)
{
	return signal_domains(argc, argv, "shutdown", "poweroff");
}

int main_reboot(int argc, char **argv)
{
	return signal_domains(argc, argv, "reboot", "reboot");
}

static int pause_cmd(int argc, char **argv, const char *cmd, bool pause)
{
	struct ctrl_ctx c;
	uint32_t domid;
	int rc;

	if (argc != 2)
		return xl_usage(cmd);
	if (xl_open(&c, false))
		return XL_FAIL;
	rc = xl_domid(&c, argv[1], &domid);
	if (!rc) {
		rc = pause ? ctrl_dom_pause(c.t, domid)
			   : ctrl_dom_unpause(c.t, domid);
		if (rc)
			xl_err("%s domain %u: %s", cmd, domid, strerror(-rc));
	}
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}

int main_pause(int argc, char **argv)
{
	return pause_cmd(argc, argv, "pause", true);
}

int main_unpause(int argc, char **argv)
{
	return pause_cmd(argc, argv, "unpause", false);
}
