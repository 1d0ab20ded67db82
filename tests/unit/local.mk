# tests/unit: check-framework programs for pure modules.  Each module's
# fragment adds its own test programs to UNIT_TESTS.
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_LIBS = lib/libvigil_util.a $(CHECK_LIBS) $(M_LIBS)

check_PROGRAMS += tests/unit/test_util
tests_unit_test_util_SOURCES = tests/unit/test_util.c
tests_unit_test_util_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_util_LDADD = $(UNIT_LIBS)
TESTS += tests/unit/test_util
include tests/unit/lex.mk

check_PROGRAMS += tests/unit/test_conf_parse
tests_unit_test_conf_parse_SOURCES = tests/unit/test_conf_parse.c
tests_unit_test_conf_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_parse_LDADD = $(CONF_LIBS) $(CHECK_LIBS) $(M_LIBS)
TESTS += tests/unit/test_conf_parse

# lib/script: real processes on a libev loop (exit codes, signals, timeouts
# killing the process group, user switch, the ordered queue).
check_PROGRAMS += tests/unit/test_script
tests_unit_test_script_SOURCES = tests/unit/test_script.c
tests_unit_test_script_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_script_LDADD = $(UNIT_LIBS) $(EV_LIBS)
TESTS += tests/unit/test_script

# lib/sched: the CPU set bits, the affinity keywords, and sched_apply() on
# the test process itself (one forked process per test; the privileged parts
# asserted to work as root, to fail cleanly otherwise).
check_PROGRAMS += tests/unit/test_sched
tests_unit_test_sched_SOURCES = tests/unit/test_sched.c
tests_unit_test_sched_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sched_LDADD = $(CONF_LIBS) $(UNIT_LIBS)
TESTS += tests/unit/test_sched
