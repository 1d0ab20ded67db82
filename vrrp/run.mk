# vrrp/run.mk: the VRRP runtime (sockets, addresses, instances); see vrrp/vrrp_run.h.
# Users link $(VRRP_RUN_LIBS) (it includes the codec and state machine).
noinst_LIBRARIES += vrrp/libvigil_vrrp_run.a
vrrp_libvigil_vrrp_run_a_SOURCES = \
	vrrp/vrrp_run.c vrrp/vrrp_run.h vrrp/vrrp_run_int.h vrrp/vrrp_run_dump.c \
	vrrp/vrrp_run_conf.c vrrp/vrrp_run_track.c vrrp/vrrp_run_sync.c \
	vrrp/vrrp_run_notify.c vrrp/vrrp_run_garp.c vrrp/vrrp_fifo.c vrrp/vrrp_fifo.h \
	vrrp/vrrp_track.c vrrp/vrrp_track.h vrrp/vrrp_notify.c vrrp/vrrp_notify.h \
	vrrp/vrrp_sock.c vrrp/vrrp_sock.h \
	vrrp/vrrp_addr.c vrrp/vrrp_addr.h \
	vrrp/vrrp_arp.c vrrp/vrrp_arp.h \
	vrrp/vrrp_ndisc.c vrrp/vrrp_ndisc.h
vrrp_libvigil_vrrp_run_a_CFLAGS = $(AM_CFLAGS) $(NL_CFLAGS) $(JSONC_CFLAGS)
VRRP_RUN_LIBS = vrrp/libvigil_vrrp_run.a $(VRRP_LIBS) $(NL_LIBS) $(JSONC_LIBS) $(EV_LIBS)

