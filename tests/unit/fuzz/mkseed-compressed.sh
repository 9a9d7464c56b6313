#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Seeds for the decompressor fuzz targets, made with the host's tools:
#   fuzz_unxz/     first byte 0: .xz streams; 1: raw LZMA2; 2: x86 code for BCJ
#   fuzz_unlz4/    first byte 0: legacy frames (lz4 -l); 1: one raw block
#   fuzz_inflate/  first byte 0: gzip members; 1: raw DEFLATE
#   fuzz_bzimage/  small bzImages with an xz, an lz4 and a gzip payload
# Usage: mkseed-compressed.sh <corpus dir>
set -euo pipefail
dir=$1
mkdir -p "$dir/fuzz_unxz" "$dir/fuzz_unlz4" "$dir/fuzz_inflate" "$dir/fuzz_bzimage"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Some text and some x86-looking bytes.
{ for i in $(seq 1 60); do echo "dom0 kernel $i: grant table, event channel"; done; } >"$tmp/text"
printf '\xe8\x10\x00\x00\x00\x90\xe9\xf0\xff\xff\xff\xe8\xe8\x00\x00\x00\x00\xff' >"$tmp/x86"
cat "$tmp/text" "$tmp/x86" "$tmp/x86" >"$tmp/data"

seed() {	# seed <target> <name> <first byte (octal)> <file>
	{ printf "\\$3"; cat "$4"; } >"$dir/$1/$2"
}
xz -c --check=crc32 "$tmp/data" >"$tmp/a.xz";          seed fuzz_unxz crc32 000 "$tmp/a.xz"
xz -c --check=none --x86 --lzma2=preset=1 "$tmp/data" >"$tmp/b.xz"
seed fuzz_unxz x86-nocheck 000 "$tmp/b.xz"
xz -c --check=crc64 --block-size=1000 "$tmp/data" >"$tmp/c.xz"
seed fuzz_unxz blocks 000 "$tmp/c.xz"
xz -c --format=raw --lzma2=preset=0 "$tmp/data" >"$tmp/raw"; seed fuzz_unxz lzma2-raw 001 "$tmp/raw"
seed fuzz_unxz bcj 002 "$tmp/data"
lz4 -l -c -9 "$tmp/data" >"$tmp/a.lz4";               seed fuzz_unlz4 legacy 000 "$tmp/a.lz4"
tail -c +9 "$tmp/a.lz4" >"$tmp/block";                seed fuzz_unlz4 block 001 "$tmp/block"
gzip -9 -c "$tmp/data" >"$tmp/a.gz";                  seed fuzz_inflate gzip 000 "$tmp/a.gz"
gzip -1 -n -c "$tmp/x86" >"$tmp/b.gz";                seed fuzz_inflate gzip-small 000 "$tmp/b.gz"
python3 -c 'import sys, zlib; c = zlib.compressobj(6, zlib.DEFLATED, -15); sys.stdout.buffer.write(c.compress(open(sys.argv[1], "rb").read()) + c.flush())' "$tmp/data" >"$tmp/raw.deflate"
seed fuzz_inflate raw 001 "$tmp/raw.deflate"

# A bzImage: one setup sector plus the boot sector, payload at offset 0.
bzimage() {	# bzimage <payload file> <out>
	python3 - "$1" "$2" "$(stat -c %s "$tmp/data")" <<'PY'
import struct, sys
payload = open(sys.argv[1], "rb").read() + struct.pack("<I", int(sys.argv[3]))
hdr = bytearray(1024)
hdr[0x1f1] = 1
hdr[0x1fe:0x200] = b"\x55\xaa"
hdr[0x202:0x206] = b"HdrS"
struct.pack_into("<H", hdr, 0x206, 0x20f)
struct.pack_into("<II", hdr, 0x248, 0, len(payload))
open(sys.argv[2], "wb").write(bytes(hdr) + payload)
PY
}
bzimage "$tmp/a.xz" "$dir/fuzz_bzimage/xz"
bzimage "$tmp/a.lz4" "$dir/fuzz_bzimage/lz4"
bzimage "$tmp/a.gz" "$dir/fuzz_bzimage/gzip"
