#!/bin/bash
# Quorum, hysteresis and the sorry server on the real IPVS table (vigild -C,
# NAT, rr): real servers rs1 (weight 2), rs2 (1), rs3 (1) with TCP_CHECK at
# delay_loop 1, connect_timeout 1, retry 1, delay_before_retry 1; quorum 3,
# hysteresis 1 (keepalived: quorum is lost when the live weight drops below
# quorum - hysteresis = 2, gained when it reaches quorum + hysteresis = 4);
# sorry_server vt-sorry (192.0.2.20:80, its own nginx); quorum_up /
# quorum_down scripts append "up" / "down" to a file.  ipvsadm is the reader,
# a client through the VIP the judge of where traffic goes.
#   a. all up (weight 4): rs1 rs2 rs3 in the table, no sorry server;
#   b. rs1 stopped: weight 2 < quorum but not < 2: quorum holds (hysteresis),
#      rs1 leaves, rs2 rs3 take the traffic, no script runs;
#   c. rs2 stopped: weight 1 < 2: quorum lost: the table holds the sorry
#      server alone (rs3, alive, is taken out too), quorum_down runs once,
#      every request gets the sorry page;
#   d. rs1 back: weight 3 >= quorum but < 4: still lost (hysteresis): the
#      checker sees rs1 up (its log says so) yet the table stays sorry-only,
#      no script runs;
#   e. rs2 back: weight 4: quorum gained: rs1 rs2 rs3, no sorry server,
#      quorum_up runs once, 30 requests split 10/10/10.
# Each table change is awaited within B = delay_loop + connect_timeout +
# retry x delay_before_retry + 1 s = 4 s; "stays" means unchanged for 4 s
# after the checker logged the real server's change.
# Against keepalived:
#   tests/vm/run.sh -c 'VIGIL_CHK_REF=keepalived bash tests/vm/t/41-chk-quorum-sorry.sh'
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start"
vm_topo_up nat 3
SORRY_NS=vt-sorry SORRY_IP=192.0.2.20
vm_rs_ns_add $SORRY_NS $SORRY_IP
vm_start_real_servers
vm_rs_nginx $SORRY_NS $SORRY_NS 80
vm_wait 10 vm_http_ok "http://$SORRY_IP/" || vm_fail "sorry server does not answer"
vm_defer ipvsadm -C

S=$VM_SCRATCH B=4 SVC=$VM_VIP:$VM_VPORT
R1=${VM_RS_IP[0]} R2=${VM_RS_IP[1]} R3=${VM_RS_IP[2]}
printf '#!/bin/sh\necho "$1" >>%s/quorum.log\n' "$S" >"$S/quorum.sh"
chmod 755 "$S/quorum.sh"
: >"$S/quorum.log"
{
	# keepalived refuses to run scripts as root without these two
	printf 'global_defs {\n    script_user root\n    enable_script_security\n}\n'
	echo "virtual_server $VM_VIP $VM_VPORT {"
	echo "    delay_loop 1"
	echo "    lb_algo rr"
	echo "    lb_kind NAT"
	echo "    protocol TCP"
	echo "    quorum 3"
	echo "    hysteresis 1"
	echo "    quorum_up \"$S/quorum.sh up\""
	echo "    quorum_down \"$S/quorum.sh down\""
	echo "    sorry_server $SORRY_IP 80"
	for i in 0 1 2; do
		cat <<EOR
    real_server ${VM_RS_IP[$i]} 80 {
        weight $((i == 0 ? 2 : 1))
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
EOR
	done
	echo "}"
} >"$S/chk.conf"
vm_chk_daemon chkd "$S/chk.conf"

# the service's destinations "IP:PORT/WEIGHT ..." in address order
table() { ipvsadm -Ln -t "$SVC" 2>/dev/null | awk '$1 == "->" && $2 ~ /:[0-9]+$/ { print $2 "/" $4 }' | sort | tr '\n' ' '; }
ALL="$R1:80/2 $R2:80/1 $R3:80/1 "
is_table() { [ "$(table)" = "$1" ]; }
wait_table() { # WANT WHAT
	vm_until $B is_table "$1" || { ipvsadm -Ln; vm_fail "$2: table '$(table)', want '$1' within $B s"; }
	vm_info "$2: table '$1' after $VM_UNTIL_ELAPSED s"
}
# stays WANT WHAT: the table is WANT for the next 4 s
stays() { vm_holds 4 is_table "$1" || vm_fail "$2: table changed to '$(table)'"; }
qlog() { tr '\n' ' ' <"$S/quorum.log"; }
# checker_saw_up IP: the daemon's log says the real server is up again
case ${VIGIL_CHK_REF:-vigild} in
keepalived) up_re() { echo "TCP connection to \\[$1\\]:tcp:80 success"; } ;;
*) up_re() { echo "rs $1:80\\] DOWN -> UP"; } ;;
esac
checker_saw_up() { tail -n +"$2" "$S/chkd.log" | grep -q "$(up_re "$1")"; }
via_vip() { # COUNT: requests through the VIP, "N name ..." sorted by name
	vm_client_get "$1" "http://$SVC/" >"$S/answers" || vm_info "curl exit $?"
	vm_count_lines "$S/answers" | tr '\n' ' '
}

# a. all up
vm_wait 20 eval '[ "$(table)" = "$ALL" ]' || vm_fail "start: table '$(table)', want '$ALL'"
sleep 2
q0=$(qlog)
vm_info "a. all up: '$(table)', quorum scripts so far: '$q0'"

# b. rs1 down: weight 2, quorum held by the hysteresis
vm_rs_nginx_stop "${VM_RS_NS[0]}"
wait_table "$R2:80/1 $R3:80/1 " "b. rs1 stopped"
stays "$R2:80/1 $R3:80/1 " "b. weight 2 (>= quorum - hysteresis)"
[ "$(qlog)" = "$q0" ] || vm_fail "b. a quorum script ran: '$(qlog)'"
s=$(via_vip 20)
[ "$s" = "10 vt-rs2 10 vt-rs3 " ] || vm_fail "b. 20 requests split '$s', want 10 vt-rs2 10 vt-rs3"

# c. rs2 down: weight 1 < 2: sorry server alone
vm_rs_nginx_stop "${VM_RS_NS[1]}"
wait_table "$SORRY_IP:80/1 " "c. rs2 stopped, quorum lost"
vm_wait 5 eval '[ "$(qlog)" = "${q0}down " ]' || vm_fail "c. quorum scripts '$(qlog)', want '${q0}down '"
s=$(via_vip 10)
[ "$s" = "10 vt-sorry " ] || vm_fail "c. 10 requests split '$s', want all on the sorry server"

# d. rs1 back: weight 3: still lost (hysteresis)
line=$(($(wc -l <"$S/chkd.log") + 1))
vm_rs_nginx_start "${VM_RS_NS[0]}"
vm_until $B checker_saw_up "$R1" $line || vm_fail "d. the checker did not log rs1 up within $B s"
stays "$SORRY_IP:80/1 " "d. weight 3 (< quorum + hysteresis)"
[ "$(qlog)" = "${q0}down " ] || vm_fail "d. quorum scripts '$(qlog)', want '${q0}down '"

# e. rs2 back: weight 4: quorum gained
vm_rs_nginx_start "${VM_RS_NS[1]}"
wait_table "$ALL" "e. rs2 back, quorum gained"
vm_wait 5 eval '[ "$(qlog)" = "${q0}down up " ]' || vm_fail "e. quorum scripts '$(qlog)', want '${q0}down up '"
s=$(via_vip 30)
[ "$s" = "10 vt-rs1 10 vt-rs2 10 vt-rs3 " ] || vm_fail "e. 30 requests split '$s', want 10/10/10"
stays "$ALL" "e. all up"
[ "$(qlog)" = "${q0}down up " ] || vm_fail "e. quorum scripts '$(qlog)', want '${q0}down up '"
vm_pass "quorum held at weight 2 and stayed lost at 3 (hysteresis 1), lost at 1 (sorry server alone, quorum_down), gained at 4 (quorum_up)"
