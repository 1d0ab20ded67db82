#!/bin/bash
# FILE_CHECK through vigild -C in the test's namespace: real servers follow
# track files, written in place, replaced by a rename, deleted and created
# again, with exact transition counts.
#  - rs 198.51.100.1: track_file weight 0: 0 is up, anything else down.
#  - rs 198.51.100.3: the same file with `weight 0 reverse`: the opposite.
#  - rs 198.51.100.2 (weight 5): track_file weight 2, init_file 3, dynamic:
#    the weight is value x 2 (init_file writes 3: 6), a value x 2 of
#    -2147483648 is down.
# A file rewritten with the same value changes nothing; another file in the
# directory changes nothing.  A reload that points tf_w0 at another file
# (same name) makes its checks follow the new file.
. "$(dirname "$0")/lib.sh"

RS() { echo "\\[vs 192\\.0\\.2\\.100:80 rs 198\\.51\\.100\\.$1:80\\]"; }
D=$T/files
mkdir "$D" || die "mkdir"
echo 0 >"$D/rs1.state"

cat >"$CONF" <<EOF
global_defs {
    router_id chk_file
}
track_file tf_w0 {
    file "$D/rs1.state"
    weight 0
}
track_file tf_dyn {
    file "$D/rs2.state"
    weight 2
    init_file 3
}
virtual_server 192.0.2.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        FILE_CHECK {
            track_file tf_w0
        }
    }
    real_server 198.51.100.2 80 {
        weight 5
        FILE_CHECK {
            track_file tf_dyn
            dynamic
        }
    }
    real_server 198.51.100.3 80 {
        FILE_CHECK {
            track_file tf_w0
            weight 0 reverse
        }
    }
}
EOF

ups() { log_count "$(RS "$1") DOWN -> UP \\(FILE_CHECK"; }
downs() { log_count "$(RS "$1") UP -> DOWN \\(FILE_CHECK"; }
# wait_down N K REASON: the K-th UP -> DOWN of rs N, its reason matching REASON.
wait_down() {
	wait_until 5 count_is "$2" downs "$1" &&
		[ "$(grep -E -- "$(RS "$1") UP -> DOWN" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
wait_up() {
	wait_until 5 count_is "$2" ups "$1" &&
		[ "$(grep -E -- "$(RS "$1") DOWN -> UP" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
weights() { log_count "$(RS 2) weight [0-9]+ -> [0-9]+ "; }
weight_is() { log_has "$(RS 2) weight $1 -> $2 \\(FILE_CHECK ok: value $3, weight $2"; }
# put FILE VALUE: write in place (truncate, write, close)
put() { echo "$2" >"$1"; }

ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -C -f "$CONF" -p "$PID" \
	-r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "checker process starts" wait_until 5 file_pid_alive "$CPID"
ckpid=$(pidof_file "$CPID")
check "init_file wrote 3" wait_until 5 grep -qx 3 "$D/rs2.state"
check "rs3 (reverse) goes down at start: the file holds 0" wait_down 3 1 'file down: value 0'
check "rs2 weight 5 -> 6 at start (3 x 2)" wait_until 5 weight_is 5 6 3
sleep 1
check "rs1 stays up at start (no transition)" count_is 0 log_count "$(RS 1) [A-Z]+ -> [A-Z]+"

put "$D/rs1.state" 1
check "rs1 down on 1 (weight 0)" wait_down 1 1 'file down: value 1'
check "rs3 up on 1 (reverse)" wait_up 3 1 'ok: value 1'
put "$D/rs1.state" 1
put "$D/other" 0
sleep 1
check "the same value again, another file: no transition" \
	test "$(downs 1)/$(ups 1)/$(downs 3)/$(ups 3)" = "1/0/1/1"
put "$D/rs1.state" 0
check "rs1 up on 0" wait_up 1 1 'ok: value 0'
check "rs3 down again" wait_down 3 2 'file down: value 0'
echo 7 >"$D/rs1.new" && mv "$D/rs1.new" "$D/rs1.state"
check "rs1 down when the file is replaced by a rename (7)" wait_down 1 2 'file down: value 7'
rm -f "$D/rs1.state"
check "rs1 up when the file is deleted (0)" wait_up 1 2 'ok: value 0'
put "$D/rs1.state" 1
check "rs1 down when the file is created again (1)" wait_down 1 3 'file down: value 1'
printf 'garbage\n' >"$D/rs1.state"
check "rs1 up when the file holds no number (0)" wait_up 1 3 'ok: value 0'

put "$D/rs2.state" 10
check "rs2 weight 6 -> 20 on 10" wait_until 5 weight_is 6 20 10
put "$D/rs2.state" -1073741824
check "rs2 down on -1073741824 (x 2 = -2147483648)" wait_down 2 1 'file down: value -1073741824'
put "$D/rs2.state" 4
check "rs2 up on 4" wait_up 2 1 'ok: value 4, weight 8'
check "rs2 weight 20 -> 8" wait_until 5 weight_is 20 8 4

sleep 1.5
check "rs1: exactly 3 UP -> DOWN, 3 DOWN -> UP, nothing else" \
	test "$(downs 1)/$(ups 1)/$(log_count "$(RS 1) [A-Z]+ -> [A-Z]+")" = "3/3/6"
check "rs3 (reverse) mirrored rs1: 4 UP -> DOWN, 3 DOWN -> UP, nothing else" \
	test "$(downs 3)/$(ups 3)/$(log_count "$(RS 3) [A-Z]+ -> [A-Z]+")" = "4/3/7"
check "rs2: exactly 1 UP -> DOWN, 1 DOWN -> UP, nothing else" \
	test "$(downs 2)/$(ups 2)/$(log_count "$(RS 2) [A-Z]+ -> [A-Z]+")" = "1/1/2"
check "rs2: exactly 3 weight changes" count_is 3 weights
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"

# reload: tf_w0 keeps its name but follows another file (5: rs1 down, rs3 up)
put "$D/rs1b.state" 5
sed -i "s|$D/rs1.state|$D/rs1b.state|" "$CONF"
kill -HUP "$vigild_pid"
check "reload: tf_w0's two checks replaced (the path is part of the key)" wait_until 5 log_has \
	"checks reloaded: 3 probes \(1 kept, 2 new, 2 removed"
check "rs1 follows the new file: down on 5" wait_down 1 4 'file down: value 5'
check "rs3 (reverse) up with the new check" wait_up 3 4 'FILE_CHECK'
put "$D/rs1.state" 0
sleep 1
check "the old file is no longer watched" test "$(downs 1)/$(ups 1)" = "4/3"
put "$D/rs1b.state" 0
check "rs1 up when the new file holds 0" wait_up 1 4 'ok: value 0'
stop_vigild
finish
