#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs everything the build and the tests need from Debian packages.
# QEMU comes from the release's backports suite (QEMU >= 8 is required: 7.2's
# TCG reports the wrong #GP error code for `int $N` in long mode). The
# backports entry is derived from the machine's own Debian source entry so
# that no repository host is written into the project.
set -euo pipefail

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "setup: must run as root to install packages" >&2
		exit 1
	fi
}

codename() {
	. /etc/os-release
	echo "${VERSION_CODENAME:-bookworm}"
}

# Print the URI of the first deb822 or one-line entry serving the release.
release_uri() {
	local rel="$1" f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v rel="$rel" '
			/^URIs:/   { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == rel) hit = 1 }
			/^$/       { if (hit && uri) { print uri; exit } uri = ""; hit = 0 }
			END        { if (hit && uri) print uri }' "$f" | head -n1
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v rel="$rel" '$1 == "deb" && $3 == rel { print $2; exit }' "$f"
	done
}

enable_backports() {
	local rel uri list
	rel=$(codename)
	list=/etc/apt/sources.list.d/project-backports.sources
	[ -f "$list" ] && return 0
	uri=$(release_uri "$rel" | head -n1)
	if [ -z "$uri" ]; then
		echo "setup: no Debian source entry for $rel found to derive backports from" >&2
		exit 1
	fi
	cat >"$list" <<EOT
Types: deb
URIs: $uri
Suites: $rel-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	APT_UPDATED=
}

qemu_ok() {
	command -v qemu-system-x86_64 >/dev/null 2>&1 || return 1
	local v
	v=$(qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
	[ -n "$v" ] && [ "$v" -ge 8 ]
}

APT_UPDATED=
apt_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	need_root
	if [ -z "$APT_UPDATED" ]; then
		apt-get update -qq
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

main() {
	apt_install gcc make binutils libc6-dev python3 cpio xz-utils gzip \
		busybox-static clang libclang-rt-14-dev grub-common xenstore-utils \
		libxen-dev lz4 pkg-config libxml2-dev zlib1g-dev liblzma-dev \
		liblz4-dev libzstd-dev uuid-dev libcurl4-openssl-dev
	if ! qemu_ok; then
		need_root
		enable_backports
		apt-get update -qq
		APT_UPDATED=1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			-t "$(codename)-backports" qemu-system-x86
	fi
	qemu_ok || { echo "setup: QEMU >= 8 not available" >&2; exit 1; }
}

main "$@"
