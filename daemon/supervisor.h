/*
 * supervisor: the vigild parent process.  It owns the running config (kept
 * as its snapshot text; the model is freed once that is made), the pid
 * files and the signals, forks the VRRP and checker processes (lib/proc), and
 * restarts a child that dies with a back-off (1 s doubling to 60 s, reset after
 * 60 s of good running).  SIGHUP reloads: the whole config is read and
 * validated again; an invalid one is logged with every file:line:col and
 * changes nothing; a valid one is sent as a snapshot (conf_print_snapshot) to each running
 * child, and children are started or stopped as the new config needs them.
 * SIGTERM/SIGINT stop the children (SIGTERM, then SIGKILL after a bound) and
 * exit 0.  SIGUSR1, SIGUSR2 and SIGRTMIN+2 are forwarded to the children.
 */
#ifndef VIGIL_SUPERVISOR_H
#define VIGIL_SUPERVISOR_H

#include <stdbool.h>

#include "lib/conf.h"

/* Command line of vigild (daemon/vigild.c fills it). */
struct supervisor_opts {
	const char *conf_file;
	const char *pid_file;
	const char *vrrp_pid_file;
	const char *checker_pid_file;
	const char *config_id; /* NULL: short host name */
	int facility;
	bool vrrp_only;	 /* -P */
	bool check_only; /* -C */
	bool dont_fork;	 /* -n */
	bool log_console;
	bool log_detail;
	bool dump_conf;
	bool dont_release_ipvs; /* -I: handed to the checker process */
	bool dont_release_vrrp; /* -V: handed to the VRRP process */
	bool dont_respawn;	/* -R: a child that dies stops vigild */
};

/* Run the supervisor with an already loaded and validated config (ownership
 * passes to the supervisor).  Daemonises unless dont_fork.  Returns the
 * process exit status. */
int supervisor_run(const struct supervisor_opts *opts, struct conf *conf);

#endif
