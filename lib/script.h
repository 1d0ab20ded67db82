/*
 * script: run the external programs of a configuration (MISC_CHECK,
 * notify_up/notify_down, quorum_up/quorum_down, and the VRRP notify scripts
 * and vrrp_script once they move here) on a libev loop.
 *
 * A command string is split into words the way keepalived does (blanks
 * separate words; single or double quotes group; no other shell syntax) and
 * exec'd directly: there is no shell unless the command names one
 * ("/bin/sh -c '...'").  Extra arguments are appended after the command's
 * own words.  The child runs in its own process group with stdin, stdout and
 * stderr on /dev/null, an empty signal mask and default dispositions, no
 * other fds, and, when a user is resolved, with that user's uid, gid and
 * supplementary groups (setgroups/setgid/setuid before exec).
 *
 * A timeout kills the whole process group (SIGKILL): a script that hangs
 * cannot leave children behind.  The result says how it ended.
 *
 * struct script_queue runs the commands pushed to it one at a time, in
 * order (the notify scripts of one real server or one VRRP instance are
 * never concurrent).
 */
#ifndef VIGIL_SCRIPT_H
#define VIGIL_SCRIPT_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum script_end {
	SCRIPT_EXITED,	 /* code = exit status */
	SCRIPT_SIGNALED, /* code = signal number */
	SCRIPT_TIMEDOUT, /* killed (the group) by the timeout */
	SCRIPT_FAILED,	 /* could not start: code = errno (fork, exec, unknown user) */
};
const char *script_end_str(enum script_end e);

struct script_result {
	enum script_end end;
	int code;
	double elapsed_ms;
};

/* Who runs it: NULL user = the default set by script_set_default_user(). */
struct script_opts {
	const char *user, *group; /* names (or numbers) */
	double timeout_s;	  /* 0: none */
	const char *const *args;  /* extra arguments appended, may be NULL */
	size_t nargs;
};

typedef void (*script_done_cb)(const struct script_result *res, void *arg);

struct script_run;

/* Start cmd; done is called once when it ended (never from inside
 * script_start(): a failure to start is reported from the loop).  Returns
 * NULL only when cmd has no words (nothing started, no callback). */
struct script_run *script_start(struct ev_loop *loop, const char *cmd, const struct script_opts *o,
				script_done_cb done, void *arg);
/* Kill the process group now (SIGKILL) and forget it: no callback. */
void script_cancel(struct script_run *s);
pid_t script_pid(const struct script_run *s);

/* The user scripts run as when they name none (global script_user /
 * script_group; NULL: the current user).  -1 when the user or group does
 * not exist (logged). */
int script_set_default_user(const char *user, const char *group);
/* The configuration's rule (global script_user / script_group): the user
 * named, else keepalived_script when that user exists, else the current
 * user (root); an unknown user is logged and root used.  Returns the user
 * now in force (NULL: the current user). */
const char *script_set_config_user(const char *user, const char *group);
/* The same rule, applied when the next script starts: a process with many
 * reloads and no script never looks the users up (NSS can be slow). */
void script_set_config_user_later(const char *user, const char *group);

/* Split cmd into words (keepalived's rules above).  Returns a NULL-terminated
 * malloc'd vector (free with script_argv_free), NULL on unbalanced quotes. */
char **script_split(const char *cmd, size_t *argc);
void script_argv_free(char **argv);

/* Ordered queue: one command at a time. */
struct script_queue_item;
struct script_queue {
	struct ev_loop *loop;
	char *name; /* for logs: "[vs 192.0.2.100:80 rs 198.51.100.1:80]" */
	struct script_queue_item *head, *tail;
	struct script_run *running;
	unsigned long started, failed;
};
void script_queue_init(struct script_queue *q, struct ev_loop *loop, const char *name);
/* Copy cmd and the options (args too); run it after the ones queued before. */
void script_queue_push(struct script_queue *q, const char *cmd, const struct script_opts *o);
/* Drop what is queued (returns how many) and send sig (0: none) to the
 * running command's process group; it is then killed (SIGKILL) at the
 * latest grace_s from now (0: its own timeout stays).  The queue stays
 * usable: what is pushed next runs after the running one ended. */
size_t script_queue_flush(struct script_queue *q, int sig, double grace_s);
/* Something runs or waits in q. */
bool script_queue_busy(const struct script_queue *q);
/* Block, without running the loop, until q is empty or ev_time() reaches
 * `until`: each command's end is reaped here (waitpid) and reported as
 * usual, the next one started; a command past its own timeout, or every
 * one at `until`, is killed with its group (what is still queued then is
 * dropped).  For the end of a process, after its loop stopped.  True when
 * everything ran before `until`. */
bool script_queue_wait(struct script_queue *q, double until);
/* Drop what is queued; the running one is left to finish (its result is
 * logged) unless kill is true. */
void script_queue_fini(struct script_queue *q, bool kill);

#endif
