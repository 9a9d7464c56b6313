#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Interop test: our xenstored driven by Debian's xenstore clients
# (xenstore-utils), plus a few raw-protocol checks. Prints one line per
# check and "N passed, N failed"; exits non-zero on any failure.
#
# usage: run.sh [path/to/xenstored]
#   XS_ORACLE=path        also run the scenario against another xenstored
#                         (Debian's: /usr/lib/xen-4.17/bin/xenstored) and
#                         compare transcripts; used automatically if present
#   XS_ORACLE_DOWNLOAD=0  do not fetch Debian's xen-utils-4.17 (default:
#                         scripts/fetch-xen-utils.sh puts it in the cache)
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
XSD=${1:-$ROOT/build/tools/xenstored/xenstored}
TMP=$(mktemp -d /tmp/xs-interop.XXXXXX)
PASS=0
FAIL=0
DAEMON_PID=
trap 'cleanup' EXIT

cleanup() {
	[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null
	rm -rf "$TMP"
}

need_clients() {
	command -v xenstore-read >/dev/null && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing xenstore-utils (Debian's xenstore clients)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends xenstore-utils >/dev/null 2>&1
	fi
	command -v xenstore-read >/dev/null && return 0
	echo "FAIL setup: xenstore-utils is not installed"
	echo "0 passed, 1 failed"
	exit 1
}

# ok NAME: record a pass; bad NAME DETAIL: record a failure.
ok() {
	PASS=$((PASS + 1))
	echo "PASS $1"
}
bad() {
	FAIL=$((FAIL + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'
}

# check NAME WANT_RC WANT_OUTPUT CMD...: stdout and stderr together.
# Every check also goes to the transcript used for the oracle comparison.
check() {
	local name=$1 want_rc=$2 want=$3 got rc
	shift 3
	got=$("$@" 2>&1)
	rc=$?
	printf '== %s rc=%s\n%s\n' "$name" "$rc" "$got" >>"$TRANSCRIPT"
	if [ "$rc" = "$want_rc" ] && [ "$got" = "$want" ]; then
		ok "$name"
	else
		bad "$name" "$(printf 'rc %s (want %s)\n--- got\n%s\n--- want\n%s' \
			"$rc" "$want_rc" "$got" "$want")"
	fi
}

# start_daemon CMD...: run in the background, wait for the socket.
start_daemon() {
	"$@" >"$TMP/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		[ -S "$XENSTORED_PATH" ] && xenstore-ls / >/dev/null 2>&1 && return 0
		kill -0 "$DAEMON_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

stop_daemon() {
	[ -n "$DAEMON_PID" ] || return 0
	kill "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
}

# Wait until FILE has at least N lines (watch output).
wait_lines() {
	for _ in $(seq 100); do
		[ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# The client scenario, against whatever daemon $XENSTORED_PATH reaches.
scenario() {
	local big4k big5k i args out pids

	check "initial tree" 0 '/tool = ""   (n0)
/tool/xenstored = ""   (n0)' xenstore-ls -fp
	check "write two nodes" 0 "" xenstore-write /vm/a 1 /vm/b "two words"
	check "read two nodes" 0 "1
two words" xenstore-read /vm/a /vm/b
	check "list" 0 "a
b" xenstore-list /vm
	check "ls -f subtree" 0 '/vm/a = "1"
/vm/b = "two words"' xenstore-ls -f /vm
	check "write creates parents" 0 "" xenstore-write /d1/d2/d3/leaf x
	check "parents are empty" 0 '/d1/d2 = ""
/d1/d2/d3 = ""
/d1/d2/d3/leaf = "x"' xenstore-ls -f /d1
	check "overwrite value" 0 "" xenstore-write /d1/d2/d3/leaf y
	check "read overwritten" 0 "y" xenstore-read /d1/d2/d3/leaf
	check "empty value" 0 "" xenstore-write /vm/empty ""
	check "read empty value" 0 "" xenstore-read /vm/empty
	check "exists yes" 0 "" xenstore-exists /vm/a
	check "exists no" 1 "" xenstore-exists /vm/zz
	check "read missing" 1 "xenstore-read: couldn't read path /vm/nope" \
		xenstore-read /vm/nope
	check "ls missing" 1 \
		"xenstore-ls: xs_directory (/nope): No such file or directory" \
		xenstore-ls /nope
	check "rm missing leaf" 0 "" xenstore-rm /vm/nope
	check "rm missing parent" 1 \
		"xenstore-rm: could not remove path /nope/deeper" \
		xenstore-rm /nope/deeper
	check "rm subtree" 0 "" xenstore-rm /d1/d2
	check "subtree gone" 1 "" xenstore-exists /d1/d2/d3/leaf
	check "parent stays" 0 "" xenstore-exists /d1
	check "rm -t empty parents" 0 "" xenstore-rm -t /d1
	check "rm -t result" 1 "" xenstore-exists /d1
	# The owner is an existing domain: Xen 4.17 refuses others (ENOENT),
	# which only a daemon that can ask the hypervisor can tell.
	check "chmod" 0 "" xenstore-chmod /vm/a n0 r3 w7 b9
	check "perms shown" 0 '/vm/a = "1"   (n0,r3,w7,b9)
/vm/b = "two words"   (n0)
/vm/empty = ""   (n0)' xenstore-ls -fp /vm
	check "chmod -r" 0 "" xenstore-chmod -r /vm b0
	check "perms recursive" 0 '/vm/a = "1"   (b0)
/vm/b = "two words"   (b0)
/vm/empty = ""   (b0)' xenstore-ls -fp /vm
	check "chmod missing" 1 \
		"xenstore-chmod: Error occurred setting permissions on '/none': No such file or directory" \
		xenstore-chmod /none n0
	check "chmod bad perm" 1 \
		"xenstore-chmod: Invalid permission specification: 'x'" \
		xenstore-chmod /vm/a x0
	check "relative write" 0 "" xenstore-write rel v
	check "relative lands in dom0 home" 0 "v" \
		xenstore-read /local/domain/0/rel
	check "relative read" 0 "v" xenstore-read rel
	check "invalid path" 1 "xenstore-write: could not write path bad path" \
		xenstore-write "bad path" x
	check "double slash" 1 "xenstore-write: could not write path /a//b" \
		xenstore-write /a//b x
	check "trailing slash" 1 "xenstore-read: couldn't read path /vm/" \
		xenstore-read /vm/
	check "path too long" 1 \
		"xenstore-write: could not write path /$(printf 'p%.0s' $(seq 2100))" \
		xenstore-write "/$(printf 'p%.0s' $(seq 2100))" x

	big4k=$(head -c 4000 /dev/zero | tr '\0' v)
	big5k=$(head -c 5000 /dev/zero | tr '\0' v)
	check "4000-byte value" 0 "" xenstore-write /big "$big4k"
	check "4000-byte value back" 0 "$big4k" xenstore-read /big
	check "oversize value refused" 1 \
		"xenstore-write: could not write path /big" \
		xenstore-write /big "$big5k"
	check "old value kept" 0 4000 bash -c 'xenstore-read /big | tr -d "\n" | wc -c'

	# A directory listing longer than one message (DIRECTORY_PART).
	args=()
	for i in $(seq 300); do
		args+=("/many/child-with-a-long-name-$i" "$i")
	done
	check "300 children" 0 "" xenstore-write "${args[@]}"
	check "list 300 children" 0 300 bash -c 'xenstore-list /many | wc -l'
	check "last child" 0 "child-with-a-long-name-300" \
		bash -c 'xenstore-list /many | tail -n 1'

	# Concurrent writers: the clients wrap each write in a transaction
	# and retry on EAGAIN, so all must land.
	pids=()
	for i in $(seq 20); do
		xenstore-write "/conc/n$i" "$i" &
		pids+=($!)
	done
	wait "${pids[@]}"
	check "concurrent writers" 0 20 bash -c 'xenstore-list /conc | wc -l'

	# Watches: the initial event, then one per change.
	out=$TMP/watch.out
	: >"$out"
	timeout 10 xenstore-watch -n 4 /w >"$out" 2>&1 &
	local wpid=$!
	wait_lines "$out" 1
	xenstore-write /w/x 1
	xenstore-write /w/x 2
	xenstore-rm /w/x
	wait "$wpid"
	check "watch events" 0 "/w
/w/x
/w/x
/w/x" cat "$out"
	: >"$out"
	timeout 10 xenstore-watch -n 1 @introduceDomain >"$out" 2>&1
	check "special watch fires once" 0 "@introduceDomain" cat "$out"
	check "watch times out" 124 "/quiet" timeout 1 xenstore-watch /quiet
}

# Raw protocol checks (need python3): malformed input is answered, an
# oversized header drops only that client.
raw_checks() {
	command -v python3 >/dev/null || {
		echo "SKIP raw protocol checks (no python3)"
		return
	}
	check "raw protocol" 0 "unknown type: ENOSYS
missing NUL: EINVAL
extra string: EINVAL
bad tx id: ENOENT
watch+event: OK /tool tok
oversize: closed
still serving: tool" python3 - "$XENSTORED_PATH" <<'EOF'
import socket, struct, sys

def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.settimeout(5)
    return s

def recv(s):
    hdr = b''
    while len(hdr) < 16:
        d = s.recv(16 - len(hdr))
        if not d:
            return None
        hdr += d
    t, rid, tx, ln = struct.unpack('<IIII', hdr)
    body = b''
    while len(body) < ln:
        body += s.recv(ln - len(body))
    return t, body

def req(s, t, body, tx=0):
    s.sendall(struct.pack('<IIII', t, 7, tx, len(body)) + body)
    return recv(s)

def show(r):
    return r[1].rstrip(b'\0').decode().replace('\0', ' ')

s = conn()
print('unknown type:', show(req(s, 99, b'/\0')))
print('missing NUL:', show(req(s, 2, b'/tool')))
print('extra string:', show(req(s, 2, b'/tool\0/x\0')))
print('bad tx id:', show(req(s, 2, b'/tool\0', tx=4242)))
r1 = req(s, 4, b'/tool\0tok\0')
print('watch+event:', show(r1), show(recv(s)))
b = conn()
b.sendall(struct.pack('<IIII', 2, 1, 0, 5000))
print('oversize:', 'closed' if recv(b) is None else 'answered')
print('still serving:', show(req(s, 1, b'/\0')).split()[0])
EOF
}

daemon_mode_check() {
	local sock=$TMP/d.sock pidf=$TMP/d.pid pid
	if XENSTORED_PATH= "$XSD" -D --socket "$sock" --pid-file "$pidf"; then
		pid=$(cat "$pidf" 2>/dev/null)
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
			XENSTORED_PATH=$sock xenstore-exists /tool; then
			ok "daemonizes, pid file, serves"
		else
			bad "daemonizes, pid file, serves" "pid '$pid'"
		fi
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
	else
		bad "daemonizes, pid file, serves" "exit status $?"
	fi
}

# Debian's xenstored: XS_ORACLE, an installed one, or the copy
# scripts/fetch-xen-utils.sh unpacks into the cache (apt-get download).
CACHE_DIR=${CACHE_DIR:-$ROOT/.cache}
XU=$CACHE_DIR/xen-utils-4.17
find_oracle() {
	local f
	for f in "${XS_ORACLE:-}" /usr/lib/xen-4.17/bin/xenstored \
		"$XU/usr/lib/xen-4.17/bin/xenstored"; do
		[ -n "$f" ] && [ -x "$f" ] && { echo "$f"; return; }
	done
	[ "${XS_ORACLE_DOWNLOAD:-1}" = 1 ] || return
	bash "$ROOT/scripts/fetch-xen-utils.sh" >/dev/null 2>&1 || return
	[ -x "$XU/usr/lib/xen-4.17/bin/xenstored" ] &&
		echo "$XU/usr/lib/xen-4.17/bin/xenstored"
}

# Run the scenario against Debian's xenstored if it will run here.
oracle() {
	local bin ours=$TRANSCRIPT why
	bin=$(find_oracle)
	if [ -z "$bin" ]; then
		echo "SKIP oracle: no Debian xenstored (set XS_ORACLE or XS_ORACLE_DOWNLOAD=1)"
		return
	fi
	mkdir -p "$TMP/oracle"
	export XENSTORED_PATH=$TMP/oracle/socket
	# Its no-domain mode (-D) dies on the first write, so it starts as in
	# a dom0, with the hypervisor interfaces stubbed by a preloaded shim
	# (tests/bench/xs-hostshim.c) that no socket request reaches.
	make -s -C "$ROOT/tests/bench" O="$ROOT/build/bench" >/dev/null || {
		bad "oracle shim builds" ""
		return
	}
	if ! XENSTORED_RUNDIR=$TMP/oracle LD_PRELOAD=$ROOT/build/bench/xs-hostshim.so \
		LD_LIBRARY_PATH=$XU/usr/lib/x86_64-linux-gnu start_daemon "$bin" -N \
		-F "$TMP/oracle/pid"; then
		why=$(xenstore-ls / 2>&1; wait "$DAEMON_PID" 2>/dev/null;
			rc=$?
			[ "$rc" -gt 128 ] && echo "-N -D: killed by signal $((rc - 128))" ||
				echo "-N -D: exit status $rc"
			cat "$TMP/daemon.log"
			echo "without -D:"
			XENSTORED_RUNDIR=$TMP/oracle timeout 5 "$bin" -N \
				-F "$TMP/oracle/pid2" 2>&1)
		echo "SKIP oracle: $bin does not run on this host:"
		printf '%s\n' "$why" | sed 's/^/     /'
		DAEMON_PID=
		return
	fi
	TRANSCRIPT=$TMP/oracle.transcript
	: >"$TRANSCRIPT"
	echo "--- same scenario against $bin"
	scenario
	stop_daemon
	if diff -u "$ours" "$TRANSCRIPT" >"$TMP/oracle.diff"; then
		ok "transcript identical to Debian's xenstored"
	else
		bad "transcript identical to Debian's xenstored" \
			"$(head -n 60 "$TMP/oracle.diff")"
	fi
}

need_clients
if [ ! -x "$XSD" ]; then
	echo "FAIL setup: $XSD not built"
	echo "0 passed, 1 failed"
	exit 1
fi

export XENSTORED_PATH=$TMP/ours.sock
TRANSCRIPT=$TMP/ours.transcript
: >"$TRANSCRIPT"
if start_daemon "$XSD" -F -D --socket "$XENSTORED_PATH"; then
	ok "daemon starts"
	scenario
	cp "$TRANSCRIPT" "$TMP/ours.keep"
	raw_checks
	if kill -0 "$DAEMON_PID" 2>/dev/null; then
		ok "daemon survived"
	else
		bad "daemon survived" "$(cat "$TMP/daemon.log")"
	fi
	stop_daemon
else
	bad "daemon starts" "$(cat "$TMP/daemon.log")"
fi
daemon_mode_check
TRANSCRIPT=$TMP/ours.keep oracle

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
