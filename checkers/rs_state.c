/*
 * rs_state: retry/rise counting, real-server health, weight and quorum with
 * hysteresis (see rs_state.h).  Pure.
 */
#include "config.h"

#include "checkers/rs_state.h"

static const char *const rs_step_names[] = {
    [RS_STEP_NONE] = "none",
    [RS_STEP_UP] = "up",
    [RS_STEP_DOWN] = "down",
};

const char *rs_step_str(enum rs_step s)
{
	if ((unsigned)s >= sizeof(rs_step_names) / sizeof(rs_step_names[0]))
		return "?";
	return rs_step_names[s];
}

void rs_count_init(struct rs_count *c, bool alpha)
{
	c->up = !alpha;
	c->fails = 0;
	c->succs = 0;
}

enum rs_step rs_count_result(struct rs_count *c, bool ok, uint32_t retry, uint32_t rise)
{
	if (rise == 0)
		rise = 1;
	if (ok) {
		c->fails = 0;
		if (c->up) {
			c->succs = 0;
			return RS_STEP_NONE;
		}
		if (++c->succs < rise)
			return RS_STEP_NONE;
		c->succs = 0;
		c->up = true;
		return RS_STEP_UP;
	}
	c->succs = 0;
	if (!c->up) {
		c->fails = 0;
		return RS_STEP_NONE;
	}
	/* the first failure plus `retry` more in a row */
	if (++c->fails <= retry)
		return RS_STEP_NONE;
	c->fails = 0;
	c->up = false;
	return RS_STEP_DOWN;
}

enum rs_step rs_count_set(struct rs_count *c, bool ok)
{
	c->fails = 0;
	c->succs = 0;
	if (ok == c->up)
		return RS_STEP_NONE;
	c->up = ok;
	return ok ? RS_STEP_UP : RS_STEP_DOWN;
}

bool rs_count_pending(const struct rs_count *c)
{
	return c->up ? c->fails > 0 : c->succs > 0;
}

bool rs_state_up(uint32_t nchecks, uint32_t ndown, bool initial)
{
	if (nchecks == 0)
		return initial;
	return ndown == 0;
}

int32_t rs_state_weight(int32_t configured, int64_t dynamic)
{
	if (dynamic < 0)
		return configured;
	return dynamic > 65535 ? 65535 : (int32_t)dynamic;
}

bool rs_state_quorum_next(bool cur, uint64_t weight_sum, uint32_t quorum, uint32_t hysteresis)
{
	if (cur) {
		/* lost below quorum - hysteresis; no weight at all always loses it */
		uint64_t low = quorum > hysteresis ? (uint64_t)quorum - hysteresis : 0;

		if (weight_sum == 0 && quorum > 0)
			return false;
		return weight_sum >= low;
	}
	return weight_sum >= (uint64_t)quorum + hysteresis;
}
