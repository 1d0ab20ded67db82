/*
 * checker_proc: the checker process's main loop (see checker_proc.h).
 *
 * For now it only knows the config: it logs how many virtual servers it
 * started with, re-parses each CONF snapshot from the supervisor (a reload)
 * and logs the new count, answers the dump signals with a log line, and exits
 * 0 on SIGTERM.  The health checkers and the IPVS reconcile plug in at the
 * three marked places: start (adopt the kernel table), reload (diff against
 * the kernel table) and stop (release the table unless dont_release).
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "lib/conf.h"
#include "lib/log.h"
#include "lib/proc.h"
#include "checkers/checker_proc.h"

struct checker_proc {
	struct proc_child pc;
	struct checker_proc_opts opts;
	size_t nvs;
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
	struct conf_errs errs;
	struct conf *c;

	conf_errs_init(&errs);
	c = conf_load_buf("snapshot", text, len, NULL, &errs);
	for (size_t i = 0; i < errs.n; i++) {
		char *s = conf_diag_str(&errs.v[i]);

		log_warnx("%s", s);
		free(s);
	}
	if (!c || errs.nerr) {
		log_warnx("configuration snapshot rejected, keeping the running configuration");
	} else {
		/* Reload: the checkers diff c against their state and the kernel IPVS table here.
		 */
		cp->nvs = checker_proc_count(c);
		log_info("configuration reloaded: %zu virtual server%s", cp->nvs,
			 cp->nvs == 1 ? "" : "s");
		checker_proc_status(cp);
	}
	conf_free(c);
	conf_errs_free(&errs);
}

static void checker_proc_signal_cb(struct proc_child *pc, int signum)
{
	/* The data/stats/JSON dumps come with the checkers. */
	log_info("signal %d received: no checker state to dump yet", signum);
}

static void checker_proc_stop_cb(struct proc_child *pc)
{
	struct checker_proc *cp = pc->arg;

	/* Stop: the IPVS table is released here unless dont_release. */
	if (cp->opts.dont_release)
		log_info("keeping the IPVS table (--dont-release)");
}

int checker_proc_main(const struct conf *conf, int fd, const struct checker_proc_opts *opts)
{
	struct checker_proc cp;
	int rc;

	proc_child_init(&cp.pc, "checker", fd, &cp);
	cp.opts = *opts;
	cp.pc.on_conf = checker_proc_conf_cb;
	cp.pc.on_signal = checker_proc_signal_cb;
	cp.pc.on_stop = checker_proc_stop_cb;
	/* Start: the checkers and the IPVS table are set up from conf here. */
	cp.nvs = checker_proc_count(conf);
	log_info("started with %zu virtual server%s", cp.nvs, cp.nvs == 1 ? "" : "s");
	checker_proc_status(&cp);
	rc = proc_child_run(&cp.pc);
	ev_loop_destroy(cp.pc.loop);
	return rc;
}
