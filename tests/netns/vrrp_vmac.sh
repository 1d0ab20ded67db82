#!/bin/bash
# use_vmac: a (150) runs VRID 51 on a macvlan vrrp.51 with the virtual MAC
# 00:00:5e:00:01:33; b (100) without.
#  - the vmac exists on a, private mode, virtual MAC, arp_ignore=1, up;
#  - a is master: the VIP is on vrrp.51, not on eth0; b's tshark sees the
#    adverts from the virtual MAC;
#  - SIGTERM of a: b takes over, the vmac is removed;
#  - a restarted preempts again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v tshark >/dev/null || die "tshark not installed"
add_node a 1
add_node b 2
node_conf a 51 150 3 1 "    use_vmac"
node_conf b 51 100
check "a starts" start_node a
check "b starts" start_node b
check "vmac vrrp.51 created on a" wait_until 3 ip -n "$NS-a" link show vrrp.51
check "vmac has the virtual MAC" sh -c "ip -n '$NS-a' link show vrrp.51 | grep -q 'link/ether 00:00:5e:00:01:33'"
check "vmac is a macvlan on eth0, mode private" \
	sh -c "ip -n '$NS-a' -d link show vrrp.51 | grep -q 'vrrp.51@eth0' && ip -n '$NS-a' -d link show vrrp.51 | grep -q 'macvlan mode private'"
check "vmac is up" sh -c "ip -n '$NS-a' link show vrrp.51 | grep -q 'state UP'"
check "arp_ignore=1 on the vmac" test "$(ip netns exec "$NS-a" cat /proc/sys/net/ipv4/conf/vrrp.51/arp_ignore)" = 1
check "a becomes MASTER" wait_until 8 node_log_has a '\[VI_1\] BACKUP -> MASTER'
check "the VIP is on vrrp.51" wait_until 3 sh -c "ip -n '$NS-a' addr show dev vrrp.51 | grep -q 'inet 192.0.2.100/'"
check "the VIP is not on a's eth0" no_vip a
check "b does not hold the VIP" no_vip b
ip netns exec "$NS-b" timeout 10 tshark -i eth0 -f 'ip proto 112' -c 2 -V >"$T/tshark.txt" 2>/dev/null
check "tshark: adverts from the virtual MAC" grep -q "Source: .*00:00:5e:00:01:33" "$T/tshark.txt"
check "tshark: VRRP with a good checksum" grep -q "Checksum Status: Good" "$T/tshark.txt"
check "b stays BACKUP" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0

stop_node a
check "b takes over at a's SIGTERM" wait_until 5 has_vip b
check "a removed the vmac at stop" sh -c "! ip -n '$NS-a' link show vrrp.51 2>/dev/null"
check "a restarts" start_node a
check "a preempts" wait_until 8 sh -c "ip -n '$NS-a' addr show dev vrrp.51 2>/dev/null | grep -q 'inet 192.0.2.100/'"
check "b released the VIP" wait_until 3 no_vip b
stop_node a
stop_node b
finish
