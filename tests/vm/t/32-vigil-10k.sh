#!/bin/bash
# Scale: vigild -C programs 100 virtual servers x 100 real servers = 10,000
# destinations (checked entry for entry against ipvsadm -Sn), a reload that
# changes 1 % of the weights makes exactly 100 SETs and nothing else, and
# SIGTERM removes all of it.  Times are printed for information (the figures
# belong to bench/ipvs-populate.sh); the bounds are generous.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
vm_ipvs_dummy

P=$VM_SCRATCH C=$VM_SCRATCH/vigil.conf
# gen CHANGED: real server r at weight 1 + r % 5; with CHANGED=1 (the reload,
# 1 %) the first real server of every virtual server at weight 9.
gen() {
	awk -v changed="$1" 'BEGIN {
		for (v = 1; v <= 100; v++) {
			printf "virtual_server 203.0.113.%d 80 {\n    lb_algo wrr\n    lb_kind DR\n", v
			for (r = 1; r <= 100; r++) {
				w = 1 + r % 5
				if (changed && r == 1) w = 9
				printf "    real_server 192.0.2.%d 80 { weight %d }\n", r + 1, w
			}
			print "}"
		}
	}'
}
gen 0 >"$C"
gen 0 | awk '/^virtual_server/ { split($2, a, "."); v = $2 }
	/real_server/ { w = $6; printf "-a -t %s:80 -r %s:80 -g -w %s\n", v, $2, w }' | sort >"$P/want"
[ "$(wc -l <"$P/want")" -eq 10000 ] || vm_fail "generator: $(wc -l <"$P/want") destinations"
dests() { ipvsadm -Sn | grep -c '^-a'; }

t0=$(date +%s.%N)
vm_bg vigild "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
vm_wait 120 eval '[ "$(dests)" -eq 10000 ]' || vm_fail "only $(dests) destinations after 120 s"
t1=$(date +%s.%N)
vm_info "10,000 destinations in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s from vigild start (polled)"
ipvsadm -Sn | grep '^-a' | sort >"$P/have"
diff "$P/want" "$P/have" >"$P/diff" || { head "$P/diff"; vm_fail "table differs from the config"; }
[ "$(ipvsadm -Sn | grep -c '^-A')" -eq 100 ] || vm_fail "not 100 services"

[ "$(grep -c '\] add rs ' "$P/vigild.log")" -eq 10000 ] || vm_fail "not 10,000 'add rs' lines logged"
gen 1 >"$C"
sed 's/^\(-a -t [0-9.]*:80 -r 192\.0\.2\.2:80 -g -w\) .*/\1 9/' "$P/want" | sort >"$P/want2"
[ "$(diff "$P/want" "$P/want2" | grep -c '^>')" -eq 100 ] || vm_fail "reload config: not 100 changes"
lines=$(wc -l <"$P/vigild.log")
t0=$(date +%s.%N)
kill -HUP "$VG" || vm_fail "SIGHUP"
w9() { ipvsadm -Sn | grep -c -- '-r 192\.0\.2\.2:80 -g -w 9$'; }
vm_wait 60 eval '[ "$(w9)" -eq 100 ]' || vm_fail "reload: $(w9) of 100 weights changed after 60 s"
t1=$(date +%s.%N)
vm_info "1 % change (100 weights) applied $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s after SIGHUP (polled)"
ipvsadm -Sn | grep '^-a' | sort >"$P/have"
diff "$P/want2" "$P/have" >"$P/diff" || { head "$P/diff"; vm_fail "table after reload differs"; }
vm_wait 10 eval 'tail -n +$((lines + 1)) "$P/vigild.log" | grep -q "IPVS sync:"' || vm_fail "no sync line after reload"
tail -n +$((lines + 1)) "$P/vigild.log" | grep -E '\] (add|remove|edit) ' >"$P/changes"
[ "$(grep -c '\] edit rs 192\.0\.2\.2:80 weight 9 Route$' "$P/changes")" -eq 100 ] &&
	[ "$(wc -l <"$P/changes")" -eq 100 ] || { head "$P/changes"; vm_fail "reload made other changes than the 100 SETs"; }

kill "$VG" || vm_fail "SIGTERM"
vm_wait 60 _vm_gone "$VG" || vm_fail "vigild did not stop in 60 s"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "$(dests) destinations left after stop"
vm_pass "10,000 destinations programmed, 1 % reload applied exactly, all removed at stop"
