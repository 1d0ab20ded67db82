# global_defs + VRRP side of the config: extra sources and unit tests.
# (lib/conf_global.c and lib/conf_vrrp.c are listed in lib/conf.mk.)
lib_libvigil_conf_a_SOURCES += \
	lib/conf_vrrp_int.h \
	lib/conf_vrrp_inst.c \
	lib/conf_vrrp_check.c \
	lib/conf_vrrp_print.c

check_PROGRAMS += tests/unit/test_conf_vrrp
tests_unit_test_conf_vrrp_SOURCES = tests/unit/test_conf_vrrp.c
tests_unit_test_conf_vrrp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_vrrp_LDADD = $(CONF_LIBS) $(UNIT_LIBS)
TESTS += tests/unit/test_conf_vrrp
