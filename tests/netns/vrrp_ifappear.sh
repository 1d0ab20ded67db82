#!/bin/bash
# VRRP: an instance whose interface does not exist yet, or is deleted and
# made again, is in FAULT and recovers when the link appears (as keepalived
# does).  Two vigil directors on a bridge, VRRPv3, advert_int 0.5 s
# (Master_Down_Interval about 1.8 s): a (150) and b (100).
#  - b starts with no eth0 at all: it logs the missing interface and is in
#    FAULT; a becomes MASTER;
#  - b's eth0 appears: b leaves FAULT for BACKUP and stays BACKUP for well
#    over Master_Down_Interval, so its new socket receives a's adverts (the
#    multicast group was joined on the new interface);
#  - b's eth0 is deleted: FAULT; made again (another ifindex): BACKUP again,
#    and again it hears a;
#  - a stops: b takes over and holds the VIP; a restarted with priority 50
#    stays BACKUP, so b's adverts leave by the re-created interface;
#  - use_vmac: b starts with no eth0 (FAULT, no vmac); when eth0 appears the
#    vmac is made on it, b opens its socket there, hears a, and takes over
#    on the vmac when a stops.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_ns b
node_conf a 51 150 3 0.5
node_conf b 51 100 3 0.5
check "a starts" start_node a
check "b starts without eth0" start_node b
check "b: the missing interface is logged" wait_until 3 node_log_has b '\[VI_1\] no interface eth0'
check "b: FAULT" wait_until 3 node_log_has b '\[VI_1\] INIT -> FAULT'
check "a becomes MASTER" wait_until 5 node_log_has a '\[VI_1\] BACKUP -> MASTER'
check "a holds the VIP" wait_until 3 has_vip a

plug_node b 2
check "b: socket opened when eth0 appeared" wait_until 3 node_log_has b '\[VI_1\] interface eth0 is there: socket open'
check "b: FAULT -> BACKUP" wait_until 3 node_log_has b '\[VI_1\] FAULT -> BACKUP'
sleep 3
check "b hears a: still BACKUP after 3 s (> Master_Down_Interval)" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0
check "b does not hold the VIP" no_vip b
check "a is still the only master" only_vip a 192.0.2.100 b

unplug_node b
check "b: socket closed when eth0 went away" wait_until 3 node_log_has b '\[VI_1\] interface eth0 is gone: socket closed'
check "b: BACKUP -> FAULT" wait_until 3 node_log_has b '\[VI_1\] BACKUP -> FAULT'
plug_node b 2
check "b: socket opened again" wait_until 3 node_log_count_ge b 'interface eth0 is there: socket open' 2
check "b: FAULT -> BACKUP again" wait_until 3 node_log_count_ge b '\[VI_1\] FAULT -> BACKUP' 2
sleep 3
check "b hears a on the new eth0: never MASTER" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0
check "a still holds the VIP" only_vip a 192.0.2.100 b

check "a stops" stop_node a
check "b takes over" wait_until 5 has_vip b
check "b: BACKUP -> MASTER" node_log_has b '\[VI_1\] BACKUP -> MASTER'
node_conf a 51 50 3 0.5
check "a restarts with priority 50" start_node a
check "a: INIT -> BACKUP" wait_until 3 node_log_count_ge a 'INIT -> BACKUP' 2
sleep 3
check "a hears b's adverts: no second BACKUP -> MASTER" test "$(node_log_count a 'BACKUP -> MASTER')" -eq 1
check "b keeps the VIP" only_vip b 192.0.2.100 a
check "b received adverts" test "$(stat_value b Received)" -gt 0
check "b stops" stop_node b
check "a stops" stop_node a

# use_vmac: the vmac goes with its base interface and is made when the base
# appears.
unplug_node b
node_conf a 51 150 3 0.5
node_conf b 51 100 3 0.5 "    use_vmac"
check "a starts again (150)" start_node a
check "b starts with use_vmac and no eth0" start_node b
check "b: FAULT (no base interface, no vmac)" wait_until 3 node_log_count_ge b '\[VI_1\] INIT -> FAULT' 2
plug_node b 2
check "b: vmac made when eth0 appeared" wait_until 3 node_log_has b 'vmac vrrp.51 created on eth0'
check "b: socket open on the vmac" wait_until 3 node_log_has b 'interface vrrp.51 is there: socket open'
check "b: BACKUP" wait_until 3 node_log_count_ge b '\[VI_1\] FAULT -> BACKUP' 3
sleep 3
check "b hears a through the vmac: still BACKUP" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 1
check "a stops" stop_node a
check "b takes over, the VIP on its vmac" wait_until 5 eval 'ip -n "$NS-b" addr show dev vrrp.51 | grep -q "inet 192.0.2.100/"'
check "b stops" stop_node b
finish
