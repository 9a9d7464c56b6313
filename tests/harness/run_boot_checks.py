#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Bad input at boot: malformed dom0 modules, too little memory, no module,
and a deliberate fault inside the hypervisor. Each must end with a clear
console message and a clean stop (our panic path: QEMU exit status 255),
never a triple fault or a hang. Also checks the image's multiboot headers
with GRUB's own checker when it is installed.

Modules are made at run time from the `hello` test kernel; nothing binary
is committed. That includes bzImages around it (XZ with the x86 filter,
as Linux's build makes them, LZ4 legacy frames, gzip), good ones that
must boot and broken ones (truncated, a flipped payload byte, an
unsupported compression, an absurd recorded size) that must be refused
cleanly.
Ends with "N passed, N failed".
"""

import gzip
import lzma
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
IMAGE = os.path.join(ROOT, "dist", "boot", "hypervisor")
GUESTS = os.path.join(ROOT, "build", "tests", "guests")
WORK = os.path.join(ROOT, "build", "tests", "boot")
HV_CMDLINE = "console=com1 com1=115200,8n1 loglvl=all"
PANIC_STATUS = (0x7f << 1) | 1
TIMEOUT_S = 30

passed = 0
failed = 0


def write_images(mods, suffix):
    """Each modified image in WORK as <name><suffix>; name -> path."""
    paths = {}
    for k, v in mods.items():
        p = os.path.join(WORK, k + suffix)
        with open(p, "wb") as f:
            f.write(v)
        paths[k] = p
    return paths


def check(name, ok, detail=""):
    global passed, failed
    print("boot [ours] TEST %s: %s%s" % (name, "PASS" if ok else "FAIL",
                                       " " + detail if detail else ""), flush=True)
    if ok:
        passed += 1
    else:
        failed += 1


def elf_notes(data):
    """(offset of desc, type, desc bytes) of every Xen note in PT_NOTEs."""
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    out = []
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        if p_type != 4:
            continue
        off, end = p_offset, p_offset + p_filesz
        while off + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, off)
            name = data[off + 12:off + 12 + namesz]
            desc_off = off + 12 + ((namesz + 3) & ~3)
            if name.rstrip(b"\0") == b"Xen":
                out.append((desc_off, ntype, data[desc_off:desc_off + descsz], off))
            off = desc_off + ((descsz + 3) & ~3)
    return out


def make_modules(hello):
    data = open(hello, "rb").read()
    mods = {}
    mods["not-elf"] = b"this is a text file, not a kernel\n" * 20
    mods["truncated"] = data[:200]
    wrong_class = bytearray(data)
    wrong_class[4] = 1                      # ELFCLASS32
    mods["wrong-class"] = bytes(wrong_class)
    no_notes = bytearray(data)
    for _, _, _, note_off in elf_notes(data):
        no_notes[note_off + 12:note_off + 15] = b"Zzz"
    mods["no-notes"] = bytes(no_notes)
    in_hole = bytearray(data)
    for desc_off, ntype, desc, _ in elf_notes(data):
        if ntype == 3:                      # VIRT_BASE: put it in the hypervisor's range
            struct.pack_into("<Q", in_hole, desc_off, 0xffff830000000000)
        if ntype == 1:                      # ENTRY follows, to stay inside the image
            entry, = struct.unpack_from("<Q", data, desc_off)
            struct.pack_into("<Q", in_hole, desc_off,
                             entry - 0xffffffff80000000 + 0xffff830000000000)
    mods["overlaps-hypervisor"] = bytes(in_hole)
    return write_images(mods, ".elf")


def bzimage(payload, elf_len, setup_sects=2, offset=0x40):
    """A bzImage (boot protocol 2.15) around a compressed kernel: setup
    sectors, then the protected-mode part, whose first @offset bytes stand
    in for the decompressor; the payload ends with the decompressed size."""
    payload += struct.pack("<I", elf_len)
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1f1] = setup_sects
    setup[0x1fe:0x200] = b"\x55\xaa"
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, 0x20f)
    struct.pack_into("<II", setup, 0x248, offset, len(payload))
    return bytes(setup) + b"\xcc" * offset + payload


def make_bzimages(hello):
    """name -> path of the bzImage modules made from @hello."""
    elf = open(hello, "rb").read()
    xz = lzma.compress(elf, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                       filters=[{"id": lzma.FILTER_X86},
                                {"id": lzma.FILTER_LZMA2, "preset": 6}])
    mods = {"bz-xz": bzimage(xz, len(elf))}
    mods["bz-gzip"] = bzimage(gzip.compress(elf, 9), len(elf))
    lz4 = shutil.which("lz4") and subprocess.run(["lz4", "-l", "-c", "-9"], input=elf,
                                                 capture_output=True).stdout
    if lz4:
        mods["bz-lz4"] = bzimage(lz4, len(elf))
    good = mods["bz-xz"]
    mods["bz-truncated"] = good[:len(good) - len(xz) // 2]
    flipped = bytearray(good)
    flipped[len(good) - 4 - len(xz) // 2] ^= 0x01     # in the middle of the payload
    mods["bz-flipped"] = bytes(flipped)
    mods["bz-zstd"] = bzimage(b"\x28\xb5\x2f\xfd" + xz[4:], len(elf))
    mods["bz-huge"] = bzimage(xz, 0xfffff000)
    return write_images(mods, ".bzimage")


def boot(name, append, module, mem=512, timeout=TIMEOUT_S):
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", os.environ.get("QEMU_CPU", "max"),
           "-m", str(mem), "-nographic", "-monitor", "none", "-serial", "stdio",
           "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
           "-kernel", IMAGE, "-append", append]
    if module:
        cmd += ["-initrd", module]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        status = None
    text = out.decode(errors="replace").replace("\r", "")
    with open(os.path.join(WORK, name + ".log"), "w") as f:
        f.write(" ".join(cmd) + "\n" + text)
    return text, status


def expect(name, append, module, patterns, status_want=PANIC_STATUS, mem=512,
           timeout=TIMEOUT_S):
    text, status = boot(name, append, module, mem, timeout)
    missing = [p for p in patterns if not re.search(p, text, re.M)]
    check(name + ".message", not missing,
          "missing %r" % missing if missing else "")
    check(name + ".clean_stop", status == status_want,
          "qemu status %s (want %d)" % (status, status_want))


def main():
    os.makedirs(WORK, exist_ok=True)
    hello = os.path.join(GUESTS, "hello.elf")
    if not os.path.exists(IMAGE) or not os.path.exists(hello):
        check("build", False, "run make first")
        print("%d passed, %d failed" % (passed, failed))
        return 1
    mods = make_modules(hello)
    rejected = r"^\(HV\) dom0 kernel rejected: \S"
    panic = r"^\(HV\) Panic: could not build dom0"
    for k in ("not-elf", "truncated", "wrong-class", "no-notes", "overlaps-hypervisor"):
        expect(k, HV_CMDLINE + " dom0_mem=64M", mods[k] + " " + k, [rejected, panic])
    # bzImages: the good ones boot hello, the broken ones are refused.
    bz = make_bzimages(hello)
    for k in ("bz-xz", "bz-lz4", "bz-gzip"):
        if k in bz:
            expect(k, HV_CMDLINE + " dom0_mem=64M", bz[k] + " hello marker=42",
                   [r"^\(HV\) dom0 kernel: bzImage \(boot protocol 2\.15\), %s payload"
                    % k[3:], r"^RESULT hello: PASS", r"^\(HV\) domain 0 shutdown: reason=poweroff"],
                   status_want=1)
        else:
            print("boot [ours] note: no lz4 tool, %s not run" % k)
    bad_bz = {
        "bz-truncated": r"^\(HV\) dom0 kernel rejected: bzImage: payload outside the image",
        "bz-flipped": r"^\(HV\) dom0 kernel rejected: bzImage xz payload is corrupt: \S",
        "bz-zstd": r"^\(HV\) dom0 kernel rejected: .*not supported: zstd",
        "bz-huge": r"^\(HV\) dom0 kernel rejected: the bzImage payload decompresses to \d+ MiB, "
                   r"more than",
    }
    for k, pattern in bad_bz.items():
        expect(k, HV_CMDLINE + " dom0_mem=64M", bz[k] + " " + k, [pattern, panic])
    expect("dom0-mem-too-small", HV_CMDLINE + " dom0_mem=1M", hello + " hello",
           [r"^\(HV\) dom0 layout: dom0_mem is too small", panic])
    expect("no-module", HV_CMDLINE, None, [r"^\(HV\) Panic: no dom0 kernel"])
    expect("fatal-trap", HV_CMDLINE + " debug_selftest=fatal-trap", hello + " hello",
           [r"^\(HV\) FATAL TRAP: vector 6 \(invalid opcode\)", r"^\(HV\) RIP: e008:",
            r"^\(HV\) Backtrace:", r"^\(HV\) Panic: fatal trap 6"])

    # Linux (Debian's bzImage, decompressed by us) with a truncated initrd:
    # Linux says so, and its crash ends the run cleanly (reason crash: QEMU
    # status 7), never a hang.
    vmlinuz = os.path.join(os.environ.get("CACHE_DIR", os.path.join(ROOT, ".cache")),
                           "linux", "standard", "vmlinuz")
    initrd = os.path.join(ROOT, "build", "dom0", "initrd-standard.gz")
    if os.path.exists(vmlinuz) and os.path.exists(initrd):
        cut = os.path.join(WORK, "initrd-truncated.gz")
        data = open(initrd, "rb").read()
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 3])
        expect("linux-truncated-initrd", HV_CMDLINE + " dom0_mem=512M",
               "%s console=hvc0 earlyprintk=xen,%s" % (vmlinuz, cut),
               [r"Initramfs unpacking failed", r"Kernel panic",
                r"^\(HV\) domain 0 shutdown: reason=crash"],
               status_want=(3 << 1) | 1, mem=1024, timeout=150)
    else:
        print("boot [ours] note: no Debian kernel in the cache, Linux checks not run")

    grub_file = shutil.which("grub-file")
    if grub_file:
        for kind in ("multiboot", "multiboot2"):
            rc = subprocess.call([grub_file, "--is-x86-" + kind, IMAGE])
            check("header." + kind, rc == 0, "grub-file --is-x86-%s: %d" % (kind, rc))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
