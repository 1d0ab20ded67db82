#!/bin/bash
# End to end with vigild -C in direct routing: the config (not ipvsadm)
# programs VIP:80 wrr over three nginx real servers with `lb_kind DR` and
# weights 3/1/2 (the topology of 11-dr-traffic: each real server holds the
# VIP on lo, arp_ignore=1/arp_announce=2, and answers the client itself).
# ipvsadm -Ln, the independent reader, must show every destination in Route
# mode with its weight; the client's 300 new connections through the VIP
# must split exactly 150/50/100 (answers and IPVS counters).  A reload to
# 1/2/3 is exactly 3 changes and splits 300 more 50/100/150 with the counters
# kept (SET, not re-add), and SIGTERM removes the service.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_topo_up dr 3
vm_start_real_servers
vm_defer ipvsadm -C

P=$VM_SCRATCH C=$VM_SCRATCH/vigil.conf
conf() {
	{
		echo "virtual_server $VM_VIP $VM_VPORT {"
		echo "    lb_algo wrr"
		echo "    lb_kind DR"
		echo "    protocol TCP"
		echo "    real_server ${VM_RS_IP[0]} $VM_VPORT { weight $1 }"
		echo "    real_server ${VM_RS_IP[1]} $VM_VPORT { weight $2 }"
		echo "    real_server ${VM_RS_IP[2]} $VM_VPORT { weight $3 }"
		echo "}"
	} >"$C"
}
conf 3 1 2
"$V/vigild" -t -f "$C" || vm_fail "config rejected"
vm_bg vigild env VIGIL_TMPDIR="$P" "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" \
	-r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
# "RIP:PORT FORWARD WEIGHT" of every destination, as ipvsadm -Ln shows them
table() { ipvsadm -Ln -t $VM_VIP:$VM_VPORT 2>/dev/null | awk '$1 == "->" && $2 ~ /:[0-9]+$/ { printf "%s %s %s\n", $2, $3, $4 }'; }
want_table() { printf '%s:80 Route %s\n' "${VM_RS_IP[0]}" "$1" "${VM_RS_IP[1]}" "$2" "${VM_RS_IP[2]}" "$3"; }
vm_wait 20 eval '[ "$(table)" = "$(want_table 3 1 2)" ]' ||
	vm_fail "vigild did not program DR 3/1/2: $(table | tr '\n' ' ')"
ipvsadm -Ln
ipvsadm -Sn | grep -q "^-A -t $VM_VIP:$VM_VPORT -s wrr\$" || vm_fail "service not wrr: $(ipvsadm -Sn)"
vm_assert_split 300 150 50 100

conf 1 2 3
kill -HUP "$VG" || vm_fail "SIGHUP"
vm_wait 20 eval '[ "$(table)" = "$(want_table 1 2 3)" ]' ||
	vm_fail "reload to 1/2/3 not applied: $(table | tr '\n' ' ')"
grep -q 'IPVS sync: 3 changes, 0 failed' "$P/vigild.log" || vm_fail "the reload was not exactly 3 changes"
vm_client_get 300 "http://$VM_VIP:$VM_VPORT/" >"$P/more" || vm_info "curl exit $?"
vm_count_lines "$P/more"
[ "$(vm_count_lines "$P/more" | tr '\n' ' ')" = "50 vt-rs1 100 vt-rs2 150 vt-rs3 " ] ||
	vm_fail "after the reload the split is not 50/100/150"
want="${VM_RS_IP[0]}:80=200 ${VM_RS_IP[1]}:80=150 ${VM_RS_IP[2]}:80=250 "
vm_wait 10 eval '[ "$(vm_ipvs_conns -t $VM_VIP:$VM_VPORT)" = "$want" ]' ||
	vm_fail "IPVS counted $(vm_ipvs_conns -t $VM_VIP:$VM_VPORT), want $want (destinations re-added?)"

kill "$VG"
vm_wait 10 _vm_gone "$VG" || vm_fail "vigild did not stop"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "table left after stop: $(ipvsadm -Sn)"
vm_pass "vigild-programmed DR wrr 3/1/2 split 300 requests 150/50/100; reload 1/2/3 split 300 more 50/100/150, counters kept; removed at stop"
