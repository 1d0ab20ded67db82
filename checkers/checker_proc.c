/*
 * checker_proc: the checker process's main loop (see checker_proc.h).
 *
 * It hands the config to the checker runtime (checker_run: the real-server
 * model and the IPVS reconcile), which adopts the kernel table at start;
 * re-parses each CONF snapshot from the supervisor (a reload) and hands it to
 * checker_run_reload(), which keeps it (the health checks point into it) and
 * applies only the difference to the kernel;
 * forwards the dump signals to checker_run_dump(); and on SIGTERM releases
 * what it owns in the table (unless dont_release) and exits 0.
 */
#include "config.h"

#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "daemon/child.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/proc.h"
#include "lib/sched.h"
#include "checkers/checker_proc.h"
#include "checkers/checker_run.h"

struct checker_proc {
	struct proc_child pc;
	struct checker_proc_opts opts;
	size_t nvs;
	struct checker_run *run;
	struct sched_state sched; /* checker_priority, checker_rt_priority, ... */
};

static size_t checker_proc_count(const struct conf *c)
{
	const struct conf_vs *v;
	size_t n = 0;

	TAILQ_FOREACH (v, &c->vss, entry)
		n++;
	return n;
}

static void checker_proc_status(struct checker_proc *cp)
{
	char *s = xasprintf("running %zu virtual server%s", cp->nvs, cp->nvs == 1 ? "" : "s");

	proc_child_status(&cp->pc, s);
	free(s);
}

static void checker_proc_conf_cb(struct proc_child *pc, const char *text, size_t len)
{
	struct checker_proc *cp = pc->arg;
	struct timespec t0, t1;
	struct conf *c;

	/* Parsing and diffing a large table is CPU-bound work that RLIMIT_RTTIME
	 * would end under SCHED_RR. */
	sched_rt_suspend(&cp->sched);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c = child_load_snapshot(text, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!c) {
		log_warnx("configuration snapshot rejected, keeping the running configuration");
		sched_rt_resume(&cp->sched);
		return;
	}
	cp->nvs = checker_proc_count(c);
	/* only the difference reaches the kernel; the runtime keeps c (its checks point
	 * into it) */
	checker_run_reload(cp->run, c);
	sched_rt_resume(&cp->sched);
	conf_global_sched_apply(&c->global, CONF_PROC_CHECKER, &cp->sched);
	log_info(
	    "configuration reloaded: %zu virtual server%s (snapshot of %zu bytes loaded in %.1f "
	    "ms)",
	    cp->nvs, cp->nvs == 1 ? "" : "s", len,
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	checker_proc_status(cp);
	/* the old config, model and snapshot are freed: give the pages back */
	malloc_trim(0);
}

/* The supervisor asks for the dump's text (it merges both processes' parts). */
static void checker_proc_dump_cb(struct proc_child *pc, int signum, FILE *f)
{
	struct checker_proc *cp = pc->arg;

	checker_run_dump_to(cp->run, signum, f);
}

static void checker_proc_signal_cb(struct proc_child *pc, int signum)
{
	struct checker_proc *cp = pc->arg;

	checker_run_dump(cp->run, signum);
}

static void checker_proc_stop_cb(struct proc_child *pc)
{
	struct checker_proc *cp = pc->arg;

	/* What we own in the IPVS table is removed unless dont_release. */
	if (cp->opts.dont_release)
		log_info("keeping the IPVS table (--dont-release)");
	checker_run_stop(cp->run);
}

/* Thousands of probes in flight (an outage with connect_timeout of seconds
 * keeps every socket open) must not hit the default soft limit of 1,024
 * descriptors: raise it to the hard limit. */
static void checker_proc_raise_nofile(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur >= r.rlim_max)
		return;
	r.rlim_cur = r.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &r) != 0)
		log_warn("cannot raise the open file limit");
	else
		log_debug("open file limit raised to %llu", (unsigned long long)r.rlim_cur);
}

int checker_proc_main(struct conf *conf, int fd, const struct checker_proc_opts *opts)
{
	struct checker_proc cp;
	int rc;

	proc_child_init(&cp.pc, "checker", fd, &cp);
	checker_proc_raise_nofile();
	cp.opts = *opts;
	cp.pc.on_conf = checker_proc_conf_cb;
	cp.pc.on_signal = checker_proc_signal_cb;
	cp.pc.on_dump = checker_proc_dump_cb;
	cp.pc.on_stop = checker_proc_stop_cb;
	memset(&cp.sched, 0, sizeof(cp.sched));
	cp.run = checker_run_start(cp.pc.loop, conf, opts->dont_release);
	/* after the start-up work (the first reconcile of the table) */
	conf_global_sched_apply(&conf->global, CONF_PROC_CHECKER, &cp.sched);
	cp.nvs = checker_proc_count(conf);
	log_info("started with %zu virtual server%s", cp.nvs, cp.nvs == 1 ? "" : "s");
	checker_proc_status(&cp);
	malloc_trim(0); /* the snapshot text and the parser's buffers */
	rc = proc_child_run(&cp.pc);
	checker_run_free(cp.run);
	ev_loop_destroy(cp.pc.loop);
	return rc;
}
