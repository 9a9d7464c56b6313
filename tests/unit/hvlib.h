/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Declarations of the lib's C-library-named functions under their host
 * link names: lib_memcpy, lib_snprintf, ... (see "Name clashes" in the
 * Makefile). Tests call the lib_ names and may use the C library freely.
 */
#ifndef UNIT_HVLIB_H
#define UNIT_HVLIB_H

#include "lib-rename.h"		/* generated: #define memcpy lib_memcpy ... */
#include <hv/lib/printf.h>
#include <hv/lib/string.h>
#include "lib-unrename.h"	/* generated: #undef memcpy ... */

#include <hv/errno.h>

#endif /* UNIT_HVLIB_H */
