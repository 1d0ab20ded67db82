/*
 * vrrp_track: vrrp_script and track_file objects (see vrrp_track.h).
 *
 * A script runs through lib/script (keepalived's word splitting, no shell,
 * its own process group, stdio on /dev/null, its user/group; refused under
 * enable_script_security when root would run a file others can change);
 * exit status 0 is a success, anything else (or the timeout, at which the
 * whole group is killed) a failure.  The next run is scheduled
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
#include "lib/script.h"
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

static void tscript_done_cb(const struct script_result *res, void *arg)
{
	struct vrrp_tscript *s = arg;

	s->run = NULL;
	if (res->end == SCRIPT_TIMEDOUT)
		log_warnx("VRRP script %s timed out after %.0f ms: killed", s->name,
			  res->elapsed_ms);
	else if (res->end == SCRIPT_FAILED)
		log_warnx("VRRP script %s: cannot run '%s': %s", s->name, s->cmd.cmd,
			  strerror(res->code));
	script_result(s, res->end == SCRIPT_EXITED && res->code == 0);
}

static void script_run_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_tscript *s = w->data;
	struct script_opts o;
	char what[128];

	(void)revents;
	if (s->run)
		return; /* still running: the timeout will end it */
	if (util_snprintf(what, sizeof(what), "VRRP script %s", s->name) < 0)
		what[0] = '\0';
	if (!vrrp_script_allowed(&s->cmd, s->refused ? NULL : what)) {
		s->refused = true; /* logged once */
		script_result(s, false);
		return;
	}
	s->refused = false;
	memset(&o, 0, sizeof(o));
	o.user = s->cmd.user;
	o.group = s->cmd.group;
	o.timeout_s = s->timeout;
	s->run = script_start(loop, s->cmd.cmd, &o, tscript_done_cb, s);
	if (!s->run) {
		log_warnx("VRRP script %s: cannot run '%s'", s->name, s->cmd.cmd);
		script_result(s, false);
		return;
	}
	s->runs++;
}

static struct vrrp_tscript *script_new(struct vrrp_trackset *ts, const struct conf_vrrp_script *c)
{
	struct vrrp_tscript *s = xcalloc(1, sizeof(*s));

	s->ts = ts;
	s->name = xstrdup(c->name);
	if (c->script.cmd)
		vrrp_cmd_set(&s->cmd, &c->script);
	else
		s->cmd.cmd = xstrdup("false");
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
	ev_timer_start(ts->loop, &s->timer);
	return s;
}

static bool script_same(const struct vrrp_tscript *s, const struct conf_vrrp_script *c)
{
	struct vrrp_cmd cc;
	bool same_cmd;

	memset(&cc, 0, sizeof(cc));
	if (c->script.cmd)
		vrrp_cmd_set(&cc, &c->script);
	else
		cc.cmd = xstrdup("false");
	same_cmd = vrrp_cmd_eq(&s->cmd, &cc);
	vrrp_cmd_free(&cc);
	return same_cmd && s->interval == (double)c->interval_us / 1e6 &&
	       s->timeout == (c->timeout_us > 0 ? (double)c->timeout_us / 1e6 : s->interval) &&
	       s->rise == c->rise && s->fall == c->fall && s->init_fail == c->init_fail;
}

static void script_free(struct vrrp_trackset *ts, struct vrrp_tscript *s)
{
	ev_timer_stop(ts->loop, &s->timer);
	if (s->run) {
		pid_t pid = script_pid(s->run);

		script_cancel(s->run); /* SIGKILL to its group */
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	free(s->name);
	vrrp_cmd_free(&s->cmd);
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
