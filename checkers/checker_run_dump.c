/*
 * checker_run_dump: the checker process's state dumps.
 *
 *   SIGUSR1     /tmp/vigil.check.data  text: per virtual server its kernel
 *               services and real servers (health, weight, method), the
 *               sorry server and quorum, and the sync counters;
 *   SIGRTMIN+2  /tmp/vigil.check.json  the same as one JSON document.
 *
 * That is when the checker process itself gets the signal; the directory is
 * $VIGIL_TMPDIR when set.  Files are written to PATH.tmp and renamed, so a
 * reader never sees half a dump.  Under vigild, the supervisor asks for the
 * same text (checker_run_dump_to()) and writes it after the VRRP process's
 * part into /tmp/vigil.data and /tmp/vigil.json.
 */
#include "config.h"

#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "checkers/check_engine.h"
#include "checkers/checker_run.h"
#include "checkers/checker_run_int.h"
#include "lib/log.h"
#include "lib/util.h"

#define DATA_NAME "vigil.check.data"
#define JSON_NAME "vigil.check.json"

static const char *rs_state(const struct checker_vs *v, const struct checker_rs *rs)
{
	if (!rs->up)
		return rs->inhibit ? "down (inhibited, weight 0)" : "down (removed)";
	if (v->has_sorry && !checker_vs_quorum(v))
		return "up (quorum lost: sorry server)";
	return "up";
}

static void write_text(struct checker_run *r, FILE *f)
{
	const struct checker_model *m = r->model;
	char b[ADDR_STRLEN + 10];

	fprintf(f, "------< IPVS >------\n");
	fprintf(f, " Virtual servers = %zu, kernel services = %zu, real servers = %zu\n", m->nvss,
		m->nsvcs, m->nrss);
	fprintf(f, " Syncs = %lu (every %.0f s), operations applied = %lu, failed = %lu\n",
		r->stats.syncs, CHECKER_RUN_RESYNC_S, r->stats.applied, r->stats.failed);
	fprintf(f, " Last sync: %zu changes in %.1f ms\n", r->stats.last_changes,
		r->stats.last_sync_ms);
	for (size_t i = 0; i < m->nvss; i++) {
		const struct checker_vs *v = &m->vss[i];

		fprintf(f, " Virtual server = %s\n", v->name);
		for (size_t k = 0; k < v->nsvcs; k++)
			fprintf(f, "   Service = %s, scheduler %s\n", v->labels[k],
				v->svcs[k].sched_name);
		fprintf(f, "   Quorum = %u, hysteresis %u, %s (weight %llu, %lu changes)\n",
			v->quorum, v->hysteresis, checker_vs_quorum(v) ? "up" : "down",
			(unsigned long long)checker_vs_weight_sum(v), v->quorum_changes);
		for (size_t j = 0; j < v->nrss; j++) {
			const struct checker_rs *rs = &v->rss[j];

			fprintf(f, "   Real server = %s, weight %d (configured %d), %s, %s\n",
				ipvs_sync_dest_name(&rs->dest, b, sizeof(b)), rs->dest.weight,
				rs->cfg_weight, ipvs_fwd_str(rs->dest.fwd), rs_state(v, rs));
			fprintf(f, "     checks %u, ok %lu, failed %lu, transitions %lu\n",
				rs->nchecks, rs->h.ok, rs->h.failed, rs->h.transitions);
			if (rs->h.last_result && rs->h.last_result[0])
				fprintf(f, "     last result: %s (%.1f ms)\n", rs->h.last_result,
					rs->h.last_ms);
			if (rs->h.last_change > 0) {
				char tb[64];
				time_t t = (time_t)rs->h.last_change;
				struct tm tm;

				strftime(tb, sizeof(tb), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
				fprintf(f, "     last transition: %s to %s (%s)\n", tb,
					rs->up ? "UP" : "DOWN", rs->h.reason ? rs->h.reason : "");
			}
		}
		if (v->has_sorry)
			fprintf(f, "   Sorry server = %s%s\n",
				ipvs_sync_dest_name(&v->sorry, b, sizeof(b)),
				v->sorry_inhibit ? " (inhibit)" : "");
	}
	fprintf(f, " Health batches = %lu, last %zu operations\n", r->stats.batches,
		r->stats.last_batch_ops);
	check_engine_dump_text(r->eng, f);
}

static json_object *to_json(struct checker_run *r)
{
	const struct checker_model *m = r->model;
	json_object *root = json_object_new_object(), *vss = json_object_new_array();
	json_object *st = json_object_new_object();
	char b[ADDR_STRLEN + 10];

	json_object_object_add(st, "syncs", json_object_new_int64((int64_t)r->stats.syncs));
	json_object_object_add(st, "applied", json_object_new_int64((int64_t)r->stats.applied));
	json_object_object_add(st, "failed", json_object_new_int64((int64_t)r->stats.failed));
	json_object_object_add(st, "resync_interval_s",
			       json_object_new_double(CHECKER_RUN_RESYNC_S));
	json_object_object_add(root, "ipvs", st);
	for (size_t i = 0; i < m->nvss; i++) {
		const struct checker_vs *v = &m->vss[i];
		json_object *jv = json_object_new_object(), *svcs = json_object_new_array();
		json_object *rss = json_object_new_array();

		json_object_object_add(jv, "name", json_object_new_string(v->name));
		for (size_t k = 0; k < v->nsvcs; k++)
			json_object_array_add(svcs, json_object_new_string(v->labels[k]));
		json_object_object_add(jv, "services", svcs);
		json_object_object_add(jv, "quorum", json_object_new_int64(v->quorum));
		json_object_object_add(jv, "label", json_object_new_string(v->label));
		json_object_object_add(jv, "hysteresis", json_object_new_int64(v->hysteresis));
		json_object_object_add(jv, "quorum_up",
				       json_object_new_boolean(checker_vs_quorum(v)));
		json_object_object_add(jv, "weight_sum",
				       json_object_new_int64((int64_t)checker_vs_weight_sum(v)));
		json_object_object_add(jv, "quorum_changes",
				       json_object_new_int64((int64_t)v->quorum_changes));
		json_object_object_add(
		    jv, "sorry_active",
		    json_object_new_boolean(v->has_sorry && !checker_vs_quorum(v)));
		for (size_t j = 0; j < v->nrss; j++) {
			const struct checker_rs *rs = &v->rss[j];
			json_object *jr = json_object_new_object();
			char lb[CHECKER_LABEL_MAX];

			json_object_object_add(
			    jr, "address",
			    json_object_new_string(ipvs_sync_dest_name(&rs->dest, b, sizeof(b))));
			json_object_object_add(jr, "weight", json_object_new_int(rs->dest.weight));
			json_object_object_add(jr, "method",
					       json_object_new_string(ipvs_fwd_str(rs->dest.fwd)));
			json_object_object_add(jr, "up", json_object_new_boolean(rs->up));
			json_object_object_add(jr, "inhibit", json_object_new_boolean(rs->inhibit));
			json_object_object_add(
			    jr, "label",
			    json_object_new_string(checker_rs_label(v, rs, lb, sizeof(lb))));
			json_object_object_add(jr, "state",
					       json_object_new_string(rs->up ? "UP" : "DOWN"));
			json_object_object_add(jr, "configured_weight",
					       json_object_new_int(rs->cfg_weight));
			json_object_object_add(jr, "checks", json_object_new_int64(rs->nchecks));
			json_object_object_add(jr, "checks_ok",
					       json_object_new_int64((int64_t)rs->h.ok));
			json_object_object_add(jr, "checks_failed",
					       json_object_new_int64((int64_t)rs->h.failed));
			json_object_object_add(jr, "transitions",
					       json_object_new_int64((int64_t)rs->h.transitions));
			json_object_object_add(
			    jr, "last_result",
			    json_object_new_string(rs->h.last_result ? rs->h.last_result : ""));
			json_object_object_add(jr, "last_latency_ms",
					       json_object_new_double(rs->h.last_ms));
			json_object_object_add(jr, "last_transition",
					       json_object_new_double(rs->h.last_change));
			json_object_object_add(
			    jr, "last_transition_reason",
			    json_object_new_string(rs->h.reason ? rs->h.reason : ""));
			json_object_array_add(rss, jr);
		}
		json_object_object_add(jv, "real_servers", rss);
		if (v->has_sorry)
			json_object_object_add(
			    jv, "sorry_server",
			    json_object_new_string(ipvs_sync_dest_name(&v->sorry, b, sizeof(b))));
		json_object_array_add(vss, jv);
	}
	json_object_object_add(root, "virtual_servers", vss);
	json_object_object_add(st, "health_batches",
			       json_object_new_int64((int64_t)r->stats.batches));
	json_object_object_add(root, "checks", check_engine_dump_json(r->eng));
	return root;
}

void checker_run_dump_to(struct checker_run *r, int signum, FILE *f)
{
	if (signum == SIGUSR1) {
		write_text(r, f);
	} else if (signum == SIGRTMIN + 2) {
		json_object *o = to_json(r);

		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY), f);
		fputc('\n', f);
		json_object_put(o);
	}
}

void checker_run_dump(struct checker_run *r, int signum)
{
	char *path, *tmp;
	FILE *f;

	if (signum != SIGUSR1 && signum != SIGRTMIN + 2)
		return;
	path = util_tmp_path(signum == SIGUSR1 ? DATA_NAME : JSON_NAME);
	tmp = xasprintf("%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		log_warn("cannot write %s", tmp);
	} else {
		checker_run_dump_to(r, signum, f);
		if (fclose(f) != 0 || rename(tmp, path) != 0) {
			log_warn("cannot write %s", path);
			remove(tmp);
		} else {
			log_info("checker state written to %s", path);
		}
	}
	free(tmp);
	free(path);
}
