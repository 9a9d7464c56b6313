/* SPDX-License-Identifier: MIT */
/* callback_op (hypercall 30) and the legacy set_callbacks (4). */
#ifndef PUBLIC_CALLBACK_H
#define PUBLIC_CALLBACK_H

#include <stdint.h>

#define CALLBACKTYPE_event            0
#define CALLBACKTYPE_failsafe         1
#define CALLBACKTYPE_syscall          2
#define CALLBACKTYPE_nmi              4
#define CALLBACKTYPE_sysenter         5
#define CALLBACKTYPE_syscall32        7

/* Mask events (set evtchn_upcall_mask) on entry to the callback. */
#define CALLBACKF_mask_events (1 << 0)

#define CALLBACKOP_register   0
#define CALLBACKOP_unregister 1

struct callback_register {
	uint16_t type;
	uint16_t flags;
	uint32_t pad;
	unsigned long address;
};

struct callback_unregister {
	uint16_t type;
	uint16_t pad;
};

#endif
