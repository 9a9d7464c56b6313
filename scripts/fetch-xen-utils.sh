#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetches Debian's Xen 4.17 user space (xl, xen-init-dom0, xenconsole,
# xenstored, xenstore-utils and the libraries they load) with apt-get
# download and unpacks it once into $CACHE_DIR/xen-utils-4.17. The console
# scenarios and the toolstack benchmarks use it as the reference toolstack.
# Idempotent: does nothing if already unpacked.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE_DIR=${CACHE_DIR:-$ROOT/.cache}
DEBS=$CACHE_DIR/debs
XU=$CACHE_DIR/xen-utils-4.17
PKGS="xen-utils-4.17 xen-utils-common xenstore-utils libxenmisc4.17 libxenstore4
libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxentoollog1
libxentoolcore1 libxendevicemodel1 libxenhypfs1 libyajl2"

if [ -e "$XU/.done" ]; then
	echo "fetch-xen-utils: $XU already present"
	exit 0
fi
mkdir -p "$DEBS"
for p in $PKGS; do
	ls "$DEBS/${p}"_*.deb >/dev/null 2>&1 && continue
	# Refresh the package lists only if the first attempt fails.
	(cd "$DEBS" && apt-get download -q "$p" 2>/dev/null) || {
		apt-get update -qq
		(cd "$DEBS" && apt-get download -q "$p")
	}
done
rm -rf "$XU"
mkdir -p "$XU"
for p in $PKGS; do
	dpkg -x "$(ls "$DEBS/${p}"_*.deb | head -n1)" "$XU"
done
touch "$XU/.done"
echo "fetch-xen-utils: $XU"
