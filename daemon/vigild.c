/*
 * vigild: the command line.  It parses keepalived's flags (getopt_long), and
 * then either answers at once (--help, --version, --signum), checks the config
 * (-t, with -d also printing the normalised config), or loads the config and
 * hands it to the supervisor (daemon/supervisor.c), which runs the daemon.
 *
 * -t prints every diagnostic exactly as conf_errs_print() writes it on stderr
 * and nothing else there; the exit status is 0 for a valid config, 1 otherwise.
 * A bad flag prints a message and the usage on stderr and exits 1, as
 * keepalived does.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "daemon/supervisor.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"

#define VIGILD_DEFAULT_CONF	   "/etc/vigil/vigil.conf"
#define VIGILD_DEFAULT_PID	   "/run/vigild.pid"
#define VIGILD_DEFAULT_VRRP_PID	   "/run/vigild-vrrp.pid"
#define VIGILD_DEFAULT_CHECKER_PID "/run/vigild-checker.pid"

enum { OPT_SIGNUM = 256 };

static const struct option vigild_longopts[] = {
    {"use-file", required_argument, NULL, 'f'},
    {"vrrp", no_argument, NULL, 'P'},
    {"check", no_argument, NULL, 'C'},
    {"dont-fork", no_argument, NULL, 'n'},
    {"log-console", no_argument, NULL, 'l'},
    {"log-detail", no_argument, NULL, 'D'},
    {"log-facility", required_argument, NULL, 'S'},
    {"config-test", no_argument, NULL, 't'},
    {"dump-conf", no_argument, NULL, 'd'},
    {"pid", required_argument, NULL, 'p'},
    {"vrrp_pid", required_argument, NULL, 'r'},
    {"checkers_pid", required_argument, NULL, 'c'},
    {"config-id", required_argument, NULL, 'i'},
    {"dont-release-ipvs", no_argument, NULL, 'I'},
    {"dont-release-vrrp", no_argument, NULL, 'V'},
    {"dont-respawn", no_argument, NULL, 'R'},
    {"version", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"signum", required_argument, NULL, OPT_SIGNUM},
    {NULL, 0, NULL, 0},
};

static const char vigild_shortopts[] = "f:PCnlDS:tdp:r:c:i:IVRvh";

static void vigild_usage(FILE *f)
{
	fputs(
	    "Usage: vigild [OPTION...]\n"
	    "  -f, --use-file=FILE          use this config file (default " VIGILD_DEFAULT_CONF
	    ")\n"
	    "  -P, --vrrp                   only run the VRRP subsystem\n"
	    "  -C, --check                  only run the health-checker subsystem\n"
	    "  -n, --dont-fork              do not daemonise\n"
	    "  -l, --log-console            also log to the console (stderr)\n"
	    "  -D, --log-detail             detailed (debug) log messages\n"
	    "  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
	    "                               syslog facility (default daemon)\n"
	    "  -t, --config-test            check the config, print every error, exit 0 if valid\n"
	    "  -d, --dump-conf              print the normalised config (with -t: then exit)\n"
	    "  -p, --pid=FILE               pid file of the parent (default " VIGILD_DEFAULT_PID
	    ")\n"
	    "  -r, --vrrp_pid=FILE          pid file of the VRRP process\n"
	    "                               (default " VIGILD_DEFAULT_VRRP_PID ")\n"
	    "  -c, --checkers_pid=FILE      pid file of the checker process\n"
	    "                               (default " VIGILD_DEFAULT_CHECKER_PID ")\n"
	    "  -i, --config-id=ID           config id for @ID lines (default: short host name)\n"
	    "  -I, --dont-release-ipvs      keep the IPVS table when stopping\n"
	    "  -V, --dont-release-vrrp      keep the VIPs and routes when stopping\n"
	    "  -R, --dont-respawn           do not restart a child that dies (vigild stops)\n"
	    "      --signum=SIGFUNC         print the signal number of RELOAD, STOP, DATA,\n"
	    "                               STATS or JSON and exit\n"
	    "  -v, --version                print the version and exit\n"
	    "  -h, --help                   print this help and exit\n",
	    f);
}

/* keepalived's --signum names; JSON is computed at run time (SIGRTMIN varies). */
static int vigild_signum(const char *name)
{
	if (strcmp(name, "RELOAD") == 0)
		return SIGHUP;
	if (strcmp(name, "STOP") == 0)
		return SIGTERM;
	if (strcmp(name, "DATA") == 0)
		return SIGUSR1;
	if (strcmp(name, "STATS") == 0)
		return SIGUSR2;
	if (strcmp(name, "JSON") == 0)
		return SIGRTMIN + 2;
	return -1;
}

/* -t: diagnostics on stderr, with -d the normalised config on stdout. */
static int vigild_config_test(const struct supervisor_opts *o)
{
	struct conf_load_opts lo = {.config_id = o->config_id};
	struct conf_errs errs;
	struct conf *c;
	int rc = 1;

	conf_errs_init(&errs);
	c = conf_load(o->conf_file, &lo, &errs);
	conf_errs_print(&errs, stderr);
	if (c && errs.nerr == 0) {
		rc = 0;
		if (o->dump_conf) {
			struct strbuf b;

			strbuf_init(&b);
			conf_print(&b, c);
			if (b.len)
				fwrite(b.s, 1, b.len, stdout);
			strbuf_free(&b);
		}
	}
	conf_free(c);
	conf_errs_free(&errs);
	if (fflush(stdout) != 0)
		rc = 1;
	return rc;
}

int main(int argc, char **argv)
{
	struct supervisor_opts o = {
	    .conf_file = VIGILD_DEFAULT_CONF,
	    .pid_file = VIGILD_DEFAULT_PID,
	    .vrrp_pid_file = VIGILD_DEFAULT_VRRP_PID,
	    .checker_pid_file = VIGILD_DEFAULT_CHECKER_PID,
	    .facility = LOG_DAEMON,
	};
	struct conf_load_opts lo = {0};
	struct conf_errs errs;
	struct conf *c;
	bool config_test = false;
	int ch, sig;

	while ((ch = getopt_long(argc, argv, vigild_shortopts, vigild_longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o.conf_file = optarg;
			break;
		case 'P':
			o.vrrp_only = true;
			break;
		case 'C':
			o.check_only = true;
			break;
		case 'n':
			o.dont_fork = true;
			break;
		case 'l':
			o.log_console = true;
			break;
		case 'D':
			o.log_detail = true;
			break;
		case 'S':
			if (log_facility_parse(optarg, &o.facility) != 0) {
				fprintf(stderr, "vigild: invalid log facility '%s'\n", optarg);
				return 1;
			}
			break;
		case 't':
			config_test = true;
			break;
		case 'd':
			o.dump_conf = true;
			break;
		case 'p':
			o.pid_file = optarg;
			break;
		case 'r':
			o.vrrp_pid_file = optarg;
			break;
		case 'c':
			o.checker_pid_file = optarg;
			break;
		case 'i':
			o.config_id = optarg;
			break;
		case 'I':
			o.dont_release_ipvs = true;
			break;
		case 'V':
			o.dont_release_vrrp = true;
			break;
		case 'R':
			o.dont_respawn = true;
			break;
		case 'v':
			printf("%s\n", PACKAGE_STRING);
			return 0;
		case 'h':
			vigild_usage(stdout);
			return 0;
		case OPT_SIGNUM:
			sig = vigild_signum(optarg);
			if (sig < 0) {
				fprintf(stderr, "vigild: unknown signal function '%s'\n", optarg);
				return 1;
			}
			printf("%d\n", sig);
			return 0;
		default: /* getopt_long printed what was wrong */
			vigild_usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vigild: unexpected argument '%s'\n", argv[optind]);
		vigild_usage(stderr);
		return 1;
	}

	if (config_test)
		return vigild_config_test(&o);

	log_init("vigild", o.facility, o.log_console, o.log_detail);
	lo.config_id = o.config_id;
	conf_errs_init(&errs);
	c = conf_load(o.conf_file, &lo, &errs);
	conf_errs_print(&errs, stderr);
	if (!o.log_console) { /* the console already showed them */
		for (size_t i = 0; i < errs.n; i++) {
			char *s = conf_diag_str(&errs.v[i]);

			log_warnx("%s", s);
			free(s);
		}
	}
	if (c && errs.nerr > 0) { /* any error makes the config invalid */
		conf_free(c);
		c = NULL;
	}
	conf_errs_free(&errs);
	if (!c) {
		log_warnx("invalid configuration in %s, not starting", o.conf_file);
		return 1;
	}
	if (o.dump_conf) {
		struct strbuf b;

		strbuf_init(&b);
		conf_print(&b, c);
		if (b.len)
			fwrite(b.s, 1, b.len, stdout);
		strbuf_free(&b);
		fflush(stdout);
	}
	return supervisor_run(&o, c);
}
