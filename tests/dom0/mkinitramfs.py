#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Assemble a dom0 (or domU) initramfs from Debian packages: busybox-static,
the kernel's Xen modules (with their dependencies, read from each module's
.modinfo), our /init, scenario scripts, and extra binaries (the toolstack,
test programs). Writes a gzip'd newc cpio.

  mkinitramfs.py --modules DIR --out FILE [--bin PATH]... [--tree DIR]...
                 [--dist DIR] [--scenarios DIR]

--dist takes the tree `make dist` stages (dist/dom0) and adds, beside it,
every shared library its programs load (found with ldd on the build host,
which is Debian like the initramfs). /init starts the daemons it holds.
"""

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Loaded in this order (dependencies are put first automatically).
WANTED = [
    "drivers/xen/xen-privcmd.ko",
    "drivers/xen/xen-evtchn.ko",
    "drivers/xen/xen-gntdev.ko",
    "drivers/xen/xen-gntalloc.ko",
    "drivers/xen/xenfs/xenfs.ko",
    "drivers/block/xen-blkback/xen-blkback.ko",
    "drivers/net/xen-netback/xen-netback.ko",
    "drivers/block/xen-blkfront.ko",
    "drivers/net/xen-netfront.ko",
]


def modinfo_depends(path):
    data = open(path, "rb").read()
    i = data.find(b"depends=")
    if i < 0:
        return []
    end = data.find(b"\0", i)
    deps = data[i + len(b"depends="):end].decode()
    return [d for d in deps.split(",") if d]


def index_modules(kernel_dir):
    idx = {}
    for dirpath, _, files in os.walk(kernel_dir):
        for f in files:
            if f.endswith(".ko"):
                idx[f[:-3].replace("-", "_")] = os.path.relpath(os.path.join(dirpath, f), kernel_dir)
    return idx


def resolve(kernel_dir, wanted):
    idx = index_modules(kernel_dir)
    order, seen = [], set()

    def visit(rel):
        if rel in seen:
            return
        seen.add(rel)
        for dep in modinfo_depends(os.path.join(kernel_dir, rel)):
            key = dep.replace("-", "_")
            if key not in idx:
                raise SystemExit("module %s needs %s, which is not in the package" % (rel, dep))
            visit(idx[key])
        order.append(rel)

    for w in wanted:
        if os.path.exists(os.path.join(kernel_dir, w)):
            visit(w)
    return order


def elf_files(tree):
    out = []
    for dirpath, _, files in os.walk(tree):
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def copy_libs(root, binaries):
    """Every shared library the binaries load (ldd), at the path the loader
    names, plus libgcc_s, which glibc opens at run time (thread cancellation)
    without ldd knowing. Libraries of the tree itself are already there."""
    libs = set()
    env = dict(os.environ)
    dirs = sorted({os.path.dirname(b) for b in binaries})
    env["LD_LIBRARY_PATH"] = ":".join(dirs)
    for b in binaries:
        r = subprocess.run(["ldd", b], stdout=subprocess.PIPE, text=True, env=env)
        for line in r.stdout.splitlines():
            parts = line.split()
            path = parts[2] if "=>" in parts and len(parts) > 2 else parts[0] if parts else ""
            if path.startswith("/") and not any(path.startswith(d + "/") for d in dirs):
                libs.add(path)
    for cand in ("/lib/x86_64-linux-gnu/libgcc_s.so.1", "/usr/lib/x86_64-linux-gnu/libgcc_s.so.1"):
        if os.path.exists(cand):
            libs.add(cand)
            break
    for lib in sorted(libs):
        dst = os.path.join(root, lib.lstrip("/"))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy(os.path.realpath(lib), dst)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modules", required=True, help="lib/modules/<version> of the kernel")
    ap.add_argument("--out", required=True)
    ap.add_argument("--bin", action="append", default=[], help="extra file for /bin")
    ap.add_argument("--tree", action="append", default=[], help="directory merged into /")
    ap.add_argument("--dist", help="installable dom0 tree (make dist): merged into /, "
                    "with the shared libraries its programs need")
    ap.add_argument("--scenarios", default=os.path.join(HERE, "scenarios"))
    args = ap.parse_args()

    busybox = shutil.which("busybox") or "/bin/busybox"
    kdir = os.path.join(args.modules, "kernel")
    order = resolve(kdir, WANTED)
    root = tempfile.mkdtemp(prefix="initramfs.")
    try:
        for d in ("bin", "sbin", "etc", "proc", "sys", "dev", "run", "tmp", "var/log",
                  "lib/modules", "scenarios", "root"):
            os.makedirs(os.path.join(root, d), exist_ok=True)
        shutil.copy(busybox, os.path.join(root, "bin/busybox"))
        os.symlink("busybox", os.path.join(root, "bin/sh"))
        for rel in order:
            shutil.copy(os.path.join(kdir, rel), os.path.join(root, "lib/modules", os.path.basename(rel)))
        with open(os.path.join(root, "etc/modules-order"), "w") as f:
            f.write("\n".join(os.path.basename(r) for r in order) + "\n")
        shutil.copy(os.path.join(HERE, "init"), os.path.join(root, "init"))
        os.chmod(os.path.join(root, "init"), 0o755)
        if os.path.isdir(args.scenarios):
            for s in os.listdir(args.scenarios):
                dst = os.path.join(root, "scenarios", s)
                shutil.copy(os.path.join(args.scenarios, s), dst)
                os.chmod(dst, 0o755)
        for b in args.bin:
            dst = os.path.join(root, "bin", os.path.basename(b))
            shutil.copy(b, dst)
            os.chmod(dst, os.stat(dst).st_mode | stat.S_IXUSR)
        if args.dist:
            shutil.copytree(args.dist, root, dirs_exist_ok=True, symlinks=True)
            copy_libs(root, elf_files(args.dist))
        for t in args.tree:
            shutil.copytree(t, root, dirs_exist_ok=True, symlinks=True)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "wb") as out:
            find = subprocess.Popen(["find", "."], cwd=root, stdout=subprocess.PIPE)
            cpio = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet", "-R", "0:0"],
                                    cwd=root, stdin=find.stdout, stdout=subprocess.PIPE)
            gz = subprocess.Popen(["gzip", "-1"], stdin=cpio.stdout, stdout=out)
            find.stdout.close()
            cpio.stdout.close()
            if gz.wait() or cpio.wait() or find.wait():
                raise SystemExit("mkinitramfs: archiving failed")
        print("mkinitramfs: %s (%d modules, %d bytes)" % (args.out, len(order),
                                                       os.path.getsize(args.out)))
    finally:
        shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
