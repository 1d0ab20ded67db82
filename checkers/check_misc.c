/*
 * check_misc: MISC_CHECK, a user's program whose exit status says whether
 * the real server is up.
 *
 * One attempt runs misc_path through lib/script (split into words, exec'd
 * directly: no shell unless misc_path names one), as `user`/`group` when
 * given, else as the global script user.  The attempt's timeout is the
 * engine's (misc_timeout): it calls cancel(), which kills the script's whole
 * process group, and the engine reports CHECK_TIMEOUT.  The exit status, as
 * keepalived.conf(5) describes:
 *   0        up (with misc_dynamic: the weight is left as it is);
 *   1        down;
 *   2-255    misc_dynamic: up with weight = status - 2
 *            (check_done_weight); without misc_dynamic: down.
 * Killed by a signal: CHECK_SCRIPT_KILLED; could not be started (no such
 * program, unknown user, exec refused): CHECK_ERROR.
 *
 * ck->kdata holds the running script (NULL between attempts).
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/check.h"
#include "lib/script.h"
#include "lib/util.h"

struct misc_state {
	struct check *ck;
	struct script_run *run; /* NULL: no attempt runs */
};

static struct misc_state *misc_state(struct check *ck)
{
	if (!ck->kdata) {
		struct misc_state *m = xcalloc(1, sizeof(*m));

		m->ck = ck;
		ck->kdata = m;
	}
	return ck->kdata;
}

static void misc_done_cb(const struct script_result *r, void *arg)
{
	struct misc_state *m = arg;
	struct check *ck = m->ck;
	char detail[96];
	const char *sig;

	m->run = NULL;
	switch (r->end) {
	case SCRIPT_EXITED:
		if (util_snprintf(detail, sizeof(detail), "exit %d", r->code) < 0)
			detail[0] = '\0';
		if (r->code == 0) {
			check_done(ck, CHECK_OK, detail);
		} else if (r->code >= 2 && ck->conf->misc_dynamic) {
			if (util_snprintf(detail, sizeof(detail), "exit %d, weight %d", r->code,
					  r->code - 2) < 0)
				detail[0] = '\0';
			check_done_weight(ck, CHECK_OK, r->code - 2, detail);
		} else {
			check_done(ck, CHECK_SCRIPT_FAILED, detail);
		}
		return;
	case SCRIPT_SIGNALED:
	case SCRIPT_TIMEDOUT: /* not ours: the engine's timeout cancels instead */
		sig = sigabbrev_np(r->code);
		if (util_snprintf(detail, sizeof(detail), "signal %d (SIG%s)", r->code,
				  sig ? sig : "?") < 0)
			detail[0] = '\0';
		check_done(ck, CHECK_SCRIPT_KILLED, detail);
		return;
	case SCRIPT_FAILED:
		if (util_snprintf(detail, sizeof(detail), "cannot run %s: %s", ck->conf->misc_path,
				  strerror(r->code)) < 0)
			detail[0] = '\0';
		check_done(ck, CHECK_ERROR, detail);
		return;
	}
	check_done(ck, CHECK_ERROR, "unknown script end");
}

static void misc_start(struct check *ck)
{
	struct misc_state *m = misc_state(ck);
	struct script_opts o = {.user = ck->conf->user, .group = ck->conf->group};

	if (m->run) /* the engine never overlaps attempts; be safe anyway */
		script_cancel(m->run);
	m->run = script_start(ck->loop, ck->conf->misc_path ? ck->conf->misc_path : "", &o,
			      misc_done_cb, m);
	if (!m->run)
		check_done(ck, CHECK_ERROR,
			   "misc_path has no program (empty or unbalanced quotes)");
}

static void misc_cancel(struct check *ck)
{
	struct misc_state *m = ck->kdata;

	if (m && m->run) {
		script_cancel(m->run); /* SIGKILL to the whole process group */
		m->run = NULL;
	}
}

static void misc_forget(struct check *ck)
{
	misc_cancel(ck);
	free(ck->kdata);
	ck->kdata = NULL;
}

const struct check_kind check_kind_misc = {
    .type = CONF_CHECK_MISC,
    .name = "MISC_CHECK",
    .start = misc_start,
    .cancel = misc_cancel,
    .forget = misc_forget,
};
