#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs every test suite, keeps going after a failure, and ends with one line
# "N passed, N failed" summed over the suites' own closing lines. A suite
# that dies without such a line counts as one failure.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOG_DIR=${LOG_DIR:-$ROOT/build/test-logs}
mkdir -p "$LOG_DIR"

total_pass=0
total_fail=0

suite() {
	local name=$1; shift
	local log=$LOG_DIR/$name.log line p f rc
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [ -z "$line" ]; then
		echo "=== $name: no result line (exit $rc): counted as 1 failure"
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	echo "=== $name: $p passed, $f failed"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

# Each fuzz target runs for a bounded time; a crash fails it.
fuzz_targets() {
	local n
	n=$(ls tests/unit/fuzz/fuzz_*.c | wc -l)
	if make -s -C tests/unit O="$ROOT/build/unit" fuzz FUZZ_TIME="${FUZZ_TIME:-10}"; then
		echo "$n passed, 0 failed"
	else
		echo "0 passed, 1 failed"
		return 1
	fi
}

suite unit make -s -C tests/unit O="$ROOT/build/unit" test
suite fuzz fuzz_targets
suite guests-ours python3 tests/harness/run_guests.py --hv ours
suite oracle-xen bash -c 'bash scripts/fetch-xen.sh && python3 tests/harness/run_guests.py --hv xen'
# Debian's Linux as the initial domain (standard: privileged dom0; cloud:
# unprivileged), with one and with two vCPUs, on our hypervisor and on the
# oracle.
dom0_boot() {
	local hv=$1 p=0 f=0 out line flavour vcpus
	make -s dom0-initrd >/dev/null || { echo "0 passed, 1 failed"; return 1; }
	for vcpus in 1 2; do
		for flavour in standard cloud; do
			out=$(python3 tests/harness/run_dom0.py --hv "$hv" --flavour $flavour \
				--vcpus $vcpus)
			echo "$out"
			line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n1)
			if [ -z "$line" ]; then
				f=$((f + 1))
				continue
			fi
			p=$((p + $(echo "$line" | cut -d' ' -f1)))
			f=$((f + $(echo "$line" | cut -d' ' -f3)))
		done
	done
	echo "$p passed, $f failed"
	[ "$f" -eq 0 ]
}
suite dom0-ours dom0_boot ours
suite boot-checks python3 tests/harness/run_boot_checks.py
suite dom0-oracle dom0_boot xen
# The console daemon: pure core and parsers, the daemon against our
# xenstored with file-backed test guests, fuzzing, and end to end on Xen
# 4.17 (a Linux domU created by Debian's xl over our xenstored and our
# console daemon).
console_e2e() {
	make -s tools >/dev/null && make -s dom0-initrd >/dev/null &&
	OUT="$ROOT/build/dom0/initrd-console.gz" bash tests/console/mkinitrd.sh >/dev/null &&
	python3 tests/harness/run_dom0.py --hv xen --scenario console-xen \
		--initrd "$ROOT/build/dom0/initrd-console.gz" --timeout 300 ||
	{ echo "0 passed, 1 failed"; return 1; }
}
suite console-unit make -s -C tools/console O="$ROOT/build/tools/console" unit
suite console-check make -s -C tools/console O="$ROOT/build/tools/console" check
suite console-fuzz make -s -C tools/console O="$ROOT/build/tools/console" fuzz FUZZ_TIME="${FUZZ_TIME:-10}"
suite console-e2e-xen console_e2e
suite xenstored-unit make -s -C tools/xenstored O="$ROOT/build/tools/xenstored" unit
suite xenstored-interop make -s -C tools/xenstored O="$ROOT/build/tools/xenstored" interop
suite xenstored-fuzz make -s -C tools/xenstored O="$ROOT/build/tools/xenstored" fuzz FUZZ_TIME="${FUZZ_TIME:-10}"
# The toolstack: libctrl's unit tests and fuzzers, xl's command line, the
# installable tree of `make dist`, and end to end on Debian's Xen 4.17 and
# on ours (our xl creates, lists, reboots, shuts down and destroys Linux
# domUs).
suite toolstack-unit make -s -C tools/libctrl O="$ROOT/build/tools/libctrl" unit
suite toolstack-fuzz make -s -C tools/libctrl O="$ROOT/build/tools/libctrl" fuzz FUZZ_TIME="${FUZZ_TIME:-10}"
suite xl-cli make -s -C tools/xl O="$ROOT/build/tools/xl" test
suite dist-check bash tests/toolstack/dist-check.sh
suite toolstack-e2e-xen python3 tests/toolstack/run_e2e.py --hv xen
# The same scenario with our hypervisor underneath (domctl/sysctl, foreign
# memory and several domains scheduled together).
suite toolstack-e2e-ours python3 tests/toolstack/run_e2e.py --hv ours

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
