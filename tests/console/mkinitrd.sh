#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the dom0 initramfs for the console end-to-end scenarios on Debian's
# Xen 4.17 (tests/dom0/scenarios/console-xen*): the usual test initramfs
# (tests/dom0/mkinitramfs.py: busybox, Xen modules, every scenario) plus
#   - Debian's toolstack (xl, xen-init-dom0, libxl-save-helper, Debian's
#     xenstored for the fallback scenario, xenstore-utils) and the shared
#     libraries they load, from packages fetched into the cache;
#   - our xenstored, xenconsoled and xenconsole;
#   - a domU: the cloud kernel, a busybox initramfs whose /init prints a
#     marker on hvc0 and echoes what it reads (or floods with flood=1), and
#     two xl configs (con-e2e, con-flood).
# Writes build/dom0/initrd-standard.gz (what run_dom0.py boots; a superset
# of the one `make dom0-initrd` writes), or $OUT. XENSTORED=path puts another
# xenstored build in place of build/tools/xenstored/xenstored.
#
#   bash tests/console/mkinitrd.sh
#   python3 tests/harness/run_dom0.py --hv xen --scenario console-xen --timeout 600
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE_DIR=${CACHE_DIR:-$ROOT/.cache}
BUILD=$ROOT/build
OUT=${OUT:-$BUILD/dom0/initrd-standard.gz}
XENSTORED=${XENSTORED:-$BUILD/tools/xenstored/xenstored}
XU=$CACHE_DIR/xen-utils-4.17

bash "$ROOT/scripts/fetch-linux.sh" >/dev/null
bash "$ROOT/scripts/fetch-xen.sh" >/dev/null

# Debian's user-space toolstack, unpacked once into the cache.
bash "$ROOT/scripts/fetch-xen-utils.sh" >/dev/null

make -s -C "$ROOT/tools/xenstored" O="$BUILD/tools/xenstored" >/dev/null
make -s -C "$ROOT/tools/console" O="$BUILD/tools/console" >/dev/null
make -s -C "$ROOT" "$BUILD/dom0/xenver" >/dev/null

TREE=$(mktemp -d /tmp/console-initrd.XXXXXX)
DOMU=$(mktemp -d /tmp/console-domu.XXXXXX)
trap 'rm -rf "$TREE" "$DOMU"' EXIT

# Binaries and the libraries they load (resolved against the unpacked
# packages first, the host's glibc for the rest). glibc loads libgcc_s at
# run time for pthread_cancel, which ldd does not show.
XBIN=usr/lib/xen-4.17/bin
mkdir -p "$TREE/$XBIN" "$TREE/usr/bin" "$TREE/lib/x86_64-linux-gnu" "$TREE/lib64" \
	"$TREE/etc/xen" "$TREE/var/lib/xen" "$TREE/domu"
for b in xl xen-init-dom0 libxl-save-helper xenstored; do
	cp "$XU/$XBIN/$b" "$TREE/$XBIN/"
done
cp "$XU/usr/bin/xenstore" "$TREE/usr/bin/"
for l in read write ls list rm exists watch chmod; do
	ln -sf xenstore "$TREE/usr/bin/xenstore-$l"
done
cp "$XU/etc/xen/xl.conf" "$TREE/etc/xen/"
LIBPATH=$XU/usr/lib/x86_64-linux-gnu:$XU/lib/x86_64-linux-gnu
libs() {
	LD_LIBRARY_PATH=$LIBPATH ldd "$1" | awk '/=> \//{print $3} /^\t\/lib64/{print $1}'
}
{
	for b in "$TREE/$XBIN"/* "$TREE/usr/bin/xenstore" "$XENSTORED" \
		"$BUILD/tools/console/xenconsoled" "$BUILD/tools/console/xenconsole"; do
		libs "$b"
	done
	ls /lib/x86_64-linux-gnu/libgcc_s.so.1
} | sort -u | while read -r lib; do
	case $lib in
	*/ld-linux-x86-64.so.2) cp -L "$lib" "$TREE/lib64/ld-linux-x86-64.so.2" ;;
	*) cp -L "$lib" "$TREE/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
	esac
done

# The domU: cloud kernel, busybox initramfs, config.
cp "$CACHE_DIR/linux/cloud/vmlinuz" "$TREE/domu/vmlinuz"
mkdir -p "$DOMU/bin" "$DOMU/proc" "$DOMU/sys" "$DOMU/dev"
cp "$(command -v busybox)" "$DOMU/bin/busybox"
ln -s busybox "$DOMU/bin/sh"
cp "$HERE/domu-init" "$DOMU/init"
chmod 755 "$DOMU/init"
(cd "$DOMU" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$TREE/domu/initrd.gz"
cp "$HERE/domu.cfg" "$TREE/domu/con-e2e.cfg"
cp "$HERE/domu-flood.cfg" "$TREE/domu/con-flood.cfg"

python3 "$ROOT/tests/dom0/mkinitramfs.py" --modules "$CACHE_DIR/linux/standard/modules" \
	--out "$OUT" --tree "$TREE" --bin "$BUILD/dom0/xenver" \
	--bin "$XENSTORED" --bin "$BUILD/tools/console/xenconsoled" \
	--bin "$BUILD/tools/console/xenconsole"
