// SPDX-License-Identifier: GPL-2.0-only
/*
 * The request handlers and their dispatch table. Each handler validates its
 * arguments and permissions first, then changes the store; errors are
 * returned as errno values and turned into XS_ERROR replies by xs_process().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "ops.h"
#include "watch.h"

#define F_PRIV (1u << 0)  /* privileged callers only, else EACCES */
#define F_NOTID (1u << 1) /* tx_id is ignored */

void xs_reply(struct xs_req *r, const void *body, unsigned int len)
{
	xs_conn_reply(r->c, r->hdr, r->hdr->type, body, len);
}

void xs_ack(struct xs_req *r)
{
	xs_reply(r, "OK", 3);
}

/* Relative paths are below /local/domain/<domid>; '@' paths stay as is. */
static int canonicalize(struct xs_req *r, const char *path, char *out)
{
	char base[64];
	int l;

	if (path[0] == '/' || path[0] == '@') {
		l = snprintf(out, XS_PATH_BUF, "%s", path);
	} else {
		xs_conn_implicit_path(r->c, base, sizeof(base));
		l = snprintf(out, XS_PATH_BUF, "%s/%s", base, path);
	}
	return (l < 0 || l >= XS_PATH_BUF) ? EINVAL : 0;
}

static unsigned int perm_of(const struct xs_req *r, const struct xs_node *n)
{
	return xs_perm_for(&r->c->who, n->perms, n->nr_perms);
}

/*
 * A failed lookup must not reveal whether an unreadable node exists: the
 * answer is the real error only if the nearest existing ancestor grants
 * the access asked for, else EACCES (Xen's rule).
 */
static int error_from_parents(struct xs_req *r, const char *path, int err,
			      unsigned int want)
{
	char buf[XS_PATH_BUF];
	const struct xs_node *n = NULL;
	char *slash;

	snprintf(buf, sizeof(buf), "%s", path);
	while (!n) {
		slash = strrchr(buf, '/');
		if (!slash)
			return EACCES;
		if (slash == buf) {
			n = r->s->root;
			break;
		}
		*slash = '\0';
		n = xs_store_peek(r->s, buf);
	}
	return (perm_of(r, n) & want) ? err : EACCES;
}

/*
 * Canonicalise path into name and look it up for the access in want.
 * Returns 0 with *out set, or EINVAL / ENOENT / EACCES.
 */
static int get_node(struct xs_req *r, const char *path, char *name,
		    unsigned int want, struct xs_node **out)
{
	struct xs_node *n;
	int rc;

	*out = NULL;
	if (!path)
		return EINVAL;
	rc = canonicalize(r, path, name);
	if (rc)
		return rc;
	if (!xs_path_is_valid(name))
		return EINVAL;
	rc = xs_store_find(r->s, name, &n);
	if (rc)
		return rc;
	if (n && (perm_of(r, n) & want) == want) {
		*out = n;
		return 0;
	}
	return error_from_parents(r, name, n ? EACCES : ENOENT, want);
}

static const char *onearg(const struct xs_req *r)
{
	return xs_wire_onearg(r->body, r->len);
}

/* Fire now, or when the transaction commits. */
static void changed(struct xs_req *r, const char *path, bool exact,
		    const struct xs_node *n, const struct xs_perm *oldp,
		    unsigned int nr_oldp)
{
	struct xs_permset sets[3];
	unsigned int nr = 0;

	if (r->t) {
		xs_txn_queue_event(r->t, path, exact);
		return;
	}
	if (n) {
		sets[nr++] = (struct xs_permset){ n->perms, n->nr_perms };
		if (n->parent)
			sets[nr++] = (struct xs_permset){
				n->parent->perms, n->parent->nr_perms
			};
	}
	if (oldp)
		sets[nr++] = (struct xs_permset){ oldp, nr_oldp };
	xs_watch_fire(r->d, path, exact, sets, nr);
}

static int do_directory(struct xs_req *r)
{
	char name[XS_PATH_BUF], *buf;
	struct xs_node *n;
	int rc = get_node(r, onearg(r), name, XS_PERM_READ, &n);

	if (rc)
		return rc;
	if (n->childlen > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	buf = malloc(n->childlen + 1);
	if (!buf)
		return ENOMEM;
	xs_node_list_children(n, buf);
	xs_reply(r, buf, n->childlen);
	free(buf);
	return 0;
}

/*
 * Reply: "<generation>\0" then as many whole child names as fit from byte
 * offset on; an extra "\0" marks the end of the list.
 */
static int do_directory_part(struct xs_req *r)
{
	char name[XS_PATH_BUF], gen[24], *list, *out;
	const char *v[2];
	unsigned int off, len = 0, maxlen, genlen;
	struct xs_node *n;
	int rc;

	if (xs_wire_args(r->body, r->len, v, 2) != 2)
		return EINVAL;
	rc = get_node(r, v[0], name, XS_PERM_READ, &n);
	if (rc)
		return rc;
	off = (unsigned int)atoi(v[1]);
	genlen = (unsigned int)snprintf(gen, sizeof(gen), "%" PRIu64,
					n->gen) + 1;
	out = malloc(XENSTORE_PAYLOAD_MAX + 1);
	list = malloc(n->childlen + 1);
	if (!out || !list) {
		rc = ENOMEM;
		goto out;
	}
	memcpy(out, gen, genlen);
	if (off >= n->childlen) {
		out[genlen] = '\0';
		xs_reply(r, out, genlen + 1);
		goto out;
	}
	xs_node_list_children(n, list);
	maxlen = XENSTORE_PAYLOAD_MAX - genlen - 1;
	while (off + len < n->childlen) {
		unsigned int l = (unsigned int)strlen(list + off + len);

		if (len + l >= maxlen)
			break;
		len += l + 1;
	}
	memcpy(out + genlen, list + off, len);
	if (off + len == n->childlen)
		out[genlen + len++] = '\0';
	xs_reply(r, out, genlen + len);
out:
	free(out);
	free(list);
	return rc;
}

static int do_read(struct xs_req *r)
{
	char name[XS_PATH_BUF];
	struct xs_node *n;
	int rc = get_node(r, onearg(r), name, XS_PERM_READ, &n);

	if (rc)
		return rc;
	xs_reply(r, n->data, n->datalen);
	return 0;
}

static int do_get_perms(struct xs_req *r)
{
	char name[XS_PATH_BUF], *buf;
	struct xs_node *n;
	size_t size;
	int rc = get_node(r, onearg(r), name, XS_PERM_READ, &n);
	int len;

	if (rc)
		return rc;
	size = (size_t)n->nr_perms * 16 + 1; /* "b-2147483648\0" */
	buf = malloc(size);
	if (!buf)
		return ENOMEM;
	len = xs_perms_format(n->perms, n->nr_perms, buf, size);
	if (len < 0)
		rc = EINVAL;
	else
		xs_reply(r, buf, (unsigned int)len);
	free(buf);
	return rc;
}

/* Node count change still pending in the caller's transaction. */
static int pending_nodes(const struct xs_req *r)
{
	return r->t ? xs_acct_nodes(&r->t->delta, r->c->who.domid) : 0;
}

/* Create name (and missing ancestors) with the given value. */
static int create(struct xs_req *r, const char *name, const char *data,
		  unsigned int datalen, struct xs_node **out)
{
	const struct xs_caller *who = &r->c->who;
	struct xs_node *deepest;
	unsigned int missing, nr_perms;
	const char *first;
	int rc;

	xs_store_missing(r->s, name, &missing, &deepest);
	/* Validate every limit before touching the store. */
	rc = xs_quota_new_nodes(&r->d->quota, &r->d->acct, who,
				pending_nodes(r), missing);
	if (rc)
		return rc;
	nr_perms = deepest->nr_perms;
	/* The deepest existing node gains the first missing component. */
	first = name + 1;
	if (deepest->parent) {
		char dpath[XS_PATH_BUF];

		first = name + xs_node_path(deepest, dpath, sizeof(dpath)) + 1;
	}
	rc = xs_quota_entry(&r->d->quota, who,
			    xs_node_entry_size(deepest, deepest->datalen,
					       (unsigned int)strcspn(first, "/") +
						       1,
					       nr_perms));
	if (!rc) {
		struct xs_node leaf = { .childlen = 0 };

		rc = xs_quota_entry(&r->d->quota, who,
				    xs_node_entry_size(&leaf, datalen, 0,
						       nr_perms));
	}
	if (rc)
		return rc;

	rc = xs_store_create(r->s, name,
			     who->privileged ? -1L : (long)who->domid,
			     out);
	if (!rc && datalen)
		rc = xs_store_set_data(r->s, *out, data, datalen);
	return rc;
}

static int do_write(struct xs_req *r)
{
	char name[XS_PATH_BUF];
	const char *v[1], *data;
	unsigned int datalen;
	struct xs_node *n;
	int rc;

	/* The value may contain NULs: it is everything after the path. */
	if (xs_wire_args(r->body, r->len, v, 1) < 1)
		return EINVAL;
	data = r->body + strlen(v[0]) + 1;
	datalen = r->len - (unsigned int)(data - r->body);
	rc = get_node(r, v[0], name, XS_PERM_WRITE, &n);
	if (rc == ENOENT) {
		rc = create(r, name, data, datalen, &n);
	} else if (!rc) {
		rc = xs_quota_entry(&r->d->quota, &r->c->who,
				    xs_node_entry_size(n, datalen, 0,
						       n->nr_perms));
		if (!rc)
			rc = xs_store_set_data(r->s, n, data, datalen);
	}
	if (rc)
		return rc;
	changed(r, name, false, n, NULL, 0);
	xs_ack(r);
	return 0;
}

static int do_mkdir(struct xs_req *r)
{
	char name[XS_PATH_BUF];
	struct xs_node *n;
	int rc = get_node(r, onearg(r), name, XS_PERM_WRITE, &n);

	if (rc == ENOENT) {
		rc = create(r, name, NULL, 0, &n);
		if (!rc)
			changed(r, name, false, n, NULL, 0);
	}
	if (rc)
		return rc;
	xs_ack(r);
	return 0;
}

static void rm_visit(void *arg, const char *path, const struct xs_node *n,
		     bool is_top)
{
	/* Children are reported exactly; the removed node to its watchers'
	 * whole subtree match. */
	changed(arg, path, !is_top, n, NULL, 0);
}

static int do_rm(struct xs_req *r)
{
	char name[XS_PATH_BUF], parent[XS_PATH_BUF];
	struct xs_node *n, *p;
	char *slash;
	int rc = get_node(r, onearg(r), name, XS_PERM_WRITE, &n);

	if (rc == ENOENT) {
		/* Fine if the parent exists. */
		snprintf(parent, sizeof(parent), "%s", name);
		slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		rc = xs_store_find(r->s, parent, &p);
		if (!rc && !p)
			rc = ENOENT;
		if (!rc)
			xs_ack(r);
		return rc;
	}
	if (rc)
		return rc;
	if (!strcmp(name, "/"))
		return EINVAL;
	rc = xs_store_remove(r->s, n, rm_visit, r);
	if (rc)
		return rc;
	xs_ack(r);
	return 0;
}

static int set_special_perms(struct xs_req *r, const char *name,
			     const struct xs_perm *p, unsigned int nr)
{
	struct xs_special *sp;
	struct xs_perm *np;

	if (!strcmp(name, XS_SPECIAL_INTRODUCE))
		sp = &r->d->special[XS_SPECIAL_IDX_INTRODUCE];
	else if (!strcmp(name, XS_SPECIAL_RELEASE))
		sp = &r->d->special[XS_SPECIAL_IDX_RELEASE];
	else
		return EINVAL;
	if ((xs_perm_for(&r->c->who, sp->perms, sp->nr_perms) &
	     (XS_PERM_WRITE | XS_PERM_OWNER)) !=
	    (XS_PERM_WRITE | XS_PERM_OWNER))
		return EACCES;
	np = malloc(nr * sizeof(*np));
	if (!np)
		return ENOMEM;
	memcpy(np, p, nr * sizeof(*np));
	free(sp->perms);
	sp->perms = np;
	sp->nr_perms = nr;
	return 0;
}

static int do_set_perms(struct xs_req *r)
{
	char name[XS_PATH_BUF];
	unsigned int nr = xs_wire_args(r->body, r->len, NULL, 0), nr_old;
	struct xs_perm *p, *old = NULL;
	struct xs_node *n;
	int rc;

	if (nr < 2)
		return EINVAL;
	nr--;
	rc = xs_quota_perms(&r->d->quota, &r->c->who, nr);
	if (rc)
		return rc;
	p = calloc(nr, sizeof(*p));
	if (!p)
		return ENOMEM;
	rc = xs_perms_parse(r->body + strlen(r->body) + 1, nr, p);
	if (rc)
		goto out;
	if (r->body[0] == '@') {
		rc = set_special_perms(r, r->body, p, nr);
		if (!rc)
			xs_ack(r);
		goto out;
	}
	/* A node's owner must be a domain that exists (ENOENT, as Xen 4.17). */
	rc = ENOENT;
	if (!xs_domain_exists(r->d, p[0].id))
		goto out;
	rc = get_node(r, r->body, name, XS_PERM_WRITE | XS_PERM_OWNER, &n);
	if (rc)
		goto out;
	/* Only privileged callers may give a node away. */
	rc = EPERM;
	if (!r->c->who.privileged && p[0].id != n->perms[0].id)
		goto out;
	rc = xs_quota_entry(&r->d->quota, &r->c->who,
			    xs_node_entry_size(n, n->datalen, 0, nr));
	if (rc)
		goto out;
	nr_old = n->nr_perms;
	old = malloc(nr_old * sizeof(*old));
	rc = ENOMEM;
	if (!old)
		goto out;
	memcpy(old, n->perms, nr_old * sizeof(*old));
	rc = xs_store_set_perms(r->s, n, p, nr);
	if (rc)
		goto out;
	changed(r, name, false, n, old, nr_old);
	xs_ack(r);
out:
	free(old);
	free(p);
	return rc;
}

static int do_watch(struct xs_req *r)
{
	const char *v[2];
	struct xs_watch *w;
	int rc;

	if (xs_wire_args(r->body, r->len, v, 2) != 2)
		return EINVAL;
	rc = xs_watch_add(r->c, v[0], v[1], &w);
	if (rc)
		return rc;
	xs_ack(r);
	/* Fire once straight away; clients rely on it. */
	xs_conn_event(r->c, xs_watch_report_path(r->c, w, w->path), w->token);
	return 0;
}

static int do_unwatch(struct xs_req *r)
{
	const char *v[2];
	int rc;

	if (xs_wire_args(r->body, r->len, v, 2) != 2)
		return EINVAL;
	rc = xs_watch_remove(r->c, v[0], v[1]);
	if (!rc)
		xs_ack(r);
	return rc;
}

static int do_transaction_start(struct xs_req *r)
{
	struct xs_txn *t;
	char id[16];
	int rc;

	if (r->t)
		return EBUSY; /* no nesting */
	rc = xs_txn_start(r->c, &t);
	if (rc)
		return rc;
	snprintf(id, sizeof(id), "%u", t->id);
	xs_reply(r, id, (unsigned int)strlen(id) + 1);
	return 0;
}

static int do_transaction_end(struct xs_req *r)
{
	const char *arg = onearg(r);
	int rc;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return EINVAL;
	if (!r->t)
		return ENOENT;
	rc = xs_txn_end(r->t, arg[0] == 'T');
	r->t = NULL;
	r->s = &r->d->store;
	if (!rc)
		xs_ack(r);
	return rc;
}

static int do_introduce(struct xs_req *r)
{
	const char *v[3];
	int port, rc;

	if (xs_wire_args(r->body, r->len, v, 3) < 3)
		return EINVAL;
	port = atoi(v[2]);
	if (port <= 0)
		return EINVAL;
	/* The frame number is signed decimal on the wire. */
	rc = xs_domain_introduce(r->d, (unsigned int)atoi(v[0]),
				 (uint64_t)strtoll(v[1], NULL, 10),
				 (unsigned int)port);
	if (!rc)
		xs_ack(r);
	return rc;
}

/* RELEASE, RESUME: "<domid>", not 0, introduced. */
static int onearg_domain(struct xs_req *r, struct xs_domain **out)
{
	const char *arg = onearg(r);
	unsigned int domid;

	if (!arg)
		return EINVAL;
	domid = (unsigned int)atoi(arg);
	if (!domid)
		return EINVAL;
	*out = xs_domain_find(r->d, domid);
	return *out ? 0 : ENOENT;
}

static int do_release(struct xs_req *r)
{
	struct xs_domain *dom;
	int rc = onearg_domain(r, &dom);

	if (!rc)
		rc = xs_domain_release(r->d, dom->domid);
	if (!rc)
		xs_ack(r);
	return rc;
}

static int do_resume(struct xs_req *r)
{
	struct xs_domain *dom;
	int rc = onearg_domain(r, &dom);

	if (rc)
		return rc;
	dom->shutdown = false;
	xs_ack(r);
	return 0;
}

static int do_get_domain_path(struct xs_req *r)
{
	const char *arg = onearg(r);
	char path[32];

	if (!arg)
		return EINVAL;
	snprintf(path, sizeof(path), "/local/domain/%u",
		 (unsigned int)atoi(arg));
	xs_reply(r, path, (unsigned int)strlen(path) + 1);
	return 0;
}

static int do_is_domain_introduced(struct xs_req *r)
{
	const char *arg = onearg(r);
	unsigned int domid;
	bool yes;

	if (!arg)
		return EINVAL;
	domid = (unsigned int)atoi(arg);
	yes = domid == XS_DOMID_SELF || xs_domain_find(r->d, domid);
	xs_reply(r, yes ? "T" : "F", 2);
	return 0;
}

static int do_set_target(struct xs_req *r)
{
	struct xs_domain *dom, *tdom;
	const char *v[2];

	if (xs_wire_args(r->body, r->len, v, 2) < 2)
		return EINVAL;
	dom = xs_domain_find(r->d, (unsigned int)atoi(v[0]));
	tdom = xs_domain_find(r->d, (unsigned int)atoi(v[1]));
	if (!dom || !tdom)
		return ENOENT;
	if (!dom->conn || !tdom->conn)
		return EINVAL;
	dom->conn->who.target = tdom->domid;
	xs_ack(r);
	return 0;
}

static int do_reset_watches(struct xs_req *r)
{
	xs_watch_remove_all(r->c);
	xs_txn_free_all(r->c);
	r->t = NULL;
	r->s = &r->d->store;
	xs_ack(r);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct xs_req *r);
	unsigned int flags;
} ops[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { "CONTROL", xs_do_control, F_PRIV },
	[XS_DIRECTORY] = { "DIRECTORY", do_directory, 0 },
	[XS_READ] = { "READ", do_read, 0 },
	[XS_GET_PERMS] = { "GET_PERMS", do_get_perms, 0 },
	[XS_WATCH] = { "WATCH", do_watch, F_NOTID },
	[XS_UNWATCH] = { "UNWATCH", do_unwatch, F_NOTID },
	[XS_TRANSACTION_START] = { "TRANSACTION_START", do_transaction_start,
				   0 },
	[XS_TRANSACTION_END] = { "TRANSACTION_END", do_transaction_end, 0 },
	[XS_INTRODUCE] = { "INTRODUCE", do_introduce, F_PRIV },
	[XS_RELEASE] = { "RELEASE", do_release, F_PRIV },
	[XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", do_get_domain_path, 0 },
	[XS_WRITE] = { "WRITE", do_write, 0 },
	[XS_MKDIR] = { "MKDIR", do_mkdir, 0 },
	[XS_RM] = { "RM", do_rm, 0 },
	[XS_SET_PERMS] = { "SET_PERMS", do_set_perms, 0 },
	[XS_WATCH_EVENT] = { "WATCH_EVENT", NULL, 0 },
	[XS_ERROR] = { "ERROR", NULL, 0 },
	[XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED",
				      do_is_domain_introduced, F_PRIV },
	[XS_RESUME] = { "RESUME", do_resume, F_PRIV },
	[XS_SET_TARGET] = { "SET_TARGET", do_set_target, F_PRIV },
	[XS_RESET_WATCHES] = { "RESET_WATCHES", do_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { "DIRECTORY_PART", do_directory_part, 0 },
};

const char *xs_msg_name(unsigned int type)
{
	return type < XS_TYPE_COUNT ? ops[type].name : NULL;
}

static void trace(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		  const char *body)
{
	const char *name = xs_msg_name(hdr->type);
	unsigned int i;

	fprintf(c->d->trace, "IN dom%u %s (", c->who.domid,
		name ? name : "UNKNOWN");
	/* Client strings are never printed unescaped. */
	for (i = 0; i < hdr->len && i < 256; i++) {
		unsigned char ch = (unsigned char)body[i];

		if (!ch)
			fputc(' ', c->d->trace);
		else if (ch < 0x20 || ch > 0x7e || ch == '\\')
			fprintf(c->d->trace, "\\x%02x", ch);
		else
			fputc(ch, c->d->trace);
	}
	fprintf(c->d->trace, ")\n");
	fflush(c->d->trace);
}

void xs_process(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		const char *body)
{
	struct xs_req r = {
		.d = c->d, .c = c, .hdr = hdr, .body = body, .len = hdr->len,
	};
	int rc;

	if (c->d->trace)
		trace(c, hdr, body);
	/* Xen answers unknown and reply-only types with ENOSYS. */
	if (hdr->type >= XS_TYPE_COUNT || !ops[hdr->type].fn) {
		xs_conn_error(c, hdr, ENOSYS);
		return;
	}
	if ((ops[hdr->type].flags & F_PRIV) && !c->who.privileged) {
		xs_conn_error(c, hdr, EACCES);
		return;
	}
	if (!(ops[hdr->type].flags & F_NOTID) && hdr->tx_id) {
		r.t = xs_txn_find(c, hdr->tx_id);
		if (!r.t) {
			xs_conn_error(c, hdr, ENOENT);
			return;
		}
	}
	r.s = r.t ? &r.t->store : &c->d->store;
	rc = ops[hdr->type].fn(&r);
	if (rc)
		xs_conn_error(c, hdr, rc);
}
