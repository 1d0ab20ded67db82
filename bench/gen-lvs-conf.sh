#!/bin/sh
# Generate a keepalived.conf-language file with NVS virtual servers x NRS real
# servers, each real server with an HTTP_GET check (one url, digest-free).
#   bench/gen-lvs-conf.sh NVS NRS > FILE
# Addresses: VIPs from 203.0.113.0/24 (+ ports), real servers from 198.51.100.0/24
# and 192.0.2.0/24 (+ ports), all documentation ranges.
nvs=${1:-1000} nrs=${2:-10}
awk -v nvs="$nvs" -v nrs="$nrs" 'BEGIN {
	print "global_defs {\n    router_id bench\n}"
	for (v = 0; v < nvs; v++) {
		printf "virtual_server 203.0.113.%d %d {\n", 1 + v % 250, 1000 + int(v / 250)
		print "    delay_loop 10\n    lb_algo wrr\n    lb_kind NAT\n    protocol TCP"
		for (r = 0; r < nrs; r++) {
			printf "    real_server %s.%d %d {\n", (r % 2) ? "198.51.100" : "192.0.2", 1 + (v * nrs + r) % 250, 8000 + r
			printf "        weight %d\n", 1 + r % 5
			print "        HTTP_GET {\n            url {\n                path /health\n                status_code 200\n            }"
			print "            connect_timeout 3\n            retry 2\n            delay_before_retry 2\n        }\n    }"
		}
		print "}"
	}
}'
