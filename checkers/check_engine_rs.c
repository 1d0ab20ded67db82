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
 * omega: at stop, and for a real server or virtual server a reload removes,
 * the up real servers' notify_down and an up quorum's quorum_down run.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checkers/check_engine_int.h"
#include "lib/log.h"
#include "lib/util.h"

#define CHECK_NOTIFY_TIMEOUT_S 30.0

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

void check_queues_free(struct check_engine *e)
{
	for (size_t i = 0; i < e->nqueues; i++) {
		script_queue_fini(&e->queues[i]->q, false);
		free(e->queues[i]);
	}
	free(e->queues);
	e->queues = NULL;
	e->nqueues = 0;
}

static void run_script(struct check_engine *e, const char *qname, const struct conf_lvs_script *s)
{
	struct script_opts o;
	char name[200];

	if (!s->cmd || !s->cmd[0])
		return;
	memset(&o, 0, sizeof(o));
	o.user = s->user;
	o.group = s->group;
	o.timeout_s = CHECK_NOTIFY_TIMEOUT_S;
	util_snprintf(name, sizeof(name), "[%s]", qname);
	script_queue_push(check_queue_get(e, name), s->cmd, &o);
}

void check_rs_record(struct check_engine *e, struct check_priv *p)
{
	char r[sizeof(((struct checker_rs_hist *)0)->last_result)];
	const char *kind = conf_check_type_str(p->ck.conf->type);

	util_snprintf(r, sizeof(r), "%s %s%s%s", kind, check_result_str(p->last_res),
		      p->last_detail[0] ? ": " : "", p->last_detail);
	for (size_t i = 0; i < p->nsubs; i++) {
		struct checker_rs *rs = e->rs[p->subs[i]].r;

		util_strlcpy(rs->h.last_result, r, sizeof(rs->h.last_result));
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
	char reason[256];

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
			log_info("[%s] %s -> %s (%s)", r->label, up ? "DOWN" : "UP",
				 up ? "UP" : "DOWN", reason);
			r->h.transitions++;
			r->h.last_change = check_wall_s();
			util_strlcpy(r->h.reason, reason, sizeof(r->h.reason));
			run_script(e, r->label, up ? &rt->crs->notify_up : &rt->crs->notify_down);
		}
	}
	if (w != r->dest.weight) {
		if (!silent)
			log_info("[%s] weight %d -> %d (%s)", r->label, r->dest.weight, w, reason);
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
		v->quorum_held = true;
		v->quorum_state = sum >= v->quorum;
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

static const struct checker_vs *vs_by_name(const struct checker_model *m, const char *name)
{
	for (size_t i = 0; m && i < m->nvss; i++)
		if (strcmp(m->vss[i].name, name) == 0)
			return &m->vss[i];
	return NULL;
}

void check_rs_apply(struct check_engine *e, const struct check_rs_rt *old_rs, size_t old_nrs,
		    const struct checker_model *old_m)
{
	bool changed = false;

	/* omega: what a reload removes says goodbye */
	for (size_t i = 0; old_m && i < old_nrs; i++) {
		const struct check_rs_rt *o = &old_rs[i];
		const struct checker_vs *ov = &old_m->vss[o->vs];
		const struct checker_vs *nv = vs_by_name(e->model, ov->name);

		if (!o->cvs->omega || !o->r->up || (nv && rs_in(nv, &o->r->dest)))
			continue;
		log_info("[%s] removed by the reload while up: notify_down (omega)", o->r->label);
		run_script(e, o->r->label, &o->crs->notify_down);
	}
	for (size_t i = 0; old_m && i < old_m->nvss; i++) {
		const struct checker_vs *ov = &old_m->vss[i];

		if (vs_by_name(e->model, ov->name) || !checker_vs_quorum(ov))
			continue;
		for (size_t k = 0; k < old_nrs; k++)
			if (old_rs[k].vs == i) {
				if (old_rs[k].cvs->omega)
					run_script(e, ov->label, &old_rs[k].cvs->quorum_down);
				break;
			}
	}
	for (size_t i = 0; i < e->nrs; i++) {
		struct check_rs_rt *rt = &e->rs[i];

		if (rs_eval(e, i, NULL, !rt->r->carried))
			changed = true;
	}
	for (size_t vi = 0; vi < e->model->nvss; vi++)
		if (vs_quorum_eval(e, vi, false))
			changed = true;
	if (changed && e->changed)
		e->changed(e->arg);
}

void check_engine_stop_rs(struct check_engine *e)
{
	if (!e->model)
		return;
	for (size_t i = 0; i < e->nrs; i++) {
		const struct check_rs_rt *rt = &e->rs[i];

		if (rt->cvs->omega && rt->r->up)
			run_script(e, rt->r->label, &rt->crs->notify_down);
	}
	for (size_t vi = 0; vi < e->model->nvss; vi++) {
		const struct checker_vs *v = &e->model->vss[vi];

		if (e->cvs[vi]->omega && checker_vs_quorum(v))
			run_script(e, v->label, &e->cvs[vi]->quorum_down);
	}
}
