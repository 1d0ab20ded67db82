#!/bin/bash
# VRRP with three vigil directors on one bridge: a (150), b (120), c (100),
# VRRPv3, advert_int 1 s (Skew_Time: b 0.53 s, c 0.60 s: b's
# Master_Down_Timer runs out 70 ms before c's).
#  - election: a is MASTER and the only one with the VIP;
#  - a's link cut: b takes over, not c (c hears b's first advert before its
#    own timer runs out and stays BACKUP);
#  - b's link cut too: c takes over;
#  - both links back: a preempts, b and c are BACKUP, the VIP is on a only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2
add_node c 3
node_conf a 51 150 3 1
node_conf b 51 120 3 1
node_conf c 51 100 3 1
for n in a b c; do check "$n starts" start_node $n; done
master_count() { node_log_count "$1" '\[VI_1\] BACKUP -> MASTER'; }

check "a becomes MASTER" wait_until 8 has_vip a
sleep 2
check "election: the VIP on a only" only_vip a 192.0.2.100 b c
check "b never MASTER" test "$(master_count b)" -eq 0
check "c never MASTER" test "$(master_count c)" -eq 0

link_down a
check "a's link cut: b takes over" wait_until 8 has_vip b
sleep 2
check "a in FAULT" node_log_has a 'MASTER -> FAULT'
check "the VIP on b only" only_vip b 192.0.2.100 a c
check "c stayed BACKUP (the 100 did not take over)" test "$(master_count c)" -eq 0

link_down b
check "b's link cut: c takes over" wait_until 8 has_vip c
sleep 2
check "the VIP on c only" only_vip c 192.0.2.100 a b
check "c became MASTER once" test "$(master_count c)" -eq 1

link_up a
link_up b
check "links back: a preempts" wait_until 8 eval 'has_vip a && no_vip b && no_vip c'
sleep 3
check "the VIP on a only" only_vip a 192.0.2.100 b c
check "a MASTER twice in all" test "$(master_count a)" -eq 2
check "b MASTER once in all" test "$(master_count b)" -eq 1
check "c MASTER once in all" test "$(master_count c)" -eq 1
check "c back to BACKUP" node_log_has c 'MASTER -> BACKUP'
for n in a b c; do check "$n stops" stop_node $n; done
finish
