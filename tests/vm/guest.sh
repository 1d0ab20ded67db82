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
# reset, so that the next test starts from a clean VM.  /vigil-results/started and /done mark the
# start of the first test and the end of the run.
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

# "PID COMM" of every process but init, kernel threads, and this runner
# with its descendants (the pipelines that call this function).
stray_pids() {
	ps -eo pid=,ppid=,comm= | awk -v me=$$ '
		{ pp[$1] = $2; c[$1] = $3 }
		END {
			for (p in pp) {
				if (p == 1 || p == 2 || pp[p] == 2) continue
				q = p
				for (n = 0; n < 64 && q != me && q > 1; n++) q = pp[q]
				if (q != me) print p, c[p]
			}
		}'
}
# Links in the root namespace but lo and the fallback devices that tunnel
# modules create in every namespace (tunl0 once ipip is loaded, ...).
extra_links() {
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		grep -vxE 'lo|tunl0|sit0|gre0|gretap0|erspan0|ip_vti0|ip6tnl0|ip6gre0|ip6_vti0'
}
extra_lo_addrs() {
	ip -o addr show dev lo | awk '$4 != "127.0.0.1/8" && $4 != "::1/128" { print $4 }'
}
# Everything a test may leave behind that would disturb the next one.
leftovers() {
	local l=""
	[ -n "$(ip netns list 2>/dev/null)" ] && l="$l netns:$(ip netns list | awk '{print $1}' | paste -sd, -)"
	if [ -e /proc/net/ip_vs ] && [ -n "$(ipvsadm -Sn 2>/dev/null)" ]; then
		l="$l ipvs-services"
	fi
	local links addrs
	links=$(extra_links | paste -sd, -)
	[ -n "$links" ] && l="$l links:$links"
	addrs=$(extra_lo_addrs | paste -sd, -)
	[ -n "$addrs" ] && l="$l lo-addresses:$addrs"
	local p
	p=$(stray_pids | awk '{print $2}' | sort -u | paste -sd, -)
	[ -n "$p" ] && l="$l processes:$p"
	echo "$l"
}
scrub() {
	local n
	for n in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		ip netns pids "$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns delete "$n"
	done
	[ -e /proc/net/ip_vs ] && ipvsadm -C 2>/dev/null
	for n in $(extra_links); do ip link delete "$n"; done
	for n in $(extra_lo_addrs); do ip addr delete "$n" dev lo; done
	stray_pids | awk '{print $1}' | xargs -r kill -9 2>/dev/null
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
	ipvsadm -C 2>/dev/null
	for m in $(awk '$1 ~ /^ip_vs_/ { print $1 }' /proc/modules); do mods="$mods $m"; done
	# shellcheck disable=SC2086
	modprobe -r $mods ip_vs 2>&1 || echo "guest: note: could not unload IPVS ($(awk '$1 ~ /^ip_vs/' /proc/modules | tr '\n' ' '))"
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
