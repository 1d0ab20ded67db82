/*
 * vrrp_track: vrrp_script and track_file objects (see vrrp_track.h).
 *
 * A script runs as `/bin/sh -c CMD` in its own process group with stdio on
 * /dev/null; exit status 0 is a success, anything else (or the timeout, at
 * which the whole group is killed) a failure.  The next run is scheduled
 * `interval` after the previous one started (never two at once).  A file's
 * value is re-read whenever ev_stat sees it change (inotify where
 * available); a missing or unreadable file, or one that does not start with
 * an integer, reads as 0.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_track.h"

static void changed(struct vrrp_trackset *ts)
{
	if (ts->changed)
		ts->changed(ts->arg);
}

/* ---- scripts ---- */

static void script_result(struct vrrp_tscript *s, bool success)
{
	bool was = s->ok;

	if (success) {
		s->nfail = 0;
		if (s->nsucc < s->rise)
			s->nsucc++;
		if (!s->ok && s->nsucc >= s->rise)
			s->ok = true;
	} else {
		s->failures++;
		s->nsucc = 0;
		if (s->nfail < s->fall)
			s->nfail++;
		if (s->ok && s->nfail >= s->fall)
			s->ok = false;
	}
	if (was != s->ok) {
		log_info("VRRP script %s: %s", s->name, s->ok ? "succeeded" : "failed");
		changed(s->ts);
	}
}

static void script_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct vrrp_tscript *s = w->data;
	bool success = WIFEXITED(w->rstatus) && WEXITSTATUS(w->rstatus) == 0 && !s->timed_out;

	ev_child_stop(loop, w);
	ev_timer_stop(loop, &s->kill_timer);
	s->pid = 0;
	script_result(s, success);
}

static void script_kill_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_tscript *s = w->data;

	if (s->pid > 0) {
		log_warnx("VRRP script %s timed out: killing it", s->name);
		s->timed_out = true;
		kill(-s->pid, SIGKILL);
	}
}

static void script_run_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_tscript *s = w->data;
	pid_t pid;

	if (s->pid > 0)
		return; /* still running: the timeout will end it */
	pid = fork();
	if (pid == 0) {
		sigset_t none;
		int fd = open("/dev/null", O_RDWR);

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		setpgid(0, 0);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execl("/bin/sh", "sh", "-c", s->cmd, (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		log_warn("VRRP script %s: fork", s->name);
		script_result(s, false);
		return;
	}
	setpgid(pid, pid);
	s->pid = pid;
	s->runs++;
	s->timed_out = false;
	ev_child_set(&s->child, pid, 0);
	ev_child_start(loop, &s->child);
	ev_timer_set(&s->kill_timer, s->timeout, 0.);
	ev_timer_start(loop, &s->kill_timer);
}

static struct vrrp_tscript *script_new(struct vrrp_trackset *ts, const struct conf_vrrp_script *c)
{
	struct vrrp_tscript *s = xcalloc(1, sizeof(*s));

	s->ts = ts;
	s->name = xstrdup(c->name);
	s->cmd = xstrdup(c->script.cmd ? c->script.cmd : "false");
	s->interval = (double)c->interval_us / 1e6;
	s->timeout = (double)c->timeout_us / 1e6;
	if (s->interval <= 0)
		s->interval = 1;
	if (s->timeout <= 0)
		s->timeout = s->interval;
	s->rise = c->rise > 0 ? c->rise : 1;
	s->fall = c->fall > 0 ? c->fall : 1;
	s->init_fail = c->init_fail;
	s->ok = !c->init_fail;
	ev_timer_init(&s->timer, script_run_cb, 0., s->interval);
	s->timer.data = s;
	ev_timer_init(&s->kill_timer, script_kill_cb, 0., 0.);
	s->kill_timer.data = s;
	ev_child_init(&s->child, script_child_cb, 0, 0);
	s->child.data = s;
	ev_timer_start(ts->loop, &s->timer);
	return s;
}

static bool script_same(const struct vrrp_tscript *s, const struct conf_vrrp_script *c)
{
	return strcmp(s->cmd, c->script.cmd ? c->script.cmd : "false") == 0 &&
	       s->interval == (double)c->interval_us / 1e6 &&
	       s->timeout == (c->timeout_us > 0 ? (double)c->timeout_us / 1e6 : s->interval) &&
	       s->rise == c->rise && s->fall == c->fall && s->init_fail == c->init_fail;
}

static void script_free(struct vrrp_trackset *ts, struct vrrp_tscript *s)
{
	ev_timer_stop(ts->loop, &s->timer);
	ev_timer_stop(ts->loop, &s->kill_timer);
	if (s->pid > 0) {
		ev_child_stop(ts->loop, &s->child);
		kill(-s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	free(s->name);
	free(s->cmd);
	free(s);
}

/* ---- files ---- */

static long long file_read(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%lld", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static void file_cb(struct ev_loop *loop, ev_stat *w, int revents)
{
	struct vrrp_tfile *t = w->data;
	long long v = file_read(t->path);

	if (v != t->value) {
		log_info("track_file %s: %lld -> %lld", t->name, t->value, v);
		t->value = v;
		changed(t->ts);
	}
}

static struct vrrp_tfile *file_new(struct vrrp_trackset *ts, const struct conf_track_file *c)
{
	struct vrrp_tfile *t = xcalloc(1, sizeof(*t));

	t->ts = ts;
	t->name = xstrdup(c->name);
	t->path = xstrdup(c->path ? c->path : "/nonexistent");
	if (c->init_file && (c->init_overwrite || access(t->path, F_OK) != 0)) {
		FILE *f = fopen(t->path, "w");

		if (f) {
			fprintf(f, "%lld\n", c->init_value);
			fclose(f);
		} else {
			log_warn("track_file %s: cannot write %s", t->name, t->path);
		}
	}
	t->value = file_read(t->path);
	ev_stat_init(&t->st, file_cb, t->path, 0.5);
	t->st.data = t;
	ev_stat_start(ts->loop, &t->st);
	return t;
}

static void file_free(struct vrrp_trackset *ts, struct vrrp_tfile *t)
{
	ev_stat_stop(ts->loop, &t->st);
	free(t->name);
	free(t->path);
	free(t);
}

/* ---- the set ---- */

void vrrp_trackset_init(struct vrrp_trackset *ts, struct ev_loop *loop, void (*cb)(void *),
			void *arg)
{
	memset(ts, 0, sizeof(*ts));
	ts->loop = loop;
	ts->changed = cb;
	ts->arg = arg;
	TAILQ_INIT(&ts->scripts);
	TAILQ_INIT(&ts->files);
}

/* Is the script tracked by an instance or a sync group (keepalived runs only those)? */
static bool script_used(const struct conf *conf, const char *name)
{
	const struct conf_vrrp *v;
	const struct conf_vrrp_track *t;

	const struct conf_sync_group *g;

	TAILQ_FOREACH (v, &conf->vrrps, entry)
		TAILQ_FOREACH (t, &v->track_scripts, entry)
			if (strcmp(t->name, name) == 0)
				return true;
	TAILQ_FOREACH (g, &conf->sync_groups, entry)
		TAILQ_FOREACH (t, &g->track_scripts, entry)
			if (strcmp(t->name, name) == 0)
				return true;
	return false;
}

void vrrp_trackset_sync(struct vrrp_trackset *ts, const struct conf *conf)
{
	struct vrrp_tscript_list olds;
	struct vrrp_tfile_list oldf;
	const struct conf_vrrp_script *cs;
	const struct conf_track_file *cf;
	struct vrrp_tscript *s;
	struct vrrp_tfile *t;

	TAILQ_INIT(&olds);
	TAILQ_CONCAT(&olds, &ts->scripts, entry);
	TAILQ_INIT(&oldf);
	TAILQ_CONCAT(&oldf, &ts->files, entry);
	TAILQ_FOREACH (cs, &conf->vrrp_scripts, entry) {
		if (!script_used(conf, cs->name))
			continue;
		TAILQ_FOREACH (s, &olds, entry)
			if (strcmp(s->name, cs->name) == 0)
				break;
		if (s && script_same(s, cs)) {
			TAILQ_REMOVE(&olds, s, entry);
		} else {
			s = script_new(ts, cs);
		}
		TAILQ_INSERT_TAIL(&ts->scripts, s, entry);
	}
	TAILQ_FOREACH (cf, &conf->track_files, entry) {
		TAILQ_FOREACH (t, &oldf, entry)
			if (strcmp(t->name, cf->name) == 0 && cf->path &&
			    strcmp(t->path, cf->path) == 0)
				break;
		if (t)
			TAILQ_REMOVE(&oldf, t, entry);
		else
			t = file_new(ts, cf);
		TAILQ_INSERT_TAIL(&ts->files, t, entry);
	}
	while ((s = TAILQ_FIRST(&olds)) != NULL) {
		TAILQ_REMOVE(&olds, s, entry);
		script_free(ts, s);
	}
	while ((t = TAILQ_FIRST(&oldf)) != NULL) {
		TAILQ_REMOVE(&oldf, t, entry);
		file_free(ts, t);
	}
}

void vrrp_trackset_fini(struct vrrp_trackset *ts)
{
	struct vrrp_tscript *s;
	struct vrrp_tfile *t;

	while ((s = TAILQ_FIRST(&ts->scripts)) != NULL) {
		TAILQ_REMOVE(&ts->scripts, s, entry);
		script_free(ts, s);
	}
	while ((t = TAILQ_FIRST(&ts->files)) != NULL) {
		TAILQ_REMOVE(&ts->files, t, entry);
		file_free(ts, t);
	}
}

const struct vrrp_tscript *vrrp_track_script(const struct vrrp_trackset *ts, const char *name)
{
	const struct vrrp_tscript *s;

	TAILQ_FOREACH (s, &ts->scripts, entry)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

const struct vrrp_tfile *vrrp_track_file(const struct vrrp_trackset *ts, const char *name)
{
	const struct vrrp_tfile *t;

	TAILQ_FOREACH (t, &ts->files, entry)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
