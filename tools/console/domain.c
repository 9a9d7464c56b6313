// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest consoles: discovery through xenstore watches, connection (ring
 * page, event channel, pty, log), the copy loop in both directions with
 * flood limiting, and teardown when the domain dies or breaks its ring.
 *
 * Everything under /local/domain/N/console is writable by guest N, so every
 * value read there is parsed strictly, and the only resources it can name
 * are its own (grant 0 or a frame of domain N, a port of domain N). The tty
 * node we write is made dom0-owned so that the guest can neither rewrite it
 * nor remove it, and the client checks that owner before trusting it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain.h"

#define TOKEN_INTRO "intro"
#define TOKEN_RELEASE "release"
#define TOKEN_CONSOLE "con:"
#define WINDOW_MS 100
#define COPY_CHUNK 4096

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void console_path(unsigned int domid, const char *leaf, char *buf,
			 size_t len)
{
	snprintf(buf, len, "/local/domain/%u/console%s%s", domid,
		 leaf ? "/" : "", leaf ? leaf : "");
}

static struct cdom *dom_find(struct cdaemon *d, unsigned int domid)
{
	struct cdom *dom;

	for (dom = d->doms; dom; dom = dom->next)
		if (dom->domid == domid)
			return dom;
	return NULL;
}

/* Read console/<leaf> of a domain; *val is malloc'd. */
static int read_console_node(struct cdaemon *d, unsigned int domid,
			     const char *leaf, char **val)
{
	char path[128];

	console_path(domid, leaf, path, sizeof(path));
	return cxs_read(d->xs, path, val, NULL);
}

static bool domain_dir_exists(struct cdaemon *d, unsigned int domid)
{
	char path[64], *val;
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	rc = cxs_read(d->xs, path, &val, NULL);
	if (!rc)
		free(val);
	return rc != -ENOENT;
}

static void dom_disconnect(struct cdaemon *d, struct cdom *dom)
{
	char path[128];
	int rc;

	if (dom->chan.fd >= 0)
		d->io.ops->unbind(&d->io, &dom->chan);
	if (dom->map.kind != MAP_NONE)
		d->io.ops->unmap(&d->io, &dom->map);
	if (dom->pty.master >= 0) {
		cpty_close(&dom->pty);
		console_path(dom->domid, "tty", path, sizeof(path));
		rc = cxs_rm(d->xs, path);
		if (rc && rc != -ENOENT)
			log_debug("dom%u: removing %s: %s", dom->domid, path,
				  strerror(-rc));
	}
	glog_close(&dom->log);
	outbuf_free(&dom->out);
	memset(&dom->ring, 0, sizeof(dom->ring));
	dom->state = DOM_WAITING;
	dom->masked = false;
}

/* The guest corrupted its ring: stop serving it, leave the others alone. */
static void dom_break(struct cdaemon *d, struct cdom *dom)
{
	static const char note[] =
		"\n[xenconsoled: ring indices corrupted by the guest; "
		"console closed]\n";

	log_msg("dom%u (%s): console ring indices corrupted: no longer served",
		dom->domid, dom->name);
	glog_write(&dom->log, note, sizeof(note) - 1, 0);
	dom_disconnect(d, dom);
	dom->state = DOM_BROKEN;
}

static void flush_pty(struct cdom *dom)
{
	while (dom->out.len) {
		size_t len;
		const char *p = outbuf_peek(&dom->out, &len);
		ssize_t n = write(dom->pty.master, p, len);

		if (n > 0) {
			outbuf_consume(&dom->out, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			log_debug("dom%u: pty write: %s", dom->domid,
				  strerror(errno));
		break;
	}
}

static void note_throttle(struct cdom *dom)
{
	uint64_t t = dom->rl.throttles;

	/* 1, 10, 100, ...: a flood is reported, never itself a flood. */
	while (t >= 10 && t % 10 == 0)
		t /= 10;
	if (t == 1)
		log_msg("dom%u (%s): console flood, throttled (%llu times)",
			dom->domid, dom->name,
			(unsigned long long)dom->rl.throttles);
}

/* Move guest output to the log and the pty, within the flood budget, and
 * re-enable the event channel unless the guest is throttled. */
static void dom_serve(struct cdaemon *d, struct cdom *dom, uint64_t now)
{
	char buf[COPY_CHUNK];
	bool consumed = false;
	uint64_t before = dom->rl.throttles;

	if (dom->state != DOM_CONNECTED)
		return;
	for (;;) {
		uint32_t budget = ratelimit_budget(&dom->rl, now);
		size_t want = budget < sizeof(buf) ? budget : sizeof(buf);
		int n;

		if (!want)
			break;
		n = cring_read(&dom->ring, buf, want);
		if (n < 0) {
			dom_break(d, dom);
			return;
		}
		if (!n)
			break;
		consumed = true;
		ratelimit_charge(&dom->rl, now, (uint32_t)n);
		glog_write(&dom->log, buf, (size_t)n, d->conf.log_max);
		outbuf_push(&dom->out, buf, (size_t)n);
	}
	if (dom->rl.throttles != before)
		note_throttle(dom);
	/* The guest may be waiting for room on its output ring. */
	if (consumed)
		d->io.ops->notify(&d->io, &dom->chan);
	flush_pty(dom);
	if (dom->masked && !ratelimit_wait(&dom->rl, now)) {
		if (d->io.ops->unmask(&d->io, &dom->chan))
			log_debug("dom%u: unmask failed", dom->domid);
		dom->masked = false;
	}
}

/* Input typed on the pty goes onto the guest's input ring. */
static void dom_input(struct cdaemon *d, struct cdom *dom)
{
	char buf[XENCONS_IN_SIZE];
	size_t space = cring_in_space(&dom->ring);
	ssize_t n;
	int w;

	if (dom->ring.broken) {
		dom_break(d, dom);
		return;
	}
	if (!space)
		return;
	n = read(dom->pty.master, buf, space < sizeof(buf) ? space
							  : sizeof(buf));
	if (n <= 0)
		return;
	/* Fewer bytes fit only if the guest moved in_cons backwards; what
	 * does not fit is that guest's own loss. */
	w = cring_write(&dom->ring, buf, (size_t)n);
	if (w < 0) {
		dom_break(d, dom);
		return;
	}
	if (w)
		d->io.ops->notify(&d->io, &dom->chan);
}

static int publish_tty(struct cdaemon *d, struct cdom *dom)
{
	char path[128], guest[16];
	const char *perms[2] = { "n0", guest };
	int rc;

	console_path(dom->domid, "tty", path, sizeof(path));
	rc = cxs_write(d->xs, path, dom->pty.path);
	if (rc)
		return rc;
	/* dom0 owns the node; the guest may read it, not change it. */
	snprintf(guest, sizeof(guest), "r%u", dom->domid);
	return cxs_set_perms(d->xs, path, perms, 2);
}

static void dom_connect(struct cdaemon *d, struct cdom *dom)
{
	uint32_t per_window_bytes = d->conf.rate_bytes / (1000 / WINDOW_MS);
	uint32_t per_window_events = d->conf.rate_events / (1000 / WINDOW_MS);
	char *name = NULL;
	const char *step;
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/name", dom->domid);
	if (cxs_read(d->xs, path, &name, NULL))
		name = NULL;
	sanitize_name(name, dom->domid, dom->name, sizeof(dom->name));
	free(name);
	ratelimit_init(&dom->rl, WINDOW_MS,
		       per_window_bytes ? per_window_bytes : 1,
		       per_window_events ? per_window_events : 1);

	step = "buffer";
	rc = outbuf_init(&dom->out, d->conf.buffer_size);
	if (rc)
		goto fail;
	step = "map ring";
	rc = d->io.ops->map(&d->io, dom->domid, dom->ring_ref, &dom->map);
	if (rc)
		goto fail;
	log_debug("dom%u: ring mapped by %s", dom->domid,
		  dom->map.kind == MAP_GNTDEV	? "grant"
		  : dom->map.kind == MAP_PRIVCMD ? "foreign frame"
						 : "test file");
	step = "bind event channel";
	rc = d->io.ops->bind(&d->io, dom->domid, dom->remote_port, &dom->chan);
	if (rc)
		goto fail;
	step = "open pty";
	rc = cpty_open(&dom->pty);
	if (rc)
		goto fail;
	step = "publish tty";
	rc = publish_tty(d, dom);
	if (rc)
		goto fail;
	if (d->conf.log_dir) {
		rc = glog_open(&dom->log, d->conf.log_dir, dom->name);
		if (rc)
			log_msg("dom%u: cannot open log %s: %s", dom->domid,
				dom->log.path, strerror(-rc));
	}
	dom->state = DOM_CONNECTED;
	log_msg("dom%u (%s): console on %s (ring-ref %llu, port %u)",
		dom->domid, dom->name, dom->pty.path,
		(unsigned long long)dom->ring_ref, dom->remote_port);
	if (cring_attach(&dom->ring, dom->map.page)) {
		dom_break(d, dom);
		return;
	}
	/* Output the guest produced before we came. */
	dom_serve(d, dom, now_ms());
	return;

fail:
	log_msg("dom%u: %s failed: %s", dom->domid, step, strerror(-rc));
	dom_disconnect(d, dom);
}

/* Console nodes changed (or first seen): connect, reconnect or wait. */
static void dom_console_changed(struct cdaemon *d, struct cdom *dom)
{
	char *type = NULL, *ref = NULL, *port = NULL;
	uint64_t ring_ref;
	unsigned int remote_port;

	/* Consoles of another type (an emulated one) are not ours. */
	if (!read_console_node(d, dom->domid, "type", &type) &&
	    strcmp(type, "xenconsoled"))
		goto out;
	if (read_console_node(d, dom->domid, "ring-ref", &ref) ||
	    read_console_node(d, dom->domid, "port", &port))
		goto out; /* not there yet (or being removed) */
	if (parse_u64(ref, &ring_ref) || parse_port(port, &remote_port)) {
		log_msg("dom%u: invalid console/ring-ref '%s' or port", dom->domid,
			log_escape(ref));
		goto out;
	}
	if (dom->state != DOM_WAITING && dom->ring_ref == ring_ref &&
	    dom->remote_port == remote_port)
		goto out; /* our own tty write, or nothing new */
	if (dom->state == DOM_CONNECTED)
		dom_disconnect(d, dom);
	dom->ring_ref = ring_ref;
	dom->remote_port = remote_port;
	dom_connect(d, dom);
out:
	free(type);
	free(ref);
	free(port);
}

static struct cdom *dom_add(struct cdaemon *d, unsigned int domid)
{
	struct cdom *dom = calloc(1, sizeof(*dom));
	char path[64], token[32];
	int rc;

	if (!dom)
		return NULL;
	dom->domid = domid;
	dom->chan.fd = -1;
	dom->pty.master = dom->pty.slave = -1;
	dom->log.fd = -1;
	dom->pfd_chan = dom->pfd_pty = -1;
	snprintf(dom->name, sizeof(dom->name), "dom%u", domid);
	console_path(domid, NULL, path, sizeof(path));
	snprintf(token, sizeof(token), TOKEN_CONSOLE "%u", domid);
	/* Fires once at once: that first event does the first connect. */
	rc = cxs_watch(d->xs, path, token);
	if (rc) {
		log_msg("dom%u: cannot watch %s: %s", domid, path,
			strerror(-rc));
		free(dom);
		return NULL;
	}
	dom->next = d->doms;
	d->doms = dom;
	log_debug("dom%u: watching %s", domid, path);
	return dom;
}

static void dom_remove(struct cdaemon *d, struct cdom *dom)
{
	struct cdom **pp;
	char path[64], token[32];

	log_msg("dom%u (%s): gone, console closed", dom->domid, dom->name);
	dom_disconnect(d, dom);
	console_path(dom->domid, NULL, path, sizeof(path));
	snprintf(token, sizeof(token), TOKEN_CONSOLE "%u", dom->domid);
	cxs_unwatch(d->xs, path, token);
	for (pp = &d->doms; *pp; pp = &(*pp)->next) {
		if (*pp == dom) {
			*pp = dom->next;
			break;
		}
	}
	free(dom);
}

/* Is the domain gone? xenstored forgets a domain once the hypervisor
 * reports it dying; before its introduction, only the toolstack's removal
 * of /local/domain/N tells. */
static bool dom_gone(struct cdaemon *d, struct cdom *dom)
{
	int rc = cxs_is_introduced(d->xs, dom->domid);

	if (rc == 1) {
		dom->seen_introduced = true;
		return false;
	}
	if (rc < 0)
		return false; /* cannot tell: keep it */
	return dom->seen_introduced || !domain_dir_exists(d, dom->domid);
}

static void reap(struct cdaemon *d)
{
	struct cdom *dom = d->doms, *next;

	for (; dom; dom = next) {
		next = dom->next;
		if (dom_gone(d, dom))
			dom_remove(d, dom);
	}
}

static int scan(struct cdaemon *d)
{
	char **names;
	unsigned int n, i, domid;
	int rc = cxs_directory(d->xs, "/local/domain", &names, &n);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		if (parse_domid(names[i], &domid))
			continue; /* dom0 (no ring console) and junk */
		if (!dom_find(d, domid))
			dom_add(d, domid);
	}
	free(names);
	/* Learn who is introduced now, so that death is recognised later. */
	reap(d);
	return 0;
}

int daemon_watch(struct cdaemon *d)
{
	int rc = cxs_watch(d->xs, "@introduceDomain", TOKEN_INTRO);

	if (!rc)
		rc = cxs_watch(d->xs, "@releaseDomain", TOKEN_RELEASE);
	return rc;
}

int daemon_event(struct cdaemon *d, const char *path, const char *token)
{
	unsigned int domid;
	struct cdom *dom;

	log_debug("watch %s [%s]", log_escape(path), token);
	if (!strcmp(token, TOKEN_INTRO))
		return scan(d);
	if (!strcmp(token, TOKEN_RELEASE)) {
		reap(d);
		return 0;
	}
	if (strncmp(token, TOKEN_CONSOLE, strlen(TOKEN_CONSOLE)) ||
	    parse_domid(token + strlen(TOKEN_CONSOLE), &domid))
		return 0;
	dom = dom_find(d, domid);
	if (!dom)
		return 0; /* a late event for a domain already removed */
	if (dom_gone(d, dom)) {
		dom_remove(d, dom);
		return 0;
	}
	dom_console_changed(d, dom);
	return 0;
}

unsigned int daemon_poll_slots(const struct cdaemon *d)
{
	const struct cdom *dom;
	unsigned int n = 0;

	for (dom = d->doms; dom; dom = dom->next)
		n += 2;
	return n;
}

void daemon_poll_fill(struct cdaemon *d, struct pollfd *pfd, unsigned int *n)
{
	struct cdom *dom;

	for (dom = d->doms; dom; dom = dom->next) {
		short ev = 0;

		dom->pfd_chan = dom->pfd_pty = -1;
		if (dom->state != DOM_CONNECTED)
			continue;
		dom->pfd_chan = (int)*n;
		pfd[(*n)++] = (struct pollfd){ .fd = dom->chan.fd,
					       .events = POLLIN };
		if (cring_in_space(&dom->ring))
			ev |= POLLIN;
		if (dom->out.len)
			ev |= POLLOUT;
		if (!ev)
			continue; /* a master with nothing to do stays out */
		dom->pfd_pty = (int)*n;
		pfd[(*n)++] = (struct pollfd){ .fd = dom->pty.master,
					       .events = ev };
	}
}

void daemon_poll_handle(struct cdaemon *d, const struct pollfd *pfd,
			uint64_t now)
{
	struct cdom *dom;

	for (dom = d->doms; dom; dom = dom->next) {
		if (dom->state != DOM_CONNECTED)
			continue;
		if (dom->pfd_chan >= 0 && pfd[dom->pfd_chan].revents) {
			int rc = d->io.ops->pending(&d->io, &dom->chan);

			if (rc > 0) {
				dom->masked = true;
				ratelimit_event(&dom->rl, now);
			}
			dom_serve(d, dom, now);
		}
		if (dom->state != DOM_CONNECTED || dom->pfd_pty < 0)
			continue;
		if (pfd[dom->pfd_pty].revents & POLLIN)
			dom_input(d, dom);
		if (dom->state == DOM_CONNECTED &&
		    (pfd[dom->pfd_pty].revents & POLLOUT))
			flush_pty(dom);
	}
}

int daemon_timeout(struct cdaemon *d, uint64_t now)
{
	struct cdom *dom;
	uint64_t best = UINT64_MAX;

	for (dom = d->doms; dom; dom = dom->next) {
		uint64_t w;

		if (dom->state != DOM_CONNECTED || !dom->masked)
			continue;
		w = ratelimit_wait(&dom->rl, now);
		if (w < best)
			best = w;
	}
	return best == UINT64_MAX ? -1 : (int)(best > 60000 ? 60000 : best);
}

void daemon_tick(struct cdaemon *d, uint64_t now)
{
	struct cdom *dom;

	for (dom = d->doms; dom; dom = dom->next)
		if (dom->state == DOM_CONNECTED && dom->masked &&
		    !ratelimit_wait(&dom->rl, now))
			dom_serve(d, dom, now);
}

void daemon_reopen_logs(struct cdaemon *d)
{
	struct cdom *dom;

	for (dom = d->doms; dom; dom = dom->next)
		if (dom->state == DOM_CONNECTED && glog_reopen(&dom->log))
			log_msg("dom%u: cannot reopen %s", dom->domid,
				dom->log.path);
}

void daemon_shutdown(struct cdaemon *d)
{
	while (d->doms) {
		struct cdom *dom = d->doms;

		d->doms = dom->next;
		dom_disconnect(d, dom);
		free(dom);
	}
}
