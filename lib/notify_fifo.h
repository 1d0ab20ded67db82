/*
 * notify_fifo: a notify FIFO (notify_fifo, vrrp_notify_fifo,
 * lvs_notify_fifo) as keepalived keeps them, shared by the VRRP process
 * (vrrp/vrrp_fifo) and the checker process.  No config knowledge: the
 * caller hands in the path, the owner and the script.
 *
 * The FIFO is made (mode 0600, or owned by the configured user/group) when
 * it does not exist, and removed again at close only if we made it; it is
 * opened read-write and non-blocking, so opening never waits for a reader
 * and a reader that goes away never blocks or signals the process: a line
 * that does not fit (EAGAIN: nobody reads) or cannot be written is counted
 * and dropped.  Each line is one write() of less than PIPE_BUF bytes, so
 * lines from several writers (both processes on the global notify_fifo)
 * never interleave.
 *
 * The optional script is started once the FIFO is open, with the FIFO's
 * path as its last argument (lib/script: its own process group, its
 * user/group); when the FIFO is closed it gets SIGTERM, and SIGKILL if it
 * is still there half a second later.
 */
#ifndef VIGIL_LIB_NOTIFY_FIFO_H
#define VIGIL_LIB_NOTIFY_FIFO_H

#include <ev.h>
#include <stdbool.h>

struct script_run;

/* What to open (every field may be NULL; path NULL: nothing). */
struct notify_fifo_conf {
	const char *path, *user, *group;	/* the FIFO and its owner */
	const char *cmd, *cmd_user, *cmd_group; /* the script reading it */
};

/* May the script run (script security)?  what: "notify FIFO PATH". */
typedef bool (*notify_fifo_allowed_fn)(const char *cmd, const char *user, const char *group,
				       const char *what);

struct notify_fifo {
	struct ev_loop *loop;
	char *path; /* NULL: not configured */
	char *user, *group;
	char *cmd, *cmd_user, *cmd_group;
	int fd;			/* -1: not open */
	bool created;		/* we made it: unlink at close */
	struct script_run *run; /* the script, NULL: not running */
	unsigned long lines, dropped;
};

void notify_fifo_init(struct notify_fifo *f, struct ev_loop *loop);
/* Same path, owner and script as c (nothing to do on reload). */
bool notify_fifo_same(const struct notify_fifo *f, const struct notify_fifo_conf *c);
/* Close what f had, then open c's FIFO and start its script (c->path NULL:
 * stay closed; allowed NULL: any script may run).  Failures are logged; f
 * then stays closed. */
void notify_fifo_open(struct notify_fifo *f, const struct notify_fifo_conf *c,
		      notify_fifo_allowed_fn allowed);
/* Write one line (the newline is added). */
void notify_fifo_write(struct notify_fifo *f, const char *line);
/* SIGTERM to the script, close, unlink when we made it. */
void notify_fifo_close(struct notify_fifo *f);

#endif
