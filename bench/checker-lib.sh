# bench/checker-lib.sh: what bench/checker-load.sh (in the VM) and
# bench/checker-host.sh (on the host) share; sourced, not run.
#   chk_gen NVS NRS BASEPORT DELAY KIND [ROUTER_ID]  a config of NVS virtual
#       servers x NRS real servers $RS:BASEPORT.., HTTP_GET of / (KIND http) or
#       TCP_CHECK, connect_timeout 3, at DELAY; ROUTER_ID: a global_defs block
#   chk_nginx_listens  nginx "listen" lines for ports 10000-10999 and 20000-29999
#   chk_nginx_conf DIR TMP WORKERS  the real servers' nginx.conf: WORKERS workers,
#       pid and error log in DIR, temp paths under TMP, every port answering "ok"
#   chk_ticks PID      utime+stime of PID in clock ticks
#   chk_tcp_stat NS FIELD...  the sum of /proc/net/snmp's Tcp FIELDs in netns NS

chk_gen() {
	awk -v nvs="$1" -v nrs="$2" -v base="$3" -v delay="$4" -v kind="$5" -v rid="${6:-}" -v rs="$RS" 'BEGIN {
		if (rid != "")
			print "global_defs {\n    router_id " rid "\n}"
		for (v = 0; v < nvs; v++) {
			printf "virtual_server 203.0.113.%d 80 {\n    delay_loop %d\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n", v + 1, delay
			for (r = 0; r < nrs; r++) {
				printf "    real_server %s %d {\n        weight 1\n", rs, base + v * nrs + r
				if (kind == "http")
					printf "        HTTP_GET {\n            url {\n                path /\n                status_code 200\n            }\n            connect_timeout 3\n        }\n"
				else
					printf "        TCP_CHECK {\n            connect_timeout 3\n        }\n"
				print "    }"
			}
			print "}"
		}
	}'
}

chk_nginx_listens() {
	awk 'BEGIN { for (p = 10000; p < 11000; p++) printf "\t\tlisten %d;\n", p
		for (p = 20000; p < 30000; p++) printf "\t\tlisten %d;\n", p }'
}

chk_nginx_conf() {
	cat <<EON
daemon on;
worker_processes $3;
worker_rlimit_nofile 65536;
user root;
pid $1/nginx.pid;
error_log $1/error.log crit;
events { worker_connections 32768; multi_accept on; }
http {
	access_log off;
	keepalive_timeout 0;
	client_body_temp_path $2/body;
	proxy_temp_path $2/proxy;
	fastcgi_temp_path $2/fastcgi;
	uwsgi_temp_path $2/uwsgi;
	scgi_temp_path $2/scgi;
	default_type text/plain;
	server {
EON
	chk_nginx_listens
	echo '		location / { return 200 "ok\n"; }'
	echo '	}'
	echo '}'
}

chk_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

chk_tcp_stat() {
	local ns=$1
	shift
	ip netns exec "$ns" awk -v f="$*" '$1 == "Tcp:" && !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == "Tcp:" { n = split(f, k, " "); s = 0; for (i = 1; i <= n; i++) s += $c[k[i]]; print s }' /proc/net/snmp
}
