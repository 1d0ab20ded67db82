#!/bin/bash
# End to end through real kernel IPVS over IPv6, NAT forwarding: a dual-stack
# topology; an IPv6 virtual service (2001:db8:ff::10 port 80, wrr 1/2/3) and
# an IPv4 one (rr) side by side.  300 new IPv6 connections must split exactly
# 50/100/150 (answers and IPVS counters), and 90 IPv4 connections through the
# other service 30/30/30, each service counting only its own traffic.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"

vm_topo_up nat 3 6
vm_start_real_servers

vm_defer ipvsadm -C
ipvsadm -A -t "[$VM_VIP6]:$VM_VPORT" -s wrr || vm_fail "ipvsadm -A (IPv6)"
ipvsadm -A -t "$VM_VIP:$VM_VPORT" -s rr || vm_fail "ipvsadm -A (IPv4)"
for i in 0 1 2; do
	ipvsadm -a -t "[$VM_VIP6]:$VM_VPORT" -r "[${VM_RS_IP6[$i]}]:$VM_VPORT" -m -w $((i + 1)) ||
		vm_fail "ipvsadm -a ${VM_RS_IP6[$i]}"
	ipvsadm -a -t "$VM_VIP:$VM_VPORT" -r "${VM_RS_IP[$i]}:$VM_VPORT" -m -w 5 ||
		vm_fail "ipvsadm -a ${VM_RS_IP[$i]}"
done
ipvsadm -Ln

vm_assert_split -6 300 50 100 150
vm_assert_split 90 30 30 30
# the IPv6 service saw none of the IPv4 traffic
[ "$(vm_ipvs_conns -t "[$VM_VIP6]:$VM_VPORT")" = "[${VM_RS_IP6[0]}]:80=50 [${VM_RS_IP6[1]}]:80=100 [${VM_RS_IP6[2]}]:80=150 " ] ||
	vm_fail "IPv6 service counters changed: $(vm_ipvs_conns -t "[$VM_VIP6]:$VM_VPORT")"
vm_pass "IPv6 wrr split 50/100/150 and IPv4 rr 30/30/30 side by side (NAT)"
