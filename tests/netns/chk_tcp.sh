#!/bin/bash
# TCP_CHECK and the check engine, vigild -C against python listeners on the
# namespace's lo (tests/netns/lib_chk.sh); delay_loop 1, warmup 0:
#   .100  198.51.100.1:80 retry 2, delay_before_retry 0.5: up -> down when the
#         listener stops (exactly 2 retried failures, DOWN 2 x 0.5 s after the
#         first failure) -> up when it returns; notify_down/notify_up run
#   .101-.103  one backend 198.51.100.2:80 in three virtual servers with the
#         same check: one probe with three subscribers (accepts counted)
#   .104  alpha: starts DOWN, exactly one DOWN -> UP
#   .105  alpha + rise 3, delay_before_retry 0.3: UP after exactly 3 accepts
#   .106  the .100 backend again (same probe) with inhibit_on_failure, plus
#         198.51.100.3, quorum 2 and a sorry server: its failure loses the
#         quorum (JSON: quorum_up false, sorry active, inhibit), quorum_down
#         then quorum_up run
# A reload that adds an unrelated virtual server keeps every check's state
# and counters and logs no transition.  Exact transition counts at the end.
# The probes close with a reset (doc/vigil.conf.5, TCP_CHECK): over 4 s with
# every listener up, the namespace sends at least one RST per accepted probe
# and holds no TIME_WAIT socket to a real server (a FIN close leaves one per
# probe for 60 s on the prober's side), while the listeners did accept.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"

chk_addr 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.4
chk_note_script

tcp() { # tcp [EXTRA-LINES]: a TCP_CHECK block
	printf '        TCP_CHECK {\n            connect_timeout 1\n            warmup 0\n%s        }\n' "${1:-}"
}

vs_block() { # vs_block N BODY
	printf 'virtual_server 192.0.2.%s 80 {\n    delay_loop 1\n%s\n}\n' "$1" "$2"
}

write_chk_conf() {
	{
		printf 'global_defs {\n    router_id chk_tcp\n    script_user root\n}\n'
		vs_block 100 "    real_server 198.51.100.1 80 {
        notify_up \"$T/note.sh notify_up .1\"
        notify_down \"$T/note.sh notify_down .1\"
$(tcp "            retry 2
            delay_before_retry 0.5
")
    }"
		for v in 101 102 103; do
			vs_block $v "    real_server 198.51.100.2 80 {
$(tcp)
    }"
		done
		vs_block 104 "    alpha
    real_server 198.51.100.3 80 {
$(tcp)
    }"
		vs_block 105 "    alpha
    real_server 198.51.100.4 80 {
$(tcp "            rise 3
            delay_before_retry 0.3
")
    }"
		vs_block 106 "    quorum 2
    sorry_server 198.51.100.9 80
    quorum_up \"$T/note.sh quorum_up .106\"
    quorum_down \"$T/note.sh quorum_down .106\"
    real_server 198.51.100.1 80 {
        inhibit_on_failure
$(tcp "            retry 2
            delay_before_retry 0.5
")
    }
    real_server 198.51.100.3 80 {
$(tcp)
    }"
		printf '%s\n' "${1:-}"
	} >"$CONF"
}

write_chk_conf
chk_listen 198.51.100.1 80 l1
chk_listen 198.51.100.2 80 l2
chk_listen 198.51.100.3 80 l3
chk_listen 198.51.100.4 80 l4
check "checker process starts" chk_start
ck=$(pidof_file "$CPID")

V100="vs 192.0.2.100:80" V105="vs 192.0.2.105:80" V106="vs 192.0.2.106:80"
RS1=198.51.100.1:80 RS2=198.51.100.2:80 RS3=198.51.100.3:80 RS4=198.51.100.4:80
check ".104 alpha comes up" wait_until 5 count_is 1 chk_tr "vs 192.0.2.104:80" $RS3 DOWN UP
check ".105 rise 3 comes up" wait_until 8 count_is 1 chk_tr "$V105" $RS4 DOWN UP
# (the listener stamps an accept a little after the checker saw it: 0.5 s of
# slack, half the delay_loop to the next probe)
up105=$(chk_log_ts "\[$V105 rs $RS4\] DOWN -> UP" | awk '{ print $1 + 0.5 }')
check ".105 exactly 3 accepts before UP (rise 3)" test "$(chk_accepts l4 "$up105")" -eq 3
a=$(awk 'NR == 1' "$T/l4.acc")
c=$(awk 'NR == 3' "$T/l4.acc")
check ".105 the 3 probes 2 x delay_before_retry (0.3 s) apart" \
	python3 -c "import sys; d = $c - $a; sys.exit(not 0.5 <= d <= 1.0)"

# dedup: one probe for the backend of .101-.103
check "JSON dump written" chk_json
check "one probe for 198.51.100.2:80" test \
	"$(chk_q "len([c for c in d['checks'] if '$RS2' in c['label']])")" = 1
check "it has three subscribers" test \
	"$(chk_q "[len(c['subscribers']) for c in d['checks'] if '$RS2' in c['label']][0]")" = 3
check "one probe serves .100 and .106's 198.51.100.1" test \
	"$(chk_q "[len(c['subscribers']) for c in d['checks'] if '$RS1' in c['label']]")" = "[2]"
tcp_snmp() { # tcp_snmp FIELD: the namespace's Tcp counter
	ip netns exec "$NS" awk -v f="$1" '$1 == "Tcp:" && !h { for (i = 1; i <= NF; i++) c[$i] = i
		h = 1; next } $1 == "Tcp:" { print $c[f] }' /proc/net/snmp
}
accepts_all() { echo $(($(chk_accepts l1) + $(chk_accepts l2) + $(chk_accepts l3) + $(chk_accepts l4))); }
n0=$(chk_accepts l2) a0=$(accepts_all) r0=$(tcp_snmp OutRsts)
sleep 4
n1=$(chk_accepts l2) a1=$(accepts_all) r1=$(tcp_snmp OutRsts)
tw=$(ip netns exec "$NS" ss -Htan state time-wait dst 198.51.100.0/24 | wc -l)
check "the listeners accepted probes ($((a1 - a0)) in 4 s)" test $((a1 - a0)) -ge 10
check "one RST per probe at least ($((r1 - r0)) RSTs, $((a1 - a0)) accepts)" \
	test $((r1 - r0)) -ge $((a1 - a0))
check "no TIME_WAIT socket to a real server ($tw)" test "$tw" -eq 0
check "198.51.100.2 probed once per delay_loop, not three times ($((n1 - n0)) in 4 s)" \
	test $((n1 - n0)) -ge 3 -a $((n1 - n0)) -le 6
check "the three subscribers are UP" test "$(chk_rs "vs 192.0.2.101:80" $RS2 state)$(chk_rs \
	"vs 192.0.2.102:80" $RS2 state)$(chk_rs "vs 192.0.2.103:80" $RS2 state)" = UPUPUP
check ".106 has its quorum" test "$(chk_q "vs('$V106')['quorum_up']")" = true
check ".106 started with its quorum: logged, quorum_up ran (keepalived)" log_has \
	"\[$V106\] starting with quorum up \(weight 2, quorum 2, hysteresis 0\)$"
check "quorum_up at start" wait_until 3 grep -qx "quorum_up .106" "$NOTES"
check ".106 sorry server not in use" test "$(chk_q "vs('$V106')['sorry_active']")" = false

# down: retry 2 -> the first failure, 2 retries 0.5 s apart, DOWN
chk_unlisten l1
check ".100 goes DOWN" wait_until 6 count_is 1 chk_tr "$V100" $RS1 UP DOWN
check ".106's 198.51.100.1 goes DOWN with it (same probe)" wait_until 2 count_is 1 \
	chk_tr "$V106" $RS1 UP DOWN
down=$(chk_log_ts "\[$V100 rs $RS1\] UP -> DOWN")
first=$(chk_log_ts "\[$V100 rs $RS1 TCP_CHECK\] failed")
nfail=$(grep -E "\[$V100 rs $RS1 TCP_CHECK\] failed" "$LOG" | awk -v d="$down" '
	{ split($1, t, ":"); if (t[1] * 3600 + t[2] * 60 + t[3] <= d) n++ } END { print n + 0 }')
check "exactly 2 failures retried before DOWN (retry 2): $nfail" test "$nfail" -eq 2
check "DOWN 2 x delay_before_retry after the first failure" \
	python3 -c "import sys; d = $down - $first; sys.exit(not 0.9 <= d <= 1.5)"
check "the DOWN line gives kind, result, detail and latency" log_has \
	"\[$V100 rs $RS1\] UP -> DOWN \(TCP_CHECK connect failed: Connection refused, [0-9.]+ ms\)"
check "notify_down ran" wait_until 3 grep -qx "notify_down .1" "$NOTES"
check ".106 loses its quorum" wait_until 2 log_has "\[$V106\] quorum lost"
check "quorum_down ran" wait_until 3 grep -qx "quorum_down .106" "$NOTES"
check "JSON dump written" chk_json
check "JSON: .100 rs DOWN" test "$(chk_rs "$V100" $RS1 state)" = DOWN
check "JSON: .106 quorum lost" test "$(chk_q "vs('$V106')['quorum_up']")" = false
check "JSON: .106 sorry server in use" test "$(chk_q "vs('$V106')['sorry_active']")" = true
check "JSON: .106's 198.51.100.1 inhibited" test "$(chk_rs "$V106" $RS1 inhibit)" = true
check "JSON: last transition reason" test "$(chk_rs "$V100" $RS1 last_transition_reason |
	sed 's/, [0-9.]* ms//')" = "TCP_CHECK connect failed: Connection refused"
check "JSON: one transition counted" test "$(chk_rs "$V100" $RS1 transitions)" = 1

# up again
chk_listen 198.51.100.1 80 l1
check ".100 comes back UP" wait_until 4 count_is 1 chk_tr "$V100" $RS1 DOWN UP
notes() { awk -v s="$1" '$NF == s' "$NOTES" | tr '\n' ,; }
check "notify_up ran after notify_down" wait_until 3 chk_is "notify_down .1,notify_up .1," \
	notes .1
check ".106 regains its quorum" wait_until 2 log_has "\[$V106\] quorum gained"
check "quorum_up (at start), quorum_down, quorum_up" wait_until 3 \
	chk_is "quorum_up .106,quorum_down .106,quorum_up .106," \
	notes .106

# reload with an unrelated addition: no transition, checks keep their counters
check "JSON dump written" chk_json
ok_before=$(chk_rs "$V100" $RS1 checks_ok)
ntr=$(grep -Ec '\] (UP|DOWN) -> (UP|DOWN) \(' "$LOG")
write_chk_conf "$(vs_block 107 "    real_server 198.51.100.3 80 {
$(tcp "            connect_timeout 2
")
    }")"
kill -HUP "$vigild_pid"
check "the checker reloads: every check kept, one new" wait_until 5 log_has \
	"checks reloaded: 6 probes \(5 kept, 1 new, 0 removed; 5 before\)"
sleep 2.5
check "JSON dump written" chk_json
check "the new virtual server's real server is UP" test \
	"$(chk_rs "vs 192.0.2.107:80" $RS3 state)" = UP
check "no transition line since the reload" test \
	"$(grep -Ec '\] (UP|DOWN) -> (UP|DOWN) \(' "$LOG")" = "$ntr"
ok_after=$(chk_rs "$V100" $RS1 checks_ok)
check "the .100 check kept its counters ($ok_before -> $ok_after)" test "$ok_after" -gt "$ok_before"
check ".100 transitions still 2 in the JSON" test "$(chk_rs "$V100" $RS1 transitions)" = 2

# exact transition counts
check ".100: 1 UP -> DOWN, 1 DOWN -> UP, nothing else" test \
	"$(chk_tr "$V100" $RS1 UP DOWN)$(chk_tr "$V100" $RS1 DOWN UP)$(chk_tr_total "$V100" $RS1)" = 112
check ".106 198.51.100.1: 1 UP -> DOWN, 1 DOWN -> UP" test \
	"$(chk_tr "$V106" $RS1 UP DOWN)$(chk_tr "$V106" $RS1 DOWN UP)$(chk_tr_total "$V106" $RS1)" = 112
check ".106 198.51.100.3: none" test "$(chk_tr_total "$V106" $RS3)" = 0
for v in 101 102 103; do
	check ".$v: none" test "$(chk_tr_total "vs 192.0.2.$v:80" $RS2)" = 0
done
check ".104: exactly 1 (DOWN -> UP)" test "$(chk_tr_total "vs 192.0.2.104:80" $RS3)" = 1
check ".105: exactly 1 (DOWN -> UP)" test "$(chk_tr_total "$V105" $RS4)" = 1
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ck"
stop_vigild
finish
