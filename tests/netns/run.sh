#!/bin/bash
# tests/netns/run.sh [--builddir DIR] [TEST...]: run the netns tests (root);
# TEST is a script path or a name like t03_reload.
# Each script (tNN_*.sh, vrrp_*.sh, ...) is one test; it creates its own network
# namespace and cleans it up.  Prints "N passed, N failed"; exits non-zero on
# any failure.  vigild is taken from --builddir, else $VIGILD, else
# $top_builddir, else the current directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
builddir=${top_builddir:-.}
while [ $# -gt 0 ]; do
	case $1 in
	--builddir) builddir=$2; shift 2 ;;
	--builddir=*) builddir=${1#*=}; shift ;;
	*) break ;;
	esac
done
VIGILD=${VIGILD:-$(cd "$builddir" 2>/dev/null && pwd)/vigild}
export VIGILD
if [ ! -x "$VIGILD" ]; then
	echo "FAIL: vigild not found at $VIGILD (use --builddir DIR)"
	echo "netns: 0 passed, 1 failed"
	exit 1
fi
if [ $# -gt 0 ]; then
	tests=()
	for t in "$@"; do
		case $t in */*) tests+=("$t") ;; *) tests+=("$here/${t%.sh}.sh") ;; esac
	done
else
	# Every script but the runner and the helper libraries (lib.sh,
	# lib_*.sh, *_lib.sh): tNN_* (vigild itself) first, then the
	# subsystems' (vrrp_*.sh, ...).
	tests=("$here"/t[0-9]*_*.sh)
	for t in "$here"/*.sh; do
		case $(basename "$t") in
		run.sh | lib.sh | lib_*.sh | *_lib.sh | t[0-9]*_*.sh) ;;
		*) tests+=("$t") ;;
		esac
	done
fi
pass=0 fail=0 failed=()
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	echo "=== $name"
	# Each script is bounded: it must not hang the run.
	timeout -k 5 300 bash "$t"
	rc=$?
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS: $name"
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "FAIL: $name (exit $rc)"
	fi
done
[ $fail -eq 0 ] || echo "failed: ${failed[*]}"
echo "netns: $pass passed, $fail failed"
[ $fail -eq 0 ]
