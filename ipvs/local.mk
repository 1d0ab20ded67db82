# ipvs: IPVS generic netlink.  ipvs_msg is the pure message layer (build and
# parse), ipvs_nl the libmnl transport (family resolution, pipelined batches,
# dumps).  Users link ipvs/libvigil_ipvs.a plus $(IPVS_LIBS).
noinst_LIBRARIES += ipvs/libvigil_ipvs.a
ipvs_libvigil_ipvs_a_SOURCES = ipvs/ipvs_msg.c ipvs/ipvs_msg.h ipvs/ipvs_nl.c ipvs/ipvs_nl.h
ipvs_libvigil_ipvs_a_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
IPVS_LIBS = ipvs/libvigil_ipvs.a lib/libvigil_util.a $(MNL_LIBS)

# Developer tool: resolve the family, show info, list/add/delete like ipvsadm
# (the VM tests use it to prove the transport against the real kernel).
noinst_PROGRAMS += ipvs/vigil-ipvs-probe
ipvs_vigil_ipvs_probe_SOURCES = ipvs/vigil-ipvs-probe.c
ipvs_vigil_ipvs_probe_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
ipvs_vigil_ipvs_probe_LDADD = $(IPVS_LIBS)

# Unit test of the pure message layer.
check_PROGRAMS += tests/unit/test_ipvs_msg
tests_unit_test_ipvs_msg_SOURCES = tests/unit/test_ipvs_msg.c
tests_unit_test_ipvs_msg_CFLAGS = $(UNIT_CFLAGS) $(MNL_CFLAGS)
tests_unit_test_ipvs_msg_LDADD = ipvs/libvigil_ipvs.a $(UNIT_LIBS) $(MNL_LIBS)
TESTS += tests/unit/test_ipvs_msg

# Fuzz target: reply parsers (see tests/fuzz/local.mk for the pattern).
EXTRA_DIST += tests/fuzz/corpus/ipvs_reply
check_PROGRAMS += tests/fuzz/replay_ipvs_reply
tests_fuzz_replay_ipvs_reply_SOURCES = tests/fuzz/fuzz_ipvs_reply.c tests/fuzz/replay.c
tests_fuzz_replay_ipvs_reply_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(srcdir)/tests/fuzz/corpus/ipvs_reply"'
tests_fuzz_replay_ipvs_reply_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
tests_fuzz_replay_ipvs_reply_LDADD = $(IPVS_LIBS)
TESTS += tests/fuzz/replay_ipvs_reply

if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_ipvs_reply
tests_fuzz_fuzz_ipvs_reply_SOURCES = tests/fuzz/fuzz_ipvs_reply.c
tests_fuzz_fuzz_ipvs_reply_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ipvs_reply_LDADD = $(IPVS_LIBS)
endif
