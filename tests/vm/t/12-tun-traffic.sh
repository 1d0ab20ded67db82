#!/bin/bash
# End to end through real kernel IPVS, IP-in-IP tunnelling: the director
# encapsulates each packet to the real server's own address; each real
# server decapsulates on tunl0, where it holds the VIP (rp_filter off), and
# replies to the client itself.  wrr with weights 2/2/1 over 250 new
# connections must split exactly 100/100/50, in the answers and in IPVS's
# counters.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"

vm_topo_up tun 3
vm_start_real_servers

vm_defer ipvsadm -C
ipvsadm -A -t $VM_VIP:$VM_VPORT -s wrr || vm_fail "ipvsadm -A"
w=(2 2 1)
for i in 0 1 2; do
	ipvsadm -a -t $VM_VIP:$VM_VPORT -r "${VM_RS_IP[$i]}:$VM_VPORT" -i -w "${w[$i]}" ||
		vm_fail "ipvsadm -a ${VM_RS_IP[$i]}"
done
ipvsadm -Ln
ipvsadm -Ln | grep -q 'Tunnel' || vm_fail "real servers not in Tunnel mode"

vm_assert_split 250 100 100 50
# the packets really came in through the tunnels: at least SYN, ACK and the
# request of every connection
c=(100 100 50)
for i in 0 1 2; do
	ns=${VM_RS_NS[$i]}
	rx=$(ip -n "$ns" -s link show tunl0 | awk '/RX:/ { getline; print $2; exit }')
	vm_info "$ns: $rx packets received on tunl0"
	[ "${rx:-0}" -ge $((c[i] * 3)) ] || vm_fail "$ns received $rx packets on tunl0, expected >= $((c[i] * 3))"
done
vm_pass "250 requests through the VIP split 100/100/50 by wrr (TUN)"
