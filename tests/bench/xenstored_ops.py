#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xenstored throughput on the host, ours against Debian's (Xen 4.17's C
xenstored from xen-utils-4.17, fetched into the cache): both daemons serve
a unix socket in a private directory, and the same client (xs-ops, built
from tests/bench/xs-ops.c) times COUNT reads, writes, directory listings
and transactions (start, 3 writes, commit) against each, one request in
flight. Repetitions alternate between the daemons (ours first in even
rounds, Debian's first in odd ones); prints per operation the median
ops/s, the range, and the ratio ours/Debian's (above 1: ours is faster).
No QEMU. Debian's daemon runs its ordinary dom0 start-up with the
hypervisor interfaces stubbed by tests/bench/xs-hostshim.c (its -D mode
crashes on the first write). Never fails on a number; exits 1 only if a
daemon or the client did not run.

  xenstored_ops.py [--reps N] [--count N] [--no-build]
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.environ.get("CACHE_DIR", os.path.join(ROOT, ".cache"))
BUILD = os.path.join(ROOT, "build")
XU = os.path.join(CACHE, "xen-utils-4.17")
OPS = ("read", "write", "directory", "transaction")
LINE = re.compile(r"^xs-ops: (\w+) (\d+) ops ([0-9.]+) s ([0-9.]+) ops/s$")


def build():
    subprocess.run(["bash", os.path.join(ROOT, "scripts/fetch-xen-utils.sh")], check=True,
                   stdout=subprocess.DEVNULL)
    for d, o in (("tools/xenstored", "tools/xenstored"), ("tests/bench", "bench")):
        subprocess.run(["make", "-s", "-C", os.path.join(ROOT, d),
                        "O=" + os.path.join(BUILD, o)], check=True, stdout=subprocess.DEVNULL)


def wait_socket(path, proc, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.connect(path)
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_daemons(tmp):
    """Both daemons in the foreground, each with its own socket."""
    ours_sock = os.path.join(tmp, "ours.sock")
    ours = subprocess.Popen([os.path.join(BUILD, "tools/xenstored/xenstored"), "-F", "-D",
                             "--socket", ours_sock],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deb_dir = os.path.join(tmp, "debian")
    os.makedirs(deb_dir)
    env = dict(os.environ,
               XENSTORED_RUNDIR=deb_dir,
               LD_PRELOAD=os.path.join(BUILD, "bench/xs-hostshim.so"),
               LD_LIBRARY_PATH=os.path.join(XU, "usr/lib/x86_64-linux-gnu"))
    env.pop("XENSTORED_PATH", None)
    deb = subprocess.Popen([os.path.join(XU, "usr/lib/xen-4.17/bin/xenstored"), "-N",
                            "-F", os.path.join(deb_dir, "pid")], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemons = {"ours": (ours, ours_sock), "debian": (deb, os.path.join(deb_dir, "socket"))}
    for name, (proc, sock) in daemons.items():
        if not wait_socket(sock, proc):
            stop(daemons)
            raise SystemExit("xenstored_ops: %s xenstored did not start" % name)
    return daemons


def stop(daemons):
    for proc, _ in daemons.values():
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def one_run(sock, count):
    r = subprocess.run([os.path.join(BUILD, "bench/xs-ops"), "-n", str(count), sock],
                       capture_output=True, text=True, timeout=600)
    got = {}
    for line in r.stdout.splitlines():
        m = LINE.match(line)
        if m:
            got[m.group(1)] = float(m.group(4))
    if r.returncode or set(got) != set(OPS):
        sys.stderr.write(r.stdout + r.stderr)
        return None
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        build()
    tmp = tempfile.mkdtemp(prefix="xs-bench.")
    results = {"ours": {o: [] for o in OPS}, "debian": {o: [] for o in OPS}}
    failed = False
    daemons = start_daemons(tmp)
    try:
        for rep in range(args.reps):
            order = ("ours", "debian") if rep % 2 == 0 else ("debian", "ours")
            for name in order:
                got = one_run(daemons[name][1], args.count)
                if got is None:
                    print("xenstored_ops: the client failed against %s's xenstored" % name)
                    failed = True
                    continue
                for o in OPS:
                    results[name][o].append(got[o])
    finally:
        stop(daemons)
        shutil.rmtree(tmp, ignore_errors=True)

    print("xenstored ops/s over the unix socket, %d ops per run, %d run(s) each "
          "(median, min-max)" % (args.count, args.reps))
    print("%-12s %24s %24s %8s" % ("op", "ours", "Debian 4.17", "ours/Deb"))
    for o in OPS:
        a, b = results["ours"][o], results["debian"][o]
        if not a or not b:
            continue
        ma, mb = statistics.median(a), statistics.median(b)
        print("%-12s %8.0f (%6.0f-%6.0f) %8.0f (%6.0f-%6.0f) %8.2f" %
              (o, ma, min(a), max(a), mb, min(b), max(b), ma / mb))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
