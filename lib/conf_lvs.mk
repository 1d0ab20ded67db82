# LVS side of the config (virtual servers, real servers, checkers): extra
# sources and unit tests.  (lib/conf_lvs.c is listed in lib/conf.mk.)
