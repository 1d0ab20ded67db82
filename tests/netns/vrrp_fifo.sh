#!/bin/bash
# VRRP notify FIFOs (notify_fifo, vrrp_notify_fifo, their _script), one
# vigil director a (priority 150, VRRPv3, advert_int 0.5) whose VI_1 is the
# member of sync group G1:
#  - both FIFOs are made when missing (mode 0600; notify_fifo owned by the
#    configured user), and opened without waiting for a reader;
#  - a reader sees exactly keepalived's lines, in order: INSTANCE "VI_1"
#    BACKUP 150, GROUP "G1" BACKUP 0, INSTANCE "VI_1" MASTER 150, GROUP "G1"
#    MASTER 0; then FAULT and back when the link goes down and up;
#  - notify_fifo_script is started with the FIFO's path as last argument
#    and reads the same lines from notify_fifo;
#  - the reader goes away and the FIFO fills up (nobody reads): the lines
#    are dropped and counted, the process neither blocks nor dies (it keeps
#    changing state);
#  - a reload with fifo_write_vrrp_states_on_reload writes every state;
#  - SIGTERM: STOP lines for the instance and the group, the script gets
#    SIGTERM, the FIFOs we made are removed;
#  - keepalived run on the same config writes the same set of lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

command -v keepalived >/dev/null || die "keepalived not installed"
add_node a 1
add_node k 3
getent passwd nobody >/dev/null || die "no user nobody"

# fifo_conf X FIFO-DIR: the config of node X, FIFOs under FIFO-DIR.
fifo_conf() {
	cat >"$T/$1.conf" <<EOF2
global_defs {
    router_id node_$1
    vrrp_garp_master_delay 0
    vrrp_garp_master_repeat 1
    notify_fifo $2/all.fifo nobody
    notify_fifo_script "$T/script.sh"
    vrrp_notify_fifo $2/vrrp.fifo
    fifo_write_vrrp_states_on_reload
}
vrrp_sync_group G1 {
    group {
        VI_1
    }
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 0.5
    version 3
    virtual_ipaddress {
        192.0.2.100/24
    }
}
EOF2
}
cat >"$T/script.sh" <<EOF2
#!/bin/sh
echo "\$# \$*" >"$T/script.args"
echo \$\$ >"$T/script.pid"
exec cat "\$1" >>"$T/script.out"
EOF2
chmod +x "$T/script.sh"
mkdir -p "$T/fa" "$T/fk"
fifo_conf a "$T/fa"
F=$T/fa/vrrp.fifo

check "a starts" start_node a
check "vrrp_notify_fifo made" wait_until 3 test -p "$F"
check "notify_fifo made" test -p "$T/fa/all.fifo"
check "vrrp_notify_fifo mode 0600" test "$(stat -c %a "$F")" = 600
check "notify_fifo owned by nobody" test "$(stat -c %U "$T/fa/all.fifo")" = nobody
cat "$F" >"$T/r1.out" &
reader=$!
check "a becomes MASTER" wait_until 5 has_vip a
expect1='INSTANCE "VI_1" BACKUP 150
GROUP "G1" BACKUP 0
INSTANCE "VI_1" MASTER 150
GROUP "G1" MASTER 0'
check "reader: BACKUP then MASTER lines, instance before group" wait_until 3 count_is "$expect1" cat "$T/r1.out"
check "script started with the FIFO's path as its only argument" wait_until 3 count_is "1 $T/fa/all.fifo" cat "$T/script.args"
check "script: the same lines from notify_fifo" wait_until 3 count_is "$expect1" cat "$T/script.out"

link_down a
check "a: FAULT" wait_until 3 node_log_has a 'MASTER -> FAULT'
link_up a
check "a: MASTER again" wait_until 5 node_log_count_ge a 'BACKUP -> MASTER' 2
expect2="$expect1"'
INSTANCE "VI_1" FAULT 150
GROUP "G1" FAULT 0
INSTANCE "VI_1" BACKUP 150
GROUP "G1" BACKUP 0
INSTANCE "VI_1" MASTER 150
GROUP "G1" MASTER 0'
check "reader: FAULT, BACKUP, MASTER" wait_until 3 count_is "$expect2" cat "$T/r1.out"

# The reader goes away; fill the FIFO (nobody reads it now) so that the
# next lines do not fit.
kill "$reader"
wait "$reader" 2>/dev/null
python3 - "$F" <<'EOF2'
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
n = 0
try:
    while True:
        n += os.write(fd, b"x" * 4096)
except BlockingIOError:
    pass
try:
    while True:
        n += os.write(fd, b"x")
except BlockingIOError:
    pass
print("# filled the FIFO with", n, "bytes")
EOF2
link_down a
check "a: FAULT with a full FIFO" wait_until 3 node_log_count_ge a 'MASTER -> FAULT' 2
check "the line was dropped and counted" wait_until 3 node_log_has a 'notify FIFO .*/vrrp.fifo: line dropped \(1 so far\)'
link_up a
check "a: MASTER again, not blocked" wait_until 5 node_log_count_ge a 'BACKUP -> MASTER' 3
check "a's VRRP process is alive" alive "$(vrrp_pid a)"
# Drain what we wrote and what was queued before the FIFO filled up.
timeout 2 cat "$F" >/dev/null
cat "$F" >"$T/r2.out" &
reader=$!
check "a reloads" node_reload a
check "reload writes the states (fifo_write_vrrp_states_on_reload)" wait_until 3 count_is 'INSTANCE "VI_1" MASTER 150
GROUP "G1" MASTER 0' cat "$T/r2.out"
spid=$(cat "$T/script.pid")
check "a stops" stop_node a
check "reader: STOP lines" wait_until 3 count_is 'INSTANCE "VI_1" MASTER 150
GROUP "G1" MASTER 0
INSTANCE "VI_1" STOP 150
GROUP "G1" STOP 0' cat "$T/r2.out"
check "the reader saw EOF" wait_until 3 gone "$reader"
check "the FIFO script was stopped" wait_until 3 gone "$spid"
check "the FIFOs we made are removed" test ! -e "$F" -a ! -e "$T/fa/all.fifo"

# keepalived on the same config writes the same lines.
fifo_conf k "$T/fk"
sed -i '/notify_fifo_script/d' "$T/k.conf"
mkfifo "$T/fk/vrrp.fifo"
cat "$T/fk/vrrp.fifo" >"$T/k.out" &
check "keepalived starts" start_keepalived k
check "keepalived: MASTER" wait_until 5 has_vip k
stop_node k
sort -u "$T/k.out" >"$T/k.sorted"
sort -u "$T/r1.out" "$T/r2.out" | grep -v 'FAULT' >"$T/a.sorted"
check "keepalived wrote the same set of lines (start, master, stop)" diff "$T/k.sorted" "$T/a.sorted"
finish
