/*
 * log: syslog (+ optional console) logging.  See log.h.
 */
#include "config.h"

#include <errno.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/util.h"

static char log_ident[32] = "vigild";
static int log_facility = LOG_DAEMON;
static bool log_console = true;
static bool log_detail;
static bool log_opened;
/* Whether _PATH_LOG (/dev/log) exists, looked at no more than once a second:
 * without it glibc's syslog() tries socket + connect again for every line. */
static bool log_dev_present = true;
static time_t log_dev_checked = -1;

static bool log_dev_ok(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	if (now.tv_sec != log_dev_checked) {
		log_dev_checked = now.tv_sec;
		log_dev_present = access(_PATH_LOG, F_OK) == 0;
	}
	return log_dev_present;
}

void log_init(const char *ident, int facility, bool console, bool detail)
{
	log_facility = facility;
	log_console = console;
	log_detail = detail;
	log_set_ident(ident);
}

void log_set_ident(const char *ident)
{
	util_strlcpy(log_ident, ident, sizeof(log_ident));
	if (log_opened)
		closelog();
	openlog(log_ident, LOG_PID | LOG_NDELAY, log_facility);
	log_opened = true;
}

bool log_get_console(void)
{
	return log_console;
}

bool log_get_detail(void)
{
	return log_detail;
}

int log_get_facility(void)
{
	return log_facility;
}

int log_facility_parse(const char *name, int *facility)
{
	static const struct {
		const char *name;
		int fac;
	} tab[] = {
	    {"daemon", LOG_DAEMON}, {"user", LOG_USER},	    {"local0", LOG_LOCAL0},
	    {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
	    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6},
	    {"local7", LOG_LOCAL7},
	};
	const char *n = name;

	if (strncasecmp(n, "LOG_", 4) == 0)
		n += 4;
	if (n[0] >= '0' && n[0] <= '7' && n[1] == '\0') {
		*facility = tab[2 + (n[0] - '0')].fac;
		return 0;
	}
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strcasecmp(n, tab[i].name) == 0) {
			*facility = tab[i].fac;
			return 0;
		}
	}
	return -1;
}

void log_vlog(int pri, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap); /* truncation is acceptable for a log line */
	if (log_console) {
		struct timespec ts;
		struct tm tm;
		char tbuf[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s[%d]: %s\n", tbuf, ts.tv_nsec / 1000000, log_ident,
			(int)getpid(), buf);
		fflush(stderr);
	}
	if (log_dev_ok())
		syslog(pri, "%s", buf);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void log_notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vlog(LOG_NOTICE, fmt, ap);
	va_end(ap);
}

static void log_str(int pri, const char *fmt, ...) LOG_PRINTF(2, 3);

static void log_str(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vlog(pri, fmt, ap);
	va_end(ap);
}

static void log_vwarn(int pri, int err, const char *fmt, va_list ap)
{
	char buf[1800];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (err)
		log_str(pri, "%s: %s", buf, strerror(err));
	else
		log_str(pri, "%s", buf);
}

void log_warn(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vwarn(LOG_WARNING, err, fmt, ap);
	va_end(ap);
	errno = err;
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwarn(LOG_WARNING, 0, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_detail)
		return;
	va_start(ap, fmt);
	log_vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vwarn(LOG_CRIT, err, fmt, ap);
	va_end(ap);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwarn(LOG_CRIT, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

bool log_ratelimit(struct log_rl *rl)
{
	time_t now = time(NULL);

	if (now - rl->window_start >= (time_t)rl->interval) {
		if (rl->suppressed)
			log_warnx("(%u similar messages suppressed)", rl->suppressed);
		rl->window_start = now;
		rl->used = 0;
		rl->suppressed = 0;
	}
	if (rl->used < rl->burst) {
		rl->used++;
		return true;
	}
	rl->suppressed++;
	return false;
}
