# daemon/: vigild (CLI, supervisor), the child programs it execs
# (vigild-vrrp, vigild-checker; doc/ARCHITECTURE.md) and lib/proc.
#
# lib/proc (child spawning, framed socketpair messages, pid files) joins the
# util library; it needs libev.
lib_libvigil_util_a_SOURCES += lib/proc.c lib/proc.h

# The process entry points of the subsystems (vrrp_proc_main,
# checker_proc_main) and the children's common start (daemon/child.c).
# VRRP_RUN_LIBS / CHECKER_RUN_LIBS: the subsystems' runtimes (vrrp/run.mk,
# checkers/local.mk).
noinst_LIBRARIES += daemon/libvigil_daemon.a
daemon_libvigil_daemon_a_SOURCES = \
	daemon/child.c daemon/child.h \
	vrrp/vrrp_proc.c vrrp/vrrp_proc.h \
	checkers/checker_proc.c checkers/checker_proc.h

sbin_PROGRAMS += vigild vigild-vrrp vigild-checker
vigild_SOURCES = daemon/vigild.c daemon/supervisor.c daemon/supervisor.h \
	daemon/sup_dump.c daemon/sup_dump.h
# libsystemd is loaded with dlopen() only under systemd (see sup_notify()):
# SYSTEMD_CFLAGS for its header, no SYSTEMD_LIBS.
vigild_CFLAGS = $(AM_CFLAGS) $(SYSTEMD_CFLAGS)
vigild_LDADD = $(CONF_LIBS) $(EV_LIBS) $(M_LIBS)

vigild_vrrp_SOURCES = daemon/vigild_vrrp.c
vigild_vrrp_LDADD = daemon/libvigil_daemon.a $(VRRP_RUN_LIBS) $(CONF_LIBS) $(EV_LIBS) $(M_LIBS)

vigild_checker_SOURCES = daemon/vigild_checker.c
vigild_checker_LDADD = daemon/libvigil_daemon.a $(CHECKER_RUN_LIBS) $(CONF_LIBS) $(EV_LIBS) $(M_LIBS)

# Unit test of lib/proc (framing, pid files, spawn).
check_PROGRAMS += tests/unit/test_proc
tests_unit_test_proc_SOURCES = tests/unit/test_proc.c
tests_unit_test_proc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_proc_LDADD = $(UNIT_LIBS) $(EV_LIBS)
TESTS += tests/unit/test_proc

dist_man_MANS += doc/vigild.8
