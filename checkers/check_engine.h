/*
 * check_engine: the health-check engine's API for the checker runtime
 * (checker_run).  The kinds' side of the contract is check.h.
 *
 * check_engine_apply() binds the engine to a config and the model built
 * from it (checker_model), and check_engine_begin() then starts the checks
 * it added: at the first call every check; at each later call (a reload) the
 * checks are matched by their dedup key (the check's
 * parameters as the config printer writes them, target included), so an
 * unchanged check keeps its state and its timer, new ones start, removed
 * ones are cancelled; every real server's checks are rebound and its
 * health (carried by checker_model_carry) re-evaluated.  The config and the
 * model must stay valid until the next apply or the engine's end.
 *
 * Health changes update the model (up, weight, quorum state) and call the
 * runtime's `changed` callback, which syncs IPVS later, in one batch.
 */
#ifndef VIGIL_CHECK_ENGINE_H
#define VIGIL_CHECK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ev_loop;
struct conf;
struct checker_model;
struct check_engine;
struct json_object;

typedef void (*check_engine_changed_fn)(void *arg);

struct check_engine *check_engine_new(struct ev_loop *loop, check_engine_changed_fn changed,
				      void *arg);
void check_engine_apply(struct check_engine *e, const struct conf *c, struct checker_model *m);
/* Start the checks the last apply added (their random first delay counts from
 * now): called after the runtime's IPVS sync, so no attempt is in flight while
 * it blocks the loop. */
void check_engine_begin(struct check_engine *e);
/* Cancel every check (no more state changes); with `omega` on a virtual
 * server, run its real servers' notify_down and its quorum_down. */
void check_engine_stop(struct check_engine *e);
void check_engine_free(struct check_engine *e);
/* vigild -C: no VRRP process runs, so the checker runs the global
 * notify_fifo_script even when the config has VRRP instances. */
void check_notify_set_no_vrrp(bool no_vrrp);

/* Number of distinct probes (deduplicated checks). */
size_t check_engine_count(const struct check_engine *e);
/* Dumps: each check's state as text lines / a JSON array. */
void check_engine_dump_text(const struct check_engine *e, FILE *f);
struct json_object *check_engine_dump_json(const struct check_engine *e);

#endif
