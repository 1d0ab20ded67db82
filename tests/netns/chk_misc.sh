#!/bin/bash
# MISC_CHECK through vigild -C in the test's namespace (delay_loop 1, alpha:
# every real server starts down).
#  - rs 198.51.100.1: a script whose exit status a file sets: 0 up, 1 down,
#    12 down (no misc_dynamic), killed by a signal down; up again after each.
#  - rs 198.51.100.2: misc_dynamic, weight 1: status 12 is up with weight 10,
#    22 weight 20, 1 down, 0 up with the weight left as it was (log lines
#    and the JSON dump).
#  - rs 198.51.100.3: misc_timeout 1; the script hangs with a child when told
#    to: down on the timeout, and each hanging script is killed with its
#    child (their pids recorded by the script are gone, pgrep finds none
#    once it stops hanging); up again.
#  - rs 198.51.100.4: user nobody: the script is up only when it runs as
#    uid 65534 (and says so in a file).
#  - misc_path words: quotes keep an argument with a blank in one word, and
#    no shell sees the line (a ';' is a plain argument byte).
# Exact transition counts for every real server.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || die "python3 not installed"
command -v pgrep >/dev/null || die "pgrep (procps) not installed"
id nobody >/dev/null 2>&1 || die "no user nobody"

RS() { echo "\\[vs 192\\.0\\.2\\.100:80 rs 198\\.51\\.100\\.$1:80\\]"; }
# scripts nobody can run: $T itself is 0700
chmod 711 "$T"
mkdir -m 755 "$T/pub" && mkdir -m 1777 "$T/pub/out" || die "mkdir"

cat >"$T/misc.sh" <<EOF
#!/bin/sh
# \$1: which rc file; \$2: a word with a blank; \$3: a word with a ';'
echo "\$#|\$2|\$3" >"$T/\$1.args"
rc=\$(cat "$T/\$1.rc" 2>/dev/null || echo 1)
[ "\$rc" = kill ] && kill -KILL \$\$
exit \$rc
EOF
cat >"$T/hang.sh" <<EOF
#!/bin/sh
[ "\$(cat "$T/hang.mode")" = hang ] || exit 0
echo \$\$ >>"$T/hang.pids"
sleep 1000 &
echo \$! >>"$T/hang.kids"
sleep 1000
EOF
cat >"$T/pub/whoami.sh" <<EOF
#!/bin/sh
id -u >"$T/pub/out/uid"
[ "\$(id -u)" = 65534 ]
EOF
chmod 755 "$T/misc.sh" "$T/hang.sh" "$T/pub/whoami.sh"

cat >"$CONF" <<EOF
global_defs {
    router_id chk_misc
}
virtual_server 192.0.2.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        alpha
        MISC_CHECK {
            misc_path "$T/misc.sh rs1 'a b' c;d"
            misc_timeout 3
            warmup 0
        }
    }
    real_server 198.51.100.2 80 {
        weight 1
        alpha
        MISC_CHECK {
            misc_path "$T/misc.sh rs2"
            misc_dynamic
            warmup 0
        }
    }
    real_server 198.51.100.3 80 {
        alpha
        MISC_CHECK {
            misc_path "$T/hang.sh"
            misc_timeout 1
            warmup 0
        }
    }
    real_server 198.51.100.4 80 {
        alpha
        MISC_CHECK {
            misc_path "$T/pub/whoami.sh"
            user nobody
            warmup 0
        }
    }
}
EOF

ups() { log_count "$(RS "$1") DOWN -> UP \\(MISC_CHECK"; }
downs() { log_count "$(RS "$1") UP -> DOWN \\(MISC_CHECK"; }
# wait_down N K REASON: the K-th UP -> DOWN of rs N, its reason matching REASON.
wait_down() {
	wait_until 8 count_is "$2" downs "$1" &&
		[ "$(grep -E -- "$(RS "$1") UP -> DOWN" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
wait_up() { wait_until 8 count_is "$2" ups "$1"; }
weight_line() { log_has "$(RS 2) weight $1 -> $2 "; }
# json_weight W: the JSON dump shows rs2's MISC_CHECK with weight W.
json_weight() {
	rm -f "$T/vigil.check.json"
	kill -s RTMIN+2 "$ckpid" || return 1
	wait_until 3 test -s "$T/vigil.check.json" || return 1
	sleep 0.2
	python3 - "$T/vigil.check.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
want = int(sys.argv[2])
found = []
def walk(o):
    if isinstance(o, dict):
        if "198.51.100.2:80" in str(o.get("label", "")) and "weight" in o and o.get("type", "MISC_CHECK") == "MISC_CHECK":
            found.append(o["weight"])
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(d)
sys.exit(0 if want in found else 1)
PY
}
all_gone() {
	local p
	for p in $(cat "$@" 2>/dev/null); do alive "$p" && return 1; done
	return 0
}
no_hang_left() { [ -z "$(pgrep -f "$T/hang.sh")" ] && all_gone "$T/hang.pids" "$T/hang.kids"; }

echo 0 >"$T/rs1.rc"
echo 0 >"$T/rs2.rc"
echo ok >"$T/hang.mode"
ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -C -f "$CONF" -p "$PID" \
	-r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "checker process starts" wait_until 5 file_pid_alive "$CPID"
ckpid=$(pidof_file "$CPID")

check "rs1 up on exit 0" wait_up 1 1
check "misc_path: 3 arguments, a quoted one with its blank, ';' a plain byte" \
	grep -qx '3|a b|c;d' "$T/rs1.args"
echo 1 >"$T/rs1.rc"
check "rs1 down on exit 1" wait_down 1 1 'script failed: exit 1,'
echo 0 >"$T/rs1.rc"
check "rs1 up again" wait_up 1 2
echo 12 >"$T/rs1.rc"
check "rs1 down on exit 12 without misc_dynamic" wait_down 1 2 'script failed: exit 12,'
echo 0 >"$T/rs1.rc"
check "rs1 up again" wait_up 1 3
echo kill >"$T/rs1.rc"
check "rs1 down when the script is killed by a signal" \
	wait_down 1 3 'script killed: signal 9 \(SIGKILL\)'
echo 0 >"$T/rs1.rc"
check "rs1 up again" wait_up 1 4

check "rs2 up on exit 0" wait_up 2 1
echo 12 >"$T/rs2.rc"
check "rs2 weight 1 -> 10 on exit 12 (misc_dynamic)" wait_until 8 weight_line 1 10
check "the JSON dump shows weight 10" json_weight 10
echo 22 >"$T/rs2.rc"
check "rs2 weight 10 -> 20 on exit 22" wait_until 8 weight_line 10 20
echo 1 >"$T/rs2.rc"
check "rs2 down on exit 1" wait_down 2 1 'script failed: exit 1,'
echo 0 >"$T/rs2.rc"
check "rs2 up again on exit 0" wait_up 2 2
sleep 1.5
check "exit 0 left the weight at 20 (no other weight change)" \
	count_is 2 log_count "$(RS 2) weight [0-9]+ -> [0-9]+ "

check "rs3 up while its script exits 0" wait_up 3 1
echo hang >"$T/hang.mode"
check "rs3 down when its script hangs past misc_timeout" wait_down 3 1 'MISC_CHECK timeout'
check "hanging scripts ran (pids recorded)" wait_until 5 test -s "$T/hang.kids"
sleep 2.5 # two more hanging attempts, each killed
check "at least 2 hanging attempts were killed" \
	test "$(wc -l <"$T/hang.kids")" -ge 2
alive_count() {
	local p n=0
	for p in $(cat "$@" 2>/dev/null); do alive "$p" && n=$((n + 1)); done
	echo $n
}
check "at most one hanging script (and its child) alive at a time" \
	test "$(alive_count "$T/hang.pids")" -le 1 -a "$(alive_count "$T/hang.kids")" -le 1
echo ok >"$T/hang.mode"
check "rs3 up again" wait_up 3 2
check "no hanging script or child left (pgrep, recorded pids)" wait_until 3 no_hang_left

check "rs4 up: its script runs as nobody" wait_up 4 1
check "the script saw uid 65534" grep -qx 65534 "$T/pub/out/uid"

sleep 2
for n in 1 2 3 4; do
	u=$(ups $n) d=$(downs $n)
	case $n in 1) wu=4 wd=3 ;; 2) wu=2 wd=1 ;; 3) wu=2 wd=1 ;; 4) wu=1 wd=0 ;; esac
	check "rs$n: exactly $wu DOWN -> UP and $wd UP -> DOWN" test "$u/$d" = "$wu/$wd"
	check "rs$n: no other transition" count_is $((wu + wd)) log_count "$(RS $n) [A-Z]+ -> [A-Z]+"
done
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
stop_vigild
check "no script left after stop" wait_until 3 no_hang_left
finish
