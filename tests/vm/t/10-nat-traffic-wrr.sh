#!/bin/bash
# End to end through real kernel IPVS, NAT (masquerading) forwarding: the
# client sends 600 requests, each on a new connection, to the VIP; the
# director (the VM's root namespace) schedules them with wrr over three nginx
# real servers of weights 1/2/3.  wrr is deterministic, so the split must be
# exactly 100/200/300, both in the answers the client got and in IPVS's own
# per-real-server connection counters.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"

vm_topo_up nat 3
vm_start_real_servers

vm_defer ipvsadm -C
ipvsadm -A -t $VM_VIP:$VM_VPORT -s wrr || vm_fail "ipvsadm -A"
for i in 0 1 2; do
	ipvsadm -a -t $VM_VIP:$VM_VPORT -r "${VM_RS_IP[$i]}:$VM_VPORT" -m -w $((i + 1)) ||
		vm_fail "ipvsadm -a ${VM_RS_IP[$i]}"
done
ipvsadm -Ln

vm_assert_split 600 100 200 300
vm_pass "600 requests through the VIP split 100/200/300 by wrr (NAT)"
