#!/bin/bash
# bench/ipvs-populate.sh — time to a fully populated IPVS table of 10,000
# destinations (100 virtual servers x 100 real servers) and time to apply a
# 1 % change on reload: `vigild -C` against `keepalived -C` on the same config
# in the same VM run, with `ipvsadm -R` of the same table as the floor.
#
# It needs the real kernel IPVS, so it runs inside the VM tier:
#   tests/vm/run.sh --builddir BUILD bench/ipvs-populate.sh
# (BENCH_RUNS=N in the environment of run.sh is not passed into the guest;
# a wrapper test that exports BENCH_RUNS (and VIGIL_BUILDDIR, to measure
# another build in the same boot) and runs this script sets the number of
# rounds, default 5: the median is reported.)
#
# Method: each daemon is started with `-n -l -C -f CONF` and the clock runs
# from just before its start until /proc/net/ip_vs (polled every 50 ms; read
# under RCU, so polling does not hold the IPVS mutex the daemon needs)
# shows 100 services and 10,000 destinations.  Reload: the config with the
# first real server of every virtual server at weight 9 (100 changes, 1 %)
# is swapped in, SIGHUP goes to the daemon's parent, and the clock runs
# until /proc/net/ip_vs shows all 100 new weights.  The floor is
# `ipvsadm -R` of the same 10,100 objects, until it exits.  Between runs the
# daemon is stopped and the IPVS modules are reloaded (see fresh_ipvs).
# Output: one line per measurement and a table with ratios to vigil.
#
# Then the periodic resync: vigild -D -C idle on the full table for 30 s;
# the checker's CPU time per resync (a full read of the 10,000 destinations
# and a diff, every 5 s) and vigil-ipvs-probe dump-time (the read alone).
#
# Measured 2026-11-22 (TCG guest on a 2-core host, kernel 6.1.0-56,
# keepalived 2.2.7), median of 5.  Host load ~2.5:
#                   populate   vs vigil   reload 1 %   vs vigil
#   vigild -C        3378 ms     1.00       1900 ms      1.00
#   keepalived -C    4229 ms     1.25       1584 ms      0.83
#   ipvsadm -R       5791 ms     1.71          -          -
# Host load 8-10 (07:23, after the resync speed-up below):
#   vigild -C        5141 ms     1.00       3604 ms      1.00
#   keepalived -C    7228 ms     1.41       2203 ms      0.61
#   ipvsadm -R      11921 ms     2.32          -          -
#   resync: 245 ms checker CPU per resync (4.9 % of one CPU), wall median
#   266 ms; the read alone 114 ms (user 9, sys 105).
# 2026-12-03 (branch hs, kernel 6.1.0-57; two boots, each running the base
# build 3072b92 and this one back to back; ratio keepalived/vigild):
#                   populate   keepalived ratio    reload 1 %   keepalived ratio
#   base 3072b92    2096-2118 ms   0.95-1.36        1426-1450 ms   0.69-0.75
#   hs (ade9722)    1772-1777 ms   1.27-1.47         681-820 ms    1.38-1.45
#   memory (VmRSS/VmHWM): supervisor 9.0/9.1 -> 3.1/6.0 MiB full, 12.1-12.5/
#   14.5 -> 3.1/6.6 MiB after the reload; checker 20.9-22.4/25.5 -> 20.0/23.6
#   MiB full, 30.5-30.9 -> 20.6/29.1 MiB after the reload.
#   Reload in vigild's log: supervisor 564 -> 64-86 ms (the snapshot is a
#   quarter of the text, printed without double formatting), checker load +
#   model + checks 327 -> 132-240 ms, sync 158 -> 19-29 ms (diffed against
#   the table the last sync applied, no full read).  See bench/README.md.
#   main 31f17c2 (08:32, one boot): populate 1120 ms vs keepalived 1868 ms
#   (1.67), reload 1 % 568 vs 777 ms (1.37); checker 15.0/18.6 MiB full.
#   The figures below (2026-11-22) are kept as measured then.
# Single runs vary by 2x with the host's load.  The kernel's own work
# dominates under TCG: one pipelined batch of the same 10,100 requests from
# vigil-ipvs-probe takes 0.7-1.7 s; vigild adds its start (~0.5-1.5 s:
# config parse in the supervisor, snapshot parse in the child, model) and
# logs the 10,100 change lines after the batch.  The issue's target (10x
# faster than keepalived to a full table) is not met.
#
# Where a 1 % reload goes (vigild log timestamps, 6 reloads): the
# supervisor's re-read and validation 0.6-1.1 s, the checker child's parse
# of the snapshot and its model 0.3-0.5 s, the sync 0.2-0.35 s (read and
# diff 0.19-0.31 s, the 100 SETs 30-40 ms).  The parses are most of it.
#
# Where a resync goes (perf record -e cpu-clock in the guest, 10k table):
# ~70 % kernel: one GET_DEST dump per service, each answered in two 32 KiB
# parts and a DONE (3 recvmsg), every dest message built attribute by
# attribute (ip_vs_genl_fill_dest, nla_put, both stats nests) into skbs that
# init_on_alloc zeroes (clear_page ~10 %), then copied out.  The user side
# was ~35 % and is ~10 % since ipvs/ stopped calling libmnl accessors per
# attribute, parsing the 32-bit stats next to STATS64, polling before each
# read and sorting whole destination structs.  Same boot, base vs that
# change, 3 alternating runs each: checker CPU per resync 148/254/308 ->
# 112/168/210 ms, the reload's read+diff 301/419/495 -> 157/188/324 ms;
# dump-time: user 48-71 -> 8-14 ms, wall 133-204 -> 84-151 ms per read.
# Then (callgrind on the host, 10 syncs of the 100x100 model against a
# mirrored kernel copy, instructions per sync): ipvs_sync_diff 10.7 M -> 7.0
# M (pointer sort) -> 1.3 M (match by position, the kernel's order mirrors
# the programming order); checker_model_desired 2.1 M, 0.9 M once it calls
# ipvs_sync_svc_reserve() (proposed for checker_model.c, with a linear
# checker_model_carry: 27.6 M -> 1.2 M per reload).
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
RUNS=${BENCH_RUNS:-5}
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
command -v keepalived >/dev/null || vm_fail "keepalived not installed (apt-get install keepalived)"
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_defer ipvsadm -C
ip link add vt-dummy0 type dummy || vm_fail "dummy link"
vm_link_del_at_exit vt-dummy0
ip link set vt-dummy0 up
ip addr add 192.0.2.1/24 dev vt-dummy0 || vm_fail "address"

S=$VM_SCRATCH
gen() { # CHANGED
	awk -v changed="$1" 'BEGIN {
		for (v = 1; v <= 100; v++) {
			printf "virtual_server 203.0.113.%d 80 {\n    lb_algo wrr\n    lb_kind DR\n    protocol TCP\n", v
			for (r = 1; r <= 100; r++) {
				w = 1 + r % 5
				if (changed && r == 1) w = 9
				printf "    real_server 192.0.2.%d 80 {\n        weight %d\n    }\n", r + 1, w
			}
			print "}"
		}
	}'
}
gen 0 >"$S/base.conf"
gen 1 >"$S/changed.conf"
awk 'BEGIN { for (v = 1; v <= 100; v++) {
		printf "-A -t 203.0.113.%d:80 -s wrr\n", v
		for (r = 1; r <= 100; r++) printf "-a -t 203.0.113.%d:80 -r 192.0.2.%d:80 -g -w %d\n", v, r + 1, 1 + r % 5
	} }' >"$S/restore"
"$V/vigild" -t -f "$S/base.conf" >/dev/null || vm_fail "vigild rejects the config"
keepalived -t -f "$S/base.conf" >"$S/kt.log" 2>&1 || { cat "$S/kt.log"; vm_fail "keepalived rejects the config"; }

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
# /proc/net/ip_vs is read under RCU: a poll does not hold the IPVS mutex that
# the daemon's changes need (a netlink dump does, and slowed them down).
full() { awk '$1 == "TCP" { s++ } $1 == "->" && $2 != "RemoteAddress:Port" { d++ }
	END { exit !(s == 100 && d == 10000) }' /proc/net/ip_vs; }
changed() { awk '$1 == "->" && $2 == "C0000202:0050" && $4 == 9 { n++ } END { exit n != 100 }' /proc/net/ip_vs; }
# poll CMD every 50 ms, at most 300 s; 1 on timeout
poll() {
	local n=6000
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
empty() { [ -z "$(ipvsadm -Sn)" ]; }
# Every measurement starts from a freshly loaded IPVS: a deleted destination
# stays in the kernel's trash list for about a minute and each new
# destination walks that list, so runs after a flush were up to 3x slower.
fresh_ipvs() {
	local m
	ipvsadm -C
	for m in ip_vs_wrr ip_vs; do
		vm_wait 10 modprobe -r "$m" || vm_fail "cannot unload $m"
	done
	modprobe ip_vs || vm_fail "modprobe ip_vs"
}

# mem PID: "VmRSS/VmHWM" in KiB
mem() { awk '$1 == "VmRSS:" { r = $2 } $1 == "VmHWM:" { h = $2 } END { printf "%s/%s", r, h }' "/proc/$1/status" 2>/dev/null || echo "-/-"; }

# run_daemon NAME ARGV... : prints "POPULATE_MS RELOAD_MS"; the memory of the
# parent and the checker process (after the table is full, after the reload)
# goes to $S/NAME.mem
run_daemon() {
	local name=$1 pidf=$S/$1.pid t0 t1 t2 t3 pid ck
	shift
	cp "$S/base.conf" "$S/run.conf"
	rm -f "$pidf"
	t0=$(now)
	"$@" -f "$S/run.conf" -p "$pidf" -c "$S/$name-check.pid" -r "$S/$name-vrrp.pid" \
		>"$S/$name.log" 2>&1 </dev/null &
	pid=$!
	poll full || { tail -20 "$S/$name.log" >&2; kill "$pid"; vm_fail "$name: table not full in 300 s"; }
	t1=$(now)
	sleep 1 # settle (a daemon still busy would slow the reload measurement)
	ck=$(cat "$S/$name-check.pid" 2>/dev/null)
	echo "full: parent $(mem "$pid") checker $(mem "${ck:-0}")" >"$S/$name.mem"
	cp "$S/changed.conf" "$S/run.conf"
	t2=$(now)
	kill -HUP "$pid"
	poll changed || { tail -20 "$S/$name.log" >&2; kill "$pid"; vm_fail "$name: reload not applied in 300 s"; }
	t3=$(now)
	sleep 1
	ck=$(cat "$S/$name-check.pid" 2>/dev/null)
	echo "reloaded: parent $(mem "$pid") checker $(mem "${ck:-0}")" >>"$S/$name.mem"
	kill "$pid"
	vm_wait 60 _vm_gone "$pid" || { kill -9 "$pid"; vm_info "$name did not stop in 60 s"; }
	wait "$pid" 2>/dev/null
	fresh_ipvs
	echo "$(ms "$t0" "$t1") $(ms "$t2" "$t3")"
}

run_restore() {
	local t0 t1
	t0=$(now)
	ipvsadm -R <"$S/restore" || vm_fail "ipvsadm -R"
	t1=$(now)
	full || vm_fail "ipvsadm -R did not make the full table"
	fresh_ipvs
	echo "$(ms "$t0" "$t1")"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$S/v.pop" >"$S/v.rel" >"$S/k.pop" >"$S/k.rel" >"$S/r.pop"
for ((i = 1; i <= RUNS; i++)); do
	run_daemon vigild "$V/vigild" -n -l -C >"$S/out"
	read -r p r <"$S/out"
	vm_info "run $i vigild:     populate $p ms, reload 1 % $r ms"
	echo "$p" >>"$S/v.pop"; echo "$r" >>"$S/v.rel"
	run_daemon keepalived keepalived -n -l -C >"$S/out"
	read -r p r <"$S/out"
	vm_info "run $i keepalived: populate $p ms, reload 1 % $r ms"
	echo "$p" >>"$S/k.pop"; echo "$r" >>"$S/k.rel"
	run_restore >"$S/out"
	read -r p <"$S/out"
	vm_info "run $i ipvsadm -R: $p ms"
	echo "$p" >>"$S/r.pop"
done
vp=$(median <"$S/v.pop") vr=$(median <"$S/v.rel")
kp=$(median <"$S/k.pop") kr=$(median <"$S/k.rel") rp=$(median <"$S/r.pop")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
{
	echo
	echo "IPVS populate, 100 x 100 = 10,000 destinations, kernel $(uname -r), median of $RUNS"
	printf '%-22s %14s %10s %16s %10s\n' "" "populate (ms)" "vs vigil" "reload 1% (ms)" "vs vigil"
	printf '%-22s %14s %10s %16s %10s\n' "vigild -C" "$vp" "1.00" "$vr" "1.00"
	printf '%-22s %14s %10s %16s %10s\n' "keepalived -C" "$kp" "$(ratio "$kp" "$vp")" "$kr" "$(ratio "$kr" "$vr")"
	printf '%-22s %14s %10s %16s %10s\n' "ipvsadm -R (floor)" "$rp" "$(ratio "$rp" "$vp")" "-" "-"
	echo "(times include the 50 ms polling granularity; vigild's own figure is its"
	echo " 'IPVS sync' log line below)"
	echo "memory, VmRSS/VmHWM KiB of the parent and the checker process (last run):"
	sed 's/^/  vigild     /' "$S/vigild.mem"
	sed 's/^/  keepalived /' "$S/keepalived.mem"
} | tee "$VIGIL_ARTIFACTS/ipvs-populate.txt"
# where vigild's time goes (last run): supervisor start, checker start, syncs
grep -hE 'starting \(pid|started vigild-checker|IPVS: [0-9]|IPVS sync:|IPVS reload|configuration reloaded|reloading|started with|signal 1 ' \
	"$S/vigild.log" | sed 's/^/  /'
cp "$S/vigild.log" "$S/keepalived.log" "$VIGIL_ARTIFACTS/" 2>/dev/null

# ---- the periodic resync: what keeping 10,000 destinations in sync costs ----
# vigild -D -C on the full table, idle (no checkers): the checker process's
# CPU time (utime + stime of /proc/PID/stat) over RESYNC_S seconds, divided by
# the resyncs it logged in that window ('IPVS sync: in sync (..., N ms)', a
# debug line), and those lines' wall times.  Then vigil-ipvs-probe dump-time:
# the kernel read alone (services + 100 destination dumps), user/sys split.
RESYNC_S=30
resync_cost() {
	local pidf=$S/rs.pid ck c0 c1 n0 n1 hz
	cp "$S/base.conf" "$S/run.conf"
	"$V/vigild" -n -l -D -C -f "$S/run.conf" -p "$pidf" -c "$S/rs-check.pid" -r "$S/rs-vrrp.pid" \
		>"$S/resync.log" 2>&1 </dev/null &
	local pid=$!
	poll full || { kill "$pid"; vm_fail "resync: table not full"; }
	vm_wait 10 test -s "$S/rs-check.pid" || { kill "$pid"; vm_fail "resync: no checker pid"; }
	ck=$(cat "$S/rs-check.pid")
	sleep 2
	hz=$(getconf CLK_TCK)
	n0=$(grep -c 'IPVS sync: in sync (' "$S/resync.log")
	c0=$(awk '{ print $14 + $15 }' "/proc/$ck/stat")
	sleep $RESYNC_S
	c1=$(awk '{ print $14 + $15 }' "/proc/$ck/stat")
	n1=$(grep -c 'IPVS sync: in sync (' "$S/resync.log")
	"$V/ipvs/vigil-ipvs-probe" dump-time 20 >"$S/dump-time" || vm_info "dump-time failed"
	kill "$pid"
	vm_wait 60 _vm_gone "$pid" || kill -9 "$pid"
	wait "$pid" 2>/dev/null
	{
		echo
		echo "Periodic resync of the full table (vigild -D -C, idle, ${RESYNC_S} s):"
		awk -v t=$((c1 - c0)) -v hz="$hz" -v n=$((n1 - n0)) -v s=$RESYNC_S 'BEGIN {
			if (n < 1) { print "  no resync logged"; exit }
			printf "  checker CPU %.0f ms in %d resyncs: %.1f ms per resync, %.2f %% of one CPU\n",
				t * 1000 / hz, n, t * 1000 / hz / n, t * 100 / hz / s }'
		grep 'IPVS sync: in sync (' "$S/resync.log" | tail -n $((n1 - n0)) |
			sed 's/.*in sync (100 services, \(.*\) ms)/\1/' | sort -n |
			awk '{ v[NR] = $1 } END { if (NR) printf "  resync wall time: min %s, median %s, max %s ms\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
		echo "  the kernel read alone (vigil-ipvs-probe dump-time 20, per read):"
		sed 's/^/    /' "$S/dump-time"
	} | tee -a "$VIGIL_ARTIFACTS/ipvs-populate.txt"
	fresh_ipvs
}
resync_cost
vm_pass "benchmark done"
