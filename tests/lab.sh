#!/bin/bash
# The lab: vigil doing its job on this machine, in network namespaces it
# creates and removes.  Installs dependencies and builds when needed (root).
#
#   sudo tests/lab.sh
#
# A director namespace with a link (lab0) runs `vigild` on tests/lab/lab.conf,
# then the lab walks through what an operator does with it and shows vigil's
# answers: config check, the normalised config, the supervisor and its two
# children, a reload, a reload with a broken file (kept running), a crashed
# child (restarted), and an orderly stop.  As the VRRP and checker subsystems
# land, the lab grows real peers, real servers and traffic.
set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
logdir=$top/build-logs
mkdir -p "$logdir"
. "$top/tests/lib/build.sh"

[ "$(id -u)" -eq 0 ] || { echo "lab: run as root (sudo tests/lab.sh)" >&2; exit 1; }
install_deps
[ -x configure ] || ./autogen.sh >"$logdir/autogen.log" 2>&1 || { cat "$logdir/autogen.log"; exit 1; }
echo "lab: building (log: $logdir/lab-build.log)"
(build "$top/build" --enable-werror) >"$logdir/lab-build.log" 2>&1 || { tail -30 "$logdir/lab-build.log"; exit 1; }
cd "$top" || exit 1
VIGILD=$top/build/vigild

T=$(mktemp -d /tmp/vigil-lab.XXXXXX)
NS=vigil-lab-$$
LOG=$T/vigild.log
CONF=$T/vigil.conf
vigild_pid=
cleanup() {
	[ -n "$vigild_pid" ] && kill -TERM "$vigild_pid" 2>/dev/null && sleep 1
	for p in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
wait_for() { # wait_for SECONDS REGEX [FROM-LINE]: until the log (from that line) matches REGEX
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		tail -n +"${3:-1}" "$LOG" | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	echo "lab: timed out waiting for /$2/ in the log" >&2
	return 1
}
show_log() { sed -n "$1,\$p" "$LOG" | sed 's/^/  | /'; }
mark() { wc -l <"$LOG"; }
procs() { ps -o pid,ppid,comm --ppid "$vigild_pid" --pid "$vigild_pid"; }

ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add lab0 type dummy
ip -n "$NS" link set lab0 up
ip -n "$NS" addr add 192.0.2.1/24 dev lab0
cp tests/lab/lab.conf "$CONF"

step "1. check the config (every error would be file:line:col)"
run "$VIGILD" -t -f "$CONF" && echo "valid"

step "2. the normalised config (vigild -t -d; every default explicit) — first 30 lines"
"$VIGILD" -t -d -f "$CONF" | head -30

step "3. start vigild in the director namespace (foreground, log to console)"
: >"$LOG"
ip netns exec "$NS" "$VIGILD" -n -l -f "$CONF" -p "$T/vigild.pid" -r "$T/vrrp.pid" \
	-c "$T/checker.pid" >>"$LOG" 2>&1 &
vigild_pid=$!
wait_for 10 'vigild-checker.*started' && wait_for 10 'vigild-vrrp.*started'
show_log 1
procs

step "4. reload a changed config: kill -HUP (children keep running)"
m=$(mark)
sed -i 's/priority 150/priority 120/' "$CONF"
run kill -HUP "$vigild_pid"
wait_for 10 'vigild-vrrp.*configuration reloaded' $((m + 1))
show_log $((m + 1))

step "5. reload a broken config: the error is reported, the running config stays"
m=$(mark)
sed -i 's/lb_algo wrr/lb_algo wrrr/' "$CONF"
run kill -HUP "$vigild_pid"
wait_for 10 'keeping the running configuration' $((m + 1))
show_log $((m + 1))
sed -i 's/lb_algo wrrr/lb_algo wrr/' "$CONF"

step "6. a child crashes: the supervisor restarts it"
m=$(mark)
run kill -9 "$(cat "$T/checker.pid")"
wait_for 10 'vigild-checker.*started' $((m + 1))
show_log $((m + 1))
procs

step "7. orderly stop (SIGTERM): children stopped, pid files removed"
m=$(mark)
run kill -TERM "$vigild_pid"
for ((i = 0; i < 100; i++)); do kill -0 "$vigild_pid" 2>/dev/null || break; sleep 0.1; done
wait "$vigild_pid" 2>/dev/null
echo "vigild exit status: $?"
vigild_pid=
show_log $((m + 1))
ls "$T"/*.pid 2>/dev/null || echo "no pid file left"
echo
echo "lab: done"
