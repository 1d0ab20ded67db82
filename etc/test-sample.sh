#!/bin/sh
# The sample etc/vigil.conf is valid and clean: `vigild -t` exits 0 with no
# diagnostic, and its normalised printout is valid again.
srcdir=${top_srcdir:-$(dirname "$0")/..}
vigild=${top_builddir:-.}/vigild
[ -x "$vigild" ] || { echo "FAIL: $vigild not built"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
"$vigild" -t -d -f "$srcdir/etc/vigil.conf" >"$tmp/out" 2>"$tmp/err" ||
	{ echo "FAIL: etc/vigil.conf rejected"; cat "$tmp/err"; fail=1; }
[ -s "$tmp/err" ] && { echo "FAIL: etc/vigil.conf has diagnostics"; cat "$tmp/err"; fail=1; }
grep -q '^vrrp_instance VI_1' "$tmp/out" || { echo "FAIL: no VI_1 in the printout"; fail=1; }
"$vigild" -t -f "$tmp/out" 2>"$tmp/err2" ||
	{ echo "FAIL: printout of etc/vigil.conf rejected"; cat "$tmp/err2"; fail=1; }
[ $fail -eq 0 ] && echo "etc/vigil.conf: valid"
exit $fail
