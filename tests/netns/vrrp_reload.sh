#!/bin/bash
# VRRP reload (SIGHUP to vigild): instances matched by name.
#  - master a (150) gets a second VIP: added at once, the first one is never
#    removed, no state change, and b (100) never takes over (a kept
#    advertising on time across the reload);
#  - the first VIP removed from a's config: removed from the interface, the
#    second stays;
#  - b's priority raised to 200 by reload: applied in place (no restart
#    line), b preempts a;
#  - an instance added by reload starts, one removed stops and releases its VIP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2
node_conf a 51 150 3 1 "" "192.0.2.100/24"
node_conf b 51 100 3 1 "" "192.0.2.100/24"
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 has_vip a
reload() {
	local n
	n=$(node_log_count "$1" 'vigild-vrrp.*configuration reloaded')
	kill -HUP "$(eval echo "\$pid_$1")"
	wait_until 5 node_log_count_ge "$1" 'vigild-vrrp.*configuration reloaded' $((n + 1))
}
trans_a=$(node_log_count a ' -> ')

# Add a VIP (to both: a backup drops adverts whose address list differs
# from its own; both are reloaded well within Master_Down_Interval).
sed -i 's|^        192.0.2.100/24|        192.0.2.100/24\n        192.0.2.101/24|' "$T/a.conf" "$T/b.conf"
check "b reloads (VIP added)" reload b
check "a reloads (VIP added)" reload a
check "the new VIP is on a" wait_until 3 has_vip a 192.0.2.101
check "the old VIP stayed" has_vip a 192.0.2.100
check "the old VIP was never removed" test "$(node_log_count a 'VIP 192.0.2.100/24 dev eth0 removed')" -eq 1
check "a logs the added VIP" node_log_has a '\[VI_1\] VIP 192.0.2.101/24 dev eth0 added to the config'
sleep 4
check "no state change on a" test "$(node_log_count a ' -> ')" -eq "$trans_a"
check "b never took over (a advertised on time)" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0

# Remove the first VIP.
sed -i '/^        192.0.2.100\/24$/d' "$T/a.conf" "$T/b.conf"
check "b reloads (VIP removed)" reload b
check "a reloads (VIP removed)" reload a
check "the removed VIP is gone" wait_until 3 no_vip a 192.0.2.100
check "the other VIP stayed" has_vip a 192.0.2.101
check "still no state change on a" test "$(node_log_count a ' -> ')" -eq "$trans_a"
check "b never took over" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0

# Raise b's priority: in place, b preempts.
sed -i 's/^    priority 100/    priority 200/' "$T/b.conf"
check "b reloads (priority 200)" reload b
check "b logs the new priority" node_log_has b '\[VI_1\] priority 100 -> 200'
check "b was not restarted" test "$(node_log_count b 'restarting the instance')" -eq 0
check "b preempts a" wait_until 8 only_vip b 192.0.2.101 a
check "a steps back" wait_until 3 node_log_has a '\[VI_1\] MASTER -> BACKUP \(higher priority advert\)'

# Add an instance to a (VRID 52, alone: it becomes master), then remove it.
cat >>"$T/a.conf" <<EOC
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    version 3
    virtual_ipaddress {
        192.0.2.102/24
    }
}
EOC
check "a reloads (VI_2 added)" reload a
check "VI_2 starts" node_log_has a '\[VI_2\] INIT -> BACKUP \(startup\)'
check "VI_2 becomes MASTER" wait_until 8 has_vip a 192.0.2.102
sed -i '/^vrrp_instance VI_2/,$d' "$T/a.conf"
check "a reloads (VI_2 removed)" reload a
check "VI_2 stopped" wait_until 3 node_log_has a '\[VI_2\] MASTER -> INIT \(shutdown\)'
check "VI_2's VIP released" no_vip a 192.0.2.102
stop_node a
stop_node b
finish
