#!/bin/bash
# 7. The children follow the config and the flags: a reload that drops the
#    virtual servers stops the checker, one that adds them back starts it;
#    -P runs only the VRRP child, -C only the checker; -R stops vigild when a child dies; without
#    -n vigild forks, writes its pid file before the foreground exits, and
#    SIGUSR1, SIGUSR2 and the JSON signal write the children's parts into one file.
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

# The dump signals: vigild asks each child for its part and writes one file
# with the VRRP part first, then the checker's ($T: VIGIL_TMPDIR).
kill -USR1 "$vigild_pid"
check "SIGUSR1 writes vigil.data" wait_until 5 test -s "$T/vigil.data"
check "vigil.data: the VRRP part" grep -q 'VRRP Instance = VI_1' "$T/vigil.data"
check "vigil.data: the checker part" grep -q 'Virtual server = 192.0.2.100 80' "$T/vigil.data"
check "vigil.data: VRRP first, then the checker" sh -c "grep -n -e 'VRRP Topology' -e '< IPVS >' '$T/vigil.data' | cut -d: -f2 | tr '\n' ' ' | grep -q '^------< VRRP Topology >------ ------< IPVS >------'"
check "no /tmp leak: the file went to VIGIL_TMPDIR" log_has "state written to $T/vigil.data"
kill -USR2 "$vigild_pid"
check "SIGUSR2 writes vigil.stats" wait_until 5 test -s "$T/vigil.stats"
check "vigil.stats: the VRRP statistics" grep -q 'VRRP Instance: VI_1' "$T/vigil.stats"
json=$("$VIGILD" --signum=JSON)
kill -"$json" "$vigild_pid"
check "JSON signal ($json) writes vigil.json" wait_until 5 test -s "$T/vigil.json"
check "vigil.json: one object with the VRRP and the checker members" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = (d["vrrp"][0]["data"]["iname"] == "VI_1" and "unrouted" in d and "ipvs" in d
      and d["virtual_servers"][0]["name"] == "192.0.2.100 80")
sys.exit(0 if ok else 1)' "$T/vigil.json"
# A child signalled directly writes its own file.
rm -f "$T/vigil.data" "$T/vigil.check.data"
kill -USR1 "$(pidof_file "$CPID")"
check "the checker signalled directly writes vigil.check.data" wait_until 5 test -s "$T/vigil.check.data"
check "... and not vigil.data" test ! -e "$T/vigil.data"
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
