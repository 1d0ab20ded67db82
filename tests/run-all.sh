#!/bin/bash
# The one test command (README "Quick start"; .ci/run calls it).
#
#   sudo tests/run-all.sh            every tier
#   sudo tests/run-all.sh unit netns only those tiers
#
# Installs its build and test dependencies with apt-get when they are missing
# (as root), builds out of tree, then runs the tiers:
#   style  clang-format of every C file matches .clang-format
#   unit   `make check` in a -Werror build: unit tests, config cases, fuzz corpora
#   san    the same under ASan+UBSan
#   dist   `make distcheck`
#   netns  real processes in network namespaces on the host (root)
#   vm     real kernel IPVS in a QEMU VM (root; downloads Debian's kernel once)
# Prints one line per tier and finally "N passed, N failed" over all tests.
set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
all_tiers="style unit san dist netns vm"
tiers=${*:-$all_tiers}
logdir=${VIGIL_LOGDIR:-$top/build-logs}
mkdir -p "$logdir"

. "$top/tests/lib/build.sh"

total_pass=0 total_fail=0
summary=()

# Count "N passed, N failed" lines or automake's "# PASS:/# FAIL:/# ERROR:" in a log.
count_log() {
	local log=$1 p=0 f=0 line
	if grep -q '^# TOTAL:' "$log"; then
		p=$(awk '/^# PASS:/{s+=$3} END{print s+0}' "$log")
		f=$(awk '/^# (FAIL|ERROR|XPASS):/{s+=$3} END{print s+0}' "$log")
	fi
	while read -r line; do
		set -- $(echo "$line" | sed -E 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
		[ $# -eq 2 ] && { p=$((p + $1)); f=$((f + $2)); }
	done < <(grep -E '^([A-Za-z0-9_./-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log")
	echo "$p $f"
}

run_tier() {
	local name=$1; shift
	local log="$logdir/$name.log" start rc p f
	start=$(date +%s)
	echo "=== tier $name"
	"$@" >"$log" 2>&1
	rc=$?
	read -r p f < <(count_log "$log")
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ $rc -eq 0 ] && [ "$p" -eq 0 ]; then
		echo "run-all: tier $name ran no test" >>"$log"; f=$((f + 1)); rc=1
	fi
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	local status=ok; [ $rc -eq 0 ] || status=FAILED
	summary+=("$(printf '%-6s %-6s %4d passed %3d failed %5ss  (%s)' "$name" "$status" "$p" "$f" "$(( $(date +%s) - start ))" "$log")")
	if [ $rc -ne 0 ]; then
		echo "--- tier $name FAILED; end of $log:"
		grep -E '^(FAIL|ERROR|not ok)|FAIL:' "$log" | head -40
		tail -60 "$log"
	else
		tail -3 "$log"
	fi
}

tier_style() {
	local bad=0 f n=0
	for f in $(git ls-files '*.c' '*.h'); do
		n=$((n + 1))
		if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
			echo "not formatted: $f (clang-format -i $f)"; bad=$((bad + 1))
		fi
	done
	echo "style: $((n - bad)) passed, $bad failed"
	[ $bad -eq 0 ]
}
show_failed_logs() { # print the logs of failed automake tests, prefixed so they are not counted
	grep -l -E '^:test-result: (FAIL|ERROR)' tests/*/*.trs tests/*.trs 2>/dev/null | while read -r trs; do
		echo "--- ${trs%.trs}.log"; sed 's/^/| /' "${trs%.trs}.log" | tail -80
	done
}
tier_unit() {
	build "$top/build" --enable-werror && { make -j"$jobs" check || { show_failed_logs; false; }; }
}
tier_san() {
	build "$top/build-san" --enable-werror --enable-sanitizers &&
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			make -j"$jobs" check || { show_failed_logs; false; }
}
tier_dist() {
	build "$top/build" --enable-werror && make -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror &&
		echo "dist: 1 passed, 0 failed"
}
tier_netns() { build "$top/build" --enable-werror && "$top/tests/netns/run.sh" --builddir "$top/build"; }
tier_vm() { build "$top/build" --enable-werror && "$top/tests/vm/run.sh" --builddir "$top/build"; }

install_deps
[ -x configure ] || ./autogen.sh >"$logdir/autogen.log" 2>&1 || { cat "$logdir/autogen.log"; exit 1; }
for t in $tiers; do
	case " $all_tiers " in *" $t "*) ;; *) echo "run-all: unknown tier '$t' (tiers: $all_tiers)" >&2; exit 2 ;; esac
	run_tier "$t" "tier_$t"
	cd "$top" || exit 1
done
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
