// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsole <domid>: attach to a guest's console (what `xl console` does),
 * a stand-alone program for tests.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: xenconsole [options] <domid>\n"
		   "  -s, --socket PATH   xenstored socket\n"
		   "  -w, --wait SECONDS  wait for the console to appear (default 10,\n"
		   "                      -1 forever)\n"
		   "  -t, --tty           print the pty path and exit\n"
		   "  -L, --lock-dir DIR  where the one-client-per-console lock lives\n"
		   "                      (default /run/xen)\n"
		   "  -h, --help          this text\n"
		   "Interactive sessions end with ^]; otherwise at end of output.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "wait", required_argument, NULL, 'w' },
		{ "tty", no_argument, NULL, 't' },
		{ "lock-dir", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct console_client_opts o;
	struct sigaction sa = { .sa_handler = on_signal };
	bool tty_only = false;
	unsigned long domid;
	char *end, tty[64];
	int c, rc;

	console_client_defaults(&o);
	o.stop = &stop;
	while ((c = getopt_long(argc, argv, "s:w:tL:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.xs_path = optarg;
			break;
		case 'w':
			o.wait_ms = atoi(optarg) < 0 ? -1 : atoi(optarg) * 1000;
			break;
		case 't':
			tty_only = true;
			break;
		case 'L':
			o.lock_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	domid = strtoul(argv[optind], &end, 10);
	if (*end || !*argv[optind] || domid >= 0x7ff0) {
		fprintf(stderr, "xenconsole: bad domain id '%s'\n",
			argv[optind]);
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (tty_only) {
		rc = console_client_tty((unsigned int)domid, &o, tty,
					sizeof(tty));
		if (!rc)
			printf("%s\n", tty);
	} else {
		rc = console_client_attach((unsigned int)domid, &o);
	}
	if (rc) {
		fprintf(stderr, "xenconsole: domain %lu: %s\n", domid,
			rc == -ENOENT	    ? "no such domain"
			: rc == -ETIMEDOUT ? "no console appeared"
			: rc == -EPERM	    ? "console tty node not written by dom0"
			: rc == -EBUSY	    ? "another client is attached"
					    : strerror(-rc));
		return 1;
	}
	return 0;
}
