#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetches Debian's Xen 4.17 hypervisor (the test oracle) into the cache and
# leaves an uncompressed multiboot image that `qemu-system-x86_64 -kernel`
# loads: $CACHE_DIR/xen/xen-4.17-amd64. Idempotent: does nothing if present.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE_DIR=${CACHE_DIR:-$ROOT/.cache}
PKG=xen-hypervisor-4.17-amd64
OUT=$CACHE_DIR/xen/xen-4.17-amd64

if [ -s "$OUT" ]; then
	echo "fetch-xen: $OUT already present"
	exit 0
fi

DL=$CACHE_DIR/debs
mkdir -p "$DL" "$CACHE_DIR/xen"

deb=$(ls "$DL"/${PKG}_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	# apt-get download writes into the current directory. Refresh the
	# package lists only if the first attempt fails (stale or empty lists).
	if ! (cd "$DL" && apt-get download -q "$PKG"); then
		echo "fetch-xen: download failed, running apt-get update" >&2
		apt-get update -qq
		(cd "$DL" && apt-get download -q "$PKG")
	fi
	deb=$(ls "$DL"/${PKG}_*.deb | head -n1)
fi

tmp=$(mktemp -d "$CACHE_DIR/xen/unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg -x "$deb" "$tmp"
gz=$(ls "$tmp"/boot/xen-4.17-amd64.gz 2>/dev/null || true)
if [ -z "$gz" ]; then
	echo "fetch-xen: $deb has no boot/xen-4.17-amd64.gz" >&2
	exit 1
fi
gunzip -c "$gz" >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "fetch-xen: $OUT ($(dpkg-deb -f "$deb" Version))"
