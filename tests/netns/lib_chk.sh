# tests/netns/lib_chk.sh: helpers for the health-check engine's netns tests
# (sourced after lib.sh).  Real servers are addresses on the namespace's lo
# (198.51.100.0/24, 2001:db8::/32); vigild runs with -C (checker only) and
# VIGIL_TMPDIR=$T, so its JSON dump lands in $T/vigil.check.json.
#
#   chk_addr ADDR...            put addresses on the namespace's lo
#   chk_listen ADDR PORT NAME   a TCP listener in the namespace that appends a
#                               line to $T/NAME.acc per accepted connection
#                               (its local time of day in seconds, as
#                               chk_log_ts gives; pid in $T/NAME.pid);
#                               chk_unlisten NAME stops it
#   chk_accepts NAME [UNTIL]    connections NAME accepted so far (up to the
#                               time of day UNTIL)
#   chk_start [FLAGS]           vigild -n -l -D -C, waits for the checker
#   chk_json                    ask the checker for its JSON dump, wait for it
#   chk_q PYEXPR                evaluate PYEXPR on the last dump (`d`), print
#   chk_rs VS RS FIELD          a real server's field ("vs 192.0.2.100:80",
#                               "198.51.100.1:80") in the last dump
#   chk_tr VS RS FROM TO        count of "[VS rs RS] FROM -> TO (" log lines
#                               (VS as logged: "vs 192.0.2.100:80")
#   chk_tr_total VS RS          count of every transition line of that server
#   chk_is EXPECTED CMD...      CMD's output is EXPECTED (re-run at each
#                               call: for wait_until)
#   chk_note_script             $T/note.sh: appends its arguments as one line
#                               to $NOTES ($T/notes, emptied)
#   chk_log_ts REGEX [N]        seconds of the Nth (default first) log line
#                               matching REGEX (from its HH:MM:SS.mmm stamp)
command -v python3 >/dev/null || die "python3 not installed"

chk_addr() {
	local a
	for a in "$@"; do
		case $a in
		*:*) ip -n "$NS" addr add "$a/128" dev lo nodad || die "address $a" ;;
		*) ip -n "$NS" addr add "$a/32" dev lo || die "address $a" ;;
		esac
	done
}

cat >"$T/listen.py" <<'PYEOF'
import socket, sys, time
addr, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(128)
while True:
    c, _ = s.accept()
    t = time.time()
    lt = time.localtime(t)
    with open(out, "a") as f:
        f.write("%.3f\n" % (lt.tm_hour * 3600 + lt.tm_min * 60 + lt.tm_sec + t % 1))
    c.close()
PYEOF

chk_listen() {
	local i=0 want="$1:$2"
	case $1 in *:*) want="[$1]:$2" ;; esac
	ip netns exec "$NS" python3 "$T/listen.py" "$1" "$2" "$T/$3.acc" 2>>"$T/$3.err" &
	echo $! >"$T/$3.pid"
	touch "$T/$3.acc"
	# listening once ss shows the socket (no probe connection: counts stay exact)
	while [ $i -lt 50 ]; do
		ip netns exec "$NS" ss -Hltn "sport = :$2" 2>/dev/null | grep -qF -- "$want " && return 0
		sleep 0.1
		i=$((i + 1))
	done
	die "listener $3 on $1 $2 did not start"
}

chk_unlisten() {
	local p
	p=$(cat "$T/$1.pid" 2>/dev/null) && [ -n "$p" ] && kill "$p" 2>/dev/null
	[ -n "${p:-}" ] && wait_until 5 gone "$p"
	rm -f "$T/$1.pid"
}

chk_accepts() {
	awk -v u="${2:-}" 'u == "" || $1 <= u + 0 { n++ } END { print n + 0 }' "$T/$1.acc"
}

chk_start() {
	ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -C -f "$CONF" -p "$PID" \
		-r "$VPID" -c "$CPID" "$@" >>"$LOG" 2>&1 &
	vigild_pid=$!
	wait_until 5 file_pid_alive "$CPID"
}

chk_json() {
	local p
	p=$(pidof_file "$CPID") || return 1
	rm -f "$T/vigil.check.json"
	kill -s RTMIN+2 "$p" || return 1
	wait_until 5 test -s "$T/vigil.check.json"
}

chk_q() {
	python3 - "$T/vigil.check.json" "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
def rs(vs, r):
    for v in d["virtual_servers"]:
        if v["label"] == vs:
            for x in v["real_servers"]:
                if x["address"] == r:
                    return x
    raise KeyError(vs + " " + r)
def vs(label):
    for v in d["virtual_servers"]:
        if v["label"] == label:
            return v
    raise KeyError(label)
v = eval(sys.argv[2])
print(str(v).lower() if isinstance(v, bool) else v)
PYEOF
}

chk_rs() { chk_q "rs('$1', '$2')['$3']"; }

chk_tr() {
	grep -Fc -- "[$1 rs $2] $3 -> $4 (" "$LOG"
}

chk_tr_total() {
	echo $(($(chk_tr "$1" "$2" UP DOWN) + $(chk_tr "$1" "$2" DOWN UP)))
}

chk_is() {
	local want=$1
	shift
	[ "$("$@")" = "$want" ]
}

chk_log_ts() {
	grep -E -- "$1" "$LOG" | sed -n "${2:-1}p" |
		awk '{ split($1, t, ":"); printf "%.3f\n", t[1] * 3600 + t[2] * 60 + t[3] }'
}

chk_note_script() {
	NOTES=$T/notes
	: >"$NOTES"
	printf '#!/bin/sh\necho "$*" >>%s\n' "$NOTES" >"$T/note.sh"
	chmod 755 "$T/note.sh"
}
