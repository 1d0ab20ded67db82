/*
 * supervisor: the vigild parent process (see supervisor.h).
 *
 * One libev default loop drives everything: a signal watcher per signal, and
 * for each child (VRRP, checker) a struct sup_child holding its state
 * (down / running / stopping / waiting to restart), an ev_child watcher, the
 * framed channel (lib/proc) and two timers (the restart back-off and the
 * SIGKILL bound of a stop).  Children are separate programs next to vigild
 * (vigild-vrrp, vigild-checker; doc/ARCHITECTURE.md) that proc_spawn() forks
 * and execs; each gets the config's snapshot text (conf_print_snapshot; the
 * VRRP process's without the virtual servers it has no use for) as its first
 * CONF frame and the new one on every valid reload.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ev.h>
#ifdef HAVE_SYSTEMD
#include <dlfcn.h>
#include <systemd/sd-daemon.h>
#endif

#include "daemon/sup_dump.h"
#include "daemon/supervisor.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/proc.h"
#include "lib/util.h"

#define SUP_STOP_TIMEOUT 5.0	  /* s: SIGTERM, then SIGKILL after this */
#define SUP_CHILD_PREFIX "vigild" /* command names of vigild and its children */

enum sup_kind { SUP_VRRP, SUP_CHECKER, SUP_NKIND };

enum sup_state {
	SUP_CHILD_DOWN,
	SUP_CHILD_RUNNING,
	SUP_CHILD_STOPPING,
	SUP_CHILD_WAITING, /* dead, restart timer armed */
};

static const char *const sup_state_names[] = {
    [SUP_CHILD_DOWN] = "down",
    [SUP_CHILD_RUNNING] = "running",
    [SUP_CHILD_STOPPING] = "stopping",
    [SUP_CHILD_WAITING] = "waiting",
};

struct supervisor;

struct sup_child {
	struct supervisor *sup;
	enum sup_kind kind;
	const char *name;     /* log prefix: [vrrp] */
	const char *prog;     /* program next to vigild */
	const char *pid_file; /* written by the supervisor with the child's pid */
	enum sup_state state;
	pid_t pid;
	ev_child cw;
	ev_timer restart_timer;
	ev_timer kill_timer;
	struct proc_chan chan;
	ev_tstamp started;
	struct proc_backoff backoff;
};

/* A dump being collected from the children (one per dump signal). */
struct sup_dump {
	struct supervisor *sup;
	int signum;
	unsigned waiting; /* bit per sup_kind */
	char *part[SUP_NKIND];
	size_t len[SUP_NKIND];
	ev_timer timer; /* SUP_DUMP_TIMEOUT */
};

/* What the supervisor keeps of the running config: the model itself is freed
 * once its snapshot is made (a reload loads and validates the file anew). */
struct sup_conf_info {
	bool has_vrrp, has_lvs;
	size_t nvrrp, nvs;
};

struct supervisor {
	struct ev_loop *loop;
	const struct supervisor_opts *opts;
	struct sup_conf_info info;
	char *snapshot[SUP_NKIND]; /* conf_print_snapshot() of the running config */
	size_t snaplen[SUP_NKIND];
	char *exe_dir; /* where vigild and its children live */
	struct sup_child child[SUP_NKIND];
	ev_signal sig_term, sig_int, sig_hup, sig_usr1, sig_usr2, sig_json;
	struct sup_dump dump[SUP_DUMP_NSIG];
	bool stopping;
	int exit_code;
};

/* sd_notify(), with libsystemd loaded on first use and only under systemd
 * (NOTIFY_SOCKET set): linking it costs every `vigild -t` the loading of
 * libsystemd and its six dependencies (measured: +2.5 ms at best, +14 ms
 * median on a busy 2-core host, for a check that should take ~10 ms). */
static void sup_notify(const char *state)
{
#ifdef HAVE_SYSTEMD
	static __typeof__(sd_notify) *notify_fn;
	static bool tried;

	if (!getenv("NOTIFY_SOCKET"))
		return;
	if (!tried) {
		void *h = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);

		tried = true;
		if (h)
			notify_fn = (__typeof__(sd_notify) *)dlsym(h, "sd_notify");
		if (!notify_fn)
			log_warnx("systemd notification disabled: %s", dlerror());
	}
	if (notify_fn)
		(void)notify_fn(0, state);
#else
	(void)state;
#endif
}

static void sup_child_set_state(struct sup_child *c, enum sup_state st)
{
	if (c->state != st)
		log_debug("[%s] %s -> %s", c->name, sup_state_names[c->state], sup_state_names[st]);
	c->state = st;
}

static size_t sup_count_vrrp(const struct conf *conf)
{
	const struct conf_vrrp *v;
	size_t n = 0;

	TAILQ_FOREACH (v, &conf->vrrps, entry)
		n++;
	return n;
}

static size_t sup_count_vs(const struct conf *conf)
{
	const struct conf_vs *v;
	size_t n = 0;

	TAILQ_FOREACH (v, &conf->vss, entry)
		n++;
	return n;
}

/* Does the running config (and -P / -C) call for this child? */
static bool sup_child_needed(const struct supervisor *sup, enum sup_kind kind)
{
	const struct supervisor_opts *o = sup->opts;

	if (kind == SUP_VRRP)
		return sup->info.has_vrrp && (!o->check_only || o->vrrp_only);
	return sup->info.has_lvs && (!o->vrrp_only || o->check_only);
}

/* The running config becomes conf: its snapshot and counts are kept; the
 * caller frees the model (sup_drop_conf) once the children have their
 * snapshot (a child parses while the supervisor frees). */
static void sup_take_conf(struct supervisor *sup, const struct conf *conf)
{
	for (int k = 0; k < SUP_NKIND; k++) {
		struct strbuf b;

		strbuf_init(&b);
		conf_print_snapshot(&b, conf, k == SUP_CHECKER);
		free(sup->snapshot[k]);
		sup->snaplen[k] = b.len;
		sup->snapshot[k] = strbuf_steal(&b);
	}
	sup->info.has_vrrp = conf_has_vrrp(conf);
	sup->info.has_lvs = conf_has_lvs(conf);
	sup->info.nvrrp = sup_count_vrrp(conf);
	sup->info.nvs = sup_count_vs(conf);
}

/* The model is freed and the heap trimmed: at 10,000 real servers it is
 * ~5 MB that a supervisor at rest has no use for. */
static void sup_drop_conf(struct conf *conf)
{
	conf_free(conf);
	malloc_trim(0);
}

static void sup_child_send_conf(struct sup_child *c)
{
	struct supervisor *sup = c->sup;

	if (proc_chan_send(&c->chan, PROC_MSG_CONF, sup->snapshot[c->kind], sup->snaplen[c->kind]) <
	    0)
		log_warnx("[%s] cannot send the configuration to pid %d", c->name, (int)c->pid);
}

static char *sup_child_path(const struct sup_child *c)
{
	return xasprintf("%s/%s", c->sup->exe_dir, c->prog);
}

static void sup_child_exit_cb(struct ev_loop *loop, ev_child *w, int revents);
static void sup_chan_msg_cb(struct proc_chan *ch, uint32_t type, const char *data, size_t len);
static void sup_chan_close_cb(struct proc_chan *ch);
static void sup_child_schedule_restart(struct sup_child *c, unsigned delay);

static void sup_child_spawn(struct sup_child *c)
{
	struct supervisor *sup = c->sup;
	const struct supervisor_opts *o = sup->opts;
	char *path = sup_child_path(c);
	char *fac = xasprintf("%d", log_get_facility());
	char *argv[10];
	size_t n = 0;
	pid_t pid;
	int fd;

	argv[n++] = (char *)(uintptr_t)c->prog;
	if (o->log_console)
		argv[n++] = (char *)(uintptr_t) "--log-console";
	if (o->log_detail)
		argv[n++] = (char *)(uintptr_t) "--log-detail";
	argv[n++] = (char *)(uintptr_t) "--log-facility-code";
	argv[n++] = fac;
	if ((c->kind == SUP_VRRP && o->dont_release_vrrp) ||
	    (c->kind == SUP_CHECKER && o->dont_release_ipvs))
		argv[n++] = (char *)(uintptr_t) "--dont-release";
	if (c->kind == SUP_CHECKER && o->check_only && !o->vrrp_only)
		argv[n++] = (char *)(uintptr_t) "--no-vrrp";
	argv[n] = NULL;

	pid = proc_spawn(path, argv, &fd);
	free(fac);
	if (pid < 0) {
		log_warn("[%s] cannot start %s", c->name, path);
		free(path);
		sup_child_schedule_restart(c, proc_backoff_next(&c->backoff, 0.));
		return;
	}
	free(path);
	c->pid = pid;
	c->started = ev_now(sup->loop);
	sup_child_set_state(c, SUP_CHILD_RUNNING);
	ev_child_init(&c->cw, sup_child_exit_cb, pid, 0);
	ev_child_start(sup->loop, &c->cw);
	proc_chan_init(&c->chan, sup->loop, fd, sup_chan_msg_cb, sup_chan_close_cb, c);
	sup_child_send_conf(c);
	if (proc_pidfile_write(c->pid_file, pid) < 0)
		log_warn("[%s] cannot write pid file %s", c->name, c->pid_file);
	log_info("[%s] started %s (pid %d)", c->name, c->prog, (int)pid);
}

static void sup_child_schedule_restart(struct sup_child *c, unsigned delay)
{
	sup_child_set_state(c, SUP_CHILD_WAITING);
	ev_timer_set(&c->restart_timer, (ev_tstamp)delay, 0.);
	ev_timer_start(c->sup->loop, &c->restart_timer);
}

static void sup_child_restart_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_child *c = container_of(w, struct sup_child, restart_timer);

	sup_child_set_state(c, SUP_CHILD_DOWN);
	if (!c->sup->stopping && sup_child_needed(c->sup, c->kind))
		sup_child_spawn(c);
}

/* Ask a child to stop (SIGTERM, SIGKILL after SUP_STOP_TIMEOUT); cancel a pending restart. */
static void sup_child_stop(struct sup_child *c)
{
	struct supervisor *sup = c->sup;

	switch (c->state) {
	case SUP_CHILD_WAITING:
		ev_timer_stop(sup->loop, &c->restart_timer);
		sup_child_set_state(c, SUP_CHILD_DOWN);
		break;
	case SUP_CHILD_RUNNING:
		sup_child_set_state(c, SUP_CHILD_STOPPING);
		log_info("[%s] stopping pid %d", c->name, (int)c->pid);
		if (kill(c->pid, SIGTERM) < 0)
			log_warn("[%s] kill %d", c->name, (int)c->pid);
		ev_timer_set(&c->kill_timer, SUP_STOP_TIMEOUT, 0.);
		ev_timer_start(sup->loop, &c->kill_timer);
		break;
	case SUP_CHILD_DOWN:
	case SUP_CHILD_STOPPING:
		break;
	}
}

static void sup_child_kill_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_child *c = container_of(w, struct sup_child, kill_timer);

	if (c->pid > 0) {
		log_warnx("[%s] pid %d did not stop within %.0f s, killing it", c->name,
			  (int)c->pid, SUP_STOP_TIMEOUT);
		kill(c->pid, SIGKILL);
	}
}

static bool sup_all_down(const struct supervisor *sup)
{
	for (int k = 0; k < SUP_NKIND; k++)
		if (sup->child[k].state != SUP_CHILD_DOWN)
			return false;
	return true;
}

static void sup_stop(struct supervisor *sup)
{
	if (sup->stopping)
		return;
	sup->stopping = true;
	sup_notify("STOPPING=1");
	log_info("stopping");
	for (int k = 0; k < SUP_NKIND; k++)
		sup_child_stop(&sup->child[k]);
	if (sup_all_down(sup))
		ev_break(sup->loop, EVBREAK_ALL);
}

static void sup_child_exit_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct sup_child *c = container_of(w, struct sup_child, cw);
	struct supervisor *sup = c->sup;
	int status = w->rstatus;
	unsigned delay;
	char how[48];

	ev_child_stop(loop, w);
	ev_timer_stop(loop, &c->kill_timer);
	proc_chan_close(&c->chan);
	proc_pidfile_remove(c->pid_file, c->pid);
	if (WIFSIGNALED(status))
		(void)util_snprintf(how, sizeof(how), "signal %d", WTERMSIG(status));
	else
		(void)util_snprintf(how, sizeof(how), "status %d", WEXITSTATUS(status));

	if (c->state == SUP_CHILD_STOPPING || sup->stopping) {
		log_info("[%s] pid %d stopped (%s)", c->name, (int)c->pid, how);
		c->pid = 0;
		sup_child_set_state(c, SUP_CHILD_DOWN);
		if (sup->stopping) {
			if (sup_all_down(sup))
				ev_break(loop, EVBREAK_ALL);
		} else if (sup_child_needed(sup, c->kind)) {
			/* a reload asked for it again while it was stopping */
			sup_child_spawn(c);
		}
		return;
	}
	c->pid = 0;
	if (sup->opts->dont_respawn) {
		log_warnx("[%s] child exited (%s), not restarting it (--dont-respawn): stopping",
			  c->name, how);
		sup_child_set_state(c, SUP_CHILD_DOWN);
		sup->exit_code = 1;
		sup_stop(sup);
		return;
	}
	delay = proc_backoff_next(&c->backoff, ev_now(loop) - c->started);
	log_warnx("[%s] child exited (%s), restarting in %u s", c->name, how, delay);
	sup_child_schedule_restart(c, delay);
}

/* ---- dumps: the children's parts merged into one file (sup_dump) ---- */

static void sup_dump_finish(struct sup_dump *d)
{
	const char *parts[SUP_NKIND];

	ev_timer_stop(d->sup->loop, &d->timer);
	for (int k = 0; k < SUP_NKIND; k++)
		parts[k] = d->part[k];
	(void)sup_dump_write(d->signum, parts, d->len, SUP_NKIND);
	for (int k = 0; k < SUP_NKIND; k++) {
		free(d->part[k]);
		d->part[k] = NULL;
		d->len[k] = 0;
	}
	d->waiting = 0;
	d->signum = 0;
}

static void sup_dump_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_dump *d = w->data;

	(void)loop;
	(void)revents;
	for (int k = 0; k < SUP_NKIND; k++)
		if (d->waiting & (1u << k))
			log_warnx("[%s] no answer to dump signal %d within %.0f s: written without "
				  "its part",
				  d->sup->child[k].name, d->signum, SUP_DUMP_TIMEOUT);
	sup_dump_finish(d);
}

/* A dump signal: ask each running child for its part. */
static void sup_dump_start(struct supervisor *sup, int signum)
{
	int i = sup_dump_index(signum);
	struct sup_dump *d;
	char num[16];

	if (i < 0)
		return;
	d = &sup->dump[i];
	if (d->signum) {
		log_debug("dump signal %d: a dump is already being collected", signum);
		return;
	}
	d->sup = sup;
	d->signum = signum;
	util_snprintf(num, sizeof(num), "%d", signum);
	for (int k = 0; k < SUP_NKIND; k++) {
		struct sup_child *c = &sup->child[k];

		if (c->state != SUP_CHILD_RUNNING || !proc_chan_is_open(&c->chan))
			continue;
		if (proc_chan_send(&c->chan, PROC_MSG_DUMP, num, strlen(num)) < 0)
			log_warnx("[%s] cannot ask for dump %d", c->name, signum);
		else
			d->waiting |= 1u << k;
	}
	if (!d->waiting) {
		sup_dump_finish(d); /* no child runs: an empty file says so */
		return;
	}
	ev_timer_init(&d->timer, sup_dump_timeout_cb, SUP_DUMP_TIMEOUT, 0.);
	d->timer.data = d;
	ev_timer_start(sup->loop, &d->timer);
}

/* A child's part: "SIGNUM\n" and its text. */
static void sup_dump_reply(struct sup_child *c, const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	char num[16];
	long long signum;
	struct sup_dump *d;
	int i;

	if (!nl || (size_t)(nl - data) >= sizeof(num)) {
		log_warnx("[%s] malformed dump answer", c->name);
		return;
	}
	memcpy(num, data, (size_t)(nl - data));
	num[nl - data] = '\0';
	if (util_parse_ll(num, 1, 64, &signum) < 0 || (i = sup_dump_index((int)signum)) < 0) {
		log_warnx("[%s] malformed dump answer", c->name);
		return;
	}
	d = &c->sup->dump[i];
	if (!(d->waiting & (1u << c->kind)))
		return; /* late: the file was written without it */
	nl++;
	d->len[c->kind] = len - (size_t)(nl - data);
	d->part[c->kind] = xstrndup(nl, d->len[c->kind]);
	d->waiting &= ~(1u << c->kind);
	if (!d->waiting)
		sup_dump_finish(d);
}

static void sup_chan_msg_cb(struct proc_chan *ch, uint32_t type, const char *data, size_t len)
{
	struct sup_child *c = ch->arg;

	if (type == PROC_MSG_STATUS)
		log_debug("[%s] %.*s", c->name, (int)(len > 1024 ? 1024 : len), data);
	else if (type == PROC_MSG_DUMP)
		sup_dump_reply(c, data, len);
	else
		log_warnx("[%s] unexpected %s message (type %u)", c->name, proc_msg_type_str(type),
			  type);
}

static void sup_chan_close_cb(struct proc_chan *ch)
{
	struct sup_child *c = ch->arg;

	/* a dump waiting for this child is written without its part */
	for (int i = 0; i < SUP_DUMP_NSIG; i++)
		if (c->sup->dump[i].waiting & (1u << c->kind)) {
			c->sup->dump[i].waiting &= ~(1u << c->kind);
			if (!c->sup->dump[i].waiting)
				sup_dump_finish(&c->sup->dump[i]);
		}

	/* The exit itself comes through the ev_child watcher. */
	log_debug("[%s] channel to pid %d closed", c->name, (int)c->pid);
}

/* Start, configure or stop each child as the running config needs. */
static void sup_apply(struct supervisor *sup, bool reload)
{
	for (int k = 0; k < SUP_NKIND; k++) {
		struct sup_child *c = &sup->child[k];
		bool need = sup_child_needed(sup, c->kind);

		switch (c->state) {
		case SUP_CHILD_RUNNING:
			if (!need)
				sup_child_stop(c);
			else if (reload)
				sup_child_send_conf(c);
			break;
		case SUP_CHILD_DOWN:
			if (need)
				sup_child_spawn(c);
			break;
		case SUP_CHILD_WAITING: /* restarts with the new config when still needed */
			if (!need)
				sup_child_stop(c);
			break;
		case SUP_CHILD_STOPPING: /* a child being stopped is not restarted before it exits
					  */
			break;
		}
	}
}

static void sup_log_diags(const struct conf_errs *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		char *s = conf_diag_str(&errs->v[i]);

		log_warnx("%s", s);
		free(s);
	}
}

static void sup_reload(struct supervisor *sup)
{
	struct conf_load_opts lo = {.config_id = sup->opts->config_id};
	struct conf_errs errs;
	struct conf *c;

	if (sup->stopping)
		return;
	sup_notify("RELOADING=1");
	log_info("reloading %s", sup->opts->conf_file);
	conf_errs_init(&errs);
	c = conf_load(sup->opts->conf_file, &lo, &errs);
	sup_log_diags(&errs);
	if (!c || errs.nerr) {
		log_warnx("reload failed, keeping the running configuration");
		conf_free(c);
		conf_errs_free(&errs);
		sup_notify("READY=1");
		return;
	}
	conf_errs_free(&errs);
	sup_take_conf(sup, c);
	log_info("configuration reloaded (VRRP instances: %zu, virtual servers: %zu)",
		 sup->info.nvrrp, sup->info.nvs);
	sup_apply(sup, true);
	sup_drop_conf(c);
	sup_notify("READY=1");
}

static void sup_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct supervisor *sup = w->data;

	if (w->signum == SIGTERM || w->signum == SIGINT) {
		log_info("signal %d received", w->signum);
		sup_stop(sup);
	} else if (w->signum == SIGHUP) {
		sup_reload(sup);
	} else { /* SIGUSR1, SIGUSR2, SIGRTMIN+2: the children's parts, one file */
		sup_dump_start(sup, w->signum);
	}
}

static char *sup_exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return xstrdup(".");
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == buf)
		slash++;
	*slash = '\0';
	return xstrdup(buf);
}

/* Fork into the background.  The foreground parent exits when the daemon
 * writes to *ready_fd (0) or closes it without writing (1). */
static int sup_daemonise(bool keep_stderr, int *ready_fd)
{
	int p[2], fd;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		char b;
		ssize_t n;

		close(p[1]);
		do
			n = read(p[0], &b, 1);
		while (n < 0 && errno == EINTR);
		_exit(n == 1 ? 0 : 1);
	}
	close(p[0]);
	if (setsid() < 0 || chdir("/") < 0)
		return -1;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	if (!keep_stderr)
		dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	*ready_fd = p[1];
	return 0;
}

static void sup_child_setup(struct supervisor *sup, enum sup_kind kind, const char *name,
			    const char *prog, const char *pid_file)
{
	struct sup_child *c = &sup->child[kind];

	c->sup = sup;
	c->kind = kind;
	c->name = name;
	c->prog = prog;
	c->pid_file = pid_file;
	c->state = SUP_CHILD_DOWN;
	proc_backoff_init(&c->backoff);
	c->chan.fd = -1;
	ev_timer_init(&c->restart_timer, sup_child_restart_cb, 1., 0.);
	ev_timer_init(&c->kill_timer, sup_child_kill_cb, SUP_STOP_TIMEOUT, 0.);
}

/* Refuse to start when a pid file names a live vigild; a stale one is replaced. */
static bool sup_pidfiles_free(const struct supervisor_opts *o)
{
	const char *files[] = {o->pid_file, o->vrrp_pid_file, o->checker_pid_file};

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		pid_t pid = proc_pidfile_live(files[i], SUP_CHILD_PREFIX);

		if (pid > 0) {
			log_warnx("vigild is already running (pid %d in %s), not starting",
				  (int)pid, files[i]);
			return false;
		}
	}
	return true;
}

static bool sup_programs_present(struct supervisor *sup)
{
	bool ok = true;

	for (int k = 0; k < SUP_NKIND; k++) {
		struct sup_child *c = &sup->child[k];
		char *path;

		if (!sup_child_needed(sup, c->kind))
			continue;
		path = sup_child_path(c);
		if (access(path, X_OK) < 0) {
			log_warn("[%s] cannot run %s", c->name, path);
			ok = false;
		}
		free(path);
	}
	return ok;
}

int supervisor_run(const struct supervisor_opts *opts, struct conf *conf)
{
	static struct supervisor sup; /* signal and child watchers point into it */
	ev_signal *sigs[] = {&sup.sig_term, &sup.sig_int,  &sup.sig_hup,
			     &sup.sig_usr1, &sup.sig_usr2, &sup.sig_json};
	int ready_fd = -1;
	char *msg;

	/* Until the daemon runs, problems go to the console as well. */
	log_init("vigild", opts->facility, true, opts->log_detail);
	memset(&sup, 0, sizeof(sup));
	sup.opts = opts;
	sup_take_conf(&sup, conf);
	sup.exe_dir = sup_exe_dir();
	sup_child_setup(&sup, SUP_VRRP, "vrrp", "vigild-vrrp", opts->vrrp_pid_file);
	sup_child_setup(&sup, SUP_CHECKER, "checker", "vigild-checker", opts->checker_pid_file);

	if (!sup_pidfiles_free(opts) || !sup_programs_present(&sup)) {
		sup.exit_code = 1;
		goto out;
	}
	if (!opts->dont_fork && sup_daemonise(opts->log_console, &ready_fd) < 0) {
		log_warn("cannot daemonise");
		sup.exit_code = 1;
		goto out;
	}
	if (proc_pidfile_write(opts->pid_file, getpid()) < 0) {
		log_warn("cannot write pid file %s", opts->pid_file);
		sup.exit_code = 1;
		goto out;
	}
	log_init("vigild", opts->facility, opts->log_console, opts->log_detail);
	signal(SIGPIPE, SIG_IGN);
	sup.loop = ev_default_loop(EVFLAG_AUTO);
	if (!sup.loop) {
		log_warnx("cannot create the event loop");
		sup.exit_code = 1;
		goto out_pid;
	}
	ev_signal_init(&sup.sig_term, sup_signal_cb, SIGTERM);
	ev_signal_init(&sup.sig_int, sup_signal_cb, SIGINT);
	ev_signal_init(&sup.sig_hup, sup_signal_cb, SIGHUP);
	ev_signal_init(&sup.sig_usr1, sup_signal_cb, SIGUSR1);
	ev_signal_init(&sup.sig_usr2, sup_signal_cb, SIGUSR2);
	ev_signal_init(&sup.sig_json, sup_signal_cb, SIGRTMIN + 2);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigs[i]->data = &sup;
		ev_signal_start(sup.loop, sigs[i]);
	}

	log_info("%s starting (pid %d) with %s (VRRP instances: %zu, virtual servers: %zu)",
		 PACKAGE_STRING, (int)getpid(), opts->conf_file, sup.info.nvrrp, sup.info.nvs);
	sup_apply(&sup, false);
	sup_drop_conf(conf); /* while the children start */
	conf = NULL;
	if (sup_all_down(&sup))
		log_info("nothing to run yet: no VRRP instance and no virtual server to handle");
	msg = xasprintf("READY=1\nSTATUS=running with %s", opts->conf_file);
	sup_notify(msg);
	free(msg);
	if (ready_fd >= 0) {
		(void)!write(ready_fd, "1", 1);
		close(ready_fd);
		ready_fd = -1;
	}

	ev_run(sup.loop, 0);

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		ev_signal_stop(sup.loop, sigs[i]);
	for (int k = 0; k < SUP_NKIND; k++) {
		ev_timer_stop(sup.loop, &sup.child[k].restart_timer);
		ev_timer_stop(sup.loop, &sup.child[k].kill_timer);
		proc_chan_close(&sup.child[k].chan);
	}
	for (int i = 0; i < SUP_DUMP_NSIG; i++)
		if (sup.dump[i].signum)
			sup_dump_finish(&sup.dump[i]);
	log_info("stopped");
out_pid:
	proc_pidfile_remove(opts->pid_file, getpid());
out:
	if (ready_fd >= 0)
		close(ready_fd);
	for (int k = 0; k < SUP_NKIND; k++)
		free(sup.snapshot[k]);
	conf_free(conf); /* when it stopped before starting the children */
	free(sup.exe_dir);
	return sup.exit_code;
}
