// SPDX-License-Identifier: GPL-2.0-only
/*
 * Store engine: path syntax, create/lookup/remove, generations, clones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "store.h"

static void test_paths(void)
{
	static char longp[8192];
	static const struct {
		const char *path;
		bool ok;
	} cases[] = {
		{ "/", true },
		{ "/a", true },
		{ "/a/b-c_d@e/F9", true },
		{ "", false },
		{ "a", false },
		{ "/a/", false },
		{ "//", false },
		{ "/a//b", false },
		{ "/a b", false },
		{ "/a.b", false },
		{ "/a\xff", false },
		{ "@introduceDomain", false },
	};
	size_t i;
	int n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (xs_path_is_valid(cases[i].path) != cases[i].ok)
			printf("     path case \"%s\"\n", cases[i].path);
		CHECK(xs_path_is_valid(cases[i].path) == cases[i].ok);
	}
	/* 2048 bytes below /local/domain/<id>/ are fine, one more is not. */
	n = snprintf(longp, sizeof(longp), "/local/domain/7/");
	memset(longp + n, 'x', 2048);
	longp[n + 2048] = '\0';
	CHECK(xs_path_is_valid(longp));
	longp[n + 2048] = 'x';
	longp[n + 2049] = '\0';
	CHECK(!xs_path_is_valid(longp));
	/* Elsewhere the limit counts from the start. */
	memset(longp, 'y', 2048);
	longp[0] = '/';
	longp[2048] = '\0';
	CHECK(xs_path_is_valid(longp));
	longp[2048] = 'y';
	longp[2049] = '\0';
	CHECK(!xs_path_is_valid(longp));
}

struct counter {
	int reads, writes, creates, deletes;
};

static int count_hook(void *opaque, const char *path, const struct xs_node *n,
		      enum xs_access kind)
{
	struct counter *c = opaque;

	(void)path;
	(void)n;
	c->reads += kind == XS_ACC_READ;
	c->writes += kind == XS_ACC_WRITE;
	c->creates += kind == XS_ACC_CREATE;
	c->deletes += kind == XS_ACC_DELETE;
	return 0;
}

static void visit_cat(void *arg, const char *path, const struct xs_node *n,
		      bool is_top)
{
	char *buf = arg;

	(void)n;
	strcat(buf, path);
	strcat(buf, is_top ? "! " : " ");
}

static void test_tree(void)
{
	uint64_t gen = 0, g;
	struct xs_store s, copy;
	struct xs_node *n, *m, *deep;
	struct counter cnt = { 0 };
	char path[XS_PATH_BUF], list[64], visited[256] = "";
	unsigned int missing;

	CHECK(!xs_store_init(&s, &gen, 0));
	s.hooks.access = count_hook;
	s.hooks.opaque = &cnt;
	CHECK(xs_store_peek(&s, "/") == s.root);

	xs_store_missing(&s, "/a/b/c", &missing, &deep);
	CHECK(missing == 3 && deep == s.root);
	CHECK(!xs_store_create(&s, "/a/b/c", 5, &n));
	CHECK(cnt.creates == 3);
	CHECK(s.nr_nodes == 4);
	CHECK(n->perms[0].id == 5);
	CHECK(xs_node_path(n, path, sizeof(path)) == 6);
	CHECK_STR(path, "/a/b/c");
	xs_store_missing(&s, "/a/b/x/y", &missing, &deep);
	CHECK(missing == 2 && deep == xs_store_peek(&s, "/a/b"));

	/* Children keep creation order; the listing is NUL-separated. */
	CHECK(!xs_store_create(&s, "/a/z", -1, &m));
	CHECK(!xs_store_create(&s, "/a/m", -1, &m));
	n = xs_store_peek(&s, "/a");
	CHECK(n->childlen == 6);
	xs_node_list_children(n, list);
	CHECK(!memcmp(list, "b\0z\0m\0", 6));
	/* Parent perms are inherited, owner included, unless overridden. */
	CHECK(m->perms[0].id == 5);

	g = m->gen;
	CHECK(!xs_store_set_data(&s, m, "val", 3));
	CHECK(m->gen > g && m->datalen == 3 && !memcmp(m->data, "val", 3));
	CHECK(xs_store_find(&s, "/nope", &n) == 0 && n == NULL);
	CHECK(cnt.reads == 1);

	/* A clone is deep and keeps generations. */
	CHECK(!xs_store_clone(&copy, &s));
	n = xs_store_peek(&copy, "/a/m");
	CHECK(n && n != m && n->gen == m->gen && n->datalen == 3);
	CHECK(copy.nr_nodes == s.nr_nodes);

	/* Remove reports children before the node, and bumps the parent. */
	n = xs_store_peek(&s, "/a");
	g = n->gen;
	CHECK(!xs_store_remove(&s, xs_store_peek(&s, "/a/b"), visit_cat,
			       visited));
	CHECK_STR(visited, "/a/b/c /a/b! ");
	CHECK(cnt.deletes == 2);
	CHECK(n->gen > g);
	CHECK(xs_store_peek(&s, "/a/b/c") == NULL);
	CHECK(xs_store_peek(&copy, "/a/b/c") != NULL);
	CHECK(xs_store_remove(&s, s.root, NULL, NULL) == EINVAL);
	CHECK(s.nr_nodes == 4);

	/* Entry size as Xen accounts it. */
	CHECK(xs_node_entry_size(m, 3, 0, 1) == 24 + 8 + 3);

	xs_store_destroy(&copy);
	xs_store_destroy(&s);
}

void test_store(void)
{
	test_paths();
	test_tree();
}
