#!/bin/bash
# DNS_CHECK against dnsmasq serving example.test from a hosts file (local
# domain: unknown names are NXDOMAIN) on 198.51.100.3:53 in the test's
# namespace; vigild -C checks every second (retry 0, alpha: start down).
#  - rs 198.51.100.3: type A, name www.example.test.  Up; down on NXDOMAIN
#    (the name removed, SIGHUP), no reply (dnsmasq stopped with SIGSTOP),
#    dnsmasq killed (ICMP port unreachable); up again after each.
#  - rs 198.51.100.4 (connect_ip 198.51.100.3): type AAAA of the same name:
#    NOERROR without an AAAA answer keeps it down until the hosts file gets
#    an IPv6 address.
#  - rs 2001:db8::3 (an IPv6 virtual server, dnsmasq listening there too):
#    type A, follows rs 198.51.100.3 through every change.
# Exact transition counts with the reason in each line.
# The JSON dump (SIGRTMIN+2) must agree: state, transition count, and how
# many attempts the engine had to time out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"
command -v dnsmasq >/dev/null || die "dnsmasq not installed (apt-get install dnsmasq-base)"

HOSTS=$T/hosts
chk_addr 198.51.100.3 198.51.100.4 2001:db8::3
VS="vs 192.0.2.100:53"
RS1='\[vs 192\.0\.2\.100:53 rs 198\.51\.100\.3:53\]'
RS2='\[vs 192\.0\.2\.100:53 rs 198\.51\.100\.4:53\]'
RS3='\[vs \[2001:db8::100\]:53 rs \[2001:db8::3\]:53\]'

cat >"$CONF" <<EOF
global_defs {
    router_id chk_dns
}
virtual_server 192.0.2.100 53 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol UDP
    real_server 198.51.100.3 53 {
        alpha
        DNS_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
            type A
            name www.example.test
        }
    }
    real_server 198.51.100.4 53 {
        alpha
        DNS_CHECK {
            connect_ip 198.51.100.3
            connect_timeout 1
            retry 0
            warmup 0
            type AAAA
            name www.example.test.
        }
    }
}
virtual_server 2001:db8::100 53 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol UDP
    real_server 2001:db8::3 53 {
        alpha
        DNS_CHECK {
            connect_timeout 1
            retry 0
            warmup 0
            type A
            name www.example.test
        }
    }
}
EOF

dns_pid=
# start_dns: dnsmasq, and wait for it to log one more read of the hosts file.
start_dns() {
	local n
	n=$(grep -c "read $HOSTS" "$T/dns.log")
	ip netns exec "$NS" dnsmasq -k -C /dev/null --no-resolv --no-hosts --addn-hosts="$HOSTS" \
		--local=/example.test/ --listen-address=198.51.100.3,2001:db8::3 --bind-interfaces --port=53 \
		--user=root --group=root --pid-file= --log-facility="$T/dns.log" &
	dns_pid=$!
	wait_until 5 count_is $((n + 1)) grep -c "read $HOSTS" "$T/dns.log"
}
# reload_hosts: SIGHUP, and wait for dnsmasq to log the new read.
reload_hosts() {
	local n
	n=$(grep -c "read $HOSTS" "$T/dns.log")
	kill -HUP "$dns_pid"
	wait_until 5 count_is $((n + 1)) grep -c "read $HOSTS" "$T/dns.log"
}
ups() { log_count "$1 DOWN -> UP \\(DNS_CHECK"; }
downs() { log_count "$1 UP -> DOWN \\(DNS_CHECK"; }
wait_down() {
	wait_until 8 count_is "$2" downs "$1" &&
		[ "$(grep -E -- "$1 UP -> DOWN" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
wait_up() { wait_until 8 count_is "$2" ups "$1"; }


echo "198.51.100.50 www.example.test" >"$HOSTS"
: >"$T/dns.log"
check "dnsmasq starts" start_dns
check "checker process starts" chk_start
ckpid=$(pidof_file "$CPID")

check "rs1 up: www.example.test has an A record" wait_up "$RS1" 1
check "rs3 up: the same over IPv6" wait_up "$RS3" 1

echo "198.51.100.51 other.example.test" >"$HOSTS"
check "dnsmasq rereads the hosts file" reload_hosts
check "rs1 down on NXDOMAIN (bad status: RCODE NXDOMAIN)" \
	wait_down "$RS1" 1 'bad status: RCODE NXDOMAIN'
check "rs3 down on NXDOMAIN too" wait_down "$RS3" 1 'bad status: RCODE NXDOMAIN'
echo "198.51.100.50 www.example.test" >"$HOSTS"
check "dnsmasq rereads the hosts file" reload_hosts
check "rs1 up again" wait_up "$RS1" 2

kill -STOP "$dns_pid"
check "rs1 down while dnsmasq is stopped (no reply)" wait_down "$RS1" 2 'no reply'
kill -CONT "$dns_pid"
check "rs1 up again" wait_up "$RS1" 3

kill "$dns_pid"
wait "$dns_pid" 2>/dev/null
check "rs1 down when dnsmasq is gone (ICMP: connect failed)" \
	wait_down "$RS1" 3 'connect failed: Connection refused'
check "dnsmasq restarts" start_dns
check "rs1 up again" wait_up "$RS1" 4

check "rs2 (AAAA) stays down: NOERROR without an AAAA answer" count_is 0 ups "$RS2"
check "rs2's attempts fail for want of an AAAA answer" \
	log_has 'rs 198\.51\.100\.4:53 DNS_CHECK\] .*bad reply: no AAAA record in the answer'
printf '198.51.100.50 www.example.test\n2001:db8::50 www.example.test\n' >"$HOSTS"
check "dnsmasq rereads the hosts file" reload_hosts
check "rs2 up once the name has an AAAA record" wait_up "$RS2" 1

sleep 2.5
check "rs1: exactly 4 DOWN -> UP" count_is 4 ups "$RS1"
check "rs1: exactly 3 UP -> DOWN" count_is 3 downs "$RS1"
check "rs1: no other transition" count_is 7 log_count "$RS1 [A-Z]+ -> [A-Z]+"
check "rs3 (IPv6): exactly 4 DOWN -> UP" count_is 4 ups "$RS3"
check "rs3 (IPv6): exactly 3 UP -> DOWN" count_is 3 downs "$RS3"
check "rs2: exactly one transition (DOWN -> UP)" count_is 1 log_count "$RS2 [A-Z]+ -> [A-Z]+"
check "JSON dump written" chk_json
check "JSON: rs1 UP" count_is UP chk_rs "$VS" 198.51.100.3:53 state
check "JSON: rs1 made 7 transitions" count_is 7 chk_rs "$VS" 198.51.100.3:53 transitions
check "JSON: rs2 UP" count_is UP chk_rs "$VS" 198.51.100.4:53 state
check "JSON: rs2 made 1 transition" count_is 1 chk_rs "$VS" 198.51.100.4:53 transitions
check "JSON: silent attempts ended by the kind, not the engine's timeout" \
	count_is 0 chk_q "sum(c['timeouts'] for c in d['checks'])"
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
check "the checker process is alive" alive "$ckpid"
stop_vigild
finish
