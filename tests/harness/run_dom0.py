#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot Debian's Linux as dom0 (or the cloud kernel as an unprivileged
initial domain) under QEMU on our hypervisor or on Xen 4.17, with the test
initramfs (tests/dom0/), run a scenario script inside, and collect its
TEST/RESULT lines from the serial log (kernel timestamps stripped).
Also reports the time from QEMU start to the hypervisor banner, to the
kernel's first line, and to /init. Ends with "N passed, N failed".

  run_dom0.py --hv ours|xen [--flavour standard|cloud] [--scenario NAME]
              [--vcpus N] [--mem MiB] [--timeout S] [--runs N]
              [--kernel vmlinuz|vmlinux]

The kernel is Debian's bzImage (vmlinuz) as shipped, which both
hypervisors decompress themselves; --kernel vmlinux passes the ELF the
cache holds unpacked instead (to measure what decompression costs).
"""

import argparse
import os
import re
import selectors
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.environ.get("CACHE_DIR", os.path.join(ROOT, ".cache"))
BUILD = os.path.join(ROOT, "build", "dom0")

TEST_RE = re.compile(r"^(?:\[\s*[0-9.]+\] )?TEST (\S+): (PASS|FAIL|SKIP)(?: (.*))?$")
RESULT_RE = re.compile(r"^(?:\[\s*[0-9.]+\] )?RESULT (\S+): (PASS|FAIL)")
KERNEL_RE = re.compile(r"^\[\s*0\.000000\] Linux version")
INIT_RE = re.compile(r"INIT: reached /init")
BANNER = {"ours": re.compile(r"\(HV\) Hypervisor "), "xen": re.compile(r"\(XEN\) Xen version")}
# The hypervisor has the kernel's ELF in memory (after decompression, if any).
UNPACKED = {"ours": re.compile(r"^\(HV\) dom0 layout: kernel"),
            "xen": re.compile(r"^\(XEN\)\s+Dom0 kernel: 64-bit")}
END = {"ours": re.compile(r"^\(HV\) domain 0 shutdown"),
       "xen": re.compile(r"^\(XEN\) Hardware Dom0 (halted|shutdown|crashed)")}


def image(hv):
    return os.path.join(ROOT, "dist/boot/hypervisor") if hv == "ours" else \
        os.path.join(CACHE, "xen/xen-4.17-amd64")


def boot(args, log_path):
    kernel = os.path.join(CACHE, "linux", args.flavour, args.kernel)
    initrd = args.initrd or os.path.join(BUILD, "initrd-%s.gz" % args.flavour)
    hv_cmd = "console=com1 com1=115200,8n1 dom0_mem=%dM loglvl=all guest_loglvl=all " \
             "dom0_max_vcpus=%d" % (args.dom0_mem, args.vcpus)
    if args.hv == "xen":
        hv_cmd += " noreboot"
    # test_vcpus tells the scenario how many CPUs must come online.
    kcmd = "console=hvc0 earlyprintk=xen scenario=%s test_vcpus=%d" % (args.scenario, args.vcpus)
    cmd = [os.environ.get("QEMU", "qemu-system-x86_64"), "-accel", "tcg", "-cpu",
           os.environ.get("QEMU_CPU", "max"), "-m", str(args.mem), "-smp", str(args.vcpus),
           "-nographic", "-monitor", "none", "-serial", "stdio", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
           "-kernel", image(args.hv), "-append", hv_cmd,
           "-initrd", "%s %s,%s" % (kernel, kcmd, initrd)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    os.set_blocking(proc.stdout.fileno(), False)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    marks = {}
    tests = []
    result = None
    stop_at = start + args.timeout   # never wait past this
    pending = b""
    with open(log_path, "w") as log:
        log.write(" ".join(cmd) + "\n")
        while time.monotonic() < stop_at:
            if not sel.select(timeout=0.5):
                if proc.poll() is not None:
                    break
                continue
            chunk = proc.stdout.read()
            if not chunk:
                if proc.poll() is not None:
                    break
                continue
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                t = time.monotonic() - start
                line = raw.decode(errors="replace").rstrip("\r").replace("\x1b", "")
                log.write(line + "\n")
                if "unpacked" not in marks and UNPACKED[args.hv].search(line):
                    marks["unpacked"] = t
                if "banner" not in marks and BANNER[args.hv].search(line):
                    marks["banner"] = t
                if "kernel" not in marks and KERNEL_RE.search(line):
                    marks["kernel"] = t
                if "init" not in marks and INIT_RE.search(line):
                    marks["init"] = t
                m = TEST_RE.match(line)
                if m:
                    tests.append((m.group(1), m.group(2)))
                    print("dom0-%s [%s] TEST %s: %s" % (args.flavour, args.hv, m.group(1),
                                                       m.group(2)), flush=True)
                if RESULT_RE.match(line) and result is None:
                    result = line
                    # The run is complete; give the shutdown a moment to be logged.
                    stop_at = min(stop_at, time.monotonic() + 5)
                if END[args.hv].search(line):
                    stop_at = min(stop_at, time.monotonic() + 1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return marks, tests, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hv", choices=["ours", "xen"], required=True)
    ap.add_argument("--flavour", choices=["standard", "cloud"], default="standard")
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--vcpus", type=int, default=1)
    ap.add_argument("--mem", type=int, default=1024)
    ap.add_argument("--dom0-mem", type=int, default=512)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--kernel", choices=["vmlinuz", "vmlinux"], default="vmlinuz",
                    help="Debian's bzImage (default) or the ELF unpacked from it")
    ap.add_argument("--initrd", default=None, help="initramfs (default build/dom0/initrd-<flavour>.gz)")
    args = ap.parse_args()
    if args.scenario is None:
        args.scenario = "boot-markers" if args.flavour == "standard" else "boot-markers-domu"
    os.makedirs(os.path.join(BUILD, "logs"), exist_ok=True)
    passed = failed = 0
    times = {"banner": [], "unpacked": [], "kernel": [], "init": []}
    for r in range(args.runs):
        log = os.path.join(BUILD, "logs", "%s-%s-%s-%s-%dcpu-%d.log" % (
            args.hv, args.flavour, args.kernel, args.scenario, args.vcpus, r))
        marks, tests, result = boot(args, log)
        for k in times:
            if k in marks:
                times[k].append(marks[k])
        if r == 0:
            passed += sum(1 for _, v in tests if v == "PASS")
            failed += sum(1 for _, v in tests if v == "FAIL")
            if result is None:
                print("dom0-%s [%s] no RESULT line (log: %s)" % (args.flavour, args.hv, log))
                failed += 1
    for k, v in times.items():
        if v:
            print("time to %s [%s, %s, %s, %d vCPU]: median %.2f s (n=%d)" % (
                k, args.hv, args.flavour, args.kernel, args.vcpus, statistics.median(v),
                len(v)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
