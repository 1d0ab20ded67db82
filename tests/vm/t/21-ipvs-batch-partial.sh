#!/bin/bash
# A pipelined batch (many requests in one sendmsg, ACKs matched back by
# sequence number) in which exactly one object is bad: the probe must report
# exactly that one, on its own line, with the kernel's errno text, and every
# other object of the batch must be applied (checked with ipvsadm).  Repeated
# with the batch cut into chunks of 7 requests (the ACK matching across
# sendmsg boundaries), for deletes, and for a kernel EINVAL-class error.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
P=$VIGIL_BUILDDIR/ipvs/vigil-ipvs-probe
[ -x "$P" ] || vm_fail "$P not built"
vm_ipvs_dummy

S=tcp/203.0.113.10:80
ndests() { ipvsadm -Sn | grep -c "^-a -t 203.0.113.10:80 " ; }

# ---- batch 1: service + 100 destinations, one destination of a missing service at line 52
b=$VM_SCRATCH/batch1
{
	echo "# batch 1"
	echo "add-service $S sched=wrr"
	for i in $(seq 1 50); do echo "add-dest $S 192.0.2.$i:80 fwd=masq weight=$i"; done
	echo "add-dest tcp/203.0.113.20:80 192.0.2.99:80"
	for i in $(seq 51 100); do echo "add-dest $S 192.0.2.$i:80 fwd=route weight=$i"; done
} >"$b"
out=$("$P" batch "$b"); rc=$?
echo "$out"
[ $rc -eq 1 ] || vm_fail "batch 1 exit $rc, want 1 (one failure)"
[ "$(grep -c '^line ' <<<"$out")" -eq 1 ] || vm_fail "batch 1: not exactly one failure reported"
grep -qxF 'line 53: NEW_DEST: error: No such service [add-dest tcp/203.0.113.20:80 192.0.2.99:80]' <<<"$out" ||
	vm_fail "batch 1: the failure is not the bad object with ESRCH text"
grep -qxF 'batch: 102 requests, 1 failed' <<<"$out" || vm_fail "batch 1 summary"
[ "$(ndests)" -eq 100 ] || vm_fail "batch 1: $(ndests) destinations applied, want 100"
ipvsadm -Sn | grep -qxF -- "-a -t 203.0.113.10:80 -r 192.0.2.50:80 -m -w 50" || vm_fail "dest 50 wrong"
ipvsadm -Sn | grep -qxF -- "-a -t 203.0.113.10:80 -r 192.0.2.51:80 -g -w 51" || vm_fail "dest 51 wrong"

# ---- batch 2, in chunks of 7: re-weight all, delete 30, one delete of a missing dest
b=$VM_SCRATCH/batch2
{
	for i in $(seq 1 100); do echo "edit-dest $S 192.0.2.$i:80 fwd=route weight=$((i + 1000))"; done
	for i in $(seq 1 15); do echo "del-dest $S 192.0.2.$i:80"; done
	echo "del-dest $S 192.0.2.200:80"
	for i in $(seq 16 30); do echo "del-dest $S 192.0.2.$i:80"; done
} >"$b"
out=$(VIGIL_IPVS_PROBE_CHUNK=7 "$P" batch "$b"); rc=$?
echo "$out"
[ $rc -eq 1 ] || vm_fail "batch 2 exit $rc, want 1"
[ "$(grep -c '^line ' <<<"$out")" -eq 1 ] || vm_fail "batch 2: not exactly one failure reported"
grep -qxF "line 116: DEL_DEST: error: No such destination [del-dest $S 192.0.2.200:80]" <<<"$out" ||
	vm_fail "batch 2: the failure is not the missing destination with ENOENT text"
[ "$(ndests)" -eq 70 ] || vm_fail "batch 2: $(ndests) destinations left, want 70"
ipvsadm -Sn | grep -qxF -- "-a -t 203.0.113.10:80 -r 192.0.2.31:80 -g -w 1031" || vm_fail "dest 31 not re-weighted"
ipvsadm -Sn | grep -qxF -- "-a -t 203.0.113.10:80 -r 192.0.2.100:80 -g -w 1100" || vm_fail "dest 100 not re-weighted"
ipvsadm -Sn | grep -q '192.0.2.15:80' && vm_fail "dest 15 not deleted"

# ---- batch 3: a second service whose own add fails (unknown scheduler) in the middle
b=$VM_SCRATCH/batch3
{
	echo "add-service udp/203.0.113.10:53 sched=rr"
	echo "add-service tcp/203.0.113.11:80 sched=no-such-sched"
	echo "add-dest udp/203.0.113.10:53 192.0.2.5:53"
	echo "set-timeouts 700 0 0"
} >"$b"
out=$("$P" batch "$b"); rc=$?
echo "$out"
[ $rc -eq 1 ] || vm_fail "batch 3 exit $rc, want 1"
[ "$(grep -c '^line ' <<<"$out")" -eq 1 ] || vm_fail "batch 3: not exactly one failure reported"
grep -q '^line 2: NEW_SERVICE: error: Scheduler or persistence engine not found' <<<"$out" ||
	vm_fail "batch 3: wrong failure"
ipvsadm -Sn | grep -qxF -- "-a -u 203.0.113.10:53 -r 192.0.2.5:53 -m -w 1" || vm_fail "batch 3: dest after the failure not applied"
ipvsadm -Ln --timeout | grep -qx 'Timeout (tcp tcpfin udp): 700 120 300' || vm_fail "batch 3: timeouts: $(ipvsadm -Ln --timeout)"
"$P" set-timeouts 900 120 300 || vm_fail "reset timeouts"
vm_pass "one bad object per batch is reported alone with the kernel's errno; the rest applies"
