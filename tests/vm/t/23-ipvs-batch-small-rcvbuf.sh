#!/bin/bash
# The batch transport against a small receive buffer (what a process
# without CAP_NET_ADMIN gets): by default the batch is cut into chunks that
# the buffer can acknowledge, so 2,000 requests all report success; when
# forced into one sendmsg() the kernel drops ACKs (ENOBUFS), and the probe
# must report exactly those requests as "result unknown" (the kernel applied
# them all the same), keep the socket usable, and read a complete dump after.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
P=$VIGIL_BUILDDIR/ipvs/vigil-ipvs-probe
[ -x "$P" ] || vm_fail "$P not built"
vm_ipvs_dummy

S=tcp/203.0.113.10:80
"$P" add-service $S sched=rr || vm_fail "add service"
gen() { # gen VERB FIRSTPORT: 2000 destinations 192.0.2.1..20 x 100 ports
	awk -v v="$1" -v s="$S" -v p0="$2" 'BEGIN { for (a = 1; a <= 20; a++) for (p = 0; p < 100; p++)
		printf "%s %s 192.0.2.%d:%d\n", v, s, a, p0 + p }'
}
gen add-dest 1000 >"$VM_SCRATCH/a"
out=$(VIGIL_IPVS_PROBE_RCVBUF=16384 "$P" batch "$VM_SCRATCH/a") || vm_fail "chunked batch failed: $(tail -3 <<<"$out")"
grep -qxF 'batch: 2000 requests, 0 failed' <<<"$out" || vm_fail "chunked batch: $out"
[ "$(ipvsadm -Sn | grep -c '^-a ')" -eq 2000 ] || vm_fail "chunked batch: not all applied"

gen add-dest 2000 >"$VM_SCRATCH/b"
out=$(VIGIL_IPVS_PROBE_RCVBUF=16384 VIGIL_IPVS_PROBE_CHUNK=100000 "$P" batch "$VM_SCRATCH/b"); rc=$?
echo "$out" | tail -3
lost=$(grep -c 'error: Reply lost (receive buffer overflow): result unknown' <<<"$out")
other=$(grep '^line ' <<<"$out" | grep -vc 'Reply lost')
vm_info "one sendmsg of 2000 requests into a small buffer: $lost ACKs lost"
[ $rc -eq 1 ] || vm_fail "overflowing batch exit $rc, want 1"
[ "$lost" -gt 0 ] || vm_fail "no ACK was lost: the test did not overflow the buffer"
[ "$other" -eq 0 ] || vm_fail "$other requests failed for another reason"
grep -qxF "batch: 2000 requests, $lost failed" <<<"$out" || vm_fail "summary does not match the lost count"
# the kernel applied every request; a fresh dump sees them all
out=$("$P" count) || vm_fail "count after overflow"
echo "$out"
grep -q '^services 1 dests 4000 ' <<<"$out" || vm_fail "dump after overflow: $out"
[ "$(ipvsadm -Sn | grep -c '^-a ')" -eq 4000 ] || vm_fail "ipvsadm does not see 4000 destinations"
"$P" flush || vm_fail "flush"
vm_pass "ACK-sized chunks by default; lost ACKs reported as unknown, socket still usable"
