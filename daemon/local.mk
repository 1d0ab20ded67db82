# daemon/: vigild (CLI, supervisor) and vigilctl.
sbin_PROGRAMS += vigild
vigild_SOURCES = daemon/vigild.c
vigild_LDADD = $(CONF_LIBS) $(EV_LIBS) $(M_LIBS)
