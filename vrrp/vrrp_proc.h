/*
 * vrrp_proc: the entry point of the VRRP process (the vigild-vrrp program).
 * The VRRP subsystem plugs in here: vrrp_proc_main() receives the validated
 * config, runs the process's libev loop and applies every config snapshot the
 * supervisor sends on a reload.
 */
#ifndef VIGIL_VRRP_PROC_H
#define VIGIL_VRRP_PROC_H

#include "lib/conf.h"
#include "lib/proc.h"

struct vrrp_proc_opts {
	bool dont_release; /* -V: keep VIPs and routes on exit */
};

/* Run the VRRP process with `conf` and the framed channel to the supervisor
 * on fd.  Returns the exit status (0 after SIGTERM/SIGINT). */
int vrrp_proc_main(const struct conf *conf, int fd, const struct vrrp_proc_opts *opts);

#endif
