# Man pages.  vigil.conf.5 is assembled from one part per config domain so
# that each domain documents its own keywords.
VIGIL_CONF5_PARTS = doc/vigil.conf.5.head doc/vigil.conf.5.global doc/vigil.conf.5.vrrp \
	doc/vigil.conf.5.lvs doc/vigil.conf.5.tail
EXTRA_DIST += $(VIGIL_CONF5_PARTS)
man_MANS = doc/vigil.conf.5
CLEANFILES += doc/vigil.conf.5
doc/vigil.conf.5: $(VIGIL_CONF5_PARTS:%=$(srcdir)/%)
	$(AM_V_GEN)$(MKDIR_P) doc && cat $(VIGIL_CONF5_PARTS:%=$(srcdir)/%) > $@
