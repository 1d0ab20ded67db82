#!/bin/bash
# 7. The children follow the config and the flags: a reload that drops the
#    virtual servers stops the checker, one that adds them back starts it;
#    -P runs only the VRRP child, -C only the checker; -R stops vigild when a child dies; without
#    -n vigild forks, writes its pid file before the foreground exits, and
#    SIGUSR1, SIGUSR2 and the JSON signal reach the children.
. "$(dirname "$0")/lib.sh"

write_conf "$CONF"
check "both children start" start_vigild
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")

write_conf_vrrp_only "$CONF"
kill -HUP "$vigild_pid"
check "reload without virtual servers stops the checker" wait_until 8 gone "$ck"
check "checker pid file removed" wait_until 2 test ! -e "$CPID"
check "checker stopped, not crashed" log_has "\[checker\] pid $ck stopped \(status 0\)"
check "VRRP child kept its pid" test "$(pidof_file "$VPID")" = "$vr"
sleep 1.5
check "checker not restarted" test ! -e "$CPID"

write_conf "$CONF"
kill -HUP "$vigild_pid"
check "reload with a virtual server starts the checker" wait_until 5 file_pid_alive "$CPID"
check "new checker's parent is vigild" test "$(ppid_of "$(pidof_file "$CPID")")" = "$vigild_pid"
check "VRRP child still the same" test "$(pidof_file "$VPID")" = "$vr"

kill -USR1 "$vigild_pid"
check "SIGUSR1 forwarded to the VRRP child" wait_until 3 log_has "vigild-vrrp\[$vr\]: \[vrrp\] dump signal 10"
check "SIGUSR1 forwarded to the checker" wait_until 3 log_has "vigild-checker\[[0-9]+\]: \[checker\] dump signal 10"
check "children survive SIGUSR1" alive "$vr"
kill -USR2 "$vigild_pid"
check "SIGUSR2 forwarded to the VRRP child" wait_until 3 log_has "vigild-vrrp\[$vr\]: \[vrrp\] dump signal 12"
json=$("$VIGILD" --signum=JSON)
kill -"$json" "$vigild_pid"
check "JSON signal ($json) forwarded to the VRRP child" wait_until 3 log_has "vigild-vrrp\[$vr\]: \[vrrp\] dump signal $json"
check "JSON signal forwarded to the checker" wait_until 3 log_has "vigild-checker\[[0-9]+\]: \[checker\] dump signal $json"
check "the VRRP child survives the dump signals" alive "$vr"
check "vigild survives the dump signals" alive "$vigild_pid"
stop_vigild
check "stopped" gone "$vigild_pid"
vigild_pid=

# -P: only VRRP.
: >"$LOG"
ip netns exec "$NS" "$VIGILD" -n -l -P -f "$CONF" -p "$PID" -r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "-P starts the VRRP child" wait_until 5 file_pid_alive "$VPID"
sleep 1
check "-P starts no checker" test ! -e "$CPID" -a "$(log_count 'vigild-checker')" -eq 0
stop_vigild
vigild_pid=

# -C: only the checker.
: >"$LOG"
ip netns exec "$NS" "$VIGILD" -n -l -C -f "$CONF" -p "$PID" -r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "-C starts the checker" wait_until 5 file_pid_alive "$CPID"
sleep 1
check "-C starts no VRRP child" test ! -e "$VPID" -a "$(log_count 'vigild-vrrp')" -eq 0
stop_vigild
vigild_pid=

# -R: a dying child stops vigild (exit 1) instead of being restarted.
: >"$LOG"
check "-R: both children start" start_vigild -R
kill -9 "$(pidof_file "$VPID")"
check "-R: vigild exits when a child dies" wait_until 8 gone "$vigild_pid"
wait "$vigild_pid"
rc=$?
check "-R: exit status 1 (got $rc)" test $rc -eq 1
check "-R: no process left in the namespace" wait_until 2 ns_empty
check "-R: pid files removed" test ! -e "$PID" -a ! -e "$VPID" -a ! -e "$CPID"
vigild_pid=

# Without -n: the foreground process exits 0 once the daemon is up.
: >"$LOG"
ip netns exec "$NS" "$VIGILD" -f "$CONF" -p "$PID" -r "$VPID" -c "$CPID" >"$T/fg.out" 2>&1
rc=$?
check "daemon mode: foreground exits 0 (got $rc)" test $rc -eq 0
check "daemon mode: pid file written before the foreground exits" file_pid_alive "$PID"
vigild_pid=$(pidof_file "$PID")
check "daemon mode: its own session" test "$(ps -o sid= -p "$vigild_pid" | tr -d ' ')" = "$vigild_pid"
check "daemon mode: both children start" wait_until 5 file_pid_alive "$VPID"
check "daemon mode: checker starts" wait_until 5 file_pid_alive "$CPID"
kill -TERM "$vigild_pid"
check "daemon mode: SIGTERM stops it" wait_until 8 gone "$vigild_pid"
check "daemon mode: no process left" wait_until 2 ns_empty
check "daemon mode: pid file removed" test ! -e "$PID"
finish
