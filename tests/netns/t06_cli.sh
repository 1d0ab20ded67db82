#!/bin/bash
# 6. Command line: -t exit codes and output, --signum values (keepalived's
#    numbers), a stale pid file is replaced, a live one refuses the start.
. "$(dirname "$0")/lib.sh"
command -v keepalived >/dev/null || die "keepalived (the reference for --signum) not installed"

write_conf "$CONF"
"$VIGILD" -t -f "$CONF" >"$T/out" 2>"$T/err"
rc=$?
check "-t on a good file exits 0 (got $rc)" test $rc -eq 0
check "-t on a good file prints nothing" test ! -s "$T/out" -a ! -s "$T/err"
"$VIGILD" -t -d -f "$CONF" >"$T/out" 2>"$T/err"
check "-t -d prints the config" grep -q '^vrrp_instance VI_1' "$T/out"
check "-t -d printout holds the virtual server" grep -q '^virtual_server ' "$T/out"
cp "$T/out" "$T/reprint.conf"
check "-t -d printout is valid config" "$VIGILD" -t -f "$T/reprint.conf"

write_conf "$T/bad.conf" 100 1 "no_such_keyword 42"
line=$(grep -n '^no_such_keyword' "$T/bad.conf" | cut -d: -f1)
"$VIGILD" -t -d -f "$T/bad.conf" >"$T/out" 2>"$T/err"
rc=$?
check "-t on a bad file exits 1 (got $rc)" test $rc -eq 1
check "-t names $T/bad.conf:$line:1" grep -q "^$T/bad.conf:$line:1: " "$T/err"
check "-t: every stderr line is a diagnostic" \
	test "$(grep -cv '^[^:]*:[0-9][0-9]*:[0-9][0-9]*: ' "$T/err")" -eq 0
check "-t -d on a bad file prints no config" test ! -s "$T/out"
"$VIGILD" -t -f "$T/missing.conf" >/dev/null 2>&1
check "-t on a missing file exits 1" test $? -eq 1

for f in RELOAD STOP DATA STATS JSON; do
	want=$(keepalived --signum=$f 2>/dev/null)
	got=$("$VIGILD" --signum=$f)
	check "--signum=$f is $want (got $got)" test -n "$want" -a "$got" = "$want"
done
"$VIGILD" --signum=NOPE >/dev/null 2>&1
check "--signum of an unknown name fails" test $? -ne 0
"$VIGILD" --no-such-flag >"$T/out" 2>"$T/err"
rc=$?
check "a bad flag exits 1 like keepalived (got $rc)" test $rc -eq 1
check "a bad flag prints the usage on stderr" grep -q '^Usage: vigild' "$T/err"
"$VIGILD" -S nosuchfacility -t -f "$CONF" >/dev/null 2>"$T/err"
check "-S with an unknown facility exits 1" test $? -eq 1
check "-S with an unknown facility says so" grep -q "invalid log facility" "$T/err"
for fac in 3 local7 user daemon; do
	check "-S $fac accepted" "$VIGILD" -S "$fac" -t -f "$CONF"
done
"$VIGILD" -t -f "$CONF" stray-argument >/dev/null 2>&1
check "a stray argument exits 1" test $? -eq 1
check "--version prints the version" sh -c "'$VIGILD' --version | grep -q '^vigil '"

# Stale pid files: a dead pid, and a live process that is not vigild.
sleep 0 &
dead=$!
wait $dead
echo $dead >"$PID"
sleep 30 &
other=$!
echo $other >"$VPID"
check "stale pid files do not stop the start" start_vigild
check "pid file replaced with vigild's pid" test "$(pidof_file "$PID")" = "$vigild_pid"
check "VRRP pid file replaced" test "$(pidof_file "$VPID")" != "$other"
kill $other

# A live vigild in the pid file: a second one refuses to start.
ip netns exec "$NS" "$VIGILD" -n -l -f "$CONF" -p "$PID" -r "$T/2.vrrp.pid" \
	-c "$T/2.chk.pid" >"$T/second.log" 2>&1 &
second=$!
check "second vigild exits" wait_until 5 gone "$second"
wait "$second"
rc=$?
check "second vigild exit status 1 (got $rc)" test $rc -eq 1
check "second vigild says why" grep -q "already running (pid $vigild_pid" "$T/second.log"
check "first vigild unaffected" alive "$vigild_pid"
check "pid file still names the first vigild" test "$(pidof_file "$PID")" = "$vigild_pid"
check "second vigild started no child" test ! -e "$T/2.vrrp.pid" -a ! -e "$T/2.chk.pid"
stop_vigild
finish
