#!/bin/bash
# vigild -C programs the kernel IPVS table from the config and keeps it there
# (ipvsadm is the independent reader):
#   - from an empty table: every service attribute (scheduler and its flags,
#     persistence timeout/granularity, protocol, fwmark, IPv6) and destination
#     attribute (NAT/DR/TUN with gue port and csum, weight, thresholds);
#     a virtual_server_group expands to one service per address and fwmark;
#     alpha + inhibit_on_failure gives weight 0, alpha alone no destination;
#   - a foreign service (not in the config) is left exactly as it was, a
#     foreign destination inside one of our services is removed;
#   - a destination and a service deleted by hand with ipvsadm come back within
#     the resync period (5 s; bound 12 s), an edited weight is set back;
#   - SIGTERM removes what vigild made and only that.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
# IPVS wants a route to every real server
vm_ipvs_dummy 2001:db8:2::1/64

# a foreign service, with its own destination, made before vigild starts
ipvsadm -A -t 198.51.100.200:443 -s lc || vm_fail "foreign service"
ipvsadm -a -t 198.51.100.200:443 -r 192.0.2.77:443 -m -w 7 || vm_fail "foreign dest"
# one of our services, already there with a destination vigild does not know
ipvsadm -A -t 203.0.113.10:80 -s wrr || vm_fail "pre-existing service"
ipvsadm -a -t 203.0.113.10:80 -r 192.0.2.66:80 -m -w 1 || vm_fail "stray dest"
foreign_before=$(ipvsadm -Sn | grep -F 198.51.100.200:443)

C=$VM_SCRATCH/vigil.conf
cat >"$C" <<'EOC'
virtual_server 203.0.113.10 80 {
    lb_algo wrr
    lb_kind NAT
    protocol TCP
    real_server 192.0.2.11 80 { weight 1 }
    real_server 192.0.2.12 80 { weight 2 }
    real_server 192.0.2.13 80 {
        weight 3
        uthreshold 100
        lthreshold 10
    }
}
virtual_server 203.0.113.11 53 {
    lb_algo sh
    sh-port
    sh-fallback
    protocol UDP
    persistence_timeout 600
    persistence_granularity 255.255.255.0
    lb_kind DR
    real_server 192.0.2.21 53 { weight 5 }
}
virtual_server fwmark 42 {
    lb_algo rr
    lb_kind TUN type gue port 6080 csum
    real_server 192.0.2.31 { weight 1 }
}
virtual_server 2001:db8:ff::10 443 {
    lb_algo lc
    ops
    protocol UDP
    real_server 2001:db8:2::11 443 { weight 4 }
}
virtual_server_group G {
    203.0.113.20-22 8080
    fwmark 43
}
virtual_server group G {
    lb_algo wlc
    real_server 192.0.2.41 8080 { weight 2 }
}
virtual_server 203.0.113.30 80 {
    alpha
    real_server 192.0.2.51 80 {
        weight 9
        inhibit_on_failure
    }
    real_server 192.0.2.52 80 { weight 9 }
}
EOC
"$V/vigild" -t -f "$C" || vm_fail "config rejected"
P=$VM_SCRATCH
vm_bg vigild "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID

# the whole expected table, as `ipvsadm -Sn` lists it (sorted)
cat >"$P/want" <<'EOW'
-A -f 42 -s rr
-A -f 43 -s wlc
-A -t 203.0.113.10:80 -s wrr
-A -t 203.0.113.20:8080 -s wlc
-A -t 203.0.113.21:8080 -s wlc
-A -t 203.0.113.22:8080 -s wlc
-A -t 203.0.113.30:80 -s wlc
-A -t 198.51.100.200:443 -s lc
-A -u 203.0.113.11:53 -s sh -p 600 -M 255.255.255.0 -b sh-fallback,sh-port
-A -u [2001:db8:ff::10]:443 -s lc -o
-a -f 42 -r 192.0.2.31:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-a -f 43 -r 192.0.2.41:8080 -m -w 2
-a -t 203.0.113.10:80 -r 192.0.2.11:80 -m -w 1
-a -t 203.0.113.10:80 -r 192.0.2.12:80 -m -w 2
-a -t 203.0.113.10:80 -r 192.0.2.13:80 -m -w 3
-a -t 203.0.113.20:8080 -r 192.0.2.41:8080 -m -w 2
-a -t 203.0.113.21:8080 -r 192.0.2.41:8080 -m -w 2
-a -t 203.0.113.22:8080 -r 192.0.2.41:8080 -m -w 2
-a -t 203.0.113.30:80 -r 192.0.2.51:80 -m -w 0
-a -t 198.51.100.200:443 -r 192.0.2.77:443 -m -w 7
-a -u 203.0.113.11:53 -r 192.0.2.21:53 -g -w 5
-a -u [2001:db8:ff::10]:443 -r [2001:db8:2::11]:443 -m -w 4
EOW
table() { ipvsadm -Sn | sort; }
same() { [ "$(table)" = "$(sort "$P/want")" ]; }
show_diff() { sort "$P/want" >"$P/want.s"; table >"$P/have"; diff "$P/want.s" "$P/have"; }

vm_wait 15 same || { show_diff; vm_fail "table after start differs (- want, + have)"; }
vm_info "table as configured:"
table
# ipvsadm -S does not save thresholds: read them with --thresholds
ipvsadm -Ln --thresholds -t 203.0.113.10:80
ipvsadm -Ln --thresholds -t 203.0.113.10:80 | grep -Eq '^ +-> 192\.0\.2\.13:80 +100 +10 ' ||
	vm_fail "thresholds 100/10 of 192.0.2.13 not in the kernel"
[ "$(ipvsadm -Sn | grep -F 198.51.100.200:443)" = "$foreign_before" ] || vm_fail "foreign service changed"
grep -q 'remove rs 192.0.2.66:80' "$P/vigild.log" || vm_fail "stray destination removal not logged"
grep -q '\[vs 203.0.113.10:80\] add rs 192.0.2.11:80 weight 1' "$P/vigild.log" ||
	vm_fail "no change line '[vs 203.0.113.10:80] add rs 192.0.2.11:80 weight 1'"

# drift: delete a destination and a whole service, change a weight, by hand
lines=$(wc -l <"$P/vigild.log")
ipvsadm -d -t 203.0.113.10:80 -r 192.0.2.12:80 || vm_fail "ipvsadm -d"
ipvsadm -D -t 203.0.113.21:8080 || vm_fail "ipvsadm -D"
ipvsadm -e -u 203.0.113.11:53 -r 192.0.2.21:53 -g -w 1 || vm_fail "ipvsadm -e"
t0=$SECONDS
repaired() {
	tail -n +$((lines + 1)) "$P/vigild.log" | grep -E '\] (add|remove|edit) ' | sed 's/^.*\]: //' | sort >"$P/repairs"
	[ "$(wc -l <"$P/repairs")" -ge 4 ]
}
vm_wait 12 repaired || { cat "$P/repairs"; vm_fail "drift not repaired within 12 s"; }
vm_info "drift repaired after $((SECONDS - t0)) s:"
cat "$P/repairs"
# exactly the three hand edits were undone (the service comes back with its destination)
cat >"$P/want_repairs" <<'EOR'
[vs 203.0.113.10:80] add rs 192.0.2.12:80 weight 2 Masq
[vs 203.0.113.11:53/udp] edit rs 192.0.2.21:53 weight 5 Route
[vs 203.0.113.21:8080] add rs 192.0.2.41:8080 weight 2 Masq
[vs 203.0.113.21:8080] add vs sched wlc
EOR
sort -o "$P/want_repairs" "$P/want_repairs"
diff "$P/want_repairs" "$P/repairs" || vm_fail "repairs differ from the three hand edits"
same || { show_diff; vm_fail "table after the repair differs"; }
[ "$(ipvsadm -Sn | grep -F 198.51.100.200:443)" = "$foreign_before" ] || vm_fail "foreign service changed"

# stop: vigild removes its services, the foreign one stays as it was
kill "$VG" || vm_fail "kill vigild"
vm_wait 10 _vm_gone "$VG" || vm_fail "vigild did not stop"
[ "$(ipvsadm -Sn)" = "$foreign_before" ] || { ipvsadm -Sn; vm_fail "after stop: want only the foreign service"; }
vm_pass "reconcile from a table with foreign entries, drift repaired, release at stop"
