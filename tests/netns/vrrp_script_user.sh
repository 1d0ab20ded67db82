#!/bin/bash
# Script users and enable_script_security for the VRRP process's scripts
# (vrrp_script, notify scripts, the FIFO script), run through lib/script:
#  - global script_user nobody: a vrrp_script, notify_master and the
#    vrrp_notify_fifo_script without a user of their own run as nobody;
#  - `user root` on a vrrp_script and `notify_backup CMD root` run as root;
#  - enable_script_security: a script that would run as root from a
#    directory anyone can write is not run (logged), for a vrrp_script and a
#    `notify`; after a reload without enable_script_security it runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

getent passwd nobody >/dev/null || die "no user nobody"
add_node a 1
chmod 755 "$T"
mkdir -m 1777 "$T/out"
mkdir -m 777 "$T/ww"
cat >"$T/who.sh" <<EOF2
#!/bin/sh
: >"$T/out/\$1.\$(id -un)"
EOF2
chmod 755 "$T/who.sh"
cp "$T/who.sh" "$T/ww/who.sh"
conf() {
	cat >"$T/a.conf" <<EOF2
global_defs {
    router_id node_a
    script_user nobody
    $1
    vrrp_garp_master_delay 0
    vrrp_notify_fifo $T/a.fifo
    vrrp_notify_fifo_script "$T/who.sh fifo"
}
vrrp_script chk_default {
    script "$T/who.sh chk_default"
    interval 1
}
vrrp_script chk_root {
    script "$T/who.sh chk_root"
    user root
    interval 1
}
vrrp_script chk_bad {
    script "$T/ww/who.sh chk_bad"
    user root
    interval 1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 0.5
    version 3
    track_script {
        chk_default weight 1
        chk_root weight 1
        chk_bad weight 1
    }
    notify_master "$T/who.sh master"
    notify_backup "$T/who.sh backup" root
    notify "$T/ww/who.sh notify" root
    virtual_ipaddress {
        192.0.2.100/24
    }
}
EOF2
}
conf enable_script_security
check "a starts" start_node a
check "a becomes MASTER" wait_until 5 has_vip a
sleep 2
# who WHAT USER: the script WHAT ran as USER (it made out/WHAT.USER).
who() { test -e "$T/out/$1.$2"; }
check "vrrp_script without a user: script_user nobody" wait_until 3 who chk_default nobody
check "vrrp_script with user root: root" who chk_root root
check "notify_master without a user: nobody" wait_until 3 who master nobody
check "notify_backup with user root: root" who backup root
check "vrrp_notify_fifo_script: nobody" wait_until 3 who fifo nobody
check "insecure vrrp_script as root not run" eval '! ls "$T/out" | grep -q "^chk_bad"'
check "insecure notify as root not run" eval '! ls "$T/out" | grep -q "^notify"'
check "the refusal is logged once (vrrp_script)" count_is 1 node_log_count a "VRRP script chk_bad: '$T/ww/who.sh chk_bad' would run as root.*enable_script_security"
check "the refusal is logged (notify)" node_log_has a "\[VI_1\] notify: '$T/ww/who.sh notify' would run as root"
conf ""
check "reload without enable_script_security" node_reload a
check "now the vrrp_script runs as root" wait_until 4 who chk_bad root
check "a stops" stop_node a
finish
