#!/bin/bash
# 5. SIGTERM (and SIGINT): vigild and both children exit within the bound,
#    exit status 0, pid files removed, no process left in the namespace.
#    SIGKILL of vigild: the children die with it.
. "$(dirname "$0")/lib.sh"

write_conf "$CONF"
check "both children start" start_vigild
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")
kill -TERM "$vigild_pid"
check "vigild gone within 8 s" wait_until 8 gone "$vigild_pid"
wait "$vigild_pid"
rc=$?
check "vigild exit status 0 (got $rc)" test "$rc" -eq 0
check "VRRP child gone" gone "$vr"
check "checker child gone" gone "$ck"
check "vigild pid file removed" test ! -e "$PID"
check "VRRP pid file removed" test ! -e "$VPID"
check "checker pid file removed" test ! -e "$CPID"
check "no process left in the namespace" ns_empty
check "children stopped cleanly" log_has "\[vrrp\] pid $vr stopped \(status 0\)"
check "checker stopped cleanly" log_has "\[checker\] pid $ck stopped \(status 0\)"
vigild_pid=

# SIGINT stops it the same way.
write_conf "$CONF"
check "restart for SIGINT" start_vigild
kill -INT "$vigild_pid"
check "SIGINT: vigild gone within 8 s" wait_until 8 gone "$vigild_pid"
check "SIGINT: no process left in the namespace" wait_until 2 ns_empty
check "SIGINT: pid files removed" test ! -e "$PID" -a ! -e "$VPID" -a ! -e "$CPID"
vigild_pid=

# SIGKILL of vigild: the children follow it (PR_SET_PDEATHSIG, or the end of
# their channel, whichever they notice first), and the stale pid files left
# behind (naming processes that may still be unreaped zombies) do not keep
# the next vigild from starting.
: >"$LOG"
check "restart for SIGKILL" start_vigild
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")
kill -KILL "$vigild_pid"
check "SIGKILL: VRRP child follows vigild within 3 s" wait_until 3 gone "$vr"
check "SIGKILL: checker child follows vigild within 3 s" wait_until 3 gone "$ck"
check "SIGKILL: no process left in the namespace" wait_until 2 ns_empty
old=$vigild_pid
check "SIGKILL: a new vigild starts over the stale pid files" start_vigild
check "SIGKILL: pid file names the new vigild" test "$(pidof_file "$PID")" = "$vigild_pid" -a "$vigild_pid" != "$old"
stop_vigild
finish
