/*
 * checker_proc: the entry point of the checker process (the vigild-checker
 * program).  The health checkers and the IPVS reconcile plug in here:
 * checker_proc_main() receives the validated config, runs the process's libev
 * loop and applies every config snapshot the supervisor sends on a reload.
 */
#ifndef VIGIL_CHECKER_PROC_H
#define VIGIL_CHECKER_PROC_H

#include "lib/conf.h"
#include "lib/proc.h"

struct checker_proc_opts {
	bool dont_release; /* -I: keep the IPVS table on exit */
};

/* Run the checker process with `conf` (ownership passes: a reload frees it)
 * and the framed channel to the supervisor on fd.  Returns the exit status
 * (0 after SIGTERM/SIGINT). */
int checker_proc_main(struct conf *conf, int fd, const struct checker_proc_opts *opts);

#endif
