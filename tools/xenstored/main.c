// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenstored: command line, daemonising, and the poll loop that moves bytes
 * between sockets, guest rings and the request dispatcher.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "conn.h"
#include "domain.h"
#include "socket.h"
#include "xen-backend.h"

#define DEFAULT_SOCKET "/run/xenstored/socket"
#define DEFAULT_PIDFILE "/run/xenstored.pid"
#define MAX_SOCKETS 8

struct options {
	bool foreground;
	bool no_domain_init;
	const char *sockets[MAX_SOCKETS];
	unsigned int nr_sockets;
	const char *pidfile;
	const char *tracefile;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xenstored [options]\n"
		"  -F, --foreground        do not daemonise (also -N, --no-fork)\n"
		"  -D, --no-domain-init    no hypervisor: serve the unix socket only\n"
		"  -s, --socket PATH       listen on PATH (default " DEFAULT_SOCKET
		");\n"
		"                          $XENSTORED_PATH is served as well\n"
		"      --pid-file PATH     pid file (default " DEFAULT_PIDFILE
		" when daemonised)\n"
		"  -T, --trace-file PATH   log every request to PATH\n"
		"  -E, --entry-nb N        nodes per domain (default 1000)\n"
		"  -S, --entry-size N      bytes per node (default 2048)\n"
		"  -W, --watch-nb N        watches per domain (default 128)\n"
		"  -t, --transaction N     transactions per domain (default 10)\n"
		"  -A, --perm-nb N         permissions per node (default 5)\n"
		"  -K, --keep-orphans      keep a released domain's nodes\n"
		"  -V, --verbose           log to stderr\n"
		"  -H, --help              this text\n");
}

static int parse_uint(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || v == 0 || v > 1000000)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o,
		      struct xsd *d)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'F' },
		{ "no-fork", no_argument, NULL, 'N' },
		{ "no-domain-init", no_argument, NULL, 'D' },
		{ "socket", required_argument, NULL, 's' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "trace-file", required_argument, NULL, 'T' },
		{ "entry-nb", required_argument, NULL, 'E' },
		{ "entry-size", required_argument, NULL, 'S' },
		{ "watch-nb", required_argument, NULL, 'W' },
		{ "transaction", required_argument, NULL, 't' },
		{ "perm-nb", required_argument, NULL, 'A' },
		{ "keep-orphans", no_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, bad = 0;

	while ((opt = getopt_long(argc, argv, "FNDs:T:E:S:W:t:A:KVH", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'F':
		case 'N':
			o->foreground = true;
			break;
		case 'D':
			o->no_domain_init = true;
			break;
		case 's':
			if (o->nr_sockets == MAX_SOCKETS - 1)
				bad = 1;
			else
				o->sockets[o->nr_sockets++] = optarg;
			break;
		case 'p':
			o->pidfile = optarg;
			break;
		case 'T':
			o->tracefile = optarg;
			break;
		case 'E':
			bad |= parse_uint(optarg, &d->quota.nodes);
			break;
		case 'S':
			bad |= parse_uint(optarg, &d->quota.entry_size);
			break;
		case 'W':
			bad |= parse_uint(optarg, &d->quota.watches);
			break;
		case 't':
			bad |= parse_uint(optarg, &d->quota.txns);
			break;
		case 'A':
			bad |= parse_uint(optarg, &d->quota.perms);
			break;
		case 'K':
			d->keep_orphans = true;
			break;
		case 'V':
			xsd_verbose = true;
			break;
		case 'H':
			usage(stdout);
			exit(0);
		default:
			bad = 1;
		}
	}
	if (bad || optind != argc) {
		usage(stderr);
		return -1;
	}
	if (!o->nr_sockets)
		o->sockets[o->nr_sockets++] = DEFAULT_SOCKET;
	return 0;
}

static void add_env_socket(struct options *o)
{
	const char *env = getenv("XENSTORED_PATH");
	unsigned int i;

	if (!env || !*env)
		return;
	for (i = 0; i < o->nr_sockets; i++)
		if (!strcmp(o->sockets[i], env))
			return;
	o->sockets[o->nr_sockets++] = env;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f);
}

/*
 * Fork into the background. The parent exits only once the child is set
 * up, so "xenstored && xenstore-ls" works. Returns the fd on which the
 * child reports readiness.
 */
static int daemonize(void)
{
	int p[2], fd;
	char c;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		exit(read(p[0], &c, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	if (setsid() < 0)
		return -1;
	if (chdir("/"))
		return -1;
	umask(022);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	xsd_syslog = true;
	openlog("xenstored", LOG_PID, LOG_DAEMON);
	return p[1];
}

/* Dom0's own ring: xenstored serves the kernel it runs on like any guest. */
static int domain_init(struct xsd *d)
{
	int port, rc;

	d->be = xen_backend_open();
	if (!d->be) {
		fprintf(stderr,
			"xenstored: cannot open /dev/xen/evtchn: %s "
			"(use --no-domain-init on a host without Xen)\n",
			strerror(errno));
		return -1;
	}
	port = xen_backend_dom0_port(d->be);
	if (port < 0) {
		fprintf(stderr, "xenstored: no dom0 store event channel: %s\n",
			strerror(-port));
		return -1;
	}
	rc = xs_domain_introduce(d, 0, 0, (unsigned int)port);
	if (rc) {
		fprintf(stderr, "xenstored: cannot connect to dom0: %s\n",
			strerror(rc));
		return -1;
	}
	return 0;
}

static void handle_events(struct xsd *d)
{
	unsigned int port, budget = 64;
	bool is_virq;

	while (budget-- && xen_backend_pending(d->be, &port, &is_virq) > 0) {
		/* Guest rings are polled every turn; only DOM_EXC needs more. */
		if (is_virq)
			xs_domain_check_all(d);
	}
}

static bool ring_busy(struct xs_conn *c)
{
	return c->fd < 0 && !c->dead && !c->ignored &&
	       ((xs_conn_wants_input(c) && c->ops->can_read(c)) ||
		(xs_conn_has_output(c) && c->ops->can_write(c)));
}

static void serve(struct xs_conn *c, short revents)
{
	if (c->dead || c->ignored)
		return;
	if (c->fd < 0 || (revents & (POLLIN | POLLHUP | POLLERR))) {
		if (c->fd >= 0 || c->ops->can_read(c))
			if (xs_conn_handle_input(c) < 0)
				return;
	}
	if (xs_conn_has_output(c) && (c->fd >= 0 || c->ops->can_write(c)))
		xs_conn_handle_output(c);
}

static int run(struct xsd *d, const int *listen_fd, unsigned int nr_listen)
{
	struct pollfd *pfd = NULL;
	struct xs_conn **who = NULL;
	unsigned int cap = 0;

	while (!stop) {
		struct xs_conn *c;
		unsigned int n = 0, i, nr_conns = 0;
		int timeout = -1;

		for (c = d->conns; c; c = c->next)
			nr_conns++;
		if (nr_listen + nr_conns + 1 > cap) {
			cap = (nr_listen + nr_conns + 1) * 2;
			pfd = realloc(pfd, cap * sizeof(*pfd));
			who = realloc(who, cap * sizeof(*who));
			if (!pfd || !who)
				return -1;
		}
		for (i = 0; i < nr_listen; i++) {
			pfd[n] = (struct pollfd){ listen_fd[i], POLLIN, 0 };
			who[n++] = NULL;
		}
		if (d->be) {
			pfd[n] = (struct pollfd){ xen_backend_fd(d->be), POLLIN,
						  0 };
			who[n++] = NULL;
		}
		for (c = d->conns; c; c = c->next) {
			if (c->fd < 0) {
				if (ring_busy(c))
					timeout = 0;
				continue;
			}
			pfd[n] = (struct pollfd){ c->fd, 0, 0 };
			if (xs_conn_wants_input(c))
				pfd[n].events |= POLLIN;
			if (xs_conn_has_output(c))
				pfd[n].events |= POLLOUT;
			who[n++] = c;
		}
		/* Rings are re-checked at least once a second regardless. */
		if (d->domains && timeout < 0)
			timeout = 1000;
		if (poll(pfd, n, timeout) < 0 && errno != EINTR)
			return -1;
		if (stop)
			break;

		for (i = 0; i < nr_listen; i++)
			if (pfd[i].revents & POLLIN)
				xs_socket_accept(d, pfd[i].fd);
		if (d->be && (pfd[nr_listen].revents & POLLIN))
			handle_events(d);
		for (i = nr_listen + (d->be ? 1 : 0); i < n; i++)
			serve(who[i], pfd[i].revents);
		for (c = d->conns; c; c = c->next)
			if (c->fd < 0)
				serve(c, 0);
		xsd_reap(d);
	}
	free(pfd);
	free(who);
	return 0;
}

int main(int argc, char **argv)
{
	static struct xsd d;
	struct options o = { 0 };
	int listen_fd[MAX_SOCKETS], ready_fd = -1, rc = 1;
	unsigned int i, nr_listen = 0;

	if (xsd_init(&d)) {
		fprintf(stderr, "xenstored: out of memory\n");
		return 1;
	}
	if (parse_args(argc, argv, &o, &d))
		return 2;
	add_env_socket(&o);
	if (o.tracefile) {
		d.trace = fopen(o.tracefile, "a");
		if (!d.trace) {
			perror(o.tracefile);
			return 1;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);

	for (i = 0; i < o.nr_sockets; i++) {
		int fd = xs_socket_listen(o.sockets[i]);

		if (fd < 0) {
			fprintf(stderr, "xenstored: cannot listen on %s: %s\n",
				o.sockets[i], strerror(-fd));
			goto out;
		}
		listen_fd[nr_listen++] = fd;
	}
	if (!o.no_domain_init && domain_init(&d))
		goto out;
	if (!o.foreground) {
		ready_fd = daemonize();
		if (ready_fd < 0)
			goto out;
		if (!o.pidfile)
			o.pidfile = DEFAULT_PIDFILE;
	}
	if (o.pidfile && write_pidfile(o.pidfile)) {
		fprintf(stderr, "xenstored: cannot write %s: %s\n", o.pidfile,
			strerror(errno));
		goto out;
	}
	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) != 1)
			goto out;
		close(ready_fd);
	}
	rc = run(&d, listen_fd, nr_listen) ? 1 : 0;
	if (o.pidfile)
		unlink(o.pidfile);
out:
	for (i = 0; i < nr_listen; i++) {
		close(listen_fd[i]);
		unlink(o.sockets[i]);
	}
	xsd_destroy(&d);
	if (d.be)
		xen_backend_close(d.be);
	if (d.trace)
		fclose(d.trace);
	return rc;
}
