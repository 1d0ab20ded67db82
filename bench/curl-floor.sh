#!/bin/bash
# bench/curl-floor.sh — the RSS floor of an HTTP_GET checker built on libcurl:
# a program that only dlopen()s libcurl (as vigild-checker does), calls
# curl_global_init and makes one HTTP transfer through the multi interface
# to a local server.  Prints VmRSS / RssAnon / RssFile after each step.
# Compare with keepalived's whole checker at 1,000 HTTP_GET in
# bench/README.md, "Checker load".
# Usage: bench/curl-floor.sh        (needs cc, libcurl4-openssl-dev, python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'kill "$srv" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cc -std=gnu11 -O2 -Wall -Wextra -Werror $(pkg-config --cflags libcurl) \
	"$here/curl-floor.c" -o "$tmp/curl-floor" -ldl
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp" >/dev/null 2>&1 &
srv=$!
for _ in $(seq 50); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done
echo "libcurl: $(dpkg-query -W -f '${Version}' libcurl4 2>/dev/null || echo '?')"
"$tmp/curl-floor" "http://127.0.0.1:$port/"
