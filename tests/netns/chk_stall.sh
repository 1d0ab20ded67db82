#!/bin/bash
# A stalled checker is not a failed real server.  vigild -C probes 30 real
# servers with HTTP_GET (one threaded Python server on the namespace's lo
# that answers each request after 0.3 s, so that probes are always in
# flight) and 10 with TCP_CHECK, delay_loop 1, connect_timeout 1.5, retry 0;
# plus one HTTP_GET real server that accepts and never answers.  The checker
# is stopped (SIGSTOP) for 2.5 s five times: the answers that came while it
# was stopped are read when it runs again, not counted as timeouts (curl
# checks its own timeout before it reads a socket, so the engine's timeout,
# with a grace for a process that ran late, is the one that ends a transfer).
#   - no UP -> DOWN for the 40 answering real servers;
#   - answers were sent while the checker was stopped (the case under test
#     happened);
#   - the silent real server still goes DOWN, once, on a timeout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_chk.sh"

addrs=()
for i in $(seq 10 49); do addrs+=("198.51.100.$i"); done
chk_addr "${addrs[@]}" 198.51.100.60

cat >"$T/slow.py" <<'PYEOF'
import socket, sys, threading, time
out = open(sys.argv[1], "a", buffering=1)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 80))
s.listen(256)
def serve(c):
    try:
        c.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            b = c.recv(4096)
            if not b:
                return
            data += b
        time.sleep(0.3)
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        out.write("%.3f\n" % time.time())
    except OSError:
        pass
    finally:
        c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PYEOF
: >"$T/answers"
ip netns exec "$NS" python3 "$T/slow.py" "$T/answers" 2>>"$T/slow.err" &
echo $! >"$T/slow.pid"
disown
# the silent one: completes handshakes (backlog), never accepts or answers
cat >"$T/silent.py" <<'PYEOF'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.51.100.60", 81))
s.listen(1024)
while True:
    time.sleep(3600)
PYEOF
ip netns exec "$NS" python3 "$T/silent.py" 2>>"$T/silent.err" &
echo $! >"$T/silent.pid"
disown
wait_until 5 sh -c "ip netns exec $NS ss -Hltn 'sport = :80' | grep -q ." || die "slow server did not start"
wait_until 5 sh -c "ip netns exec $NS ss -Hltn 'sport = :81' | grep -q ." || die "silent server did not start"
for i in 10 11 12 13 14 15 16 17 18 19; do
	chk_listen "198.51.100.$i" 8080 "t$i"
done

{
	printf 'global_defs {\n    router_id chk_stall\n}\n'
	printf 'virtual_server 192.0.2.100 80 {\n    delay_loop 1\n    lb_kind NAT\n'
	for i in $(seq 20 49); do
		printf '    real_server 198.51.100.%s 80 {\n        HTTP_GET {\n            url {\n                path /\n            }\n            connect_timeout 1.5\n            retry 0\n            warmup 1\n        }\n    }\n' "$i"
	done
	printf '    real_server 198.51.100.60 81 {\n        HTTP_GET {\n            url {\n                path /\n            }\n            connect_timeout 1.5\n            retry 0\n            warmup 1\n        }\n    }\n'
	printf '}\n'
	printf 'virtual_server 192.0.2.101 8080 {\n    delay_loop 1\n    lb_kind NAT\n'
	for i in $(seq 10 19); do
		printf '    real_server 198.51.100.%s 8080 {\n        TCP_CHECK {\n            connect_timeout 1.5\n            retry 0\n            warmup 1\n        }\n    }\n' "$i"
	done
	printf '}\n'
} >"$CONF"

chk_start
cpid=$(pidof_file "$CPID") || die "no checker pid"
check "the silent real server goes DOWN on a timeout" wait_until 8 chk_is 1 \
	chk_tr "vs 192.0.2.100:80" 198.51.100.60:81 UP DOWN
sleep 2
: >"$T/stops"
for n in 1 2 3 4 5; do
	t0=$(date +%s.%N)
	kill -STOP "$cpid" || die "SIGSTOP"
	sleep 2.5
	t1=$(date +%s.%N)
	kill -CONT "$cpid" || die "SIGCONT"
	echo "$t0 $t1" >>"$T/stops"
	sleep 1.5
done
sleep 1
downs() {
	local n=0 i
	for i in $(seq 20 49); do n=$((n + $(chk_tr "vs 192.0.2.100:80" "198.51.100.$i:80" UP DOWN))); done
	for i in $(seq 10 19); do n=$((n + $(chk_tr "vs 192.0.2.101:8080" "198.51.100.$i:8080" UP DOWN))); done
	echo $n
}
during=$(awk 'NR == FNR { a[NR] = $1; b[NR] = $2; n = NR; next }
	{ for (i = 1; i <= n; i++) if ($1 > a[i] + 0.05 && $1 < b[i]) { c++; break } } END { print c + 0 }' \
	"$T/stops" "$T/answers")
check "answers sent while the checker was stopped: $during (at least 10)" test "$during" -ge 10
check "no answering real server went DOWN over five 2.5 s stalls ($(downs) did)" test "$(downs)" = 0
check "the silent real server DOWN exactly once" chk_is 1 chk_tr "vs 192.0.2.100:80" 198.51.100.60:81 UP DOWN
line=$(grep -F "[vs 192.0.2.100:80 rs 198.51.100.60:81] UP -> DOWN" "$LOG")
check "its reason is the engine's timeout: $line" python3 -c "
import re, sys
m = re.search(r'\(HTTP_GET timeout: no answer within 1.5 s, ([0-9.]+) ms\)$', sys.argv[1])
sys.exit(not (m and 1450 <= float(m.group(1)) <= 3200))" "$line"
check "the checker is still running" kill -0 "$cpid"
stop_vigild
finish
