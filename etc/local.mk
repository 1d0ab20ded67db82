# etc/: the systemd unit (generated: Type=notify with libsystemd, else
# forking), the sample config (checked by `make check`) and the defaults file.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = etc/vigil.service
exampledir = $(docdir)/examples
dist_example_DATA = etc/vigil.conf etc/vigil.default
EXTRA_DIST += etc/vigil.service.in etc/test-sample.sh
CLEANFILES += etc/vigil.service
TESTS += etc/test-sample.sh

etc/vigil.service: $(srcdir)/etc/vigil.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc && \
	if test -n "$(SYSTEMD_LIBS)"; then \
		type=notify; opt=NotifyAccess=main; nofork=' --dont-fork'; \
	else \
		type=forking; opt=PIDFile=/run/vigild.pid; nofork=''; \
	fi; \
	sed -e "s|@sbindir[@]|$(sbindir)|g" -e "s|@TYPE[@]|$$type|" \
		-e "s|@TYPE_OPTION[@]|$$opt|" -e "s|@NOFORK[@]|$$nofork|" \
		$(srcdir)/etc/vigil.service.in >$@.tmp && mv $@.tmp $@
