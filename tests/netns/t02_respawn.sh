#!/bin/bash
# 2. A child killed with SIGKILL is restarted (new pid) after the back-off:
#    1 s first, doubling while it keeps dying.
. "$(dirname "$0")/lib.sh"

write_conf "$CONF"
check "both children start" start_vigild

vr=$(pidof_file "$VPID")
kill -9 "$vr"
check "VRRP child restarted within 3 s (new pid)" wait_until 3 pid_changed "$VPID" "$vr"
check "log names the exit and the 1 s back-off" \
	log_has '\[vrrp\] child exited \(signal 9\), restarting in 1 s'
vr2=$(pidof_file "$VPID")
check "restarted VRRP child's parent is vigild" test "$(ppid_of "$vr2")" = "$vigild_pid"

ck=$(pidof_file "$CPID")
kill -9 "$ck"
check "checker child restarted within 3 s (new pid)" wait_until 3 pid_changed "$CPID" "$ck"
check "log names the checker's exit" \
	log_has '\[checker\] child exited \(signal 9\), restarting in 1 s'

# Kill the VRRP child again at once: it ran less than 60 s, so the back-off doubles.
wait_until 3 log_has "vigild-vrrp\[$vr2\]: started with"
t0=$(date +%s%N)
kill -9 "$vr2"
check "second restart announced with 2 s" wait_until 3 log_has \
	'\[vrrp\] child exited \(signal 9\), restarting in 2 s'
check "VRRP child restarted again (new pid)" wait_until 5 pid_changed "$VPID" "$vr2"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
check "second restart waited ~2 s (took $ms ms, want 1700..4500)" \
	test "$ms" -ge 1700 -a "$ms" -le 4500
vr3=$(pidof_file "$VPID")
check "the checker kept running meanwhile" alive "$(pidof_file "$CPID")"
check "vigild still running" alive "$vigild_pid"

# A third quick death doubles the back-off again.
kill -9 "$vr3"
wait_until 2 log_has 'restarting in 4 s'
check "third quick death: back-off 4 s" log_has \
	'\[vrrp\] child exited \(signal 9\), restarting in 4 s'
stop_vigild
finish
