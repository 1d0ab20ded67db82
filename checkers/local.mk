# checkers/: the checker process's runtime.  checker_model (pure: config ->
# kernel services/destinations with each real server's health), checker_run
# (IPVS reconcile on a libev loop: start, reload, periodic resync, health
# batches, stop, dumps), the check engine (check_engine*: probes, schedule,
# verdicts; rs_state: its pure decisions) and the check kinds (check_*.c).
# ipvs_sync (the pure desired-vs-kernel diff) joins the ipvs
# library.  Programs using checker_run link $(CHECKER_RUN_LIBS).
ipvs_libvigil_ipvs_a_SOURCES += ipvs/ipvs_sync.c ipvs/ipvs_sync.h

noinst_LIBRARIES += checkers/libvigil_check.a
checkers_libvigil_check_a_SOURCES = \
	checkers/checker_model.c checkers/checker_model.h \
	checkers/checker_run.c checkers/checker_run.h checkers/checker_run_int.h \
	checkers/checker_run_dump.c \
	checkers/rs_state.c checkers/rs_state.h \
	checkers/check.h checkers/check_engine.h checkers/check_engine_int.h \
	checkers/check_engine.c checkers/check_engine_rs.c checkers/check_engine_dump.c \
	checkers/check_kinds.c checkers/check_net.c
# The check kinds, one file each (check_kinds.c maps types to them).
checkers_libvigil_check_a_SOURCES += checkers/check_tcp.c
checkers_libvigil_check_a_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS) $(JSONC_CFLAGS)
CHECKER_RUN_LIBS = checkers/libvigil_check.a $(IPVS_LIBS) $(CONF_LIBS) $(MNL_LIBS) \
	$(JSONC_LIBS) $(EV_LIBS) $(M_LIBS)

# Unit test: rs_state (retry/rise counting, health, weight, quorum hysteresis).
check_PROGRAMS += tests/unit/test_rs_state
tests_unit_test_rs_state_SOURCES = tests/unit/test_rs_state.c checkers/rs_state.c
tests_unit_test_rs_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rs_state_LDADD = $(UNIT_LIBS)
TESTS += tests/unit/test_rs_state


# Unit test: the reconcile diff and the config -> desired table.
check_PROGRAMS += tests/unit/test_ipvs_sync
tests_unit_test_ipvs_sync_SOURCES = tests/unit/test_ipvs_sync.c
tests_unit_test_ipvs_sync_CFLAGS = $(UNIT_CFLAGS) $(MNL_CFLAGS)
tests_unit_test_ipvs_sync_LDADD = checkers/libvigil_check.a ipvs/libvigil_ipvs.a \
	$(CONF_LIBS) $(UNIT_LIBS) $(MNL_LIBS)
TESTS += tests/unit/test_ipvs_sync


# The IPVS populate benchmark (runs in the VM tier; see its header).
EXTRA_DIST += bench/ipvs-populate.sh

# SMTP_CHECK, DNS_CHECK, UDP_CHECK (DNS parses replies with libresolv's
# ns_initparse/ns_parserr) and their unit test, which runs the kinds'
# attempts against scripted loopback servers with the engine stubbed.
checkers_libvigil_check_a_SOURCES += checkers/check_smtp.c checkers/check_smtp.h
checkers_libvigil_check_a_SOURCES += checkers/check_dns.c checkers/check_dns.h
checkers_libvigil_check_a_SOURCES += checkers/check_udp.c checkers/check_udp.h
CHECKER_RUN_LIBS += $(RESOLV_LIBS)
check_PROGRAMS += tests/unit/test_check_proto
tests_unit_test_check_proto_SOURCES = tests/unit/test_check_proto.c \
	checkers/check_smtp.c checkers/check_dns.c checkers/check_udp.c
tests_unit_test_check_proto_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_proto_LDADD = $(CONF_LIBS) $(UNIT_LIBS) $(EV_LIBS) $(RESOLV_LIBS) -lpthread
TESTS += tests/unit/test_check_proto

# HTTP_GET / SSL_GET: libcurl multi on libev (check_http.c, the only file
# that includes curl) and its pure half (check_http_match.c: MD5 body sink,
# PCRE2 regex, verdict, URL strings), unit-tested by test_check_http (with
# the kinds on a loop against a forked HTTP server, the engine stubbed).
checkers_libvigil_check_a_SOURCES += checkers/check_http.c \
	checkers/check_http_match.c checkers/check_http_match.h
checkers_libvigil_check_a_CFLAGS += $(CURL_CFLAGS) $(CRYPTO_CFLAGS) $(PCRE2_CFLAGS)
# libcurl is dlopen()ed by the first HTTP_GET / SSL_GET, OpenSSL's libcrypto
# by the first url with a digest (only their headers here: no CURL_LIBS, no
# CRYPTO_LIBS; tests/unit/checker-needed.sh checks the checker's NEEDED list).
CHECKER_RUN_LIBS += $(DL_LIBS) $(PCRE2_LIBS)
check_PROGRAMS += tests/unit/test_check_http
tests_unit_test_check_http_SOURCES = tests/unit/test_check_http.c checkers/check_http.c \
	checkers/check_http_match.c
tests_unit_test_check_http_CFLAGS = $(UNIT_CFLAGS) $(CURL_CFLAGS) $(CRYPTO_CFLAGS) $(PCRE2_CFLAGS)
tests_unit_test_check_http_LDADD = $(CONF_LIBS) $(UNIT_LIBS) $(DL_LIBS) $(PCRE2_LIBS) $(EV_LIBS)
TESTS += tests/unit/test_check_http
# The checker links neither libcurl nor libcrypto (nor libssl).
TESTS += tests/unit/checker-needed.sh
EXTRA_DIST += tests/unit/checker-needed.sh

# MISC_CHECK (scripts through lib/script), FILE_CHECK (a track_file under
# inotify), PING_CHECK (ICMP/ICMPv6 echo over a ping or raw socket), and
# their unit test with the engine stubbed (real scripts, files, loopback
# echoes).
checkers_libvigil_check_a_SOURCES += checkers/check_misc.c
checkers_libvigil_check_a_SOURCES += checkers/check_file.c checkers/check_file.h
checkers_libvigil_check_a_SOURCES += checkers/check_ping.c checkers/check_ping.h
check_PROGRAMS += tests/unit/test_check_local
tests_unit_test_check_local_SOURCES = tests/unit/test_check_local.c \
	checkers/check_misc.c checkers/check_file.c checkers/check_ping.c
tests_unit_test_check_local_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_local_LDADD = $(CONF_LIBS) $(UNIT_LIBS) $(EV_LIBS)
TESTS += tests/unit/test_check_local
