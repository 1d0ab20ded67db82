#!/bin/bash
# Statistics and ZERO through vigil's netlink code, with real traffic: the
# probe builds a NAT service with two real servers (rr), the client makes 40
# connections through the VIP; the probe's stats (parsed from the kernel's
# 64-bit stats) must count 40 connections for the service and 20 per real
# server, agree with `ipvsadm -Ln --stats`, then read zero after ZERO.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
P=$VIGIL_BUILDDIR/ipvs/vigil-ipvs-probe
[ -x "$P" ] || vm_fail "$P not built"
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_topo_up nat 2
vm_start_real_servers
vm_defer ipvsadm -C

S=tcp/$VM_VIP:$VM_VPORT
"$P" add-service "$S" sched=rr || vm_fail "add service"
for i in 0 1; do
	"$P" add-dest "$S" "${VM_RS_IP[$i]}:$VM_VPORT" fwd=masq || vm_fail "add dest $i"
done
vm_client_get 40 "http://$VM_VIP:$VM_VPORT/" >"$VM_SCRATCH/answers" || vm_info "curl exited $?"
[ "$(grep -c . "$VM_SCRATCH/answers")" -eq 40 ] || vm_fail "client got $(grep -c . "$VM_SCRATCH/answers") answers, want 40"

svc_stats() { "$P" stats | awk -v s="TCP/$VM_VIP:$VM_VPORT" '$1 == "stats" && $2 == s && NF == 7'; }
rs_conns() { "$P" stats | awk -v rs="$1:$VM_VPORT" '$1 == "stats" && $3 == rs { sub("conns=", "", $4); print $4 }'; }
vm_wait 10 eval '[ "$(svc_stats | awk "{print \$3}")" = conns=40 ]' ||
	vm_fail "probe stats: $(svc_stats)"
"$P" stats
ipvsadm -Ln --stats
for i in 0 1; do
	rs=${VM_RS_IP[$i]}
	[ "$(rs_conns "$rs")" = 20 ] || vm_fail "probe counts $(rs_conns "$rs") connections to $rs, want 20"
	theirs=$(ipvsadm -Ln --stats | awk -v r="$rs:$VM_VPORT" '$1 == "->" && $2 == r { print $3 }')
	[ "$theirs" = 20 ] || vm_fail "ipvsadm counts $theirs connections to $rs"
done
line=$(svc_stats)
inpkts=$(sed 's/.*inpkts=\([0-9]*\).*/\1/' <<<"$line")
inbytes=$(sed 's/.*inbytes=\([0-9]*\).*/\1/' <<<"$line")
[ "$inpkts" -ge 200 ] || vm_fail "inpkts $inpkts: 40 HTTP connections take at least 5 packets each"
[ "$inbytes" -gt "$inpkts" ] || vm_fail "inbytes $inbytes not above inpkts $inpkts"

"$P" zero "$S" || vm_fail "probe zero"
vm_wait 10 eval '[ "$(svc_stats | awk "{print \$3}")" = conns=0 ]' || vm_fail "after ZERO: $(svc_stats)"
[ "$(rs_conns "${VM_RS_IP[0]}")" = 0 ] || vm_fail "real server stats not zeroed"
"$P" flush || vm_fail "flush"
vm_pass "40 connections counted per service and real server as ipvsadm sees them; ZERO clears them"
