#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Host test of the console daemon with our xenstored and fake guests
# (tests/console/host_test.py). usage: run.sh [BUILD_DIR]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build/tools/console}
XSD=$ROOT/build/tools/xenstored/xenstored
[ -x "$XSD" ] || make -s -C "$ROOT/tools/xenstored" O="$(dirname "$XSD")" >/dev/null
exec python3 "$HERE/host_test.py" "$BUILD" "$XSD"
