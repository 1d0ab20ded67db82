/*
 * vrrp_fifo: a notify FIFO of the VRRP process (notify_fifo,
 * vrrp_notify_fifo), as keepalived keeps them: the FIFO is made (mode 0600,
 * or owned by the configured user/group) when it does not exist, and
 * removed again at close only if we made it; it is opened read-write and
 * non-blocking, so opening never waits for a reader and a reader that goes
 * away never blocks or signals the process: a line that does not fit
 * (EAGAIN: nobody reads) or cannot be written is counted and dropped.  Each
 * line is one write() of less than PIPE_BUF bytes, so lines from several
 * writers never interleave.
 *
 * The optional script (notify_fifo_script) is started once the FIFO is open,
 * with the FIFO's path as its last argument (lib/script: its own process
 * group, its user/group); when the FIFO is closed it gets SIGTERM, and
 * SIGKILL if it is still there half a second later.
 */
#ifndef VIGIL_VRRP_FIFO_H
#define VIGIL_VRRP_FIFO_H

#include <ev.h>
#include <stdbool.h>
#include <sys/types.h>

#include "vrrp/vrrp_notify.h"

struct conf_fifo;
struct script_run;

struct vrrp_fifo {
	struct ev_loop *loop;
	char *path;		/* NULL: not configured */
	struct vrrp_cmd script; /* script.cmd NULL: none */
	char *user, *group;	/* the FIFO's owner as configured */
	int fd;			/* -1: not open */
	bool created;		/* we made it: unlink at close */
	struct script_run *run; /* the script, NULL: not running */
	unsigned long lines, dropped;
};

void vrrp_fifo_init(struct vrrp_fifo *f, struct ev_loop *loop);
/* Same path, owner and script as c (nothing to do on reload). */
bool vrrp_fifo_same(const struct vrrp_fifo *f, const struct conf_fifo *c);
/* Close what f had, then open c's FIFO and start its script (c->path NULL:
 * stay closed).  Failures are logged; f then stays closed. */
void vrrp_fifo_open(struct vrrp_fifo *f, const struct conf_fifo *c);
/* Write one line (the newline is added). */
void vrrp_fifo_write(struct vrrp_fifo *f, const char *line);
/* SIGTERM to the script, close, unlink when we made it. */
void vrrp_fifo_close(struct vrrp_fifo *f);

#endif
