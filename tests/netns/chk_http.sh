#!/bin/bash
# HTTP_GET against a real nginx on 198.51.100.1 (ports 80 and 8080) in the
# test's namespace; vigild -C checks it every second (retry 0 unless said,
# alpha: every real server starts down).  One virtual server per feature,
# all on the same nginx, switched by files nginx tests with `if (-f ...)`:
#   .100  two urls (/health, a 300 kB random /big.bin with its md5sum digest):
#         up -> down (503) -> up -> down (digest mismatch) -> up
#   .101  status_code 200 404-405: 404 stays up, 503 goes down, 405 comes up
#   .102  virtualhost vh.test selects nginx's vh.test server block (/vh
#         exists only there); .103 without it never comes up; .104 has the
#         virtualhost on the url
#   .105  retry 2, rise 2: exactly 3 failed requests before DOWN, exactly 2
#         good ones before UP (counted in nginx's access log)
#   .106/.107  http_protocol 1.1 / 1.0C as nginx sees them (1.0 on .100)
#   .108  connect_port 8080 (a path that answers 200 only on port 8080)
#   .109/.110  regex on the body (^hel+o) / regex_no_match
#   .111  bindto 198.51.100.2, bind_port 40111: nginx sees that source
# The transfers' connections close with a reset (doc/vigil.conf.5,
# HTTP_GET): after dozens of requests the namespace holds no TIME_WAIT
# socket on either side (but the one of the test's own curl).
# Exact transition counts for every real server at the end.
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || die "nginx not installed"
command -v curl >/dev/null || die "curl not installed"

ip -n "$NS" addr add 198.51.100.1/32 dev lo || die "address"
ip -n "$NS" addr add 198.51.100.2/32 dev lo || die "address"
W=$T/www
ALOG=$T/access.log
mkdir -p "$W" "$T/ngx" || die "mkdir"
echo hello >"$W/index.html"
head -c 300000 /dev/urandom >"$W/big.bin"
cp "$W/big.bin" "$T/big.orig"
BIG_MD5=$(md5sum <"$W/big.bin" | cut -d' ' -f1)
: >"$ALOG"

cat >"$T/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx.err;
events { worker_connections 256; }
http {
    log_format chk '\$uri \$status \$server_protocol [\$http_connection] [\$http_host] [\$http_user_agent] \$server_port \$remote_addr:\$remote_port';
    access_log $ALOG chk;
    client_body_temp_path $T/ngx; proxy_temp_path $T/ngx; fastcgi_temp_path $T/ngx;
    uwsgi_temp_path $T/ngx; scgi_temp_path $T/ngx;
    default_type application/octet-stream;
    server {
        listen 198.51.100.1:80 default_server;
        listen 198.51.100.1:8080 default_server;
        root $W;
        location = /health { if (-f $T/down) { return 503; } return 200 "ok\n"; }
        location = /code {
            if (-f $T/c503) { return 503; }
            if (-f $T/c405) { return 405; }
            if (-f $T/c404) { return 404; }
            return 200 "code\n";
        }
        location = /retry { if (-f $T/rdown) { return 503; } return 200 "retry\n"; }
        location = /port8080 { if (\$server_port != 8080) { return 404; } return 200 "8080\n"; }
        location /p { return 200 "p\n"; }
    }
    server {
        listen 198.51.100.1:80;
        server_name vh.test;
        location = /vh { return 200 "vh\n"; }
    }
}
EOF

# rs_block VIP CHECK-BODY: a virtual server with the real server and its HTTP_GET.
vs() {
	cat <<EOF
virtual_server $1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        alpha
        HTTP_GET {
            connect_timeout 1
            retry 0
            warmup 0
$2
        }
    }
}
EOF
}
{
	printf 'global_defs {\n    router_id chk_http\n}\n'
	vs 192.0.2.100 "url { path /health }
url { path /big.bin
      digest $BIG_MD5 }"
	vs 192.0.2.101 "url { path /code
      status_code 200 404-405 }"
	vs 192.0.2.102 "virtualhost vh.test
url { path /vh }"
	vs 192.0.2.103 "url { path /vh }"
	vs 192.0.2.104 "url { path /vh
      virtualhost vh.test }"
	vs 192.0.2.105 "retry 2
delay_before_retry 1
rise 2
url { path /retry }"
	vs 192.0.2.106 "http_protocol 1.1
url { path /p11 }"
	vs 192.0.2.107 "http_protocol 1.0C
url { path /p10c }"
	vs 192.0.2.108 "connect_port 8080
url { path /port8080 }"
	vs 192.0.2.109 "url { path /index.html
      regex ^hel+o }"
	vs 192.0.2.110 "url { path /index.html
      regex hello
      regex_no_match }"
	vs 192.0.2.111 "bindto 198.51.100.2
bind_port 40111
url { path /p111 }"
} >"$CONF"

rs() { echo "\\[vs 192\\.0\\.2\\.$1:80 rs 198\\.51\\.100\\.1:80\\]"; }
ups() { log_count "$(rs "$1") DOWN -> UP \\(HTTP_GET"; }
downs() { log_count "$(rs "$1") UP -> DOWN \\(HTTP_GET"; }
# wait_down VS N REASON: the Nth UP -> DOWN of VS, its reason matching REASON.
wait_down() {
	wait_until 8 count_is "$2" downs "$1" &&
		[ "$(grep -E -- "$(rs "$1") UP -> DOWN" "$LOG" | sed -n "${2}p" | grep -Ec -- "$3")" = 1 ]
}
wait_up() { wait_until 8 count_is "$2" ups "$1"; }
# hits REGEX: access log lines matching REGEX.
hits() { grep -Ec -- "$1" "$ALOG"; }
hits_ge() { [ "$(hits "$2")" -ge "$1" ]; }
# all_like SELECT FULL: the access log has lines matching SELECT and every
# one of them matches FULL (one read of the log: no race with new lines).
all_like() {
	# (the lines that do not match are printed, "# "-prefixed, for a flake's post-mortem)
	SEL=$1 FULL=$2 awk '$0 ~ ENVIRON["SEL"] { n++; if ($0 !~ ENVIRON["FULL"]) { bad++; print "# " $0 } }
		END { if (!n) print "# no line matches the selection"; exit !(n > 0 && bad == 0) }' "$ALOG"
}
# The checker's JSON dump (SIGRTMIN+2): json_dump writes it; json_is EXPR
# VALUE compares a Python expression over it (rs(VIP): the real server of
# the virtual server VIP:80).
json_dump() {
	rm -f "$T/vigil.check.json"
	kill -s RTMIN+2 "$ckpid" &&
		wait_until 5 python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
			"$T/vigil.check.json" 2>/dev/null
}
json_is() {
	local got
	got=$(python3 - "$T/vigil.check.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def rs(vip):
    return [r for v in d["virtual_servers"] if v["name"] == vip + " 80"
            for r in v["real_servers"]][0]
print(eval(sys.argv[2]))
PY
	)
	[ "$got" = "$2" ] || { echo "# $1 = $got, expected $2"; return 1; }
}
nginx_up() {
	[ "$(ip netns exec "$NS" curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
		http://198.51.100.1/health)" = 200 ]
}

ip netns exec "$NS" nginx -p "$T" -e "$T/nginx.err" -c "$T/nginx.conf" -g 'daemon off;' \
	>>"$T/nginx.out" 2>&1 &
disown # (the cleanup kills it; no "Killed" notice)
check "nginx serves /health" wait_until 5 nginx_up
ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -C -f "$CONF" -p "$PID" \
	-r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "checker process starts" wait_until 5 file_pid_alive "$CPID"
ckpid=$(pidof_file "$CPID")

# --- .100: status and digest, two urls ---
check ".100 up: /health 200 and /big.bin's MD5 equals md5sum's" wait_up 100 1
touch "$T/down"
check ".100 down on 503 (bad status: HTTP 503)" wait_down 100 1 'bad status: HTTP 503'
rm -f "$T/down"
check ".100 up again" wait_up 100 2
head -c 300000 /dev/urandom >"$W/big.bin"
check ".100 down when the body changes (digest mismatch)" wait_down 100 2 'digest mismatch'
cp "$T/big.orig" "$W/big.bin"
check ".100 up again with the original body" wait_up 100 3

# --- .101: status list and range ---
check ".101 up on 200" wait_up 101 1
n=$(hits '^/code 404 ')
touch "$T/c404"
check ".101 nginx answers 404 (in 404-405)" wait_until 5 hits_ge $((n + 2)) '^/code 404 '
check ".101 stays up on 404" count_is 0 downs 101
touch "$T/c503"
check ".101 down on 503 (not in the list)" wait_down 101 1 'bad status: HTTP 503'
touch "$T/c405"
rm -f "$T/c503"
check ".101 up on 405 (in 404-405)" wait_up 101 2
check ".101 nginx answered 405" test "$(hits '^/code 405 ')" -ge 1

# --- .102-.104: virtualhost ---
check ".102 up: Host vh.test reaches the vh.test server block" wait_up 102 1
check ".104 up: the url's virtualhost" wait_up 104 1
check "nginx saw /vh with Host vh.test" test "$(hits '^/vh 200 .*\[vh\.test\]')" -ge 2
check ".103 probes reach the default block (404)" \
	wait_until 5 hits_ge 2 '^/vh 404 .*\[198\.51\.100\.1\]'

# --- .106-.107 and .100: http_protocol as nginx saw it ---
check ".106 up (http_protocol 1.1)" wait_up 106 1
check ".107 up (http_protocol 1.0C)" wait_up 107 1
check "1.1 sends HTTP/1.1 and Connection: close" \
	all_like '^/p11 ' '^/p11 200 HTTP/1\.1 \[close\]'
check "1.0C sends HTTP/1.0 and Connection: close" \
	all_like '^/p10c ' '^/p10c 200 HTTP/1\.0 \[close\]'
check "1.0 (default) sends HTTP/1.0 without Connection" \
	all_like '^/health .*\[vigil-healthcheck/' '^/health [0-9]+ HTTP/1\.0 \[-\] '

# --- .108: connect_port ---
check ".108 up: connect_port 8080 is where it connects" wait_up 108 1
check "nginx saw /port8080 on port 8080 only" \
	test "$(hits '^/port8080 200 .* 8080 ')" -ge 1 -a "$(hits '^/port8080 404')" = 0

# --- .109/.110: regex ---
check ".109 up: the body matches ^hel+o" wait_up 109 1

# --- .111: bindto / bind_port ---
check ".111 up from 198.51.100.2:40111" wait_up 111 1
check "nginx saw /p111 from 198.51.100.2:40111, more than once" \
	wait_until 5 hits_ge 2 '^/p111 200 .* 198\.51\.100\.2:40111$'
check "no /p111 from another source" all_like '^/p111 ' ' 198\.51\.100\.2:40111$'

# --- .105: retry 2 (3 failures before DOWN), rise 2 (2 successes before UP) ---
check ".105 up after 2 good probes (rise 2)" wait_until 10 count_is 1 ups 105
f0=$(hits '^/retry 503 ')
touch "$T/rdown"
check ".105 down (bad status: HTTP 503)" wait_down 105 1 'bad status: HTTP 503'
check ".105 exactly 3 failed probes before DOWN (retry 2)" test $(($(hits '^/retry 503 ') - f0)) = 3
s0=$(hits '^/retry 200 ')
rm -f "$T/rdown"
check ".105 up again" wait_up 105 2
check ".105 exactly 2 good probes before UP (rise 2)" test $(($(hits '^/retry 200 ') - s0)) = 2

sleep 2.5
check ".110 never up (regex_no_match and the body matches)" count_is 0 ups 110
check ".110 was probed" test "$(hits '^/index.html 200 ')" -ge 4
check ".103 never up (no virtualhost: default block, 404)" count_is 0 ups 103
nreq=$(wc -l <"$ALOG") tw=$(ip netns exec "$NS" ss -Htan state time-wait | wc -l)
check "no TIME_WAIT socket left by $nreq requests ($tw, the test's curl may leave 1)" \
	test "$nreq" -ge 50 -a "$tw" -le 1
for v in 100:3:2 101:2:1 102:1:0 104:1:0 105:2:1 106:1:0 107:1:0 108:1:0 109:1:0 111:1:0; do
	IFS=: read -r h u d <<<"$v"
	check ".$h exactly $u DOWN -> UP and $d UP -> DOWN" \
		test "$(ups "$h"):$(downs "$h")" = "$u:$d"
	check ".$h no other transition" count_is $((u + d)) log_count "$(rs "$h") [A-Z]+ -> [A-Z]+"
done
check "JSON dump written" json_dump
check "JSON: .100 UP after 5 transitions" \
	json_is 'rs("192.0.2.100")["state"], rs("192.0.2.100")["transitions"]' "('UP', 5)"
check "JSON: .105 UP after 3 transitions" \
	json_is 'rs("192.0.2.105")["state"], rs("192.0.2.105")["transitions"]' "('UP', 3)"
check "JSON: .103 DOWN, never changed, last result HTTP 404" \
	json_is 'rs("192.0.2.103")["state"], rs("192.0.2.103")["transitions"], "HTTP 404" in rs("192.0.2.103")["last_result"]' "('DOWN', 0, True)"
check "JSON: .110 DOWN on the regex" \
	json_is 'rs("192.0.2.110")["state"], "regex matched" in rs("192.0.2.110")["last_result"]' "('DOWN', True)"
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
check "the checker process is alive" alive "$ckpid"
stop_vigild
finish
