# daemon/: vigild (CLI, supervisor) and vigilctl.
sbin_PROGRAMS += vigild
vigild_SOURCES = daemon/vigild.c daemon/supervisor.c daemon/supervisor.h
vigild_LDADD = $(CONF_LIBS) $(EV_LIBS) $(M_LIBS)
