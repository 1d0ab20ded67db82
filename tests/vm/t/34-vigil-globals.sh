#!/bin/bash
# The LVS globals of vigild -C against the kernel, read back with ipvsadm:
#   - lvs_flush: a foreign service present at start is flushed;
#   - lvs_timeouts tcp 100 tcpfin 20 udp 30: ipvsadm -L --timeout;
#   - lvs_sync_daemon IFACE id 5 (no instance: master and backup): ipvsadm
#     -L --daemon shows both with syncid 5, and they are stopped at exit;
#   - -I (--dont-release-ipvs): SIGTERM leaves the table as it is; the next
#     vigild (without lvs_flush) adopts it without a change.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
vm_ipvs_dummy
vm_defer ipvsadm --stop-daemon master
vm_defer ipvsadm --stop-daemon backup
P=$VM_SCRATCH C=$VM_SCRATCH/vigil.conf

ipvsadm -A -t 198.51.100.200:443 -s lc || vm_fail "foreign service"
cat >"$C" <<'EOC'
global_defs {
    lvs_flush
    lvs_timeouts tcp 100 tcpfin 20 udp 30
    lvs_sync_daemon vt-dummy0 id 5
}
virtual_server 203.0.113.10 80 {
    lb_algo rr
    real_server 192.0.2.11 80 { weight 1 }
}
EOC
"$V/vigild" -t -f "$C" || vm_fail "config rejected"
vm_bg vigild "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
vm_wait 20 eval 'ipvsadm -Sn | grep -q "^-a -t 203.0.113.10:80 -r 192.0.2.11:80"' || vm_fail "service not programmed"
ipvsadm -Sn
ipvsadm -Sn | grep -q 198.51.100.200 && vm_fail "lvs_flush did not remove the foreign service"
ipvsadm -L --timeout
ipvsadm -L --timeout | grep -q 'Timeout (tcp tcpfin udp): 100 20 30' || vm_fail "lvs_timeouts not set"
ipvsadm -L --daemon
ipvsadm -L --daemon | grep -q 'master sync daemon (mcast=vt-dummy0, syncid=5' || vm_fail "no master sync daemon"
ipvsadm -L --daemon | grep -q 'backup sync daemon (mcast=vt-dummy0, syncid=5' || vm_fail "no backup sync daemon"
kill "$VG"
vm_wait 10 _vm_gone "$VG" || vm_fail "vigild did not stop"
[ -z "$(ipvsadm -L --daemon)" ] || vm_fail "sync daemons left after stop"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "table left after stop"

# -I keeps the table; a new vigild (no lvs_flush) adopts it unchanged
sed -i '/lvs_flush/d; /lvs_sync_daemon/d' "$C"
vm_bg vigild2 "$V/vigild" -n -l -I -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
vm_wait 20 eval 'ipvsadm -Sn | grep -q "^-a -t 203.0.113.10:80"' || vm_fail "service not programmed (2)"
before=$(ipvsadm -Sn)
kill "$VG"
vm_wait 10 _vm_gone "$VG" || vm_fail "vigild did not stop (2)"
[ "$(ipvsadm -Sn)" = "$before" ] || vm_fail "-I: the table changed at stop"
vm_bg vigild3 "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
vm_wait 20 grep -q 'IPVS sync' "$P/vigild3.log" || vm_fail "no sync (3)"
grep 'IPVS sync' "$P/vigild3.log"
grep -q 'already in sync' "$P/vigild3.log" || vm_fail "the table kept by -I was not adopted as is"
vm_pass "lvs_flush, lvs_timeouts, lvs_sync_daemon applied; -I keeps the table and the next start adopts it"
