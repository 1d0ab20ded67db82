/*
 * check_engine_rs: what the checks' verdicts do to the real servers and the
 * virtual servers (the engine's part in check_engine.c).
 *
 * A real server is up when all its checks are up (rs_state_up); its weight
 * is the configured one unless one of its checks reported a dynamic weight.
 * Each change is logged once, as
 *   "[vs 192.0.2.100:80 rs 198.51.100.1:80] UP -> DOWN (TCP_CHECK connect
 *    failed: Connection refused, 0.2 ms)"
 * and runs the real server's notify_up / notify_down through its script
 * queue (in order, killed with their process group after
 * CHECK_NOTIFY_TIMEOUT_S).  Then the virtual server's quorum is re-evaluated
 * with hysteresis (rs_state_quorum_next); a quorum change is logged
 * ("[vs 192.0.2.100:80] quorum lost (weight 0, quorum 1, hysteresis 0)")
 * and runs quorum_up / quorum_down.  Any change marks the model for the
 * runtime's next IPVS batch (the `changed` callback).
 *
 * A virtual server's quorum starts (at start, or when a reload adds the
 * virtual server) as keepalived's does: down, gained at once when the
 * weights reach quorum + hysteresis; a quorum met at start runs quorum_up,
 * one not met with a sorry server runs quorum_down ("[vs ...] starting with
 * quorum up (...)").
 *
 * Every real-server change and quorum change (the start's included) is also
 * a line on lvs_notify_fifo and the global notify_fifo, in keepalived's
 * format: "RS [198.51.100.1]:tcp:80 [192.0.2.100]:tcp:80 UP",
 * "VS [192.0.2.100]:tcp:80 DOWN" ("FWM 7", "[GROUP]:0" for the other
 * virtual servers).  lvs_notify_fifo_script is started here; the global
 * notify_fifo_script only when no VRRP process runs (the config has no VRRP
 * instance, or vigild -C: check_notify_set_no_vrrp()); otherwise the VRRP
 * process runs it.
 *
 * omega: for a real server or virtual server a reload removes, the up real
 * servers' notify_down and an up quorum's quorum_down run.  At stop, every
 * queue is flushed first (what waits is dropped, what runs gets SIGTERM and
 * SIGKILL a second later, as keepalived's stop does), then with omega the
 * up real servers' notify_down and an up quorum's quorum_down start (RS and
 * VS DOWN lines on the FIFOs), each killed after CHECK_STOP_NOTIFY_TIMEOUT_S
 * (keepalived's 1 s); check_queues_free() waits for them, at most
 * CHECK_STOP_WAIT_S, before the process exits, and closes the FIFOs.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/check_engine_int.h"
#include "lib/addr.h"
#include "lib/log.h"
#include "lib/notify_fifo.h"
#include "lib/util.h"

#define CHECK_NOTIFY_TIMEOUT_S	    30.0
#define CHECK_STOP_NOTIFY_TIMEOUT_S 1.0 /* keepalived: TIMER_HZ */
#define CHECK_STOP_WAIT_S	    3.0 /* under the supervisor's 5 s SIGKILL */

enum { CHECK_FIFO_ALL, CHECK_FIFO_LVS, CHECK_FIFO_MAX }; /* notify_fifo, lvs_notify_fifo */

struct check_notify {
	struct notify_fifo fifos[CHECK_FIFO_MAX];
	bool stopping; /* check_engine_stop_rs() ran: wait for the scripts at free */
};

static struct check_notify *notify_of(struct check_engine *e)
{
	if (!e->notify) {
		e->notify = xcalloc(1, sizeof(*e->notify));
		for (int i = 0; i < CHECK_FIFO_MAX; i++)
			notify_fifo_init(&e->notify->fifos[i], e->loop);
	}
	return e->notify;
}

/* ---- notify FIFOs ---- */

static const char *proto_str(enum conf_lvs_proto p)
{
	return p == CONF_PROTO_UDP ? "udp" : p == CONF_PROTO_SCTP ? "sctp" : "tcp";
}

/* keepalived's FMT_VS: "[192.0.2.100]:tcp:80", "FWM 7", "[NAME]:0". */
static void fifo_vs_str(const struct conf_vs *v, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	switch (v->kind) {
	case CONF_VS_FWMARK:
		util_snprintf(buf, len, "FWM %u", v->fwmark);
		break;
	case CONF_VS_GROUP:
		util_snprintf(buf, len, "[%s]:0", v->group ? v->group : "");
		break;
	default:
		util_snprintf(buf, len, "[%s]:%s:%u", addr_str(&v->addr, a, sizeof(a)),
			      proto_str(v->proto), v->port);
		break;
	}
}

static void fifo_line(struct check_engine *e, const char *line)
{
	struct check_notify *n = e->notify;

	if (!n)
		return;
	for (int i = 0; i < CHECK_FIFO_MAX; i++)
		notify_fifo_write(&n->fifos[i], line);
}

static void fifo_rs(struct check_engine *e, const struct check_rs_rt *rt, bool up)
{
	char vs[300], a[ADDR_STRLEN], line[700];

	if (!e->notify)
		return;
	fifo_vs_str(rt->cvs, vs, sizeof(vs));
	util_snprintf(line, sizeof(line), "RS [%s]:%s:%u %s %s",
		      addr_str(&rt->crs->addr, a, sizeof(a)), proto_str(rt->cvs->proto),
		      rt->crs->port, vs, up ? "UP" : "DOWN");
	fifo_line(e, line);
}

static void fifo_vs(struct check_engine *e, const struct conf_vs *v, bool up)
{
	char vs[300], line[400];

	if (!e->notify)
		return;
	fifo_vs_str(v, vs, sizeof(vs));
	util_snprintf(line, sizeof(line), "VS %s %s", vs, up ? "UP" : "DOWN");
	fifo_line(e, line);
}

static bool check_no_vrrp; /* -C: no VRRP process runs the global FIFO's script */

void check_notify_set_no_vrrp(bool no_vrrp)
{
	check_no_vrrp = no_vrrp;
}

/* Open (or keep) the FIFOs of the config in force. */
static void fifos_apply(struct check_engine *e)
{
	const struct conf_global *g = &e->conf->global;
	const struct conf_fifo *cf[CHECK_FIFO_MAX] = {&g->notify_fifo, &g->lvs_notify_fifo};
	/* the VRRP process runs the global FIFO's script when it runs */
	bool own_script[CHECK_FIFO_MAX] = {check_no_vrrp || !conf_has_vrrp(e->conf), true};
	struct check_notify *n;

	if (!e->notify && !cf[0]->path && !cf[1]->path)
		return;
	n = notify_of(e);
	for (int i = 0; i < CHECK_FIFO_MAX; i++) {
		struct notify_fifo_conf nc = {
		    .path = cf[i]->path,
		    .user = cf[i]->user,
		    .group = cf[i]->group,
		    .cmd = own_script[i] ? cf[i]->script.cmd : NULL,
		    .cmd_user = cf[i]->script.user,
		    .cmd_group = cf[i]->script.group,
		};

		if (!notify_fifo_same(&n->fifos[i], &nc))
			notify_fifo_open(&n->fifos[i], &nc, NULL);
	}
}

void check_reason(const struct check_priv *p, char *buf, size_t len)
{
	const char *kind = conf_check_type_str(p->ck.conf->type);

	if (!p->has_result) {
		util_snprintf(buf, len, "%s %s", kind,
			      p->no_kind ? "not available" : (p->cnt.up ? "initial" : "alpha"));
		return;
	}
	util_snprintf(buf, len, "%s %s%s%s, %.1f ms", kind, check_result_str(p->last_res),
		      p->last_detail[0] ? ": " : "", p->last_detail, p->last_ms);
}

struct script_queue *check_queue_get(struct check_engine *e, const char *name)
{
	struct check_queue *cq;

	for (size_t i = 0; i < e->nqueues; i++)
		if (strcmp(e->queues[i]->q.name, name) == 0)
			return &e->queues[i]->q;
	cq = xcalloc(1, sizeof(*cq));
	script_queue_init(&cq->q, e->loop, name);
	e->queues = xrealloc(e->queues, (e->nqueues + 1) * sizeof(*e->queues));
	e->queues[e->nqueues++] = cq;
	return &cq->q;
}

/* Queues with nothing running or waiting are dropped at each apply (the next
 * script makes one again): servers that a reload removed leave none behind. */
static void check_queues_prune(struct check_engine *e)
{
	size_t j = 0;

	for (size_t i = 0; i < e->nqueues; i++) {
		if (script_queue_busy(&e->queues[i]->q)) {
			e->queues[j++] = e->queues[i];
			continue;
		}
		script_queue_fini(&e->queues[i]->q, false);
		free(e->queues[i]);
	}
	e->nqueues = j;
}

void check_queues_free(struct check_engine *e)
{
	struct check_notify *n = e->notify;

	if (n && n->stopping) {
		/* the stop's scripts: wait for them before the process exits */
		double t0 = ev_time(), until = t0 + CHECK_STOP_WAIT_S;
		size_t busy = 0;
		bool all = true;

		for (size_t i = 0; i < e->nqueues; i++)
			if (script_queue_busy(&e->queues[i]->q)) {
				busy++;
				if (!script_queue_wait(&e->queues[i]->q, until))
					all = false;
			}
		if (busy)
			log_info("stop: waited %.0f ms for the notify scripts of %zu server%s%s",
				 (ev_time() - t0) * 1000.0, busy, busy == 1 ? "" : "s",
				 all ? "" : " (the rest killed)");
	}
	for (size_t i = 0; i < e->nqueues; i++) {
		script_queue_fini(&e->queues[i]->q, n && n->stopping);
		free(e->queues[i]);
	}
	free(e->queues);
	e->queues = NULL;
	e->nqueues = 0;
	if (n) {
		for (int i = 0; i < CHECK_FIFO_MAX; i++)
			notify_fifo_close(&n->fifos[i]);
		free(n);
		e->notify = NULL;
	}
}

static void run_script_t(struct check_engine *e, const char *qname, const struct conf_lvs_script *s,
			 double timeout_s)
{
	struct script_opts o;
	char name[200];

	if (!s->cmd || !s->cmd[0])
		return;
	memset(&o, 0, sizeof(o));
	o.user = s->user;
	o.group = s->group;
	o.timeout_s = timeout_s;
	util_snprintf(name, sizeof(name), "[%s]", qname);
	script_queue_push(check_queue_get(e, name), s->cmd, &o);
}

static void run_script(struct check_engine *e, const char *qname, const struct conf_lvs_script *s)
{
	run_script_t(e, qname, s, CHECK_NOTIFY_TIMEOUT_S);
}

void check_rs_record(struct check_engine *e, struct check_priv *p)
{
	char r[CHECKER_RS_RESULT_MAX + 1];
	const char *kind = conf_check_type_str(p->ck.conf->type);

	util_snprintf(r, sizeof(r), "%s %s%s%s", kind, check_result_str(p->last_res),
		      p->last_detail[0] ? ": " : "", p->last_detail);
	for (size_t i = 0; i < p->nsubs; i++) {
		struct checker_rs *rs = e->rs[p->subs[i]].r;

		checker_rs_hist_set(&rs->h.last_result, r, CHECKER_RS_RESULT_MAX);
		rs->h.last_ms = p->last_ms;
		if (p->last_res == CHECK_OK)
			rs->h.ok++;
		else
			rs->h.failed++;
	}
}

/* The health its checks give a real server: up, and the dynamic weight. */
static bool rs_health(const struct check_rs_rt *rt, int64_t *dyn,
		      const struct check_priv **first_down)
{
	uint32_t ndown = 0;

	*dyn = -1;
	*first_down = NULL;
	for (size_t k = 0; k < rt->nck; k++) {
		const struct check_priv *p = rt->cks[k];

		if (!p->cnt.up) {
			ndown++;
			if (!*first_down)
				*first_down = p;
		}
		if (p->weight >= 0)
			*dyn = p->weight;
	}
	return rs_state_up((uint32_t)rt->nck, ndown, rt->r->up);
}

/* Re-evaluate one real server; cause: the check whose verdict changed (NULL:
 * a reload).  silent: set the state without a transition (a new server). */
static bool rs_eval(struct check_engine *e, size_t idx, const struct check_priv *cause, bool silent)
{
	struct check_rs_rt *rt = &e->rs[idx];
	struct checker_rs *r = rt->r;
	const struct check_priv *down;
	int64_t dyn;
	bool up = rs_health(rt, &dyn, &down), changed = false;
	int32_t w = rs_state_weight(r->cfg_weight, dyn);
	char reason[256], lb[CHECKER_LABEL_MAX];

	if (!cause)
		cause = up ? (rt->nck ? rt->cks[0] : NULL) : down;
	if (cause)
		check_reason(cause, reason, sizeof(reason));
	else
		util_strlcpy(reason, "no check", sizeof(reason));
	r->dyn_weight = dyn;
	if (up != r->up) {
		changed = true;
		r->up = up;
		if (!silent) {
			check_rt_label(e->model, rt, lb, sizeof(lb));
			log_info("[%s] %s -> %s (%s)", lb, up ? "DOWN" : "UP", up ? "UP" : "DOWN",
				 reason);
			r->h.transitions++;
			r->h.last_change = check_wall_s();
			checker_rs_hist_set(&r->h.reason, reason, CHECKER_RS_REASON_MAX);
			run_script(e, lb,
				   up ? conf_rs_notify_up(rt->crs) : conf_rs_notify_down(rt->crs));
			fifo_rs(e, rt, up);
		}
	}
	if (w != r->dest.weight) {
		if (!silent)
			log_info("[%s] weight %d -> %d (%s)",
				 check_rt_label(e->model, rt, lb, sizeof(lb)), r->dest.weight, w,
				 reason);
		r->dest.weight = w;
		changed = true;
	}
	return changed;
}

/* Re-evaluate a virtual server's quorum (silent: just take the raw state). */
static bool vs_quorum_eval(struct check_engine *e, size_t vi, bool silent)
{
	struct checker_vs *v = &e->model->vss[vi];
	const struct conf_vs *cvs = e->cvs[vi];
	uint64_t sum = checker_vs_weight_sum(v);
	bool next;

	if (silent || !v->quorum_held) {
		/* keepalived: a quorum starts down and is gained at once when the
		 * weights reach quorum + hysteresis */
		bool start = !v->quorum_held && !silent;

		v->quorum_held = true;
		v->quorum_state = rs_state_quorum_next(false, sum, v->quorum, v->hysteresis);
		if (!start)
			return false;
		if (!v->quorum_state && !v->has_sorry)
			return false;
		fifo_vs(e, cvs, v->quorum_state);
		if (cvs->quorum_up.cmd || cvs->quorum_down.cmd || v->has_sorry)
			log_info("[%s] starting with quorum %s (weight %llu, quorum %u, hysteresis "
				 "%u)%s",
				 v->label, v->quorum_state ? "up" : "down", (unsigned long long)sum,
				 v->quorum, v->hysteresis,
				 v->has_sorry && !v->quorum_state ? ": sorry server in" : "");
		run_script(e, v->label, v->quorum_state ? &cvs->quorum_up : &cvs->quorum_down);
		return false;
	}
	next = rs_state_quorum_next(v->quorum_state, sum, v->quorum, v->hysteresis);
	if (next == v->quorum_state)
		return false;
	v->quorum_state = next;
	v->quorum_changes++;
	log_info("[%s] quorum %s (weight %llu, quorum %u, hysteresis %u)%s", v->label,
		 next ? "gained" : "lost", (unsigned long long)sum, v->quorum, v->hysteresis,
		 v->has_sorry ? (next ? ": sorry server out" : ": sorry server in") : "");
	run_script(e, v->label, next ? &cvs->quorum_up : &cvs->quorum_down);
	fifo_vs(e, cvs, next);
	return true;
}

void check_rs_check_changed(struct check_engine *e, struct check_priv *p)
{
	bool changed = false;

	if (e->stopped)
		return;
	for (size_t i = 0; i < p->nsubs; i++) {
		size_t idx = p->subs[i];

		if (rs_eval(e, idx, p, false)) {
			changed = true;
			vs_quorum_eval(e, e->rs[idx].vs, false);
		}
	}
	if (changed && e->changed)
		e->changed(e->arg);
}

static bool rs_in(const struct checker_vs *v, const struct ipvs_dest *d)
{
	for (size_t j = 0; j < v->nrss; j++)
		if (ipvs_dest_key_eq(&v->rss[j].dest, d))
			return true;
	return false;
}

const char *check_rt_label(const struct checker_model *m, const struct check_rs_rt *rt, char *buf,
			   size_t len)
{
	return checker_rs_label(&m->vss[rt->vs], rt->r, buf, len);
}

static const struct checker_vs *vs_by_name(const struct checker_model *m, const char *name)
{
	for (size_t i = 0; m && i < m->nvss; i++)
		if (strcmp(m->vss[i].name, name) == 0)
			return &m->vss[i];
	return NULL;
}

/* rs_init_notifies, at start: every real server's first state is notified as
 * a change would be (notify_up or notify_down, the FIFO's RS line), in the
 * order of the config. */
static void rs_init_notify(struct check_engine *e)
{
	for (size_t i = 0; i < e->nrs; i++) {
		const struct check_rs_rt *rt = &e->rs[i];
		bool up = rt->r->up;
		char lb[CHECKER_LABEL_MAX];

		check_rt_label(e->model, rt, lb, sizeof(lb));
		log_info("[%s] starting %s: %s (rs_init_notifies)", lb, up ? "UP" : "DOWN",
			 up ? "notify_up" : "notify_down");
		run_script(e, lb, up ? conf_rs_notify_up(rt->crs) : conf_rs_notify_down(rt->crs));
		fifo_rs(e, rt, up);
	}
}

void check_rs_apply(struct check_engine *e, const struct check_rs_rt *old_rs, size_t old_nrs,
		    const struct checker_model *old_m)
{
	bool changed = false;

	check_queues_prune(e);
	fifos_apply(e);
	/* omega: what a reload removes says goodbye */
	for (size_t i = 0; old_m && i < old_nrs; i++) {
		const struct check_rs_rt *o = &old_rs[i];
		const struct checker_vs *ov = &old_m->vss[o->vs];
		const struct checker_vs *nv = vs_by_name(e->model, ov->name);
		char lb[CHECKER_LABEL_MAX];

		if (!o->cvs->omega || !o->r->up || (nv && rs_in(nv, &o->r->dest)))
			continue;
		check_rt_label(old_m, o, lb, sizeof(lb));
		log_info("[%s] removed by the reload while up: notify_down (omega)", lb);
		run_script(e, lb, conf_rs_notify_down(o->crs));
		fifo_rs(e, o, false);
	}
	for (size_t i = 0; old_m && i < old_m->nvss; i++) {
		const struct checker_vs *ov = &old_m->vss[i];

		if (vs_by_name(e->model, ov->name) || !checker_vs_quorum(ov))
			continue;
		for (size_t k = 0; k < old_nrs; k++)
			if (old_rs[k].vs == i) {
				if (old_rs[k].cvs->omega) {
					run_script(e, ov->label, &old_rs[k].cvs->quorum_down);
					fifo_vs(e, old_rs[k].cvs, false);
				}
				break;
			}
	}
	for (size_t i = 0; i < e->nrs; i++) {
		struct check_rs_rt *rt = &e->rs[i];

		if (rs_eval(e, i, NULL, !rt->r->carried))
			changed = true;
	}
	if (!e->applied && e->conf->global.rs_init_notifies)
		rs_init_notify(e);
	for (size_t vi = 0; vi < e->model->nvss; vi++)
		if (vs_quorum_eval(e, vi, false))
			changed = true;
	if (changed && e->changed)
		e->changed(e->arg);
}

void check_engine_stop_rs(struct check_engine *e)
{
	size_t dropped = 0;

	if (!e->model)
		return;
	notify_of(e)->stopping = true;
	/* keepalived's stop: what runs gets SIGTERM (SIGKILL a second later),
	 * what waits is dropped */
	for (size_t i = 0; i < e->nqueues; i++)
		dropped +=
		    script_queue_flush(&e->queues[i]->q, SIGTERM, CHECK_STOP_NOTIFY_TIMEOUT_S);
	if (dropped)
		log_info("stop: %zu queued notify script%s dropped", dropped,
			 dropped == 1 ? "" : "s");
	for (size_t i = 0; i < e->nrs; i++) {
		const struct check_rs_rt *rt = &e->rs[i];
		char lb[CHECKER_LABEL_MAX];

		if (rt->cvs->omega && rt->r->up) {
			run_script_t(e, check_rt_label(e->model, rt, lb, sizeof(lb)),
				     conf_rs_notify_down(rt->crs), CHECK_STOP_NOTIFY_TIMEOUT_S);
			fifo_rs(e, rt, false);
		}
	}
	for (size_t vi = 0; vi < e->model->nvss; vi++) {
		const struct checker_vs *v = &e->model->vss[vi];

		if (e->cvs[vi]->omega && checker_vs_quorum(v)) {
			run_script_t(e, v->label, &e->cvs[vi]->quorum_down,
				     CHECK_STOP_NOTIFY_TIMEOUT_S);
			fifo_vs(e, e->cvs[vi], false);
		}
	}
}
