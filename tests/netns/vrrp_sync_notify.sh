#!/bin/bash
# VRRP sync group notify scripts: one vigil director, sync group G1 of VI_1
# and VI_2 (VRIDs 51, 52 on eth0, priority 150, advert_int 0.5), with the
# group's notify_master / notify_backup / notify_fault / notify_stop and
# `notify` (GROUP G1 STATE 0 appended, as keepalived).  Each script logs
# "begin ARGS", sleeps 0.2 s, logs "end ARGS": the log proves the order and
# that two scripts of the group never ran at once.  The group goes BACKUP
# -> MASTER (both members master), FAULT (link down) -> BACKUP -> MASTER
# (link up), STOP (SIGTERM), each once, although two members change state.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
cat >"$T/gn.sh" <<EOF2
#!/bin/sh
echo "begin \$*" >>"$T/gn.log"
sleep 0.2
echo "end \$*" >>"$T/gn.log"
EOF2
chmod +x "$T/gn.sh"
inst() {
	cat <<EOF2
vrrp_instance $1 {
    state BACKUP
    interface eth0
    virtual_router_id $2
    priority 150
    advert_int 0.5
    version 3
    virtual_ipaddress {
        $3/24
    }
}
EOF2
}
cat >"$T/a.conf" <<EOF2
global_defs {
    router_id node_a
    vrrp_garp_master_delay 0
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
    notify_master "$T/gn.sh master"
    notify_backup "$T/gn.sh backup"
    notify_fault "$T/gn.sh fault"
    notify_stop "$T/gn.sh stop"
    notify "$T/gn.sh any"
}
$(inst VI_1 51 192.0.2.100)
$(inst VI_2 52 192.0.2.101)
EOF2
check "a starts" start_node a
check "a holds both VIPs" wait_until 6 eval 'has_vip a 192.0.2.100 && has_vip a 192.0.2.101'
check "group G1: MASTER logged" wait_until 3 node_log_has a '\(sync group G1\) BACKUP -> MASTER'
link_down a
check "group G1: FAULT" wait_until 3 node_log_has a '\(sync group G1\) MASTER -> FAULT'
sleep 0.5
link_up a
check "group G1: MASTER again" wait_until 6 node_log_count_ge a '\(sync group G1\) BACKUP -> MASTER' 2
sleep 1
check "a stops" stop_node a
pairs() {
	local s
	for s in "$@"; do
		printf 'begin %s\nend %s\nbegin any GROUP G1 %s 0\nend any GROUP G1 %s 0\n' \
			"$s" "$s" "$(echo "$s" | tr a-z A-Z)" "$(echo "$s" | tr a-z A-Z)"
	done
}
expect=$(pairs backup master fault backup master stop)
check "the group's scripts ran in order, one at a time, once per group change" \
	count_is "$expect" cat "$T/gn.log"
[ "$fails" -eq 0 ] || sed 's/^/| /' "$T/gn.log"
finish
