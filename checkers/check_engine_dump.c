/*
 * check_engine_dump: each distinct probe's state for the checker's dumps
 * (text lines and a JSON array; checker_run_dump.c writes the rest).
 */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>

#include "checkers/check_engine_int.h"

static const char *state_str(const struct check_priv *p)
{
	if (p->no_kind)
		return "unavailable";
	return p->cnt.up ? "up" : "down";
}

void check_engine_dump_text(const struct check_engine *e, FILE *f)
{
	fprintf(f, " Checks = %zu distinct probes\n", e->n);
	for (size_t i = 0; i < e->n; i++) {
		const struct check_priv *p = e->checks[i];
		char r[256];

		check_reason(p, r, sizeof(r));
		fprintf(f, "   Check = %s, %s, subscribers %u, ok %lu, failed %lu (timeouts %lu)",
			check_label(&p->ck), state_str(p), p->nsubs, p->n_ok, p->n_fail,
			p->n_timeout);
		if (p->cnt.fails || p->cnt.succs)
			fprintf(f, ", %s %u in a row", p->cnt.fails ? "failures" : "successes",
				p->cnt.fails ? p->cnt.fails : p->cnt.succs);
		fprintf(f, ", last: %s\n", r);
	}
}

struct json_object *check_engine_dump_json(const struct check_engine *e)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < e->n; i++) {
		const struct check_priv *p = e->checks[i];
		json_object *o = json_object_new_object(), *subs = json_object_new_array();
		char lb[CHECKER_LABEL_MAX];

		json_object_object_add(o, "label", json_object_new_string(check_label(&p->ck)));
		json_object_object_add(
		    o, "type", json_object_new_string(conf_check_type_str(p->ck.conf->type)));
		json_object_object_add(o, "state", json_object_new_string(state_str(p)));
		json_object_object_add(o, "up", json_object_new_boolean(p->cnt.up));
		json_object_object_add(o, "running", json_object_new_boolean(p->running));
		json_object_object_add(o, "ok", json_object_new_int64((int64_t)p->n_ok));
		json_object_object_add(o, "failed", json_object_new_int64((int64_t)p->n_fail));
		json_object_object_add(o, "timeouts", json_object_new_int64((int64_t)p->n_timeout));
		json_object_object_add(o, "fails_in_row", json_object_new_int64(p->cnt.fails));
		json_object_object_add(o, "successes_in_row", json_object_new_int64(p->cnt.succs));
		if (p->has_result) {
			json_object_object_add(
			    o, "last_result",
			    json_object_new_string(check_result_str(p->last_res)));
			json_object_object_add(o, "last_detail",
					       json_object_new_string(p->last_detail));
			json_object_object_add(o, "last_latency_ms",
					       json_object_new_double(p->last_ms));
		}
		if (p->weight >= 0)
			json_object_object_add(o, "weight", json_object_new_int64(p->weight));
		json_object_object_add(o, "last_change", json_object_new_double(p->last_change));
		for (size_t k = 0; k < p->nsubs; k++)
			json_object_array_add(subs,
					      json_object_new_string(check_rt_label(
						  e->model, &e->rs[p->subs[k]], lb, sizeof(lb))));
		json_object_object_add(o, "subscribers", subs);
		json_object_array_add(a, o);
	}
	return a;
}
