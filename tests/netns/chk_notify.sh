#!/bin/bash
# The checker's notify scripts and notify FIFOs (vigild -C, tests/netns/lib_chk.sh):
#   order    a real server flapped twice while its notify scripts (0.6 s each)
#            still run: every notify_down/notify_up runs, in order, never two at
#            once; the same for the virtual server's quorum_down/quorum_up
#   start    as keepalived: a quorum met at start runs quorum_up; quorum 2 +
#            hysteresis 1 over a weight of 2 starts down, and with a sorry
#            server runs quorum_down ("starting with quorum down ... sorry
#            server in"); without one nothing runs and nothing is logged
#   fifo     lvs_notify_fifo and notify_fifo (their scripts read them) get
#            keepalived's lines: "VS [192.0.2.100]:tcp:80 UP", "VS FWM 7 UP",
#            "RS [198.51.100.1]:tcp:80 [192.0.2.100]:tcp:80 DOWN", at start, on
#            each change and (omega) at stop; the FIFOs are removed at exit
#   stop     omega: the checker waits for the notify_down and quorum_down it
#            starts at stop (they see it alive when they end); one that hangs is
#            killed with its process group after 1 s and the checker exits
#   -C       with VRRP instances in the config but no VRRP process (-C), the
#            checker runs the global notify_fifo_script itself
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"

chk_addr 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.4 198.51.100.5 198.51.100.6
NOTES=$T/notes
: >"$NOTES"
cat >"$T/note.sh" <<EOF
#!/bin/sh
echo "start \$*" >>$NOTES
sleep 0.6
if kill -0 "\$(cat $T/ckpid)" 2>/dev/null; then a=alive; else a=gone; fi
echo "end \$* \$a" >>$NOTES
EOF
cat >"$T/hang.sh" <<EOF
#!/bin/sh
sleep 60 &
echo \$! >$T/hang.child
echo "hang started" >>$NOTES
wait
EOF
cat >"$T/reader.sh" <<EOF
#!/bin/sh
exec cat "\$2" >>$T/\$1.out
EOF
printf '#!/bin/sh\nexit $(cat %s)\n' "$T/code" >"$T/misc.sh"
echo 0 >"$T/code"
chmod 755 "$T/note.sh" "$T/hang.sh" "$T/reader.sh" "$T/misc.sh"

tcp() { printf '        TCP_CHECK {\n            connect_timeout 1\n            warmup 0\n            retry 0\n        }\n'; }

cat >"$CONF" <<EOF
global_defs {
    router_id chk_notify
    script_user root
    lvs_notify_fifo $T/lvs.fifo
    lvs_notify_fifo_script "$T/reader.sh lvs"
    notify_fifo $T/all.fifo
    notify_fifo_script "$T/reader.sh all"
}
virtual_server 192.0.2.100 80 {
    delay_loop 0.3
    omega
    quorum_up "$T/note.sh qup .100"
    quorum_down "$T/note.sh qdown .100"
    real_server 198.51.100.1 80 {
        notify_up "$T/note.sh up .1"
        notify_down "$T/note.sh down .1"
        MISC_CHECK {
            misc_path "$T/misc.sh"
            misc_timeout 3
            warmup 0
            retry 0
        }
    }
}
virtual_server 192.0.2.101 80 {
    delay_loop 1
    quorum 2
    hysteresis 1
    sorry_server 198.51.100.9 80
    quorum_up "$T/note.sh qup .101"
    quorum_down "$T/note.sh qdown .101"
    real_server 198.51.100.2 80 {
$(tcp)
    }
    real_server 198.51.100.3 80 {
$(tcp)
    }
}
virtual_server 192.0.2.102 80 {
    delay_loop 1
    quorum 3
    quorum_up "$T/note.sh qup .102"
    quorum_down "$T/note.sh qdown .102"
    real_server 198.51.100.4 80 {
$(tcp)
    }
}
virtual_server fwmark 7 {
    delay_loop 1
    real_server 198.51.100.5 80 {
$(tcp)
    }
}
virtual_server 192.0.2.103 80 {
    delay_loop 1
    omega
    real_server 198.51.100.6 80 {
        notify_down "$T/hang.sh"
$(tcp)
    }
}
EOF

for l in 2 3 4 5 6; do chk_listen 198.51.100.$l 80 l$l; done
check "checker process starts" chk_start
pidof_file "$CPID" >"$T/ckpid"
wait_until 5 log_has "checks: [0-9]+ probes for"

# start
V101="vs 192.0.2.101:80"
check "quorum_up of .100 at start" wait_until 3 grep -qx "end qup .100 alive" "$NOTES"
check ".101 starts with its quorum down (weight 2 < 2 + 1), sorry server in" log_has \
	"\[$V101\] starting with quorum down \(weight 2, quorum 2, hysteresis 1\): sorry server in$"
check "quorum_down of .101 at start" wait_until 3 grep -qx "end qdown .101 alive" "$NOTES"
check "JSON dump written" chk_json
check "JSON: .101 quorum down, the sorry server active" test "$(chk_q "vs('$V101')['quorum_up']")/$(chk_q \
	"vs('$V101')['sorry_active']")" = false/true
check ".102 (quorum 3 not met, no sorry server): nothing logged" test \
	"$(log_count "\[vs 192.0.2.102:80\] (starting|quorum)")" = 0
check ".102: no script" test "$(grep -c '\.102' "$NOTES")" = 0

# order: two flaps while the 0.6 s scripts run
tr1() { chk_tr "vs 192.0.2.100:80" 198.51.100.1:80 "$1" "$2"; }
echo 1 >"$T/code"
check "rs .1 DOWN" wait_until 3 count_is 1 tr1 UP DOWN
echo 0 >"$T/code"
check "rs .1 UP" wait_until 3 count_is 1 tr1 DOWN UP
echo 1 >"$T/code"
check "rs .1 DOWN again" wait_until 3 count_is 2 tr1 UP DOWN
echo 0 >"$T/code"
check "rs .1 UP again" wait_until 3 count_is 2 tr1 DOWN UP
seq_of() { awk -v s="$1" '$3 "" == s "" { print $1 " " $2 }' "$NOTES" | tr '\n' ,; }
want1="start down,end down,start up,end up,start down,end down,start up,end up,"
check "rs .1: 4 notify scripts, in order, one at a time ($(seq_of .1))" \
	wait_until 6 chk_is "$want1" seq_of .1
want100="start qup,end qup,start qdown,end qdown,start qup,end qup,start qdown,end qdown,start qup,end qup,"
check "vs .100: 5 quorum scripts, in order, one at a time ($(seq_of .100))" \
	wait_until 6 chk_is "$want100" seq_of .100

# fifo
L100="[192.0.2.100]:tcp:80"
R1="RS [198.51.100.1]:tcp:80 $L100"
want_lines="VS $L100 UP
VS [192.0.2.101]:tcp:80 DOWN
VS FWM 7 UP
VS [192.0.2.103]:tcp:80 UP
$R1 DOWN
VS $L100 DOWN
$R1 UP
VS $L100 UP
$R1 DOWN
VS $L100 DOWN
$R1 UP
VS $L100 UP"
for f in lvs all; do
	check "$f: the FIFO exists" test -p "$T/$f.fifo"
	check "$f: keepalived's lines at start and on each change" \
		wait_until 3 chk_is "$want_lines" cat "$T/$f.out"
done

# stop
hang_child=$(cat "$T/hang.child" 2>/dev/null)
check "hang.sh not started before the stop" test -z "$hang_child"
ck=$(cat "$T/ckpid")
t0=$(date +%s.%N)
kill -TERM "$vigild_pid"
check "the checker exits" wait_until 5 gone "$ck"
t1=$(date +%s.%N)
check "within 2.5 s of the stop (the hanging notify_down killed after 1 s)" \
	python3 -c "import sys; sys.exit(not (float(sys.argv[2]) - float(sys.argv[1]) < 2.5))" "$t0" "$t1"
check "it waited for the stop's scripts" log_has \
	"stop: waited [0-9]+ ms for the notify scripts of 3 servers"
last_of() { awk -v s="$1" '$3 "" == s "" { l = $0 } END { print l }' "$NOTES"; }
check "omega notify_down of .1 ran at stop (a third one)" test "$(grep -c '^start down \.1$' "$NOTES")" = 3
check "... and ended while the checker was alive" test "$(last_of .1)" = "end down .1 alive"
check "omega quorum_down of .100 ran at stop (a third one)" \
	test "$(grep -c '^start qdown \.100$' "$NOTES")" = 3
check "... and ended while the checker was alive" test "$(last_of .100)" = "end qdown .100 alive"
check "the hanging notify_down started" grep -qx "hang started" "$NOTES"
hang_child=$(cat "$T/hang.child" 2>/dev/null)
check "the hanging notify_down's child was killed with its group" gone "${hang_child:-0}"
check "the hanging script's end logged as timed out" log_has \
	"\[vs 192.0.2.103:80 rs 198.51.100.6:80\] script '$T/hang.sh' timed out"
stop_lines="$R1 DOWN
RS [198.51.100.6]:tcp:80 [192.0.2.103]:tcp:80 DOWN
VS $L100 DOWN
VS [192.0.2.103]:tcp:80 DOWN"
for f in lvs all; do
	check "$f: omega lines at stop" test "$(tail -n 4 "$T/$f.out")" = "$stop_lines"
	check "$f: the FIFO is removed at exit" test ! -e "$T/$f.fifo"
done
stop_vigild

# -C with VRRP instances in the config: no VRRP process runs, so the checker
# runs the global notify_fifo_script itself.
cat >"$CONF" <<EOF
global_defs {
    router_id chk_notify
    script_user root
    notify_fifo $T/all2.fifo
    notify_fifo_script "$T/reader.sh all2"
}
vrrp_instance VI_1 {
    state BACKUP
    interface lo
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        192.0.2.200/32
    }
}
virtual_server 192.0.2.104 80 {
    delay_loop 1
    real_server 198.51.100.1 80 {
$(tcp)
    }
}
EOF
: >"$T/all2.out"
check "-C with a vrrp_instance: vigild starts" chk_start
check "-C: the checker runs notify_fifo_script (its FIFO gets the VS line)" \
	wait_until 5 grep -qx "VS \[192.0.2.104\]:tcp:80 UP" "$T/all2.out"
check "-C: no VRRP process" test ! -e "$VPID"
stop_vigild
finish
