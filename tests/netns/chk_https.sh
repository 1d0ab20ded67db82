#!/bin/bash
# SSL_GET against a real nginx with self-signed certificates made here with
# openssl, on 198.51.100.1 in the test's namespace; vigild -C checks every
# second (retry 0, alpha: every real server starts down).
#   .100  /health + /index.html with its md5sum digest over TLS:
#         up -> down (503) -> up
#   .101  enable_sni + sni_name b.test: nginx's /sni answers 200 only when
#         the handshake named b.test ($ssl_server_name), else 421 -> up
#   .102  virtualhost b.test without enable_sni: no SNI -> never up
#   .103  enable_sni, the name defaults to the virtualhost b.test -> up
#   .104  port 8443 switched between TLS and plain HTTP (nginx reload):
#         up -> down ("TLS failed") -> up
# Two server blocks (a.test default, b.test) with their own certificates.
# Exact transition counts for every real server at the end.
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || die "nginx not installed"
command -v openssl >/dev/null || die "openssl not installed"
command -v curl >/dev/null || die "curl not installed"

ip -n "$NS" addr add 198.51.100.1/32 dev lo || die "address"
W=$T/www
mkdir -p "$W" "$T/ngx" || die "mkdir"
echo "hello over tls" >"$W/index.html"
MD5=$(md5sum <"$W/index.html" | cut -d' ' -f1)
for n in a b; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$T/$n.key" -out "$T/$n.crt" -days 2 -subj "/CN=$n.test" \
		-addext "subjectAltName=DNS:$n.test" >/dev/null 2>&1 || die "openssl req ($n)"
done
tls_mode() { # ssl | plain: what port 8443 speaks after the next reload
	if [ "$1" = ssl ]; then
		echo "listen 198.51.100.1:8443 ssl;" >"$T/port8443.conf"
	else
		echo "listen 198.51.100.1:8443;" >"$T/port8443.conf"
	fi
}
tls_mode ssl

cat >"$T/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx.err;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $T/ngx; proxy_temp_path $T/ngx; fastcgi_temp_path $T/ngx;
    uwsgi_temp_path $T/ngx; scgi_temp_path $T/ngx;
    default_type text/plain;
    server {
        listen 198.51.100.1:443 ssl default_server;
        server_name a.test;
        ssl_certificate $T/a.crt;
        ssl_certificate_key $T/a.key;
        root $W;
        location = /health { if (-f $T/down) { return 503; } return 200 "ok\n"; }
        location = /sni { if (\$ssl_server_name != "b.test") { return 421; } return 200 "b\n"; }
    }
    server {
        listen 198.51.100.1:443 ssl;
        server_name b.test;
        ssl_certificate $T/b.crt;
        ssl_certificate_key $T/b.key;
        root $W;
        location = /health { if (-f $T/down) { return 503; } return 200 "ok\n"; }
        location = /sni { if (\$ssl_server_name != "b.test") { return 421; } return 200 "b\n"; }
    }
    server {
        include $T/port8443.conf;
        ssl_certificate $T/a.crt;
        ssl_certificate_key $T/a.key;
        location = /health { return 200 "ok\n"; }
    }
}
EOF

vs() { # VIP PORT CHECK-BODY
	cat <<EOF
virtual_server $1 $2 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 $2 {
        alpha
        SSL_GET {
            connect_timeout 3
            retry 0
            warmup 0
$3
        }
    }
}
EOF
}
{
	printf 'global_defs {\n    router_id chk_https\n}\n'
	vs 192.0.2.100 443 "url { path /health }
url { path /index.html
      digest $MD5 }"
	vs 192.0.2.101 443 "enable_sni
sni_name b.test
url { path /sni }"
	vs 192.0.2.102 443 "virtualhost b.test
url { path /sni }"
	vs 192.0.2.103 443 "enable_sni
virtualhost b.test
url { path /sni }"
	vs 192.0.2.104 8443 "url { path /health }"
} >"$CONF"

rs() { echo "\\[vs 192\\.0\\.2\\.$1:$2 rs 198\\.51\\.100\\.1:$2\\]"; }
ups() { log_count "$(rs "$1" "$2") DOWN -> UP \\(SSL_GET"; }
downs() { log_count "$(rs "$1" "$2") UP -> DOWN \\(SSL_GET"; }
# wait_down VS PORT N REASON: the Nth UP -> DOWN of VS, its reason matching REASON.
wait_down() {
	wait_until 8 count_is "$3" downs "$1" "$2" &&
		[ "$(grep -E -- "$(rs "$1" "$2") UP -> DOWN" "$LOG" | sed -n "${3}p" |
			grep -Ec -- "$4")" = 1 ]
}
wait_up() { wait_until 8 count_is "$3" ups "$1" "$2"; }
ncurl() { ip netns exec "$NS" curl -sk --max-time 1 "$@"; }
nginx_up() { [ "$(ncurl -o /dev/null -w '%{http_code}' https://198.51.100.1/health)" = 200 ]; }
port8443_is() { # ssl | plain
	if [ "$1" = ssl ]; then
		[ "$(ncurl -o /dev/null -w '%{http_code}' https://198.51.100.1:8443/health)" = 200 ]
	else
		[ "$(ncurl -o /dev/null -w '%{http_code}' http://198.51.100.1:8443/health)" = 200 ]
	fi
}
nginx_reload() { kill -HUP "$(cat "$T/nginx.pid")"; }

ip netns exec "$NS" nginx -p "$T" -e "$T/nginx.err" -c "$T/nginx.conf" -g 'daemon off;' \
	>>"$T/nginx.out" 2>&1 &
disown # (the cleanup kills it; no "Killed" notice)
check "nginx serves https://198.51.100.1/health" wait_until 5 nginx_up
subject_for() { # SNI-NAME: the subject of the certificate nginx presents
	ip netns exec "$NS" timeout 5 openssl s_client -connect 198.51.100.1:443 \
		-servername "$1" </dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null
}
check "nginx presents b.test's certificate for SNI b.test" \
	test "$(subject_for b.test)" = "subject=CN = b.test"
check "nginx presents a.test's certificate for SNI a.test" \
	test "$(subject_for a.test)" = "subject=CN = a.test"
check "nginx: /sni with SNI b.test is 200" \
	test "$(ncurl --resolve b.test:443:198.51.100.1 -w '%{http_code}' -o /dev/null https://b.test/sni)" = 200
check "nginx: /sni without SNI is 421" \
	test "$(ncurl -w '%{http_code}' -o /dev/null https://198.51.100.1/sni)" = 421
ip netns exec "$NS" env VIGIL_TMPDIR="$T" "$VIGILD" -n -l -D -C -f "$CONF" -p "$PID" \
	-r "$VPID" -c "$CPID" >>"$LOG" 2>&1 &
vigild_pid=$!
check "checker process starts" wait_until 5 file_pid_alive "$CPID"
ckpid=$(pidof_file "$CPID")

check ".100 up: /health and the digest of /index.html over TLS" wait_up 100 443 1
touch "$T/down"
check ".100 down on 503 (bad status: HTTP 503)" wait_down 100 443 1 'bad status: HTTP 503'
rm -f "$T/down"
check ".100 up again" wait_up 100 443 2

check ".101 up: sni_name b.test is sent in the handshake" wait_up 101 443 1
check ".103 up: enable_sni sends the virtualhost b.test" wait_up 103 443 1

check ".104 up on port 8443 (TLS)" wait_up 104 8443 1
tls_mode plain
nginx_reload
check "nginx: port 8443 speaks plain HTTP after the reload" wait_until 5 port8443_is plain
check ".104 down: TLS handshake with a plain HTTP server (TLS failed)" \
	wait_down 104 8443 1 'SSL_GET TLS failed'
tls_mode ssl
nginx_reload
check "nginx: port 8443 speaks TLS again" wait_until 5 port8443_is ssl
check ".104 up again" wait_up 104 8443 2

sleep 2.5
check ".102 never up (no SNI without enable_sni: 421)" count_is 0 ups 102 443
for v in 100:443:2:1 101:443:1:0 103:443:1:0 104:8443:2:1; do
	IFS=: read -r h p u d <<<"$v"
	check ".$h exactly $u DOWN -> UP and $d UP -> DOWN" \
		test "$(ups "$h" "$p"):$(downs "$h" "$p")" = "$u:$d"
	check ".$h no other transition" count_is $((u + d)) log_count "$(rs "$h" "$p") [A-Z]+ -> [A-Z]+"
done
check "the checker process never restarted" test "$(pidof_file "$CPID")" = "$ckpid"
check "the checker process is alive" alive "$ckpid"
stop_vigild
finish
