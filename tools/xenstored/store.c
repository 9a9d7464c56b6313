// SPDX-License-Identifier: GPL-2.0-only
/*
 * The store engine: node tree, generation counts, path syntax. Nothing here
 * knows about connections, permissions policy or I/O; observers learn about
 * every access through s->hooks so transactions and quotas can follow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static int hook(struct xs_store *s, const char *path, const struct xs_node *n,
		enum xs_access kind)
{
	if (!s->hooks.access)
		return 0;
	return s->hooks.access(s->hooks.opaque, path, n, kind);
}

/* Same as hook() but builds the path from the node. */
static int hook_node(struct xs_store *s, const struct xs_node *n,
		     enum xs_access kind)
{
	char path[XS_PATH_BUF];

	if (!s->hooks.access)
		return 0;
	if (xs_node_path(n, path, sizeof(path)) < 0)
		return EINVAL;
	return s->hooks.access(s->hooks.opaque, path, n, kind);
}

static uint64_t next_gen(struct xs_store *s)
{
	return ++*s->gen_counter;
}

bool xs_path_is_valid(const char *path)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz"
				 "0123456789-/_@";
	size_t len = strlen(path), local_off = 0, i;

	if (path[0] != '/')
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	if (strstr(path, "//"))
		return false;
	if (strspn(path, ok) != len)
		return false;

	/* The length limit counts from below /local/domain/<domid>/ when
	 * the path has that prefix (up to five digits, as Xen parses it). */
	if (!strncmp(path, "/local/domain/", 14)) {
		for (i = 14; i < len && i < 19 && path[i] >= '0' &&
			     path[i] <= '9';
		     i++)
			;
		if (i > 14 && path[i] == '/')
			local_off = i + 1;
	}
	return len <= local_off + XENSTORE_REL_PATH_MAX;
}

static struct xs_node *node_alloc(const char *name, size_t namelen)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = strndup(name, namelen);
	if (!n->name) {
		free(n);
		return NULL;
	}
	return n;
}

static void node_free(struct xs_node *n)
{
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n->nr_child; i++)
		node_free(n->child[i]);
	free(n->child);
	free(n->name);
	free(n->data);
	free(n->perms);
	free(n);
}

static int node_copy_perms(struct xs_node *n, const struct xs_perm *p,
			   unsigned int nr)
{
	struct xs_perm *np = malloc(nr * sizeof(*np));

	if (!np)
		return ENOMEM;
	memcpy(np, p, nr * sizeof(*np));
	free(n->perms);
	n->perms = np;
	n->nr_perms = nr;
	return 0;
}

static int node_add_child(struct xs_node *parent, struct xs_node *c)
{
	struct xs_node **nc;
	unsigned int cap;

	if (parent->nr_child == parent->cap_child) {
		cap = parent->cap_child ? parent->cap_child * 2 : 4;
		nc = realloc(parent->child, cap * sizeof(*nc));
		if (!nc)
			return ENOMEM;
		parent->child = nc;
		parent->cap_child = cap;
	}
	parent->child[parent->nr_child++] = c;
	parent->childlen += strlen(c->name) + 1;
	c->parent = parent;
	return 0;
}

static void node_del_child(struct xs_node *parent, struct xs_node *c)
{
	unsigned int i;

	for (i = 0; i < parent->nr_child; i++)
		if (parent->child[i] == c)
			break;
	if (i == parent->nr_child)
		return;
	memmove(&parent->child[i], &parent->child[i + 1],
		(parent->nr_child - i - 1) * sizeof(parent->child[0]));
	parent->nr_child--;
	parent->childlen -= strlen(c->name) + 1;
	c->parent = NULL;
}

int xs_store_init(struct xs_store *s, uint64_t *gen_counter, uint32_t owner)
{
	struct xs_perm p = { .id = owner, .perms = XS_PERM_NONE };

	memset(s, 0, sizeof(*s));
	s->gen_counter = gen_counter;
	s->root = node_alloc("", 0);
	if (!s->root)
		return ENOMEM;
	if (node_copy_perms(s->root, &p, 1)) {
		node_free(s->root);
		s->root = NULL;
		return ENOMEM;
	}
	s->root->gen = next_gen(s);
	s->nr_nodes = 1;
	return 0;
}

void xs_store_destroy(struct xs_store *s)
{
	node_free(s->root);
	s->root = NULL;
	s->nr_nodes = 0;
}

static struct xs_node *node_clone(const struct xs_node *src)
{
	struct xs_node *n = node_alloc(src->name, strlen(src->name));
	unsigned int i;

	if (!n)
		return NULL;
	n->gen = src->gen;
	if (node_copy_perms(n, src->perms, src->nr_perms))
		goto fail;
	if (src->datalen) {
		n->data = malloc(src->datalen);
		if (!n->data)
			goto fail;
		memcpy(n->data, src->data, src->datalen);
		n->datalen = src->datalen;
	}
	if (src->nr_child) {
		n->child = calloc(src->nr_child, sizeof(*n->child));
		if (!n->child)
			goto fail;
		n->cap_child = src->nr_child;
	}
	for (i = 0; i < src->nr_child; i++) {
		struct xs_node *c = node_clone(src->child[i]);

		if (!c)
			goto fail;
		n->child[n->nr_child++] = c;
		c->parent = n;
	}
	n->childlen = src->childlen;
	return n;
fail:
	node_free(n);
	return NULL;
}

int xs_store_clone(struct xs_store *dst, const struct xs_store *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->gen_counter = src->gen_counter;
	dst->root = node_clone(src->root);
	if (!dst->root)
		return ENOMEM;
	dst->nr_nodes = src->nr_nodes;
	return 0;
}

struct xs_node *xs_node_find_child(const struct xs_node *n, const char *name,
				   size_t len)
{
	unsigned int i;

	for (i = 0; i < n->nr_child; i++) {
		const char *cn = n->child[i]->name;

		if (!strncmp(cn, name, len) && cn[len] == '\0')
			return n->child[i];
	}
	return NULL;
}

/*
 * Walk path component by component. Returns the deepest node reached and
 * sets *rest to the first component that was not found ("" if all were).
 */
static struct xs_node *walk(const struct xs_store *s, const char *path,
			    const char **rest)
{
	struct xs_node *n = s->root;
	const char *p = path;

	while (*p == '/')
		p++;
	while (*p) {
		const char *end = strchrnul(p, '/');
		struct xs_node *c = xs_node_find_child(n, p, end - p);

		if (!c)
			break;
		n = c;
		p = end;
		while (*p == '/')
			p++;
	}
	*rest = p;
	return n;
}

struct xs_node *xs_store_peek(const struct xs_store *s, const char *path)
{
	const char *rest;
	struct xs_node *n;

	if (path[0] != '/')
		return NULL;
	n = walk(s, path, &rest);
	return *rest ? NULL : n;
}

int xs_store_find(struct xs_store *s, const char *path, struct xs_node **out)
{
	struct xs_node *n = xs_store_peek(s, path);
	int rc = hook(s, path, n, XS_ACC_READ);

	*out = rc ? NULL : n;
	return rc;
}

void xs_store_missing(const struct xs_store *s, const char *path,
		      unsigned int *missing, struct xs_node **deepest)
{
	const char *rest;
	unsigned int count = 0;

	*deepest = walk(s, path, &rest);
	while (*rest) {
		count++;
		rest = strchrnul(rest, '/');
		while (*rest == '/')
			rest++;
	}
	*missing = count;
}

int xs_store_create(struct xs_store *s, const char *path, long owner,
		    struct xs_node **out)
{
	const char *rest;
	struct xs_node *parent = walk(s, path, &rest);
	int rc;

	while (*rest) {
		const char *end = strchrnul(rest, '/');
		struct xs_node *n = node_alloc(rest, end - rest);

		if (!n)
			return ENOMEM;
		if (node_copy_perms(n, parent->perms, parent->nr_perms)) {
			node_free(n);
			return ENOMEM;
		}
		if (owner >= 0)
			n->perms[0].id = (uint32_t)owner;
		rc = hook_node(s, parent, XS_ACC_WRITE);
		if (!rc)
			rc = node_add_child(parent, n);
		if (rc) {
			node_free(n);
			return rc;
		}
		parent->gen = next_gen(s);
		n->gen = next_gen(s);
		s->nr_nodes++;
		rc = hook_node(s, n, XS_ACC_CREATE);
		if (rc)
			return rc;
		parent = n;
		rest = end;
		while (*rest == '/')
			rest++;
	}
	*out = parent;
	return 0;
}

int xs_store_set_data(struct xs_store *s, struct xs_node *n, const void *data,
		      unsigned int len)
{
	char *d = NULL;
	int rc = hook_node(s, n, XS_ACC_WRITE);

	if (rc)
		return rc;
	if (len) {
		d = malloc(len);
		if (!d)
			return ENOMEM;
		memcpy(d, data, len);
	}
	free(n->data);
	n->data = d;
	n->datalen = len;
	n->gen = next_gen(s);
	return 0;
}

int xs_store_set_perms(struct xs_store *s, struct xs_node *n,
		       const struct xs_perm *p, unsigned int nr)
{
	int rc;

	if (!nr)
		return EINVAL;
	rc = hook_node(s, n, XS_ACC_PERMS_BEFORE);
	if (rc)
		return rc;
	rc = node_copy_perms(n, p, nr);
	n->gen = next_gen(s);
	hook_node(s, n, XS_ACC_PERMS_AFTER);
	return rc;
}

struct remove_ctx {
	struct xs_store *s;
	void (*visit)(void *arg, const char *path, const struct xs_node *n,
		      bool is_top);
	void *arg;
	char path[XS_PATH_BUF];
};

/* Post-order walk; ctx->path holds the path of n on entry and exit. */
static void remove_sub(struct remove_ctx *ctx, struct xs_node *n, bool top)
{
	size_t len = strlen(ctx->path);
	unsigned int i;

	for (i = 0; i < n->nr_child; i++) {
		const char *cn = n->child[i]->name;

		if (len + 1 + strlen(cn) >= sizeof(ctx->path))
			continue;
		snprintf(ctx->path + len, sizeof(ctx->path) - len, "%s%s",
			 len > 1 ? "/" : "", cn);
		remove_sub(ctx, n->child[i], false);
		ctx->path[len] = '\0';
	}
	if (ctx->visit)
		ctx->visit(ctx->arg, ctx->path, n, top);
	hook(ctx->s, ctx->path, n, XS_ACC_DELETE);
	ctx->s->nr_nodes--;
}

int xs_store_remove(struct xs_store *s, struct xs_node *n,
		    void (*visit)(void *arg, const char *path,
				  const struct xs_node *n, bool is_top),
		    void *arg)
{
	struct remove_ctx *ctx;
	struct xs_node *parent = n->parent;
	int rc;

	if (!parent)
		return EINVAL;
	rc = hook_node(s, parent, XS_ACC_WRITE);
	if (rc)
		return rc;
	ctx = malloc(sizeof(*ctx));
	if (!ctx)
		return ENOMEM;
	ctx->s = s;
	ctx->visit = visit;
	ctx->arg = arg;
	if (xs_node_path(n, ctx->path, sizeof(ctx->path)) < 0) {
		free(ctx);
		return EINVAL;
	}
	remove_sub(ctx, n, true);
	free(ctx);
	node_del_child(parent, n);
	parent->gen = next_gen(s);
	node_free(n);
	return 0;
}

int xs_node_path(const struct xs_node *n, char *buf, size_t size)
{
	const struct xs_node *p;
	size_t len = 0, l;

	if (!n->parent) {
		if (size < 2)
			return -1;
		strcpy(buf, "/");
		return 1;
	}
	for (p = n; p->parent; p = p->parent)
		len += strlen(p->name) + 1;
	if (len + 1 > size)
		return -1;
	buf[len] = '\0';
	l = len;
	for (p = n; p->parent; p = p->parent) {
		size_t nl = strlen(p->name);

		l -= nl;
		memcpy(buf + l, p->name, nl);
		buf[--l] = '/';
	}
	return (int)len;
}

void xs_node_list_children(const struct xs_node *n, char *buf)
{
	unsigned int i;
	size_t off = 0;

	for (i = 0; i < n->nr_child; i++) {
		size_t l = strlen(n->child[i]->name) + 1;

		memcpy(buf + off, n->child[i]->name, l);
		off += l;
	}
}

/*
 * Xen stores a node as a record: 24-byte header (u64 generation and three
 * u32 counts, padded), 8 bytes per permission, the value and the child
 * list. Its entry-size quota applies to that sum.
 */
unsigned int xs_node_entry_size(const struct xs_node *n, unsigned int datalen,
				unsigned int extra_childlen, unsigned int nr_perms)
{
	return 24 + 8 * nr_perms + datalen + n->childlen + extra_childlen;
}
