#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Stages the built dom0 tools as an installable tree (what `make dist`
# leaves in dist/dom0): copy it over / of a Debian dom0, or hand it to the
# initramfs builder (tests/dom0/mkinitramfs.py --dist).
#
#   stage-dom0.sh BUILD_TOOLS_DIR DEST
set -euo pipefail
src=$1
dst=$2
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$dst"
install -d "$dst/usr/sbin" "$dst/usr/lib/pkgconfig" "$dst/usr/include/libctrl" \
	"$dst/var/lib/xen" "$dst/var/log/xen" "$dst/etc/xen"
install -m 0755 "$src/xl/xl.shared" "$dst/usr/sbin/xl"
install -m 0755 "$src/xenstored/xenstored" "$dst/usr/sbin/xenstored"
install -m 0755 "$src/console/xenconsoled" "$dst/usr/sbin/xenconsoled"
install -m 0755 "$src/libctrl/libctrl.so.1.0" "$dst/usr/lib/"
install -m 0644 "$src/libctrl/libctrl.a" "$dst/usr/lib/"
ln -s libctrl.so.1.0 "$dst/usr/lib/libctrl.so.1"
ln -s libctrl.so.1 "$dst/usr/lib/libctrl.so"

# Headers keep their layer folders; the umbrella header includes them.
(cd "$root/tools/libctrl" && find . -name '*.h' | while read -r h; do
	install -D -m 0644 "$h" "$dst/usr/include/libctrl/$h"
done)
install -m 0644 "$root/tools/include/ctrl-abi.h" "$root/tools/include/xenstore-proto.h" \
	"$dst/usr/include/libctrl/"

cat >"$dst/usr/lib/pkgconfig/libctrl.pc" <<EOT
prefix=/usr
includedir=\${prefix}/include/libctrl
libdir=\${prefix}/lib

Name: libctrl
Description: control library for the hypervisor's dom0 toolstack
Version: 1.0
Cflags: -I\${includedir}
Libs: -L\${libdir} -lctrl
Libs.private: -lxml2 -lz -llzma -llz4 -lzstd -luuid -lcurl
EOT
echo "stage-dom0: $dst"
