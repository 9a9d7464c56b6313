/* SPDX-License-Identifier: GPL-2.0-only */
/* Intrusive doubly linked lists. */
#ifndef HV_LIST_H
#define HV_LIST_H

#include <stddef.h>
#include <stdbool.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(n) { &(n), &(n) }
#define LIST_HEAD(n) struct list_head n = LIST_HEAD_INIT(n)

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}
static inline void list_add_between(struct list_head *n, struct list_head *p,
				    struct list_head *nx)
{
	nx->prev = n;
	n->next = nx;
	n->prev = p;
	p->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *h)
{
	list_add_between(n, h, h->next);
}
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	list_add_between(n, h->prev, h);
}
static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = e->prev = NULL;
}
static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}
static inline void list_move_tail(struct list_head *e, struct list_head *h)
{
	list_del(e);
	list_add_tail(e, h);
}
/* Put all of `from` at the end of `to`; `from` is left empty. */
static inline void list_splice_tail_init(struct list_head *from, struct list_head *to)
{
	if (list_empty(from))
		return;
	from->next->prev = to->prev;
	to->prev->next = from->next;
	from->prev->next = to;
	to->prev = from->prev;
	INIT_LIST_HEAD(from);
}
#define list_entry(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_for_each_entry(pos, h, member) \
	for (pos = list_entry((h)->next, __typeof__(*pos), member); \
	     &pos->member != (h); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, h, member) \
	for (pos = list_entry((h)->next, __typeof__(*pos), member), \
	     n = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (h); \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

#endif
