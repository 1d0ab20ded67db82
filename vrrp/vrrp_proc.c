/*
 * vrrp_proc: the VRRP process's main loop (see vrrp_proc.h).
 *
 * It hands the config to the VRRP runtime (vrrp_run: instances, sockets,
 * VIPs), re-parses each CONF snapshot from the supervisor (a reload) and
 * gives it to vrrp_run_reload(), which diffs it against the live state,
 * forwards the dump signals to vrrp_run_dump(), and on SIGTERM stops the
 * instances (priority-0 adverts, VIPs released unless dont_release) and
 * exits 0.  The process's scheduling settings (vrrp_priority,
 * vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap, vrrp_cpu_affinity)
 * are applied through lib/sched at start and again after every reload; a
 * reload is parsed and applied at SCHED_OTHER so that RLIMIT_RTTIME cannot
 * kill the process while it parses a large config.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/child.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/proc.h"
#include "lib/sched.h"
#include "vrrp/vrrp_proc.h"
#include "vrrp/vrrp_run.h"

struct vrrp_proc {
	struct proc_child pc;
	struct vrrp_proc_opts opts;
	size_t ninstances;
	struct vrrp_run *run;
	struct sched_state sched;
};

static size_t vrrp_proc_count(const struct conf *c)
{
	const struct conf_vrrp *v;
	size_t n = 0;

	TAILQ_FOREACH (v, &c->vrrps, entry)
		n++;
	return n;
}

static void vrrp_proc_status(struct vrrp_proc *vp)
{
	char *s =
	    xasprintf("running %zu instance%s", vp->ninstances, vp->ninstances == 1 ? "" : "s");

	proc_child_status(&vp->pc, s);
	free(s);
}

static void vrrp_proc_conf_cb(struct proc_child *pc, const char *text, size_t len)
{
	struct vrrp_proc *vp = pc->arg;
	struct conf *c;

	sched_rt_suspend(&vp->sched);
	c = child_load_snapshot(text, len);
	if (!c) {
		log_warnx("configuration snapshot rejected, keeping the running configuration");
	} else {
		vrrp_run_reload(vp->run, c);
		sched_rt_resume(&vp->sched);
		conf_global_sched_apply(&c->global, CONF_PROC_VRRP, &vp->sched);
		vp->ninstances = vrrp_proc_count(c);
		log_info("configuration reloaded: %zu instance%s", vp->ninstances,
			 vp->ninstances == 1 ? "" : "s");
		vrrp_proc_status(vp);
	}
	sched_rt_resume(&vp->sched);
	conf_free(c);
}

/* The supervisor asks for the dump's text (it merges both processes' parts). */
static void vrrp_proc_dump_cb(struct proc_child *pc, int signum, FILE *f)
{
	struct vrrp_proc *vp = pc->arg;

	vrrp_run_dump_to(vp->run, signum, f);
}

static void vrrp_proc_signal_cb(struct proc_child *pc, int signum)
{
	struct vrrp_proc *vp = pc->arg;

	vrrp_run_dump(vp->run, signum);
}

static void vrrp_proc_stop_cb(struct proc_child *pc)
{
	struct vrrp_proc *vp = pc->arg;

	/* Priority-0 adverts, VIPs removed unless dont_release. */
	if (vp->opts.dont_release)
		log_info("keeping the VIPs and routes (--dont-release)");
	vrrp_run_stop(vp->run);
}

int vrrp_proc_main(const struct conf *conf, int fd, const struct vrrp_proc_opts *opts)
{
	struct vrrp_proc vp;
	int rc;

	proc_child_init(&vp.pc, "vrrp", fd, &vp);
	vp.opts = *opts;
	memset(&vp.sched, 0, sizeof(vp.sched));
	vp.pc.on_conf = vrrp_proc_conf_cb;
	vp.pc.on_signal = vrrp_proc_signal_cb;
	vp.pc.on_dump = vrrp_proc_dump_cb;
	vp.pc.on_stop = vrrp_proc_stop_cb;
	vp.run = vrrp_run_start(vp.pc.loop, conf, opts->dont_release);
	/* after the start-up work (sockets, VIPs), before the first advert is due */
	conf_global_sched_apply(&conf->global, CONF_PROC_VRRP, &vp.sched);
	vp.ninstances = vrrp_proc_count(conf);
	log_info("started with %zu instance%s", vp.ninstances, vp.ninstances == 1 ? "" : "s");
	vrrp_proc_status(&vp);
	rc = proc_child_run(&vp.pc);
	vrrp_run_free(vp.run);
	ev_loop_destroy(vp.pc.loop);
	return rc;
}
