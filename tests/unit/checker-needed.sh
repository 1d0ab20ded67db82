#!/bin/sh
# vigild-checker links neither libcurl nor OpenSSL (libcrypto, libssl): both
# are dlopen()ed by the first HTTP_GET / SSL_GET (checkers/check_http.c,
# checkers/check_http_match.c), so a checker without HTTP checks never maps
# them.  Asserts on the ELF dynamic section's NEEDED entries (readelf, from
# binutils).
checker=${top_builddir:-.}/vigild-checker
[ -x "$checker" ] || { echo "FAIL: $checker not built"; exit 1; }
command -v readelf >/dev/null 2>&1 || { echo "FAIL: readelf not found (binutils)"; exit 1; }
needed=$(LC_ALL=C readelf -d "$checker" | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
[ -n "$needed" ] || { echo "FAIL: no NEEDED entry read from $checker"; exit 1; }
echo "vigild-checker NEEDED: $(echo $needed)"
fail=0
for lib in $needed; do
	case $lib in
	libcrypto.so* | libssl.so* | libcurl*.so* | libgnutls*.so*)
		echo "FAIL: vigild-checker links $lib (it must be dlopen()ed)"
		fail=1
		;;
	esac
done
[ $fail -eq 0 ] && echo "vigild-checker: no libcurl, libcrypto or libssl linked"
exit $fail
