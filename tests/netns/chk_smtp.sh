#!/bin/bash
# SMTP_CHECK against a tiny SMTP responder (chk_smtp.py, mode switched by a
# file) on 198.51.100.1:25 in the test's namespace; vigild -C checks it every
# second (retry 0, alpha: starts down).  The real server goes
# up -> down -> up through each failure mode: a 554 greeting, a 550 to HELO,
# the server stopped (connection refused), a silent server (timeout), a
# greeting that is not SMTP; exact transition counts, with the reason in
# each line, and the HELO name the server saw.
# The JSON dump (SIGRTMIN+2) must agree: state, transition count, and how
# many attempts the engine had to time out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"
here=$(cd "$(dirname "$0")" && pwd)

CTL=$T/smtp.ctl
SLOG=$T/smtp.log
chk_addr 198.51.100.1
VS="vs 192.0.2.100:25"
RS='\[vs 192\.0\.2\.100:25 rs 198\.51\.100\.1:25\]'
: >"$SLOG"
smtp_pid=

cat >"$CONF" <<EOF
global_defs {
    router_id chk_smtp
}
virtual_server 192.0.2.100 25 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 25 {
        alpha
        SMTP_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
            helo_name probe.vigil.test
        }
    }
}
EOF

# start_smtp: the responder, and wait for its Nth "listening".
started=0
start_smtp() {
	started=$((started + 1))
	ip netns exec "$NS" python3 "$here/chk_smtp.py" 198.51.100.1 25 "$CTL" "$SLOG" &
	smtp_pid=$!
	wait_until 5 count_is "$started" grep -c '^listening$' "$SLOG"
}
stop_smtp() {
	kill "$smtp_pid" 2>/dev/null
	wait "$smtp_pid" 2>/dev/null
}
set_mode() { echo "$1" >"$CTL"; }
ups() { log_count "$RS DOWN -> UP \\(SMTP_CHECK"; }
downs() { log_count "$RS UP -> DOWN \\(SMTP_CHECK"; }
# wait_down N REASON: the Nth UP -> DOWN, its reason matching REASON.
wait_down() {
	wait_until 8 count_is "$1" downs &&
		[ "$(grep -E -- "$RS UP -> DOWN" "$LOG" | sed -n "${1}p" | grep -Ec -- "$2")" = 1 ]
}
wait_up() { wait_until 8 count_is "$1" ups; }


set_mode ok
check "SMTP responder listens" start_smtp
check "checker process starts" chk_start
ckpid=$(pidof_file "$CPID")

check "up: the greeting, HELO and QUIT pass" wait_up 1
check "the server saw HELO with helo_name" grep -qx 'HELO probe.vigil.test' "$SLOG"
check "the server saw QUIT" grep -qx 'QUIT' "$SLOG"

set_mode 554
check "down on a 554 greeting (bad status: SMTP 554)" wait_down 1 'bad status: SMTP 554'
set_mode ok
check "up again" wait_up 2

set_mode helo550
check "down on a 550 to HELO (SMTP 550)" wait_down 2 'bad status: SMTP 550'
set_mode ok
check "up again" wait_up 3

stop_smtp
check "down when the server stops (connect failed)" wait_down 3 'connect failed'
check "SMTP responder restarts" start_smtp
check "up again" wait_up 4

set_mode silent
check "down when the server says nothing (timeout)" wait_down 4 'timeout'
set_mode ok
check "up again" wait_up 5

set_mode garbage
check "down on a greeting that is not SMTP (bad reply)" wait_down 5 'bad reply'
set_mode ok
check "up again" wait_up 6

sleep 2.5
check "exactly 6 DOWN -> UP" count_is 6 ups
check "exactly 5 UP -> DOWN" count_is 5 downs
check "no other transition of the real server" count_is 11 log_count "$RS [A-Z]+ -> [A-Z]+"
check "JSON dump written" chk_json
check "JSON: UP" count_is UP chk_rs "$VS" 198.51.100.1:25 state
check "JSON: 11 transitions" count_is 11 chk_rs "$VS" 198.51.100.1:25 transitions
check "JSON: the silent server was the engine's timeout, once" \
	count_is 1 chk_q "d['checks'][0]['timeouts']"
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
check "the checker process is alive" alive "$ckpid"
stop_vigild
finish
