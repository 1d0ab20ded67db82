# lib/conf*: the config language (lexer, parser framework, domain models,
# printer, validation).  Pure: no sockets, no clock, no loop.
noinst_LIBRARIES += lib/libvigil_conf.a
lib_libvigil_conf_a_SOURCES = \
	lib/conf.c lib/conf.h \
	lib/conf_err.c lib/conf_err.h \
	lib/conf_lex.c lib/conf_lex.h \
	lib/conf_parse.c lib/conf_parse.h \
	lib/conf_validate.c \
	lib/conf_global.c lib/conf_global.h \
	lib/conf_vrrp.c lib/conf_vrrp.h \
	lib/conf_lvs.c lib/conf_lvs.h
CONF_LIBS = lib/libvigil_conf.a lib/libvigil_util.a
