#!/bin/bash
# VRRP over IPv6 (VRRPv3, ff02::12, link-local sources): two vigils
# (a: priority 150, b: 100) and a VIP 2001:db8::100/64.
#  - election: a holds the VIP, b does not;
#  - tshark in b decodes a's adverts: VRRP v3 over IPv6, hop limit 255,
#    link-local source, good checksum, the VIP in the list;
#  - a unsolicited neighbour advertisement for the VIP is seen when a takes over;
#  - SIGTERM of a: b takes over after the priority-0 advert; a restarted preempts;
#  - interop with keepalived over IPv6: vigil elected, keepalived takes over
#    at vigil's SIGTERM, vigil preempts back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v tshark >/dev/null || die "tshark not installed"
VIP6=2001:db8::100
add_node a 1
add_node b 2
node_conf a 61 150 3 1 "" "$VIP6/64"
node_conf b 61 100 3 1 "" "$VIP6/64"
ll_a=$(ip -n "$NS-a" -6 addr show dev eth0 scope link | sed -n 's/.*inet6 \(fe80[^/]*\).*/\1/p')
check "a has a link-local address ($ll_a)" test -n "$ll_a"

# Capture the unsolicited NA that a sends when it becomes master (the
# filter keeps NAs whose target is the VIP: the kernel sends NAs of its own).
ip netns exec "$NS-b" timeout 15 tshark -i eth0 \
	-f 'icmp6 and ip6[40] == 136 and ip6[48:4] == 0x20010db8 and ip6[60:4] == 0x100' -c 1 -V \
	>"$T/na.txt" 2>/dev/null &
na_pid=$!
sleep 1
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 node_log_has a '\[VI_1\] BACKUP -> MASTER'
check "a holds the IPv6 VIP" wait_until 3 has_vip a "$VIP6"
sleep 1
check "b does not hold the VIP" no_vip b "$VIP6"
check "b stays BACKUP" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0
wait "$na_pid"
check "unsolicited NA for the VIP seen" grep -q "Target Address: $VIP6" "$T/na.txt"
check "NA has the Override flag" grep -q "Override: Set" "$T/na.txt"
check "NA not solicited" grep -q "Solicited: Not set" "$T/na.txt"

ip netns exec "$NS-b" timeout 10 tshark -i eth0 -f 'ip6 proto 112' -c 2 -V >"$T/tshark.txt" 2>/dev/null
check "tshark: VRRP dissected" grep -q "^Virtual Router Redundancy Protocol" "$T/tshark.txt"
check "tshark: hop limit 255" grep -q "Hop Limit: 255" "$T/tshark.txt"
check "tshark: to ff02::12" grep -q "Destination Address: ff02::12" "$T/tshark.txt"
check "tshark: from a's link-local" grep -q "Source Address: $ll_a" "$T/tshark.txt"
check "tshark: VRID 61" grep -q "Virtual Rtr ID: 61" "$T/tshark.txt"
check "tshark: the VIP" grep -q "IPv6 Address: $VIP6" "$T/tshark.txt"
check "tshark: checksum good" grep -q "Checksum Status: Good" "$T/tshark.txt"

t0=$(now_ms)
stop_node a
check "b takes over after a's SIGTERM" wait_until 5 has_vip b "$VIP6"
dt=$(($(now_ms) - t0))
check "takeover within 2.5 s (got $dt ms)" test "$dt" -lt 2500
check "a released the VIP" no_vip a "$VIP6"
check "a restarts" start_node a
check "a preempts" wait_until 8 only_vip a "$VIP6" b
stop_node a
stop_node b

# Interop with keepalived over IPv6: vigil a (150) and keepalived b (100).
command -v keepalived >/dev/null || die "keepalived not installed"
: >"$T/a.log"
: >"$T/b.log"
check "vigil starts (a)" start_node a
check "keepalived starts (b)" start_keepalived b
check "vigil becomes MASTER" wait_until 8 has_vip a "$VIP6"
check "keepalived enters BACKUP" wait_until 5 node_log_has b '\(VI_1\) Entering BACKUP STATE'
sleep 2
check "keepalived stays BACKUP without the VIP" no_vip b "$VIP6"
check "keepalived never became MASTER" test "$(node_log_count b 'Entering MASTER STATE')" -eq 0
t0=$(now_ms)
stop_node a
check "keepalived takes over at vigil's SIGTERM" wait_until 5 has_vip b "$VIP6"
dt=$(($(now_ms) - t0))
check "takeover within 2.5 s (got $dt ms)" test "$dt" -lt 2500
check "vigil restarts" start_node a
check "vigil preempts keepalived" wait_until 8 only_vip a "$VIP6" b
r=$(stats_of a | sed -n '1,/^Unrouted/p' | sed -n 's/^ *Received: //p' | head -1)
check "vigil accepted keepalived's IPv6 adverts ($r)" test "${r:-0}" -ge 1
stop_node a
stop_node b
finish
