/*
 * child: see child.h.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>

#include "daemon/child.h"
#include "lib/log.h"
#include "lib/proc.h"
#include "lib/util.h"

/* How long a new child waits for its first config from the supervisor. */
#define CHILD_CONF_TIMEOUT_MS 30000

static const struct option child_longopts[] = {
    {"log-console", no_argument, NULL, 'l'},
    {"log-detail", no_argument, NULL, 'D'},
    {"log-facility-code", required_argument, NULL, 'S'},
    {"dont-release", no_argument, NULL, 'R'},
    {"no-vrrp", no_argument, NULL, 'N'},
    {NULL, 0, NULL, 0},
};

struct conf *child_start(int argc, char **argv, const char *ident, struct child_args *out)
{
	bool console = false, detail = false;
	int facility = LOG_DAEMON, ch;
	struct conf *c;
	struct stat st;
	long long v;
	uint32_t type;
	char *text;
	size_t len;
	struct timespec t0, t1;

	out->fd = PROC_CHILD_FD;
	out->dont_release = false;
	out->no_vrrp = false;
	while ((ch = getopt_long(argc, argv, "lDS:RN", child_longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			console = true;
			break;
		case 'D':
			detail = true;
			break;
		case 'S':
			if (util_parse_ll(optarg, 0, LOG_FACMASK, &v) != 0) {
				fprintf(stderr, "%s: bad facility code '%s'\n", ident, optarg);
				exit(1);
			}
			facility = (int)v;
			break;
		case 'R':
			out->dont_release = true;
			break;
		case 'N':
			out->no_vrrp = true;
			break;
		default:
			exit(1);
		}
	}
	log_init(ident, facility, console, detail);
	if (fstat(out->fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		fatalx("fd %d is not a socket: %s is started by vigild, not by hand", out->fd,
		       ident);
	if (proc_read_frame(out->fd, CHILD_CONF_TIMEOUT_MS, &type, &text, &len) < 0)
		fatalx("no configuration from the supervisor");
	if (type != PROC_MSG_CONF)
		fatalx("expected a CONF message first, got %s", proc_msg_type_str(type));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c = child_load_snapshot(text, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(text);
	if (!c)
		fatalx("the configuration from the supervisor does not load");
	log_debug("configuration snapshot of %zu bytes loaded in %.1f ms", len,
		  (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	return c;
}

struct conf *child_load_snapshot(const char *text, size_t len)
{
	const struct conf_load_opts lo = {.snapshot = true};
	struct conf_errs errs;
	struct conf *c;

	conf_errs_init(&errs);
	c = conf_load_buf("snapshot", text, len, &lo, &errs);
	for (size_t i = 0; i < errs.n; i++) {
		char *s = conf_diag_str(&errs.v[i]);

		log_warnx("%s", s);
		free(s);
	}
	conf_errs_free(&errs);
	return c; /* NULL when it had errors */
}
