/*
 * vrrp_notify: ordered notify scripts per instance (see vrrp_notify.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_notify.h"

#define NOTIFY_MAX_ARGS 8
#define NOTIFY_FLUSH_MS 3000 /* at exit, for the queued scripts in all */

struct vrrp_notify_item {
	struct vrrp_notify_item *next;
	char *cmd;
	char *args[NOTIFY_MAX_ARGS];
	size_t nargs;
};

static void item_free(struct vrrp_notify_item *it)
{
	free(it->cmd);
	for (size_t i = 0; i < it->nargs; i++)
		free(it->args[i]);
	free(it);
}

static void start_next(struct vrrp_notify_q *q);

static pid_t spawn(const struct vrrp_notify_item *it)
{
	return vrrp_notify_spawn(it->cmd, (const char *const *)it->args, it->nargs, false);
}

static void child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct vrrp_notify_q *q = w->data;

	ev_child_stop(loop, w);
	if (!WIFEXITED(w->rstatus) || WEXITSTATUS(w->rstatus) != 0) {
		q->failed++;
		log_warnx("[%s] notify script (pid %d) failed (status 0x%x)", q->name, (int)w->rpid,
			  (unsigned)w->rstatus);
	}
	q->running = 0;
	start_next(q);
}

pid_t vrrp_notify_spawn(const char *cmd, const char *const *args, size_t nargs, bool pdeathsig)
{
	char *argv[NOTIFY_MAX_ARGS + 5];
	char *script = xasprintf("%s \"$@\"", cmd);
	size_t n = 0;
	pid_t pid, parent = getpid();

	argv[n++] = (char *)"sh";
	argv[n++] = (char *)"-c";
	argv[n++] = script;
	argv[n++] = (char *)"sh";
	for (size_t i = 0; i < nargs && i < NOTIFY_MAX_ARGS; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		sigset_t none;
		int fd = open("/dev/null", O_RDWR);

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		setpgid(0, 0);
		if (pdeathsig && (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent))
			_exit(127);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execv("/bin/sh", argv);
		_exit(127);
	}
	free(script);
	return pid;
}

static void start_next(struct vrrp_notify_q *q)
{
	while (!q->running && q->head) {
		struct vrrp_notify_item *it = q->head;
		pid_t pid;

		q->head = it->next;
		if (!q->head)
			q->tail = NULL;
		pid = spawn(it);
		if (pid < 0) {
			q->failed++;
			log_warn("[%s] notify: fork for '%s'", q->name, it->cmd);
		} else {
			q->started++;
			log_debug("[%s] notify: running '%s' (pid %d)", q->name, it->cmd, (int)pid);
			q->running = pid;
			ev_child_set(&q->child, pid, 0);
			ev_child_start(q->loop, &q->child);
		}
		item_free(it);
	}
}

void vrrp_notify_init(struct vrrp_notify_q *q, struct ev_loop *loop, const char *name)
{
	memset(q, 0, sizeof(*q));
	q->loop = loop;
	q->name = xstrdup(name);
	ev_child_init(&q->child, child_cb, 0, 0);
	q->child.data = q;
}

void vrrp_notify_push(struct vrrp_notify_q *q, const char *cmd, const char *const *args,
		      size_t nargs)
{
	struct vrrp_notify_item *it = xcalloc(1, sizeof(*it));

	it->cmd = xstrdup(cmd);
	for (size_t i = 0; i < nargs && i < NOTIFY_MAX_ARGS; i++)
		it->args[it->nargs++] = xstrdup(args[i]);
	if (q->tail)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	start_next(q);
}

/* Wait (bounded by the deadline, in ms of CLOCK_MONOTONIC) for pid. */
static bool wait_bounded(pid_t pid, long long deadline_ms)
{
	for (;;) {
		struct timespec ts;
		int st;
		pid_t rc = waitpid(pid, &st, WNOHANG);

		if (rc == pid || (rc < 0 && errno != EINTR))
			return true;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 >= deadline_ms)
			return false;
		usleep(10000);
	}
}

void vrrp_notify_fini(struct vrrp_notify_q *q)
{
	struct vrrp_notify_item *it;
	struct timespec ts;
	long long deadline;

	/* The process is about to exit: run what is queued (notify_stop
	 * included) in order, waiting at most NOTIFY_FLUSH_MS in all; past
	 * that, the rest is started without waiting. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + NOTIFY_FLUSH_MS;
	if (q->running) {
		ev_child_stop(q->loop, &q->child);
		if (q->head)
			wait_bounded(q->running, deadline);
		q->running = 0;
	}
	while ((it = q->head) != NULL) {
		pid_t pid;

		q->head = it->next;
		pid = spawn(it);
		if (pid > 0 && q->head)
			wait_bounded(pid, deadline);
		item_free(it);
	}
	q->tail = NULL;
	free(q->name);
	q->name = NULL;
}
