#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Host checks of the xl command line (no hypervisor needed): help and
# usage from the command table, exit codes 0/1/2, --dry-run output in
# cfg, XML and JSON, command-line overrides, XML input, file:line errors,
# and that docs/xl.md documents every command in the table.
#
#   bash tests/toolstack/xl-cli.sh [path/to/xl]
# Ends with "xl-cli: N passed, N failed".
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
XL=${1:-$ROOT/build/tools/xl/xl}
TMP=$(mktemp -d /tmp/xl-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

check() {
	local name=$1
	shift
	if "$@"; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		fail=$((fail + 1))
	fi
}

# rc NAME WANT CMD...: exit status of CMD must be WANT
rc() {
	local name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>&1
	local got=$?
	if [ "$got" -eq "$want" ]; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name (exit $got, want $want)"
		sed 's/^/    /' "$TMP/out" | head -n 5
		fail=$((fail + 1))
	fi
}

# has NAME PATTERN: the last command's output matches PATTERN
has() {
	check "$1" grep -q -- "$2" "$TMP/out"
}

cat >"$TMP/g.cfg" <<'EOF'
# a test guest
name = "g"
memory = 128
kernel = "/boot/vmlinuz"
extra = "console=hvc0"
vif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0',
        'bridge=br1' ]
EOF

rc help_exit0 0 "$XL" help
has help_lists_create '^ create '
rc no_command_is_usage 2 "$XL"
rc unknown_command_is_usage 2 "$XL" frobnicate
has unknown_command_message "unknown command 'frobnicate'"
rc command_help_exit0 0 "$XL" create -h
has command_help_usage '^Usage: xl create'
rc help_cmd_exit0 0 "$XL" help list
rc bad_option_is_usage 2 "$XL" list --frob
rc missing_arg_is_usage 2 "$XL" destroy
has missing_arg_prints_usage 'Usage: xl destroy'
rc create_without_file_is_usage 2 "$XL" create

rc dry_run 0 "$XL" create -n "$TMP/g.cfg"
has dry_run_parsing_line 'Parsing config from'
has dry_run_memory '^memory = 128$'
has dry_run_cmdline '^extra = "console=hvc0"$'
rc dry_run_override 0 "$XL" create -q -n "$TMP/g.cfg" memory=256 'name="h"'
has override_memory '^memory = 256$'
has override_name '^name = "h"$'
check override_quiet sh -c "! grep -q 'Parsing config' '$TMP/out'"
rc dry_run_xml 0 "$XL" create -q -n --xml "$TMP/g.cfg"
has xml_memory '<currentMemory unit="KiB">131072</currentMemory>'
has xml_bridge '<source bridge="br1"/>'
cp "$TMP/out" "$TMP/g.xml"
rc xml_input 0 "$XL" create -q -n "$TMP/g.xml"
has xml_input_roundtrip '^memory = 128$'
rc xml_input_override 0 "$XL" create -q -n "$TMP/g.xml" memory=64
has xml_input_override_applied '^memory = 64$'
rc dry_run_json 0 "$XL" create -q -n --json "$TMP/g.cfg"
has json_target '"target_memkb": 131072'
check json_valid python3 -c "import json,sys; json.load(open('$TMP/out'))"

rc unknown_key_fails 1 "$XL" create -q -n "$TMP/g.cfg" memroy=1
has unknown_key_message "^xl: command line:1: unknown setting 'memroy'$"
printf 'name = "g"\nkernel = "/k"\nmemory = lots\n' >"$TMP/bad.cfg"
rc bad_value_fails 1 "$XL" create -q -n "$TMP/bad.cfg"
has bad_value_message "bad.cfg:3: memory: expected a value"
rc missing_file_fails 1 "$XL" create -q -n "$TMP/nope.cfg"
has missing_file_message "nope.cfg: No such file or directory"
printf '<domain type="kvm"><name>x</name></domain>\n' >"$TMP/bad.xml"
rc bad_xml_fails 1 "$XL" create -q -n "$TMP/bad.xml"
has bad_xml_message "bad.xml:1: <domain type='kvm'>: only type='xen' is supported"

# Without a hypervisor, commands that need one fail with 1 and say why.
if [ ! -e /dev/xen/privcmd ] && [ ! -e /proc/xen/privcmd ]; then
	rc list_without_hypervisor 1 "$XL" list
	has list_without_hypervisor_message 'cannot open /dev/xen/privcmd'
fi

# Every command in the table has a section in docs/xl.md.
for cmd in $("$XL" help | sed -n 's/^ \([a-z0-9-]*\) .*/\1/p'); do
	check "documented_$cmd" grep -q "^### $cmd\$" "$ROOT/docs/xl.md"
done

echo "xl-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
