/* SPDX-License-Identifier: GPL-2.0-only */
/* Serial debug keys. */
#ifndef HV_DEBUG_KEYS_H
#define HV_DEBUG_KEYS_H

#define DEBUG_KEY_DUMP 0x11   /* Ctrl-Q */

void debug_key_dump(void);

#endif
