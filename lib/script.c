/*
 * script: run external programs on a libev loop (the contract is in
 * script.h).
 *
 * How it works.  script_start() splits the command (script_split), finds
 * the program (a word without '/' is looked up in PATH here, in the parent,
 * so the child only calls async-signal-safe functions), resolves the user
 * (getpwnam/getgrnam/getgrouplist, also in the parent), makes a close-on-exec
 * pipe and forks.  The child puts itself in its own process group, resets
 * the signal mask and dispositions, puts /dev/null on fds 0-2, closes every
 * other fd but the pipe, switches user (setgroups, setgid, setuid) and
 * execs; if any step fails it writes the errno to the pipe and _exits 127.
 * A successful exec closes the pipe, so when the ev_child watcher reports
 * the child's end, a non-blocking read of the pipe tells "could not start"
 * (errno there) from "exited".  The timeout (ev_timer) sends SIGKILL to the
 * process group; the child's end is then reported as SCRIPT_TIMEDOUT.
 * script_cancel() kills the group and frees everything at once: the zombie
 * is reaped by libev's own SIGCHLD handler (it reaps every child), so the
 * loop must be the default loop (ev_child works only there).
 *
 * A start that fails before fork (unknown user, no such program, fork
 * failure) is reported from a zero-delay timer, never from inside
 * script_start().
 *
 * The queue keeps a FIFO of copied commands and runs the head when nothing
 * runs; each result is logged with the queue's name.  A queue freed while a
 * command runs leaves it a small context (the name and the command) so the
 * result can still be logged.
 */
#include "config.h"

#include "lib/script.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/util.h"

extern char **environ;

#define SCRIPT_MAX_GROUPS 256

static const char *const script_end_names[] = {
    [SCRIPT_EXITED] = "exited",
    [SCRIPT_SIGNALED] = "signaled",
    [SCRIPT_TIMEDOUT] = "timed out",
    [SCRIPT_FAILED] = "failed to start",
};

const char *script_end_str(enum script_end e)
{
	if ((unsigned)e < sizeof(script_end_names) / sizeof(script_end_names[0]))
		return script_end_names[e];
	return "?";
}

/* Who a child runs as.  set false: the current user, nothing changed. */
struct script_cred {
	bool set;
	uid_t uid;
	gid_t gid;
	int ngroups;
	gid_t groups[SCRIPT_MAX_GROUPS];
};

static struct script_cred script_default_cred;
/* script_set_config_user_later(): the rule to apply at the next script start. */
static struct {
	bool pending;
	char *user, *group;
} script_later;

/* A MISC_CHECK with a bad user or program fails every delay_loop: its
 * start errors are logged at most 10 per minute. */
static struct log_rl script_start_rl = LOG_RL_INIT(60, 10);

struct script_run {
	struct ev_loop *loop;
	ev_child child;
	ev_timer timer; /* the timeout, or the zero-delay report of a failed start */
	pid_t pid;
	int errfd; /* read end of the exec-error pipe, -1 when closed */
	bool timed_out;
	int start_errno; /* != 0: not started, reported from the timer */
	double t0;
	double kill_at; /* ev_time() of the SIGKILL (timeout), 0: none */
	script_done_cb done;
	void *arg;
};

/* ---- word splitting ---------------------------------------------------- */

static bool script_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char **script_split(const char *cmd, size_t *argc)
{
	size_t n = 0, cap = 4;
	char **v = xcalloc(cap + 1, sizeof(*v));
	const char *p = cmd ? cmd : "";

	for (;;) {
		struct strbuf w;

		while (script_blank(*p))
			p++;
		if (*p == '\0')
			break;
		strbuf_init(&w);
		/* A word: bare text and quoted parts joined until a blank outside
		 * quotes ("a'b c'd" is one word "ab cd").  strbuf_add of 0 bytes
		 * keeps an empty quoted word ('') a word. */
		strbuf_add(&w, "", 0);
		while (*p && !script_blank(*p)) {
			if (*p == '\'' || *p == '"') {
				const char q = *p++;
				const char *e = strchr(p, q);

				if (!e) {
					strbuf_free(&w);
					for (size_t i = 0; i < n; i++)
						free(v[i]);
					free(v);
					return NULL;
				}
				strbuf_add(&w, p, (size_t)(e - p));
				p = e + 1;
			} else {
				strbuf_putc(&w, *p++);
			}
		}
		if (n == cap) {
			cap *= 2;
			v = xrealloc(v, (cap + 1) * sizeof(*v));
		}
		v[n++] = strbuf_steal(&w);
		v[n] = NULL;
	}
	if (argc)
		*argc = n;
	return v;
}

void script_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

/* ---- users --------------------------------------------------------------- */

static int script_lookup_group(const char *group, gid_t *gid)
{
	struct group *gr;
	long long n;

	errno = 0;
	gr = getgrnam(group);
	if (gr) {
		*gid = gr->gr_gid;
		return 0;
	}
	if (util_parse_ll(group, 0, (long long)INT_MAX, &n) == 0) {
		*gid = (gid_t)n;
		return 0;
	}
	return -1;
}

/* Fill c for user (name or number) and group (NULL: the user's).  -1 and
 * logged when one does not exist. */
static int script_cred_resolve(const char *user, const char *group, struct script_cred *c)
{
	struct passwd *pw;
	const char *name = NULL;
	long long n;
	int ng;

	memset(c, 0, sizeof(*c));
	errno = 0;
	pw = getpwnam(user);
	if (!pw && util_parse_ll(user, 0, (long long)INT_MAX, &n) == 0) {
		pw = getpwuid((uid_t)n);
		if (!pw) {
			/* a bare uid without a passwd entry: its gid is the uid's */
			c->uid = (uid_t)n;
			c->gid = (gid_t)n;
		}
	}
	if (pw) {
		c->uid = pw->pw_uid;
		c->gid = pw->pw_gid;
		name = pw->pw_name;
	} else if (util_parse_ll(user, 0, (long long)INT_MAX, &n) != 0) {
		if (log_ratelimit(&script_start_rl))
			log_warnx("script: unknown user '%s'", user);
		return -1;
	}
	if (group && script_lookup_group(group, &c->gid) != 0) {
		if (log_ratelimit(&script_start_rl))
			log_warnx("script: unknown group '%s'", group);
		return -1;
	}
	c->ngroups = 1;
	c->groups[0] = c->gid;
	if (name) {
		ng = SCRIPT_MAX_GROUPS;
		if (getgrouplist(name, c->gid, c->groups, &ng) >= 0)
			c->ngroups = ng;
		else
			c->ngroups = SCRIPT_MAX_GROUPS; /* truncated: the first ones */
	}
	c->set = true;
	return 0;
}

int script_set_default_user(const char *user, const char *group)
{
	struct script_cred c;

	if (!user) {
		memset(&script_default_cred, 0, sizeof(script_default_cred));
		return 0;
	}
	if (script_cred_resolve(user, group, &c) != 0)
		return -1;
	script_default_cred = c;
	return 0;
}

/* ---- starting a child ---------------------------------------------------- */

/* The program to exec: argv0 itself when it has a '/', else the first
 * executable file of that name in PATH.  NULL with errno set. */
static char *script_find_program(const char *argv0)
{
	const char *path = getenv("PATH");
	int err = ENOENT;

	if (strchr(argv0, '/'))
		return xstrdup(argv0);
	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		char *cand =
		    len ? xasprintf("%.*s/%s", (int)len, path, argv0) : xasprintf("./%s", argv0);

		if (access(cand, X_OK) == 0)
			return cand;
		if (errno == EACCES)
			err = EACCES;
		free(cand);
		path += len;
		if (*path == ':')
			path++;
	}
	errno = err;
	return NULL;
}

static int script_close_from(int lo, int hi)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lo, (unsigned)hi, 0u) == 0)
		return 0;
#endif
	for (int fd = lo; fd <= hi && fd < 65536; fd++)
		close(fd);
	return 0;
}

/* In the child: only async-signal-safe calls. */
static __attribute__((noreturn)) void script_child(const char *prog, char *const argv[],
						   const struct script_cred *c, int errfd)
{
	struct sigaction sa;
	sigset_t set;
	int err, fd;

	setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL); /* fails harmlessly for KILL/STOP and gaps */
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		goto fail;
	if (errfd <= 2) { /* keep it out of the way of 0-2 */
		int nfd = fcntl(errfd, F_DUPFD_CLOEXEC, 3);

		if (nfd < 0)
			goto fail;
		errfd = nfd;
	}
	for (int i = 0; i <= 2; i++)
		if (fd != i && dup2(fd, i) < 0)
			goto fail;
	/* everything else goes: [3, errfd) and (errfd, max] */
	if (errfd > 3)
		script_close_from(3, errfd - 1);
	script_close_from(errfd + 1, INT_MAX);

	if (c->set) {
		if (setgroups((size_t)c->ngroups, c->groups) != 0 || setgid(c->gid) != 0 ||
		    setuid(c->uid) != 0)
			goto fail;
	}
	execve(prog, argv, environ);
fail:
	err = errno;
	if (write(errfd, &err, sizeof(err)) < 0) {
		/* nothing else to do */
	}
	_exit(127);
}

static void script_finish(struct script_run *s, const struct script_result *r)
{
	script_done_cb done = s->done;
	void *arg = s->arg;

	ev_child_stop(s->loop, &s->child);
	ev_timer_stop(s->loop, &s->timer);
	if (s->errfd >= 0)
		close(s->errfd);
	free(s);
	done(r, arg);
}

static void script_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct script_run *s =
	    (struct script_run *)((char *)w - offsetof(struct script_run, child));
	struct script_result r = {.elapsed_ms = (ev_time() - s->t0) * 1000.0};
	int err;

	(void)loop;
	(void)revents;
	if (read(s->errfd, &err, sizeof(err)) == (ssize_t)sizeof(err)) {
		r.end = SCRIPT_FAILED;
		r.code = err;
	} else if (s->timed_out) {
		r.end = SCRIPT_TIMEDOUT;
		r.code = WIFSIGNALED(w->rstatus) ? WTERMSIG(w->rstatus) : SIGKILL;
	} else if (WIFSIGNALED(w->rstatus)) {
		r.end = SCRIPT_SIGNALED;
		r.code = WTERMSIG(w->rstatus);
	} else {
		r.end = SCRIPT_EXITED;
		r.code = WEXITSTATUS(w->rstatus);
	}
	script_finish(s, &r);
}

static void script_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct script_run *s =
	    (struct script_run *)((char *)w - offsetof(struct script_run, timer));

	(void)loop;
	(void)revents;
	if (s->start_errno) {
		struct script_result r = {.end = SCRIPT_FAILED, .code = s->start_errno};

		script_finish(s, &r);
		return;
	}
	/* the timeout: kill the group, report when the leader is reaped */
	s->timed_out = true;
	if (kill(-s->pid, SIGKILL) != 0)
		kill(s->pid, SIGKILL);
}

struct script_run *script_start(struct ev_loop *loop, const char *cmd, const struct script_opts *o,
				script_done_cb done, void *arg)
{
	static const struct script_opts none;
	struct script_cred cred;
	const struct script_cred *c;
	struct script_run *s;
	char **words, **argv = NULL, *prog = NULL;
	size_t nw;
	int pfd[2] = {-1, -1};

	if (script_later.pending) {
		script_later.pending = false;
		(void)script_set_config_user(script_later.user, script_later.group);
	}
	c = &script_default_cred;

	if (!o)
		o = &none;
	words = script_split(cmd, &nw);
	if (!words || nw == 0) {
		if (!words)
			log_warnx("script: unbalanced quotes in '%s'", cmd ? cmd : "");
		script_argv_free(words);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->loop = loop;
	s->done = done;
	s->arg = arg;
	s->errfd = -1;
	s->t0 = ev_time();
	ev_child_init(&s->child, script_child_cb, 0, 0);
	ev_timer_init(&s->timer, script_timer_cb, 0., 0.);

	argv = xcalloc(nw + o->nargs + 1, sizeof(*argv));
	for (size_t i = 0; i < nw; i++)
		argv[i] = words[i];
	for (size_t i = 0; i < o->nargs; i++)
		argv[nw + i] = (char *)o->args[i];

	if (o->user) {
		if (script_cred_resolve(o->user, o->group, &cred) != 0) {
			s->start_errno = ESRCH;
			goto report;
		}
		c = &cred;
	}
	prog = script_find_program(argv[0]);
	if (!prog) {
		s->start_errno = errno;
		if (log_ratelimit(&script_start_rl))
			log_warnx("script: cannot find '%s' in PATH", argv[0]);
		goto report;
	}
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		s->start_errno = errno;
		log_warn("script: pipe");
		goto report;
	}
	s->pid = fork();
	if (s->pid < 0) {
		s->start_errno = errno;
		log_warn("script: fork");
		close(pfd[0]);
		close(pfd[1]);
		goto report;
	}
	if (s->pid == 0)
		script_child(prog, argv, c, pfd[1]);
	/* either side may win the race to make the group */
	setpgid(s->pid, s->pid);
	close(pfd[1]);
	s->errfd = pfd[0];
	fcntl(s->errfd, F_SETFL, O_NONBLOCK);
	ev_child_set(&s->child, s->pid, 0);
	ev_child_start(loop, &s->child);
	if (o->timeout_s > 0) {
		s->kill_at = s->t0 + o->timeout_s;
		ev_timer_set(&s->timer, o->timeout_s, 0.);
		ev_timer_start(loop, &s->timer);
	}
	goto out;
report:
	ev_timer_start(loop, &s->timer); /* zero delay: reported from the loop */
out:
	free(prog);
	free(argv);
	script_argv_free(words);
	return s;
}

void script_cancel(struct script_run *s)
{
	if (!s)
		return;
	if (s->pid > 0 && ev_is_active(&s->child)) {
		if (kill(-s->pid, SIGKILL) != 0)
			kill(s->pid, SIGKILL);
	}
	ev_child_stop(s->loop, &s->child);
	ev_timer_stop(s->loop, &s->timer);
	if (s->errfd >= 0)
		close(s->errfd);
	free(s);
}

pid_t script_pid(const struct script_run *s)
{
	return s ? s->pid : -1;
}

/* Send sig to the group now and make the timeout at most grace_s from now. */
static void script_signal(struct script_run *s, int sig, double grace_s)
{
	double now = ev_time();

	if (s->start_errno || s->pid <= 0)
		return;
	if (sig && kill(-s->pid, sig) != 0)
		kill(s->pid, sig);
	if (grace_s > 0 && (s->kill_at == 0 || s->kill_at > now + grace_s)) {
		s->kill_at = now + grace_s;
		ev_timer_stop(s->loop, &s->timer);
		ev_timer_set(&s->timer, grace_s, 0.);
		ev_timer_start(s->loop, &s->timer);
	}
}

/* Without the loop: reap s if it ended (block: wait for it) and report it
 * through its callback.  True when it was reported (s is freed). */
static bool script_reap(struct script_run *s, bool block)
{
	int st = 0;
	pid_t rc;

	if (s->start_errno) {
		struct script_result r = {.end = SCRIPT_FAILED, .code = s->start_errno};

		script_finish(s, &r);
		return true;
	}
	do
		rc = waitpid(s->pid, &st, block ? 0 : WNOHANG);
	while (rc < 0 && errno == EINTR);
	if (rc == s->pid) {
		s->child.rstatus = st;
	} else if (rc < 0 && ev_is_pending(&s->child)) {
		/* libev reaped it already: the status is in the watcher */
	} else if (rc < 0) {
		/* reaped by someone else: nothing more to learn */
		s->child.rstatus = 0;
	} else {
		return false;
	}
	script_child_cb(s->loop, &s->child, 0);
	return true;
}

/* ---- the ordered queue ------------------------------------------------- */

struct script_queue_item {
	struct script_queue_item *next;
	char *cmd;
	struct script_opts o; /* owned copies of user, group, args */
};

/* What a running command needs when it ends (outlives a freed queue). */
struct script_queue_ctx {
	struct script_queue *q; /* NULL: the queue was freed */
	char *name, *cmd;
};

static void script_item_free(struct script_queue_item *it)
{
	free(it->cmd);
	free((char *)it->o.user);
	free((char *)it->o.group);
	for (size_t i = 0; i < it->o.nargs; i++)
		free((char *)it->o.args[i]);
	free((void *)it->o.args);
	free(it);
}

static void script_queue_next(struct script_queue *q);

static void script_queue_done_cb(const struct script_result *r, void *arg)
{
	struct script_queue_ctx *x = arg;
	bool ok = r->end == SCRIPT_EXITED && r->code == 0;

	if (ok)
		log_debug("%s script '%s' exited 0 (%.1f ms)", x->name, x->cmd, r->elapsed_ms);
	else if (r->end == SCRIPT_FAILED)
		log_warnx("%s script '%s' %s: %s", x->name, x->cmd, script_end_str(r->end),
			  strerror(r->code));
	else
		log_warnx("%s script '%s' %s %d (%.1f ms)", x->name, x->cmd, script_end_str(r->end),
			  r->code, r->elapsed_ms);
	if (x->q) {
		x->q->running = NULL;
		if (!ok)
			x->q->failed++;
		script_queue_next(x->q);
	}
	free(x->name);
	free(x->cmd);
	free(x);
}

static void script_queue_next(struct script_queue *q)
{
	while (!q->running && q->head) {
		struct script_queue_item *it = q->head;
		struct script_queue_ctx *x;

		q->head = it->next;
		if (!q->head)
			q->tail = NULL;
		x = xcalloc(1, sizeof(*x));
		x->q = q;
		x->name = xstrdup(q->name ? q->name : "");
		x->cmd = xstrdup(it->cmd);
		q->running = script_start(q->loop, it->cmd, &it->o, script_queue_done_cb, x);
		if (q->running) {
			q->started++;
		} else {
			q->failed++;
			free(x->name);
			free(x->cmd);
			free(x);
		}
		script_item_free(it);
	}
}

void script_queue_init(struct script_queue *q, struct ev_loop *loop, const char *name)
{
	memset(q, 0, sizeof(*q));
	q->loop = loop;
	q->name = xstrdup(name ? name : "");
}

void script_queue_push(struct script_queue *q, const char *cmd, const struct script_opts *o)
{
	struct script_queue_item *it = xcalloc(1, sizeof(*it));

	it->cmd = xstrdup(cmd ? cmd : "");
	if (o) {
		it->o.user = o->user ? xstrdup(o->user) : NULL;
		it->o.group = o->group ? xstrdup(o->group) : NULL;
		it->o.timeout_s = o->timeout_s;
		if (o->nargs) {
			const char **a = xcalloc(o->nargs, sizeof(*a));

			for (size_t i = 0; i < o->nargs; i++)
				a[i] = xstrdup(o->args[i] ? o->args[i] : "");
			it->o.args = a;
			it->o.nargs = o->nargs;
		}
	}
	if (q->tail)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	script_queue_next(q);
}

/* Kill the running command's group and forget it (no result logged). */
static void script_queue_cancel_running(struct script_queue *q)
{
	struct script_queue_ctx *x = q->running->arg;

	script_cancel(q->running);
	free(x->name);
	free(x->cmd);
	free(x);
	q->running = NULL;
}

static void script_queue_drop(struct script_queue *q)
{
	struct script_queue_item *it, *next;

	for (it = q->head; it; it = next) {
		next = it->next;
		script_item_free(it);
	}
	q->head = q->tail = NULL;
}

size_t script_queue_flush(struct script_queue *q, int sig, double grace_s)
{
	size_t n = 0;

	for (const struct script_queue_item *it = q->head; it; it = it->next)
		n++;
	script_queue_drop(q);
	if (q->running)
		script_signal(q->running, sig, grace_s);
	return n;
}

bool script_queue_busy(const struct script_queue *q)
{
	return q->running || q->head;
}

bool script_queue_wait(struct script_queue *q, double until)
{
	bool late = false;

	while (q->running) {
		struct script_run *s = q->running;
		double now = ev_time();

		if (script_reap(s, false))
			continue; /* the next one (if any) started from the callback */
		if (now >= until) {
			script_queue_drop(q); /* out of time: nothing new starts */
			late = true;
		}
		if (now >= until || (s->kill_at > 0 && now >= s->kill_at)) {
			bool reaped = false;

			s->timed_out = true;
			if (kill(-s->pid, SIGKILL) != 0)
				kill(s->pid, SIGKILL);
			/* a SIGKILLed process goes at once, unless stuck in the
			 * kernel: then forget it rather than hang (s is freed once
			 * reaped and the next run may reuse its address: nothing is
			 * compared with it afterwards) */
			for (int i = 0; i < 100 && !reaped; i++) {
				reaped = script_reap(s, false);
				if (!reaped)
					usleep(10000);
			}
			if (!reaped) {
				log_warnx("%s script pid %d does not die, left behind", q->name,
					  (int)s->pid);
				script_queue_cancel_running(q);
			}
			continue;
		}
		usleep(10000);
	}
	return !late;
}

void script_queue_fini(struct script_queue *q, bool kill_running)
{
	script_queue_drop(q);
	if (q->running) {
		/* find the context through the run's callback argument */
		struct script_queue_ctx *x = q->running->arg;

		if (kill_running) {
			script_queue_cancel_running(q);
		} else {
			x->q = NULL;
			q->running = NULL;
		}
	}
	free(q->name);
	q->name = NULL;
}

void script_set_config_user_later(const char *user, const char *group)
{
	free(script_later.user);
	free(script_later.group);
	script_later.user = user ? xstrdup(user) : NULL;
	script_later.group = group ? xstrdup(group) : NULL;
	script_later.pending = true;
}

const char *script_set_config_user(const char *user, const char *group)
{
	if (!user && getpwnam("keepalived_script"))
		user = "keepalived_script";
	if (script_set_default_user(user, user ? group : NULL) != 0) {
		log_warnx("script_user %s: unknown, scripts run as root", user);
		script_set_default_user(NULL, NULL);
		return NULL;
	}
	return user;
}
