// SPDX-License-Identifier: GPL-2.0-only
/*
 * Message framing and payload parsing. Everything a client sends passes
 * through here first; nothing here trusts a length it has not checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

void xs_wire_reset(struct xs_wire_in *in)
{
	in->used = 0;
	in->in_body = false;
}

void xs_wire_want(struct xs_wire_in *in, char **buf, unsigned int *len)
{
	if (!in->in_body) {
		*buf = in->raw + in->used;
		*len = sizeof(in->raw) - in->used;
	} else {
		*buf = in->body + in->used;
		*len = in->hdr.len - in->used;
	}
}

enum xs_wire_state xs_wire_got(struct xs_wire_in *in, unsigned int n)
{
	in->used += n;
	if (!in->in_body) {
		if (in->used < sizeof(in->raw))
			return XS_WIRE_MORE;
		/* Validate before trusting len for anything. */
		if (in->hdr.len > XENSTORE_PAYLOAD_MAX)
			return XS_WIRE_BAD;
		in->in_body = true;
		in->used = 0;
	}
	if (in->used < in->hdr.len)
		return XS_WIRE_MORE;
	in->body[in->hdr.len] = '\0';
	return XS_WIRE_READY;
}

size_t xs_wire_feed(struct xs_wire_in *in, const void *data, size_t len,
		    enum xs_wire_state *st)
{
	const char *p = data;
	size_t done = 0;

	*st = XS_WIRE_MORE;
	/* A zero-length body completes together with its header. */
	while (*st == XS_WIRE_MORE && done < len) {
		char *buf;
		unsigned int want;

		xs_wire_want(in, &buf, &want);
		if (want > len - done)
			want = (unsigned int)(len - done);
		memcpy(buf, p + done, want);
		done += want;
		*st = xs_wire_got(in, want);
	}
	return done;
}

unsigned int xs_wire_args(const char *body, unsigned int len, const char **v,
			  unsigned int max)
{
	unsigned int off = 0, n = 0;

	while (off < len) {
		const char *nul = memchr(body + off, '\0', len - off);

		if (!nul)
			break;
		if (n < max)
			v[n] = body + off;
		n++;
		off = (unsigned int)(nul - body) + 1;
	}
	return n;
}

const char *xs_wire_onearg(const char *body, unsigned int len)
{
	if (!len || memchr(body, '\0', len) != body + len - 1)
		return NULL;
	return body;
}

struct xs_msg *xs_msg_new(unsigned int type, unsigned int req_id,
			  unsigned int tx_id, const void *body,
			  unsigned int len)
{
	struct xs_msg *m;

	if (len > XENSTORE_PAYLOAD_MAX)
		return NULL;
	m = malloc(sizeof(*m) + len);
	if (!m)
		return NULL;
	m->next = NULL;
	m->is_event = false;
	m->hdr.type = type;
	m->hdr.req_id = req_id;
	m->hdr.tx_id = tx_id;
	m->hdr.len = len;
	if (len)
		memcpy(m->body, body, len);
	return m;
}

struct xs_msg *xs_msg_event(const char *path, const char *token)
{
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	struct xs_msg *m;

	if (pl + tl > XENSTORE_PAYLOAD_MAX)
		return NULL;
	m = xs_msg_new(XS_WATCH_EVENT, 0, 0, NULL, 0);
	if (!m)
		return NULL;
	m = realloc(m, sizeof(*m) + pl + tl);
	if (!m)
		return NULL;
	memcpy(m->body, path, pl);
	memcpy(m->body + pl, token, tl);
	m->hdr.len = (uint32_t)(pl + tl);
	m->is_event = true;
	return m;
}

static const struct {
	int err;
	const char *name;
} errnames[] = {
#define X(e) { e, #e },
	XS_ERRNO_NAMES(X)
#undef X
};

const char *xs_errno_name(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	return "EINVAL";
}

int xs_errno_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (!strcmp(errnames[i].name, name))
			return errnames[i].err;
	return EINVAL;
}
