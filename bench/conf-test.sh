#!/bin/bash
# Benchmark: config check of a generated 1,000 virtual servers x 10 real servers
# file with HTTP_GET checks, `vigild -t` against `keepalived -t` on the same file
# in the same run.  Reports median wall time (hyperfine) and peak RSS (GNU time),
# and the ratios vigil/keepalived.  Target: time ratio <= 0.10, RSS ratio <= 1.
#   bench/conf-test.sh [--builddir DIR] [NVS NRS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
builddir=$here/../build
if [ "${1:-}" = --builddir ]; then builddir=$2; shift 2; fi
nvs=${1:-1000} nrs=${2:-10} runs=${RUNS:-21}
vigild=$(cd "$builddir" && pwd)/vigild
for tool in "$vigild" keepalived hyperfine /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "conf-test: $tool not found" >&2; exit 1; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$here/gen-lvs-conf.sh" "$nvs" "$nrs" >"$tmp/bench.conf"
echo "config: $nvs virtual servers x $nrs real servers, HTTP_GET: $(wc -l <"$tmp/bench.conf") lines, $(wc -c <"$tmp/bench.conf") bytes"
"$vigild" -t -f "$tmp/bench.conf" || { echo "vigild -t rejected the config" >&2; exit 1; }
keepalived -t -f "$tmp/bench.conf" || { echo "keepalived -t rejected the config" >&2; exit 1; }

hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "$tmp/h.json" \
	-n vigil "$vigild -t -f $tmp/bench.conf" \
	-n keepalived "keepalived -t -f $tmp/bench.conf" >/dev/null
medians=($(grep -o '"median": *[0-9.e-]*' "$tmp/h.json" | sed 's/.*: *//'))

peak_rss() { # median of peak RSS over 5 runs, KiB
	for _ in 1 2 3 4 5; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p
}
rss_v=$(peak_rss "$vigild" -t -f "$tmp/bench.conf")
rss_k=$(peak_rss keepalived -t -f "$tmp/bench.conf")
awk -v tv="${medians[0]}" -v tk="${medians[1]}" -v rv="$rss_v" -v rk="$rss_k" 'BEGIN {
	printf "%-12s %12s %14s\n", "", "median wall", "peak RSS"
	printf "%-12s %9.2f ms %11d KiB\n", "vigild -t", tv * 1000, rv
	printf "%-12s %9.2f ms %11d KiB\n", "keepalived", tk * 1000, rk
	printf "%-12s %12.3f %14.3f\n", "ratio v/k", tv / tk, rv / rk
	printf "target       time <= 0.100: %s   RSS <= 1.000: %s\n", (tv / tk <= 0.1) ? "met" : "NOT met", (rv <= rk) ? "met" : "NOT met"
}'
