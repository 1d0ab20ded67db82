/*
 * checker_run: the checker process's runtime (see checker_run.h).
 *
 * One sync = dump the kernel's services, dump the destinations of those we
 * own (desired now, or retired by a reload), ipvs_sync_diff() against the
 * desired table of the model, and send the operations as one pipelined batch
 * (ipvs_nl): each result is logged against its object.  Syncs run at start,
 * at each reload and on a repeating timer; a batch whose effect is unknown
 * (a lost ACK) brings the next sync forward.  A reload whose base is known
 * (the last sync or batch succeeded) diffs against that base and reads only
 * the services new to it (checker_run_reload_sync).
 */
#include "config.h"

#include <errno.h>
#include <ev.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "checkers/check_engine.h"
#include "checkers/checker_run.h"
#include "checkers/checker_run_int.h"
#include "ipvs/ipvs_nl.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static bool open_nl(struct checker_run *r)
{
	int rc;

	if (r->nl)
		return true;
	rc = ipvs_nl_open(&r->nl);
	if (rc < 0) {
		r->nl = NULL;
		if (rc != r->open_err)
			log_warnx("IPVS: cannot open generic netlink family: %s%s", strerror(-rc),
				  rc == -ENOENT ? " (no IPVS in this kernel; retrying)" : "");
		r->open_err = rc;
		return false;
	}
	if (r->open_err)
		log_info("IPVS: generic netlink family opened");
	r->open_err = 0;
	/* room for the ACKs of a 100,000-object batch; forced when allowed */
	ipvs_nl_set_bufsizes(r->nl, 32 << 20, 8 << 20);
	return true;
}

/* ---- the batch ---- */

/*
 * The results are only recorded while the batch runs (the transport reports
 * each chunk before it sends the next: logging there would hold the batch
 * up) and logged once it is done.
 */
struct batch_ctx {
	int *err;
	char **ext;
};

static void batch_result_cb(const struct ipvs_nl_result *res, void *arg)
{
	struct batch_ctx *ctx = arg;
	size_t i = (size_t)(uintptr_t)res->cookie;

	ctx->err[i] = res->err;
	if (res->err && res->ext)
		ctx->ext[i] = xstrdup(res->ext);
}

static void log_result(struct checker_run *r, const struct ipvs_sync_op *op, int err,
		       const char *ext)
{
	char buf[256];
	const char *what = ipvs_sync_op_str(op, buf, sizeof(buf));

	if (!what)
		what = ipvs_sync_kind_str(op->kind);
	if (err) {
		log_warnx("[%s] %s failed: %s%s%s", op->label, what,
			  ipvs_nl_strerror(ipvs_sync_kind_cmd(op->kind), err), ext ? ": " : "",
			  ext ? ext : "");
		r->stats.failed++;
	} else {
		log_info("[%s] %s", op->label, what);
		r->stats.applied++;
	}
}

/* Send ops; returns the number that failed (-1: socket error); *unknown counts
 * the requests whose outcome is unknown (lost ACK). */
static long run_ops(struct checker_run *r, struct ipvs_sync_ops *ops, size_t *unknown)
{
	struct batch_ctx ctx;
	size_t n = ops->n ? ops->n : 1, nunknown = 0;
	long failed = 0;
	int rc;

	ctx.err = xcalloc(n, sizeof(*ctx.err));
	ctx.ext = xcalloc(n, sizeof(*ctx.ext));
	for (size_t i = 0; i < ops->n; i++) {
		struct ipvs_req req;

		ipvs_sync_op_req(&ops->v[i], &req);
		if (ipvs_nl_batch_add(r->nl, &req, (void *)(uintptr_t)i) < 0)
			ctx.err[i] = EINVAL; /* cannot be encoded: reported below */
	}
	rc = ipvs_nl_batch_run(r->nl, batch_result_cb, &ctx);
	for (size_t i = 0; i < ops->n; i++) {
		log_result(r, &ops->v[i], ctx.err[i], ctx.ext[i]);
		if (ctx.err[i])
			failed++;
		if (ctx.err[i] == ENOBUFS || ctx.err[i] == ETIMEDOUT)
			nunknown++;
		free(ctx.ext[i]);
	}
	free(ctx.err);
	free(ctx.ext);
	if (unknown)
		*unknown = nunknown;
	if (rc < 0) {
		log_warnx("IPVS: netlink socket failed: %s; reopening at the next sync",
			  strerror(-rc));
		ipvs_nl_close(r->nl);
		r->nl = NULL;
		return -1;
	}
	return failed;
}

/* ---- reading the kernel ---- */

static int svc_cmp(const void *a, const void *b)
{
	return ipvs_sync_svc_key_cmp(a, b);
}

/* Sorted keys of a table, for bsearch. */
static struct ipvs_service *keys_of(const struct ipvs_sync_table *t)
{
	struct ipvs_service *k = xcalloc(t->n ? t->n : 1, sizeof(*k));

	for (size_t i = 0; i < t->n; i++)
		k[i] = t->v[i].svc;
	qsort(k, t->n, sizeof(*k), svc_cmp);
	return k;
}

static bool in_keys(const struct ipvs_service *keys, size_t n, const struct ipvs_service *s)
{
	return n && bsearch(s, keys, n, sizeof(*keys), svc_cmp) != NULL;
}

/*
 * The kernel's services that match a key of `a` or `b` (b may be NULL), each
 * with its destinations.  0 or a negative errno.
 */
static int read_kernel(struct checker_run *r, const struct ipvs_sync_table *a,
		       const struct ipvs_sync_table *b, struct ipvs_sync_table *out)
{
	struct ipvs_service *svcs = NULL, *ka = keys_of(a), *kb = b ? keys_of(b) : NULL;
	size_t n = 0;
	int rc = ipvs_nl_dump_services(r->nl, &svcs, &n);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct ipvs_dest *d = NULL;
		size_t nd = 0;
		struct ipvs_sync_svc *s;

		if (!in_keys(ka, a->n, &svcs[i]) && !(b && in_keys(kb, b->n, &svcs[i])))
			continue; /* foreign: not ours to read or touch */
		rc = ipvs_nl_dump_dests(r->nl, &svcs[i], &d, NULL, &nd);
		if (rc == -ESRCH) { /* deleted meanwhile: it is absent */
			rc = 0;
			continue;
		}
		if (rc < 0)
			break;
		s = ipvs_sync_table_add(out, &svcs[i], NULL);
		s->dests = d;
		s->ndests = s->cap = nd;
	}
	free(svcs);
	free(ka);
	free(kb);
	return rc;
}

/* ---- sync ---- */

/* After a sync's operations: `want` (emptied) becomes the applied table, the
 * base of the next health batch and reload diff (valid only when every
 * operation is known to have succeeded: a failed one is repaired by a resync);
 * retired services are gone once a sync deleted them without error. */
static void sync_applied(struct checker_run *r, struct ipvs_sync_table *want, long failed,
			 size_t unknown, double t0)
{
	if (failed == 0)
		ipvs_sync_table_free(&r->retired);
	ipvs_sync_table_free(&r->applied);
	r->applied = *want;
	ipvs_sync_table_init(want);
	r->applied_valid = failed == 0 && !unknown;
	ev_timer_stop(r->loop, &r->batch);
	r->stats.last_sync_ms = now_ms() - t0;
	r->after_reload = false;
}

void checker_run_sync(struct checker_run *r)
{
	struct ipvs_sync_table want, have;
	struct ipvs_sync_ops ops;
	size_t unknown = 0;
	long failed = 0;
	double t0 = now_ms(), t1;
	int rc;

	if (r->stopped || !open_nl(r))
		return;
	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_ops_init(&ops);
	checker_model_desired(r->model, &want);
	rc = read_kernel(r, &want, &r->retired, &have);
	if (rc < 0) {
		log_warnx("IPVS: cannot read the kernel table: %s", strerror(-rc));
		r->applied_valid = false;
		goto out;
	}
	ipvs_sync_diff(&want, &have, &r->retired, &ops);
	t1 = now_ms();
	r->stats.syncs++;
	if (ops.n) {
		failed = run_ops(r, &ops, &unknown);
		log_info("IPVS sync: %zu change%s, %ld failed, in %.1f ms (read and diff %.1f ms)",
			 ops.n, ops.n == 1 ? "" : "s", failed < 0 ? (long)ops.n : failed,
			 now_ms() - t0, t1 - t0);
		r->stats.last_changes = ops.n;
	} else if (r->stats.syncs == 1 || r->after_reload) {
		/* the first sync after a start or reload says so: an adopted table */
		log_info("IPVS sync: kernel table already in sync (%zu services, %.1f ms)", want.n,
			 now_ms() - t0);
		r->stats.last_changes = 0;
	} else {
		log_debug("IPVS sync: in sync (%zu services, %.1f ms)", want.n, now_ms() - t0);
		r->stats.last_changes = 0;
	}
	sync_applied(r, &want, failed, unknown, t0);
out:
	/* an unknown outcome or a failure is looked at again soon */
	if (!r->stopped && (rc < 0 || failed < 0 || unknown)) {
		ev_timer_stop(r->loop, &r->soon);
		ev_timer_set(&r->soon, 0.5, 0.);
		ev_timer_start(r->loop, &r->soon);
	}
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&have);
	ipvs_sync_table_free(&want);
	/* The kernel's table and the desired one were read and built next to the
	 * applied one (at 10,000 destinations a few MiB of small blocks): give
	 * their pages back, or every resync leaves them resident. */
	malloc_trim(0);
	/* a long sync leaves the loop's cached time behind: timers armed next count
	 * from now */
	ev_now_update(r->loop);
}

/*
 * The sync of a reload when the last sync or batch left the kernel known
 * (applied_valid): the new desired table against `applied` instead of a
 * fresh dump of every destination (at 10,000 destinations the dump was most
 * of a reload's sync under TCG).  Only services that are new to us are read
 * from the kernel (one service dump, then their destinations), so that one
 * that already exists is adopted as at start.  Drift in the services we
 * already own (someone's ipvsadm) is repaired by the periodic resync, as
 * between reloads.  Without a valid base, a full sync.
 */
static void checker_run_reload_sync(struct checker_run *r)
{
	struct ipvs_sync_table want, fresh, knew;
	struct ipvs_sync_ops ops;
	size_t unknown = 0;
	long failed = 0;
	double t0 = now_ms(), t1;
	int rc = 0;

	if (r->stopped)
		return;
	if (!r->applied_valid || !r->nl) {
		checker_run_sync(r);
		return;
	}
	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&fresh);
	ipvs_sync_table_init(&knew);
	ipvs_sync_ops_init(&ops);
	checker_model_desired(r->model, &want);
	{
		struct ipvs_service *keys = keys_of(&r->applied);

		for (size_t i = 0; i < want.n; i++)
			if (!in_keys(keys, r->applied.n, &want.v[i].svc))
				ipvs_sync_table_add(&fresh, &want.v[i].svc, want.v[i].label);
		free(keys);
	}
	if (fresh.n) {
		rc = read_kernel(r, &fresh, NULL, &knew);
		if (rc < 0) {
			log_warnx("IPVS: cannot read the kernel table: %s", strerror(-rc));
			goto full;
		}
		/* the base: what we applied, plus what the kernel has of the new services */
		for (size_t i = 0; i < knew.n; i++) {
			struct ipvs_sync_svc *s =
			    ipvs_sync_table_add(&r->applied, &knew.v[i].svc, knew.v[i].label);

			ipvs_sync_svc_reserve(s, knew.v[i].ndests);
			for (size_t j = 0; j < knew.v[i].ndests; j++)
				ipvs_sync_svc_add_dest(s, &knew.v[i].dests[j]);
		}
	}
	ipvs_sync_diff(&want, &r->applied, &r->retired, &ops);
	t1 = now_ms();
	r->stats.syncs++;
	if (ops.n) {
		failed = run_ops(r, &ops, &unknown);
		log_info("IPVS sync: %zu change%s, %ld failed, in %.1f ms (diff %.1f ms, %zu new "
			 "service%s read; the rest from the last sync)",
			 ops.n, ops.n == 1 ? "" : "s", failed < 0 ? (long)ops.n : failed,
			 now_ms() - t0, t1 - t0, fresh.n, fresh.n == 1 ? "" : "s");
	} else {
		log_info("IPVS sync: no change for the kernel (%zu services, %.1f ms; %zu new "
			 "service%s read)",
			 want.n, now_ms() - t0, fresh.n, fresh.n == 1 ? "" : "s");
	}
	r->stats.last_changes = ops.n;
	sync_applied(r, &want, failed, unknown, t0);
	if (!r->stopped && (failed < 0 || unknown)) {
		/* the kernel's state is uncertain: a full sync soon */
		ev_timer_stop(r->loop, &r->soon);
		ev_timer_set(&r->soon, 0.5, 0.);
		ev_timer_start(r->loop, &r->soon);
	}
	goto out;
full:
	r->applied_valid = false;
	checker_run_sync(r);
out:
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&knew);
	ipvs_sync_table_free(&fresh);
	ipvs_sync_table_free(&want);
	ev_now_update(r->loop);
}

/*
 * A health batch: the desired table now against what the last sync left in
 * the kernel; only the changed real servers (and sorry servers) differ.
 * Without a valid base (no IPVS, a failed sync), a full sync instead.
 */
static void checker_run_batch(struct checker_run *r)
{
	struct ipvs_sync_table want;
	struct ipvs_sync_ops ops;
	size_t unknown = 0;
	long failed;
	double t0 = now_ms();

	if (r->stopped)
		return;
	if (!r->applied_valid) {
		checker_run_sync(r);
		return;
	}
	if (!open_nl(r))
		return;
	ipvs_sync_table_init(&want);
	ipvs_sync_ops_init(&ops);
	checker_model_desired(r->model, &want);
	ipvs_sync_diff(&want, &r->applied, NULL, &ops);
	if (ops.n) {
		failed = run_ops(r, &ops, &unknown);
		r->stats.batches++;
		r->stats.last_batch_ops = ops.n;
		log_info("IPVS health batch: %zu change%s, %ld failed, in %.1f ms", ops.n,
			 ops.n == 1 ? "" : "s", failed < 0 ? (long)ops.n : failed, now_ms() - t0);
		if (failed != 0 || unknown) {
			/* the kernel's state is uncertain: read it again soon */
			r->applied_valid = false;
			ev_timer_stop(r->loop, &r->soon);
			ev_timer_set(&r->soon, 0.5, 0.);
			ev_timer_start(r->loop, &r->soon);
		}
	}
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&r->applied);
	r->applied = want;
}

static void checker_run_batch_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct checker_run *r = container_of(w, struct checker_run, batch);

	(void)loop;
	(void)revents;
	checker_run_batch(r);
}

/* The engine changed a real server's health or a quorum: batch it. */
static void checker_run_changed(void *arg)
{
	struct checker_run *r = arg;

	if (r->stopped || ev_is_active(&r->batch))
		return;
	ev_timer_set(&r->batch, CHECKER_RUN_BATCH_S, 0.);
	ev_timer_start(r->loop, &r->batch);
}

static void checker_run_resync_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct checker_run *r = container_of(w, struct checker_run, resync);

	(void)loop;
	(void)revents;
	checker_run_sync(r);
}

static void checker_run_soon_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct checker_run *r = container_of(w, struct checker_run, soon);

	(void)loop;
	(void)revents;
	checker_run_sync(r);
}

/* ---- globals: flush, timeouts, sync daemon ---- */

static void apply_timeouts(struct checker_run *r)
{
	struct ipvs_timeouts t = {r->g.tcp, r->g.tcpfin, r->g.udp};
	struct ipvs_req req = {.cmd = IPVS_CMD_SET_CONFIG, .timeouts = &t};
	const char *ext = NULL;
	int rc;

	if (!t.tcp && !t.tcp_fin && !t.udp)
		return;
	if (!open_nl(r))
		return;
	rc = ipvs_nl_exec(r->nl, &req, &ext);
	if (rc < 0)
		log_warnx("[lvs_timeouts] set failed: %s", ipvs_nl_strerror(req.cmd, -rc));
	else
		log_info("[lvs_timeouts] tcp %u tcpfin %u udp %u", t.tcp, t.tcp_fin, t.udp);
}

static void syncd_fill(const struct checker_run *r, uint32_t state, struct ipvs_daemon *d)
{
	memset(d, 0, sizeof(*d));
	d->state = state;
	util_strlcpy(d->mcast_ifn, r->g.syncd_ifname, sizeof(d->mcast_ifn));
	d->syncid = (uint32_t)r->g.syncid;
	d->sync_maxlen = (uint16_t)r->g.syncd_maxlen;
	d->mcast_group = r->g.syncd_group;
	d->mcast_port = (uint16_t)r->g.syncd_port;
	d->mcast_ttl = (uint8_t)r->g.syncd_ttl;
}

/* Which daemon states run: with an instance, backup until the VRRP state drives it. */
static unsigned syncd_states(const struct checker_run *r)
{
	if (!r->g.syncd_set)
		return 0;
	return r->g.syncd_instance ? 2u : 3u; /* bit 0: master, bit 1: backup */
}

static void syncd_cmd(struct checker_run *r, uint8_t cmd)
{
	static const uint32_t states[2] = {IP_VS_STATE_MASTER, IP_VS_STATE_BACKUP};
	unsigned want = syncd_states(r);

	if (!want || !open_nl(r))
		return;
	for (int i = 0; i < 2; i++) {
		struct ipvs_daemon d;
		struct ipvs_req req = {.cmd = cmd, .daemon = &d};
		int rc;

		if (!(want & (1u << i)))
			continue;
		syncd_fill(r, states[i], &d);
		rc = ipvs_nl_exec(r->nl, &req, NULL);
		if (rc == -EEXIST && cmd == IPVS_CMD_NEW_DAEMON)
			log_info("[lvs_sync_daemon %s] already running",
				 ipvs_daemon_state_str(states[i]));
		else if (rc < 0)
			log_warnx("[lvs_sync_daemon %s] %s failed: %s",
				  ipvs_daemon_state_str(states[i]),
				  cmd == IPVS_CMD_NEW_DAEMON ? "start" : "stop",
				  ipvs_nl_strerror(cmd, -rc));
		else
			log_info("[lvs_sync_daemon %s] %s on %s syncid %d",
				 ipvs_daemon_state_str(states[i]),
				 cmd == IPVS_CMD_NEW_DAEMON ? "started" : "stopped", d.mcast_ifn,
				 r->g.syncid);
	}
}

static void globals_free(struct checker_run_globals *g)
{
	free(g->syncd_ifname);
	free(g->syncd_instance);
	memset(g, 0, sizeof(*g));
}

static void globals_copy(struct checker_run_globals *g, const struct conf_global *c)
{
	memset(g, 0, sizeof(*g));
	g->flush = c->lvs_flush;
	g->flush_onstop = c->lvs_flush_onstop;
	g->tcp = c->lvs_timeout_tcp;
	g->tcpfin = c->lvs_timeout_tcpfin;
	g->udp = c->lvs_timeout_udp;
	g->syncd_set = c->lvs_syncd.set && c->lvs_syncd.ifname;
	if (g->syncd_set) {
		g->syncd_ifname = xstrdup(c->lvs_syncd.ifname);
		g->syncd_instance = c->lvs_syncd.instance ? xstrdup(c->lvs_syncd.instance) : NULL;
		g->syncid = c->lvs_syncd.syncid;
		g->syncd_maxlen = c->lvs_syncd.maxlen;
		g->syncd_port = c->lvs_syncd.port;
		g->syncd_ttl = c->lvs_syncd.ttl;
		g->syncd_group = c->lvs_syncd.group;
	}
}

static bool syncd_same(const struct checker_run_globals *a, const struct checker_run_globals *b)
{
	if (a->syncd_set != b->syncd_set)
		return false;
	if (!a->syncd_set)
		return true;
	return strcmp(a->syncd_ifname, b->syncd_ifname) == 0 &&
	       !a->syncd_instance == !b->syncd_instance && a->syncid == b->syncid &&
	       a->syncd_maxlen == b->syncd_maxlen && a->syncd_port == b->syncd_port &&
	       a->syncd_ttl == b->syncd_ttl && addr_eq(&a->syncd_group, &b->syncd_group);
}

/* ---- API ---- */

struct checker_run *checker_run_start(struct ev_loop *loop, struct conf *conf, bool dont_release)
{
	struct checker_run *r = xcalloc(1, sizeof(*r));

	r->loop = loop;
	r->conf = conf;
	r->dont_release = dont_release;
	ipvs_sync_table_init(&r->retired);
	ipvs_sync_table_init(&r->applied);
	globals_copy(&r->g, &conf->global);
	double t0 = now_ms(), t1, t2;

	r->model = checker_model_build(conf);
	t1 = now_ms();
	r->eng = check_engine_new(loop, checker_run_changed, r);
	ev_timer_init(&r->batch, checker_run_batch_cb, CHECKER_RUN_BATCH_S, 0.);
	check_engine_apply(r->eng, conf, r->model);
	t2 = now_ms();
	log_info("IPVS: %zu virtual server%s, %zu kernel service%s, %zu real server%s (model %.1f "
		 "ms, checks %.1f ms)",
		 r->model->nvss, r->model->nvss == 1 ? "" : "s", r->model->nsvcs,
		 r->model->nsvcs == 1 ? "" : "s", r->model->nrss, r->model->nrss == 1 ? "" : "s",
		 t1 - t0, t2 - t1);
	ev_timer_init(&r->resync, checker_run_resync_cb, CHECKER_RUN_RESYNC_S,
		      CHECKER_RUN_RESYNC_S);
	ev_timer_init(&r->soon, checker_run_soon_cb, 0.5, 0.);
	if (open_nl(r)) {
		if (r->g.flush) {
			int rc = ipvs_nl_flush(r->nl);

			if (rc < 0)
				log_warnx("[lvs_flush] flush failed: %s",
					  ipvs_nl_strerror(IPVS_CMD_FLUSH, -rc));
			else
				log_info("[lvs_flush] IPVS table flushed");
		}
		apply_timeouts(r);
		syncd_cmd(r, IPVS_CMD_NEW_DAEMON);
	}
	checker_run_sync(r);
	check_engine_begin(r->eng); /* after the first sync: none in flight during it */
	ev_timer_start(loop, &r->resync);
	return r;
}

void checker_run_reload(struct checker_run *r, struct conf *conf)
{
	struct checker_model *m, *old_m;
	struct conf *old_c;
	struct checker_run_globals g;
	double t0, t1, t2, t3;

	if (r->stopped) {
		conf_free(conf);
		return;
	}
	t0 = now_ms();
	m = checker_model_build(conf);
	t1 = now_ms();
	/* services of the old config that the new one lacks are ours to remove */
	checker_model_carry(m, r->model);
	t2 = now_ms();
	/* the checks move to the new config (kept ones keep their state and timer) */
	check_engine_apply(r->eng, conf, m);
	t3 = now_ms();
	for (size_t i = 0; i < r->model->nvss; i++) {
		const struct checker_vs *v = &r->model->vss[i];

		for (size_t k = 0; k < v->nsvcs; k++)
			if (!ipvs_sync_table_find(&r->retired, &v->svcs[k]))
				ipvs_sync_table_add(&r->retired, &v->svcs[k], v->labels[k]);
	}
	/* the old model and config are freed after the sync: off the path to the kernel */
	old_m = r->model;
	old_c = r->conf;
	r->model = m;
	r->conf = conf;
	log_info("IPVS reload: %zu virtual server%s, %zu kernel service%s, %zu real server%s "
		 "(model %.1f ms, carry %.1f ms, checks %.1f ms)",
		 m->nvss, m->nvss == 1 ? "" : "s", m->nsvcs, m->nsvcs == 1 ? "" : "s", m->nrss,
		 m->nrss == 1 ? "" : "s", t1 - t0, t2 - t1, t3 - t2);

	globals_copy(&g, &conf->global);
	{
		bool sd_changed = !syncd_same(&g, &r->g);
		bool to_changed = g.tcp != r->g.tcp || g.tcpfin != r->g.tcpfin || g.udp != r->g.udp;

		if (sd_changed)
			syncd_cmd(r, IPVS_CMD_DEL_DAEMON); /* the old settings */
		globals_free(&r->g);
		r->g = g;
		if (to_changed)
			apply_timeouts(r);
		if (sd_changed)
			syncd_cmd(r, IPVS_CMD_NEW_DAEMON);
	}
	r->after_reload = true;
	checker_run_reload_sync(r);
	check_engine_begin(r->eng);
	/* the next periodic resync counts from now */
	ev_timer_again(r->loop, &r->resync);
	checker_model_free(old_m);
	conf_free(old_c);
}

/* Release: delete our real servers then our services (default), only the services (vs),
 * or flush everything (all). */
static void release(struct checker_run *r)
{
	struct ipvs_sync_table want, have;
	struct ipvs_sync_ops ops;
	int rc;

	if (!open_nl(r))
		return;
	if (r->g.flush_onstop == CONF_LVS_FLUSH_ONSTOP_ALL) {
		rc = ipvs_nl_flush(r->nl);
		if (rc < 0)
			log_warnx("[lvs_flush_onstop] flush failed: %s",
				  ipvs_nl_strerror(IPVS_CMD_FLUSH, -rc));
		else
			log_info("[lvs_flush_onstop] IPVS table flushed");
		return;
	}
	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_ops_init(&ops);
	checker_model_desired(r->model, &want);
	rc = read_kernel(r, &want, &r->retired, &have);
	if (rc < 0) {
		log_warnx("IPVS: cannot read the kernel table: %s", strerror(-rc));
	} else {
		/* label each kernel service with the config's name for it */
		for (size_t i = 0; i < have.n; i++) {
			struct ipvs_sync_svc *k = &have.v[i];
			const struct ipvs_sync_svc *d = ipvs_sync_table_find(&want, &k->svc);

			if (!d)
				d = ipvs_sync_table_find(&r->retired, &k->svc);
			if (d) {
				free(k->label);
				k->label = xstrdup(d->label);
			}
		}
		if (r->g.flush_onstop != CONF_LVS_FLUSH_ONSTOP_VS) {
			/* everything's destinations first: the empty desired table of each */
			struct ipvs_sync_table none;

			ipvs_sync_table_init(&none);
			for (size_t i = 0; i < have.n; i++)
				ipvs_sync_table_add(&none, &have.v[i].svc, have.v[i].label);
			ipvs_sync_diff(&none, &have, NULL, &ops);
			/* drop the EDIT_SVC ops: only removals here */
			size_t j = 0;
			for (size_t i = 0; i < ops.n; i++)
				if (ops.v[i].kind == IPVS_SYNC_DEL_DEST)
					ops.v[j++] = ops.v[i];
			ops.n = j;
			if (ops.n)
				run_ops(r, &ops, NULL);
			ops.n = 0;
			ipvs_sync_table_free(&none);
		}
		{
			struct ipvs_sync_table none;

			ipvs_sync_table_init(&none);
			ipvs_sync_diff(&none, &have, &have, &ops);
			if (ops.n)
				run_ops(r, &ops, NULL);
			ipvs_sync_table_free(&none);
		}
	}
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&have);
	ipvs_sync_table_free(&want);
}

void checker_run_stop(struct checker_run *r)
{
	if (r->stopped)
		return;
	ev_timer_stop(r->loop, &r->resync);
	ev_timer_stop(r->loop, &r->soon);
	ev_timer_stop(r->loop, &r->batch);
	check_engine_stop(r->eng);
	if (r->dont_release) {
		log_info("IPVS: keeping the table (--dont-release-ipvs)");
	} else {
		release(r);
		syncd_cmd(r, IPVS_CMD_DEL_DAEMON);
	}
	r->stopped = true;
}

void checker_run_free(struct checker_run *r)
{
	if (!r)
		return;
	ev_timer_stop(r->loop, &r->resync);
	ev_timer_stop(r->loop, &r->soon);
	ev_timer_stop(r->loop, &r->batch);
	check_engine_free(r->eng);
	if (r->nl)
		ipvs_nl_close(r->nl);
	checker_model_free(r->model);
	conf_free(r->conf);
	ipvs_sync_table_free(&r->retired);
	ipvs_sync_table_free(&r->applied);
	globals_free(&r->g);
	free(r);
}
