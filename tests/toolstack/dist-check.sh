#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Checks the installable dom0 tree `make dist` stages (dist/dom0): the
# programs are there and run, and a program written against the installed
# headers and pkg-config file builds, links to libctrl.so and works.
# Ends with "dist-check: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$ROOT/dist/dom0
TMP=$(mktemp -d /tmp/dist-check.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
check() {
	local name=$1
	shift
	if "$@" >"$TMP/out" 2>&1; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		sed 's/^/    /' "$TMP/out" | head -n 20
		fail=$((fail + 1))
	fi
}

make -s -C "$ROOT" dist >/dev/null || { echo "dist-check: 0 passed, 1 failed"; exit 1; }
for f in usr/sbin/xl usr/sbin/xenstored usr/sbin/xenconsoled usr/lib/libctrl.so.1.0 \
	usr/lib/libctrl.so.1 usr/lib/libctrl.so usr/lib/libctrl.a \
	usr/include/libctrl/libctrl.h usr/lib/pkgconfig/libctrl.pc; do
	check "staged_$(basename "$f")" test -e "$D/$f"
done
export LD_LIBRARY_PATH=$D/usr/lib
check xl_links_libctrl_so sh -c "ldd '$D/usr/sbin/xl' | grep -q 'libctrl.so.1 => $D/usr/lib/libctrl.so.1'"
check xl_help "$D/usr/sbin/xl" help

cat >"$TMP/cfg.c" <<'EOC'
#include <stdio.h>
#include <stdlib.h>
#include <libctrl.h>

int main(int argc, char **argv)
{
	char err[CTRL_CFG_ERRLEN];
	struct ctrl_domcfg cfg;
	char *json;

	if (argc != 2 || ctrl_cfg_parse_file(&cfg, argv[1], NULL, 0, err)) {
		fprintf(stderr, "%s\n", argc == 2 ? err : "usage");
		return 1;
	}
	json = ctrl_domcfg_to_json(&cfg, 2);
	printf("%s\n", json ? json : "");
	free(json);
	ctrl_domcfg_free(&cfg);
	return json ? 0 : 1;
}
EOC
printf 'name = "web1"\nmemory = 256\nkernel = "/boot/vmlinuz"\nvif = [ "mac=00:16:3e:00:00:01" ]\n' >"$TMP/g.cfg"
printf 'name = "web1"\nmemroy = 256\n' >"$TMP/bad.cfg"
export PKG_CONFIG_PATH=$D/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$D
check pkgconfig_build sh -c "gcc -Wall -Werror -o '$TMP/cfg' '$TMP/cfg.c' \$(pkg-config --cflags --libs libctrl)"
check program_parses_cfg sh -c "'$TMP/cfg' '$TMP/g.cfg' | grep -q '\"name\": \"web1\"'"
check program_reports_line sh -c "! '$TMP/cfg' '$TMP/bad.cfg' 2>'$TMP/err' && grep -q 'bad.cfg:2' '$TMP/err'"
echo "dist-check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
