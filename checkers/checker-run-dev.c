/*
 * checker-run-dev: developer harness for the checker runtime (not installed).
 *
 *   checker-run-dev -f CONF [-I] [-p PIDFILE]
 *
 * Loads CONF with conf_load() and runs checker_run_start() on the default libev
 * loop, logging to stderr.  SIGHUP re-reads CONF and calls checker_run_reload(),
 * SIGTERM/SIGINT call checker_run_stop() and exit 0, SIGUSR1/SIGUSR2/SIGRTMIN+2
 * call checker_run_dump().  -I keeps the IPVS table at stop (dont_release).
 */
#include "config.h"

#include <ev.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/log.h"
#include "checkers/checker_run.h"

static const char *conf_path;
static struct checker_run *run;

static struct conf *load(void)
{
	struct conf_errs errs;
	struct conf *c;

	conf_errs_init(&errs);
	c = conf_load(conf_path, NULL, &errs);
	conf_errs_print(&errs, stderr);
	conf_errs_free(&errs);
	return c;
}

static void sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	if (w->signum == SIGTERM || w->signum == SIGINT) {
		checker_run_stop(run);
		ev_break(loop, EVBREAK_ALL);
	} else if (w->signum == SIGHUP) {
		struct conf *c = load();

		if (c) {
			checker_run_reload(run, c);
			conf_free(c);
		} else {
			log_warnx("reload: configuration rejected");
		}
	} else {
		checker_run_dump(run, w->signum);
	}
}

int main(int argc, char **argv)
{
	struct ev_loop *loop = ev_default_loop(0);
	ev_signal sigs[6];
	int signums[6] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGRTMIN + 2};
	bool dont_release = false;
	const char *pidfile = NULL;
	struct conf *c;
	int ch;

	while ((ch = getopt(argc, argv, "f:Ip:")) != -1) {
		switch (ch) {
		case 'f':
			conf_path = optarg;
			break;
		case 'I':
			dont_release = true;
			break;
		case 'p':
			pidfile = optarg;
			break;
		default:
			fprintf(stderr, "usage: checker-run-dev -f CONF [-I] [-p PIDFILE]\n");
			return 2;
		}
	}
	if (!conf_path) {
		fprintf(stderr, "usage: checker-run-dev -f CONF [-I] [-p PIDFILE]\n");
		return 2;
	}
	log_init("checker-run-dev", LOG_DAEMON, true, true);
	c = load();
	if (!c)
		return 1;
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
	}
	for (int i = 0; i < 6; i++) {
		ev_signal_init(&sigs[i], sig_cb, signums[i]);
		ev_signal_start(loop, &sigs[i]);
	}
	run = checker_run_start(loop, c, dont_release);
	conf_free(c);
	ev_run(loop, 0);
	checker_run_free(run);
	if (pidfile)
		unlink(pidfile);
	return 0;
}
