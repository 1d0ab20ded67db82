#!/bin/bash
# 8. systemd notifications (vigild built with libsystemd): READY=1 once the
#    children run, RELOADING=1 then READY=1 around a reload (also a failed
#    one), STOPPING=1 on SIGTERM.  Built without libsystemd: nothing is sent.
. "$(dirname "$0")/lib.sh"

builddir=$(dirname "$VIGILD")
recv=$builddir/tests/netns/notify_recv
[ -x "$recv" ] || die "$recv not built"
[ -f "$builddir/config.h" ] || die "$builddir/config.h not found"
with_systemd=no
grep -q '^#define HAVE_SYSTEMD 1' "$builddir/config.h" && with_systemd=yes
echo "# vigild built with libsystemd: $with_systemd"

sock=$T/notify.sock
"$recv" "$sock" 60 >"$T/notify.out" 2>&1 &
recv_pid=$!
wait_until 3 test -S "$sock" || die "notify_recv did not bind $sock"
notes() { grep -c -- "$1" "$T/notify.out"; }
# READY=1 is the first word of a line (STATUS= may follow on it).
ready() { grep -c '^READY=1' "$T/notify.out"; }

write_conf "$CONF"
export NOTIFY_SOCKET=$sock
check "both children start" start_vigild
unset NOTIFY_SOCKET
vr=$(pidof_file "$VPID")
wait_until 5 log_has "vigild-vrrp\[$vr\]: started with"

if [ $with_systemd = yes ]; then
	check "READY=1 after start" wait_until 3 count_is 1 ready
	check "READY=1 came after both children were started" \
		test "$(log_count 'started vigild-(vrrp|checker)')" -eq 2
	write_conf "$CONF" 90
	kill -HUP "$vigild_pid"
	check "RELOADING=1 on SIGHUP" wait_until 3 count_is 1 notes '^RELOADING=1'
	check "READY=1 again after the reload" wait_until 3 count_is 2 ready
	write_conf "$CONF" 90 1 "no_such_keyword 1"
	kill -HUP "$vigild_pid"
	check "a failed reload also ends with READY=1" wait_until 3 count_is 3 ready
	check "RELOADING=1 for the failed reload" test "$(notes '^RELOADING=1')" -eq 2
	kill -TERM "$vigild_pid"
	check "STOPPING=1 on SIGTERM" wait_until 5 count_is 1 notes '^STOPPING=1'
	check "vigild gone" wait_until 8 gone "$vigild_pid"
	check "the children sent nothing (only vigild notifies)" \
		test "$(wc -l <"$T/notify.out")" -eq 6
else
	write_conf "$CONF" 90
	kill -HUP "$vigild_pid"
	wait_until 5 log_has "vigild-vrrp\[$vr\]: configuration reloaded"
	stop_vigild
	check "no notification without libsystemd" test ! -s "$T/notify.out"
fi
kill "$recv_pid" 2>/dev/null
finish
