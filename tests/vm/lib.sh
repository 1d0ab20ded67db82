# tests/vm/lib.sh — helpers for the VM tier's test scripts (sourced; bash).
#
#   . "$VIGIL_SRCDIR/tests/vm/lib.sh"
#
# It gives a test:
#   - fail/info/pass reporting (vm_fail exits 1 with the reason);
#   - a cleanup stack run on EXIT (vm_defer CMD...), so every namespace,
#     link, process and IPVS service the test made is removed even when it
#     fails;
#   - the standard LVS topology, built by vm_topo_up MODE (nat|dr|tun):
#
#       client ns vt-cl            director = the VM's root namespace
#       eth0 198.51.100.2/24 ----- vt-cl0  198.51.100.1/24
#       default via .1             VIP 203.0.113.10/32 (on vt-cl0)
#                                  vt-br0  192.0.2.1/24 (bridge)
#                                    |-- vt-rs1 ns: eth0 192.0.2.11/24
#                                    |-- vt-rs2 ns: eth0 192.0.2.12/24
#                                    `-- vt-rs3 ns: eth0 192.0.2.13/24
#                                        default via 192.0.2.1
#
#     ip_forward is on in the director.  nat: the real servers route their
#     replies back through the director.  dr: each real server also holds
#     the VIP on lo with arp_ignore=1/arp_announce=2.  tun: each real server
#     holds the VIP on tunl0 (ipip) with rp_filter off.  In dr and tun the
#     replies (source VIP) come back through the director as plain routed
#     traffic, so the director accepts packets with a local source address
#     on vt-br0 (accept_local) — a real deployment would have its own router.
#   - nginx real servers that answer every request with their own name
#     (vm_rs_nginx NS NAME [ADDR]), and a bounded bulk client
#     (vm_client_get COUNT URL: COUNT new connections, one body per line).
#
# Nothing here touches IPVS: the test programs it (ipvsadm, vigild -C ...).
# All names start with vt- so that leftovers are easy to recognise.
# shellcheck shell=bash

set -u

VM_VIP=203.0.113.10
VM_VPORT=80
VM_DIR_RS_IP=192.0.2.1
VM_DIR_CL_IP=198.51.100.1
VM_CL_NS=vt-cl
VM_CL_IP=198.51.100.2
VM_RS_NS=(vt-rs1 vt-rs2 vt-rs3)
VM_RS_IP=(192.0.2.11 192.0.2.12 192.0.2.13)
# IPv6 (vm_topo_up nat N 6): the same shape in 2001:db8::/32
VM_VIP6=2001:db8:ff::10
VM_DIR_CL_IP6=2001:db8:1::1
VM_CL_IP6=2001:db8:1::2
VM_DIR_RS_IP6=2001:db8:2::1
VM_RS_IP6=(2001:db8:2::11 2001:db8:2::12 2001:db8:2::13)
_vm_topo=
VM_SCRATCH=${VIGIL_SCRATCH:-$(mktemp -d /tmp/vt-scratch.XXXXXX)}

vm_info() { echo "$*"; }
vm_fail() {
	echo "FAIL: $*"
	[ -n "${_vm_topo:-}" ] && vm_diag 2>&1
	exit 1
}
vm_pass() { echo "PASS: $*"; }

# ---- cleanup stack -----------------------------------------------------------
_vm_cleanup=()
# vm_defer CMD [ARG...]: run CMD at exit (last deferred runs first).
vm_defer() {
	local q
	q=$(printf '%q ' "$@")
	_vm_cleanup+=("$q")
}
_vm_exit_rc=0
_vm_run_cleanup() {
	local rc=$? i
	trap - EXIT
	_vm_exit_rc=$rc
	exec 3>&1
	for ((i = ${#_vm_cleanup[@]} - 1; i >= 0; i--)); do
		eval "${_vm_cleanup[$i]}" >/dev/null 2>&1
	done
	exit $rc
}
trap _vm_run_cleanup EXIT
trap 'exit 130' INT TERM

vm_require_vm() {
	[ "$(id -u)" -eq 0 ] || vm_fail "must run as root"
	[ "${VIGIL_VM:-}" = 1 ] || vm_fail "runs only inside the VM: use tests/vm/run.sh $(basename "$0")"
}

# vm_wait SECONDS CMD...: run CMD every 0.1 s until it succeeds; 1 on timeout.
vm_wait() {
	local n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# vm_sysctl [NS] KEY=VALUE: set (and fail loudly if it cannot).
vm_sysctl() {
	local ns=
	[ $# -eq 2 ] && { ns=$1; shift; }
	if [ -n "$ns" ]; then
		ip netns exec "$ns" sysctl -qw "$1" >/dev/null || vm_fail "sysctl $1 in $ns"
	else
		sysctl -qw "$1" >/dev/null || vm_fail "sysctl $1"
	fi
}

# ---- namespaces and links -------------------------------------------------
_vm_ns_del() {
	local p
	for p in $(ip netns pids "$1" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	ip netns delete "$1"
}
# vm_ns_add NAME: a fresh namespace with lo up, deleted (with its processes) at exit.
vm_ns_add() {
	ip netns add "$1" || vm_fail "ip netns add $1"
	vm_defer _vm_ns_del "$1"
	ip -n "$1" link set lo up || vm_fail "lo up in $1"
}
# vm_link_del NAME: delete a root-namespace link at exit.
vm_link_del_at_exit() { vm_defer ip link delete "$1"; }

# vm_veth_to_ns ROOTIF NS NSIF: a veth pair, ROOTIF in the root namespace.
vm_veth_to_ns() {
	ip link add "$1" type veth peer name "$3" netns "$2" || vm_fail "veth $1 <-> $2/$3"
	vm_link_del_at_exit "$1"
	ip link set "$1" up && ip -n "$2" link set "$3" up || vm_fail "link up $1/$3"
}

# vm_ipvs_dummy [V6ADDR/LEN]: ip_vs loaded, an empty IPVS table (cleared again
# at exit), and vt-dummy0 up with 192.0.2.1/24 (and V6ADDR) so that IPVS has a
# route to the 192.0.2.0/24 real servers (it refuses a destination without one).
vm_ipvs_dummy() {
	modprobe ip_vs || vm_fail "modprobe ip_vs"
	[ -z "$(ipvsadm -Sn)" ] || vm_fail "IPVS table not empty at start: $(ipvsadm -Sn)"
	vm_defer ipvsadm -C
	ip link add vt-dummy0 type dummy || vm_fail "dummy link"
	vm_link_del_at_exit vt-dummy0
	ip link set vt-dummy0 up || vm_fail "vt-dummy0 up"
	ip addr add 192.0.2.1/24 dev vt-dummy0 || vm_fail "v4 address on vt-dummy0"
	[ -z "${1:-}" ] || ip addr add "$1" dev vt-dummy0 nodad || vm_fail "v6 address $1 on vt-dummy0"
}

# ---- the LVS topology -------------------------------------------------------
# vm_topo_up MODE [NRS [6]]: MODE nat|dr|tun; NRS real servers (1..3,
# default 3); 6: dual stack, the IPv6 addresses too (nat only).
vm_topo_up() {
	local mode=$1 nrs=${2:-3} v6=${3:-} i ns ip
	case $mode in nat | dr | tun) ;; *) vm_fail "vm_topo_up: unknown mode $mode" ;; esac
	case $v6 in "" | 6) ;; *) vm_fail "vm_topo_up: third argument must be 6" ;; esac
	[ -z "$v6" ] || [ "$mode" = nat ] || vm_fail "vm_topo_up: IPv6 only in nat mode"
	[ "$nrs" -ge 1 ] && [ "$nrs" -le ${#VM_RS_NS[@]} ] || vm_fail "vm_topo_up: 1..${#VM_RS_NS[@]} real servers"
	VM_NRS=$nrs
	vm_sysctl net.ipv4.ip_forward=1
	vm_sysctl net.ipv4.conf.all.rp_filter=0
	vm_sysctl net.ipv4.conf.default.rp_filter=0

	# client side
	vm_ns_add $VM_CL_NS
	vm_veth_to_ns vt-cl0 $VM_CL_NS eth0
	ip addr add $VM_DIR_CL_IP/24 dev vt-cl0 || vm_fail "addr on vt-cl0"
	ip addr add $VM_VIP/32 dev vt-cl0 || vm_fail "VIP on vt-cl0"
	ip -n $VM_CL_NS addr add $VM_CL_IP/24 dev eth0 || vm_fail "client addr"
	ip -n $VM_CL_NS route add default via $VM_DIR_CL_IP || vm_fail "client route"
	if [ -n "$v6" ]; then
		vm_sysctl net.ipv6.conf.all.forwarding=1
		ip addr add $VM_DIR_CL_IP6/64 dev vt-cl0 nodad || vm_fail "IPv6 addr on vt-cl0"
		ip addr add $VM_VIP6/128 dev vt-cl0 nodad || vm_fail "IPv6 VIP on vt-cl0"
		ip -n $VM_CL_NS addr add $VM_CL_IP6/64 dev eth0 nodad || vm_fail "client IPv6 addr"
		ip -n $VM_CL_NS route add default via $VM_DIR_CL_IP6 || vm_fail "client IPv6 route"
	fi

	# real-server side
	ip link add vt-br0 type bridge || vm_fail "bridge vt-br0"
	vm_link_del_at_exit vt-br0
	ip link set vt-br0 up || vm_fail "vt-br0 up"
	ip addr add $VM_DIR_RS_IP/24 dev vt-br0 || vm_fail "addr on vt-br0"
	[ -n "$v6" ] && { ip addr add $VM_DIR_RS_IP6/64 dev vt-br0 nodad || vm_fail "IPv6 addr on vt-br0"; }
	if [ "$mode" != nat ]; then
		vm_sysctl net.ipv4.conf.vt-br0.accept_local=1
	fi
	[ "$mode" = tun ] && { modprobe ipip || vm_fail "modprobe ipip"; }
	for ((i = 0; i < nrs; i++)); do
		ns=${VM_RS_NS[$i]} ip=${VM_RS_IP[$i]}
		vm_ns_add "$ns"
		vm_veth_to_ns "$ns-br" "$ns" eth0
		ip link set "$ns-br" master vt-br0 || vm_fail "enslave $ns-br"
		ip -n "$ns" addr add "$ip/24" dev eth0 || vm_fail "addr in $ns"
		ip -n "$ns" route add default via $VM_DIR_RS_IP || vm_fail "route in $ns"
		if [ -n "$v6" ]; then
			ip -n "$ns" addr add "${VM_RS_IP6[$i]}/64" dev eth0 nodad || vm_fail "IPv6 addr in $ns"
			ip -n "$ns" route add default via $VM_DIR_RS_IP6 || vm_fail "IPv6 route in $ns"
		fi
		case $mode in
		dr)
			vm_sysctl "$ns" net.ipv4.conf.all.arp_ignore=1
			vm_sysctl "$ns" net.ipv4.conf.all.arp_announce=2
			ip -n "$ns" addr add $VM_VIP/32 dev lo || vm_fail "VIP on lo in $ns"
			;;
		tun)
			vm_sysctl "$ns" net.ipv4.conf.all.arp_ignore=1
			vm_sysctl "$ns" net.ipv4.conf.all.arp_announce=2
			vm_sysctl "$ns" net.ipv4.conf.all.rp_filter=0
			vm_sysctl "$ns" net.ipv4.conf.default.rp_filter=0
			ip -n "$ns" link set tunl0 up || vm_fail "tunl0 up in $ns"
			vm_sysctl "$ns" net.ipv4.conf.tunl0.rp_filter=0
			ip -n "$ns" addr add $VM_VIP/32 dev tunl0 || vm_fail "VIP on tunl0 in $ns"
			;;
		esac
	done
	_vm_topo=$mode$v6
	VM_V6=$v6
}

# vm_diag: the network and IPVS state, for a failure report.
vm_diag() {
	local ns
	echo "--- diagnostics (topology ${_vm_topo:-none})"
	ip -br addr
	ip route
	ip neigh
	for ns in $(ip netns list | awk '{print $1}'); do
		echo "--- netns $ns"
		ip -n "$ns" -br addr
		ip -n "$ns" route
	done
	[ -e /proc/net/ip_vs ] && ipvsadm -Ln --stats && ipvsadm -Lnc | head -20
}

# ---- real servers and clients -----------------------------------------------
# vm_rs_nginx NS NAME [LISTEN]: nginx in NS answering "NAME\n" to every
# request on LISTEN (default *:80 and [::]:80, which also cover a VIP held
# locally).
vm_rs_nginx() {
	local ns=$1 name=$2 listen=${3:-80} d=$VM_SCRATCH/nginx-$1 l6=
	[ $# -lt 3 ] && l6="listen [::]:80;"
	mkdir -p "$d/tmp" || vm_fail "mkdir $d"
	cat >"$d/nginx.conf" <<EOF
daemon on;
worker_processes 1;
user root;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_timeout 0;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	default_type text/plain;
	server {
		listen $listen;
		$l6
		location / { return 200 "$name\n"; }
	}
}
EOF
	ip netns exec "$ns" nginx -q -e "$d/error.log" -p "$d" -c "$d/nginx.conf" ||
		{ cat "$d/error.log" 2>/dev/null; vm_fail "nginx in $ns did not start"; }
	vm_defer _vm_kill_pidfile "$d/nginx.pid"
}
_vm_kill_pidfile() {
	local p
	p=$(cat "$1" 2>/dev/null) && [ -n "$p" ] && kill "$p" 2>/dev/null
	vm_wait 5 _vm_gone "$p"
}
_vm_gone() { ! kill -0 "$1" 2>/dev/null; }

# vm_bg NAME CMD...: run CMD in the background (e.g. "$VIGIL_BUILDDIR/vigild"
# -n -C -f conf, or "ip netns exec NS ..."), output to $VM_SCRATCH/NAME.log;
# sets VM_BG_PID; at exit it gets SIGTERM, then SIGKILL after 5 s, and its
# log is printed if the test failed.
vm_bg() {
	local name=$1
	shift
	"$@" >"$VM_SCRATCH/$name.log" 2>&1 </dev/null &
	VM_BG_PID=$!
	vm_defer _vm_bg_stop "$VM_BG_PID" "$name"
}
_vm_bg_stop() {
	local rc=$?
	kill "$1" 2>/dev/null
	vm_wait 5 _vm_gone "$1" || kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	[ "$_vm_exit_rc" -ne 0 ] && { echo "--- $2.log:"; cat "$VM_SCRATCH/$2.log"; } >&3
	return $rc
}

# vm_http_ok [NS] URL: one GET succeeds (2 s bound).
vm_http_ok() {
	if [ $# -eq 2 ]; then
		ip netns exec "$1" curl -sf -o /dev/null --max-time 2 "$2"
	else
		curl -sf -o /dev/null --max-time 2 "$1"
	fi
}

# vm_start_real_servers: nginx in every real-server namespace of the
# topology, each answering its namespace name; waits until each answers on
# its own address from the director.
vm_start_real_servers() {
	local i
	for ((i = 0; i < VM_NRS; i++)); do
		vm_rs_nginx "${VM_RS_NS[$i]}" "${VM_RS_NS[$i]}"
	done
	for ((i = 0; i < VM_NRS; i++)); do
		vm_wait 10 vm_http_ok "http://${VM_RS_IP[$i]}/" ||
			vm_fail "real server ${VM_RS_NS[$i]} does not answer on ${VM_RS_IP[$i]}"
		[ -z "${VM_V6:-}" ] || vm_wait 10 vm_http_ok "http://[${VM_RS_IP6[$i]}]/" ||
			vm_fail "real server ${VM_RS_NS[$i]} does not answer on ${VM_RS_IP6[$i]}"
	done
}

# vm_client_get COUNT URL: COUNT sequential GETs from the client namespace,
# each on a new TCP connection (so IPVS schedules each one), in one curl
# process; prints one body per line (a failed request prints nothing, so
# the caller's counts come out short).
# Bounded: 5 s per request, 300 s in all.
vm_client_get() {
	local n=$1 url=$2 cfg=$VM_SCRATCH/curl-$$.cfg i
	{
		echo 'silent'
		echo 'max-time = 5'
		echo 'connect-timeout = 2'
		echo 'header = "Connection: close"'
		for ((i = 0; i < n; i++)); do echo "url = \"$url\""; done
	} >"$cfg"
	timeout 300 ip netns exec $VM_CL_NS curl -K "$cfg"
}

# vm_count_lines FILE: "COUNT VALUE" per distinct line, sorted by value.
vm_count_lines() { sort "$1" | uniq -c | awk '{ print $1, $2 }' | sort -k2; }

# vm_ipvs_conns [-t|-u SERVICE]: "RIP:PORT=CONNS " for every real server of
# the table (or of one service), as IPVS counts them (ipvsadm -Ln --stats).
vm_ipvs_conns() {
	ipvsadm -Ln --stats "$@" | awk '$1 == "->" && $2 ~ /:[0-9]+$/ { printf "%s=%s ", $2, $3 }'
}

# vm_assert_split [-6] TOTAL COUNT...: send TOTAL requests from the client to
# the VIP (-6: VM_VIP6) port VM_VPORT and require real server i (of the
# topology) to answer exactly COUNT[i] of them, and IPVS to have counted
# exactly COUNT[i] connections to it in that service.  The kernel folds its
# per-CPU counters into the stats every 2 s: polled, bounded.
vm_assert_split() {
	local v6= svc url rs
	[ "$1" = -6 ] && { v6=1; shift; }
	local total=$1 i expect="" want="" ans=$VM_SCRATCH/answers
	shift
	if [ -n "$v6" ]; then
		svc="[$VM_VIP6]:$VM_VPORT"
	else
		svc="$VM_VIP:$VM_VPORT"
	fi
	url="http://$svc/"
	[ $# -eq "$VM_NRS" ] || vm_fail "vm_assert_split: $VM_NRS counts needed"
	for ((i = 0; i < VM_NRS; i++)); do
		[ "$1" -gt 0 ] && expect+="$1 ${VM_RS_NS[$i]}"$'\n'
		if [ -n "$v6" ]; then rs="[${VM_RS_IP6[$i]}]"; else rs=${VM_RS_IP[$i]}; fi
		want+="$rs:$VM_VPORT=$1 "
		shift
	done
	local t0=$SECONDS
	vm_client_get "$total" "$url" >"$ans" ||
		vm_info "curl exited with $? (the counts decide)"
	vm_info "$total requests in $((SECONDS - t0)) s"
	vm_count_lines "$ans" >"$ans.count"
	cat "$ans.count"
	[ "$(cat "$ans.count")"$'\n' = "$expect" ] ||
		vm_fail "client saw split $(tr '\n' ' ' <"$ans.count"); expected $(tr '\n' ' ' <<<"$expect")"
	vm_wait 10 eval '[ "$(vm_ipvs_conns -t "$svc")" = "$want" ]' ||
		vm_fail "IPVS counted $(vm_ipvs_conns -t "$svc"); expected $want"
	ipvsadm -Ln --stats -t "$svc"
}

# ---- health-check tests (tests/vm/t/4x-chk-*, bench/checker-load.sh) ---------
# vm_chk_daemon NAME CONF: the checker under test in the background (vm_bg
# NAME): `vigild -n -l -C -f CONF` with its pid files and dumps
# (VIGIL_TMPDIR) in $VM_SCRATCH.  With VIGIL_CHK_REF=keepalived in the
# environment the same command line runs keepalived instead, so a test's
# expectations can be checked against the reference implementation:
#   tests/vm/run.sh -c 'VIGIL_CHK_REF=keepalived bash tests/vm/t/40-....sh'
# The config is checked first (-t).  Sets VM_BG_PID (the parent process) and
# VM_CHK_PIDFILE (the checker child's pid file).
vm_chk_daemon() {
	local name=$1 conf=$2 d=$VM_SCRATCH bin
	case ${VIGIL_CHK_REF:-vigild} in
	vigild) bin=$VIGIL_BUILDDIR/vigild ;;
	keepalived) bin=$(command -v keepalived) || vm_fail "keepalived not installed" ;;
	*) vm_fail "VIGIL_CHK_REF must be vigild or keepalived" ;;
	esac
	[ -x "$bin" ] || vm_fail "$bin not built"
	"$bin" -t -f "$conf" >"$d/$name-t.log" 2>&1 || { cat "$d/$name-t.log"; vm_fail "$bin rejects $conf"; }
	VM_CHK_PIDFILE=$d/$name-checker.pid
	rm -f "$VM_CHK_PIDFILE"
	vm_bg "$name" env VIGIL_TMPDIR="$d" "$bin" -n -l -C -f "$conf" -p "$d/$name.pid" \
		-r "$d/$name-vrrp.pid" -c "$VM_CHK_PIDFILE"
	vm_info "started ${bin##*/} -C (pid $VM_BG_PID)"
}

# vm_rs_nginx_health NS NAME: like vm_rs_nginx NS NAME (answers "NAME\n" on
# port 80), plus /health, which answers 200 "ok" unless the file
# $VM_SCRATCH/nginx-NS/drain exists (then 503): a drain switch for HTTP_GET.
vm_rs_nginx_health() {
	local ns=$1 name=$2 d=$VM_SCRATCH/nginx-$1
	mkdir -p "$d/tmp" || vm_fail "mkdir $d"
	cat >"$d/nginx.conf" <<EON
daemon on;
worker_processes 1;
user root;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_timeout 0;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	default_type text/plain;
	server {
		listen 80;
		location = /health {
			if (-f $d/drain) { return 503 "draining\n"; }
			return 200 "ok\n";
		}
		location / { return 200 "$name\n"; }
	}
}
EON
	vm_defer _vm_kill_pidfile "$d/nginx.pid"
	vm_rs_nginx_start "$ns"
}

# vm_rs_nginx_stop NS: stop the nginx of NS (started by vm_rs_nginx or
# vm_rs_nginx_health) with SIGTERM (fast shutdown: its listening socket
# closes at once) and wait until it is gone (5 s bound).
vm_rs_nginx_stop() {
	local f=$VM_SCRATCH/nginx-$1/nginx.pid p
	p=$(cat "$f" 2>/dev/null) && [ -n "$p" ] || vm_fail "no nginx pid in $f"
	kill "$p" || vm_fail "kill nginx of $1"
	vm_wait 5 _vm_gone "$p" || vm_fail "nginx of $1 did not stop"
}
# vm_rs_nginx_start NS: start it again with the same config; waits (5 s)
# until its pid file names a live process.
vm_rs_nginx_start() {
	local d=$VM_SCRATCH/nginx-$1
	rm -f "$d/nginx.pid"
	ip netns exec "$1" nginx -q -e "$d/error.log" -p "$d" -c "$d/nginx.conf" ||
		{ cat "$d/error.log" 2>/dev/null; vm_fail "nginx in $1 did not start"; }
	vm_wait 5 eval "kill -0 \$(cat '$d/nginx.pid' 2>/dev/null)" || vm_fail "nginx in $1 wrote no pid"
}

# vm_rs_ns_add NS IP: one more real-server namespace on vt-br0 (after
# vm_topo_up nat), e.g. for a sorry server: eth0 IP/24, default via the
# director.
vm_rs_ns_add() {
	vm_ns_add "$1"
	vm_veth_to_ns "$1-br" "$1" eth0
	ip link set "$1-br" master vt-br0 || vm_fail "enslave $1-br"
	ip -n "$1" addr add "$2/24" dev eth0 || vm_fail "addr in $1"
	ip -n "$1" route add default via $VM_DIR_RS_IP || vm_fail "route in $1"
}

# vm_client_loop OUT STOPFILE RATE MAXSEC HOST PORT: in the background (vm_bg
# client), from the client namespace, RATE GET requests per second to
# HOST:PORT, each on a new TCP connection (2 s timeouts), until STOPFILE
# exists or MAXSEC have passed.  One line per request in OUT, stamped with
# its start (epoch seconds, the same clock as `date +%s.%N`):
#   "1700000000.123 OK vt-rs1"   (HTTP 200 and the body's first line)
#   "1700000000.173 FAIL ConnectionRefusedError"  (or "FAIL HTTP 503" ...)
vm_client_loop() {
	vm_bg client ip netns exec $VM_CL_NS /usr/bin/python3 -c '
import os, socket, sys, time
out, stop, rate, maxsec, host, port = sys.argv[1:7]
rate, maxsec, port = float(rate), float(maxsec), int(port)
f = open(out, "w", buffering=1)
end = time.time() + maxsec
nxt = time.time()
while time.time() < end and not os.path.exists(stop):
    t0 = time.time()
    try:
        s = socket.create_connection((host, port), timeout=2)
        s.sendall(b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n")
        data = b""
        while True:
            c = s.recv(4096)
            if not c:
                break
            data += c
        s.close()
        head, _, body = data.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].split()
        if len(status) >= 2 and status[1] == b"200":
            res = "OK " + (body.decode(errors="replace").split("\n", 1)[0] or "-")
        else:
            res = "FAIL HTTP " + (status[1].decode() if len(status) >= 2 else "?")
    except Exception as e:
        res = "FAIL " + type(e).__name__
    f.write("%.3f %s\n" % (t0, res))
    nxt += 1.0 / rate
    d = nxt - time.time()
    if d > 0:
        time.sleep(d)
    else:
        nxt = time.time()
' "$@"
}

# vm_now: epoch seconds with milliseconds (the clock of vm_client_loop).
vm_now() {
	local t=$EPOCHREALTIME
	local f=${t#*.}
	echo "${t%.*}.${f:0:3}"
}

# vm_until SECONDS CMD...: like vm_wait, but bounded by the wall clock (a
# poll that forks is slow under TCG: vm_wait's count of 0.1 s steps then
# lasts longer than it says): 0 as soon as CMD succeeds, 1 once SECONDS
# (integer) have passed.  VM_UNTIL_ELAPSED: the seconds it took ("1.23").
_vm_secs() { printf '%d.%02d' $(($1 / 1000000)) $(($1 % 1000000 / 10000)); }
vm_until() {
	local t0=${EPOCHREALTIME/./} lim=$(($1 * 1000000)) rc=0
	shift
	until "$@" >/dev/null 2>&1; do
		[ $((${EPOCHREALTIME/./} - t0)) -gt $lim ] && { rc=1; break; }
		sleep 0.1
	done
	VM_UNTIL_ELAPSED=$(_vm_secs $((${EPOCHREALTIME/./} - t0)))
	return $rc
}
# vm_holds SECONDS CMD...: CMD succeeds at every poll (0.1 s) for SECONDS
# (integer) of wall-clock time; 1 at the first failure.
vm_holds() {
	local t0=${EPOCHREALTIME/./} lim=$(($1 * 1000000))
	shift
	while "$@" >/dev/null 2>&1; do
		[ $((${EPOCHREALTIME/./} - t0)) -gt $lim ] && return 0
		sleep 0.1
	done
	return 1
}
