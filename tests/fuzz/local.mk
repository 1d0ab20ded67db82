# tests/fuzz: libFuzzer targets.  Each target TARGET has tests/fuzz/fuzz_TARGET.c
# (LLVMFuzzerTestOneInput) and a corpus in tests/fuzz/corpus/TARGET/.
#  - `make check` builds tests/fuzz/replay_TARGET (the target + replay.c, with the
#    ordinary compiler and flags, so ASan+UBSan in the sanitizer build) and
#    replays the corpus.
#  - configure CC=clang --enable-fuzzers builds the real fuzzers tests/fuzz/fuzz_TARGET
#    (see tests/fuzz/README.md).
# A module adds a target by appending to these variables in its own fragment.
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/README.md

check_PROGRAMS += tests/fuzz/replay_conf
tests_fuzz_replay_conf_SOURCES = tests/fuzz/fuzz_conf.c tests/fuzz/replay.c
tests_fuzz_replay_conf_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS_DIR='"$(srcdir)/tests/fuzz/corpus/conf"'
tests_fuzz_replay_conf_LDADD = $(CONF_LIBS)
TESTS += tests/fuzz/replay_conf

if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_conf
tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz_conf.c
tests_fuzz_fuzz_conf_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_conf_LDADD = $(CONF_LIBS)
endif
