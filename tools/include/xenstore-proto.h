/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xenstore wire protocol as spoken by Xen 4.17: message header, message
 * types, error names, size limits, permission letters and the shared ring
 * page a guest uses to talk to xenstored. One header for both sides (the
 * daemon in tools/xenstored and the client in tools/libctrl/store).
 *
 * These are facts of the Xen ABI (xen/include/public/io/xs_wire.h); the text
 * is ours.
 */
#ifndef XENSTORE_PROTO_H
#define XENSTORE_PROTO_H

#include <stdint.h>

/*
 * Message types. A request is answered by a reply of the same type, or by
 * XS_ERROR carrying an errno name. XS_WATCH_EVENT is sent unsolicited.
 * Value 20 (XS_RESTRICT) was removed from Xen and stays unused.
 */
enum xs_msg_type {
	XS_CONTROL = 0,			/* <cmd>|<args>|*  (was XS_DEBUG) */
	XS_DIRECTORY = 1,		/* <path>|  ->  <child>|* */
	XS_READ = 2,			/* <path>|  ->  <value> */
	XS_GET_PERMS = 3,		/* <path>|  ->  <perm>|+ */
	XS_WATCH = 4,			/* <wpath>|<token>| */
	XS_UNWATCH = 5,			/* <wpath>|<token>| */
	XS_TRANSACTION_START = 6,	/* |  ->  <txid>| */
	XS_TRANSACTION_END = 7,		/* T| or F| */
	XS_INTRODUCE = 8,		/* <domid>|<gfn>|<evtchn>| */
	XS_RELEASE = 9,			/* <domid>| */
	XS_GET_DOMAIN_PATH = 10,	/* <domid>|  ->  <path>| */
	XS_WRITE = 11,			/* <path>|<value> */
	XS_MKDIR = 12,			/* <path>| */
	XS_RM = 13,			/* <path>| */
	XS_SET_PERMS = 14,		/* <path>|<perm>|+ */
	XS_WATCH_EVENT = 15,		/* <epath>|<token>|  (daemon -> client) */
	XS_ERROR = 16,			/* <ERRNO-NAME>| */
	XS_IS_DOMAIN_INTRODUCED = 17,	/* <domid>|  ->  T| or F| */
	XS_RESUME = 18,			/* <domid>| */
	XS_SET_TARGET = 19,		/* <domid>|<target-domid>| */
	XS_RESET_WATCHES = 21,		/* | */
	XS_DIRECTORY_PART = 22,		/* <path>|<offset>|  ->  <gen>|<child>|*| */
	XS_TYPE_COUNT = 23,		/* first type Xen 4.17 does not know */
	XS_INVALID = 0xffff		/* never a valid type */
};
#define XS_DEBUG XS_CONTROL

/* Header of every message in both directions, followed by len bytes. */
struct xsd_sockmsg {
	uint32_t type;	 /* enum xs_msg_type */
	uint32_t req_id; /* chosen by the client, echoed in the reply */
	uint32_t tx_id;	 /* transaction id, 0 outside a transaction */
	uint32_t len;	 /* payload bytes that follow, <= XENSTORE_PAYLOAD_MAX */
};

/*
 * Payload limit in both directions. A client that announces more is broken:
 * xenstored drops the connection (it cannot resynchronise the stream).
 */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest absolute path, and longest path below /local/domain/<domid>/. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/*
 * Error replies carry the errno *name* (NUL-terminated), never a number.
 * This is the complete list Xen's clients know, in Xen's order (clients map
 * an unknown name to EINVAL). There is no "EQUOTA": quota violations are
 * reported as ENOSPC (nodes, entry size, permissions, transactions) or
 * E2BIG (watches, oversized replies), as Xen 4.17 does.
 */
#define XS_ERRNO_NAMES(X)                                                    \
	X(EINVAL) X(EACCES) X(EEXIST) X(EISDIR) X(ENOENT) X(ENOMEM)          \
	X(ENOSPC) X(EIO) X(ENOTEMPTY) X(ENOSYS) X(EROFS) X(EBUSY) X(EAGAIN)  \
	X(EISCONN) X(E2BIG) X(EPERM)

/*
 * Permissions. On the wire a permission is a letter and a decimal domid:
 * "n5" none, "r5" read, "w5" write, "b5" both. The first entry names the
 * owner (who always has full access) and gives the access of every domain
 * not listed later.
 */
#define XS_PERM_NONE  0x00
#define XS_PERM_READ  0x01
#define XS_PERM_WRITE 0x02
#define XS_PERM_OWNER 0x08 /* internal: "may change perms" */

/* Special watch paths, fired by the daemon itself. */
#define XS_SPECIAL_INTRODUCE "@introduceDomain"
#define XS_SPECIAL_RELEASE   "@releaseDomain"

/* DOMID_SELF, accepted by IS_DOMAIN_INTRODUCED as "yes". */
#define XS_DOMID_SELF 0x7ff0U

/*
 * The guest's ring page. The guest produces requests into req[] and
 * consumes replies from rsp[]; xenstored does the reverse. Indices are
 * free-running and masked with XENSTORE_RING_SIZE - 1, so (prod - cons) is
 * the fill level and can never legitimately exceed XENSTORE_RING_SIZE.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* @0    guest -> xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* @1024 xenstored -> guest */
	XENSTORE_RING_IDX req_cons;   /* @2048 written by xenstored */
	XENSTORE_RING_IDX req_prod;   /* @2052 written by the guest */
	XENSTORE_RING_IDX rsp_cons;   /* @2056 written by the guest */
	XENSTORE_RING_IDX rsp_prod;   /* @2060 written by xenstored */
	uint32_t server_features;     /* @2064 XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;	      /* @2068 XENSTORE_CONNECTED/RECONNECT */
	uint32_t error;		      /* @2072 XENSTORE_ERROR_* */
	uint32_t evtchn_port;	      /* @2076 set by Xen for dom0less only */
};

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR	     2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1 /* communication problem */
#define XENSTORE_ERROR_RINGIDX 2 /* guest corrupted a ring index */
#define XENSTORE_ERROR_PROTO   3 /* protocol violation (payload too long) */

/* Grant reference the toolstack reserves for the xenstore ring page. */
#define GNTTAB_RESERVED_XENSTORE 1

#endif /* XENSTORE_PROTO_H */
