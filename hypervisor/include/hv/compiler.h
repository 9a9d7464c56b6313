/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Included first in every C file. The image is linked at a fixed address
 * outside the +-2 GiB of either end of the address space, so code is built
 * position-independent; hidden visibility lets every reference, including
 * the address of an external function, be a direct RIP-relative one
 * instead of going through a GOT.
 */
#pragma GCC visibility push(hidden)
