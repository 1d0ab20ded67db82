#!/bin/bash
# 3. SIGHUP with a valid, changed file: both children keep their pids and
#    apply the new configuration.
. "$(dirname "$0")/lib.sh"

write_conf "$CONF"
check "both children start" start_vigild
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")
wait_until 5 log_has "vigild-checker\[$ck\]: started with"

write_conf "$CONF" 90 5
kill -HUP "$vigild_pid"
check "vigild logs the reload" wait_until 5 log_has \
	'vigild\[[0-9]+\]: configuration reloaded \(VRRP instances: 1, virtual servers: 1\)'
check "VRRP child applies it" wait_until 5 log_has \
	"vigild-vrrp\[$vr\]: configuration reloaded: 1 instance"
check "checker child applies it" wait_until 5 log_has \
	"vigild-checker\[$ck\]: configuration reloaded: 1 virtual server"
check "VRRP child kept its pid" test "$(pidof_file "$VPID")" = "$vr"
check "checker child kept its pid" test "$(pidof_file "$CPID")" = "$ck"
check "VRRP child still alive" alive "$vr"
check "checker child still alive" alive "$ck"
check "no child restarted" test "$(log_count 'child exited')" -eq 0

# A second reload works the same way.
kill -HUP "$vigild_pid"
check "second reload reaches the VRRP child" wait_until 5 count_is 2 \
	log_count "vigild-vrrp\[$vr\]: configuration reloaded"
stop_vigild
finish
