# vrrp/run.mk: the VRRP runtime (sockets, addresses, instances); see vrrp/vrrp_run.h.
