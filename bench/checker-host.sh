#!/bin/bash
# bench/checker-host.sh BUILDDIR [CASE...]: the checker's CPU and syscalls
# per probe on the host (root, native, no VM, vigil only; the VM benchmark
# bench/checker-load.sh compares with keepalived).  CASE: tcp (10,000
# TCP_CHECK at delay_loop 5, 2,000 probes/s) and/or http (1,000 HTTP_GET at
# delay_loop 1, 1,000 probes/s); default both.
#
# The real servers: one nginx (1 worker) in namespace hcb-r (see CHB_NS) at 192.0.2.11 on
# ports 10000-10999 (http) and 20000-29999 (tcp), reached from the director
# namespace hcb-d over a veth.  `vigild -n -C` runs in hcb-d (no IPVS there:
# the checker logs that and probes anyway).  After CHB_WARM s (default 20):
# utime+stime of the checker child (and of nginx's worker) and hcb-r's TCP
# PassiveOpens (one per probe) over CHB_WIN s (default 30); then `strace -c -f` on the checker for
# CHB_STRACE s (default 10; its probes counted the same way) for syscalls
# per probe (strace slows the checker: the count is per probe, not per
# second).  Also TCP segments per probe (InSegs + OutSegs of hcb-r: every
# packet of a probe once) and the director namespace's TIME_WAIT sockets.
# Prints one line per case.  CHB_NS (default hcb) names the namespaces
# (CHB_NS-d, CHB_NS-r): two builds can run at the same time, side by side,
# so that both see the same load from the rest of the machine.
set -u
. "$(cd "$(dirname "$0")" && pwd)/checker-lib.sh"
B=$(cd "${1:?usage: $0 BUILDDIR [CASE...]}" && pwd)
shift
CASES=${*:-tcp http}
WARM=${CHB_WARM:-20} WIN=${CHB_WIN:-30} STR=${CHB_STRACE:-10}
P=${CHB_NS:-hcb}
D=$P-d R=$P-r RS=192.0.2.11
S=$(mktemp -d /tmp/chb.XXXXXX)
cleanup() {
	[ -n "${vpid:-}" ] && kill "$vpid" 2>/dev/null && wait "$vpid" 2>/dev/null
	[ -f "$S/nginx.pid" ] && kill "$(cat "$S/nginx.pid")" 2>/dev/null
	sleep 0.5
	ip netns del $D 2>/dev/null
	ip netns del $R 2>/dev/null
	rm -rf "$S"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null
HZ=$(getconf CLK_TCK)
ip netns add $D && ip netns add $R || exit 1
ip -n $D link add eth0 type veth peer name eth0 netns $R
ip -n $D link set lo up
ip -n $R link set lo up
ip -n $D addr add 192.0.2.1/24 dev eth0
ip -n $R addr add $RS/24 dev eth0
ip -n $D link set eth0 up
ip -n $R link set eth0 up
ip netns exec $R sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=8192
ip netns exec $D sysctl -qw net.ipv4.ip_local_port_range="1024 65000"
chk_nginx_conf "$S" "$S" 1 >"$S/nginx.conf"
ip netns exec $R nginx -q -e "$S/error.log" -p "$S" -c "$S/nginx.conf" || exit 1

gen() { chk_gen "$@" chb; }
gen 10 100 10000 1 http >"$S/http.conf"
gen 100 100 20000 5 tcp >"$S/tcp.conf"

ticks() { chk_ticks "$1"; }
opens() { chk_tcp_stat $R PassiveOpens; }
ngx() { local w; w=$(pgrep -P "$(cat "$S/nginx.pid")" | head -1); ticks "$w"; }
segs() { chk_tcp_stat $R InSegs OutSegs; }

for c in $CASES; do
	ip netns exec $D env VIGIL_TMPDIR="$S" "$B/vigild" -n -C -f "$S/$c.conf" -p "$S/v.pid" \
		-r "$S/vr.pid" -c "$S/vc.pid" >"$S/$c.log" 2>&1 &
	vpid=$!
	sleep "$WARM"
	ck=$(cat "$S/vc.pid")
	t0=$(ticks "$ck") o0=$(opens) g0=$(segs) n0=$(ngx)
	sleep "$WIN"
	t1=$(ticks "$ck") o1=$(opens) g1=$(segs) n1=$(ngx)
	tw=$(ip netns exec $D ss -Htan state time-wait | wc -l)
	o2=$(opens)
	timeout -s INT "$STR" strace -c -f -o "$S/strace" -p "$ck" 2>/dev/null
	o3=$(opens)
	rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$ck/status")
	kill "$vpid"
	wait "$vpid"
	vpid=
	awk -v c="$c" -v t="$((t1 - t0))" -v hz="$HZ" -v w="$WIN" -v p="$((o1 - o0))" \
		-v sp="$((o3 - o2))" -v tw="$tw" -v rss="$rss" -v g="$((g1 - g0))" -v ng="$((n1 - n0))" '
		$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" { calls += $4; per[$NF] = $4 }
		END { cpu = t / hz
			printf "%s: CPU %.2f s in %d s, %.0f probes/s, %.3f ms/probe (nginx %.3f), %.1f packets/probe; RSS %.1f MiB; TIME_WAIT %d; strace: %d probes, %.1f syscalls/probe (",
				c, cpu, w, p / w, p ? cpu * 1000 / p : 0, p ? ng / hz * 1000 / p : 0, p ? g / p : 0, rss / 1024, tw, sp, sp ? calls / sp : 0
			for (s in per) printf " %s %.2f", s, per[s] / sp
			print " )" }' "$S/strace"
	sed -n '1,40p' "$S/strace" >"/tmp/chb-strace-$P-$c.txt"
	sleep 2
done
