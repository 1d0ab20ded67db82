# tests/netns/lib_vrrp.sh: helpers of the VRRP netns tests (sourced after lib.sh).
#
# Topology: lib.sh's namespace $NS is the switch (a bridge br0, multicast
# snooping off); node X gets its own namespace $NS-X with an interface eth0
# plugged into br0 (port X0 in $NS), IPv4 192.0.2.N/24 and IPv6
# 2001:db8::N/64, DAD off so that link-local and global addresses are usable
# at once.  Every node namespace is killed and deleted by the EXIT trap.
#
# The VRRP process under test runs with `vigild -n -l -D`.  keepalived is run as `keepalived -n -l -D -f CONF` with its pid
# files in $T.

nodes=""

vrrp_cleanup() {
	local n p
	for n in $nodes; do
		for p in $(ip netns pids "$NS-$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$NS-$n" 2>/dev/null
	done
	if [ "$fails" -ne 0 ]; then
		for n in $nodes; do
			[ -f "$T/$n.log" ] || continue
			echo "--- log of node $n:"
			tail -40 "$T/$n.log" | sed 's/^/| /'
		done
	fi
}
trap 'vrrp_cleanup; cleanup' EXIT

ip -n "$NS" link add br0 type bridge mcast_snooping 0 || die "bridge"
ip -n "$NS" link set br0 up

# add_node X N: namespace $NS-X, eth0 with 192.0.2.N/24 and 2001:db8::N/64.
add_node() {
	add_ns "$1"
	plug_node "$1" "$2"
}
# add_ns X: namespace $NS-X with no eth0 yet (plug_node X N adds it).
add_ns() {
	local x=$1 ns=$NS-$1
	ip netns add "$ns" || die "ip netns add $ns"
	nodes="$nodes $x"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.default.accept_dad=0
	ip -n "$ns" link set lo up
}
# plug_node X N: eth0 in $NS-X, plugged into br0 as X0, with its addresses.
# unplug_node X deletes the pair (eth0 disappears from $NS-X).
plug_node() {
	local x=$1 n=$2 ns=$NS-$1
	ip -n "$NS" link add "${x}0" type veth peer name eth0 netns "$ns" || die "veth for $x"
	ip -n "$NS" link set "${x}0" master br0 up
	ip -n "$ns" link set eth0 up
	ip -n "$ns" addr add "192.0.2.$n/24" dev eth0
	ip -n "$ns" addr add "2001:db8::$n/64" dev eth0 nodad
}
unplug_node() { ip -n "$NS" link del "${1}0"; }

# node_conf X VRID PRIO [VERSION [INTERVAL [EXTRA-INSTANCE-LINES [VIP]]]]: write $T/X.conf.
node_conf() {
	local x=$1
	cat >"$T/$x.conf" <<EOF
global_defs {
    router_id node_$x
    vrrp_garp_master_delay 1
    vrrp_garp_master_repeat 1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id $2
    priority $3
    advert_int ${5:-1}
    version ${4:-3}
$(printf '%s\n' "${6:-}")
    virtual_ipaddress {
        ${7:-192.0.2.100/24}
    }
}
EOF
}

# start_node X [VIGILD-FLAGS...]: run vigil in $NS-X with $T/X.conf; logs to
# $T/X.log, dumps in $T/X.d (VIGIL_TMPDIR, one per node: see dump_dir).
start_node() {
	local x=$1 ns=$NS-$1
	shift
	eval "kind_$x=vigild"
	mkdir -p "$T/$x.d"
	ip netns exec "$ns" env VIGIL_TMPDIR="$T/$x.d" "$VIGILD" -n -l -D -f "$T/$x.conf" -p "$T/$x.pid" \
		-r "$T/$x.vpid" -c "$T/$x.cpid" "$@" >>"$T/$x.log" 2>&1 &
	eval "pid_$x=$!"
	wait_until 5 file_pid_alive "$T/$x.vpid"
}

# The pid of the process that runs the VRRP instances of node X.
vrrp_pid() {
	cat "$T/$1.vpid" 2>/dev/null
}

# stop_node X: SIGTERM and wait (bounded).  For a vigild node, also check
# that its VRRP process exited with status 0 (a sanitizer report makes it
# non-zero).
stop_node() {
	local p last
	p=$(eval echo "\${pid_$1:-}")
	[ -n "$p" ] || return 0
	kill -TERM "$p" 2>/dev/null
	wait_until 8 gone "$p" || return 1
	if [ "$(eval echo "\${kind_$1:-}")" = vigild ]; then
		last=$(grep -E '\[vrrp\] pid [0-9]+ stopped' "$T/$1.log" | tail -1)
		check "$1: VRRP process stopped cleanly" eval 'echo "$last" | grep -q "(status 0)"'
	fi
}

kill_node() {
	local p
	p=$(eval echo "\${pid_$1:-}")
	[ -n "$p" ] || return 0
	kill -KILL "$p" $(vrrp_pid "$1") 2>/dev/null
	wait_until 3 gone "$p"
}

# start_keepalived X: keepalived in $NS-X with $T/X.conf.
start_keepalived() {
	local x=$1 ns=$NS-$1
	command -v keepalived >/dev/null || die "keepalived not installed"
	eval "kind_$x=keepalived"
	ip netns exec "$ns" keepalived -n -l -D -f "$T/$x.conf" -p "$T/$x.kpid" \
		-r "$T/$x.kvpid" -c "$T/$x.kcpid" >>"$T/$x.log" 2>&1 &
	eval "pid_$x=$!"
	wait_until 5 test -s "$T/$x.kvpid"
}

# has_vip X [ADDR]: node X holds the VIP (default 192.0.2.100).
has_vip() { ip -n "$NS-$1" addr show dev eth0 | grep -q "inet6\? ${2:-192.0.2.100}/"; }
no_vip() { ! has_vip "$@"; }
# The VIP is on exactly one of the given nodes: only_vip X ADDR OTHER...
only_vip() {
	local x=$1 a=$2 o
	shift 2
	has_vip "$x" "$a" || return 1
	for o in "$@"; do no_vip "$o" "$a" || return 1; done
}
node_log_has() { grep -Eq -- "$2" "$T/$1.log"; }
node_log_count() { grep -Ec -- "$2" "$T/$1.log"; }
# node_log_count_ge X REGEX N: at least N matching lines (re-evaluated by wait_until).
node_log_count_ge() { [ "$(node_log_count "$1" "$2")" -ge "$3" ]; }

# node_reload X: SIGHUP to node X's vigild; waits for the VRRP process's
# "configuration reloaded".
node_reload() {
	local n
	n=$(node_log_count "$1" 'vigild-vrrp.*configuration reloaded')
	kill -HUP "$(eval echo "\$pid_$1")"
	wait_until 5 node_log_count_ge "$1" 'vigild-vrrp.*configuration reloaded' $((n + 1))
}

# link_down X / link_up X: cut or restore node X's port on the bridge.
link_down() { ip -n "$NS" link set "${1}0" down; }
link_up() { ip -n "$NS" link set "${1}0" up; }

# now_ms: a monotonic-enough clock in milliseconds for timings.
now_ms() { date +%s%3N; }

# dump_dir X: where node X's VRRP process writes its dumps.
dump_dir() { echo "$T/$1.d"; }

# stats_of X: SIGUSR2 to node X's VRRP process; prints the stats file.
stats_of() {
	local p f=$T/$1.d/vigil.stats
	p=$(vrrp_pid "$1")
	rm -f "$f"
	kill -USR2 "$p" || return 1
	wait_until 3 test -s "$f" || return 1
	cat "$f"
}
# stat_value X KEY: the first "KEY: N" of the instance part of X's stats.
stat_value() {
	stats_of "$1" | sed -n "s/^ *$2: //p" | head -1
}
