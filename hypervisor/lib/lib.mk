# SPDX-License-Identifier: GPL-2.0-only
# The pure library: what to compile and the flags it needs beyond the
# hypervisor's own. Included by tests/unit/Makefile, and meant to be
# included by the hypervisor build too, so both agree.
#
# HV_LIB_CFLAGS, for any compiler:
#   -ffreestanding: no libc semantics assumed (implies -fno-builtin).
# HV_LIB_CFLAGS_GCC, for gcc only (clang does not know the flag):
#   -fno-tree-loop-distribute-patterns: gcc must never turn a loop here into
#   a call to memcpy/memset, which inside string.c would recurse forever.

HV_LIB_DIR        := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
HV_LIB_SRCS       := $(wildcard $(HV_LIB_DIR)/*.c)
HV_LIB_CFLAGS     := -ffreestanding
HV_LIB_CFLAGS_GCC := -fno-tree-loop-distribute-patterns

# Functions with C library names. The host unit tests, which also link the
# C library, give them a lib_ prefix (tests/unit/Makefile, "Name clashes").
HV_LIB_LIBC_NAMES := memcpy memmove memset memcmp memchr strlen strnlen \
	strcmp strncmp strchr strrchr strstr strlcpy strlcat vsnprintf snprintf
