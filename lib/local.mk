# lib/: shared code without any config knowledge: logging, helpers, addresses,
# child processes and framed messages.
noinst_LIBRARIES += lib/libvigil_util.a
lib_libvigil_util_a_SOURCES = \
	lib/log.c lib/log.h \
	lib/util.c lib/util.h \
	lib/addr.c lib/addr.h
lib_libvigil_util_a_SOURCES += lib/sched.c lib/sched.h
lib_libvigil_util_a_SOURCES += lib/script.c lib/script.h
lib_libvigil_util_a_SOURCES += lib/notify_fifo.c lib/notify_fifo.h
