#!/bin/bash
# UDP_CHECK against two UDP echo servers (chk_udp.py, reply switched by a
# file) in the test's namespace; vigild -C checks every second (retry 0,
# alpha: start down).
#  - rs 198.51.100.1: payload "cafe f00d", require_reply "cafe fxxd" (x: any
#    nibble), replies of 4-8 bytes.  Up on the echo; down on a reply that
#    differs under the mask, a reply longer than max_reply_length, no reply,
#    the server stopped (ICMP port unreachable); up again after each.
#  - rs 198.51.100.2: no payload (random), no require_reply.  A silent server
#    is up; stopping it (port unreachable) brings it down.
# Exact transition counts, reasons in the lines, and the datagrams the
# servers saw.
# The JSON dump (SIGRTMIN+2) must agree: state, transition count, and how
# many attempts the engine had to time out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"
here=$(cd "$(dirname "$0")" && pwd)

chk_addr 198.51.100.1 198.51.100.2
VS="vs 192.0.2.100:9000"
RS1='\[vs 192\.0\.2\.100:9000 rs 198\.51\.100\.1:9000\]'
RS2='\[vs 192\.0\.2\.100:9000 rs 198\.51\.100\.2:9000\]'

cat >"$CONF" <<EOF
global_defs {
    router_id chk_udp
}
virtual_server 192.0.2.100 9000 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol UDP
    real_server 198.51.100.1 9000 {
        alpha
        UDP_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
            payload cafe f00d
            require_reply cafe fxxd
            min_reply_length 4
            max_reply_length 8
        }
    }
    real_server 198.51.100.2 9000 {
        alpha
        UDP_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
        }
    }
}
EOF

# start_udp N: server N on 198.51.100.N:9000 (ctl $T/udpN.ctl, log
# $T/udpN.log); waits for its "listening" line number K (K-th start).
declare -A upid nstart
start_udp() {
	local n=$1
	nstart[$n]=$((${nstart[$n]:-0} + 1))
	ip netns exec "$NS" python3 "$here/chk_udp.py" 198.51.100.$n 9000 "$T/udp$n.ctl" \
		"$T/udp$n.log" &
	upid[$n]=$!
	wait_until 5 count_is "${nstart[$n]}" grep -c '^listening$' "$T/udp$n.log"
}
stop_udp() {
	kill "${upid[$1]}" 2>/dev/null
	wait "${upid[$1]}" 2>/dev/null
}
set_mode() { echo "$2" >"$T/udp$1.ctl"; }
ups() { log_count "$1 DOWN -> UP \\(UDP_CHECK"; }
downs() { log_count "$1 UP -> DOWN \\(UDP_CHECK"; }
# wait_down RS N REASON: the Nth UP -> DOWN of RS, its reason matching REASON.
wait_down() {
	wait_until 8 count_is "$2" downs "$1" &&
		[ "$(grep -E -- "$1 UP -> DOWN" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
wait_up() { wait_until 8 count_is "$2" ups "$1"; }


: >"$T/udp1.log"
: >"$T/udp2.log"
set_mode 1 echo
set_mode 2 silent
check "UDP server 1 listens" start_udp 1
check "UDP server 2 listens" start_udp 2
check "checker process starts" chk_start
ckpid=$(pidof_file "$CPID")

check "rs1 up: the echo matches require_reply" wait_up "$RS1" 1
check "server 1 got the payload" grep -q '^4 cafef00d echo$' "$T/udp1.log"
check "rs2 up: a silent server without require_reply is up" wait_up "$RS2" 1
check "server 2 got a random 16-byte payload" grep -Eq '^16 [0-9a-f]{32} silent$' "$T/udp2.log"
# (one read of the log: the server appends while the check runs)
check "server 2 got different payloads" sh -c \
	'l=$(grep "^16 " "$1"); [ "$(printf "%s\n" "$l" | wc -l)" = "$(printf "%s\n" "$l" | sort -u | wc -l)" ]' \
	_ "$T/udp2.log"

set_mode 1 "hex cafe 0000"
check "rs1 down on a reply that differs (bad reply)" \
	wait_down "$RS1" 1 'bad reply: reply differs at byte 2'
set_mode 1 echo
check "rs1 up again" wait_up "$RS1" 2

set_mode 1 "hex cafef00d 0102030405"
check "rs1 down on a 9-byte reply (max_reply_length 8)" \
	wait_down "$RS1" 2 'bad reply: reply of 9 bytes, outside 4-8'
set_mode 1 "hex cafef00d 01020304"
check "rs1 up on an 8-byte reply that matches" wait_up "$RS1" 3

set_mode 1 silent
check "rs1 down without a reply (no reply)" wait_down "$RS1" 3 'no reply'
set_mode 1 echo
check "rs1 up again" wait_up "$RS1" 4

stop_udp 1
check "rs1 down when the server stops (ICMP: connect failed)" \
	wait_down "$RS1" 4 'connect failed: Connection refused'
check "UDP server 1 restarts" start_udp 1
check "rs1 up again" wait_up "$RS1" 5

stop_udp 2
check "rs2 down when its server stops (ICMP: connect failed)" \
	wait_down "$RS2" 1 'connect failed: Connection refused'
check "UDP server 2 restarts" start_udp 2
check "rs2 up again" wait_up "$RS2" 2

sleep 2.5
check "rs1: exactly 5 DOWN -> UP" count_is 5 ups "$RS1"
check "rs1: exactly 4 UP -> DOWN" count_is 4 downs "$RS1"
check "rs1: no other transition" count_is 9 log_count "$RS1 [A-Z]+ -> [A-Z]+"
check "rs2: exactly 2 DOWN -> UP" count_is 2 ups "$RS2"
check "rs2: exactly 1 UP -> DOWN" count_is 1 downs "$RS2"
check "rs2: no other transition" count_is 3 log_count "$RS2 [A-Z]+ -> [A-Z]+"
check "JSON dump written" chk_json
check "JSON: rs1 UP" count_is UP chk_rs "$VS" 198.51.100.1:9000 state
check "JSON: rs1 made 9 transitions" count_is 9 chk_rs "$VS" 198.51.100.1:9000 transitions
check "JSON: rs2 UP" count_is UP chk_rs "$VS" 198.51.100.2:9000 state
check "JSON: rs2 made 3 transitions" count_is 3 chk_rs "$VS" 198.51.100.2:9000 transitions
check "JSON: silent attempts ended by the kind, not the engine's timeout" \
	count_is 0 chk_q "sum(c['timeouts'] for c in d['checks'])"
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
check "the checker process is alive" alive "$ckpid"
stop_vigild
finish
