#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetches Debian's kernels into the cache (never committed): the standard
# flavour (linux-image-amd64, CONFIG_XEN_DOM0=y: the dom0 kernel) and the
# cloud flavour (linux-image-cloud-amd64: the domU kernel). For each it
# leaves $CACHE_DIR/linux/<flavour>/{vmlinuz,vmlinux,modules/,version}.
# vmlinuz (the bzImage) is what the hypervisors boot; vmlinux, the ELF
# unpacked from its payload (XZ or LZ4) here in Python, is the reference
# the unit tests compare the hypervisor's own decoders with.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE_DIR=${CACHE_DIR:-$ROOT/.cache}

fetch() {
	local flavour=$1 meta=$2 out=$CACHE_DIR/linux/$1 pkg deb tmp
	if [ -s "$out/vmlinux" ] && [ -d "$out/modules" ]; then
		echo "fetch-linux: $flavour already present ($(cat "$out/version"))"
		return 0
	fi
	mkdir -p "$CACHE_DIR/debs" "$out"
	pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
	if [ -z "$pkg" ]; then
		apt-get update -qq
		pkg=$(apt-cache depends "$meta" | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
	fi
	[ -n "$pkg" ] || { echo "fetch-linux: cannot resolve $meta" >&2; exit 1; }
	deb=$(ls "$CACHE_DIR"/debs/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		(cd "$CACHE_DIR/debs" && apt-get download -q "$pkg")
		deb=$(ls "$CACHE_DIR"/debs/"${pkg}"_*.deb | head -n1)
	fi
	tmp=$(mktemp -d "$CACHE_DIR/linux/unpack.XXXXXX")
	dpkg -x "$deb" "$tmp"
	cp "$tmp"/boot/vmlinuz-* "$out/vmlinuz"
	rm -rf "$out/modules"
	mv "$tmp"/lib/modules/* "$out/modules"
	basename "$(ls "$tmp"/boot/vmlinuz-*)" | sed 's/^vmlinuz-//' >"$out/version"
	rm -rf "$tmp"
	python3 "$ROOT/tests/dom0/extract-vmlinux.py" "$out/vmlinuz" "$out/vmlinux"
	echo "fetch-linux: $flavour $(cat "$out/version")"
}

fetch standard linux-image-amd64
fetch cloud linux-image-cloud-amd64
