/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wire layer: assembling xsd_sockmsg messages from a byte stream with
 * validation, splitting payloads into NUL-terminated arguments, building
 * replies, and errno <-> name translation. Pure: the caller moves bytes.
 */
#ifndef XSD_WIRE_H
#define XSD_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "xenstore-proto.h"

enum xs_wire_state {
	XS_WIRE_MORE,  /* need more bytes */
	XS_WIRE_READY, /* a whole message is in hdr/body */
	XS_WIRE_BAD,   /* header announced len > XENSTORE_PAYLOAD_MAX */
};

struct xs_wire_in {
	union {
		struct xsd_sockmsg hdr;
		char raw[sizeof(struct xsd_sockmsg)];
	};
	unsigned int used; /* bytes received of the current part */
	bool in_body;
	char body[XENSTORE_PAYLOAD_MAX + 1]; /* always NUL-terminated */
};

void xs_wire_reset(struct xs_wire_in *in);
/* Where the next bytes must go, and at most how many (never 0). */
void xs_wire_want(struct xs_wire_in *in, char **buf, unsigned int *len);
/* n bytes have been stored where xs_wire_want() said. */
enum xs_wire_state xs_wire_got(struct xs_wire_in *in, unsigned int n);
/* Stream helper: consume from data, stop at a message boundary. */
size_t xs_wire_feed(struct xs_wire_in *in, const void *data, size_t len,
		    enum xs_wire_state *st);

/*
 * Split a payload into its NUL-terminated strings; fills up to max entries
 * of v and returns how many strings there are in total (bytes after the
 * last NUL are not a string).
 */
unsigned int xs_wire_args(const char *body, unsigned int len, const char **v,
			  unsigned int max);
/* The payload is exactly one string whose NUL is the last byte, or NULL. */
const char *xs_wire_onearg(const char *body, unsigned int len);

/* An outgoing message; body follows the header. */
struct xs_msg {
	struct xs_msg *next;
	struct xsd_sockmsg hdr;
	bool is_event;
	char body[];
};

struct xs_msg *xs_msg_new(unsigned int type, unsigned int req_id,
			  unsigned int tx_id, const void *body,
			  unsigned int len);
/* Watch event "path\0token\0"; NULL if it would exceed the payload limit. */
struct xs_msg *xs_msg_event(const char *path, const char *token);

/* "ENOENT" etc.; unknown errors map to "EINVAL" as Xen does. */
const char *xs_errno_name(int err);
/* Inverse, for clients and tests; EINVAL for unknown names. */
int xs_errno_from_name(const char *name);

#endif /* XSD_WIRE_H */
