# The config lexer's second source file and private header (conf_lex.c itself
# is listed in lib/conf.mk), and its unit test.  The test links the lexer
# sources directly (a pure module), so it builds and runs even while the rest
# of lib/libvigil_conf.a is in flux.
lib_libvigil_conf_a_SOURCES += lib/conf_lex_expand.c lib/conf_lex_int.h

check_PROGRAMS += tests/unit/test_conf_lex
tests_unit_test_conf_lex_SOURCES = tests/unit/test_conf_lex.c lib/conf_lex.c \
	lib/conf_lex_expand.c lib/conf_lex_int.h lib/conf_err.c
tests_unit_test_conf_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_lex_LDADD = $(UNIT_LIBS)
TESTS += tests/unit/test_conf_lex
