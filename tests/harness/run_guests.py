#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot each guest test kernel as dom0 under QEMU (TCG) on a hypervisor
image and collect its results.

  run_guests.py --hv xen   Debian's Xen 4.17 (the oracle), .cache/xen/...
  run_guests.py --hv ours  our hypervisor, dist/boot/hypervisor

A kernel prints `TEST <name>: PASS|FAIL|SKIP [detail]` lines and a final
`RESULT <kernel>: PASS|FAIL (<p> passed, <f> failed, <s> skipped)`, then
shuts down. The harness also checks how the hypervisor reports the shutdown
(one extra TEST line per run, `shutdown.reported`). Standard library only.
"""

import argparse
import os
import re
import selectors
import shlex
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Every run: (run id, kernel, command-line arguments, expected shutdown
# reason[, options]). The module command line is "<kernel> <args>"; the
# kernel sees it in start_info.cmd_line. Options, a dict, all optional:
#   "serial": {regex: n}  n serial lines must match regex (for output a
#                         kernel cannot check itself);
#   "hv": "opt=v ..."     appended to the hypervisor command line, the same
#                         words for both hypervisors (e.g. dom0_max_vcpus=2);
#   "smp": n              QEMU -smp n (default: QEMU's one CPU).
RUN_OPTIONS = ("serial", "hv", "smp")
RUNS = [
    ("hello", "hello", "marker=42", "poweroff"),
    ("version", "version", "", "poweroff"),
    ("console", "console", "", "poweroff", {"serial": {
        r"^console-bytes: ABC$": 1,
        r"^L\d\d [a-z0-9]{59}$": 80,
    }}),
    ("exceptions", "exceptions", "", "poweroff"),
    ("hypercall-page", "hypercall-page", "", "poweroff"),
    ("hostile", "hostile", "", "poweroff"),
    ("mm", "mm", "", "poweroff"),
    ("memory", "memory", "", "poweroff"),
    ("usermode", "usermode", "", "poweroff"),
    ("dom0ops", "dom0ops", "", "poweroff"),
    ("cpu-state", "cpu-state", "", "poweroff"),
    ("privop", "privop", "", "poweroff"),
    ("privop-user", "privop-user", "", "poweroff"),
    ("multicall", "multicall", "", "poweroff"),
    ("gnttab", "gnttab", "", "poweroff"),
    ("gnttab-maptrack", "gnttab", "maptrack", "poweroff"),
    ("gnttab-hostile", "gnttab-hostile", "", "poweroff"),
    ("evtchn", "evtchn", "", "poweroff"),
    ("time", "time", "", "poweroff"),
    ("fifo", "fifo", "", "poweroff"),
    # dom0 with several vCPUs, all on QEMU's one CPU for both hypervisors;
    # the second run also gives its last vCPU hostile contexts first.
    ("vcpu-bringup", "vcpu-bringup", "", "poweroff",
     {"hv": "dom0_max_vcpus=2", "smp": 2}),
    ("smp-2", "smp", "vcpus=2", "poweroff", {"hv": "dom0_max_vcpus=2"}),
    ("smp-4", "smp", "vcpus=4 hostile", "poweroff", {"hv": "dom0_max_vcpus=4"}),
    ("domctl", "domctl", "", "poweroff"),
    ("shutdown-poweroff", "shutdown", "reason=poweroff", "poweroff"),
    ("shutdown-reboot", "shutdown", "reason=reboot", "reboot"),
    ("shutdown-crash", "shutdown", "reason=crash", "crash"),
    # SCHEDOP_shutdown_code sets the reason that a later SCHEDOP_shutdown
    # reports, whatever reason that call passes.
    ("shutdown-code", "shutdown", "reason=poweroff code=3", "crash"),
    # Ends with an expired watchdog: the domain's shutdown says so.
    ("watchdog", "watchdog", "", "watchdog",
     {"serial": {r"^\((HV|XEN)\) [Ww]atchdog timer (1 )?fired for ": 1}}),
]

SHUTDOWN_CODES = {"poweroff": 0, "reboot": 1, "suspend": 2, "crash": 3,
                  "watchdog": 4, "soft_reset": 5}

HV_CMDLINE = "console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all"

# How each hypervisor reports dom0's shutdown on the serial line, and
# whether QEMU then exits by itself (and with which status).
XEN_SHUTDOWN_LINES = {
    "poweroff": re.compile(r"^\(XEN\) Hardware Dom0 halted: halting machine"),
    "reboot": re.compile(r"^\(XEN\) Hardware Dom0 shutdown: rebooting machine"),
    "crash": re.compile(r"^\(XEN\) Hardware Dom0 crashed: "),
    "watchdog": re.compile(r"^\(XEN\) Hardware Dom0 shutdown: watchdog rebooting machine"),
}
XEN_ANY_SHUTDOWN = re.compile(r"^\(XEN\) Hardware Dom0 (halted|shutdown|crashed)")
OURS_SHUTDOWN = re.compile(r"^\(HV\) domain 0 shutdown: reason=(\S+) code=(\d+)")

TEST_RE = re.compile(r"^TEST (\S+): (PASS|FAIL|SKIP)(?: (.*))?$")
RESULT_RE = re.compile(
    r"^RESULT (\S+): (PASS|FAIL) \((\d+) passed, (\d+) failed, (\d+) skipped\)$")
BANNER_RE = re.compile(r"^KERNEL (\S+): ")

# After a halt, how long to keep reading (anything the guest prints after
# its shutdown is a failure); after a shutdown that should end QEMU, how
# long QEMU may take to exit.
HALT_GRACE_S = 0.5
EXIT_GRACE_S = 5.0


def config_default(var, fallback):
    """A knob from Config.mk (`VAR ?= value`), overridable from the
    environment: the single place where the QEMU CPU model is chosen."""
    if os.environ.get(var):
        return os.environ[var]
    try:
        with open(os.path.join(ROOT, "Config.mk")) as f:
            for line in f:
                m = re.match(r"^\s*%s\s*\??=\s*(\S+)" % re.escape(var), line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return fallback


class Run:
    """State of one QEMU boot."""

    def __init__(self, run_id, kernel, args, expect, options=None):
        options = options or {}
        unknown = set(options) - set(RUN_OPTIONS)
        if unknown:
            raise SystemExit("run %s: unknown options %s" %
                             (run_id, ", ".join(sorted(unknown))))
        self.run_id = run_id
        self.kernel = kernel
        self.args = args
        self.expect = expect
        self.serial = {re.compile(k): [v, 0]
                       for k, v in options.get("serial", {}).items()}
        self.hv_extra = options.get("hv", "")
        self.smp = options.get("smp")
        self.tests = []          # (name, verdict, detail)
        self.result = None       # RESULT match
        self.first_line_s = None  # QEMU start -> first guest line
        self.result_s = None
        self.shutdown = None     # (reason, code) as reported
        self.qemu_status = None
        self.problems = []       # harness-level failures


def qemu_command(args, image, elf, run):
    append = HV_CMDLINE + (" noreboot" if args.hv == "xen" else "")
    if run.hv_extra:
        append += " " + run.hv_extra
    module = "%s %s %s" % (elf, run.kernel, run.args)
    if "," in module:
        raise SystemExit("run %s: commas are not allowed in a module line" %
                         run.run_id)
    smp = ["-smp", str(run.smp)] if run.smp else []
    return [args.qemu, "-accel", "tcg", "-cpu", args.cpu, "-m", str(args.mem)] + smp + [
            "-nographic", "-monitor", "none", "-serial", "stdio",
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
            "-kernel", image, "-append", append,
            "-initrd", module.strip()]


def stop(proc):
    """End QEMU and anything in its process group."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=3)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def handle_line(args, run, line, t):
    """Parse one serial line. Returns True when the run is complete."""
    if run.first_line_s is None and BANNER_RE.match(line):
        run.first_line_s = t
    for regex, counts in run.serial.items():
        if regex.match(line):
            counts[1] += 1
    m = TEST_RE.match(line)
    if m:
        run.tests.append((m.group(1), m.group(2), m.group(3) or ""))
        print("%s [%s] TEST %s: %s%s" % (
            run.run_id, args.hv, m.group(1), m.group(2),
            " " + m.group(3) if m.group(3) else ""), flush=True)
        return False
    m = RESULT_RE.match(line)
    if m and run.result is None:
        run.result = m
        run.result_s = t
        return False
    if args.hv == "xen":
        if XEN_ANY_SHUTDOWN.match(line) and run.shutdown is None:
            run.shutdown = (line.split(") ", 1)[1], None)
            # Xen halts on poweroff, and on crash with noreboot: stop QEMU
            # now. On reboot it resets the machine, and -no-reboot makes
            # QEMU exit by itself: wait for that.
            return not XEN_SHUTDOWN_LINES["reboot"].match(line)
    else:
        m = OURS_SHUTDOWN.match(line)
        if m:
            run.shutdown = (m.group(1), int(m.group(2)))
            # QEMU is expected to exit by itself next.
    return False


def boot(args, image, run, log_path):
    elf = os.path.join(args.build_dir, run.kernel + ".elf")
    if not os.path.exists(elf):
        run.problems.append("missing %s (run make -C tests/guests)" % elf)
        return
    cmd = qemu_command(args, image, elf, run)
    with open(log_path, "wb") as log, \
            open(log_path + ".stderr", "wb") as err:
        log.write(("# " + shlex.join(cmd) + "\n").encode())
        log.flush()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        os.set_blocking(proc.stdout.fileno(), False)
        pending = b""
        deadline = start + args.timeout
        stop_at = None   # the machine halted: read trailing output until then
        exit_by = None   # shutdown reported: QEMU must exit by itself by then
        try:
            while True:
                now = time.monotonic()
                if stop_at is not None and now >= stop_at:
                    break
                if exit_by is not None and now >= exit_by:
                    run.problems.append("QEMU did not exit after the shutdown")
                    break
                if now >= deadline:
                    run.problems.append("timeout after %d s" % args.timeout)
                    break
                limit = min(x for x in (deadline, stop_at, exit_by)
                            if x is not None)
                events = sel.select(timeout=max(0.0, min(0.2, limit - now)))
                chunk = b""
                if events:
                    try:
                        chunk = proc.stdout.read(65536) or b""
                    except BlockingIOError:
                        chunk = b""
                if chunk:
                    log.write(chunk)
                    log.flush()
                    pending += chunk
                    *lines, pending = pending.split(b"\n")
                    t = time.monotonic() - start
                    for raw in lines:
                        line = raw.decode("utf-8", "replace").rstrip("\r")
                        if args.verbose:
                            print("  | " + line, flush=True)
                        if handle_line(args, run, line, t) and stop_at is None:
                            stop_at = time.monotonic() + HALT_GRACE_S
                if run.shutdown and exit_by is None and stop_at is None:
                    exit_by = time.monotonic() + EXIT_GRACE_S
                if proc.poll() is not None and not chunk:
                    run.qemu_status = proc.returncode
                    break
        finally:
            stop(proc)
            sel.close()
        if pending:
            line = pending.decode("utf-8", "replace").rstrip("\r")
            handle_line(args, run, line, time.monotonic() - start)


def judge_serial(args, run):
    """Harness-level checks of serial output the kernel cannot see."""
    for i, (regex, (want, got)) in enumerate(run.serial.items()):
        verdict = "PASS" if got == want else "FAIL"
        detail = "%d lines match %s (want %d)" % (got, regex.pattern, want)
        name = "serial.%d" % i
        run.tests.append((name, verdict, detail))
        print("%s [%s] TEST %s: %s %s" % (run.run_id, args.hv, name, verdict,
                                          detail), flush=True)


def judge_shutdown(args, run):
    """The harness-level check of how the shutdown was reported."""
    want = run.expect
    if args.hv == "xen":
        got = run.shutdown[0] if run.shutdown else None
        ok = bool(got) and bool(XEN_SHUTDOWN_LINES[want].match("(XEN) " + got))
        if want in ("reboot", "watchdog"):
            # Xen resets the machine and -no-reboot turns that into an exit.
            ok = ok and run.qemu_status == 0
        detail = "%s; qemu status %s" % (got or "no shutdown line",
                                         run.qemu_status)
    else:
        code = SHUTDOWN_CODES[want]
        ok = (run.shutdown == (want, code) and
              run.qemu_status == (code << 1) | 1)
        detail = "reason=%s code=%s; qemu status %s (want %s/%d/%d)" % (
            run.shutdown[0] if run.shutdown else None,
            run.shutdown[1] if run.shutdown else None,
            run.qemu_status, want, code, (code << 1) | 1)
    verdict = "PASS" if ok else "FAIL"
    run.tests.append(("shutdown.reported", verdict, detail))
    print("%s [%s] TEST shutdown.reported: %s %s" % (
        run.run_id, args.hv, verdict, detail), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hv", choices=["xen", "ours"], required=True)
    ap.add_argument("--image", help="hypervisor image (default: per --hv)")
    ap.add_argument("--only", action="append", default=[],
                    help="run id or kernel name (repeatable, or comma list)")
    ap.add_argument("--log-dir", help="serial logs (default build/tests/guests/logs/<hv>)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build/tests/guests"),
                    help="where <kernel>.elf are")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per run")
    ap.add_argument("--qemu", default=config_default("QEMU", "qemu-system-x86_64"))
    ap.add_argument("--cpu", default=config_default("QEMU_CPU", "max"))
    ap.add_argument("--mem", type=int, default=int(config_default("QEMU_MEM", "512")))
    ap.add_argument("-v", "--verbose", action="store_true", help="echo the serial lines")
    args = ap.parse_args()

    if args.image:
        image = args.image
    elif args.hv == "xen":
        image = os.path.join(os.environ.get("CACHE_DIR", os.path.join(ROOT, ".cache")),
                             "xen", "xen-4.17-amd64")
        if not os.path.exists(image):
            subprocess.run([os.path.join(ROOT, "scripts", "fetch-xen.sh")],
                           check=True)
    else:
        image = os.path.join(ROOT, "dist", "boot", "hypervisor")
    if not os.path.exists(image):
        print("run_guests: no hypervisor image at %s" % image, file=sys.stderr)
        return 2

    log_dir = args.log_dir or os.path.join(args.build_dir, "logs", args.hv)
    os.makedirs(log_dir, exist_ok=True)

    only = {o for opt in args.only for o in opt.split(",") if o}
    runs = [Run(*r) for r in RUNS
            if not only or r[0] in only or r[1] in only]
    if not runs:
        print("run_guests: nothing matches --only %s" % ",".join(sorted(only)),
              file=sys.stderr)
        return 2

    passed = failed = skipped = 0
    for run in runs:
        log_path = os.path.join(log_dir, run.run_id + ".log")
        boot(args, image, run, log_path)
        if run.result is None and not run.problems:
            run.problems.append("no RESULT line")
        if run.result is not None:
            want = (len([t for t in run.tests if t[1] == "PASS"]),
                    len([t for t in run.tests if t[1] == "FAIL"]),
                    len([t for t in run.tests if t[1] == "SKIP"]))
            got = tuple(int(run.result.group(i)) for i in (3, 4, 5))
            if got != want:
                run.problems.append("RESULT counts %s but saw %s TEST lines" %
                                    (got, want))
            if run.result.group(1) != run.kernel:
                run.problems.append("RESULT names kernel %s" % run.result.group(1))
        judge_serial(args, run)
        judge_shutdown(args, run)
        for p in run.problems:
            print("%s [%s] ERROR %s (log: %s)" % (run.run_id, args.hv, p, log_path),
                  flush=True)
        n_pass = len([t for t in run.tests if t[1] == "PASS"])
        n_fail = len([t for t in run.tests if t[1] == "FAIL"]) + len(run.problems)
        n_skip = len([t for t in run.tests if t[1] == "SKIP"])
        passed += n_pass
        failed += n_fail
        skipped += n_skip
        print("%s [%s] %s: %d passed, %d failed, %d skipped; first guest line %s, "
              "RESULT %s" % (
                  run.run_id, args.hv, "PASS" if not n_fail else "FAIL",
                  n_pass, n_fail, n_skip,
                  "%.2f s" % run.first_line_s if run.first_line_s is not None else "never",
                  "%.2f s" % run.result_s if run.result_s is not None else "never"),
              flush=True)

    times = sorted(r.first_line_s for r in runs if r.first_line_s is not None)
    if times:
        print("first guest line after QEMU start [%s]: median %.2f s, "
              "min %.2f s, max %.2f s over %d runs" % (
                  args.hv, times[len(times) // 2], times[0], times[-1],
                  len(times)))
    print("%d passed, %d failed" % (passed, failed) +
          (" (%d skipped)" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
