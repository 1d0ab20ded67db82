#!/bin/bash
# The lab: vigil doing its job on this machine, in network namespaces it
# creates and removes.  Installs dependencies and builds when needed (root).
#
#   sudo tests/lab.sh
#
# Two LVS directors on one switch (a bridge), both reading the same file,
# tests/lab/lab.conf: director d1 runs vigil (priority 150), director d2 runs
# keepalived (priority 100) -- the pair an operator has while replacing
# keepalived one director at a time.  The lab walks through what an operator
# does and shows the answers: config check, the normalised config, election
# (the VIP on d1), a reload that adds a VIP without flapping the first, a
# broken reload (reported, running config kept), a crashed VRRP child
# (restarted), an orderly stop (keepalived takes over), preemption when
# vigil comes back, and vigil's health checks of three web servers behind d1
# (one stops: DOWN; it comes back: UP; the state dump).  keepalived runs VRRP
# only (-P).  This host kernel has no IPVS, so vigil's checker says so once
# and keeps checking; the IPVS side is exercised in the VM tier (tests/vm).
set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
logdir=$top/build-logs
mkdir -p "$logdir"
. "$top/tests/lib/build.sh"

[ "$(id -u)" -eq 0 ] || { echo "lab: run as root (sudo tests/lab.sh)" >&2; exit 1; }
install_deps
[ -x configure ] || ./autogen.sh >"$logdir/autogen.log" 2>&1 || { cat "$logdir/autogen.log"; exit 1; }
echo "lab: building (log: $logdir/lab-build.log)"
(build "$top/build" --enable-werror) >"$logdir/lab-build.log" 2>&1 || { tail -30 "$logdir/lab-build.log"; exit 1; }
cd "$top" || exit 1
VIGILD=$top/build/vigild

T=$(mktemp -d /tmp/vigil-lab.XXXXXX)
SW=vlab-sw-$$ D1=vlab-d1-$$ D2=vlab-d2-$$ RS=vlab-rs-$$
LOG=$T/d1.log KLOG=$T/d2.log CONF=$T/lab.conf
vigild_pid= keepalived_pid=
cleanup() {
	[ -n "$vigild_pid" ] && kill -TERM "$vigild_pid" 2>/dev/null
	[ -n "$keepalived_pid" ] && kill -TERM "$keepalived_pid" 2>/dev/null
	sleep 1
	for ns in $D1 $D2 $SW $RS; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
fail() { echo "lab: $*" >&2; exit 1; }
mark() { wc -l <"$LOG"; }
show_log() { tail -n +"$1" "$LOG" | sed 's/^/  d1 | /'; }
wait_log() { # wait_log SECONDS REGEX FROM-LINE: d1's log (from that line) matches REGEX
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		tail -n +"$3" "$LOG" | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	fail "timed out waiting for /$2/ in d1's log"
}
holds() { ip -n "$1" -4 addr show dev eth0 | grep -q "inet $2/"; }
wait_vip() { # wait_vip SECONDS NS ADDR: until that director holds the address
	local i
	for ((i = 0; i < $1 * 10; i++)); do holds "$2" "$3" && return 0; sleep 0.1; done
	fail "timed out waiting for $3 on ${2%-*}"
}
who_holds() {
	local d a
	for a in 192.0.2.100 192.0.2.101; do
		for d in $D1 $D2; do
			holds "$d" "$a" && echo "  VIP $a is on director $(cut -d- -f2 <<<"$d")"
		done
	done
	true
}
start_vigil() {
	ip netns exec "$D1" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -i d1 -f "$CONF" -p "$T/d1.pid" -r "$T/d1-vrrp.pid" \
		-c "$T/d1-checker.pid" >>"$LOG" 2>&1 &
	vigild_pid=$!
}

# The switch and the two directors.
ip netns add "$SW" && ip -n "$SW" link add br0 type bridge mcast_snooping 0 && ip -n "$SW" link set br0 up ||
	fail "cannot create the switch namespace"
n=1
for d in $D1 $D2; do
	ip netns add "$d" && ip -n "$d" link set lo up &&
		ip -n "$SW" link add "p$n" type veth peer name eth0 netns "$d" &&
		ip -n "$SW" link set "p$n" master br0 up && ip -n "$d" link set eth0 up &&
		ip -n "$d" addr add "192.0.2.$n/24" dev eth0 || fail "cannot create director $d"
	n=$((n + 1))
done
# The real servers: three web servers (198.51.100.1-3) in their own
# namespace behind d1 (d1's eth1 198.51.100.254), each serving /health.
ip netns add "$RS" && ip -n "$RS" link set lo up &&
	ip -n "$D1" link add eth1 type veth peer name eth0 netns "$RS" &&
	ip -n "$D1" link set eth1 up && ip -n "$D1" addr add 198.51.100.254/24 dev eth1 &&
	ip -n "$RS" link set eth0 up || fail "cannot create the real servers' namespace"
mkdir -p "$T/www" && echo ok >"$T/www/health"
rs_start() { # rs_start N: the web server of real server N
	ip -n "$RS" addr replace "198.51.100.$1/24" dev eth0
	ip netns exec "$RS" python3 -m http.server 80 --bind "198.51.100.$1" --directory "$T/www" \
		>"$T/rs$1.log" 2>&1 &
	echo $! >"$T/rs$1.pid"
	disown $!
}
for n in 1 2 3; do rs_start $n; done
cp tests/lab/lab.conf "$CONF"
: >"$LOG"

step "1. check the config: the same file for both directors (@d1/@d2 lines)"
run "$VIGILD" -t -i d1 -f "$CONF" && echo "valid for d1"
run keepalived -t -i d2 -f "$CONF" && echo "keepalived: valid for d2"

step "2. the normalised config as d1 reads it (vigild -t -d; defaults explicit) — the VRRP instance"
"$VIGILD" -t -d -i d1 -f "$CONF" | sed -n '/^vrrp_instance/,/^}/p' | head -40

step "3. start keepalived on d2 (priority 100, VRRP only) and vigil on d1 (priority 150)"
ip netns exec "$D2" keepalived -n -l -P -i d2 -f "$CONF" -p "$T/d2.pid" -r "$T/d2-vrrp.pid" \
	-c "$T/d2-checker.pid" >>"$KLOG" 2>&1 &
keepalived_pid=$!
disown "$keepalived_pid"
wait_vip 15 "$D2" 192.0.2.100 # alone, keepalived becomes master
start_vigil
wait_vip 15 "$D1" 192.0.2.100
wait_log 5 'BACKUP -> MASTER' 1
sleep 1
show_log 1
who_holds
grep -E 'Entering (MASTER|BACKUP) STATE' "$KLOG" | sed 's/^/  d2 | /' | tail -2

step "4. add a second VIP to the file and reload both directors: added, the first not touched"
# Both directors must advertise the same VIP list: a director that has not
# reloaded drops the other's adverts (address list mismatch, RFC 5798 7.1).
m=$(mark)
sed -i 's|^        192.0.2.100/24 dev $LAB_IF|&\n        192.0.2.101/24 dev $LAB_IF|' "$CONF"
run kill -HUP "$vigild_pid"
run kill -HUP "$keepalived_pid"
wait_vip 10 "$D1" 192.0.2.101
wait_log 5 'configuration reloaded' "$((m + 1))"
show_log $((m + 1))
who_holds

step "5. reload a broken config: the error is reported, the running config stays"
m=$(mark)
sed -i 's/advert_int 1/advert_int 0.5/' "$CONF" # v3 allows it; break it for v2 below
sed -i 's/version 3/version 2/' "$CONF"
run kill -HUP "$vigild_pid"
wait_log 5 'keeping the running configuration' "$((m + 1))"
show_log $((m + 1))
sed -i 's/version 2/version 3/; s/advert_int 0.5/advert_int 1/' "$CONF"
holds "$D1" 192.0.2.100 && echo "  d1 still MASTER with the VIP"

step "6. the VRRP child crashes: the supervisor restarts it, vigil takes the VIP back"
m=$(mark)
run kill -9 "$(cat "$T/d1-vrrp.pid")"
wait_log 10 'started vigild-vrrp' "$((m + 1))"
wait_log 15 'BACKUP -> MASTER' "$((m + 1))"
sleep 1
show_log $((m + 1))
who_holds

step "7. stop vigil on d1 (SIGTERM): priority-0 advert, keepalived takes over at once"
m=$(mark)
t0=$(date +%s%N)
run kill -TERM "$vigild_pid"
wait_vip 10 "$D2" 192.0.2.100
echo "  keepalived holds the VIP $(( ($(date +%s%N) - t0) / 1000000 )) ms after the SIGTERM"
wait "$vigild_pid" 2>/dev/null
vigild_pid=
show_log $((m + 1))
who_holds

step "8. vigil comes back on d1: it preempts keepalived (150 > 100)"
m=$(mark)
start_vigil
wait_vip 15 "$D1" 192.0.2.100
wait_log 5 'BACKUP -> MASTER' "$((m + 1))"
sleep 1
show_log $((m + 1))
who_holds

step "9. health checks on d1: real server 2's web server stops, then comes back"
m=$(mark)
wait_log 10 'checker' 1
run kill "$(cat "$T/rs2.pid")"
wait_log 15 'rs 198.51.100.2:80\] UP -> DOWN' "$((m + 1))"
rs_start 2
wait_log 15 'rs 198.51.100.2:80\] DOWN -> UP' "$((m + 1))"
tail -n +"$((m + 1))" "$LOG" | grep -E '\] (UP|DOWN) -> |IPVS' | sed 's/^/  d1 | /'

step "10. the state dump: kill -USR1 vigild -> vigil.data (VRRP part, then the checker's)"
run kill -USR1 "$vigild_pid"
for ((i = 0; i < 50; i++)); do [ -s "$T/vigil.data" ] && break; sleep 0.1; done
[ -s "$T/vigil.data" ] || fail "no vigil.data"
grep -E 'VRRP Instance|State =|Virtual server|Real server' "$T/vigil.data" | sed 's/^/  /' | head -12
echo
echo "lab: done (logs were in $T, removed on exit)"
