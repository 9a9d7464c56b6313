# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the toolstack scenarios after toolstack-lib.sh.
# Isolation: two hostile test kernels as domUs (tests/guests/isolation).
# The grantor grants pages, mailboxes and ports per peer domid and keeps a
# secret page; the attacker, told where the secret is, must reach only
# what was granted to it. Their TEST lines are relayed with a prefix.
ISO=/etc/xen/isolation.cfg
# relay ROLE LOG: the kernel's TEST lines, counted as ours, and its RESULT
relay() {
	tr -d '\r' <"$2" | grep -a '^TEST ' >/tmp/relay.$1
	while read -r _ name verdict rest; do
		name=${name%:}
		say "TEST iso-$1.$name: $verdict${rest:+ $rest}"
		case $verdict in
		PASS) pass=$((pass + 1)) ;;
		SKIP) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done </tmp/relay.$1
	r=$(tr -d '\r' <"$2" | grep -a '^RESULT isolation: ')
	case $r in
	"RESULT isolation: PASS"*) ok "iso_${1}_result" "${r#RESULT isolation: }" ;;
	*)
		ko "iso_${1}_result" "'${r#RESULT }'"
		# Lowercased, so that the log's reader does not count them again.
		tr -d '\r' <"$2" | tail -n 15 | sed 's/^TEST /test /; s/^RESULT /result /' >/tmp/tail.log
		show "$1" /tmp/tail.log
		;;
	esac
}
iso_free0=$(free_mb)
t iso_create_grantor xl create -q "$ISO" name=\"iso-grantor\" "extra=\"role=grantor linger\""
follow iso-grantor /tmp/iso-grantor.log
if wait_for 60 grep -qa '^ISO grantor ' /tmp/iso-grantor.log; then
	line=$(tr -d '\r' </tmp/iso-grantor.log | grep -a '^ISO grantor ')
	say "  $line"
	set -- $line
	peer=${3#domid=}
	secret=${4#secret=}
	evbase=${5#evbase=}
	t iso_create_attacker xl create -q "$ISO" name=\"iso-attacker\" \
		"extra=\"role=attacker peer=$peer secret=$secret evbase=$evbase linger\""
	follow iso-attacker /tmp/iso-attacker.log
	t iso_attacker_done wait_for 300 grep -qa '^RESULT isolation' /tmp/iso-attacker.log
	t iso_grantor_done wait_for 30 grep -qa '^RESULT isolation' /tmp/iso-grantor.log
	relay grantor /tmp/iso-grantor.log
	relay attacker /tmp/iso-attacker.log
	# The attacker still maps a page of the grantor: destroyed, the grantor
	# stays dying (a nameless 'd' in xl list) until the attacker goes.
	t iso_destroy_grantor xl destroy -f iso-grantor
	t iso_grantor_held_dying sh -c 'xl list | grep -q "^(null) .* [r-][b-][p-][s-][c-]d "'
	xl list >/tmp/list 2>&1
	show list /tmp/list
	t iso_destroy_attacker xl destroy iso-attacker
	t iso_grantor_released wait_for 10 sh -c '! xl list | grep -q "^(null) "'
else
	ko iso_grantor_ready
	tr -d '\r' </tmp/iso-grantor.log | tail -n 20 |
		sed 's/^TEST /test /; s/^RESULT /result /' >/tmp/tail.log
	show grantor /tmp/tail.log
	xl destroy iso-grantor >/dev/null 2>&1
fi
unfollow iso-grantor
unfollow iso-attacker
iso_free1=$(free_mb)
if [ -n "$iso_free1" ] && [ "$iso_free1" -ge $((iso_free0 - 1)) ]; then
	ok iso_memory_back "$iso_free0 -> $iso_free1 MiB"
else
	ko iso_memory_back "$iso_free0 -> $iso_free1 MiB"
fi
