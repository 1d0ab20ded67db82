#!/bin/bash
# inhibit_on_failure on the real IPVS table (vigild -C, NAT, wrr): rs1
# (weight 3, inhibit_on_failure) and rs2 (weight 2, without: the control),
# TCP_CHECK at delay_loop 1, connect_timeout 1, retry 1, delay_before_retry 1.
#   a. both up: weights 3/2, 50 requests through the VIP split 30/20;
#   b. rs1's nginx stopped: within B = 4 s (delay_loop + connect_timeout +
#      retry x delay_before_retry + 1) ipvsadm shows rs1 with Weight 0, still
#      in the table, and it stays so; 20 requests all go to rs2, none fails;
#   c. rs2's nginx stopped: rs2 (no inhibit) leaves the table within B; rs1
#      stays at weight 0;
#   d. both back: rs1 at weight 3 again, rs2 re-added at 2; 50 requests
#      split 30/20 again.
# (That rs1 was never removed is seen only by polling: IPVS keeps a removed
# destination that still has connections in its trash list and restores it
# with its counters when it is added again, so the counters cannot tell.)
# Against keepalived:
#   tests/vm/run.sh -c 'VIGIL_CHK_REF=keepalived bash tests/vm/t/42-chk-inhibit.sh'
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_topo_up nat 2
vm_start_real_servers
vm_defer ipvsadm -C

S=$VM_SCRATCH B=4 SVC=$VM_VIP:$VM_VPORT
R1=${VM_RS_IP[0]} R2=${VM_RS_IP[1]}
cat >"$S/chk.conf" <<EOC
virtual_server $VM_VIP $VM_VPORT {
    delay_loop 1
    lb_algo wrr
    lb_kind NAT
    protocol TCP
    real_server $R1 80 {
        weight 3
        inhibit_on_failure
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $R2 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
EOC
vm_chk_daemon chkd "$S/chk.conf"

# "IP:PORT/WEIGHT ..." of the service (ipvsadm -Ln)
table() { ipvsadm -Ln -t "$SVC" 2>/dev/null | awk '$1 == "->" && $2 ~ /:[0-9]+$/ { print $2 "/" $4 }' | sort | tr '\n' ' '; }
is_table() { [ "$(table)" = "$1" ]; }
wait_table() { # WANT WHAT
	vm_until $B is_table "$1" || { ipvsadm -Ln; vm_fail "$2: table '$(table)', want '$1' within $B s"; }
	vm_info "$2: table '$1' after $VM_UNTIL_ELAPSED s"
}
# conns IP: IPVS's connection counter of the real server in the service
conns() { vm_ipvs_conns -t "$SVC" | tr ' ' '\n' | awk -F= -v r="$1:80" '$1 == r { print $2 }'; }
via_vip() { # COUNT: requests through the VIP, "N name ..." sorted by name
	vm_client_get "$1" "http://$SVC/" >"$S/answers" || vm_info "curl exit $?"
	vm_count_lines "$S/answers" | tr '\n' ' '
}

# a. both up
vm_wait 20 is_table "$R1:80/3 $R2:80/2 " || vm_fail "start: table '$(table)'"
s=$(via_vip 50)
[ "$s" = "30 vt-rs1 20 vt-rs2 " ] || vm_fail "a. 50 requests split '$s', want 30/20"
vm_wait 10 eval '[ "$(conns $R1)" = 30 ]' || vm_fail "a. IPVS counted $(conns "$R1") connections to rs1, want 30"

# b. rs1 fails: weight 0, kept
vm_rs_nginx_stop "${VM_RS_NS[0]}"
wait_table "$R1:80/0 $R2:80/2 " "b. rs1 stopped (inhibit_on_failure)"
ipvsadm -Ln -t "$SVC"
vm_holds 3 is_table "$R1:80/0 $R2:80/2 " || vm_fail "b. table changed to '$(table)'"
s=$(via_vip 20)
[ "$s" = "20 vt-rs2 " ] || vm_fail "b. 20 requests split '$s', want all 20 on rs2"

# c. rs2 fails: removed (no inhibit_on_failure)
vm_rs_nginx_stop "${VM_RS_NS[1]}"
wait_table "$R1:80/0 " "c. rs2 stopped (no inhibit_on_failure)"

# d. both back
vm_rs_nginx_start "${VM_RS_NS[0]}"
vm_rs_nginx_start "${VM_RS_NS[1]}"
wait_table "$R1:80/3 $R2:80/2 " "d. both back"
s=$(via_vip 50)
[ "$s" = "30 vt-rs1 20 vt-rs2 " ] || vm_fail "d. 50 requests split '$s', want 30/20"
vm_pass "inhibit_on_failure: weight 0 kept in the table (no traffic), back to weight 3; the control without it was removed and re-added"
