# global_defs + VRRP side of the config: extra sources and unit tests.
# (lib/conf_global.c and lib/conf_vrrp.c are listed in lib/conf.mk.)
