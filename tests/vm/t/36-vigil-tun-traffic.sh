#!/bin/bash
# End to end with vigild -C in tunnel mode, all three tunnel types of the
# kernel (6.1 has ipip, gue and gre for IPVS; `ip link add type gre` and
# `ip fou add port N gue` work in the guest):
#   1. `lb_kind TUN` on the virtual server (ipip), wrr 2/2/1: ipvsadm -Sn, the
#      independent reader, shows three tunnel (-i) destinations, --tun-type ipip;
#      250 new connections through the VIP split exactly 100/100/50 (answers
#      and IPVS counters), every packet came in on each real server's tunl0.
#   2. reload: vt-rs2 gets `lvs_method TUN type gue port 6080`, vt-rs3
#      `lvs_method TUN type gre` (vt-rs1 stays ipip).  Exactly 2 changes
#      (SETs: the counters are kept); ipvsadm -Sn shows --tun-type gue
#      --tun-port 6080 and --tun-type gre; 250 more connections split
#      100/100/50 again (200/200/100 counted in all), and the packets came
#      through the new tunnels: vt-rs2's fou socket on UDP 6080 (Udp
#      InDatagrams; GUE's inner ipip packet then lands on tunl0), vt-rs3's
#      gre0 (and nothing more on its tunl0).
# Then SIGTERM removes the service.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
modprobe ip_vs || vm_fail "modprobe ip_vs"
modprobe fou || vm_fail "modprobe fou (GUE receive)"
modprobe ip_gre || vm_fail "modprobe ip_gre (GRE receive: gre0 in every namespace)"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_topo_up tun 3
GUE_PORT=6080
ip -n vt-rs2 fou add port $GUE_PORT gue || vm_fail "fou port $GUE_PORT in vt-rs2"
ip -n vt-rs3 link set gre0 up || vm_fail "gre0 up in vt-rs3"
vm_sysctl vt-rs3 net.ipv4.conf.gre0.rp_filter=0
vm_start_real_servers
vm_defer ipvsadm -C

P=$VM_SCRATCH C=$VM_SCRATCH/vigil.conf
conf() { # RS2-METHOD RS3-METHOD (empty: the virtual server's)
	{
		echo "virtual_server $VM_VIP $VM_VPORT {"
		echo "    lb_algo wrr"
		echo "    lb_kind TUN"
		echo "    protocol TCP"
		echo "    real_server ${VM_RS_IP[0]} $VM_VPORT { weight 2 }"
		echo "    real_server ${VM_RS_IP[1]} $VM_VPORT {"
		echo "        weight 2"
		[ -n "$1" ] && echo "        lvs_method $1"
		echo "    }"
		echo "    real_server ${VM_RS_IP[2]} $VM_VPORT {"
		echo "        weight 1"
		[ -n "$2" ] && echo "        lvs_method $2"
		echo "    }"
		echo "}"
	} >"$C"
	"$V/vigild" -t -f "$C" || vm_fail "config rejected"
}
dest() { ipvsadm -Sn | grep "^-a -t $VM_VIP:$VM_VPORT -r $1:$VM_VPORT " || echo "(none for $1)"; }
has() { # RIP WORD...: the destination's ipvsadm -Sn line has every WORD
	local l r=$1
	shift
	l=$(dest "$r")
	for w in "$@"; do [[ " $l " == *" $w "* ]] || return 1; done
}
rx() { ip -n "$1" -s link show "$2" | awk '/RX:/ { getline; print $2; exit }'; }
udp_in() { ip netns exec "$1" awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ { print $2 }' /proc/net/snmp; }

conf "" ""
vm_bg vigild env VIGIL_TMPDIR="$P" "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" \
	-r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
vm_wait 20 has "${VM_RS_IP[2]}" -i -w 1 || vm_fail "vigild did not program the service"
ipvsadm -Ln --tun-info
ipvsadm -Sn
w=(2 2 1)
for i in 0 1 2; do
	has "${VM_RS_IP[$i]}" -i -w "${w[$i]}" --tun-type ipip ||
		vm_fail "not an ipip tunnel dest of weight ${w[$i]}: $(dest "${VM_RS_IP[$i]}")"
done
[ "$(ipvsadm -Ln | grep -c ' Tunnel ')" = 3 ] || vm_fail "ipvsadm -Ln does not show 3 Tunnel destinations"
vm_assert_split 250 100 100 50
c=(100 100 50)
for i in 0 1 2; do
	t1[$i]=$(rx "${VM_RS_NS[$i]}" tunl0)
	vm_info "${VM_RS_NS[$i]}: ${t1[$i]} packets on tunl0"
	[ "${t1[$i]:-0}" -ge $((c[i] * 3)) ] || vm_fail "${VM_RS_NS[$i]}: ${t1[$i]} packets on tunl0, want >= $((c[i] * 3))"
done

# ---- reload: gue and gre ----
u0=$(udp_in vt-rs2) g0=$(rx vt-rs3 gre0)
conf "TUN type gue port $GUE_PORT" "TUN type gre"
kill -HUP "$VG" || vm_fail "SIGHUP"
vm_wait 20 has "${VM_RS_IP[2]}" --tun-type gre || vm_fail "reload to gre not applied: $(dest "${VM_RS_IP[2]}")"
ipvsadm -Ln --tun-info
ipvsadm -Sn
has "${VM_RS_IP[1]}" -i -w 2 --tun-type gue --tun-port $GUE_PORT || vm_fail "vt-rs2 not gue:$GUE_PORT: $(dest "${VM_RS_IP[1]}")"
has "${VM_RS_IP[2]}" -i -w 1 --tun-type gre || vm_fail "vt-rs3 not gre: $(dest "${VM_RS_IP[2]}")"
has "${VM_RS_IP[0]}" -i -w 2 --tun-type ipip || vm_fail "vt-rs1 no longer ipip: $(dest "${VM_RS_IP[0]}")"
ipvsadm -Ln --tun-info | grep -q "${VM_RS_IP[1]}:80 *Tunnel *gue:$GUE_PORT" || vm_fail "ipvsadm -Ln --tun-info: no gue:$GUE_PORT"
ipvsadm -Ln --tun-info | grep -q "${VM_RS_IP[2]}:80 *Tunnel *gre" || vm_fail "ipvsadm -Ln --tun-info: no gre"
grep -q 'IPVS sync: 2 changes, 0 failed' "$P/vigild.log" || vm_fail "the reload was not exactly 2 changes"

vm_client_get 250 "http://$VM_VIP:$VM_VPORT/" >"$P/more" || vm_info "curl exit $?"
vm_count_lines "$P/more"
[ "$(vm_count_lines "$P/more" | tr '\n' ' ')" = "100 vt-rs1 100 vt-rs2 50 vt-rs3 " ] ||
	vm_fail "after the reload the split is not 100/100/50"
want="${VM_RS_IP[0]}:80=200 ${VM_RS_IP[1]}:80=200 ${VM_RS_IP[2]}:80=100 "
vm_wait 10 eval '[ "$(vm_ipvs_conns -t $VM_VIP:$VM_VPORT)" = "$want" ]' ||
	vm_fail "IPVS counted $(vm_ipvs_conns -t $VM_VIP:$VM_VPORT), want $want (destinations re-added?)"
u1=$(udp_in vt-rs2) g1=$(rx vt-rs3 gre0) t3=$(rx vt-rs3 tunl0)
vm_info "vt-rs2: $((u1 - u0)) UDP datagrams (GUE); vt-rs3: $((g1 - g0)) packets on gre0, tunl0 $t3 (was ${t1[2]})"
[ $((u1 - u0)) -ge 300 ] || vm_fail "vt-rs2 received $((u1 - u0)) UDP datagrams, want >= 300 (GUE)"
[ $((g1 - g0)) -ge 150 ] || vm_fail "vt-rs3 received $((g1 - g0)) packets on gre0, want >= 150"
[ "$t3" = "${t1[2]}" ] || vm_fail "vt-rs3 still receives ipip on tunl0 ($t3, was ${t1[2]})"

kill "$VG"
vm_wait 10 _vm_gone "$VG" || vm_fail "vigild did not stop"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "table left after stop: $(ipvsadm -Sn)"
vm_pass "vigild-programmed TUN: ipip wrr 2/2/1 split 250 as 100/100/50; reloaded to ipip/gue:$GUE_PORT/gre (2 SETs) split 250 more the same through the new tunnels"
