#!/bin/bash
# vrrp_sync_group: VI_1 (VRID 51, VIP .100) and VI_2 (VRID 52, VIP .200) in
# group G on both directors, a at 150 and b at 100; a's VI_2 tracks eth9.
#  - a is master of both;
#  - eth9 down: a's VI_2 in FAULT takes VI_1 with it, b gets both VIPs;
#  - eth9 up: a preempts both again;
#  - the group's own track_interface eth7 down: both members in FAULT, b
#    takes both; up: a takes both back;
#  - a priority-254 advert for VRID 52 from a third namespace: a's VI_2
#    steps down and VI_1 follows it; b's VI_1, whose master left, is held
#    back by its group (its VI_2 hears the stranger); when the stranger is
#    silent a's group takes both back, b never became master meanwhile.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2
ip -n "$NS-a" link add eth9 type veth peer name eth8
ip -n "$NS-a" link set eth9 up
ip -n "$NS-a" link set eth8 up
ip -n "$NS-a" link add eth7 type veth peer name eth6
ip -n "$NS-a" link set eth7 up
ip -n "$NS-a" link set eth6 up
sync_conf() { # X PRIO1 PRIO2 [VI_2-EXTRA [GROUP-EXTRA]]
	cat >"$T/$1.conf" <<EOC
global_defs {
    router_id node_$1
    vrrp_garp_master_delay 1
    vrrp_garp_master_repeat 1
}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
${5:-}
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    version 3
    virtual_ipaddress {
        192.0.2.100/24
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    virtual_router_id 52
    priority $3
    advert_int 1
    version 3
${4:-}
    virtual_ipaddress {
        192.0.2.200/24
    }
}
EOC
}
sync_conf a 150 150 "    track_interface {
        eth9
    }" "    track_interface {
        eth7
    }"
sync_conf b 100 100
check "a starts" start_node a
check "b starts" start_node b
check "a is master of VI_1" wait_until 8 only_vip a 192.0.2.100 b
check "a is master of VI_2" wait_until 3 only_vip a 192.0.2.200 b

ip -n "$NS-a" link set eth9 down
check "a's VI_2 enters FAULT" wait_until 3 node_log_has a '\[VI_2\] MASTER -> FAULT'
check "a's VI_1 follows to FAULT" wait_until 3 node_log_has a '\[VI_1\] MASTER -> FAULT'
check "b takes VI_1" wait_until 8 only_vip b 192.0.2.100 a
check "b takes VI_2" wait_until 3 only_vip b 192.0.2.200 a

ip -n "$NS-a" link set eth9 up
check "a preempts VI_1" wait_until 10 only_vip a 192.0.2.100 b
check "a preempts VI_2" wait_until 3 only_vip a 192.0.2.200 b

# The group's own track_interface (eth7): both members to FAULT.
f1=$(node_log_count a '\[VI_1\] MASTER -> FAULT')
f2=$(node_log_count a '\[VI_2\] MASTER -> FAULT')
ip -n "$NS-a" link set eth7 down
check "group tracker down: VI_1 to FAULT" wait_until 3 node_log_count_ge a '\[VI_1\] MASTER -> FAULT' $((f1 + 1))
check "group tracker down: VI_2 to FAULT" wait_until 3 node_log_count_ge a '\[VI_2\] MASTER -> FAULT' $((f2 + 1))
check "b takes both (VI_1)" wait_until 8 only_vip b 192.0.2.100 a
check "b takes both (VI_2)" wait_until 3 only_vip b 192.0.2.200 a
ip -n "$NS-a" link set eth7 up
check "group tracker up: a takes VI_1 back" wait_until 10 only_vip a 192.0.2.100 b
check "group tracker up: a takes VI_2 back" wait_until 3 only_vip a 192.0.2.200 b

# A priority-254 advert for VRID 52 from h: a's VI_2 steps down and its
# VI_1 follows (priority-0 advert).  b's VI_1 sees that advert and its
# master-down timer runs out, but its VI_2 hears h: b's group is held back.
# Once h is silent, a's group (150) takes both back before b's (100).
SEND="python3 $(cd "$(dirname "$0")" && pwd)/vrrp_send.py"
add_node h 9
b_master=$(node_log_count b 'BACKUP -> MASTER')
ip netns exec "$NS-h" $SEND 192.0.2.9 224.0.0.18 vrid52
check "a's VI_2 steps down for h" wait_until 3 node_log_has a '\[VI_2\] MASTER -> BACKUP \(higher priority advert\)'
check "a's VI_1 follows VI_2 to BACKUP" wait_until 3 node_log_has a '\[VI_1\] following VI_2 \(sync group G\) to BACKUP'
check "a released VI_1's VIP with it" wait_until 3 no_vip a 192.0.2.100
check "b's VI_1 is held back by its group" wait_until 5 node_log_has b '\[VI_1\] master down, but VI_2 \(sync group G\) is not: staying BACKUP'
check "a takes both back once h is silent" wait_until 8 only_vip a 192.0.2.100 b
check "... VI_2 too" wait_until 3 only_vip a 192.0.2.200 b
check "b never became master meanwhile" test "$(node_log_count b 'BACKUP -> MASTER')" -eq "$b_master"
stop_node a
stop_node b
finish
