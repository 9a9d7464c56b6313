/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watches: registration per connection, matching of changed paths against
 * watched paths, the special @introduceDomain/@releaseDomain events, and
 * the permission filter on who may see an event.
 */
#ifndef XSD_WATCH_H
#define XSD_WATCH_H

#include <stdbool.h>

#include "conn.h"

struct xs_watch {
	struct xs_watch *next;
	char *path;  /* canonical absolute path or "@..." */
	char *token;
	bool relative; /* registered relative: events are reported relative */
};

/*
 * Does a change of event_path concern a watch on watch_path? exact: only
 * the path itself (deleted children, special events); otherwise the path
 * or anything below it ("/" watches everything but special events).
 */
bool xs_watch_matches(const char *watch_path, const char *event_path,
		      bool exact);

/* Validate and add (EINVAL, EEXIST, E2BIG); *out is the new watch. */
int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 struct xs_watch **out);
int xs_watch_remove(struct xs_conn *c, const char *path, const char *token);
void xs_watch_remove_all(struct xs_conn *c);
/* Path to report to the watch's owner (relative watches get it relative). */
const char *xs_watch_report_path(const struct xs_conn *c,
				 const struct xs_watch *w, const char *path);

/*
 * A set of permissions under which an event may be seen: a watcher gets
 * the event if any of the sets grants it read access.
 */
struct xs_permset {
	const struct xs_perm *p;
	unsigned int nr;
};

/* Queue events for every matching watch whose owner may see the change. */
void xs_watch_fire(struct xsd *d, const char *path, bool exact,
		   const struct xs_permset *sets, unsigned int nr_sets);
/* Fire a special event ("@introduceDomain", "@releaseDomain"). */
void xs_watch_fire_special(struct xsd *d, const char *name);

#endif /* XSD_WATCH_H */
