# LVS side of the config (virtual servers, real servers, checkers): extra
# sources and unit tests.  (lib/conf_lvs.c is listed in lib/conf.mk.)
lib_libvigil_conf_a_SOURCES += \
	lib/conf_lvs_print.c \
	lib/conf_lvs_validate.c \
	lib/conf_check.c lib/conf_check.h lib/conf_check_kws.h

check_PROGRAMS += tests/unit/test_conf_lvs
tests_unit_test_conf_lvs_SOURCES = tests/unit/test_conf_lvs.c
tests_unit_test_conf_lvs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_lvs_LDADD = $(CONF_LIBS) $(UNIT_LIBS)
TESTS += tests/unit/test_conf_lvs
