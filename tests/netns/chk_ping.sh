#!/bin/bash
# PING_CHECK through vigild -C: the director is the test's namespace, the
# real server a second namespace behind a veth pair (198.51.100.1 and
# 2001:db8:1::1), delay_loop 1, connect_timeout 1, retry 0, alpha.
#  - up on the echo replies (the real server's ICMP InEchos counters grow);
#  - the real server's address deleted: down (no reply: timeout, or ICMP
#    host unreachable once neighbour resolution fails); re-added: up;
#  - the director's link down: down (no route: connect failed); up: up;
#  - both with the netns default ping_group_range (root has no ping socket:
#    raw socket) and with root's group allowed (a ping socket), IPv4 and
#    IPv6, with exact transition counts.
. "$(dirname "$0")/lib.sh"

NS2="${NS}-rs"
cleanup_ping() {
	local p
	if ip netns list | grep -qw "$NS2"; then
		for p in $(ip netns pids "$NS2" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$NS2" 2>/dev/null
	fi
	cleanup
}
trap cleanup_ping EXIT

ip netns add "$NS2" || die "ip netns add $NS2"
ip -n "$NS2" link set lo up
ip -n "$NS" link add tors type veth peer name rs0 netns "$NS2" || die "veth to $NS2"
ip -n "$NS" link set tors up
ip -n "$NS2" link set rs0 up
ip -n "$NS" addr add 198.51.100.254/24 dev tors || die "address"
ip -n "$NS" addr add 2001:db8:1::254/64 dev tors nodad || die "address"
ip -n "$NS2" addr add 198.51.100.1/24 dev rs0 || die "address"
ip -n "$NS2" addr add 2001:db8:1::1/64 dev rs0 nodad || die "address"
ip -n "$NS" addr add 2001:db8::1/64 dev eth0 nodad || die "address"

RS4='\[vs 192\.0\.2\.100:80 rs 198\.51\.100\.1:80\]'
RS6='\[vs \[2001:db8::100\]:80 rs \[2001:db8:1::1\]:80\]'

cat >"$CONF" <<EOF
global_defs {
    router_id chk_ping
}
virtual_server 192.0.2.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        alpha
        PING_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
        }
    }
}
virtual_server 2001:db8::100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 2001:db8:1::1 80 {
        alpha
        PING_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
        }
    }
}
EOF

ups() { log_count "$1 DOWN -> UP \\(PING_CHECK"; }
downs() { log_count "$1 UP -> DOWN \\(PING_CHECK"; }
# wait_down RS K REASON: the K-th UP -> DOWN of RS, its reason matching REASON.
wait_down() {
	wait_until 10 count_is "$2" downs "$1" &&
		[ "$(grep -E -- "$1 UP -> DOWN" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
wait_up() { wait_until 10 count_is "$2" ups "$1"; }
# The real server's echo requests received (IPv4 / IPv6).
echos4() {
	ip netns exec "$NS2" awk '/^Icmp:/ {
		if (!h) { for (i = 2; i <= NF; i++) if ($i == "InEchos") c = i; h = 1 }
		else print $c }' /proc/net/snmp
}
echos6() { ip netns exec "$NS2" awk '$1 == "Icmp6InEchos" { print $2 }' /proc/net/snmp6; }
grows() {
	local a
	a=$("$1")
	sleep 2.5
	[ "$("$1")" -ge $((a + 2)) ]
}

ip netns exec "$NS" sysctl -qw net.ipv4.ping_group_range="1 0" || die "sysctl"
ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -C -f "$CONF" -p "$PID" \
	-r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "checker process starts" wait_until 5 file_pid_alive "$CPID"
ckpid=$(pidof_file "$CPID")

check "v4 up on echo replies (raw socket)" wait_up "$RS4" 1
check "v6 up on echo replies (raw socket)" wait_up "$RS6" 1
check "the real server answers about one v4 echo a second" grows echos4
check "the real server answers about one v6 echo a second" grows echos6

ip -n "$NS2" addr del 198.51.100.1/24 dev rs0
ip -n "$NS2" addr del 2001:db8:1::1/64 dev rs0
check "v4 down when the real server's address is gone" \
	wait_down "$RS4" 1 '(timeout|connect failed: No route to host)'
check "v6 down when the real server's address is gone" \
	wait_down "$RS6" 1 '(timeout|connect failed: No route to host)'
ip -n "$NS2" addr add 198.51.100.1/24 dev rs0
ip -n "$NS2" addr add 2001:db8:1::1/64 dev rs0 nodad
check "v4 up when the address is back" wait_up "$RS4" 2
check "v6 up when the address is back" wait_up "$RS6" 2

ip -n "$NS" link set tors down
check "v4 down when the director's link is down (no route)" \
	wait_down "$RS4" 2 '(connect failed: Network is unreachable|timeout)'
check "v6 down when the director's link is down (no route)" \
	wait_down "$RS6" 2 '(connect failed: Network is unreachable|timeout)'
ip -n "$NS" link set tors up
ip -n "$NS" addr replace 2001:db8:1::254/64 dev tors nodad
check "v4 up when the link is back" wait_up "$RS4" 3
check "v6 up when the link is back" wait_up "$RS6" 3

# root's group allowed: the checker's next sockets are ping sockets
ip netns exec "$NS" sysctl -qw net.ipv4.ping_group_range="0 0" || die "sysctl"
check "v4 echoes keep coming over a ping socket" grows echos4
check "v6 echoes keep coming over a ping socket" grows echos6

sleep 1
check "v4: exactly 3 DOWN -> UP, 2 UP -> DOWN, nothing else" \
	test "$(ups "$RS4")/$(downs "$RS4")/$(log_count "$RS4 [A-Z]+ -> [A-Z]+")" = "3/2/5"
check "v6: exactly 3 DOWN -> UP, 2 UP -> DOWN, nothing else" \
	test "$(ups "$RS6")/$(downs "$RS6")/$(log_count "$RS6 [A-Z]+ -> [A-Z]+")" = "3/2/5"
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
stop_vigild
finish
