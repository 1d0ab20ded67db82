#!/bin/sh
# tests/conf: config cases judged by the real binary.
#   good/NAME.conf  `vigild -t -d -f NAME.conf` exits 0, prints NAME.ok on stdout
#                   and nothing on stderr (or exactly NAME.warn when that file exists).
#   bad/NAME.conf   `vigild -t -f NAME.conf` exits non-zero and prints exactly
#                   NAME.err on stderr (every `file:line:col: message`).
# Cases run from their own directory with the relative file name, so messages
# read `NAME.conf:LINE:COL: ...`.  The config id is fixed (-i vigiltest).
set -u
srcdir=${top_srcdir:-$(dirname "$0")/../..}
builddir=${top_builddir:-.}
vigild=$(cd "$builddir" && pwd)/vigild
casedir=$(cd "$srcdir/tests/conf" && pwd)
[ -x "$vigild" ] || { echo "FAIL: $vigild not built"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 ngood=0 nbad=0

report_fail() {
	echo "FAIL: $1"
	shift
	for f in "$@"; do [ -s "$f" ] && sed 's/^/    /' "$f" | head -40; done
	fail=$((fail + 1))
}

for conf in "$casedir"/good/*.conf; do
	[ -e "$conf" ] || continue
	name=${conf%.conf}; base=$(basename "$conf")
	ngood=$((ngood + 1))
	(cd "$casedir/good" && "$vigild" -t -d -i vigiltest -f "$base" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ $rc -ne 0 ]; then report_fail "good/$base: exit $rc" "$tmp/err"; continue; fi
	if [ ! -f "$name.ok" ]; then report_fail "good/$base: no expected output $name.ok"; continue; fi
	if ! diff -u "$name.ok" "$tmp/out" >"$tmp/diff"; then report_fail "good/$base: -d output differs" "$tmp/diff"; continue; fi
	if [ -f "$name.warn" ]; then
		if ! diff -u "$name.warn" "$tmp/err" >"$tmp/diff"; then report_fail "good/$base: warnings differ" "$tmp/diff"; continue; fi
	elif [ -s "$tmp/err" ]; then report_fail "good/$base: unexpected stderr" "$tmp/err"; continue; fi
	# The printout is itself a valid config that prints the same.
	cp "$tmp/out" "$tmp/reprint.conf"
	if ! (cd "$tmp" && "$vigild" -t -d -i vigiltest -f reprint.conf >"$tmp/out2" 2>"$tmp/err2"); then
		report_fail "good/$base: printout does not re-parse" "$tmp/err2"; continue
	fi
	if ! diff -u "$tmp/out" "$tmp/out2" >"$tmp/diff"; then report_fail "good/$base: printout not idempotent" "$tmp/diff"; continue; fi
	pass=$((pass + 1))
done

for conf in "$casedir"/bad/*.conf; do
	[ -e "$conf" ] || continue
	name=${conf%.conf}; base=$(basename "$conf")
	nbad=$((nbad + 1))
	(cd "$casedir/bad" && "$vigild" -t -i vigiltest -f "$base" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ $rc -eq 0 ]; then report_fail "bad/$base: accepted (exit 0)" "$tmp/err"; continue; fi
	if [ ! -f "$name.err" ]; then report_fail "bad/$base: no expected errors $name.err" "$tmp/err"; continue; fi
	if ! diff -u "$name.err" "$tmp/err" >"$tmp/diff"; then report_fail "bad/$base: errors differ" "$tmp/diff"; continue; fi
	if ! grep -q '^[^:]*:[0-9][0-9]*:[0-9][0-9]*: ' "$tmp/err"; then report_fail "bad/$base: no file:line:col in errors" "$tmp/err"; continue; fi
	if [ -s "$tmp/out" ]; then report_fail "bad/$base: unexpected stdout" "$tmp/out"; continue; fi
	pass=$((pass + 1))
done

echo "tests/conf: $ngood good and $nbad bad cases"
if [ $ngood -lt 20 ] || [ $nbad -lt 20 ]; then
	echo "FAIL: the conf tier needs at least 20 good and 20 bad cases"
	fail=$((fail + 1))
fi
echo "conf: $pass passed, $fail failed"
[ $fail -eq 0 ]
