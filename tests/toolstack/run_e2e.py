#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Toolstack end to end under QEMU: boot Debian's Xen 4.17 (or our
hypervisor) with Debian's standard kernel as dom0 and an initramfs holding
the installable dom0 tree of `make dist` (xl, libctrl.so, xenstored and the
console daemon, which /init starts, with the shared libraries they load),
a guest.cfg, and a domU (Debian's cloud kernel as a bzImage plus a busybox
initramfs). The dom0 scenario tests/dom0/scenarios/toolstack-create does
the work and reports TEST/RESULT/TIME lines on /dev/kmsg, which reach the
serial log. Ends with "N passed, N failed" (a missing RESULT line counts as
a failure); the serial log is kept in build/toolstack/logs/.

  run_e2e.py [--hv xen|ours] [--scenario NAME] [--timeout S] [--runs N]
             [--no-build] [--xl PATH] [--initrd-only OUT]
"""

import argparse
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.environ.get("CACHE_DIR", os.path.join(ROOT, ".cache"))
BUILD = os.path.join(ROOT, "build")
OUT = os.path.join(BUILD, "toolstack")
HERE = os.path.dirname(os.path.abspath(__file__))

TEST_RE = re.compile(r"TEST (\S+): (PASS|FAIL|SKIP)(?: (.*))?$")
RESULT_RE = re.compile(r"RESULT (\S+): (PASS|FAIL)(.*)$")
TIME_RE = re.compile(r"TIME (\S+) (\S+)")
END = {"ours": re.compile(r"\(HV\) domain 0 shutdown"),
       "xen": re.compile(r"\(XEN\) Hardware Dom0 (halted|shutdown|crashed)")}

GUEST_CFG = """\
# The toolstack scenario's guest: Debian's cloud kernel (a bzImage with an
# XZ payload, unwrapped by our builder) and a busybox initramfs.
name = "guest"
memory = 128
vcpus = 1
kernel = "/boot/domU/vmlinuz"
ramdisk = "/boot/domU/initrd.gz"
extra = "console=hvc0"
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "destroy"
"""

# Test kernels of our own run as domUs by the scenario (tests/guests:
# isolation, share, shutdown), one config each; xl create adds name= and
# extra=.
TEST_KERNEL_CFG = """\
# A test kernel of our own (an ELF PV kernel) run as a domU: see
# tests/guests/{name}.
name = "{name}"
memory = 32
vcpus = 1
kernel = "/boot/domU/{name}.elf"
on_poweroff = "destroy"
on_crash = "destroy"
"""
TEST_KERNELS = ("isolation", "share", "shutdown")
GUEST_KERNELS = os.path.join(BUILD, "tests", "guests")


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def build_tools():
    """The installable dom0 tree (make dist): xl, xenstored, xenconsoled,
    libctrl.so; the initramfs builder adds the libraries they load."""
    run(["make", "-s", "-C", ROOT, "dist"], stdout=subprocess.DEVNULL)
    run(["make", "-s", "-C", os.path.join(ROOT, "tests/guests"), "O=" + GUEST_KERNELS] +
        [os.path.join(GUEST_KERNELS, k + ".elf") for k in TEST_KERNELS],
        stdout=subprocess.DEVNULL)


def cpio_gz(root, out):
    with open(out, "wb") as f:
        find = subprocess.Popen(["find", "."], cwd=root, stdout=subprocess.PIPE)
        cpio = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet", "-R", "0:0"],
                                cwd=root, stdin=find.stdout, stdout=subprocess.PIPE)
        gz = subprocess.Popen(["gzip", "-9"], stdin=cpio.stdout, stdout=f)
        find.stdout.close()
        cpio.stdout.close()
        if gz.wait() or cpio.wait() or find.wait():
            raise SystemExit("run_e2e: cpio failed")


def domu_initrd(out):
    root = tempfile.mkdtemp(prefix="domu.")
    try:
        for d in ("bin", "sbin", "dev", "proc", "sys", "tmp"):
            os.makedirs(os.path.join(root, d))
        shutil.copy(shutil.which("busybox") or "/bin/busybox",
                    os.path.join(root, "bin/busybox"))
        os.symlink("busybox", os.path.join(root, "bin/sh"))
        shutil.copy(os.path.join(HERE, "domu/init"), os.path.join(root, "init"))
        os.chmod(os.path.join(root, "init"), 0o755)
        cpio_gz(root, out)
    finally:
        shutil.rmtree(root)


def dom0_initrd(out, domu_rd, xl=None, trees=()):
    """The dom0 initramfs: dist/dom0, the guest and its config, and any
    further `trees` merged into / (tests/bench adds Debian's xl)."""
    tree = tempfile.mkdtemp(prefix="dom0tree.")
    try:
        os.makedirs(os.path.join(tree, "etc/xen"))
        with open(os.path.join(tree, "etc/xen/guest.cfg"), "w") as f:
            f.write(GUEST_CFG)
        os.makedirs(os.path.join(tree, "boot/domU"))
        shutil.copy(os.path.join(CACHE, "linux/cloud/vmlinuz"),
                    os.path.join(tree, "boot/domU/vmlinuz"))
        shutil.copy(domu_rd, os.path.join(tree, "boot/domU/initrd.gz"))
        for k in TEST_KERNELS:
            with open(os.path.join(tree, "etc/xen/%s.cfg" % k), "w") as f:
                f.write(TEST_KERNEL_CFG.format(name=k))
            shutil.copy(os.path.join(GUEST_KERNELS, k + ".elf"),
                        os.path.join(tree, "boot/domU/%s.elf" % k))
        if xl:
            # Another build of xl (e.g. with sanitizers) in place of dist's.
            os.makedirs(os.path.join(tree, "usr/sbin"))
            shutil.copy(xl, os.path.join(tree, "usr/sbin/xl"))
        cmd = [sys.executable, os.path.join(ROOT, "tests/dom0/mkinitramfs.py"),
               "--modules", os.path.join(CACHE, "linux/standard/modules"),
               "--out", out, "--dist", os.path.join(ROOT, "dist/dom0"), "--tree", tree]
        for t in trees:
            cmd += ["--tree", t]
        run(cmd, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(tree)


def boot(args, initrd, log_path):
    image = os.path.join(ROOT, "dist/boot/hypervisor") if args.hv == "ours" else \
        os.path.join(CACHE, "xen/xen-4.17-amd64")
    kernel = os.path.join(CACHE, "linux/standard/vmlinuz")   # the bzImage, as Debian ships it
    hv_cmd = ("console=com1 com1=115200,8n1 dom0_mem=%dM,max:%dM dom0_max_vcpus=%d "
              "loglvl=all guest_loglvl=all" % (args.dom0_mem, args.dom0_mem, args.vcpus))
    if args.hv == "xen":
        # Eager FPU switching: QEMU's TCG raises no #NM for XSAVE/XRSTOR
        # with CR0.TS set, so with Xen's lazy switching (its default on
        # this CPU model) dom0's kernel saves a domU's registers as its
        # own tasks' and busybox or xl in dom0 crash now and then.
        hv_cmd += " noreboot spec-ctrl=eager-fpu"
    kcmd = "console=hvc0 earlyprintk=xen scenario=%s" % args.scenario
    # qemu_extra/cpu_suffix (tests/bench): e.g. icount, which wants x2APIC off.
    cpu = os.environ.get("QEMU_CPU", "max") + getattr(args, "cpu_suffix", "")
    cmd = [os.environ.get("QEMU", "qemu-system-x86_64"), "-accel", "tcg",
           "-cpu", cpu, "-m", str(args.mem),
           "-smp", str(args.vcpus), "-nographic", "-monitor", "none",
           "-serial", "stdio", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
           "-kernel", image, "-append", hv_cmd,
           "-initrd", "%s %s,%s" % (kernel, kcmd, initrd)] + getattr(args, "qemu_extra", [])
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    tests, times, result, marks = [], {}, None, {}
    ended = None
    buf = b""
    try:
        with open(log_path, "w") as log:
            log.write(" ".join(cmd) + "\n")
            while True:
                t = time.monotonic() - start
                if t > args.timeout:
                    print("toolstack [%s] timeout after %d s" % (args.hv, args.timeout))
                    break
                if ended and time.monotonic() - ended > 1.0:
                    break
                # Never block on a silent QEMU: the deadline must hold.
                ready, _, _ = select.select([proc.stdout], [], [], 0.5)
                if not ready:
                    if proc.poll() is not None:
                        break
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                buf += chunk
                while b"\n" in buf:
                    raw, buf = buf.split(b"\n", 1)
                    line = raw.decode(errors="replace").rstrip("\r").replace("\x1b", "")
                    log.write("%8.2f %s\n" % (t, line))
                    if "init" not in marks and "INIT: reached /init" in line:
                        marks["init"] = t
                    m = TEST_RE.search(line)
                    if m:
                        tests.append((m.group(1), m.group(2), m.group(3) or ""))
                        print("toolstack [%s] TEST %s: %s %s" % (
                            args.hv, m.group(1), m.group(2), m.group(3) or ""), flush=True)
                    m = TIME_RE.search(line)
                    if m:
                        times[m.group(1)] = m.group(2)
                    m = RESULT_RE.search(line)
                    if m:
                        result = line
                        print("toolstack [%s] %s" % (args.hv, line[m.start():]), flush=True)
                    if END[args.hv].search(line) and not ended:
                        ended = time.monotonic()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return tests, times, result, marks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hv", choices=["xen", "ours"], default="xen")
    ap.add_argument("--scenario", default="toolstack-create")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--mem", type=int, default=1024)
    ap.add_argument("--dom0-mem", type=int, default=512)
    ap.add_argument("--vcpus", type=int, default=2)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--xl", default=None,
                    help="another xl binary for dom0 (e.g. a sanitizer build)")
    ap.add_argument("--initrd-only", metavar="OUT",
                    help="only build the dom0 initramfs (toolstack, guest.cfg, domU) "
                    "into OUT and stop: what `make run` boots")
    args = ap.parse_args()
    # A SIGTERM (timeout(1), CI) still runs the cleanup that stops QEMU.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))

    os.makedirs(os.path.join(OUT, "logs"), exist_ok=True)
    if not args.no_build:
        run(["bash", os.path.join(ROOT, "scripts/fetch-linux.sh")], stdout=subprocess.DEVNULL)
        if args.hv == "xen":
            run(["bash", os.path.join(ROOT, "scripts/fetch-xen.sh")], stdout=subprocess.DEVNULL)
        build_tools()
        domu_initrd(os.path.join(OUT, "domu-initrd.gz"))
        dom0_initrd(args.initrd_only or os.path.join(OUT, "initrd-dom0.gz"),
                    os.path.join(OUT, "domu-initrd.gz"), args.xl)
    if args.initrd_only:
        return 0
    passed = failed = 0
    all_times = {}
    for r in range(args.runs):
        log = os.path.join(OUT, "logs", "%s-%s-%d.log" % (args.hv, args.scenario, r))
        tests, times, result, marks = boot(args, os.path.join(OUT, "initrd-dom0.gz"), log)
        for k, v in times.items():
            try:
                all_times.setdefault(k, []).append(float(v))
            except ValueError:
                pass
        if "init" in marks:
            all_times.setdefault("dom0_init_from_qemu_start", []).append(marks["init"])
        if r == 0 or args.runs > 1:
            passed += sum(1 for _, v, _ in tests if v == "PASS")
            failed += sum(1 for _, v, _ in tests if v == "FAIL")
            if result is None:
                print("toolstack [%s] no RESULT line (log: %s)" % (args.hv, log))
                failed += 1
        print("toolstack [%s] serial log: %s" % (args.hv, log))
    for k, v in sorted(all_times.items()):
        print("time %s [%s]: median %.2f s (n=%d)" % (k, args.hv, statistics.median(v), len(v)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
