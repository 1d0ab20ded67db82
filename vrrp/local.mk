# vrrp/: the VRRP side.  libvigil_vrrp.a holds the pure modules (packet codec,
# RFC 5798 state machine) that unit tests and fuzzers link directly; the
# process entry (vrrp_proc) is built by daemon/local.mk, which links
# $(VRRP_LIBS).
noinst_LIBRARIES += vrrp/libvigil_vrrp.a
vrrp_libvigil_vrrp_a_SOURCES = \
	vrrp/vrrp_packet.c vrrp/vrrp_packet.h \
	vrrp/vrrp_fsm.c vrrp/vrrp_fsm.h
VRRP_LIBS = vrrp/libvigil_vrrp.a lib/libvigil_util.a

# Unit tests (check framework; UNIT_CFLAGS/UNIT_LIBS from tests/unit/local.mk,
# expanded lazily by make, so the include order does not matter).
check_PROGRAMS += tests/unit/test_vrrp_packet tests/unit/test_vrrp_fsm
tests_unit_test_vrrp_packet_SOURCES = tests/unit/test_vrrp_packet.c
tests_unit_test_vrrp_packet_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vrrp_packet_LDADD = vrrp/libvigil_vrrp.a $(UNIT_LIBS)
TESTS += tests/unit/test_vrrp_packet
tests_unit_test_vrrp_fsm_SOURCES = tests/unit/test_vrrp_fsm.c
tests_unit_test_vrrp_fsm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vrrp_fsm_LDADD = vrrp/libvigil_vrrp.a $(UNIT_LIBS)
TESTS += tests/unit/test_vrrp_fsm

# Fuzz target for the packet decoder (pattern of tests/fuzz/local.mk).
check_PROGRAMS += tests/fuzz/replay_vrrp_packet
tests_fuzz_replay_vrrp_packet_SOURCES = tests/fuzz/fuzz_vrrp_packet.c tests/fuzz/replay.c
tests_fuzz_replay_vrrp_packet_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS_DIR='"$(srcdir)/tests/fuzz/corpus/vrrp_packet"'
tests_fuzz_replay_vrrp_packet_LDADD = $(VRRP_LIBS)
TESTS += tests/fuzz/replay_vrrp_packet

if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_vrrp_packet
tests_fuzz_fuzz_vrrp_packet_SOURCES = tests/fuzz/fuzz_vrrp_packet.c
tests_fuzz_fuzz_vrrp_packet_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_vrrp_packet_LDADD = $(VRRP_LIBS)
endif
