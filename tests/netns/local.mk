# tests/netns: real processes in network namespaces (root).  Not part of
# `make check`: tests/run-all.sh runs tests/netns/run.sh --builddir DIR.
# notify_recv (a stand-in for systemd's notification socket) is built by
# `make` so that the netns tier finds it.  run.sh runs every *.sh here but
# lib.sh, lib_*.sh and *_lib.sh.
noinst_PROGRAMS += tests/netns/notify_recv
tests_netns_notify_recv_SOURCES = tests/netns/notify_recv.c
tests_netns_notify_recv_LDADD = lib/libvigil_util.a

EXTRA_DIST += tests/netns/run.sh tests/netns/lib.sh tests/netns/t01_start.sh \
	tests/netns/t02_respawn.sh tests/netns/t03_reload.sh tests/netns/t04_reload_bad.sh \
	tests/netns/t05_stop.sh tests/netns/t06_cli.sh tests/netns/t07_children.sh \
	tests/netns/t08_notify.sh

# The scripts other modules add here (vrrp_*.sh, lib_*.sh, *.py helpers) go
# into the tarball without being listed one by one.  (Not EXTRA_DIST +=
# tests/netns: automake would copy the build directory's tests/netns, objects
# included.)  Another fragment may hook dist-hook the same way.
dist-hook: netns-dist-hook
netns-dist-hook:
	$(MKDIR_P) "$(distdir)/tests/netns"
	for f in $(srcdir)/tests/netns/*.sh $(srcdir)/tests/netns/*.py; do \
		if test -f "$$f"; then cp -p "$$f" "$(distdir)/tests/netns/" || exit 1; fi; \
	done
.PHONY: netns-dist-hook
