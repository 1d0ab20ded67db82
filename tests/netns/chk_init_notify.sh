#!/bin/bash
# rs_init_notifies (vigild -C, tests/netns/lib_chk.sh): at start every real
# server's first state is notified as a change would be, in config order:
#   .1, .2  listeners up, not alpha: notify_up and the FIFO's "RS ... UP" line
#   .3      alpha, no listener: notify_down and "RS ... DOWN"
# (the FIFO lines in config order; each server's scripts run in its own queue)
# then nothing more while nothing changes; a reload that adds .4 notifies
# nothing for it (only changes after a start).  Without the keyword (second
# start, the same servers) a first state is not notified: no script, no line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"

chk_addr 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.4
chk_note_script
printf '#!/bin/sh\nexec cat "$1" >>%s\n' "$T/fifo.out" >"$T/reader.sh"
chmod 755 "$T/reader.sh"
: >"$T/fifo.out"
chk_listen 198.51.100.1 80 l1
chk_listen 198.51.100.2 80 l2
chk_listen 198.51.100.4 80 l4

rs() { # rs N [alpha]
	printf '    real_server 198.51.100.%s 80 {\n%s        notify_up "%s up .%s"\n        notify_down "%s down .%s"\n        TCP_CHECK {\n            connect_timeout 1\n            warmup 0\n            retry 0\n        }\n    }\n' \
		"$1" "${2:+        alpha
}" "$T/note.sh" "$1" "$T/note.sh" "$1"
}
write_conf() { # write_conf ON|OFF [EXTRA-RS]
	{
		printf 'global_defs {\n    router_id chk_init_notify\n    script_user root\n'
		[ "$1" = ON ] && printf '    rs_init_notifies\n'
		printf '    lvs_notify_fifo %s\n    lvs_notify_fifo_script "%s"\n}\n' "$T/lvs.fifo" "$T/reader.sh"
		printf 'virtual_server 192.0.2.100 80 {\n    delay_loop 1\n'
		rs 1
		rs 2
		rs 3 alpha
		[ -n "${2:-}" ] && rs "$2"
		printf '}\n'
	} >"$CONF"
}

L="[192.0.2.100]:tcp:80"
write_conf ON
chk_start
want_notes="down .3
up .1
up .2"
# the FIFO's lines in the order they were written: the real servers, then
# the virtual server's quorum (which keepalived notifies at start anyway)
want_fifo="RS [198.51.100.1]:tcp:80 $L UP
RS [198.51.100.2]:tcp:80 $L UP
RS [198.51.100.3]:tcp:80 $L DOWN
VS $L UP"
notes() { sort "$NOTES"; } # each real server's scripts run in its own queue
check "a first-state script for each real server" wait_until 5 chk_is "$want_notes" notes
check "the FIFO got an RS line for each, in config order" wait_until 5 chk_is "$want_fifo" cat "$T/fifo.out"
check "each logged once" test "$(grep -c "starting \(UP\|DOWN\): notify_\(up\|down\) (rs_init_notifies)" "$LOG")" = 3
sleep 2.5
check "nothing more while nothing changes" chk_is "$want_notes" notes
write_conf ON 4
kill -HUP "$vigild_pid" || die "SIGHUP"
check "the reload is applied" wait_until 5 log_has "checks reloaded"
sleep 2.5
check "a reload notifies nothing for the real server it adds" chk_is "$want_notes" notes
check "... and writes no FIFO line for it" chk_is "$want_fifo" cat "$T/fifo.out"
stop_vigild

: >"$NOTES"
: >"$T/fifo.out"
write_conf OFF
chk_start
check "without rs_init_notifies: checks running" wait_until 5 log_has "checks: 3 probes"
sleep 2.5
check "without rs_init_notifies: no script at start" chk_is "" cat "$NOTES"
check "without rs_init_notifies: only the quorum's line at start" chk_is "VS $L UP" cat "$T/fifo.out"
stop_vigild
finish
