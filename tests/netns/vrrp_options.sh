#!/bin/bash
# VRRP instance options between two vigils (IPv4 multicast, advert_int 1 s):
#  - nopreempt: a (150, nopreempt) joining while b (100) is master does not
#    take over; it does when b stops;
#  - preempt_delay 4: a (150) joining while b (100) is master takes over only
#    after the delay (plus Master_Down_Interval), not after
#    Master_Down_Interval alone;
#  - VRRPv2 PASS authentication with different passwords: each side drops the
#    other's adverts ("auth failure" counted) and both end up MASTER;
#  - --dont-release-vrrp keeps the VIP at stop; the next start (BACKUP)
#    removes the leftover before it becomes MASTER again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2

echo "# nopreempt"
node_conf a 51 150 3 1 "    nopreempt"
node_conf b 51 100
check "b starts" start_node b
check "b becomes MASTER alone" wait_until 8 has_vip b
check "a starts" start_node a
check "a enters BACKUP" wait_until 3 node_log_has a '\[VI_1\] INIT -> BACKUP'
sleep 6
check "a (nopreempt) did not take over" test "$(node_log_count a 'BACKUP -> MASTER')" -eq 0
check "b still holds the VIP" only_vip b 192.0.2.100 a
stop_node b
check "a takes over when b stops" wait_until 5 has_vip a
stop_node a

echo "# preempt_delay"
: >"$T/a.log"
: >"$T/b.log"
node_conf a 51 150 3 1 "    preempt_delay 4"
node_conf b 51 100
check "b starts" start_node b
check "b becomes MASTER alone" wait_until 8 has_vip b
t0=$(now_ms)
check "a starts" start_node a
check "a preempts in the end" wait_until 15 only_vip a 192.0.2.100 b
dt=$(($(now_ms) - t0))
echo "# preemption after ${dt} ms"
check "not before preempt_delay + Master_Down_Interval - slack (got ${dt} ms)" test "$dt" -ge 6500
check "within 12 s (got ${dt} ms)" test "$dt" -lt 12000
stop_node a
stop_node b

echo "# PASS authentication mismatch (VRRPv2)"
: >"$T/a.log"
: >"$T/b.log"
auth() { printf '    authentication {\n        auth_type PASS\n        auth_pass %s\n    }' "$1"; }
node_conf a 51 150 2 1 "$(auth secret1)"
node_conf b 51 100 2 1 "$(auth secret2)"
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 has_vip a
check "b becomes MASTER too (a's adverts fail authentication)" wait_until 8 has_vip b
sleep 2.5
n=$(stats_of b | sed -n '1,/^Unrouted/p' | sed -n 's/^ *auth failure: //p')
check "b counts auth failures (got $n)" test "${n:-0}" -ge 2
n=$(stats_of a | sed -n '1,/^Unrouted/p' | sed -n 's/^ *auth failure: //p')
check "a counts auth failures (got $n)" test "${n:-0}" -ge 2
check "b logs the drop" node_log_has b 'advert from 192.0.2.1 dropped: auth failure'
stop_node a
stop_node b

echo "# --dont-release-vrrp"
: >"$T/a.log"
node_conf a 51 150
check "a starts with --dont-release-vrrp" start_node a --dont-release-vrrp
check "a becomes MASTER" wait_until 8 has_vip a
stop_node a
check "a kept the VIP at stop" has_vip a
check "a logged it" node_log_has a 'keeping the VIPs'
check "a restarts (without the flag)" start_node a
check "entering BACKUP at start removes the leftover VIP" wait_until 3 no_vip a
check "a becomes MASTER again" wait_until 8 has_vip a
stop_node a
check "without the flag the VIP is released at stop" no_vip a
finish
