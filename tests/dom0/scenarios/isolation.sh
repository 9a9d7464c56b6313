# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the toolstack scenarios after toolstack-lib.sh.
# Isolation: two hostile test kernels as domUs (tests/guests/isolation).
# The grantor grants pages, mailboxes and ports per peer domid and keeps a
# secret page; the attacker, told where the secret is, must reach only
# what was granted to it. Their TEST lines are relayed with a prefix
# (relay, toolstack-lib.sh).
ISO=/etc/xen/isolation.cfg
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
	relay iso-grantor /tmp/iso-grantor.log isolation
	relay iso-attacker /tmp/iso-attacker.log isolation
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
memory_back iso_memory_back "$iso_free0"
