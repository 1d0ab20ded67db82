#!/bin/bash
# A restarted checker adopts the kernel table and a reload changes only what
# changed.  The proof is IPVS's own per-destination connection counters
# (ipvsadm -Ln --stats): a destination or service that is deleted and added
# again starts from 0, one that is kept or edited in place (SET) keeps them.
#   1. vigild -C programs VIP:80 wrr 1/2/3 and VIP:81 rr over rs1, rs2;
#      traffic makes the counters 10/20/30 and 10/10.
#   2. kill -9 of vigild-checker: the supervisor starts a new one, which finds
#      the table in sync: no change logged, every counter unchanged.
#   3. reload (SIGHUP) with rs3's weight 3 -> 5 on :80, rs2 removed from :81
#      and rs3 added there: exactly those three changes are logged and made,
#      the counters of every kept destination (the edited one too) unchanged.
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
R1=${VM_RS_IP[0]} R2=${VM_RS_IP[1]} R3=${VM_RS_IP[2]}
conf() { # W3 RS81...
	local w3=$1 r
	shift
	{
		echo "virtual_server $VM_VIP 80 {"
		echo "    lb_algo wrr"
		echo "    lb_kind NAT"
		echo "    real_server $R1 80 { weight 1 }"
		echo "    real_server $R2 80 { weight 2 }"
		echo "    real_server $R3 80 { weight $w3 }"
		echo "}"
		echo "virtual_server $VM_VIP 81 {"
		echo "    lb_algo rr"
		echo "    lb_kind NAT"
		for r in "$@"; do echo "    real_server $r 80 { weight 1 }"; done
		echo "}"
	} >"$C"
}
conf 3 "$R1" "$R2"
vm_bg vigild "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
LOG=$P/vigild.log
n_dests() { ipvsadm -Ln | grep -c -- '->.*Masq'; }
vm_wait 20 eval '[ "$(n_dests)" = 5 ]' || vm_fail "vigild did not program 5 destinations"
ipvsadm -Ln

# 1. traffic: counters 10/20/30 on :80, 10/10 on :81
vm_client_get 60 "http://$VM_VIP:80/" >"$P/a80" || vm_info "curl exit $?"
vm_client_get 20 "http://$VM_VIP:81/" >"$P/a81" || vm_info "curl exit $?"
want80="$R1:80=10 $R2:80=20 $R3:80=30 "
want81="$R1:80=10 $R2:80=10 "
vm_wait 10 eval '[ "$(vm_ipvs_conns -t $VM_VIP:80)" = "$want80" ]' ||
	vm_fail ":80 counters $(vm_ipvs_conns -t $VM_VIP:80), want $want80"
vm_wait 10 eval '[ "$(vm_ipvs_conns -t $VM_VIP:81)" = "$want81" ]' ||
	vm_fail ":81 counters $(vm_ipvs_conns -t $VM_VIP:81), want $want81"
svc_conns() { ipvsadm -Ln --stats -t "$1" | awk '$1 == "TCP" { print $3 }'; }
s80=$(svc_conns $VM_VIP:80) s81=$(svc_conns $VM_VIP:81)
vm_info "service counters: :80 $s80, :81 $s81"
[ "$s80" = 60 ] && [ "$s81" = 20 ] || vm_fail "service counters $s80/$s81, want 60/20"

# 2. kill -9 the checker; the supervisor restarts it
old=$(cat "$P/checker.pid") || vm_fail "no checker pid file"
kill -0 "$old" || vm_fail "checker $old not running"
lines=$(wc -l <"$LOG")
kill -9 "$old"
new_checker() { local p; p=$(cat "$P/checker.pid" 2>/dev/null) && [ -n "$p" ] && [ "$p" != "$old" ] && kill -0 "$p"; }
vm_wait 20 new_checker || vm_fail "no new checker after kill -9"
vm_wait 20 eval 'tail -n +$((lines + 1)) "$LOG" | grep -q "IPVS sync"' ||
	vm_fail "the restarted checker did not sync"
tail -n +$((lines + 1)) "$LOG"
tail -n +$((lines + 1)) "$LOG" | grep -q 'already in sync' || vm_fail "restarted checker did not adopt"
tail -n +$((lines + 1)) "$LOG" | grep -E '\] (add|remove|edit) ' && vm_fail "restarted checker changed the table"
sleep 2 # a fold of the stats estimator
[ "$(vm_ipvs_conns -t $VM_VIP:80)" = "$want80" ] || vm_fail "after restart :80 $(vm_ipvs_conns -t $VM_VIP:80)"
[ "$(vm_ipvs_conns -t $VM_VIP:81)" = "$want81" ] || vm_fail "after restart :81 $(vm_ipvs_conns -t $VM_VIP:81)"
[ "$(svc_conns $VM_VIP:80)/$(svc_conns $VM_VIP:81)" = 60/20 ] || vm_fail "service counters reset by the restart"
vm_info "restart: table adopted, counters kept"

# 3. reload with three changes
conf 5 "$R1" "$R3"
lines=$(wc -l <"$LOG")
kill -HUP "$VG" || vm_fail "SIGHUP"
w3() { ipvsadm -Ln -t $VM_VIP:80 | awk -v r="$R3:80" '$2 == r { print $4 }'; }
vm_wait 20 eval '[ "$(w3)" = 5 ] && ipvsadm -Ln -t $VM_VIP:81 | grep -q "$R3:80"' ||
	vm_fail "reload not applied"
ipvsadm -Ln --stats
changes=$(tail -n +$((lines + 1)) "$LOG" | grep -E '\] (add|remove|edit) ' | sed 's/^.*\]: //')
echo "$changes"
want_changes="[vs $VM_VIP:81] remove rs $R2:80
[vs $VM_VIP:80] edit rs $R3:80 weight 5 Masq
[vs $VM_VIP:81] add rs $R3:80 weight 1 Masq"
[ "$(sort <<<"$changes")" = "$(sort <<<"$want_changes")" ] || vm_fail "reload changes differ from the three expected"
sleep 2
want81b="$R1:80=10 $R3:80=0 "
[ "$(vm_ipvs_conns -t $VM_VIP:80)" = "$want80" ] || vm_fail "after reload :80 $(vm_ipvs_conns -t $VM_VIP:80) (edited in place must keep counters)"
[ "$(vm_ipvs_conns -t $VM_VIP:81)" = "$want81b" ] || vm_fail "after reload :81 $(vm_ipvs_conns -t $VM_VIP:81), want $want81b"
[ "$(svc_conns $VM_VIP:80)/$(svc_conns $VM_VIP:81)" = 60/20 ] || vm_fail "service counters reset by the reload"
vm_pass "kill -9 of the checker: table adopted; reload: only the 3 changed entries changed (counters prove it)"
