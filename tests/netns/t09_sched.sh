#!/bin/bash
# 9. Scheduling settings reach each child, and a reload changes them in place:
#    vrrp_priority / vrrp_rt_priority / vrrp_no_swap / vrrp_cpu_affinity and
#    their checker_ twins, read back from /proc (nice, policy and RT priority,
#    locked memory, allowed CPUs) of the running children.
. "$(dirname "$0")/lib.sh"

# sched_conf VPRIO VRT CPRIO CRT CCPU: the test config with these settings.
sched_conf() {
	write_conf "$CONF"
	sed -i "s/^    router_id vigil_netns\$/    router_id vigil_netns\n    vrrp_priority $1\n    vrrp_rt_priority $2\n    vrrp_no_swap\n    vrrp_cpu_affinity 0\n    checker_priority $3\n    checker_rt_priority $4\n    checker_no_swap\n    checker_cpu_affinity $5/" "$CONF"
}
# field 19 of /proc/PID/stat: nice; 40: rt_priority; 41: policy (2 = SCHED_RR).
stat_field() { awk -v n="$2" '{ sub(/^.*\) /, ""); print $(n - 2) }' "/proc/$1/stat"; }
nice_is() { [ "$(stat_field "$1" 19)" = "$2" ]; }
rr_at() { [ "$(stat_field "$1" 41)" = 2 ] && [ "$(stat_field "$1" 40)" = "$2" ]; }
locked() { [ "$(awk '/^VmLck:/ { print $2 }' "/proc/$1/status")" -gt 0 ]; }
cpus_are() { [ "$(awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$1/status")" = "$2" ]; }

ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || die "needs 2 CPUs for the affinity checks (has $ncpu)"

sched_conf -5 20 3 10 1
check "both children start" start_vigild
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")
check "vrrp: nice -5" wait_until 3 nice_is "$vr" -5
check "vrrp: SCHED_RR at 20" rr_at "$vr" 20
check "vrrp: memory locked" locked "$vr"
check "vrrp: CPU 0 only" cpus_are "$vr" 0
check "checker: nice 3" wait_until 3 nice_is "$ck" 3
check "checker: SCHED_RR at 10" rr_at "$ck" 10
check "checker: memory locked" locked "$ck"
check "checker: CPU 1 only" cpus_are "$ck" 1
check "supervisor: policy SCHED_OTHER" test "$(stat_field "$vigild_pid" 41)" = 0

sched_conf -2 30 0 15 0
kill -HUP "$vigild_pid"
check "vrrp: nice -2 after reload" wait_until 5 nice_is "$vr" -2
check "vrrp: SCHED_RR at 30 after reload" wait_until 3 rr_at "$vr" 30
check "checker: nice 0 after reload" wait_until 5 nice_is "$ck" 0
check "checker: SCHED_RR at 15 after reload" wait_until 3 rr_at "$ck" 15
check "checker: CPU 0 only after reload" cpus_are "$ck" 0
check "the children were not restarted" test "$(pidof_file "$VPID")/$(pidof_file "$CPID")" = "$vr/$ck"
check "vigild stops" stop_vigild
finish
