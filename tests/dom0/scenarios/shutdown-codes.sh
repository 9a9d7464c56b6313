# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the toolstack scenarios after toolstack-lib.sh.
# Shutdown codes as dom0 sees them: the shutdown test kernel
# (tests/guests/shutdown) as a domU stops itself with each reason; kept
# by the monitor (on_* = preserve), `xl list -v` must show its state and
# reason code. "poweroff code=3" first records code 3, which wins.
SD=/etc/xen/shutdown.cfg
sd_free0=$(free_mb)
# code_of NAME: the Reason-Code column of `xl list -v NAME` ('-' if running)
code_of() { xl list -v "$1" 2>/dev/null | awk 'NR == 2 { print $NF }'; }
state_of() { xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }
# Each case: reason[_code=N], the code dom0 must see, the state letters.
for c in "poweroff 0 ???s??" "reboot 1 ???s??" "suspend 2 ???s??" "crash 3 ????c?" \
	"poweroff_code=3 3 ????c?"; do
	set -f
	set -- $c
	set +f
	reason=${1%%_*}
	args="reason=$reason"
	case $1 in *code=*) args="$args code=${1#*code=}" ;; esac
	name=sd-$reason-$2
	if ! xl create -q "$SD" name=\"$name\" "extra=\"$args\"" on_poweroff=\"preserve\" \
		on_reboot=\"preserve\" on_crash=\"preserve\" >/tmp/sd.out 2>&1; then
		ko "shutdown_code.$1" "create failed"
		show "$name" /tmp/sd.out
		continue
	fi
	if wait_for 30 sh -c "[ \"\$(xl list -v $name 2>/dev/null | awk 'NR == 2 { print \$NF }')\" != - ]"; then
		code=$(code_of "$name")
		state=$(state_of "$name")
	else
		code=none
		state=$(state_of "$name")
	fi
	case $state in
	$3) st_ok=1 ;;
	*) st_ok= ;;
	esac
	if [ "$code" = "$2" ] && [ -n "$st_ok" ]; then
		ok "shutdown_code.$1" "code $code state $state"
	else
		ko "shutdown_code.$1" "code '$code' state '$state', want $2 and $3"
	fi
	xl destroy "$name" >/dev/null 2>&1
done
memory_back shutdown_codes_memory_back "$sd_free0"
