#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot-time benchmark: QEMU start -> the first line of a PV test kernel
running as dom0, on our hypervisor and on Xen 4.17, same QEMU, same
options, same kernel, interleaved in one run. Prints medians and the ratio.
Not a test: it never fails on a number."""

import re
import statistics
import subprocess
import sys
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
LINE = re.compile(r"first guest line ([0-9.]+) s")


def one(hv):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tests/harness/run_guests.py"),
                          "--hv", hv, "--only", "hello"], capture_output=True, text=True,
                         cwd=ROOT).stdout
    m = LINE.search(out)
    return float(m.group(1)) if m else None


times = {"ours": [], "xen": []}
for _ in range(RUNS):
    for hv in ("ours", "xen"):
        t = one(hv)
        if t is not None:
            times[hv].append(t)
for hv, ts in times.items():
    if ts:
        print("%-4s first guest line: median %.2f s (min %.2f, max %.2f, n=%d)" %
              (hv, statistics.median(ts), min(ts), max(ts), len(ts)))
if times["ours"] and times["xen"]:
    print("ratio ours/xen: %.2f" % (statistics.median(times["ours"]) /
                                     statistics.median(times["xen"])))
