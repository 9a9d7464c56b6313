#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Linux dom0 boot benchmark: QEMU start -> hypervisor banner -> the
kernel's first line -> /init, on our hypervisor and on Xen 4.17, same
QEMU, kernel, initramfs and options, interleaved; medians and ratios.
Also prints the hypercall profile of one boot on ours (the counts the
hypervisor prints when dom0 ends). Never fails on a number."""

import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
MARK = re.compile(r"time to (\w+) \[(\w+),")
NAMES = {0: "set_trap_table", 1: "mmu_update", 2: "set_gdt", 3: "stack_switch",
         5: "fpu_taskswitch", 7: "platform_op", 8: "set_debugreg", 10: "update_descriptor",
         12: "memory_op", 13: "multicall", 14: "update_va_mapping", 17: "xen_version",
         18: "console_io", 20: "grant_table_op", 21: "vm_assist", 23: "iret",
         24: "vcpu_op", 25: "set_segment_base", 26: "mmuext_op", 29: "sched_op",
         30: "callback_op", 32: "event_channel_op", 33: "physdev_op"}


def boot(hv):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tests/harness/run_dom0.py"),
                          "--hv", hv], capture_output=True, text=True, cwd=ROOT).stdout
    return {m.group(1): float(re.search(r"median ([0-9.]+) s", line).group(1))
            for line in out.splitlines() for m in [MARK.search(line)] if m}


times = {hv: {"banner": [], "kernel": [], "init": []} for hv in ("ours", "xen")}
for _ in range(RUNS):
    for hv in ("ours", "xen"):
        for k, v in boot(hv).items():
            times[hv][k].append(v)
print("%-8s %10s %10s %7s" % ("to", "ours", "xen", "ratio"))
for k in ("banner", "kernel", "init"):
    o, x = times["ours"][k], times["xen"][k]
    if o and x:
        mo, mx = statistics.median(o), statistics.median(x)
        print("%-8s %9.2fs %9.2fs %7.2f" % (k, mo, mx, mo / mx))
log = os.path.join(ROOT, "build/dom0/logs/ours-standard-boot-markers-1cpu-0.log")
counts = []
for line in open(log, errors="replace"):
    m = re.match(r"\(HV\) hypercall (\d+): (\d+)", line)
    if m:
        counts.append((int(m.group(2)), int(m.group(1))))
if counts:
    print("hypercalls during one boot on ours (to /init, the scenario and poweroff):")
    for n, nr in sorted(counts, reverse=True):
        print("  %-20s %8d" % (NAMES.get(nr, str(nr)), n))
