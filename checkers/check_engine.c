/*
 * check_engine: one `struct check` per distinct probe, its schedule and its
 * verdicts (the kinds' contract is check.h, the runtime's check_engine.h).
 *
 * Dedup: a check's key is its parameters as conf_check_print() writes them
 * (connect_ip and connect_port included; check_key_print() adds a
 * FILE_CHECK's track_file path), so one backend checked the same way
 * in several virtual servers is one probe with several subscribers (flat
 * real-server indices of the model).  Only the key's 64-bit hash is kept (a
 * chained hash table); a hash match is confirmed by printing the candidate's
 * own parameters, which stay valid through the apply that compares them.
 *
 * Schedule (per check, on its own ev_timer): the first attempt after a
 * random delay in [0, warmup], then after delay_loop, or after
 * delay_before_retry while a transition is in progress (rs_count_pending:
 * failures being retried, or successes counted toward `rise`).  Each attempt
 * has its own timeout (connect_timeout; misc_timeout for MISC_CHECK; the same
 * ev_timer, re-armed with EV_MINPRI while the attempt runs) that
 * cancels it in the kind and counts as CHECK_TIMEOUT.  Every attempt ends in
 * check_done_weight(), which measures the latency, counts retry/rise
 * (rs_state), and on a change of state or weight re-evaluates the real
 * servers it serves (check_engine_rs.c).  A check whose kind has no entry in
 * the kinds table (check_kinds.c) is logged once and never changes state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkers/check_engine_int.h"
#include "lib/log.h"
#include "lib/util.h"

static const char *const check_result_names[] = {
    [CHECK_OK] = "ok",
    [CHECK_CONNECT_FAILED] = "connect failed",
    [CHECK_TIMEOUT] = "timeout",
    [CHECK_BAD_STATUS] = "bad status",
    [CHECK_BAD_DIGEST] = "digest mismatch",
    [CHECK_TLS_FAILED] = "TLS failed",
    [CHECK_BAD_REPLY] = "bad reply",
    [CHECK_NO_REPLY] = "no reply",
    [CHECK_SCRIPT_FAILED] = "script failed",
    [CHECK_SCRIPT_KILLED] = "script killed",
    [CHECK_FILE_DOWN] = "file down",
    [CHECK_ERROR] = "local error",
};

const char *check_result_str(enum check_result r)
{
	if ((unsigned)r >= CHECK_RESULT_COUNT || !check_result_names[r])
		return "?";
	return check_result_names[r];
}

double check_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double check_wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void **check_engine_kind_slot(struct check_engine *e, enum conf_check_type t)
{
	return &e->slots[(unsigned)t <= CONF_CHECK_FILE ? t : 0];
}

/* ---- random first delay ---- */

static double rnd_unit(struct check_engine *e)
{
	/* xorshift64*: the spread of first attempts needs no better */
	uint64_t x = e->rnd;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	e->rnd = x;
	return (double)((x * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* ---- the hash of keys ---- */

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void hash_insert(struct check_engine *e, struct check_priv *p)
{
	size_t b = (size_t)p->khash & (e->nbuckets - 1);

	p->hnext = e->buckets[b];
	e->buckets[b] = p;
}

static void hash_rebuild(struct check_engine *e, size_t want)
{
	size_t nb = 64;

	/* a load of 0.5-1: a lookup walks about one other key */
	while (nb < want)
		nb *= 2;
	free(e->buckets);
	e->buckets = xcalloc(nb, sizeof(*e->buckets));
	e->nbuckets = nb;
	for (size_t i = 0; i < e->n; i++)
		hash_insert(e, e->checks[i]);
}

/* The check whose key is `key` (hash h); tmp: scratch for printing candidates. */
static struct check_priv *hash_find(const struct check_engine *e, const char *key, uint64_t h,
				    struct strbuf *tmp)
{
	struct check_priv *p;

	if (!e->nbuckets)
		return NULL;
	for (p = e->buckets[(size_t)h & (e->nbuckets - 1)]; p; p = p->hnext) {
		if (p->khash != h)
			continue;
		tmp->len = 0;
		if (tmp->s)
			tmp->s[0] = '\0';
		check_key_print(tmp, p->ck.conf);
		if (strcmp(tmp->s ? tmp->s : "", key) == 0)
			return p;
	}
	return NULL;
}

/* ---- attempts ---- */

/* A timeout that fires this much after its time was held up by the process. */
#define CHECK_LATE_S 0.002

static double attempt_timeout_s(const struct check_priv *p)
{
	const struct conf_check *c = p->ck.conf;
	int64_t ms = c->type == CONF_CHECK_MISC ? c->misc_timeout : c->opts.connect_timeout;

	return ms > 0 ? (double)ms / 1e3 : 0.;
}

static void check_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void check_tmo_cb(struct ev_loop *loop, ev_timer *w, int revents);

/* One timer per check: the next attempt while idle, the attempt's timeout
 * while it runs (the two are never due at once). */
static void schedule(struct check_priv *p, double after_s)
{
	struct check_engine *e = p->ck.eng;

	ev_timer_stop(e->loop, &p->timer);
	ev_set_cb(&p->timer, check_timer_cb);
	ev_set_priority(&p->timer, 0);
	ev_timer_set(&p->timer, after_s < 0 ? 0. : after_s, 0.);
	ev_timer_start(e->loop, &p->timer);
}

static void schedule_next(struct check_priv *p)
{
	const struct conf_chk_opts *o = &p->ck.conf->opts;
	int64_t ms = rs_count_pending(&p->cnt) ? o->delay_before_retry : o->delay_loop;

	if (ms <= 0)
		ms = 1000;
	schedule(p, (double)ms / 1e3);
}

static void check_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct check_priv *p = container_of(w, struct check_priv, timer);
	double t;

	(void)revents;
	if (p->running || p->ck.eng->stopped)
		return;
	p->running = true;
	p->tmo_grace = false;
	p->t_start = check_mono_ms();
	/* the loop's cached time is stale after a long iteration (a big IPVS sync):
	 * the timeout counts from now, not from then */
	ev_now_update(loop);
	t = attempt_timeout_s(p);
	if (t > 0) {
		/* the timer (stopped: it just fired) becomes the attempt's timeout; an
		 * answer and the timeout pending in the same iteration: the answer wins
		 * (libev runs higher priorities first; the kinds' watchers are at 0) */
		ev_set_cb(&p->timer, check_tmo_cb);
		ev_set_priority(&p->timer, EV_MINPRI);
		ev_timer_set(&p->timer, t, 0.);
		ev_timer_start(loop, &p->timer);
	}
	p->ck.kind->start(&p->ck); /* may end in check_done() at once */
}

static void finish(struct check_priv *p, enum check_result res, int64_t weight, const char *detail);

static void check_tmo_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct check_priv *p = container_of(w, struct check_priv, timer);
	char d[64];

	(void)revents;
	if (!p->running)
		return;
	if (!p->tmo_grace) {
		/* Once per attempt, the timeout waits for one more look at the
		 * sockets: an answer that came while this process was not running
		 * (a long loop pass, a stall of the host) is read first.  If the
		 * process itself ran late, as long again as it was late (at most
		 * the timeout): the server had no chance to answer meanwhile. */
		double t = attempt_timeout_s(p);
		double late = (check_mono_ms() - p->t_start) / 1e3 - t;

		p->tmo_grace = true;
		if (late < CHECK_LATE_S)
			late = 0.;
		ev_now_update(loop);
		ev_timer_set(&p->timer, late < t ? late : t, 0.);
		ev_timer_start(loop, &p->timer);
		return;
	}
	p->running = false;
	if (p->ck.kind->cancel)
		p->ck.kind->cancel(&p->ck);
	util_snprintf(d, sizeof(d), "no answer within %.3g s", attempt_timeout_s(p));
	p->n_timeout++;
	finish(p, CHECK_TIMEOUT, -1, d);
}

static const char check_no_detail[] = "";

/* p->last_detail = detail (truncated to CHECK_DETAIL_MAX), allocating only
 * when the text changes: ten thousand healthy checks share "". */
static void set_detail(struct check_priv *p, const char *detail)
{
	size_t n = detail ? strnlen(detail, CHECK_DETAIL_MAX) : 0;

	if (p->last_detail && strncmp(p->last_detail, detail ? detail : "", n) == 0 &&
	    p->last_detail[n] == '\0')
		return;
	if (p->last_detail != check_no_detail)
		free((char *)p->last_detail);
	p->last_detail = n ? xstrndup(detail, n) : check_no_detail;
}

static void finish(struct check_priv *p, enum check_result res, int64_t weight, const char *detail)
{
	struct check_engine *e = p->ck.eng;
	const struct conf_check *c = p->ck.conf;
	enum rs_step step;
	bool ok = res == CHECK_OK, wchanged = false;

	p->last_ms = p->t_start > 0 ? check_mono_ms() - p->t_start : 0.;
	p->has_result = true;
	p->last_res = res;
	set_detail(p, detail);
	if (ok)
		p->n_ok++;
	else
		p->n_fail++;
	if (p->watching)
		step = rs_count_set(&p->cnt, ok);
	else
		step = rs_count_result(&p->cnt, ok,
				       (uint32_t)(c->opts.retry > 0 ? c->opts.retry : 0), c->rise);
	if (weight > INT32_MAX)
		weight = INT32_MAX;
	if (weight >= 0 && weight != p->weight) {
		p->weight = (int32_t)weight;
		wchanged = true;
	}
	if (!ok && step == RS_STEP_NONE && (c->log_all_failures || log_get_detail())) {
		char r[256];

		check_reason(p, r, sizeof(r));
		if (c->log_all_failures)
			log_info("%s failed (%s)%s", check_label(&p->ck), r,
				 p->cnt.up ? ", retrying" : "");
		else
			log_debug("%s failed (%s)", check_label(&p->ck), r);
	}
	if (step != RS_STEP_NONE)
		p->last_change = check_wall_s();
	check_rs_record(e, p);
	if (step != RS_STEP_NONE || wchanged)
		check_rs_check_changed(e, p);
	if (!p->watching && !e->stopped)
		schedule_next(p);
}

void check_done_weight(struct check *ck, enum check_result res, int64_t weight, const char *detail)
{
	struct check_priv *p = ck->priv;

	if (p->watching) {
		p->t_start = 0;
		finish(p, res, weight, detail);
		return;
	}
	if (!p->running) {
		log_warnx("%s result '%s' reported with no attempt running (ignored)",
			  check_label(&p->ck), check_result_str(res));
		return;
	}
	p->running = false;
	ev_timer_stop(ck->loop, &p->timer); /* the timeout */
	finish(p, res, weight, detail);
}

void check_done(struct check *ck, enum check_result res, const char *detail)
{
	check_done_weight(ck, res, -1, detail);
}

/* ---- lifetime of a check ---- */

const char *check_label(const struct check *ck)
{
	static char buf[2][CHECKER_LABEL_MAX + 32];
	static unsigned turn;
	const struct check_priv *p = ck->priv;
	const struct check_engine *e = ck->eng;
	const char *kind = conf_check_type_str(ck->conf->type);
	char *b = buf[turn++ & 1], rl[CHECKER_LABEL_MAX], a[ADDR_STRLEN];

	if (p->nsubs && p->subs[0] < e->nrs && e->model && e->rs[p->subs[0]].vs < e->model->nvss) {
		util_snprintf(b, sizeof(buf[0]), "[%s %s]",
			      check_rt_label(e->model, &e->rs[p->subs[0]], rl, sizeof(rl)), kind);
		return b;
	}
	/* no real server (yet, or any more: a reload is removing it) */
	if (addr_is_set(&ck->conf->connect_ip))
		util_snprintf(b, sizeof(buf[0]),
			      ck->conf->connect_ip.af == AF_INET6 ? "[%s [%s]:%u]" : "[%s %s:%u]",
			      kind, addr_str(&ck->conf->connect_ip, a, sizeof(a)),
			      ck->conf->connect_port);
	else
		util_snprintf(b, sizeof(buf[0]), "[%s]", kind);
	return b;
}

static struct check_priv *check_new(struct check_engine *e, const struct conf_check *c,
				    uint64_t khash)
{
	struct check_priv *p = xcalloc(1, sizeof(*p));

	p->ck.eng = e;
	p->ck.loop = e->loop;
	p->ck.conf = c;
	p->ck.priv = p;
	p->ck.kind = check_kind_of(c->type);
	p->no_kind = !p->ck.kind;
	p->khash = khash;
	p->weight = -1;
	p->last_detail = check_no_detail;
	rs_count_init(&p->cnt, c->opts.alpha > 0);
	ev_timer_init(&p->timer, check_timer_cb, 0., 0.);
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->checks = xrealloc(e->checks, e->cap * sizeof(*e->checks));
	}
	e->checks[e->n++] = p;
	return p;
}

static void check_begin(struct check_engine *e, struct check_priv *p)
{
	const struct conf_check *c = p->ck.conf;
	double warm;

	p->started = true;
	if (p->no_kind) {
		log_warnx("%s no such check kind in this build: the check never changes state",
			  check_label(&p->ck));
		return;
	}
	if (p->ck.kind->watch) {
		p->watching = true;
		p->ck.kind->watch(&p->ck);
		return;
	}
	if (!p->ck.kind->start) {
		p->no_kind = true;
		log_warnx("%s kind has no start(): the check never changes state",
			  check_label(&p->ck));
		return;
	}
	warm = c->opts.warmup > 0 ? (double)c->opts.warmup / 1e3 : 0.;
	schedule(p, warm * rnd_unit(e));
}

static void check_end(struct check_engine *e, struct check_priv *p)
{
	ev_timer_stop(e->loop, &p->timer);
	if (p->running && p->ck.kind && p->ck.kind->cancel)
		p->ck.kind->cancel(&p->ck);
	p->running = false;
	if (p->watching && p->ck.kind->unwatch)
		p->ck.kind->unwatch(&p->ck);
	p->watching = false;
	if (p->ck.kind && p->ck.kind->forget)
		p->ck.kind->forget(&p->ck);
	p->ck.kdata = NULL;
}

static void check_free(struct check_priv *p)
{
	if (p->last_detail != check_no_detail)
		free((char *)p->last_detail);
	if (p->subs != &p->sub1)
		free(p->subs);
	free(p);
}

/* The first subscriber lives in the check itself (sub1): one real server per
 * check is the common case, and a separate block for it cost 32 bytes. */
static void sub_add(struct check_priv *p, uint32_t idx)
{
	if (p->capsubs == 0) {
		p->subs = &p->sub1;
		p->capsubs = 1;
	} else if (p->nsubs == p->capsubs) {
		uint32_t *v = xcalloc((size_t)p->capsubs * 2, sizeof(*v));

		memcpy(v, p->subs, p->nsubs * sizeof(*v));
		if (p->subs != &p->sub1)
			free(p->subs);
		p->subs = v;
		p->capsubs *= 2;
	}
	p->subs[p->nsubs++] = idx;
}

/* ---- API ---- */

struct check_engine *check_engine_new(struct ev_loop *loop, check_engine_changed_fn changed,
				      void *arg)
{
	struct check_engine *e = xcalloc(1, sizeof(*e));

	e->loop = loop;
	e->changed = changed;
	e->arg = arg;
	e->rnd = ((uint64_t)check_mono_ms() * 2654435761ULL) ^ ((uint64_t)getpid() << 32) ^
		 (uint64_t)time(NULL);
	if (!e->rnd)
		e->rnd = 88172645463325252ULL;
	return e;
}

static void rs_rt_free_cks(struct check_rs_rt *rt)
{
	if (rt->cks != &rt->ck1)
		free(rt->cks);
}

static void rs_rt_free(struct check_engine *e)
{
	for (size_t i = 0; i < e->nrs; i++)
		rs_rt_free_cks(&e->rs[i]);
	free(e->rs);
	free(e->vs_off);
	free(e->cvs);
	e->rs = NULL;
	e->vs_off = NULL;
	e->cvs = NULL;
	e->nrs = 0;
}

void check_engine_apply(struct check_engine *e, const struct conf *c, struct checker_model *m)
{
	const struct checker_model *old_m = e->model;
	const struct conf_vs *vs;
	struct strbuf b, tmp;
	size_t vi = 0, flat = 0, nnew = 0, nkept = 0, ndrop = 0, nold = e->n;

	if (e->stopped)
		return;
	script_set_config_user_later(c->global.script_user, c->global.script_group);
	for (size_t i = 0; i < e->n; i++) {
		e->checks[i]->keep = false;
		e->checks[i]->nsubs = 0;
	}
	/* the old model and config stay valid during this call (omega of removed servers) */
	struct check_rs_rt *old_rs = e->rs;
	size_t *old_off = e->vs_off;
	const struct conf_vs **old_cvs = e->cvs;
	size_t old_nrs = e->nrs;

	e->rs = xcalloc(m->nrss ? m->nrss : 1, sizeof(*e->rs));
	e->vs_off = xcalloc(m->nvss ? m->nvss : 1, sizeof(*e->vs_off));
	e->cvs = xcalloc(m->nvss ? m->nvss : 1, sizeof(*e->cvs));
	e->nrs = m->nrss;
	hash_rebuild(e, e->n + m->nrss);
	strbuf_init(&b);
	strbuf_init(&tmp);
	TAILQ_FOREACH (vs, &c->vss, entry) {
		const struct conf_rs *rs;
		size_t rj = 0;

		if (vi >= m->nvss)
			break;
		e->vs_off[vi] = flat;
		e->cvs[vi] = vs;
		TAILQ_FOREACH (rs, &vs->rss, entry) {
			struct check_rs_rt *rt = &e->rs[flat];
			const struct conf_check *ck;

			if (rj >= m->vss[vi].nrss)
				break;
			rt->cvs = vs;
			rt->crs = rs;
			rt->vs = (uint32_t)vi;
			rt->r = &m->vss[vi].rss[rj];
			/* one check per real server is the common case: no block for it */
			rt->cks = rt->r->nchecks <= 1 ? &rt->ck1
						      : xcalloc(rt->r->nchecks, sizeof(*rt->cks));
			TAILQ_FOREACH (ck, &rs->checks, entry) {
				struct check_priv *p;
				uint64_t h;

				if (rt->nck >= rt->r->nchecks)
					break;
				b.len = 0;
				if (b.s)
					b.s[0] = '\0';
				check_key_print(&b, ck);
				h = key_hash(b.s ? b.s : "");
				p = hash_find(e, b.s ? b.s : "", h, &tmp);
				if (!p) {
					p = check_new(e, ck, h);
					hash_insert(e, p);
					nnew++;
				} else if (!p->keep) {
					/* the new config's identical copy */
					p->ck.conf = ck;
				}
				if (!p->keep && p->started)
					nkept++;
				p->keep = true;
				sub_add(p, (uint32_t)flat);
				rt->cks[rt->nck++] = p;
			}
			flat++;
			rj++;
		}
		vi++;
	}
	strbuf_free(&b);
	strbuf_free(&tmp);
	/* removed checks: cancelled and freed */
	{
		size_t j = 0;

		for (size_t i = 0; i < e->n; i++) {
			struct check_priv *p = e->checks[i];

			if (p->keep) {
				e->checks[j++] = p;
				continue;
			}
			check_end(e, p);
			check_free(p);
			ndrop++;
		}
		e->n = j;
		hash_rebuild(e, e->n);
	}
	e->conf = c;
	e->model = m;
	/* the real servers' health against their (re)bound checks, omega of removed ones */
	check_rs_apply(e, old_rs, old_nrs, old_m);
	for (size_t i = 0; i < old_nrs; i++)
		rs_rt_free_cks(&old_rs[i]);
	free(old_rs);
	free(old_off);
	free(old_cvs);
	if (e->applied)
		log_info("checks reloaded: %zu probes (%zu kept, %zu new, %zu removed; %zu before)",
			 e->n, nkept, nnew, ndrop, nold);
	else
		log_info("checks: %zu probes for %zu real servers", e->n, m->nrss);
	e->applied = true;
}

void check_engine_begin(struct check_engine *e)
{
	if (e->stopped)
		return;
	/* first delays count from now (the caller may have blocked on a sync) */
	ev_now_update(e->loop);
	for (size_t i = 0; i < e->n; i++)
		if (!e->checks[i]->started)
			check_begin(e, e->checks[i]);
}

void check_engine_stop(struct check_engine *e)
{
	if (e->stopped)
		return;
	e->stopped = true;
	for (size_t i = 0; i < e->n; i++)
		check_end(e, e->checks[i]);
	check_engine_stop_rs(e);
}

void check_engine_free(struct check_engine *e)
{
	if (!e)
		return;
	if (!e->stopped) {
		/* no scripts at a plain free: just the checks */
		e->stopped = true;
		for (size_t i = 0; i < e->n; i++)
			check_end(e, e->checks[i]);
	}
	for (size_t i = 0; i < e->n; i++)
		check_free(e->checks[i]);
	free(e->checks);
	free(e->buckets);
	rs_rt_free(e);
	check_queues_free(e);
	for (unsigned t = 0; t <= CONF_CHECK_FILE; t++) {
		const struct check_kind *k = check_kind_of((enum conf_check_type)t);

		if (e->slots[t] && k && k->engine_fini)
			k->engine_fini(e, e->slots[t]);
	}
	free(e);
}

size_t check_engine_count(const struct check_engine *e)
{
	return e->n;
}
