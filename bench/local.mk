# bench/: benchmarks, run by hand (not part of make check); see bench/README.md.
EXTRA_DIST += bench/README.md bench/gen-lvs-conf.sh bench/conf-test.sh
EXTRA_DIST += bench/checker-load.sh bench/checker-host.sh bench/checker-lib.sh
EXTRA_DIST += bench/curl-floor.sh bench/curl-floor.c bench/probe-floor.c
EXTRA_DIST += bench/vrrp-failover.sh bench/vrrp-hog.sh
