#!/bin/bash
# The VM really has kernel IPVS: modprobe ip_vs works, /proc/net/ip_vs
# exists, every scheduler module exists, the kernel autoloads a scheduler on
# first use, and ipvsadm (an independent netlink client) can add a virtual
# service and a real server, list them, delete them and see the table empty.
. "$VIGIL_SRCDIR/tests/vm/lib.sh"
vm_require_vm

modprobe ip_vs || vm_fail "modprobe ip_vs"
[ -e /proc/net/ip_vs ] || vm_fail "/proc/net/ip_vs missing after modprobe ip_vs"
# every scheduler module is there
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
	modinfo "ip_vs_$s" >/dev/null || vm_fail "no module ip_vs_$s"
done
modprobe ip_vs_rr || vm_fail "modprobe ip_vs_rr"
grep -q '^ip_vs_wrr ' /proc/modules && vm_fail "ip_vs_wrr loaded before its first use"
vm_info "kernel $(uname -r): $(head -1 /proc/net/ip_vs)"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start: $(ipvsadm -Sn)"

# IPVS refuses a real server without a unicast route: give it one.
ip link add vt-dummy0 type dummy || vm_fail "dummy link"
vm_link_del_at_exit vt-dummy0
ip link set vt-dummy0 up
ip addr add 192.0.2.1/24 dev vt-dummy0 || vm_fail "address on vt-dummy0"
vm_defer ipvsadm -C

ipvsadm -A -t 203.0.113.10:80 -s wrr || vm_fail "ipvsadm -A"
# the kernel loaded the scheduler by itself (request_module -> modprobe)
grep -q '^ip_vs_wrr ' /proc/modules || vm_fail "ip_vs_wrr was not autoloaded"
ipvsadm -a -t 203.0.113.10:80 -r 192.0.2.11:80 -m -w 3 || vm_fail "ipvsadm -a"
out=$(ipvsadm -Ln) || vm_fail "ipvsadm -Ln"
echo "$out"
grep -Eq '^TCP +203\.0\.113\.10:80 wrr' <<<"$out" || vm_fail "service not listed"
grep -Eq -- '-> 192\.0\.2\.11:80 +Masq +3 ' <<<"$out" || vm_fail "real server not listed (Masq, weight 3)"
grep -qi 'CB00710A:0050 wrr' /proc/net/ip_vs || vm_fail "service not in /proc/net/ip_vs"

ipvsadm -d -t 203.0.113.10:80 -r 192.0.2.11:80 || vm_fail "ipvsadm -d"
grep -q '192.0.2.11' <<<"$(ipvsadm -Ln)" && vm_fail "real server still listed after -d"
ipvsadm -D -t 203.0.113.10:80 || vm_fail "ipvsadm -D"
[ -z "$(ipvsadm -Sn)" ] || vm_fail "table not empty after delete: $(ipvsadm -Sn)"
vm_pass "IPVS add/list/delete through ipvsadm"
