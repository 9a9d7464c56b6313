# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the toolstack scenarios after toolstack-lib.sh.
# Sharing the CPUs: two CPU-bound test kernels (tests/guests/share) as
# domUs spin over the same ten seconds of wall clock; each reports the
# fraction of that time its vCPU ran, and the two must be within 15% of
# the window of each other. dom0 must still answer meanwhile.
SHARE=/etc/xen/share.cfg
share_free0=$(free_mb)
start=$(($(date +%s) + 12))
t share_create_a xl create -q "$SHARE" name=\"share-a\" "extra=\"start=$start secs=10\""
t share_create_b xl create -q "$SHARE" name=\"share-b\" "extra=\"start=$start secs=10\""
follow share-a /tmp/share-a.log
follow share-b /tmp/share-b.log
while [ "$(date +%s)" -lt $((start + 4)) ]; do sleep 0.5; done
t0=$(now)
t share_dom0_answers xl list
say "TIME xl_list_while_spinning $(since "$t0")"
t share_a_done wait_for 90 grep -qa '^RESULT share' /tmp/share-a.log
t share_b_done wait_for 30 grep -qa '^RESULT share' /tmp/share-b.log
relay share-a /tmp/share-a.log share
relay share-b /tmp/share-b.log share
fa=$(tr -d '\r' </tmp/share-a.log | sed -n 's/^SHARE running=\([0-9]*\) .*/\1/p')
fb=$(tr -d '\r' </tmp/share-b.log | sed -n 's/^SHARE running=\([0-9]*\) .*/\1/p')
if [ -n "$fa" ] && [ -n "$fb" ] && [ $((fa - fb)) -le 150 ] && [ $((fb - fa)) -le 150 ]; then
	ok share_fair "running a ${fa}/1000 b ${fb}/1000 of the window"
else
	ko share_fair "running a '${fa}'/1000 b '${fb}'/1000 of the window"
fi
# They power off after their RESULT line; on_poweroff destroys them.
t share_gone wait_for 30 sh -c '! xl domid share-a && ! xl domid share-b'
unfollow share-a
unfollow share-b
memory_back share_memory_back "$share_free0"
