// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsoled: the console back-end for guest domains. Command line,
 * daemonising (the parent returns only once the daemon serves, so "start
 * xenstored, then xenconsoled" needs no sleeps), signals and the poll loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain.h"

#define DEFAULT_LOG_DIR "/var/log/xen/console"
#define DEFAULT_PIDFILE "/run/xenconsoled.pid"

struct options {
	bool foreground;
	const char *socket;
	const char *pidfile;
	const char *fake_dir;
	struct cconf conf;
};

static volatile sig_atomic_t stop_sig, hup_sig;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		hup_sig = 1;
	else
		stop_sig = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xenconsoled [options]\n"
		"  -F, --foreground          do not daemonise; messages on stderr\n"
		"  -s, --socket PATH         xenstored socket (default $XENSTORED_PATH,\n"
		"                            else /run/xenstored/socket)\n"
		"  -l, --log-dir DIR         guest logs DIR/guest-<name>.log (default\n"
		"                            " DEFAULT_LOG_DIR ")\n"
		"      --no-guest-log        keep no guest logs\n"
		"      --log-max BYTES       rotate a guest log at this size (default\n"
		"                            16 MiB, 0: never)\n"
		"      --buffer-size BYTES   pty backlog per guest (default 65536)\n"
		"      --rate-bytes N        console bytes per second per guest before\n"
		"                            it is throttled (default 262144)\n"
		"      --rate-events N       notifications per second per guest\n"
		"                            (default 2000)\n"
		"  -p, --pid-file PATH       pid file (default " DEFAULT_PIDFILE
		"\n"
		"                            when daemonised)\n"
		"  -v, --verbose             debug messages\n"
		"      --test-backend DIR    no hypervisor: rings and event channels\n"
		"                            are files in DIR (host tests only)\n"
		"  -h, --help                this text\n"
		"Daemonised, messages go to <log-dir>/xenconsoled.log.\n");
}

static int parse_num(const char *s, uint64_t max, uint64_t *v)
{
	return parse_u64(s, v) || *v > max ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { O_NOLOG = 256, O_LOGMAX, O_BUF, O_RB, O_RE, O_TEST };
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'F' },
		{ "socket", required_argument, NULL, 's' },
		{ "log-dir", required_argument, NULL, 'l' },
		{ "no-guest-log", no_argument, NULL, O_NOLOG },
		{ "log-max", required_argument, NULL, O_LOGMAX },
		{ "buffer-size", required_argument, NULL, O_BUF },
		{ "rate-bytes", required_argument, NULL, O_RB },
		{ "rate-events", required_argument, NULL, O_RE },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "test-backend", required_argument, NULL, O_TEST },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool no_log = false;
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "Fs:l:p:vh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'F':
			o->foreground = true;
			break;
		case 's':
			o->socket = optarg;
			break;
		case 'l':
			o->conf.log_dir = optarg;
			break;
		case O_NOLOG:
			no_log = true;
			break;
		case O_LOGMAX:
			if (parse_num(optarg, UINT64_MAX, &v))
				goto bad;
			o->conf.log_max = v;
			break;
		case O_BUF:
			if (parse_num(optarg, 64u << 20, &v) || v < 1)
				goto bad;
			o->conf.buffer_size = (size_t)v;
			break;
		case O_RB:
			if (parse_num(optarg, UINT32_MAX, &v) || v < 10)
				goto bad;
			o->conf.rate_bytes = (uint32_t)v;
			break;
		case O_RE:
			if (parse_num(optarg, UINT32_MAX, &v) || v < 10)
				goto bad;
			o->conf.rate_events = (uint32_t)v;
			break;
		case 'p':
			o->pidfile = optarg;
			break;
		case 'v':
			log_verbose = true;
			break;
		case O_TEST:
			o->fake_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	if (no_log)
		o->conf.log_dir = NULL;
	return 0;
bad:
	fprintf(stderr, "xenconsoled: bad value '%s'\n", optarg);
	return -1;
}

/* Exclusive lock on the pid file: a second daemon refuses to start. */
static int write_pidfile(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	int len;

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		return -EEXIST;
	}
	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) || write(fd, buf, (size_t)len) != len) {
		close(fd);
		return -EIO;
	}
	return fd; /* kept open (and locked) for the daemon's lifetime */
}

/*
 * Fork; the parent waits on a pipe until the child reports that it serves
 * (a 0 byte) or failed (an error byte, or the pipe closing). Returns the
 * write end in the child.
 */
static int daemonise(void)
{
	int p[2];
	pid_t pid;
	char st = 1;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &st, 1) != 1)
			st = 1;
		_exit(st ? 1 : 0);
	}
	close(p[0]);
	setsid();
	if (chdir("/"))
		return -errno;
	umask(022);
	return p[1];
}

static void redirect_stdio(const char *log_dir)
{
	char path[4096];
	int fd = open("/dev/null", O_RDWR);

	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/xenconsoled.log",
		 log_dir ? log_dir : "/var/log/xen");
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0640);
	if (fd < 0)
		fd = open("/dev/null", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

static int drain_events(struct cdaemon *d)
{
	const char *path, *token;
	int rc;

	while ((rc = cxs_next_event(d->xs, false, &path, &token)) == 1) {
		rc = daemon_event(d, path, token);
		if (rc)
			return rc;
	}
	return rc;
}

static int serve(struct cdaemon *d, const sigset_t *waitmask)
{
	struct pollfd *pfd = NULL;
	unsigned int cap = 0, n;
	int rc = 0;

	while (!stop_sig) {
		struct timespec ts, *tsp = NULL;
		uint64_t now;
		int timeout;

		if (hup_sig) {
			hup_sig = 0;
			daemon_reopen_logs(d);
		}
		/* Events may have queued up during our own requests. */
		rc = drain_events(d);
		if (rc)
			break;
		if (daemon_poll_slots(d) + 1 > cap) {
			struct pollfd *np;

			cap = daemon_poll_slots(d) + 16;
			np = realloc(pfd, cap * sizeof(*pfd));
			if (!np) {
				rc = -ENOMEM;
				break;
			}
			pfd = np;
		}
		n = 0;
		pfd[n++] = (struct pollfd){ .fd = cxs_fd(d->xs),
					    .events = POLLIN };
		daemon_poll_fill(d, pfd, &n);
		timeout = daemon_timeout(d, now_ms());
		if (timeout >= 0) {
			ts.tv_sec = timeout / 1000;
			ts.tv_nsec = (long)(timeout % 1000) * 1000000;
			tsp = &ts;
		}
		if (ppoll(pfd, n, tsp, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		now = now_ms();
		daemon_poll_handle(d, pfd, now);
		daemon_tick(d, now);
		if (pfd[0].revents & (POLLHUP | POLLERR)) {
			rc = -EPIPE;
			break;
		}
	}
	free(pfd);
	return rc == 0 || rc == 1 ? 0 : rc;
}

int main(int argc, char **argv)
{
	struct options o = {
		.conf = {
			.log_dir = DEFAULT_LOG_DIR,
			.log_max = 16u << 20,
			.buffer_size = 64u << 10,
			.rate_bytes = 256u << 10,
			.rate_events = 2000,
		},
	};
	struct cdaemon d = { .doms = NULL };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, waitmask;
	int ready = -1, pidfd = -1, rc;
	char st;

	if (parse_args(argc, argv, &o))
		return 2;
	d.conf = o.conf;
	if (!o.socket)
		o.socket = cxs_default_path();
	if (!o.foreground) {
		ready = daemonise();
		if (ready < 0) {
			fprintf(stderr, "xenconsoled: fork: %s\n",
				strerror(-ready));
			return 1;
		}
		if (!o.pidfile)
			o.pidfile = DEFAULT_PIDFILE;
	}
	if (d.conf.log_dir) {
		rc = mkdir_p(d.conf.log_dir);
		if (rc) {
			log_msg("cannot create %s: %s", d.conf.log_dir,
				strerror(-rc));
			goto out;
		}
	}
	if (o.pidfile) {
		pidfd = write_pidfile(o.pidfile);
		if (pidfd < 0) {
			rc = pidfd;
			log_msg("pid file %s: %s", o.pidfile,
				rc == -EEXIST ? "another xenconsoled runs"
					      : strerror(-rc));
			goto out;
		}
	}
	rc = o.fake_dir ? xenio_open_fake(&d.io, o.fake_dir)
			: xenio_open_real(&d.io);
	if (rc) {
		log_msg("no /dev/xen/gntdev or /dev/xen/privcmd: %s",
			strerror(-rc));
		goto out;
	}
	rc = cxs_open(o.socket, &d.xs);
	if (rc) {
		log_msg("cannot connect to xenstored at %s: %s", o.socket,
			strerror(-rc));
		goto out_io;
	}
	rc = daemon_watch(&d);
	if (rc) {
		log_msg("cannot watch domains: %s", strerror(-rc));
		goto out_xs;
	}

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGHUP);

	if (ready >= 0)
		redirect_stdio(d.conf.log_dir);
	log_msg("serving (xenstore %s, logs %s)", o.socket,
		d.conf.log_dir ? d.conf.log_dir : "off");
	if (ready >= 0) {
		st = 0;
		if (write(ready, &st, 1) != 1)
			log_msg("cannot report readiness");
		close(ready);
		ready = -1;
	}
	rc = serve(&d, &waitmask);
	if (rc)
		log_msg("stopping: %s", strerror(-rc));
	else
		log_msg("stopping on signal %d", (int)stop_sig);
	daemon_shutdown(&d);
out_xs:
	cxs_close(d.xs);
out_io:
	xenio_close(&d.io);
out:
	if (pidfd >= 0) {
		unlink(o.pidfile);
		close(pidfd);
	}
	if (ready >= 0) {
		st = 1;
		if (write(ready, &st, 1) != 1) {
			/* the parent sees the pipe close instead */
		}
	}
	return rc ? 1 : 0;
}
