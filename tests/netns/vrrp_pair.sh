#!/bin/bash
# VRRP: two vigil directors (a: priority 150, b: 100) in two namespaces on a
# bridge, VRRPv3 over IPv4 multicast, advert_int 1 s, one VIP and one
# virtual route (installed by the master only).
#  - election: a becomes MASTER and holds the VIP, b stays BACKUP without it;
#  - a's link goes down: b takes over within Master_Down_Interval (3.6 s)
#    plus slack; a goes to FAULT and drops the VIP;
#  - a's link back: a preempts, b gives the VIP back;
#  - SIGTERM of a: its priority-0 advert makes b take over after about
#    Skew_Time (0.6 s), well before Master_Down_Interval (3.6 s);
#  - a restarted preempts again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2
routes='    virtual_routes {
        203.0.113.0/24 via 192.0.2.254 dev eth0
    }'
node_conf a 51 150 3 1 "$routes"
node_conf b 51 100 3 1 "$routes"
has_route() { ip -n "$NS-$1" route show 203.0.113.0/24 | grep -q "via 192.0.2.254 dev eth0"; }
no_route() { ! has_route "$1"; }
check "a starts" start_node a
check "b starts" start_node b

# Election.  b waits Master_Down_Interval (3 s + skew) before it could take
# over; a, the higher priority, takes over first and b stays BACKUP.
check "a becomes MASTER" wait_until 8 node_log_has a '\[VI_1\] BACKUP -> MASTER \(master down timer\)'
check "a holds the VIP" wait_until 3 has_vip a
check "b enters BACKUP" node_log_has b '\[VI_1\] INIT -> BACKUP \(startup\)'
sleep 2
check "b never became MASTER" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0
check "b does not hold the VIP" no_vip b
check "a installed the virtual route" has_route a

# Dumps: SIGUSR1 -> vigil.data, SIGRTMIN+2 -> vigil.json (in VIGIL_TMPDIR).
D=$(dump_dir a)
rm -f "$D/vigil.data" "$D/vigil.json"
kill -USR1 "$(vrrp_pid a)"
check "SIGUSR1 writes vigil.data" wait_until 3 test -s "$D/vigil.data"
check "data: a is MASTER of VI_1" sh -c "grep -A2 'VRRP Instance = VI_1' '$D/vigil.data' | grep -q 'State = MASTER'"
check "data: the VIP and the route" sh -c "grep -q '192.0.2.100/24 dev eth0' '$D/vigil.data' && grep -q '203.0.113.0/24 via 192.0.2.254' '$D/vigil.data'"
kill -s RTMIN+2 "$(vrrp_pid a)"
check "SIGRTMIN+2 writes vigil.json" wait_until 3 test -s "$D/vigil.json"
check "json: valid, VI_1 MASTER priority 150, adverts sent" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
i = d["vrrp"][0]
ok = (i["data"]["iname"] == "VI_1" and i["data"]["state"] == "MASTER"
      and i["data"]["effective_priority"] == 150 and i["stats"]["advert_sent"] >= 1)
sys.exit(0 if ok else 1)' "$D/vigil.json"
check "b has no virtual route" no_route b

# Master's link down -> b takes over.
t0=$(now_ms)
link_down a
check "b takes over after a's link went down" wait_until 8 has_vip b
dt=$(($(now_ms) - t0))
echo "# takeover after link down: ${dt} ms"
check "takeover within 6 s (Master_Down_Interval 3.6 s; got ${dt} ms)" test "$dt" -lt 6000
check "takeover not before Master_Down_Interval - advert_int (2.6 s; got ${dt} ms)" test "$dt" -ge 2500
check "b logs the transition" node_log_has b '\[VI_1\] BACKUP -> MASTER \(master down timer\)'
check "a goes to FAULT (link down)" wait_until 3 node_log_has a '\[VI_1\] MASTER -> FAULT \(fault\)'
check "a dropped the VIP" no_vip a
check "a removed its virtual route in FAULT" no_route a
check "b installed the virtual route" has_route b

# Link back: a preempts.
link_up a
check "a preempts when its link is back" wait_until 8 only_vip a 192.0.2.100 b
check "b steps back for the higher priority" wait_until 3 node_log_has b '\[VI_1\] MASTER -> BACKUP \(higher priority advert\)'

# Graceful stop of the master: priority-0 advert, takeover after Skew_Time.
sleep 1.5
t0=$(now_ms)
kill -TERM "$pid_a"
check "b takes over after a's SIGTERM" wait_until 5 has_vip b
dt=$(($(now_ms) - t0))
echo "# takeover after SIGTERM: ${dt} ms"
check "takeover within 2.5 s of SIGTERM, before Master_Down_Interval (got ${dt} ms)" test "$dt" -lt 2500
check "a exits" wait_until 8 gone "$pid_a"
check "a released the VIP at stop" no_vip a
check "a removed the virtual route at stop" no_route a
check "b holds the virtual route" has_route b
check "b received adverts" test "$(stat_value b Received | head -1)" -gt 0
p0=$(stats_of b | sed -n '/Priority Zero:/,/Rejected:/s/^ *Received: //p')
check "b counted a priority-0 advert (got '$p0')" test "${p0:-0}" -ge 1

# a back: preemption.
check "a restarts" start_node a
check "a preempts after restart" wait_until 8 only_vip a 192.0.2.100 b
check "b back to BACKUP" wait_until 3 node_log_count_ge b 'MASTER -> BACKUP' 2
stop_node a
stop_node b
finish
