#!/bin/bash
# VRRP unicast mode (unicast_src_ip + unicast_peer, check_unicast_src),
# VRRPv3 over IPv4:
#  - two vigils (a: 150, b: 100): a is elected; its adverts go to b's address
#    only (tshark: destination 192.0.2.2, TTL 255, good checksum, none to
#    224.0.0.18); SIGTERM of a -> b takes over after the priority-0 advert;
#  - an advert from h (not a peer) is counted ("not a unicast peer") and
#    changes nothing;
#  - interop: vigil (150) and keepalived (100) in unicast mode: vigil is
#    elected, keepalived takes over at vigil's SIGTERM, vigil preempts back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v tshark >/dev/null || die "tshark not installed"
SEND="python3 $(cd "$(dirname "$0")" && pwd)/vrrp_send.py"
uc() { printf '    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }\n    check_unicast_src' "$1" "$2"; }
add_node a 1
add_node b 2
add_node h 9
node_conf a 51 150 3 1 "$(uc 192.0.2.1 192.0.2.2)"
node_conf b 51 100 3 1 "$(uc 192.0.2.2 192.0.2.1)"
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 has_vip a
sleep 1
check "b stays BACKUP without the VIP" no_vip b
check "b never became MASTER" test "$(node_log_count b 'BACKUP -> MASTER')" -eq 0

ip netns exec "$NS-b" timeout 10 tshark -i eth0 -f 'ip proto 112' -c 2 -V >"$T/tshark.txt" 2>/dev/null
check "tshark: VRRP dissected" grep -q "^Virtual Router Redundancy Protocol" "$T/tshark.txt"
check "tshark: unicast to b" grep -q "Destination Address: 192.0.2.2$" "$T/tshark.txt"
check "tshark: nothing to the multicast group" test "$(grep -c 'Destination Address: 224.0.0.18' "$T/tshark.txt")" -eq 0
check "tshark: from a" grep -q "Source Address: 192.0.2.1$" "$T/tshark.txt"
check "tshark: TTL 255" grep -q "Time to Live: 255" "$T/tshark.txt"
check "tshark: checksum good" grep -q "Checksum Status: Good" "$T/tshark.txt"

# A stranger's advert (valid, priority 254) to b's address.
ip netns exec "$NS-h" $SEND 192.0.2.9 192.0.2.2 valid valid
sleep 0.5
n=$(stats_of b | sed -n 's/^ *not a unicast peer: //p' | head -1)
check "b counted the stranger's adverts (got $n)" test "${n:-0}" -eq 2
check "b logged it" node_log_has b 'advert from 192.0.2.9 dropped: not a unicast peer'

t0=$(now_ms)
stop_node a
check "b takes over after a's SIGTERM" wait_until 5 has_vip b
dt=$(($(now_ms) - t0))
check "takeover within 2.5 s (got $dt ms)" test "$dt" -lt 2500
stop_node b

# Interop with keepalived in unicast mode.
command -v keepalived >/dev/null || die "keepalived not installed"
: >"$T/a.log"
node_conf a 54 150 3 1 "$(uc 192.0.2.1 192.0.2.2)"
node_conf b 54 100 3 1 "$(uc 192.0.2.2 192.0.2.1)"
# vigil first: keepalived's Master_Down_Interval must not run out before
# vigil's first advert.
check "vigil starts (a)" start_node a
check "keepalived starts (b)" start_keepalived b
check "vigil becomes MASTER" wait_until 8 has_vip a
check "keepalived enters BACKUP" wait_until 5 node_log_has b '\(VI_1\) Entering BACKUP STATE'
sleep 1.5
check "keepalived stays BACKUP without the VIP" no_vip b
check "keepalived never became MASTER" test "$(node_log_count b 'Entering MASTER STATE')" -eq 0
t0=$(now_ms)
stop_node a
check "keepalived takes over at vigil's SIGTERM" wait_until 5 has_vip b
dt=$(($(now_ms) - t0))
check "takeover within 2.5 s (got $dt ms)" test "$dt" -lt 2500
check "vigil restarts" start_node a
check "vigil preempts keepalived" wait_until 8 only_vip a 192.0.2.100 b
r=$(stat_value a Received)
check "vigil accepted keepalived's unicast adverts ($r)" test "${r:-0}" -ge 1
stop_node a
stop_node b
finish
