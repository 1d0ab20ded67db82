#!/bin/bash
# VRRP gratuitous ARP / unsolicited NA pacing and lower-priority GARPs, as a
# capture on the master's interface sees them (tcpdump, kernel timestamps):
#  - VI_1 (IPv4: one VIP and three excluded VIPs), garp_master_repeat 3,
#    vrrp_garp_interval 0.05: on becoming MASTER exactly 12 gratuitous ARPs
#    (3 rounds of the 4 addresses, in order), never two within 50 ms;
#  - VI_6 (IPv6, two VIPs), garp_master_repeat 3, vrrp_gna_interval 0.1:
#    exactly 6 unsolicited NAs, never two within 100 ms; the ARPs and NAs
#    are paced separately (the NAs do not wait for the ARPs);
#  - garp_lower_prio_repeat 2, garp_lower_prio_delay 1: a lower priority
#    advert (priority 50, from node c) makes the master send 8 ARPs at once
#    (paced) and 8 more one second later, run notify_master_rx_lower_pri
#    and write MASTER_RX_LOWER_PRI on the FIFO; the master stays MASTER.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v tcpdump >/dev/null || die "tcpdump not installed"
add_node a 1
add_node c 3
cat >"$T/a.conf" <<EOF2
global_defs {
    router_id node_a
    vrrp_garp_master_delay 0
    vrrp_garp_interval 0.05
    vrrp_gna_interval 0.1
    vrrp_notify_fifo $T/a.fifo
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 0.5
    version 3
    garp_master_repeat 3
    garp_lower_prio_repeat 2
    garp_lower_prio_delay 1
    notify_master_rx_lower_pri "/bin/touch $T/rx_lower"
    virtual_ipaddress {
        192.0.2.100/24
    }
    virtual_ipaddress_excluded {
        192.0.2.101/24
        192.0.2.102/24
        192.0.2.103/24
    }
}
vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 0.5
    garp_master_repeat 3
    virtual_ipaddress {
        fe80::61/64
        2001:db8::61/64
    }
}
EOF2
ip netns exec "$NS-a" tcpdump -i eth0 -n -tt -l -U 'arp or icmp6' >>"$T/cap.txt" 2>"$T/cap.err" &
cap=$!
wait_until 5 grep -q "listening on" "$T/cap.err" || die "tcpdump did not start"
check "a starts" start_node a
check "VI_1 MASTER" wait_until 5 node_log_has a '\[VI_1\] BACKUP -> MASTER'
check "VI_6 MASTER" wait_until 5 node_log_has a '\[VI_6\] BACKUP -> MASTER'
sleep 1.5
cat "$T/a.fifo" >"$T/fifo.out" &
reader=$!
cp "$T/cap.txt" "$T/cap1.txt"
# analyse FILE KIND N GAP_MS [FIRST_ONLY]: the gratuitous ARPs (KIND arp,
# sender = target = one of our VIPs) or NAs (KIND na, for our VIPs) in the
# capture: exactly N, consecutive ones at least GAP_MS apart; prints the
# order of the addresses.
analyse() {
	python3 - "$@" <<'EOF2'
import re, sys
f, kind, n, gap = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) / 1000
ts, who = [], []
for line in open(f):
    if kind == "arp":
        m = re.match(r"(\d+\.\d+) ARP, Request who-has (192\.0\.2\.10[0-3])(?: \([0-9a-f:]+\))? tell (\S+),", line)
        if m and m.group(2) == m.group(3):
            ts.append(float(m.group(1))); who.append(m.group(2))
    else:
        m = re.match(r"(\d+\.\d+) IP6 \S+ > \S+: ICMP6, neighbor advertisement, tgt is (fe80::61|2001:db8::61),", line)
        if m:
            ts.append(float(m.group(1))); who.append(m.group(2))
gaps = [b - a for a, b in zip(ts, ts[1:])]
print("# %s: %d messages, smallest gap %.1f ms, span %.1f ms: %s" % (
    kind, len(ts), 1000 * min(gaps) if gaps else 0, 1000 * (ts[-1] - ts[0]) if ts else 0, " ".join(who)))
ok = len(ts) == n and all(g >= gap for g in gaps)
sys.exit(0 if ok else 1)
EOF2
}
check "12 gratuitous ARPs, never two within 50 ms" analyse "$T/cap1.txt" arp 12 50
order=$(analyse "$T/cap1.txt" arp 12 0 | sed 's/.*: //')
check "ARPs in rounds of the 4 addresses" test "$order" = "$(for i in 1 2 3; do printf '192.0.2.10%s ' 0 1 2 3; done | sed 's/ $//')"
check "6 unsolicited NAs, never two within 100 ms" analyse "$T/cap1.txt" na 6 100
# The NAs started with the first ARPs, not after them.
first() { grep -m1 -E "$1" "$T/cap1.txt" | cut -d' ' -f1; }
check "NAs paced apart from the ARPs" python3 -c "import sys; sys.exit(0 if abs($(first 'ARP, Request') - $(first 'neighbor advertisement')) < 0.4 else 1)"

# A lower priority advert.
: >"$T/cap.txt"
sleep 0.2
ip netns exec "$NS-c" python3 "$(dirname "$0")/vrrp_send.py" 192.0.2.3 224.0.0.18 low50 ||
	fail "vrrp_send.py"
check "notify_master_rx_lower_pri ran" wait_until 3 test -e "$T/rx_lower"
check "FIFO: MASTER_RX_LOWER_PRI" wait_until 3 grep -qx 'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 150' "$T/fifo.out"
sleep 2.5
cp "$T/cap.txt" "$T/cap3.txt"
check "16 ARPs after the lower priority advert (2 rounds twice), paced" analyse "$T/cap3.txt" arp 16 50
check "8 at once, 8 more garp_lower_prio_delay (1 s) later" python3 - "$T/cap3.txt" <<'EOF2'
import re, sys
ts = [float(l.split()[0]) for l in open(sys.argv[1])
      if re.search(r"who-has (192\.0\.2\.10[0-3])(?: \([0-9a-f:]+\))? tell \1,", l)]
print("# first set over %.3f s, second set %.3f s after the first" % (ts[7] - ts[0], ts[8] - ts[0]))
sys.exit(0 if len(ts) == 16 and ts[7] - ts[0] < 0.8 and 0.9 <= ts[8] - ts[0] <= 1.4 else 1)
EOF2
check "no NA for the lower priority IPv4 advert" test "$(grep -c 'neighbor advertisement' "$T/cap.txt")" -eq 0
check "VI_1 still MASTER" test "$(node_log_count a '\[VI_1\] MASTER -> ')" -eq 0
check "a stops" stop_node a
kill "$cap" "$reader" 2>/dev/null
finish
