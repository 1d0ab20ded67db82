#!/bin/bash
# Scale: one pipelined batch adds 10,000 destinations (plus 2,000 IPv6 ones
# on a second service); the probe's multipart dumps must return every one of
# them, identical to what ipvsadm lists; then one batch deletes them all.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm
P=$VIGIL_BUILDDIR/ipvs/vigil-ipvs-probe
[ -x "$P" ] || vm_fail "$P not built"
vm_ipvs_dummy 2001:db8:1::1/64

S4=tcp/203.0.113.10:80
S6='tcp/[2001:db8::10]:80'
add=$VM_SCRATCH/add del=$VM_SCRATCH/del
{
	echo "add-service $S4 sched=wlc"
	echo "add-service $S6 sched=rr"
	awk -v s="$S4" 'BEGIN { for (a = 1; a <= 100; a++) for (p = 1000; p < 1100; p++)
		printf "add-dest %s 192.0.2.%d:%d fwd=route weight=%d\n", s, a, p, p - 999 }'
	awk -v s="$S6" 'BEGIN { for (i = 1; i <= 2000; i++)
		printf "add-dest %s [2001:db8:1::%x]:80 fwd=masq weight=7\n", s, i + 256 }'
} >"$add"
t0=$(date +%s.%N)
out=$("$P" batch "$add") || vm_fail "add batch failed: $(tail -5 <<<"$out")"
t1=$(date +%s.%N)
echo "$out"
vm_info "12,002 requests applied in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
grep -qxF 'batch: 12002 requests, 0 failed' <<<"$out" || vm_fail "add batch summary"

out=$("$P" count) || vm_fail "probe count"
echo "$out"
grep -q '^services 2 dests 12000 ' <<<"$out" || vm_fail "probe dump incomplete: $out"

# the same set, entry for entry, as ipvsadm sees it
"$P" dump | awk '$1 == "dest" { print $2, $3, $6 }' | sort >"$VM_SCRATCH/probe.txt"
ipvsadm -Sn | awk '$1 == "-a" {
		svc = $3; rs = $5; w = $8
		print "TCP/" svc, rs, "weight=" w }' | sort >"$VM_SCRATCH/ipvsadm.txt"
[ "$(wc -l <"$VM_SCRATCH/ipvsadm.txt")" -eq 12000 ] || vm_fail "ipvsadm lists $(wc -l <"$VM_SCRATCH/ipvsadm.txt") destinations"
diff "$VM_SCRATCH/probe.txt" "$VM_SCRATCH/ipvsadm.txt" >"$VM_SCRATCH/diff" ||
	{ head -20 "$VM_SCRATCH/diff"; vm_fail "probe dump differs from ipvsadm"; }

grep '^add-dest' "$add" | awk '{ print "del-dest", $2, $3 }' >"$del"
out=$("$P" batch "$del") || vm_fail "delete batch failed: $(tail -5 <<<"$out")"
grep -qxF 'batch: 12000 requests, 0 failed' <<<"$out" || vm_fail "delete batch summary"
out=$("$P" count)
grep -q '^services 2 dests 0 ' <<<"$out" || vm_fail "after delete: $out"
"$P" flush || vm_fail "flush"
vm_pass "12,000 destinations added in one batch, dumped completely, deleted in one batch"
