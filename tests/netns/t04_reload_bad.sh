#!/bin/bash
# 4. SIGHUP with a broken file: the error is logged with file:line:col, the
#    running configuration stays, no child is touched; a later SIGHUP with the
#    fixed file works.
. "$(dirname "$0")/lib.sh"

write_conf "$CONF"
check "both children start" start_vigild
vr=$(pidof_file "$VPID")
ck=$(pidof_file "$CPID")
wait_until 5 log_has "vigild-checker\[$ck\]: started with"

# An unknown keyword on the file's last line, column 1.
write_conf "$CONF" 100 1 "no_such_keyword 42"
line=$(grep -n '^no_such_keyword' "$CONF" | cut -d: -f1)
kill -HUP "$vigild_pid"
check "log names the reload failure" wait_until 5 log_has \
	'reload failed, keeping the running configuration'
check "log names $CONF:$line:1" log_has "vigild\[[0-9]+\]: $CONF:$line:1: .*no_such_keyword"
check "VRRP child got no config" test "$(log_count 'vigild-vrrp.*configuration reloaded')" -eq 0
check "checker child got no config" \
	test "$(log_count 'vigild-checker.*configuration reloaded')" -eq 0
check "VRRP child kept its pid" test "$(pidof_file "$VPID")" = "$vr"
check "checker child kept its pid" test "$(pidof_file "$CPID")" = "$ck"
check "children alive" alive "$vr"
check "vigild alive" alive "$vigild_pid"

write_conf "$CONF" 110 2
kill -HUP "$vigild_pid"
check "fixed file: VRRP child reloads" wait_until 5 log_has \
	"vigild-vrrp\[$vr\]: configuration reloaded: 1 instance"
check "fixed file: checker child reloads" wait_until 5 log_has \
	"vigild-checker\[$ck\]: configuration reloaded: 1 virtual server"
check "children kept their pids" test "$(pidof_file "$VPID") $(pidof_file "$CPID")" = "$vr $ck"
stop_vigild
finish
