#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Unpack the ELF kernel from a Debian bzImage: the boot header's
payload_offset/payload_length locate the compressed vmlinux (XZ in Debian's
kernels; gzip, LZ4 and zstd are recognised too where Python can unpack
them). The hypervisors boot the bzImage itself; this ELF is a reference
for the unit tests of our own decoders and for boot-time comparisons
(docs/dom0.md)."""

import gzip
import lzma
import struct
import subprocess
import sys


def payload(data):
    if data[0x202:0x206] != b"HdrS":
        raise SystemExit("not a bzImage (no HdrS)")
    setup_sects = data[0x1f1] or 4
    off = struct.unpack_from("<I", data, 0x248)[0]
    start = (setup_sects + 1) * 512 + off
    # The stream may run a few bytes past payload_length: give the
    # decompressor the rest of the file and let it stop at the stream end.
    return data[start:]


def main():
    src, dst = sys.argv[1], sys.argv[2]
    data = open(src, "rb").read()
    p = payload(data)
    if p.startswith(b"\xfd7zXZ\x00"):
        dec = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        out = dec.decompress(p)
        if not dec.eof:
            raise SystemExit("truncated XZ payload")
    elif p.startswith(b"\x1f\x8b"):
        out = gzip.GzipFile(fileobj=__import__("io").BytesIO(p)).read()
    elif p.startswith(b"\x02\x21\x4c\x18"):
        # LZ4 legacy frames (Linux's format): Debian's lz4 tool unpacks them
        # and stops at the first bytes that are not a frame.
        out = subprocess.run(["lz4", "-dc"], input=p, capture_output=True).stdout
    else:
        raise SystemExit("unsupported payload compression (magic %s)" % p[:6].hex())
    if not out.startswith(b"\x7fELF"):
        raise SystemExit("payload is not an ELF image")
    with open(dst, "wb") as f:
        f.write(out)
    print("extract-vmlinux: %s -> %s (%d bytes)" % (src, dst, len(out)))


if __name__ == "__main__":
    main()
