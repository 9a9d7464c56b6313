#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Toolstack benchmark under QEMU: our xl against Debian's xl (xen-utils-4.17)
on the same Debian Xen 4.17, Debian's standard kernel as dom0, in ONE boot
(same QEMU, same options, same daemons: ours, started by /init from the
dist tree). The dom0 scenario tests/dom0/scenarios/toolstack-bench runs
alternating rounds of: xl create of the cloud-kernel domU -> first console
byte -> the guest's /init (followed with that toolstack's `xl console`),
xl destroy, and the return of the guest's memory. Prints per step the
median over rounds for each toolstack and the ratio ours/Debian's (below 1:
ours is faster), for one boot in each mode: tcg (wall-clock) and icount
(instructions; see MODES). Never fails on a number; exits 1 only if a
toolstack produced no times. Serial logs are kept in build/bench/logs/.

Boot, domU and dom0 initramfs come from tests/toolstack/run_e2e.py; this
script adds Debian's xl, xen-init-dom0, xenconsole, libxl-save-helper,
their libraries (in /usr/lib/xen-4.17/lib) and xl.conf, and two configs
with the same keys (run_e2e's guest.cfg, renamed).

  xl_create.py [--rounds N] [--timeout S] [--mode tcg|icount ...] [--no-build]
               [--verbose]
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "toolstack"))
sys.dont_write_bytecode = True
import run_e2e  # noqa: E402  (boot(), initramfs builders, guest.cfg)

OUT = os.path.join(run_e2e.BUILD, "bench")
XU = os.path.join(run_e2e.CACHE, "xen-utils-4.17")
DEB_BINS = ("xl", "xen-init-dom0", "xenconsole", "libxl-save-helper")
TOOLS = ("ours", "debian")
STEPS = ("create", "first", "init", "destroy", "freed")
KEY = re.compile(r"^bench\.(\w+)\.(\w+)\.(\d+)$")
# glibc itself comes with dist/dom0 (our programs load the same one).
GLIBC = ("libc.so.6", "ld-linux-x86-64.so.2", "linux-vdso.so.1")


def debian_tree(rounds, verbose):
    """Debian's toolstack and the benchmark's configs, merged into /."""
    tree = tempfile.mkdtemp(prefix="xlbench.")
    bindir = os.path.join(tree, "usr/lib/xen-4.17/bin")
    libdir = os.path.join(tree, "usr/lib/xen-4.17/lib")
    etc = os.path.join(tree, "etc/xen")
    for d in (bindir, libdir, etc):
        os.makedirs(d)
    env = dict(os.environ, LD_LIBRARY_PATH="%s:%s" % (
        os.path.join(XU, "usr/lib/x86_64-linux-gnu"), os.path.join(XU, "lib/x86_64-linux-gnu")))
    libs = set()
    for b in DEB_BINS:
        src = os.path.join(XU, "usr/lib/xen-4.17/bin", b)
        shutil.copy(src, bindir)
        out = subprocess.run(["ldd", src], env=env, capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if "=>" in parts and len(parts) > 2 and parts[2].startswith("/"):
                if parts[0] not in GLIBC:
                    libs.add(parts[2])
            elif "not found" in line:
                raise SystemExit("xl_create: %s needs %s, not found" % (b, parts[0]))
    for lib in libs:
        shutil.copy(os.path.realpath(lib), os.path.join(libdir, os.path.basename(lib)))
    shutil.copy(os.path.join(XU, "etc/xen/xl.conf"), etc)
    # The same keys for both toolstacks; only the name tells them apart.
    for tool in TOOLS:
        cfg = run_e2e.GUEST_CFG.replace('name = "guest"', 'name = "bench-%s"' % tool)
        with open(os.path.join(etc, "bench-%s.cfg" % tool), "w") as f:
            f.write(cfg + 'type = "pv"\n')
    with open(os.path.join(etc, "bench-rounds"), "w") as f:
        f.write("%d\n" % rounds)
    if verbose:
        open(os.path.join(etc, "bench-verbose"), "w").close()
    return tree


def build(rounds, verbose, initrd):
    for s in ("fetch-linux.sh", "fetch-xen.sh", "fetch-xen-utils.sh"):
        subprocess.run(["bash", os.path.join(ROOT, "scripts", s)], check=True,
                       stdout=subprocess.DEVNULL)
    run_e2e.build_tools()
    domu = os.path.join(OUT, "domu-initrd.gz")
    run_e2e.domu_initrd(domu)
    tree = debian_tree(rounds, verbose)
    try:
        run_e2e.dom0_initrd(initrd, domu, trees=[tree])
    finally:
        shutil.rmtree(tree)


def cell(v):
    """median (min-max) of one toolstack's times for a step."""
    if not v:
        return "-"
    return "%.2f (%.2f-%.2f)" % (statistics.median(v), min(v), max(v))


# Boot modes, as in pv_micro.py. tcg: wall-clock time under plain TCG
# (noisy when the host is busy). icount: every instruction advances the
# guest clock by 1 ns and idle time is skipped (sleep=off), so the guest's
# times count instructions and do not depend on host load; QEMU aborts
# ("Bad icount read") when Xen reads the x2APIC timer by MSR, so x2APIC
# is off in this mode.
MODES = {
    "tcg": {},
    "icount": {"qemu_extra": ["-icount", "shift=0,sleep=off"], "cpu_suffix": ",-x2apic"},
}


def one_boot(mode, initrd, timeout):
    """One boot, all rounds; returns {tool: {step: [seconds]}} or None."""
    # run_e2e's QEMU set-up: 1 GiB, 2 vCPUs, dom0 512 MiB.
    boot_args = argparse.Namespace(hv="xen", scenario="toolstack-bench", timeout=timeout,
                                   mem=1024, dom0_mem=512, vcpus=2, **MODES[mode])
    log = os.path.join(OUT, "logs", "xen-toolstack-bench-%s.log" % mode)
    tests, times, result, _ = run_e2e.boot(boot_args, initrd, log)
    print("xl-bench [%s]: serial log %s" % (mode, log))
    for name, verdict, detail in tests:
        if verdict == "FAIL":
            print("xl-bench [%s]: step failed: %s %s" % (mode, name, detail))
    if result is None:
        print("xl-bench [%s]: no RESULT line (timeout or crash)" % mode)
    got = {t: {s: [] for s in STEPS} for t in TOOLS}
    for k, v in times.items():
        m = KEY.match(k)
        if m and m.group(1) in got and m.group(2) in STEPS:
            got[m.group(1)][m.group(2)].append(float(v))
    return got


def report(mode, got):
    unit = "guest seconds = 10^9 instructions" if mode == "icount" else "seconds"
    print("[%s] %s, median over rounds (min-max); create = xl create's run time, "
          "first/init from the start of xl create, freed from the start of xl destroy"
          % (mode, unit))
    print("%-8s %20s %20s %8s" % ("step", "our xl", "Debian's xl", "ours/Deb"))
    for s in STEPS:
        a, b = got["ours"][s], got["debian"][s]
        ratio = "%.2f" % (statistics.median(a) / statistics.median(b)) \
            if a and b and statistics.median(b) else "-"
        print("%-8s %20s %20s %8s (n=%d/%d)" % (s, cell(a), cell(b), ratio, len(a), len(b)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=900, help="per boot, seconds")
    ap.add_argument("--mode", action="append", choices=sorted(MODES),
                    help="tcg and/or icount (default both)")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--verbose", action="store_true",
                    help="diagnosis: xl -v/-vvv for create and destroy, each line "
                    "to the serial log as it comes (the times are not comparable)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    os.makedirs(os.path.join(OUT, "logs"), exist_ok=True)
    # A verbose initramfs has its own name, so --no-build never picks the
    # wrong one.
    initrd = os.path.join(OUT, "initrd-xl-bench%s.gz" % ("-verbose" if args.verbose else ""))
    if not args.no_build:
        build(args.rounds, args.verbose, initrd)
    ok = True
    results = {}
    for mode in args.mode or ["tcg", "icount"]:
        results[mode] = one_boot(mode, initrd, args.timeout)
        ok &= all(results[mode][t]["create"] for t in TOOLS)
    for mode, got in results.items():
        report(mode, got)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
