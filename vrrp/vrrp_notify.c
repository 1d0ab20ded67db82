/*
 * vrrp_notify: scripts of the VRRP process (see vrrp_notify.h).
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/conf_global.h"
#include "lib/log.h"
#include "lib/script.h"
#include "lib/util.h"
#include "vrrp/vrrp_notify.h"

#define NOTIFY_MAX_ARGS 8
#define NOTIFY_FLUSH_MS 3000 /* at fini, for the running and queued scripts in all */

/* ---- commands and the script policy ---- */

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void vrrp_cmd_set(struct vrrp_cmd *d, const struct conf_cmd *c)
{
	vrrp_cmd_free(d);
	if (!c || !c->cmd)
		return;
	d->cmd = xstrdup(c->cmd);
	d->user = c->user ? xstrdup(c->user) : NULL;
	d->group = c->group ? xstrdup(c->group) : NULL;
}

void vrrp_cmd_free(struct vrrp_cmd *d)
{
	free(d->cmd);
	free(d->user);
	free(d->group);
	memset(d, 0, sizeof(*d));
}

bool vrrp_cmd_eq(const struct vrrp_cmd *a, const struct vrrp_cmd *b)
{
	return str_eq(a->cmd, b->cmd) && str_eq(a->user, b->user) && str_eq(a->group, b->group);
}

static bool script_security;
static bool default_is_root = true;

void vrrp_script_policy(const struct conf_global *g)
{
	const char *user = script_set_config_user(g->script_user, g->script_group);

	default_is_root = true;
	if (user) {
		struct passwd *pw = getpwnam(user);

		default_is_root = pw ? pw->pw_uid == 0 : strcmp(user, "0") == 0;
	}
	script_security = g->enable_script_security;
}

/* Can another user than root change path (a file or directory)? */
static bool unsafe(const char *path, bool dir)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false; /* missing: exec will say so */
	if (st.st_uid != 0)
		return true;
	if (dir && (st.st_mode & S_ISVTX))
		return false;
	return (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

/* The program the command runs, as lib/script finds it (malloc'd). */
static char *program_of(const char *cmd)
{
	size_t n;
	char **w = script_split(cmd, &n), *prog = NULL;
	const char *path;

	if (!w || n == 0) {
		script_argv_free(w);
		return NULL;
	}
	if (strchr(w[0], '/')) {
		prog = xstrdup(w[0]);
	} else if ((path = getenv("PATH")) != NULL) {
		char *dup = xstrdup(path), *save = NULL;

		for (char *d = strtok_r(dup, ":", &save); d && !prog;
		     d = strtok_r(NULL, ":", &save)) {
			char *p = xasprintf("%s/%s", *d ? d : ".", w[0]);

			if (access(p, X_OK) == 0)
				prog = p;
			else
				free(p);
		}
		free(dup);
	}
	script_argv_free(w);
	return prog;
}

bool vrrp_script_allowed(const struct vrrp_cmd *c, const char *what)
{
	char *prog, *p;
	bool bad = false;
	bool root;

	if (!script_security)
		return true;
	if (c->user) {
		struct passwd *pw = getpwnam(c->user);

		root = pw ? pw->pw_uid == 0 : strcmp(c->user, "0") == 0;
	} else {
		root = default_is_root;
	}
	if (!root)
		return true;
	prog = program_of(c->cmd);
	if (!prog)
		return true;
	bad = unsafe(prog, false);
	/* every directory above it */
	for (p = strrchr(prog, '/'); p && !bad && p > prog; p = strrchr(prog, '/')) {
		*p = '\0';
		bad = unsafe(prog, true);
	}
	if (!bad && prog[0] == '/')
		bad = unsafe("/", true);
	if (bad && what)
		log_warnx("%s: '%s' would run as root and a non-root user can change it "
			  "(enable_script_security): not run",
			  what, c->cmd);
	free(prog);
	return !bad;
}

/* ---- the ordered queue ---- */

struct vrrp_notify_item {
	struct vrrp_notify_item *next;
	struct vrrp_cmd c;
	char *args[NOTIFY_MAX_ARGS];
	size_t nargs;
};

static void item_free(struct vrrp_notify_item *it)
{
	vrrp_cmd_free(&it->c);
	for (size_t i = 0; i < it->nargs; i++)
		free(it->args[i]);
	free(it);
}

static void start_next(struct vrrp_notify_q *q);

static void done_cb(const struct script_result *res, void *arg)
{
	struct vrrp_notify_q *q = arg;

	if (res->end != SCRIPT_EXITED || res->code != 0) {
		q->failed++;
		log_warnx("[%s] notify script %s %d", q->name, script_end_str(res->end), res->code);
	}
	q->running = NULL;
	start_next(q);
}

static struct script_run *start_one(struct vrrp_notify_q *q, struct vrrp_notify_item *it)
{
	struct script_opts o;
	struct script_run *s;

	memset(&o, 0, sizeof(o));
	o.user = it->c.user;
	o.group = it->c.group;
	o.args = (const char *const *)it->args;
	o.nargs = it->nargs;
	s = script_start(q->loop, it->c.cmd, &o, done_cb, q);
	if (!s) {
		q->failed++;
		log_warnx("[%s] notify: cannot run '%s'", q->name, it->c.cmd);
		return NULL;
	}
	q->started++;
	log_debug("[%s] notify: running '%s' (pid %d)", q->name, it->c.cmd, (int)script_pid(s));
	return s;
}

static struct vrrp_notify_item *pop(struct vrrp_notify_q *q)
{
	struct vrrp_notify_item *it = q->head;

	if (it) {
		q->head = it->next;
		if (!q->head)
			q->tail = NULL;
	}
	return it;
}

static void start_next(struct vrrp_notify_q *q)
{
	struct vrrp_notify_item *it;

	while (!q->running && (it = pop(q)) != NULL) {
		q->running = start_one(q, it);
		item_free(it);
	}
}

void vrrp_notify_init(struct vrrp_notify_q *q, struct ev_loop *loop, const char *name)
{
	memset(q, 0, sizeof(*q));
	q->loop = loop;
	q->name = xstrdup(name);
}

void vrrp_notify_push(struct vrrp_notify_q *q, const struct vrrp_cmd *c, const char *const *args,
		      size_t nargs)
{
	struct vrrp_notify_item *it;
	char what[128];

	if (!c || !c->cmd)
		return;
	if (util_snprintf(what, sizeof(what), "[%s] notify", q->name) < 0)
		what[0] = '\0';
	if (!vrrp_script_allowed(c, what))
		return;
	it = xcalloc(1, sizeof(*it));
	it->c.cmd = xstrdup(c->cmd);
	it->c.user = c->user ? xstrdup(c->user) : NULL;
	it->c.group = c->group ? xstrdup(c->group) : NULL;
	for (size_t i = 0; i < nargs && i < NOTIFY_MAX_ARGS; i++)
		it->args[it->nargs++] = xstrdup(args[i]);
	if (q->tail)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	start_next(q);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait (bounded by the deadline) for s to exit, reaping it here (the loop
 * is not running), then forget it; past the deadline it is killed. */
static void finish_bounded(struct script_run *s, long long deadline)
{
	pid_t pid = script_pid(s);

	while (pid > 0) {
		int st;
		pid_t rc = waitpid(pid, &st, WNOHANG);

		if (rc == pid || (rc < 0 && errno != EINTR))
			break;
		if (now_ms() >= deadline)
			break;
		usleep(10000);
	}
	script_cancel(s);
}

void vrrp_notify_fini(struct vrrp_notify_q *q)
{
	struct vrrp_notify_item *it;
	long long deadline = now_ms() + NOTIFY_FLUSH_MS;

	/* Run what is queued (notify_stop included) in order, waiting at most
	 * NOTIFY_FLUSH_MS in all. */
	if (q->running) {
		finish_bounded(q->running, deadline);
		q->running = NULL;
	}
	while ((it = pop(q)) != NULL) {
		struct script_run *s = start_one(q, it);

		item_free(it);
		if (s)
			finish_bounded(s, deadline);
	}
	free(q->name);
	q->name = NULL;
}
