/*
 * proc: child processes and the framed messages between them and vigild.
 *
 *   proc_spawn()       socketpair + fork + PR_SET_PDEATHSIG + exec: the child
 *                      gets its end of the socketpair as fd 3, an empty signal
 *                      mask and default signal dispositions, no other fds.
 *   struct proc_chan   a non-blocking stream of frames over a socket, driven
 *                      by two libev io watchers: partial reads are kept until
 *                      a frame is whole, writes are queued and flushed when
 *                      the socket is writable.  A frame is an 8-byte header
 *                      (payload length, type; both 32-bit big-endian) and the
 *                      payload (at most PROC_MSG_MAX bytes).
 *   struct proc_child  the skeleton of a child's main loop: its channel to
 *                      vigild, SIGTERM/SIGINT (clean exit 0), SIGHUP (ignored:
 *                      reloads come as CONF frames), the dump signals
 *                      (SIGUSR1, SIGUSR2, SIGRTMIN+2) and the loss of the
 *                      supervisor (exit 1).
 *   proc_pidfile_*()   pid files written atomically, and the check whether a
 *                      pid file names a live vigild process.
 *   proc_backoff_*()   the restart back-off (pure).
 *
 * No config knowledge here: a CONF frame carries config text that the
 * receiver parses itself.
 */
#ifndef VIGIL_PROC_H
#define VIGIL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <ev.h>

enum proc_msg_type {
	PROC_MSG_CONF = 1,   /* vigild -> child: the normalised config text */
	PROC_MSG_STATUS = 2, /* child -> vigild: one line of status text */
	PROC_MSG_DUMP = 3,   /* vigild -> child: "SIGNUM"; child -> vigild: "SIGNUM\n" + text */
};
const char *proc_msg_type_str(uint32_t type);

#define PROC_MSG_HDR 8u
#define PROC_MSG_MAX (64u << 20)
/* The fd a spawned child finds its end of the socketpair on. */
#define PROC_CHILD_FD 3

struct proc_chan;
/* One whole frame.  The callback may close the channel. */
typedef void (*proc_msg_cb)(struct proc_chan *ch, uint32_t type, const char *data, size_t len);
/* The peer closed the stream or an I/O error happened; the channel is already closed. */
typedef void (*proc_close_cb)(struct proc_chan *ch);

struct proc_chan {
	struct ev_loop *loop;
	int fd; /* -1 when closed */
	ev_io rio, wio;
	char *rbuf;
	size_t rlen, rcap;
	char *wbuf;
	size_t wlen, woff, wcap;
	proc_msg_cb on_msg;
	proc_close_cb on_close;
	void *arg;
	unsigned *closed_flag; /* set while dispatching, to notice a close from a callback */
};

/* Take over fd (made non-blocking) and start reading. */
void proc_chan_init(struct proc_chan *ch, struct ev_loop *loop, int fd, proc_msg_cb on_msg,
		    proc_close_cb on_close, void *arg);
bool proc_chan_is_open(const struct proc_chan *ch);
/* Queue one frame; -1 (channel closed, or the frame too big) on failure. */
int proc_chan_send(struct proc_chan *ch, uint32_t type, const void *data, size_t len);
/* Bytes queued and not written yet. */
size_t proc_chan_pending(const struct proc_chan *ch);
/* Stop the watchers, close the fd, free the buffers (no callback).  Idempotent. */
void proc_chan_close(struct proc_chan *ch);

/* Blocking read of one whole frame from fd, waiting at most timeout_ms.
 * 0 and *data (malloc'd, NUL-terminated, caller frees) on success; -1 on
 * timeout, EOF, error or a bad header. */
int proc_read_frame(int fd, int timeout_ms, uint32_t *type, char **data, size_t *len);

/* Fork and exec path with argv.  *fd receives the parent's end of a socketpair
 * whose other end the child has as PROC_CHILD_FD.  The child dies with SIGTERM
 * when the parent dies.  Returns the pid, or -1 (errno set). */
pid_t proc_spawn(const char *path, char *const argv[], int *fd);

/* Restart back-off of a child: 1 s, doubling with each quick death up to
 * 60 s, back to 1 s once the child ran 60 s.  Pure. */
#define PROC_BACKOFF_MIN  1u
#define PROC_BACKOFF_MAX  60u
#define PROC_BACKOFF_GOOD 60.0
struct proc_backoff {
	unsigned next; /* s: the delay of the next quick death */
};
void proc_backoff_init(struct proc_backoff *b);
/* The child died after running `ran` seconds (0 when it could not start):
 * the delay (s) before restarting it. */
unsigned proc_backoff_next(struct proc_backoff *b, double ran);

/* Write pid to path atomically (temporary file + rename).  0 or -1 (errno). */
int proc_pidfile_write(const char *path, pid_t pid);
/* Remove path when it still holds pid (0: whatever it holds). */
void proc_pidfile_remove(const char *path, pid_t pid);
/* The pid a pid file names when that process is alive and its command name
 * starts with `comm_prefix` (e.g. "vigild"); 0 when the file is missing, stale
 * or names another program, or names this very process. */
pid_t proc_pidfile_live(const char *path, const char *comm_prefix);

/* ---- child side ---- */
struct proc_child;
typedef void (*proc_child_conf_cb)(struct proc_child *pc, const char *text, size_t len);
typedef void (*proc_child_signal_cb)(struct proc_child *pc, int signum);
typedef void (*proc_child_stop_cb)(struct proc_child *pc);
/* Write the text of dump signal `signum` to f (a DUMP request from vigild). */
typedef void (*proc_child_dump_cb)(struct proc_child *pc, int signum, FILE *f);

struct proc_child {
	const char *name; /* log prefix: "vrrp", "checker" */
	struct ev_loop *loop;
	struct proc_chan chan;
	ev_signal sig_term, sig_int, sig_hup, sig_usr1, sig_usr2, sig_json;
	proc_child_conf_cb on_conf;	/* a CONF frame (a reload) */
	proc_child_signal_cb on_signal; /* SIGUSR1, SIGUSR2, SIGRTMIN+2 */
	proc_child_stop_cb on_stop;	/* before a clean exit */
	proc_child_dump_cb on_dump;	/* a DUMP frame: answered with the text */
	void *arg;
	int exit_code;
};

/* Fill in a child on the default loop with its channel on fd; the callbacks
 * may be set afterwards.  proc_child_run() runs the loop until SIGTERM/SIGINT
 * (returns 0) or until the supervisor's end closes (returns 1). */
void proc_child_init(struct proc_child *pc, const char *name, int fd, void *arg);
int proc_child_run(struct proc_child *pc);
/* Send one STATUS line to the supervisor. */
void proc_child_status(struct proc_child *pc, const char *text);

#endif
