#!/bin/bash
# 1. vigild starts both children: pid files, live processes, the right
#    programs, vigild as their parent, and both report their config; -d
#    prints the normalised config at start and vigild goes on running.
. "$(dirname "$0")/lib.sh"

write_conf "$CONF"
check "both children start (pid files name live processes)" start_vigild -d
check "-d printed the normalised config at start" log_has '^vrrp_instance VI_1 \{$'
check "-d printout holds the virtual server" log_has '^virtual_server 192\.0\.2\.100 80 \{$'
check "vigild pid file names vigild" test "$(pidof_file "$PID")" = "$vigild_pid"
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")
check "VRRP child is vigild-vrrp" test "$(comm_of "$vr")" = vigild-vrrp
check "checker child is vigild-checker" test "$(comm_of "$ck")" = vigild-checker
check "VRRP child's parent is vigild" test "$(ppid_of "$vr")" = "$vigild_pid"
check "checker child's parent is vigild" test "$(ppid_of "$ck")" = "$vigild_pid"
check "VRRP child runs in the namespace" test "$(ip netns identify "$vr")" = "$NS"
check "VRRP child logs its instances" wait_until 5 log_has "vigild-vrrp\[$vr\]: started with 1 instance"
check "checker child logs its virtual servers" \
	wait_until 5 log_has "vigild-checker\[$ck\]: started with 1 virtual server"
check "vigild still running" alive "$vigild_pid"
stop_vigild
finish
