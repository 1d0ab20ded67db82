#!/bin/bash
# vigil's own IPVS netlink code (ipvs_msg + ipvs_nl, driven by
# vigil-ipvs-probe) against the real kernel, with ipvsadm as the independent
# reader and writer:
#  1. the probe resolves the family and reads version/info/timeouts;
#  2. services and destinations added by the probe show up in `ipvsadm -Sn`
#     with every attribute: TCP/UDP/SCTP/fwmark, IPv4/IPv6, schedulers and
#     scheduler flags, persistence timeout + netmask, one-packet scheduling,
#     the sip persistence engine, NAT/DR/tunnel methods, ipip/gue/gre tunnels
#     with port and checksum flags, weights and thresholds, an IPv6 tunnel
#     destination behind an IPv4 service;
#  3. edits (service and destination) and deletes through the probe are
#     seen by ipvsadm; errors come back with the kernel's errno;
#  4. objects written by ipvsadm read back through the probe's dump (parser).
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
P=$VIGIL_BUILDDIR/ipvs/vigil-ipvs-probe
[ -x "$P" ] || vm_fail "$P not built"
# routes to the destinations (IPVS refuses a destination without one)
vm_ipvs_dummy 2001:db8:1::1/64

out=$($P info) || vm_fail "probe info: $out"
echo "$out"
grep -qx 'version 1\.2\.1' <<<"$out" || vm_fail "probe: version not 1.2.1"
size=$(awk '/^conn_tab_size/ {print $2}' <<<"$out")
grep -q "size=$size)" <<<"$(ipvsadm -Ln | head -1)" || vm_fail "probe conn_tab_size $size differs from ipvsadm"
grep -qx 'timeouts tcp 900 tcpfin 120 udp 300' <<<"$out" || vm_fail "default timeouts not read"

run() { "$P" "$@" || vm_fail "probe $*"; }
# ---- services
run add-service tcp/203.0.113.10:80 sched=wlc flags=persistent timeout=600 netmask=255.255.255.0
run add-service udp/203.0.113.10:53 sched=sh flags=sh-fallback,sh-port
run add-service sctp/203.0.113.11:9 sched=rr flags=ops
run add-service fwm/7 sched=mh flags=mh-port
run add-service 'tcp/[2001:db8::10]:443' sched=wrr flags=persistent timeout=30 netmask=64
run add-service fwm6/8 sched=lc
run add-service udp/203.0.113.12:5060 sched=rr flags=persistent,ops timeout=120 pe=sip
# ---- destinations
run add-dest tcp/203.0.113.10:80 192.0.2.11:8080 fwd=masq weight=3 u=100 l=10
run add-dest tcp/203.0.113.10:80 192.0.2.12:80 fwd=route weight=0
run add-dest tcp/203.0.113.10:80 192.0.2.13:80 fwd=tunnel tun=ipip weight=2
run add-dest tcp/203.0.113.10:80 192.0.2.14:80 fwd=tunnel tun=gue tun_port=6080 tun_flags=csum
run add-dest tcp/203.0.113.10:80 192.0.2.15:80 fwd=tunnel tun=gre tun_flags=csum
run add-dest tcp/203.0.113.10:80 '[2001:db8:1::20]:80' fwd=tunnel weight=5
run add-dest udp/203.0.113.10:53 192.0.2.21:53 fwd=route weight=65535
run add-dest fwm/7 192.0.2.31:0 fwd=route
run add-dest 'tcp/[2001:db8::10]:443' '[2001:db8:1::31]:443' fwd=masq weight=4 u=7 l=2
run add-dest fwm6/8 '[2001:db8:1::41]:0' fwd=route

save=$(ipvsadm -Sn) || vm_fail "ipvsadm -Sn"
echo "--- ipvsadm -Sn"
echo "$save"
echo "--- ipvsadm -Ln"
ipvsadm -Ln
expect_line() {
	grep -qxF -- "$1" <<<"$save" || vm_fail "ipvsadm -Sn lacks: $1"
}
expect_line '-A -t 203.0.113.10:80 -s wlc -p 600 -M 255.255.255.0'
expect_line '-A -u 203.0.113.10:53 -s sh -b sh-fallback,sh-port'
expect_line '-A --sctp-service 203.0.113.11:9 -s rr -o'
expect_line '-A -f 7 -s mh -b mh-port'
expect_line '-A -t [2001:db8::10]:443 -s wrr -p 30 -M 64'
expect_line '-A -f 8 -6 -s lc'
expect_line '-A -u 203.0.113.12:5060 -s rr -p 120 --pe sip -o'
expect_line '-a -t 203.0.113.10:80 -r 192.0.2.11:8080 -m -w 3'
expect_line '-a -t 203.0.113.10:80 -r 192.0.2.12:80 -g -w 0'
expect_line '-a -t 203.0.113.10:80 -r 192.0.2.13:80 -i -w 2 --tun-type ipip'
expect_line '-a -t 203.0.113.10:80 -r 192.0.2.14:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum'
expect_line '-a -t 203.0.113.10:80 -r 192.0.2.15:80 -i -w 1 --tun-type gre --tun-csum'
expect_line '-a -t 203.0.113.10:80 -r [2001:db8:1::20]:80 -i -w 5 --tun-type ipip'
expect_line '-a -u 203.0.113.10:53 -r 192.0.2.21:53 -g -w 65535'
expect_line '-a -f 7 -r 192.0.2.31:0 -g -w 1'
expect_line '-a -t [2001:db8::10]:443 -r [2001:db8:1::31]:443 -m -w 4'
expect_line '-a -f 8 -6 -r [2001:db8:1::41]:0 -g -w 1'
# thresholds are not in -S output: read them from --thresholds
thr() { ipvsadm -Ln --thresholds | awk -v rs="$1" '$1 == "->" && $2 == rs { print $3, $4 }'; }
ipvsadm -Ln --thresholds
[ "$(thr 192.0.2.11:8080)" = "100 10" ] || vm_fail "thresholds of 192.0.2.11:8080: $(thr 192.0.2.11:8080)"
[ "$(thr '[2001:db8:1::31]:443')" = "7 2" ] || vm_fail "thresholds of [2001:db8:1::31]:443: $(thr '[2001:db8:1::31]:443')"
[ "$(grep -c . <<<"$save")" -eq 17 ] || vm_fail "ipvsadm -Sn has $(grep -c . <<<"$save") lines, want 17"

# ---- the probe's own dump parses back what the kernel holds (the kernel
# marks every service in its table hashed)
dump=$($P dump) || vm_fail "probe dump"
echo "--- probe dump"
echo "$dump"
expect_dump() {
	grep -qxF -- "$1" <<<"$dump" || vm_fail "probe dump lacks: $1"
}
expect_dump 'service TCP/203.0.113.10:80 af=IPv4 sched=wlc pe= flags=persistent,hashed timeout=600 netmask=255.255.255.0 dests=6'
expect_dump 'service UDP/203.0.113.10:53 af=IPv4 sched=sh pe= flags=hashed,sh-fallback,sh-port timeout=0 netmask=255.255.255.255 dests=1'
expect_dump 'service SCTP/203.0.113.11:9 af=IPv4 sched=rr pe= flags=hashed,ops timeout=0 netmask=255.255.255.255 dests=0'
expect_dump 'service FWM/7 af=IPv4 sched=mh pe= flags=hashed,mh-port timeout=0 netmask=255.255.255.255 dests=1'
expect_dump 'service TCP/[2001:db8::10]:443 af=IPv6 sched=wrr pe= flags=persistent,hashed timeout=30 netmask=64 dests=1'
expect_dump 'service FWM6/8 af=IPv6 sched=lc pe= flags=hashed timeout=0 netmask=128 dests=1'
expect_dump 'service UDP/203.0.113.12:5060 af=IPv4 sched=rr pe=sip flags=persistent,hashed,ops timeout=120 netmask=255.255.255.255 dests=0'
expect_dump 'dest TCP/203.0.113.10:80 192.0.2.11:8080 af=IPv4 fwd=Masq weight=3 u=100 l=10 tun=ipip tun_port=0 tun_flags=nocsum active=0 inact=0 persist=0'
expect_dump 'dest TCP/203.0.113.10:80 192.0.2.14:80 af=IPv4 fwd=Tunnel weight=1 u=0 l=0 tun=gue tun_port=6080 tun_flags=csum active=0 inact=0 persist=0'
expect_dump 'dest TCP/203.0.113.10:80 192.0.2.15:80 af=IPv4 fwd=Tunnel weight=1 u=0 l=0 tun=gre tun_port=0 tun_flags=csum active=0 inact=0 persist=0'
expect_dump 'dest TCP/203.0.113.10:80 [2001:db8:1::20]:80 af=IPv6 fwd=Tunnel weight=5 u=0 l=0 tun=ipip tun_port=0 tun_flags=nocsum active=0 inact=0 persist=0'
expect_dump 'dest TCP/[2001:db8::10]:443 [2001:db8:1::31]:443 af=IPv6 fwd=Masq weight=4 u=7 l=2 tun=ipip tun_port=0 tun_flags=nocsum active=0 inact=0 persist=0'
[ "$(grep -c '^service ' <<<"$dump")" -eq 7 ] || vm_fail "probe dump: service count"
[ "$(grep -c '^dest ' <<<"$dump")" -eq 10 ] || vm_fail "probe dump: dest count"

# ---- edits and deletes
run edit-service tcp/203.0.113.10:80 sched=rr
run edit-dest tcp/203.0.113.10:80 192.0.2.11:8080 fwd=route weight=9 u=0 l=0
run del-dest tcp/203.0.113.10:80 192.0.2.12:80
run del-service sctp/203.0.113.11:9
save=$(ipvsadm -Sn)
expect_line '-A -t 203.0.113.10:80 -s rr'
expect_line '-a -t 203.0.113.10:80 -r 192.0.2.11:8080 -g -w 9'
grep -q '192.0.2.12:80' <<<"$save" && vm_fail "deleted destination still there"
grep -q 'sctp' <<<"$save" && vm_fail "deleted service still there"

# ---- errors carry the kernel's errno
err=$($P add-dest tcp/203.0.113.10:80 192.0.2.11:8080 2>&1) && vm_fail "duplicate dest accepted"
grep -q 'NEW_DEST: error: Destination already exists' <<<"$err" || vm_fail "duplicate dest: $err"
err=$($P del-service tcp/203.0.113.99:80 2>&1) && vm_fail "deleting a missing service succeeded"
grep -q 'DEL_SERVICE: error: No such service' <<<"$err" || vm_fail "missing service: $err"
err=$($P add-service tcp/203.0.113.10:81 sched=nosuch 2>&1) && vm_fail "unknown scheduler accepted"
grep -q 'NEW_SERVICE: error: Scheduler or persistence engine not found' <<<"$err" || vm_fail "bad scheduler: $err"

# ---- timeouts through SET_CONFIG, read back by ipvsadm and the probe
run set-timeouts 1000 60 200
ipvsadm -Ln --timeout | grep -qx 'Timeout (tcp tcpfin udp): 1000 60 200' || vm_fail "timeouts: $(ipvsadm -Ln --timeout)"
run set-timeouts 900 120 300

# ---- written by ipvsadm, read by the probe
ipvsadm -C
ipvsadm -A -t '[2001:db8::99]:8443' -s sh -b sh-port -p 77 -M 96 || vm_fail "ipvsadm -A v6"
ipvsadm -a -t '[2001:db8::99]:8443' -r '[2001:db8:1::99]:9443' -m -w 12 -x 50 -y 5 || vm_fail "ipvsadm -a v6"
ipvsadm -A -f 123 -s dh || vm_fail "ipvsadm -A -f"
ipvsadm -a -f 123 -r 192.0.2.77 -i -w 0 --tun-type gue --tun-port 5555 --tun-remcsum || vm_fail "ipvsadm -a gue"
dump=$($P dump) || vm_fail "probe dump (2)"
echo "$dump"
expect_dump 'service TCP/[2001:db8::99]:8443 af=IPv6 sched=sh pe= flags=persistent,hashed,sh-port timeout=77 netmask=96 dests=1'
expect_dump 'dest TCP/[2001:db8::99]:8443 [2001:db8:1::99]:9443 af=IPv6 fwd=Masq weight=12 u=50 l=5 tun=ipip tun_port=0 tun_flags=nocsum active=0 inact=0 persist=0'
expect_dump 'service FWM/123 af=IPv4 sched=dh pe= flags=hashed timeout=0 netmask=255.255.255.255 dests=1'
expect_dump 'dest FWM/123 192.0.2.77:0 af=IPv4 fwd=Tunnel weight=0 u=0 l=0 tun=gue tun_port=5555 tun_flags=remcsum active=0 inact=0 persist=0'

run flush
[ -z "$(ipvsadm -Sn)" ] || vm_fail "table not empty after probe flush"
vm_pass "every service/destination attribute round-trips between vigil's netlink code and the kernel"
