/*
 * child: the start of the vigild-vrrp and vigild-checker programs that the
 * supervisor execs.  child_start() reads the flags the supervisor passes
 * (-l, -D, -S FACILITY-CODE, --dont-release), opens the log under the
 * program's ident, and reads the first CONF frame (the normalised config) on
 * the channel at fd PROC_CHILD_FD, so that a start and a reload take the same
 * path.  Any failure exits 1; the supervisor restarts the child.
 */
#ifndef VIGIL_CHILD_H
#define VIGIL_CHILD_H

#include <stdbool.h>

#include "lib/conf.h"

struct child_args {
	int fd;		   /* the channel to the supervisor */
	bool dont_release; /* -V (VRRP) / -I (checker) of vigild */
	bool no_vrrp;	   /* -C of vigild: no VRRP process runs beside this one */
};

/* Returns the parsed first config (caller frees); exits on failure. */
struct conf *child_start(int argc, char **argv, const char *ident, struct child_args *out);
/* Parse a CONF snapshot from the supervisor, logging every diagnostic; NULL
 * when it does not load (the caller keeps its running configuration). */
struct conf *child_load_snapshot(const char *text, size_t len);

#endif
