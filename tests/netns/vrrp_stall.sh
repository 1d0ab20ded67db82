#!/bin/bash
# VRRP: a stall of the whole host (both directors' processes stopped at once,
# as when a VM's vCPUs stand still) is not a failover.  a (150) is MASTER and
# b (100) BACKUP at advert_int 0.1 s (Master_Down_Interval ~0.36 s).  Both VRRP
# processes are stopped for 0.5 s with SIGSTOP and continued backup first
# (30 ms ahead of the master, so no advert is queued for b yet): b's
# master-down timer is overdue when it runs again, but it ran late itself, so
# it gives the master as long again (at most one advert interval) before it
# takes over, and a's advert, sent as soon as a runs, keeps it BACKUP.
#  - five such stalls: no transition on either side, b counts five put-off
#    takeovers in its stats;
#  - a stopped alone (b keeps running): b takes over within about
#    Master_Down_Interval, with no put-off (b was not late);
#  - a continued: it preempts b again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2
node_conf a 52 150 3 0.1
node_conf b 52 100 3 0.1
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 node_log_has a '\[VI_1\] BACKUP -> MASTER'
check "a holds the VIP" wait_until 3 has_vip a
sleep 1
check "b stays BACKUP" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0

va=$(vrrp_pid a)
vb=$(vrrp_pid b)
for i in 1 2 3 4 5; do
	kill -STOP "$va" "$vb"
	sleep 0.5
	kill -CONT "$vb"
	sleep 0.03 # b runs first: nothing queued from a yet
	kill -CONT "$va"
	sleep 0.7
done
check "no takeover by b after five stalls of both" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0
check "a stayed MASTER" test "$(node_log_count a 'MASTER -> ')" -eq 0
check "a still holds the VIP, b does not" only_vip a 192.0.2.100 b
g=$(stat_value b 'Takeovers put off after a stall')
check "b put off five takeovers (got '$g')" test "${g:-0}" -eq 5

# A master that really stops (b runs on): b takes over, not put off.
t0=$(now_ms)
kill -STOP "$va"
check "b takes over from a stopped master" wait_until 5 has_vip b
dt=$(($(now_ms) - t0))
echo "# takeover from a stopped master: ${dt} ms"
check "within 1.5 s (Master_Down_Interval ~0.36 s; got ${dt} ms)" test "$dt" -lt 1500
check "b logs the master down timer" node_log_has b '\[VI_1\] BACKUP -> MASTER \(master down timer\)'
g2=$(stat_value b 'Takeovers put off after a stall')
check "that takeover was not put off (got '$g2', before '$g')" test "${g2:-0}" -eq "${g:-0}"
kill -CONT "$va"
check "a preempts when it runs again" wait_until 5 node_log_has b '\[VI_1\] MASTER -> BACKUP'
check "a holds the VIP again" wait_until 3 only_vip a 192.0.2.100 b
finish
