#!/bin/bash
# Sync daemons through vigil's netlink code (NEW/DEL/GET_DAEMON): a master
# started by the probe with every optional attribute is what `ipvsadm -L
# --daemon` reports; a backup started by ipvsadm is what the probe's dump
# reports; stopping works both ways, and stopping a daemon that does not run
# fails with the kernel's ESRCH.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
P=$VIGIL_BUILDDIR/ipvs/vigil-ipvs-probe
[ -x "$P" ] || vm_fail "$P not built"
modprobe ip_vs || vm_fail "modprobe ip_vs"
ip link add vt-sync0 type veth peer name vt-sync1 || vm_fail "veth"
vm_link_del_at_exit vt-sync0
ip link set vt-sync0 up && ip link set vt-sync1 up || vm_fail "veth up"
ip addr add 192.0.2.1/24 dev vt-sync0 || vm_fail "address"
vm_defer ipvsadm --stop-daemon master
vm_defer ipvsadm --stop-daemon backup

out=$("$P" daemons) || vm_fail "probe daemons"
grep -qx 'daemons 0' <<<"$out" || vm_fail "daemons running at start: $out"

"$P" add-daemon master vt-sync0 9 group=239.1.2.3 port=8850 ttl=3 || vm_fail "probe add-daemon master"
d=$(ipvsadm -L --daemon) || vm_fail "ipvsadm -L --daemon"
echo "$d"
grep -q '^master sync daemon (mcast=vt-sync0, syncid=9' <<<"$d" || vm_fail "master not seen by ipvsadm"
grep -q 'group=239\.1\.2\.3' <<<"$d" || vm_fail "group not seen by ipvsadm"
grep -q 'port=8850' <<<"$d" || vm_fail "port not seen by ipvsadm"
grep -q 'ttl=3' <<<"$d" || vm_fail "ttl not seen by ipvsadm"

ipvsadm --start-daemon backup --mcast-interface vt-sync1 --syncid 7 || vm_fail "ipvsadm --start-daemon backup"
out=$("$P" daemons) || vm_fail "probe daemons (2)"
echo "$out"
grep -qx 'daemons 2' <<<"$out" || vm_fail "probe does not see two daemons"
grep -q '^daemon master ifn=vt-sync0 syncid=9 maxlen=[0-9]* group=239\.1\.2\.3 port=8850 ttl=3$' <<<"$out" ||
	vm_fail "probe's view of the master"
grep -q '^daemon backup ifn=vt-sync1 syncid=7 ' <<<"$out" || vm_fail "probe's view of the backup"

err=$("$P" add-daemon master vt-sync0 9) && vm_fail "a second master was accepted"
grep -q 'NEW_DAEMON: error: Sync daemon already running' <<<"$err" || vm_fail "second master: $err"
"$P" del-daemon master || vm_fail "probe del-daemon master"
"$P" del-daemon backup || vm_fail "probe del-daemon backup"
[ -z "$(ipvsadm -L --daemon)" ] || vm_fail "daemons still running: $(ipvsadm -L --daemon)"
err=$("$P" del-daemon backup) && vm_fail "stopping a stopped daemon succeeded"
grep -q 'DEL_DAEMON: error: No such sync daemon' <<<"$err" || vm_fail "stopping a stopped daemon: $err"
vm_pass "sync daemons start/stop/list through vigil's netlink code, cross-checked with ipvsadm"
