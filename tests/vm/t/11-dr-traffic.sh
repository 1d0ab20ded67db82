#!/bin/bash
# End to end through real kernel IPVS, direct routing (gatewaying): the
# director only rewrites the destination MAC; each real server holds the VIP
# on lo (arp_ignore=1, arp_announce=2, so it never answers ARP for it) and
# replies to the client itself.  wrr with weights 3/1/2 over 300 new
# connections must split exactly 150/50/100, in the answers and in IPVS's
# counters.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"

vm_topo_up dr 3
vm_start_real_servers
# the director must be the only one answering ARP for the VIP
for ns in "${VM_RS_NS[@]}"; do
	[ "$(ip netns exec "$ns" sysctl -n net.ipv4.conf.all.arp_ignore)" = 1 ] || vm_fail "arp_ignore in $ns"
done

vm_defer ipvsadm -C
ipvsadm -A -t $VM_VIP:$VM_VPORT -s wrr || vm_fail "ipvsadm -A"
w=(3 1 2)
for i in 0 1 2; do
	ipvsadm -a -t $VM_VIP:$VM_VPORT -r "${VM_RS_IP[$i]}:$VM_VPORT" -g -w "${w[$i]}" ||
		vm_fail "ipvsadm -a ${VM_RS_IP[$i]}"
done
ipvsadm -Ln
ipvsadm -Ln | grep -q 'Route' || vm_fail "real servers not in Route (DR) mode"

vm_assert_split 300 150 50 100
vm_pass "300 requests through the VIP split 150/50/100 by wrr (DR)"
