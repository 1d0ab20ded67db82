# tests/netns: real processes in network namespaces (root).  Not part of
# `make check`: tests/run-all.sh runs tests/netns/run.sh --builddir DIR.
# notify_recv (a stand-in for systemd's notification socket) is built by
# `make` so that the netns tier finds it.  Every script here must be listed
# in EXTRA_DIST (run.sh runs every *.sh but lib.sh and *_lib.sh).
noinst_PROGRAMS += tests/netns/notify_recv
tests_netns_notify_recv_SOURCES = tests/netns/notify_recv.c
tests_netns_notify_recv_LDADD = lib/libvigil_util.a

EXTRA_DIST += tests/netns/run.sh tests/netns/lib.sh tests/netns/t01_start.sh \
	tests/netns/t02_respawn.sh tests/netns/t03_reload.sh tests/netns/t04_reload_bad.sh \
	tests/netns/t05_stop.sh tests/netns/t06_cli.sh tests/netns/t07_children.sh \
	tests/netns/t08_notify.sh \
	tests/netns/vrrp_lib.sh tests/netns/vrrp_pair.sh tests/netns/vrrp_keepalived.sh \
	tests/netns/vrrp_wire.sh tests/netns/vrrp_ipv6.sh tests/netns/vrrp_send.py
