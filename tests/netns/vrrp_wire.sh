#!/bin/bash
# VRRP on the wire (IPv4, VRRPv3): a vigil master (a, priority 150) and
# backup (b, 100), and a third namespace h that only sends packets.
#  - tshark in b decodes a's adverts as VRRP v3 with a good checksum, IP TTL
#    255, VRID 51, priority 150 and the VIP;
#  - hostile adverts from h (wrong TTL, bad checksum, truncated, wrong VRID,
#    a count larger than the addresses carried, trailing garbage), each claiming priority 254:
#    all counted by reason in the SIGUSR2 stats of both vigils and dropped,
#    with no state change;
#  - control: the same generator's valid advert (priority 254) does make a
#    step down, so the drops above are the checks at work;
#  - when a takes over again, b sees its gratuitous ARP for the VIP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v tshark >/dev/null || die "tshark not installed"
command -v python3 >/dev/null || die "python3 not installed"
SEND="python3 $(cd "$(dirname "$0")" && pwd)/vrrp_send.py"
add_node a 1
add_node b 2
add_node h 9
node_conf a 51 150
node_conf b 51 100
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 has_vip a

# tshark decodes the adverts.
ip netns exec "$NS-b" timeout 10 tshark -i eth0 -f 'ip proto 112' -c 2 -V -o vrrp.v3_checksum_as_in_v2:FALSE \
	>"$T/tshark.txt" 2>"$T/tshark.err"
check "tshark captured 2 packets" grep -q "^Frame 2:" "$T/tshark.txt"
check "tshark: VRRP dissected" grep -q "^Virtual Router Redundancy Protocol" "$T/tshark.txt"
check "tshark: version 3, advertisement" grep -Eq "Version: 3|0011 \.\.\.\. = VRRP protocol version: 3" "$T/tshark.txt"
check "tshark: VRID 51" grep -q "Virtual Rtr ID: 51" "$T/tshark.txt"
check "tshark: priority 150" grep -Eq "Priority: 150" "$T/tshark.txt"
check "tshark: VIP 192.0.2.100" grep -q "IP Address: 192.0.2.100" "$T/tshark.txt"
check "tshark: TTL 255" grep -q "Time to Live: 255" "$T/tshark.txt"
check "tshark: checksum good" grep -q "Checksum Status: Good" "$T/tshark.txt"
check "tshark: no bad checksum" test "$(grep -c 'Checksum Status: Bad' "$T/tshark.txt")" -eq 0
check "tshark: source is a's address" grep -q "Source Address: 192.0.2.1$" "$T/tshark.txt"

# Hostile input.
inst_stat() { stats_of "$1" | sed -n '1,/^Unrouted/p' | sed -n "s/^ *$2: //p" | head -1; }
glob_stat() { stats_of "$1" | sed -n '/^Unrouted/,$p' | sed -n "s/^ *$2: //p" | head -1; }
hs() { ip netns exec "$NS-h" $SEND 192.0.2.9 224.0.0.18 "$@"; }
trans_a=$(node_log_count a ' -> ')
trans_b=$(node_log_count b ' -> ')
hs valid:64 badcsum trunc8 trunc4 vrid99 count2 long valid:64 badcsum trunc8 trunc4 vrid99 \
	count2 long valid:1 badcsum trunc8 trunc4 vrid99 count2 long
sleep 0.5
for x in a b; do
	check "$x: wrong TTL counted (3)" test "$(inst_stat $x 'bad TTL\/hop limit')" -eq 3
	check "$x: bad checksum counted (3)" test "$(inst_stat $x 'bad checksum')" -eq 3
	check "$x: truncated adverts counted on the instance (6)" test "$(inst_stat $x 'truncated packet')" -eq 6
	check "$x: packet shorter than a header counted as unrouted (3)" test "$(glob_stat $x 'truncated packet')" -eq 3
	check "$x: unknown VRID counted (3)" test "$(glob_stat $x 'Unknown VRID')" -eq 3
	check "$x: too long counted (3)" test "$(inst_stat $x 'bad length')" -eq 3
done
check "a is still MASTER with the VIP" only_vip a 192.0.2.100 b
check "no state change on a" test "$(node_log_count a ' -> ')" -eq "$trans_a"
check "no state change on b" test "$(node_log_count b ' -> ')" -eq "$trans_b"
check "rejections logged" node_log_has a 'advert from 192.0.2.9 dropped: bad TTL'

# Control: a valid priority-254 advert from h makes a step down.  When a
# takes over again it sends a gratuitous ARP for the VIP (captured in b).
ip netns exec "$NS-b" timeout 15 tshark -i eth0 -f 'arp' -c 1 -V >"$T/arp.txt" 2>/dev/null &
arp_pid=$!
sleep 1
hs valid
check "control: a steps down for h's valid advert" wait_until 3 node_log_has a '\[VI_1\] MASTER -> BACKUP \(higher priority advert\)'
check "control: a takes the VIP back once h is silent" wait_until 8 has_vip a
wait "$arp_pid"
mac_a=$(ip -n "$NS-a" link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
check "gratuitous ARP: sender is the VIP" grep -q "Sender IP address: 192.0.2.100" "$T/arp.txt"
check "gratuitous ARP: target is the VIP" grep -q "Target IP address: 192.0.2.100" "$T/arp.txt"
check "gratuitous ARP: a's MAC ($mac_a)" grep -q "Sender MAC address: .*($mac_a)" "$T/arp.txt"
check "gratuitous ARP: tshark calls it gratuitous" grep -q "Is gratuitous: True" "$T/arp.txt"
stop_node a
stop_node b
finish
