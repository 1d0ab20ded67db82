#!/bin/bash
# tests/vm/guest.sh — the test runner inside the VM (root, chrooted into an
# overlay of the host's /; see init.sh).  run.sh copies it into the results
# dir, which the guest sees at /vigil-results, next to job.env.
#
# For each selected test script, in order: a fresh scratch dir, the
# environment of the guest contract (README.md), `timeout` around the run,
# output to /vigil-results/NAME.log, then "RC SECONDS" to NAME.rc (written
# via a rename, so run.sh never reads half of it).  After each test the
# runner checks that the test left no network namespace, link, address on
# lo, IPVS service or stray process behind; a leak fails the test and is
# cleaned up; then IPVS is unloaded and the root namespace's sysctls are
# reset, so that the next test starts from a clean VM.
# /vigil-results/started and /done (guest uptime) mark the start of the
# first test and the end of the run.
set -u
R=/vigil-results
# shellcheck source=/dev/null
. $R/job.env || { echo "guest: cannot read $R/job.env"; exit 1; }
export VIGIL_SRCDIR VIGIL_BUILDDIR VIGIL_VM_KVER
export VIGIL_VM=1

ip link set lo up
hostname vigil-vm 2>/dev/null
ulimit -n 65536 2>/dev/null
mkdir -p /run/netns /run/vigil-vm/scratch /var/tmp

now() { cut -d' ' -f1 /proc/uptime; }
echo "$(now)" >$R/started

# The checks below use bash builtins and /proc, /sys: every fork and exec is
# slow under TCG (0.1-2 s each on a loaded host).
#
# "PID:COMM" of every process but init, kernel threads, and this runner with
# its descendants (the subshells that call this function).
stray_pids() {
	local f pid comm rest ppid q n
	local -A pp=() cm=()
	for f in /proc/[0-9]*/stat; do
		read -r rest <"$f" 2>/dev/null || continue
		pid=${rest%% *}
		comm=${rest#*\(}
		comm=${comm%\)*}
		rest=${rest##*\) }  # "STATE PPID ..."
		rest=${rest#* }
		ppid=${rest%% *}
		pp[$pid]=$ppid
		cm[$pid]=$comm
	done
	for pid in "${!pp[@]}"; do
		[ "$pid" = 1 ] || [ "$pid" = 2 ] || [ "${pp[$pid]}" = 2 ] && continue
		q=$pid
		for ((n = 0; n < 64; n++)); do
			[ "$q" = $$ ] || [ -z "$q" ] || [ "$q" -le 1 ] && break
			q=${pp[$q]:-}
		done
		[ "$q" = $$ ] || echo "$pid:${cm[$pid]}"
	done
}
# Network namespaces created with ip netns.
netns_list() {
	local f
	for f in /run/netns/*; do [ -e "$f" ] && echo "${f##*/}"; done
}
# Links in the root namespace but lo and the fallback devices that tunnel
# modules create in every namespace (tunl0 once ipip is loaded, ...).
extra_links() {
	local f
	for f in /sys/class/net/*; do
		case ${f##*/} in
		lo | tunl0 | sit0 | gre0 | gretap0 | erspan0 | ip_vti0 | ip6tnl0 | ip6gre0 | ip6_vti0) ;;
		*) [ -e "$f" ] && echo "${f##*/}" ;;
		esac
	done
}
extra_lo_addrs() {
	ip -o addr show dev lo | awk '$4 != "127.0.0.1/8" && $4 != "::1/128" { print $4 }'
}
# IPVS virtual services (lines of /proc/net/ip_vs that start with a protocol).
ipvs_services() {
	local proto addr _
	[ -r /proc/net/ip_vs ] || return 0
	while read -r proto addr _; do
		case $proto in TCP | UDP | SCTP | FWM) echo "$proto:$addr" ;; esac
	done </proc/net/ip_vs
}
join() { local IFS=,; echo "$*"; }
# Everything a test may leave behind that would disturb the next one.
leftovers() {
	local l="" x
	x=$(join $(netns_list)) && [ -n "$x" ] && l="$l netns:$x"
	x=$(join $(ipvs_services)) && [ -n "$x" ] && l="$l ipvs-services:$x"
	x=$(join $(extra_links)) && [ -n "$x" ] && l="$l links:$x"
	x=$(join $(extra_lo_addrs)) && [ -n "$x" ] && l="$l lo-addresses:$x"
	x=$(join $(stray_pids)) && [ -n "$x" ] && l="$l processes:$x"
	echo "$l"
}
scrub() {
	local n p
	for n in $(netns_list); do
		for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns delete "$n"
	done
	[ -n "$(ipvs_services)" ] && ipvsadm -C
	for n in $(extra_links); do ip link delete "$n"; done
	for n in $(extra_lo_addrs); do ip addr delete "$n" dev lo; done
	for p in $(stray_pids); do kill -9 "${p%%:*}" 2>/dev/null; done
	sleep 0.2
}

# Kernel state that outlives a test and would leak into the next one: IPVS
# (its connection table survives `ipvsadm -C`) is unloaded, so every test
# starts with a freshly loaded IPVS; the root namespace's IPv4/IPv6 sysctls
# (all/default/forwarding) are put back as they were at boot.
sysctl -a 2>/dev/null | grep -E '^net\.ipv[46]\.(ip_forward|conf\.(all|default)\.)' |
	grep -v -E 'mc_forwarding|stable_secret' >/run/vigil-vm/sysctl.base
reset_kernel_state() {
	local m mods=""
	sysctl -q -p /run/vigil-vm/sysctl.base >/dev/null 2>&1
	[ -e /proc/net/ip_vs ] || return 0
	while read -r m _; do
		case $m in ip_vs_*) mods="$mods $m" ;; esac
	done </proc/modules
	# shellcheck disable=SC2086
	modprobe -r $mods ip_vs 2>&1 || echo "guest: note: could not unload IPVS (loaded:$mods ip_vs)"
}

i=0
for t in "${VIGIL_VM_TESTS[@]}"; do
	i=$((i + 1))
	name=$(basename "$t" .sh)
	log=$R/$name.log
	export VIGIL_SCRATCH=/run/vigil-vm/scratch/$name
	export VIGIL_ARTIFACTS=$R/artifacts/$name
	mkdir -p "$VIGIL_SCRATCH" "$VIGIL_ARTIFACTS"
	echo "guest: [$i/${#VIGIL_VM_TESTS[@]}] $name" >/dev/console
	t0=$(now)
	(cd "$VIGIL_SCRATCH" && exec timeout -k 10 "$VIGIL_VM_TEST_TIMEOUT" bash "$t") </dev/null >"$log" 2>&1
	rc=$?
	t1=$(now)
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "guest: $name: killed after the test timeout of ${VIGIL_VM_TEST_TIMEOUT}s" >>"$log"
	fi
	left=$(leftovers)
	if [ -n "$left" ]; then
		echo "guest: $name left behind:$left (cleaned up)" >>"$log"
		scrub
		[ $rc -eq 0 ] && rc=1
	fi
	reset_kernel_state >>"$log"
	rmdir "$VIGIL_ARTIFACTS" 2>/dev/null
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	echo "$rc $secs" >"$R/.$name.rc" && mv "$R/.$name.rc" "$R/$name.rc"
	echo "guest: $name exit $rc in ${secs}s" >/dev/console
done
echo "$(now)" >$R/done
