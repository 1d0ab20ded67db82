# tests/netns/lib.sh: helpers shared by the netns test scripts (sourced).
#
# Each script gets a temporary directory ($T), a network namespace of its own
# ($NS, with a veth pair eth0/eth1 and documentation addresses) and a trap
# that kills every process it started or that lives in the namespace, deletes
# the namespace and the directory, whatever happens.
#
# Environment: VIGILD (path of the vigild binary; vigild-vrrp and
# vigild-checker sit next to it).
set -u

fails=0
checks=0
vigild_pid=

die() {
	echo "not ok - $*"
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "netns tests need root"
command -v ip >/dev/null || die "ip (iproute2) not installed"
[ -n "${VIGILD:-}" ] && [ -x "$VIGILD" ] || die "VIGILD is not set to a built vigild"
for p in vigild-vrrp vigild-checker; do
	[ -x "$(dirname "$VIGILD")/$p" ] || die "$(dirname "$VIGILD")/$p not built"
done

T=$(mktemp -d /tmp/vigil-netns.XXXXXX) || die "mktemp"
NS="vigil-t$$"
CONF=$T/vigil.conf
LOG=$T/vigild.log
PID=$T/vigild.pid
VPID=$T/vigild-vrrp.pid
CPID=$T/vigild-checker.pid

cleanup() {
	local p
	for p in $vigild_pid $(cat "$PID" "$VPID" "$CPID" 2>/dev/null); do
		kill -9 "$p" 2>/dev/null
	done
	if ip netns list | grep -qw "$NS"; then
		for p in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$NS" 2>/dev/null
	fi
	if [ "$fails" -ne 0 ] && [ -f "$LOG" ]; then
		echo "--- vigild log:"
		sed 's/^/| /' "$LOG" | tail -60
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$NS" || die "ip netns add $NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add eth0 type veth peer name eth1 || die "veth in $NS"
ip -n "$NS" link set eth0 up
ip -n "$NS" link set eth1 up
ip -n "$NS" addr add 192.0.2.1/24 dev eth0

ok() {
	checks=$((checks + 1))
	echo "ok - $*"
}
fail() {
	checks=$((checks + 1))
	fails=$((fails + 1))
	echo "not ok - $*"
}
# check DESCRIPTION COMMAND...: one assertion.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
# wait_until SECONDS COMMAND...: poll every 0.1 s; false when time runs out.
wait_until() {
	local limit=$(($1 * 10)) i=0
	shift
	while [ $i -lt $limit ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	"$@"
}
finish() {
	echo "$(basename "$0"): $checks checks, $fails failed"
	[ "$fails" -eq 0 ]
	exit $?
}

# A zombie (our own exited child not reaped yet) counts as gone.
gone() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	case $st in Z*|"") return 0 ;; esac
	return 1
}
alive() { ! gone "$1"; }
pidof_file() { cat "$1" 2>/dev/null; }
file_pid_alive() {
	local p
	p=$(pidof_file "$1") && [ -n "$p" ] && alive "$p"
}
ppid_of() { ps -o ppid= -p "$1" 2>/dev/null | tr -d ' '; }
comm_of() { cat "/proc/$1/comm" 2>/dev/null; }
# count_is N COMMAND...: COMMAND prints the number N (re-run on every call,
# unlike a "$(...)" in the arguments of wait_until).
count_is() {
	local n=$1
	shift
	[ "$("$@")" = "$n" ]
}
# No process is left in the namespace.
ns_empty() { [ -z "$(ip netns pids "$NS" 2>/dev/null)" ]; }
# log_has REGEX: the vigild log (all processes, -l) holds a matching line.
log_has() { grep -Eq -- "$1" "$LOG"; }
log_count() { grep -Ec -- "$1" "$LOG"; }
# The pid file names a process other than OLD that is alive.
pid_changed() {
	local p
	p=$(pidof_file "$1") && [ -n "$p" ] && [ "$p" != "$2" ] && alive "$p"
}

# write_conf FILE [PRIORITY [WEIGHT [EXTRA-TOP-LEVEL-LINE]]]: one vrrp_instance
# and one virtual_server, so that both children start.
write_conf() {
	cat >"$1" <<EOF
global_defs {
    router_id vigil_netns
}

vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority ${2:-100}
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
}

virtual_server 192.0.2.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        weight ${3:-1}
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
${4:-}
EOF
}

# start_vigild [EXTRA-FLAGS...]: vigild -n -l in the namespace, its dumps in $T
# (VIGIL_TMPDIR); waits for both children.
start_vigild() {
	ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -f "$CONF" -p "$PID" \
		-r "$VPID" -c "$CPID" "$@" >>"$LOG" 2>&1 &
	vigild_pid=$!
	wait_until 5 file_pid_alive "$VPID" && wait_until 5 file_pid_alive "$CPID"
}

# Stop vigild with SIGTERM and wait (bounded) for it.
stop_vigild() {
	[ -n "$vigild_pid" ] || return 0
	kill -TERM "$vigild_pid" 2>/dev/null
	wait_until 8 gone "$vigild_pid"
}

# write_conf_vrrp_only FILE: a vrrp_instance and no virtual_server.
write_conf_vrrp_only() {
	write_conf "$1"
	sed -i '/^virtual_server/,$d' "$1"
}
