# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the toolstack scenarios: counters, reporting to /dev/kmsg,
# polling and console followers.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# For sanitizer builds of xl (run_e2e.py --xl): keep their memory small.
export ASAN_OPTIONS=quarantine_size_mb=8:malloc_context_size=8
pass=0
fail=0
say() { echo "$*" > /dev/kmsg; }
ok() { say "TEST $1: PASS${2:+ ($2)}"; pass=$((pass + 1)); }
ko() { say "TEST $1: FAIL${2:+ ($2)}"; fail=$((fail + 1)); }
# t NAME CMD...: PASS if CMD succeeds; on failure its output goes to kmsg
t() {
	name=$1
	shift
	if "$@" >/tmp/t.out 2>&1; then
		ok "$name"
	else
		ko "$name"
		show "$name" /tmp/t.out
	fi
}
show() { head -n 40 "$2" | while read -r l; do say "  $1: $l"; done; }
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
free_mb() { xl info 2>/dev/null | sed -n 's/^free_memory *: //p'; }
# wait_for SECONDS CMD...: poll CMD every 0.1 s
wait_for() {
	n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
gone() { ! xl domid "$1"; }
# follow DOMAIN LOG: copy DOMAIN's console to LOG with `xl console` (no tty).
# The follower is detached (reparented to init) rather than a job of this
# shell, so stopping it leaves the script's job table alone. (The malloc
# crashes of busybox once seen here came from lazy FPU switching under
# QEMU, see docs/abi-coverage.md, FPU state.)
follow() {
	(xl console "$1" >"$2" 2>&1 </dev/null & echo $! >"/tmp/follower.$1.pid")
}
unfollow() { [ -f "/tmp/follower.$1.pid" ] && kill "$(cat "/tmp/follower.$1.pid")" 2>/dev/null; }
# expect_fail NAME PATTERN ARGS...: xl ARGS must exit 1 and say PATTERN
expect_fail() {
	name=$1
	pat=$2
	shift 2
	xl "$@" >/tmp/ef.out 2>&1
	rc=$?
	if [ $rc -eq 1 ] && grep -q "$pat" /tmp/ef.out; then
		ok "$name" "$(grep "$pat" /tmp/ef.out | head -n 1)"
	else
		ko "$name" "rc=$rc"
		show "$name" /tmp/ef.out
	fi
}
# relay NAME LOG KERNEL: a test kernel's TEST lines from its console log
# as ours (prefixed NAME., counted), and its RESULT line as one more check
relay() {
	tr -d '\r' <"$2" | grep -a '^TEST ' >"/tmp/relay.$1"
	while read -r _ name verdict rest; do
		name=${name%:}
		say "TEST $1.$name: $verdict${rest:+ $rest}"
		case $verdict in
		PASS) pass=$((pass + 1)) ;;
		SKIP) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done <"/tmp/relay.$1"
	r=$(tr -d '\r' <"$2" | grep -a "^RESULT $3: ")
	case $r in
	"RESULT $3: PASS"*) ok "${1}_result" "${r#RESULT $3: }" ;;
	*)
		ko "${1}_result" "'${r#RESULT }'"
		# Lowercased, so that the log's reader does not count them again.
		tr -d '\r' <"$2" | tail -n 15 | sed 's/^TEST /test /; s/^RESULT /result /' >/tmp/tail.log
		show "$1" /tmp/tail.log
		;;
	esac
}
# memory_back NAME BEFORE: the hypervisor's free memory is back to BEFORE
# MiB (1 MiB of rounding allowed)
memory_back() {
	now_free=$(free_mb)
	if [ -n "$now_free" ] && [ -n "$2" ] && [ "$now_free" -ge $(($2 - 1)) ]; then
		ok "$1" "$2 -> $now_free MiB"
	else
		ko "$1" "$2 -> $now_free MiB"
	fi
}
