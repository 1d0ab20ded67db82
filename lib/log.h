/*
 * log: the one logging API of vigil.  Messages go to syslog with the ident and
 * facility chosen at start (vigild, vigild-vrrp, vigild-checker) and, with -l,
 * also to stderr.  log_warn() appends strerror(errno); log_warnx() does not.
 * log_debug() prints only with -D (detail).  fatal()/fatalx() log and exit 1.
 * log_ratelimited() guards messages caused by packets from the network.
 */
#ifndef VIGIL_LOG_H
#define VIGIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

#define LOG_PRINTF(a, b) __attribute__((format(printf, a, b)))

void log_init(const char *ident, int facility, bool console, bool detail);
/* Change the ident after fork() (keeps facility/console/detail). */
void log_set_ident(const char *ident);
bool log_get_console(void);
bool log_get_detail(void);
int log_get_facility(void);
/* Map "LOG_DAEMON", "daemon", "local0".."local7" or "0".."7" (keepalived's -S) to a facility. */
int log_facility_parse(const char *name, int *facility);

void log_info(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_notice(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_warn(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_debug(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_vlog(int pri, const char *fmt, va_list ap) LOG_PRINTF(2, 0);
__attribute__((noreturn)) void fatal(const char *fmt, ...) LOG_PRINTF(1, 2);
__attribute__((noreturn)) void fatalx(const char *fmt, ...) LOG_PRINTF(1, 2);

/* Rate limiter for messages caused by network input: at most `burst` per `interval` s. */
struct log_rl {
	time_t window_start;
	unsigned interval, burst, used, suppressed;
};
#define LOG_RL_INIT(interval, burst)                                                               \
	{                                                                                          \
		0, (interval), (burst), 0, 0                                                       \
	}
/* True when the caller may log now; counts what was suppressed and reports it later. */
bool log_ratelimit(struct log_rl *rl);

#endif
