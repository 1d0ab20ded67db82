/*
 * rs_state: the pure decisions of the health-check engine (no sockets, no
 * clock, no loop), unit-tested in tests/unit/test_rs_state.c.
 *
 * A check counts its attempts (struct rs_count): while up, `retry` failures
 * in a row beyond the first are tolerated and the next failure brings it
 * down (keepalived's retry); while down, `rise` successes in a row bring it
 * up (vigil's extension, default 1: keepalived's behaviour).  While such a
 * transition is in progress the next attempt comes after delay_before_retry,
 * otherwise after delay_loop (rs_count_pending()).
 *
 * A real server is up when all its checks are up (rs_state_up()); its
 * effective weight is the configured one unless a check set a dynamic weight
 * (misc_dynamic, FILE_CHECK).  A virtual server's quorum is sticky with
 * hysteresis: it is gained when the up real servers' weights reach
 * quorum + hysteresis and lost when they fall below quorum - hysteresis
 * (rs_state_quorum_next()); a sum of 0 always loses a quorum above 0.
 */
#ifndef VIGIL_RS_STATE_H
#define VIGIL_RS_STATE_H

#include <stdbool.h>
#include <stdint.h>

/* One check's attempt counters. */
struct rs_count {
	bool up;
	uint32_t fails; /* failures in a row */
	uint32_t succs; /* successes in a row */
};

enum rs_step { RS_STEP_NONE, RS_STEP_UP, RS_STEP_DOWN };
const char *rs_step_str(enum rs_step s);

/* Start state: up unless alpha. */
void rs_count_init(struct rs_count *c, bool alpha);
/* Count one attempt's outcome; returns the transition it caused, if any.
 * rise 0 is taken as 1. */
enum rs_step rs_count_result(struct rs_count *c, bool ok, uint32_t retry, uint32_t rise);
/* The same for an event-driven check (FILE_CHECK): the value is the state. */
enum rs_step rs_count_set(struct rs_count *c, bool ok);
/* True while a transition is in progress (the next attempt after
 * delay_before_retry rather than delay_loop). */
bool rs_count_pending(const struct rs_count *c);

/* A real server with nchecks checks of which ndown are down: up when none is
 * down; with no check at all it keeps `initial` (up unless alpha). */
bool rs_state_up(uint32_t nchecks, uint32_t ndown, bool initial);
/* Effective weight: the dynamic one when set (>= 0, clamped to 65535),
 * else the configured one. */
int32_t rs_state_weight(int32_t configured, int64_t dynamic);
/* Quorum with hysteresis: the next quorum state given the current one and
 * the sum of the up real servers' weights. */
bool rs_state_quorum_next(bool cur, uint64_t weight_sum, uint32_t quorum, uint32_t hysteresis);

#endif
