#!/bin/bash
# down_timer_adverts: a backup takes over after N advert intervals plus
# Skew_Time without adverts (keepalived's deviation from the RFC's 3).
# a (150) and b (100), VRRPv3, advert_int 1 s; Skew_Time of b = 0.6 s.  A
# capture on b's switch port times the gap between a's last advert and b's
# first one after a's link is cut:
#  - b with down_timer_adverts 1: 1.6 s;
#  - b with the default (3): 3.6 s;
#  - keepalived as b with down_timer_adverts 1: 1.6 s as well.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v tcpdump >/dev/null || die "tcpdump not installed"
add_node a 1
add_node b 2
node_conf a 51 150 3 1
ip netns exec "$NS" tcpdump -i b0 -n -tt -l -U 'ip proto 112' >>"$T/cap.txt" 2>"$T/cap.err" &
wait_until 5 grep -q "listening on" "$T/cap.err" || die "tcpdump did not start"

# takeover_gap LO HI: cut a's link, wait for b's VIP, measure in the capture
# the gap between a's last advert and b's first advert after it.
takeover_gap() {
	local lo=$1 hi=$2
	: >"$T/cap.txt"
	sleep 1.5
	link_down a
	wait_until 8 has_vip b || { fail "b did not take over"; return; }
	sleep 0.3
	check "takeover gap within $lo..$hi s" python3 - "$T/cap.txt" "$lo" "$hi" <<'EOF2'
import sys
last_a = first_b = None
for l in open(sys.argv[1]):
    f = l.split()
    if len(f) < 3 or f[1] != "IP":
        continue
    t, src = float(f[0]), f[2]
    if src == "192.0.2.1":
        last_a = t
    elif src == "192.0.2.2" and last_a is not None and first_b is None:
        first_b = t
if last_a is None or first_b is None:
    print("# no adverts seen"); sys.exit(1)
d = first_b - last_a
print("# a's last advert -> b's first: %.3f s" % d)
sys.exit(0 if float(sys.argv[2]) <= d <= float(sys.argv[3]) else 1)
EOF2
	link_up a
	wait_until 8 eval 'has_vip a && no_vip b' || fail "a did not take the VIP back"
}

node_conf b 51 100 3 1 "    down_timer_adverts 1"
check "a starts" start_node a
check "a MASTER" wait_until 6 has_vip a
check "b starts (down_timer_adverts 1)" start_node b
takeover_gap 1.45 2.2
check "b stops" stop_node b

node_conf b 51 100 3 1
check "b starts (default down_timer_adverts)" start_node b
takeover_gap 3.45 4.2
check "b stops" stop_node b

node_conf b 51 100 3 1 "    down_timer_adverts 1"
check "keepalived starts as b (down_timer_adverts 1)" start_keepalived b
takeover_gap 1.45 2.2
stop_node b
check "a stops" stop_node a
finish
