#!/bin/bash
# End to end with vigild -C: the config (not ipvsadm) programs VIP:80 wrr over
# three nginx real servers in NAT mode with weights 1/2/3; the client's 600
# requests through the VIP must split exactly 100/200/300 (answers and IPVS
# counters).  Then a reload to weights 3/2/1 and 300 more requests: 150/100/50
# more, i.e. 250/300/350 counted in all (the reload kept the counters).
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_topo_up nat 3
vm_start_real_servers
vm_defer ipvsadm -C

P=$VM_SCRATCH C=$VM_SCRATCH/vigil.conf
conf() {
	{
		echo "virtual_server $VM_VIP $VM_VPORT {"
		echo "    lb_algo wrr"
		echo "    lb_kind NAT"
		echo "    protocol TCP"
		echo "    real_server ${VM_RS_IP[0]} 80 { weight $1 }"
		echo "    real_server ${VM_RS_IP[1]} 80 { weight $2 }"
		echo "    real_server ${VM_RS_IP[2]} 80 { weight $3 }"
		echo "}"
	} >"$C"
}
conf 1 2 3
vm_bg vigild "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
n_dests() { ipvsadm -Ln -t $VM_VIP:$VM_VPORT 2>/dev/null | grep -c -- '-> .*Masq'; }
vm_wait 20 eval '[ "$(n_dests)" = 3 ]' || vm_fail "vigild did not program the service"
ipvsadm -Ln
vm_assert_split 600 100 200 300

conf 3 2 1
kill -HUP "$VG" || vm_fail "SIGHUP"
w1() { ipvsadm -Ln -t $VM_VIP:$VM_VPORT | awk -v r="${VM_RS_IP[0]}:80" '$2 == r { print $4 }'; }
vm_wait 20 eval '[ "$(w1)" = 3 ]' || vm_fail "reload to 3/2/1 not applied"
vm_client_get 300 "http://$VM_VIP:$VM_VPORT/" >"$P/more" || vm_info "curl exit $?"
vm_count_lines "$P/more"
[ "$(vm_count_lines "$P/more" | tr '\n' ' ')" = "150 vt-rs1 100 vt-rs2 50 vt-rs3 " ] ||
	vm_fail "after the reload the split is not 150/100/50"
want="${VM_RS_IP[0]}:80=250 ${VM_RS_IP[1]}:80=300 ${VM_RS_IP[2]}:80=350 "
vm_wait 10 eval '[ "$(vm_ipvs_conns -t $VM_VIP:$VM_VPORT)" = "$want" ]' ||
	vm_fail "IPVS counted $(vm_ipvs_conns -t $VM_VIP:$VM_VPORT), want $want"
vm_pass "vigild-programmed wrr 1/2/3 split 600 requests 100/200/300; reloaded 3/2/1 split 300 more 150/100/50"
