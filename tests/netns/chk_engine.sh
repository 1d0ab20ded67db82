#!/bin/bash
# The check engine beyond TCP_CHECK's basics (vigild -C, tests/netns/lib_chk.sh;
# delay_loop 1, warmup 0, retry 0 unless said):
#   labels   transition lines name the virtual server as ADDR:PORT with IPv6 in
#            brackets, "fwmark N" and "group NAME"
#   timeout  a real server whose SYNs go unanswered (no neighbour on eth0) goes
#            DOWN with "timeout" after connect_timeout (0.5 s), not the ~3 s ARP
#            failure
#   quorum   quorum 2, hysteresis 1 over three real servers of weight 1: lost only
#            when none is left (below 1), gained again only with all three (3)
#   weight   MISC_CHECK misc_dynamic: exit 7 sets the real server's weight to 5
#            (logged, in the JSON), exit 0 keeps it
#   reload   a changed check restarts without a transition; a real server removed
#            while up in an omega virtual server runs its notify_down
#   omega    at stop, the up real servers' notify_down and quorum_down run
#   warmup   five checks with warmup 2, delay_loop 120: each first probe within
#            2 s of the start, not all at once; a reload does not probe them again
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"

chk_addr 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.10 198.51.100.20 198.51.100.21 \
	198.51.100.40 2001:db8::10
NOTES=$T/notes
: >"$NOTES"
printf '#!/bin/sh\necho "$*" >>%s\n' "$NOTES" >"$T/note.sh"
printf '#!/bin/sh\nexit $(cat %s)\n' "$T/code" >"$T/misc.sh"
echo 0 >"$T/code"
chmod 755 "$T/note.sh" "$T/misc.sh"

tcp() { # tcp [EXTRA-LINES]
	printf '        TCP_CHECK {\n            connect_timeout 1\n            warmup 0\n            retry 0\n%s        }\n' "${1:-}"
}
rs() { # rs ADDR [EXTRA-RS-LINES [EXTRA-CHECK-LINES]]
	printf '    real_server %s 80 {\n%s%s    }\n' "$1" "${2:-}" "$(tcp "${3:-}")"
}

write_eng_conf() { # [RS-21-PRESENT [TIMEOUT-OF-.10-IN-.100]]
	local rs21=
	[ "${1:-yes}" = yes ] && rs21=$(rs 198.51.100.21 \
		"        notify_down \"$T/note.sh notify_down .21\"
")
	cat >"$CONF" <<-EOF
	global_defs {
	    router_id chk_engine
	    script_user root
	}
	virtual_server_group G1 {
	    192.0.2.200 80
	}
	virtual_server 192.0.2.100 80 {
	    delay_loop 1
	$(rs 198.51.100.10 "" "            connect_timeout ${2:-1}
")
	}
	virtual_server 2001:db8::100 80 {
	    delay_loop 1
	    alpha
	$(rs 2001:db8::10)
	}
	virtual_server fwmark 7 {
	    delay_loop 1
	    alpha
	$(rs 198.51.100.10 "" "            connect_port 80
")
	}
	virtual_server group G1 {
	    delay_loop 1
	    alpha
	$(rs 198.51.100.10)
	}
	virtual_server 192.0.2.101 80 {
	    delay_loop 1
	$(rs 192.0.2.50 "" "            connect_timeout 0.5
")
	}
	virtual_server 192.0.2.102 80 {
	    delay_loop 1
	    quorum 2
	    hysteresis 1
	    quorum_up "$T/note.sh quorum_up .102"
	    quorum_down "$T/note.sh quorum_down .102"
	$(rs 198.51.100.1)
	$(rs 198.51.100.2)
	$(rs 198.51.100.3)
	}
	virtual_server 192.0.2.103 80 {
	    delay_loop 1
	    real_server 198.51.100.30 80 {
	        MISC_CHECK {
	            misc_path "$T/misc.sh"
	            misc_timeout 2
	            misc_dynamic
	            warmup 0
	            retry 0
	        }
	    }
	}
	virtual_server 192.0.2.105 80 {
	    delay_loop 120
	$(for p in 81 82 83 84 85; do printf '    real_server 198.51.100.40 %s {\n        TCP_CHECK {\n            warmup 2\n        }\n    }\n' $p; done)
	}
	virtual_server 192.0.2.104 80 {
	    delay_loop 1
	    omega
	    quorum_down "$T/note.sh quorum_down .104"
	$(rs 198.51.100.20 "        notify_down \"$T/note.sh notify_down .20\"
")
	$rs21
	}
	EOF
}

write_eng_conf
for l in 1 2 3 10 20 21; do chk_listen 198.51.100.$l 80 l$l; done
chk_listen 2001:db8::10 80 l6
for p in 81 82 83 84 85; do chk_listen 198.51.100.40 $p w$p; done
check "checker process starts" chk_start
ck=$(pidof_file "$CPID")
wait_until 5 log_has "checks: [0-9]+ probes for"
t0=$(chk_log_ts "checks: [0-9]+ probes for")

# warmup: first probes spread over [0, 2 s]
firsts() { for p in 81 82 83 84 85; do head -1 "$T/w$p.acc"; done; }
check "the five warmup checks probed once" wait_until 5 chk_is 11111 \
	sh -c "for p in 81 82 83 84 85; do wc -l <$T/w\$p.acc; done | tr -d ' \n'"
check "first probes within warmup ($(firsts | tr '\n' ' ')from $t0)" \
	python3 -c "import sys; t = [float(x) for x in sys.argv[2:]]; t0 = float(sys.argv[1])
sys.exit(not (min(t) >= t0 - 0.1 and max(t) <= t0 + 2.3 and max(t) - min(t) >= 0.1))" \
	"$t0" $(firsts)

# labels
check "IPv6 in brackets" wait_until 5 count_is 1 chk_tr "vs [2001:db8::100]:80" \
	"[2001:db8::10]:80" DOWN UP
check "fwmark virtual server" wait_until 5 count_is 1 chk_tr "vs fwmark 7" 198.51.100.10:80 DOWN UP
check "group virtual server" wait_until 5 count_is 1 chk_tr "vs group G1" 198.51.100.10:80 DOWN UP
check "the IPv6 line in full" log_has \
	"\[vs \[2001:db8::100\]:80 rs \[2001:db8::10\]:80\] DOWN -> UP \(TCP_CHECK ok, [0-9.]+ ms\)$"

# timeout
check ".101 goes DOWN on a timeout" wait_until 5 count_is 1 chk_tr "vs 192.0.2.101:80" \
	192.0.2.50:80 UP DOWN
line=$(grep -F "[vs 192.0.2.101:80 rs 192.0.2.50:80] UP -> DOWN" "$LOG")
check "the reason is the timeout, after connect_timeout: $line" python3 -c "
import re, sys
m = re.search(r'\(TCP_CHECK timeout: no answer within 0.5 s, ([0-9.]+) ms\)$', sys.argv[1])
sys.exit(not (m and 450 <= float(m.group(1)) <= 900))" "$line"

# dynamic weight
check ".103 MISC_CHECK up at its configured weight" chk_json
check "JSON: weight 1" test "$(chk_rs "vs 192.0.2.103:80" 198.51.100.30:80 weight)" = 1
echo 7 >"$T/code"
check "exit 7: weight 1 -> 5 logged" wait_until 4 log_has \
	"\[vs 192.0.2.103:80 rs 198.51.100.30:80\] weight 1 -> 5 \(MISC_CHECK ok"
check "JSON dump written" chk_json
check "JSON: weight 5, configured 1" test "$(chk_rs "vs 192.0.2.103:80" 198.51.100.30:80 \
	weight)/$(chk_rs "vs 192.0.2.103:80" 198.51.100.30:80 configured_weight)" = 5/1
echo 1 >"$T/code"
check "exit 1: DOWN" wait_until 4 count_is 1 chk_tr "vs 192.0.2.103:80" 198.51.100.30:80 UP DOWN
echo 0 >"$T/code"
check "exit 0: UP" wait_until 4 count_is 1 chk_tr "vs 192.0.2.103:80" 198.51.100.30:80 DOWN UP

# quorum 2 with hysteresis 1
V102="vs 192.0.2.102:80"
check "quorum_up at start: weight 3 reaches quorum + hysteresis (keepalived)" log_has \
	"\[$V102\] starting with quorum up \(weight 3, quorum 2, hysteresis 1\)$"
chk_unlisten l1
chk_unlisten l2
two() { echo "$(chk_tr "$V102" 198.51.100.1:80 "$1" "$2")$(chk_tr "$V102" 198.51.100.2:80 "$1" "$2")"; }
check "two of three DOWN" wait_until 5 chk_is 11 two UP DOWN
sleep 0.3
check "weight 1 >= quorum - hysteresis: quorum kept" test "$(log_count "\[$V102\] quorum")" = 0
check "JSON dump written" chk_json
check "JSON: quorum up at weight 1" test "$(chk_q "vs('$V102')['quorum_up']")/$(chk_q \
	"vs('$V102')['weight_sum']")" = true/1
chk_unlisten l3
check "weight 0: quorum lost" wait_until 5 log_has "\[$V102\] quorum lost \(weight 0, quorum 2, hysteresis 1\)"
check "quorum_down ran" wait_until 3 grep -qx "quorum_down .102" "$NOTES"
chk_listen 198.51.100.1 80 l1
chk_listen 198.51.100.2 80 l2
check "two back UP" wait_until 5 chk_is 11 two DOWN UP
sleep 0.3
check "weight 2 < quorum + hysteresis: still lost" test "$(log_count "\[$V102\] quorum gained")" = 0
check "JSON dump written" chk_json
check "JSON: quorum down at weight 2" test "$(chk_q "vs('$V102')['quorum_up']")/$(chk_q \
	"vs('$V102')['weight_sum']")" = false/2
chk_listen 198.51.100.3 80 l3
check "weight 3: quorum gained" wait_until 5 log_has "\[$V102\] quorum gained \(weight 3, quorum 2, hysteresis 1\)"
notes() { awk -v s="$1" '$NF == s' "$NOTES" | tr '\n' ,; }
check "quorum_up (at start), quorum_down, quorum_up" wait_until 3 \
	chk_is "quorum_up .102,quorum_down .102,quorum_up .102," \
	notes .102
check "one loss and one gain in all" test "$(log_count "\[$V102\] quorum (lost|gained)")" = 2

# reload: .100's check changes (new probe, no transition); .21 removed while up (omega)
ntr=$(grep -Ec '\] (UP|DOWN) -> (UP|DOWN) \(' "$LOG")
write_eng_conf no 2
kill -HUP "$vigild_pid"
check "reload: one check replaced, .21's removed" wait_until 5 log_has \
	"checks reloaded: [0-9]+ probes \([0-9]+ kept, 1 new, 2 removed"
check "omega: the removed .21 ran notify_down" wait_until 3 grep -qx "notify_down .21" "$NOTES"
sleep 2
check "no transition line since the reload" test \
	"$(grep -Ec '\] (UP|DOWN) -> (UP|DOWN) \(' "$LOG")" = "$ntr"
check "JSON dump written" chk_json
check ".100 still UP with its new check" test "$(chk_rs "vs 192.0.2.100:80" 198.51.100.10:80 state)" = UP
check "no new warmup: the delay_loop 120 checks not probed again" chk_is 11111 \
	sh -c "for p in 81 82 83 84 85; do wc -l <$T/w\$p.acc; done | tr -d ' \n'"
check "no notify_down for .20 yet" test "$(grep -c 'notify_down .20' "$NOTES")" = 0

# omega at stop
stop_vigild
check "omega: notify_down of the up .20 at stop" wait_until 3 grep -qx "notify_down .20" "$NOTES"
check "omega: quorum_down of .104 at stop" wait_until 3 grep -qx "quorum_down .104" "$NOTES"
check "no quorum_down for .102 (no omega)" test "$(grep -c 'quorum_down .102' "$NOTES")" = 1
check "the checker process never restarted" test "$(log_count "vigild-checker\[[0-9]+\]: started with")" = 1
finish
