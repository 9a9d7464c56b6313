// SPDX-License-Identifier: GPL-2.0-only
/*
 * Watch registration and event delivery. Events go to the output queue of
 * the watching connection; the connection layer drops duplicates.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "watch.h"

bool xs_watch_matches(const char *watch_path, const char *event_path,
		      bool exact)
{
	size_t len = strlen(watch_path);

	if (exact)
		return !strcmp(watch_path, event_path);
	if (!strcmp(watch_path, "/"))
		return event_path[0] == '/';
	if (strncmp(event_path, watch_path, len))
		return false;
	return event_path[len] == '/' || event_path[len] == '\0';
}

static int canonical(const struct xs_conn *c, const char *path, char *out,
		     size_t size, bool *relative)
{
	char base[64];
	int l;

	*relative = false;
	if (path[0] == '@') {
		if (strlen(path) > XENSTORE_REL_PATH_MAX)
			return EINVAL;
		snprintf(out, size, "%s", path);
		return 0;
	}
	if (path[0] == '/') {
		l = snprintf(out, size, "%s", path);
	} else {
		*relative = true;
		xs_conn_implicit_path(c, base, sizeof(base));
		l = snprintf(out, size, "%s/%s", base, path);
	}
	if (l < 0 || (size_t)l >= size || !xs_path_is_valid(out))
		return EINVAL;
	return 0;
}

int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 struct xs_watch **out)
{
	char canon[XS_PATH_BUF];
	struct xs_watch *w, **tail;
	bool relative;
	int rc = canonical(c, path, canon, sizeof(canon), &relative);

	if (rc)
		return rc;
	for (tail = &c->watches; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->path, canon) &&
		    !strcmp((*tail)->token, token))
			return EEXIST;
	rc = xs_quota_watch(&c->d->quota, &c->d->acct, &c->who);
	if (rc)
		return rc;

	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(canon);
	w->token = strdup(token);
	if (!w->path || !w->token ||
	    xs_acct_add_watches(&c->d->acct, c->who.domid, 1)) {
		free(w->path);
		free(w->token);
		free(w);
		return ENOMEM;
	}
	w->relative = relative;
	*tail = w;
	c->nr_watches++;
	*out = w;
	return 0;
}

static void watch_free(struct xs_conn *c, struct xs_watch *w)
{
	xs_acct_add_watches(&c->d->acct, c->who.domid, -1);
	c->nr_watches--;
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_remove(struct xs_conn *c, const char *path, const char *token)
{
	char canon[XS_PATH_BUF];
	struct xs_watch **pw, *w;
	bool relative;

	/* Xen only canonicalises here; an invalid path just is not found. */
	if (canonical(c, path, canon, sizeof(canon), &relative))
		return ENOENT;
	for (pw = &c->watches; (w = *pw); pw = &w->next) {
		if (!strcmp(w->path, canon) && !strcmp(w->token, token)) {
			*pw = w->next;
			watch_free(c, w);
			return 0;
		}
	}
	return ENOENT;
}

void xs_watch_remove_all(struct xs_conn *c)
{
	struct xs_watch *w;

	while ((w = c->watches)) {
		c->watches = w->next;
		watch_free(c, w);
	}
}

const char *xs_watch_report_path(const struct xs_conn *c,
				 const struct xs_watch *w, const char *path)
{
	char base[64];
	size_t l;

	if (!w->relative)
		return path;
	l = (size_t)xs_conn_implicit_path(c, base, sizeof(base));
	if (strncmp(path, base, l))
		return path;
	path += l;
	return *path == '/' ? path + 1 : path;
}

static bool may_see(const struct xs_conn *c, const struct xs_permset *sets,
		    unsigned int nr_sets)
{
	unsigned int i;

	if (c->who.privileged)
		return true;
	for (i = 0; i < nr_sets; i++)
		if (sets[i].nr &&
		    (xs_perm_for(&c->who, sets[i].p, sets[i].nr) &
		     XS_PERM_READ))
			return true;
	return false;
}

static void deliver(struct xs_conn *c, const char *path, bool exact)
{
	struct xs_watch *w;

	for (w = c->watches; w; w = w->next)
		if (xs_watch_matches(w->path, path, exact))
			xs_conn_event(c, xs_watch_report_path(c, w, path),
				      w->token);
}

void xs_watch_fire(struct xsd *d, const char *path, bool exact,
		   const struct xs_permset *sets, unsigned int nr_sets)
{
	struct xs_conn *c;

	for (c = d->conns; c; c = c->next) {
		if (c->dead || c->ignored || !c->watches)
			continue;
		if (!may_see(c, sets, nr_sets))
			continue;
		deliver(c, path, exact);
	}
}

void xs_watch_fire_special(struct xsd *d, const char *name)
{
	int idx = strcmp(name, XS_SPECIAL_INTRODUCE) ? XS_SPECIAL_IDX_RELEASE
						     : XS_SPECIAL_IDX_INTRODUCE;
	struct xs_permset set = { d->special[idx].perms,
				  d->special[idx].nr_perms };

	xs_watch_fire(d, name, true, &set, 1);
}
