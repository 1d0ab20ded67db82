/*
 * check_engine_int: the engine's private state, shared by check_engine.c
 * (checks: keys, scheduling, check_done), check_engine_rs.c (real-server and
 * quorum transitions, notify scripts) and check_engine_dump.c.
 */
#ifndef VIGIL_CHECK_ENGINE_INT_H
#define VIGIL_CHECK_ENGINE_INT_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkers/check.h"
#include "checkers/check_engine.h"
#include "checkers/checker_model.h"
#include "checkers/rs_state.h"
#include "lib/conf.h"
#include "lib/script.h"

/* The most of an attempt's detail kept (as the 96-byte array it was). */
#define CHECK_DETAIL_MAX 95

/* One distinct probe; `ck` is what the kinds see (ck.priv points back here). */
struct check_priv {
	struct check ck;
	uint64_t khash; /* hash of the dedup key (the printed parameters) */
	struct check_priv *hnext;
	ev_timer timer; /* next attempt; while running, the attempt's timeout */
	struct rs_count cnt;
	bool running, watching, keep, no_kind, started;
	bool tmo_grace; /* the running attempt's timeout was put off once */
	/* last attempt */
	bool has_result;
	enum check_result last_res;
	double t_start; /* monotonic ms of the running attempt */
	/* never NULL: "" (static) or an allocated copy of at most
	 * CHECK_DETAIL_MAX bytes, replaced only when the text changes */
	const char *last_detail;
	double last_ms;
	double last_change; /* wall clock s of the last up/down change, 0: none */
	unsigned long n_ok, n_fail, n_timeout;
	/* subscribers: flat real-server indices of the current model; subs is
	 * &sub1 while there is room for one only */
	uint32_t *subs;
	uint32_t nsubs, capsubs;
	uint32_t sub1;
	int32_t weight; /* dynamic weight reported (at most INT32_MAX), -1: none */
			/* 216 bytes: a 224-byte malloc block (see per_server_sizes) */
};

/* A real server's runtime (flat index over the model). */
struct check_rs_rt {
	const struct conf_vs *cvs;
	const struct conf_rs *crs;
	uint32_t vs; /* index of its virtual server */
	uint32_t nck;
	struct checker_rs *r;
	struct check_priv **cks; /* &ck1 when it has at most one check */
	struct check_priv *ck1;
};

/* A notify queue, kept by name across reloads (scripts of one real server
 * or virtual server run in order). */
struct check_queue {
	struct script_queue q;
	bool keep;
};

struct check_engine {
	struct ev_loop *loop;
	check_engine_changed_fn changed;
	void *arg;
	void *slots[CONF_CHECK_FILE + 1];
	struct check_priv **checks;
	size_t n, cap;
	struct check_priv **buckets;
	size_t nbuckets;
	const struct conf *conf;
	struct checker_model *model;
	struct check_rs_rt *rs;
	size_t nrs;
	size_t *vs_off; /* flat index of each virtual server's first real server */
	const struct conf_vs **cvs;
	struct check_queue **queues;
	size_t nqueues;
	struct check_notify *notify; /* FIFOs, stop state (check_engine_rs.c) */
	bool applied, stopped;
	uint64_t rnd;
};

double check_mono_ms(void);
double check_wall_s(void);

/* check_engine_rs.c */
/* A check's state or weight changed: re-evaluate its subscribers. */
void check_rs_check_changed(struct check_engine *e, struct check_priv *p);
/* Record an attempt's result in its subscribers' histories. */
void check_rs_record(struct check_engine *e, struct check_priv *p);
/* After an apply: every real server's health and every quorum (silent for
 * new ones). */
void check_rs_apply(struct check_engine *e, const struct check_rs_rt *old_rs, size_t old_nrs,
		    const struct checker_model *old_m);
/* "KIND RESULT[: DETAIL], 1.2 ms" */
void check_reason(const struct check_priv *p, char *buf, size_t len);
struct script_queue *check_queue_get(struct check_engine *e, const char *name);
void check_queues_free(struct check_engine *e);
void check_engine_stop_rs(struct check_engine *e);
/* A real server's label (checker_rs_label) in model m. */
const char *check_rt_label(const struct checker_model *m, const struct check_rs_rt *rt, char *buf,
			   size_t len);

#endif
