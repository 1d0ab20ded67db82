#!/bin/bash
# VRRP interop with a real keepalived (Debian package) on the same segment,
# IPv4 multicast, advert_int 1 s, for VRRPv3 and VRRPv2:
#  - vigil (priority 150) with keepalived (100): vigil is elected, keepalived
#    stays BACKUP without the VIP; SIGTERM of vigil -> keepalived takes over
#    after its priority-0 advert (well before Master_Down_Interval); vigil
#    restarted preempts and keepalived releases the VIP;
#  - keepalived (150) with vigil (100): keepalived is elected, vigil stays
#    BACKUP; keepalived's link cut -> vigil takes over; link back ->
#    keepalived preempts and vigil steps back; SIGTERM of keepalived -> vigil
#    takes over after the priority-0 advert.
# Both sides must accept each other's adverts: no rejection counted by vigil.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v keepalived >/dev/null || die "keepalived not installed (apt-get install keepalived)"
add_node v 1
add_node k 2

# rejected_total X: the sum of vigil's per-instance rejection counters.
rejected_total() {
	stats_of "$1" | sed -n '/^VRRP Instance/,/^Unrouted/{/Rejected:/,/Owner/p}' |
		sed -n 's/^ *[^:]*: \([0-9]*\)$/\1/p' | awk '{s += $1} END {print s + 0}'
}

for ver in 3 2; do
	echo "# VRRPv$ver: vigil master, keepalived backup"
	: >"$T/v.log"
	: >"$T/k.log"
	node_conf v 52 150 "$ver"
	node_conf k 52 100 "$ver"
	check "v$ver: vigil starts" start_node v
	check "v$ver: keepalived starts" start_keepalived k
	check "v$ver: vigil becomes MASTER" wait_until 8 node_log_has v '\[VI_1\] BACKUP -> MASTER'
	check "v$ver: vigil holds the VIP" wait_until 3 has_vip v
	check "v$ver: keepalived enters BACKUP" wait_until 5 node_log_has k '\(VI_1\) Entering BACKUP STATE'
	sleep 2
	check "v$ver: keepalived does not hold the VIP" no_vip k
	check "v$ver: keepalived never became MASTER" test "$(node_log_count k 'Entering MASTER STATE')" -eq 0
	check "v$ver: keepalived logged no bad advert" test "$(node_log_count k 'received an invalid|bad checksum|ip ttl|wrong|mismatch')" -eq 0
	t0=$(now_ms)
	stop_node v
	check "v$ver: keepalived takes over after vigil's SIGTERM" wait_until 5 has_vip k
	dt=$(($(now_ms) - t0))
	echo "# takeover by keepalived after SIGTERM: $dt ms"
	check "v$ver: takeover within 2.5 s, not Master_Down_Interval (got $dt ms)" test "$dt" -lt 2500
	check "v$ver: vigil released the VIP" no_vip v
	check "v$ver: vigil restarts" start_node v
	check "v$ver: vigil preempts keepalived" wait_until 8 only_vip v 192.0.2.100 k
	check "v$ver: keepalived steps back" wait_until 3 node_log_has k '\(VI_1\) Master received advert from 192.0.2.1 with higher priority 150'
	r=$(rejected_total v)
	check "v$ver: vigil rejected none of keepalived's adverts (got $r)" test "$r" -eq 0
	stop_node v
	stop_node k

	echo "# VRRPv$ver: keepalived master, vigil backup"
	: >"$T/v.log"
	: >"$T/k.log"
	node_conf v 53 100 "$ver"
	node_conf k 53 150 "$ver"
	check "v$ver: keepalived starts" start_keepalived k
	check "v$ver: vigil starts" start_node v
	check "v$ver: keepalived becomes MASTER" wait_until 8 node_log_has k '\(VI_1\) Entering MASTER STATE'
	check "v$ver: keepalived holds the VIP" wait_until 3 has_vip k
	sleep 2
	check "v$ver: vigil stays BACKUP" test "$(node_log_count v 'BACKUP -> MASTER')" -eq 0
	check "v$ver: vigil does not hold the VIP" no_vip v
	r=$(stat_value v Received)
	check "v$ver: vigil accepts keepalived's adverts (received $r)" test "${r:-0}" -ge 2
	r=$(rejected_total v)
	check "v$ver: vigil rejected none (got $r)" test "$r" -eq 0
	t0=$(now_ms)
	link_down k
	check "v$ver: vigil takes over when keepalived's link is cut" wait_until 8 has_vip v
	dt=$(($(now_ms) - t0))
	echo "# takeover by vigil after link cut: $dt ms"
	check "v$ver: within 6 s (got $dt ms)" test "$dt" -lt 6000
	link_up k
	check "v$ver: keepalived preempts when its link is back" wait_until 8 only_vip k 192.0.2.100 v
	check "v$ver: vigil steps back" wait_until 3 node_log_has v '\[VI_1\] MASTER -> BACKUP \(higher priority advert\)'
	sleep 1.5
	t0=$(now_ms)
	stop_node k
	check "v$ver: vigil takes over after keepalived's SIGTERM" wait_until 5 has_vip v
	dt=$(($(now_ms) - t0))
	echo "# takeover by vigil after keepalived's SIGTERM: $dt ms"
	check "v$ver: takeover within 3 s (got $dt ms; keepalived stops its children first)" test "$dt" -lt 3000
	p0=$(stats_of v | sed -n '/Priority Zero:/,/Rejected:/s/^ *Received: //p')
	check "v$ver: vigil counted keepalived's priority-0 advert (got '$p0')" test "${p0:-0}" -ge 1
	stop_node v
done
finish
