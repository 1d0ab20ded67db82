#!/bin/bash
# A reload diffs against the table the checker's last sync applied and reads
# from the kernel only the services new to it (checker_run_reload_sync):
#   1. vigild -C programs 203.0.113.10:80 (two destinations).
#   2. By hand: 203.0.113.20:80 is made with destination .31 weight 3 (a
#      service vigild does not own yet), and a stray destination .99 goes into
#      vigild's 203.0.113.10:80.
#   3. SIGHUP with a config that adds 203.0.113.20:80 (.31 weight 3, .32
#      weight 1) and sets .11's weight to 4: the reload's sync adopts the
#      existing service and .31 (no 'add vs', no 'add rs .31', nothing failed),
#      adds .32 and edits .11: exactly two changes.
#   4. The stray .99 in the service vigild already owned is not read by the
#      reload; the periodic resync (5 s) removes it: gone within 12 s.
#   5. SIGTERM removes everything (both services are vigild's now).
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
V=$VIGIL_BUILDDIR
[ -x "$V/vigild" ] || vm_fail "$V/vigild not built"
vm_ipvs_dummy

P=$VM_SCRATCH C=$VM_SCRATCH/vigil.conf LOG=$VM_SCRATCH/vigild.log
conf() { # W11 [with-the-second-service]
	{
		echo "virtual_server 203.0.113.10 80 {"
		echo "    lb_algo wrr"
		echo "    lb_kind NAT"
		echo "    real_server 192.0.2.11 80 { weight $1 }"
		echo "    real_server 192.0.2.12 80 { weight 2 }"
		echo "}"
		if [ -n "${2:-}" ]; then
			echo "virtual_server 203.0.113.20 80 {"
			echo "    lb_algo wrr"
			echo "    lb_kind NAT"
			echo "    real_server 192.0.2.31 80 { weight 3 }"
			echo "    real_server 192.0.2.32 80 { weight 1 }"
			echo "}"
		fi
	} >"$C"
}
conf 1
vm_bg vigild "$V/vigild" -n -l -C -f "$C" -p "$P/vigild.pid" -r "$P/vrrp.pid" -c "$P/checker.pid"
VG=$VM_BG_PID
dests() { ipvsadm -Sn | grep -c '^-a'; }
vm_wait 20 eval '[ "$(dests)" = 2 ]' || vm_fail "vigild did not program 2 destinations"
vm_wait 10 grep -q 'IPVS sync' "$LOG" || vm_fail "no first sync logged"

# 2. by hand: a service vigild will adopt, a stray destination in its own
ipvsadm -A -t 203.0.113.20:80 -s wrr || vm_fail "ipvsadm -A"
ipvsadm -a -t 203.0.113.20:80 -r 192.0.2.31:80 -m -w 3 || vm_fail "ipvsadm -a .31"
ipvsadm -a -t 203.0.113.10:80 -r 192.0.2.99:80 -m -w 1 || vm_fail "ipvsadm -a stray"
stray_in() { ipvsadm -Sn | grep -q -- '-t 203.0.113.10:80 -r 192.0.2.99:80'; }

# 3. the reload
conf 4 second
lines=$(wc -l <"$LOG")
kill -HUP "$VG" || vm_fail "SIGHUP"
vm_wait 20 eval 'tail -n +$((lines + 1)) "$LOG" | grep -q "IPVS sync:"' || vm_fail "no sync after the reload"
sync_line=$(tail -n +$((lines + 1)) "$LOG" | grep 'IPVS sync:' | head -1)
echo "$sync_line"
case $sync_line in
*"2 changes, 0 failed"*"1 new service read"*) ;;
*) vm_fail "the reload's sync is not 2 changes with 1 new service read: $sync_line" ;;
esac
changes=$(tail -n +$((lines + 1)) "$LOG" | grep -E '\] (add|remove|edit) ' | sed 's/^.*\]: //')
echo "$changes"
want="[vs 203.0.113.10:80] edit rs 192.0.2.11:80 weight 4 Masq
[vs 203.0.113.20:80] add rs 192.0.2.32:80 weight 1 Masq"
[ "$(sort <<<"$changes")" = "$want" ] || vm_fail "reload changes differ from the two expected"
tail -n +$((lines + 1)) "$LOG" | grep -q 'failed:' && vm_fail "an operation failed at the reload"
ipvsadm -Sn | grep -q -- '-a -t 203.0.113.20:80 -r 192.0.2.31:80 -m -w 3' || vm_fail ".31 not kept"
ipvsadm -Sn | grep -q -- '-a -t 203.0.113.20:80 -r 192.0.2.32:80 -m -w 1' || vm_fail ".32 not added"

# 4. drift in an owned service waits for the resync
vm_wait 12 eval '! stray_in' || vm_fail "the stray destination was not removed within 12 s"
tail -n +$((lines + 1)) "$LOG" | grep -q '\[vs 203.0.113.10:80\] remove rs 192.0.2.99:80' ||
	vm_fail "the stray's removal was not logged"

# 5. stop
kill "$VG" || vm_fail "SIGTERM"
vm_wait 30 _vm_gone "$VG" || vm_fail "vigild did not stop"
[ -z "$(ipvsadm -Sn)" ] || { ipvsadm -Sn; vm_fail "entries left after stop"; }
vm_pass "reload adopted an existing service (2 changes, 1 service read), the stray in an owned service went at the resync"
