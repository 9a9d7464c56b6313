#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Linux dom0 boot benchmark: QEMU start -> hypervisor banner -> kernel
ELF in memory ("unpacked": after the hypervisor has decompressed the
bzImage, if it had to) -> the kernel's first line -> /init. Three
configurations, same QEMU, initramfs and options, interleaved: ours with
Debian's bzImage (vmlinuz), ours with the ELF unpacked beforehand
(vmlinux: what decompression costs), and Xen 4.17 with the bzImage.
Medians and ratios to Xen. Also prints the hypercall profile of one boot
on ours (the counts the hypervisor prints when dom0 ends). Never fails on
a number.

  linux_boot.py [RUNS [standard|cloud]]
"""

import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
FLAVOUR = sys.argv[2] if len(sys.argv) > 2 else "standard"
MARK = re.compile(r"time to (\w+) \[(\w+),")
MARKS = ("banner", "unpacked", "kernel", "init")
CONFIGS = [("ours", "vmlinuz"), ("ours", "vmlinux"), ("xen", "vmlinuz")]
NAMES = {0: "set_trap_table", 1: "mmu_update", 2: "set_gdt", 3: "stack_switch",
         5: "fpu_taskswitch", 7: "platform_op", 8: "set_debugreg", 10: "update_descriptor",
         12: "memory_op", 13: "multicall", 14: "update_va_mapping", 17: "xen_version",
         18: "console_io", 20: "grant_table_op", 21: "vm_assist", 23: "iret",
         24: "vcpu_op", 25: "set_segment_base", 26: "mmuext_op", 29: "sched_op",
         30: "callback_op", 32: "event_channel_op", 33: "physdev_op"}


def boot(hv, kernel):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tests/harness/run_dom0.py"),
                          "--hv", hv, "--kernel", kernel, "--flavour", FLAVOUR],
                         capture_output=True, text=True,
                         cwd=ROOT).stdout
    return {m.group(1): float(re.search(r"median ([0-9.]+) s", line).group(1))
            for line in out.splitlines() for m in [MARK.search(line)] if m}


times = {c: {k: [] for k in MARKS} for c in CONFIGS}
for _ in range(RUNS):
    for c in CONFIGS:
        for k, v in boot(*c).items():
            times[c][k].append(v)
print("%-9s %14s %14s %14s %10s %10s" % ("to", "ours vmlinuz", "ours vmlinux", "xen vmlinuz",
                                        "ours/xen", "z/x ours"))
for k in MARKS:
    med = [statistics.median(times[c][k]) if times[c][k] else None for c in CONFIGS]
    cells = ["%13.2fs" % m if m is not None else "%14s" % "-" for m in med]
    ratio = "%10.2f" % (med[0] / med[2]) if med[0] and med[2] else "%10s" % "-"
    cost = "%+9.2fs" % (med[0] - med[1]) if med[0] and med[1] else "%10s" % "-"
    print("%-9s %s %s %s %s %s" % (k, cells[0], cells[1], cells[2], ratio, cost))
print("(%s kernel, n=%d each; the last column is what the bzImage costs ours over the ELF)"
      % (FLAVOUR, RUNS))
log = os.path.join(ROOT, "build/dom0/logs/ours-%s-vmlinuz-%s-1cpu-0.log" % (
    FLAVOUR, "boot-markers" if FLAVOUR == "standard" else "boot-markers-domu"))
counts = []
for line in open(log, errors="replace") if os.path.exists(log) else []:
    m = re.match(r"\(HV\) hypercall (\d+): (\d+)", line)
    if m:
        counts.append((int(m.group(2)), int(m.group(1))))
    m = re.match(r"\(HV\) dom0 kernel: decompressed in (\d+) ms", line)
    if m:
        print("decompression inside the hypervisor (last boot on ours): %s ms" % m.group(1))
if counts:
    print("hypercalls during one boot on ours (to /init, the scenario and poweroff):")
    for n, nr in sorted(counts, reverse=True):
        print("  %-20s %8d" % (NAMES.get(nr, str(nr)), n))
