#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""PV micro-operation benchmark: boots the measurement kernel `pvbench`
(tests/guests/pvbench) as dom0 on our hypervisor and on Xen 4.17, same QEMU,
same options, interleaved, in two modes:

  tcg     plain TCG: the guest TSC follows the host clock, so the figures
          are emulation time (noisy; compare ratios)
  icount  TCG with `-icount shift=0`: the TSC advances one tick per
          instruction, so a figure is the number of instructions the
          operation executed (hypervisor and guest), repeatable to the unit.
          QEMU aborts ("Bad icount read") when Xen reads the x2APIC timer
          through an MSR under icount, so this mode runs with x2APIC off
          (`-cpu <model>,-x2apic`) for both hypervisors.

Prints one table per mode: per operation the median over boots of each
boot's median (cycles and ns, as the kernel converted them with the
hypervisor's TSC scale), and the ratio ours/Xen. Not a test: it never fails
on a number; it exits 1 only if a boot produced no (or incomplete) results.
Standard library only.

  pv_micro.py [--boots N] [--mode tcg|icount ...] [--iters N] [--warmup N]
"""

import argparse
import os
import platform
import re
import selectors
import shlex
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
sys.dont_write_bytecode = True
import run_guests  # noqa: E402  (QEMU knobs, hypervisor command line, stop())

BENCH_RE = re.compile(r"^BENCH (\S+): median (\d+) cycles \(([0-9.]+) ns\), "
                      r"min (\d+) cycles, n (\d+)$")
INFO_RE = re.compile(r"^BENCH-INFO tsc (\d+) kHz")
TEST_RE = re.compile(r"^TEST (\S+): (PASS|FAIL|SKIP)(?: (.*))?$")
RESULT_RE = re.compile(r"^RESULT pvbench: (PASS|FAIL) ")
XEN_HALT_RE = re.compile(r"^\(XEN\) Hardware Dom0 (halted|shutdown|crashed)")

MODES = {
    "tcg": {"extra": [], "cpu_suffix": "", "timeout": 120},
    "icount": {"extra": ["-icount", "shift=0"], "cpu_suffix": ",-x2apic",
               "timeout": 600},
}
HVS = ("ours", "xen")


def image_for(hv):
    if hv == "ours":
        return os.path.join(ROOT, "dist", "boot", "hypervisor")
    return os.path.join(os.environ.get("CACHE_DIR", os.path.join(ROOT, ".cache")),
                        "xen", "xen-4.17-amd64")


def qemu_command(args, hv, mode):
    append = run_guests.HV_CMDLINE + (" noreboot" if hv == "xen" else "")
    module = "%s pvbench iters=%d warmup=%d" % (args.elf, args.iters, args.warmup)
    return ([args.qemu, "-accel", "tcg"] + MODES[mode]["extra"] +
            ["-cpu", args.cpu + MODES[mode]["cpu_suffix"], "-m", str(args.mem),
             "-nographic", "-monitor", "none", "-serial", "stdio", "-no-reboot",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
             "-kernel", image_for(hv), "-append", append, "-initrd", module])


def boot(args, hv, mode, log_path, timeout):
    """One QEMU run. Returns (results {name: (median, ns, min, n)}, tsc kHz,
    problems [str])."""
    cmd = qemu_command(args, hv, mode)
    results, khz, problems, fails = {}, None, [], []
    result = None
    with open(log_path, "wb") as log, open(log_path + ".stderr", "wb") as err:
        log.write(("# " + shlex.join(cmd) + "\n").encode())
        log.flush()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=err, start_new_session=True)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        os.set_blocking(proc.stdout.fileno(), False)
        pending = b""
        deadline = start + timeout
        stop_at = None      # RESULT seen: let the shutdown finish until then
        try:
            while True:
                now = time.monotonic()
                if stop_at is not None and now >= stop_at:
                    break
                if now >= deadline:
                    problems.append("timeout after %d s" % timeout)
                    break
                limit = stop_at if stop_at is not None else deadline
                chunk = b""
                if sel.select(timeout=max(0.0, min(0.2, limit - now))):
                    try:
                        chunk = proc.stdout.read(65536) or b""
                    except BlockingIOError:
                        chunk = b""
                if chunk:
                    log.write(chunk)
                    log.flush()
                    pending += chunk
                    *lines, pending = pending.split(b"\n")
                    for raw in lines:
                        line = raw.decode("utf-8", "replace").rstrip("\r")
                        if args.verbose:
                            print("  | " + line, flush=True)
                        m = BENCH_RE.match(line)
                        if m:
                            results[m.group(1)] = (int(m.group(2)), float(m.group(3)),
                                                   int(m.group(4)), int(m.group(5)))
                        m = INFO_RE.match(line)
                        if m:
                            khz = int(m.group(1))
                        m = TEST_RE.match(line)
                        if m and m.group(2) == "FAIL":
                            fails.append("%s %s" % (m.group(1), m.group(3) or ""))
                        if RESULT_RE.match(line) and result is None:
                            result = line
                            stop_at = time.monotonic() + 3.0
                        if XEN_HALT_RE.match(line) and stop_at is not None:
                            stop_at = min(stop_at, time.monotonic() + 0.2)
                if proc.poll() is not None and not chunk:
                    break
        finally:
            run_guests.stop(proc)
            sel.close()
    if result is None and not problems:
        problems.append("no RESULT line (QEMU status %s)" % proc.returncode)
    if fails:
        problems.extend("kernel check failed: " + f for f in fails)
    if not results:
        problems.append("no BENCH lines")
    return results, khz, problems


def fmt_ns(ns):
    return "%.0f" % ns if ns >= 100 else "%.1f" % ns


def table(mode, data, khz, boots, iters, cpu):
    """data[hv][name] = list of (median, ns, min, n), one per boot."""
    names = []
    for hv in HVS:
        for name in data[hv]:
            if name not in names:
                names.append(name)
    unit = "instructions" if mode == "icount" else "TSC cycles"
    print()
    print("### %s: QEMU -accel tcg %s-cpu %s; TSC ours %s kHz, Xen %s kHz" % (
        mode, " ".join(MODES[mode]["extra"]) + " " if MODES[mode]["extra"] else "",
        cpu + MODES[mode]["cpu_suffix"], khz.get("ours", "?"), khz.get("xen", "?")))
    print("Cells: median over boots (ours %d, Xen %d) of each boot's median of %d rounds; "
          "ns in brackets; min = lowest single round; spread = range of the boot medians."
          % (boots["ours"], boots["xen"], iters))
    print()
    print("| operation | ours: %s (ns) | Xen 4.17: %s (ns) | ours/Xen | "
          "ours min | Xen min | ours spread | Xen spread |" % (unit, unit))
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        cells, med, mins, spreads = [], {}, [], []
        for hv in HVS:
            runs = data[hv].get(name, [])
            if not runs:
                cells.append("-")
                mins.append("-")
                spreads.append("-")
                continue
            med[hv] = statistics.median(r[0] for r in runs)
            cells.append("%d (%s)" % (med[hv], fmt_ns(statistics.median(r[1] for r in runs))))
            mins.append("%d" % min(r[2] for r in runs))
            spreads.append("%d-%d" % (min(r[0] for r in runs), max(r[0] for r in runs)))
        ratio = ("%.2f" % (med["ours"] / med["xen"])
                 if "ours" in med and "xen" in med and med["xen"] else "-")
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, cells[0], cells[1], ratio, mins[0], mins[1], spreads[0], spreads[1]))


def machine_note(args):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        qemu = subprocess.run([args.qemu, "--version"], capture_output=True,
                              text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        qemu = args.qemu
    load = " ".join("%.2f" % x for x in os.getloadavg())
    return "%s; host %s, %d CPUs, %s, load %s" % (qemu, cpu, os.cpu_count() or 0,
                                                   platform.release(), load)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--boots", type=int, default=3, help="boots per hypervisor and mode")
    ap.add_argument("--mode", action="append", choices=sorted(MODES),
                    help="tcg and/or icount (default both)")
    ap.add_argument("--iters", type=int, default=2000, help="timed rounds per operation")
    ap.add_argument("--warmup", type=int, default=200, help="untimed rounds first")
    ap.add_argument("--timeout", type=int, help="seconds per boot (default 120 tcg, "
                    "600 icount)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build/tests/guests"))
    ap.add_argument("--log-dir", default=os.path.join(ROOT, "build/bench/pv_micro"))
    ap.add_argument("--qemu", default=run_guests.config_default("QEMU", "qemu-system-x86_64"))
    ap.add_argument("--cpu", default=run_guests.config_default("QEMU_CPU", "max"))
    ap.add_argument("--mem", type=int, default=int(run_guests.config_default("QEMU_MEM", "512")))
    ap.add_argument("-v", "--verbose", action="store_true", help="echo the serial lines")
    args = ap.parse_args()
    modes = args.mode or ["tcg", "icount"]

    args.elf = os.path.join(args.build_dir, "pvbench.elf")
    if not os.path.exists(args.elf):
        print("pv_micro: no %s (make -C tests/guests)" % args.elf, file=sys.stderr)
        return 2
    if not os.path.exists(image_for("xen")):
        subprocess.run([os.path.join(ROOT, "scripts", "fetch-xen.sh")], check=True)
    for hv in HVS:
        if not os.path.exists(image_for(hv)):
            print("pv_micro: no hypervisor image at %s" % image_for(hv), file=sys.stderr)
            return 2
    os.makedirs(args.log_dir, exist_ok=True)

    print("pv_micro: %s" % machine_note(args))
    print("pv_micro: %d boots per hypervisor and mode, %d rounds after %d warm-up, "
          "QEMU -accel tcg -cpu %s -m %d" % (args.boots, args.iters, args.warmup,
                                             args.cpu, args.mem), flush=True)
    failed = 0
    tables = []
    for mode in modes:
        timeout = args.timeout or MODES[mode]["timeout"]
        data = {hv: {} for hv in HVS}
        khz = {}
        boots = {hv: 0 for hv in HVS}
        for i in range(args.boots):
            # Alternate who goes first, so neither always runs on a warmer host.
            for hv in (HVS if i % 2 == 0 else HVS[::-1]):
                log = os.path.join(args.log_dir, "%s-%s-%d.log" % (mode, hv, i + 1))
                t0 = time.monotonic()
                results, k, problems = boot(args, hv, mode, log, timeout)
                for name, r in results.items():
                    data[hv].setdefault(name, []).append(r)
                if k:
                    khz[hv] = k
                if results:
                    boots[hv] += 1
                status = "ok" if not problems else "FAILED: " + "; ".join(problems)
                print("pv_micro: %s %s boot %d: %d operations in %.1f s, %s (log %s)" % (
                    mode, hv, i + 1, len(results), time.monotonic() - t0, status,
                    os.path.relpath(log, ROOT)), flush=True)
                if problems:
                    failed += 1
        tables.append((mode, data, khz, boots, args.iters, args.cpu))
    for t in tables:
        table(*t)
    print()
    if failed:
        print("pv_micro: %d boot(s) without complete results" % failed)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
