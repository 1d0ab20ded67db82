/*
 * sched: apply a process's scheduling settings (see sched.h).
 *
 * sched_apply() compares the wanted settings with those in force (struct
 * sched_state, zeroed at exec: the process runs as it was started) and
 * changes only what differs, in this order: CPU affinity, nice value,
 * RLIMIT_RTTIME then the policy, memory locking.  Everything that changed is
 * summed up in one log line; each failure is one warning and the rest still
 * applies (a missing capability must not stop a director).
 *
 * Real time is SCHED_RR | SCHED_RESET_ON_FORK: the scripts the process forks
 * (notify, vrrp_script, checkers) start at SCHED_OTHER and nice 0, so a
 * runaway script cannot starve the box.  RLIMIT_RTTIME bounds the CPU time
 * the process may burn without blocking: the soft limit is the configured
 * value (SIGXCPU, which ends it with a core dump, and the supervisor restarts
 * it); the hard limit is left alone, so that a later reload may raise the
 * value again without CAP_SYS_RESOURCE.  Work that may legitimately run
 * longer than that without sleeping (parsing a reloaded config) is bracketed
 * by sched_rt_suspend()/sched_rt_resume(), which drop to SCHED_OTHER
 * meanwhile; the kernel counts RLIMIT_RTTIME only while the task is
 * real-time, and its count restarts when the task sleeps.
 */
#include "config.h"

#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "lib/log.h"
#include "lib/sched.h"
#include "lib/util.h"

void sched_cpu_set(uint64_t *cpus, unsigned n)
{
	if (n < SCHED_CPU_MAX)
		cpus[n / 64] |= UINT64_C(1) << (n % 64);
}

bool sched_cpu_isset(const uint64_t *cpus, unsigned n)
{
	return n < SCHED_CPU_MAX && (cpus[n / 64] >> (n % 64) & 1);
}

bool sched_cpus_empty(const uint64_t *cpus)
{
	for (size_t i = 0; i < SCHED_CPU_WORDS; i++)
		if (cpus[i])
			return false;
	return true;
}

/* "0-3,6" into the strbuf. */
static void sched_cpus_str(struct strbuf *b, const uint64_t *cpus)
{
	bool first = true;

	for (unsigned n = 0; n < SCHED_CPU_MAX; n++) {
		unsigned e = n;

		if (!sched_cpu_isset(cpus, n))
			continue;
		while (e + 1 < SCHED_CPU_MAX && sched_cpu_isset(cpus, e + 1))
			e++;
		strbuf_printf(b, first ? "%u" : ",%u", n);
		if (e > n)
			strbuf_printf(b, "-%u", e);
		first = false;
		n = e;
	}
}

static long long sched_rttime(const struct sched_conf *c)
{
	return c->rlimit_rttime_us > 0 ? c->rlimit_rttime_us : SCHED_RTTIME_DEFAULT_US;
}

/* Start the next item of the summary line. */
static struct strbuf *sched_note(struct strbuf *msg)
{
	if (msg->len)
		strbuf_puts(msg, "; ");
	return msg;
}

static int sched_affinity(struct sched_state *st, const struct sched_conf *want, struct strbuf *msg)
{
	static uint64_t orig[SCHED_CPU_WORDS];
	static bool orig_saved;
	const uint64_t *cpus = want->cpus;
	struct strbuf s;
	cpu_set_t set;
	int rc = 0;

	if (memcmp(want->cpus, st->cur.cpus, sizeof(want->cpus)) == 0)
		return 0;
	if (!orig_saved) {
		/* the set the process was started with, restored when the keyword goes */
		if (sched_getaffinity(0, sizeof(set), &set) == 0)
			for (unsigned n = 0; n < SCHED_CPU_MAX && n < CPU_SETSIZE; n++)
				if (CPU_ISSET(n, &set))
					sched_cpu_set(orig, n);
		orig_saved = true;
	}
	if (sched_cpus_empty(cpus))
		cpus = orig;
	CPU_ZERO(&set);
	for (unsigned n = 0; n < SCHED_CPU_MAX && n < CPU_SETSIZE; n++)
		if (sched_cpu_isset(cpus, n))
			CPU_SET(n, &set);
	strbuf_init(&s);
	sched_cpus_str(&s, cpus);
	if (sched_setaffinity(0, sizeof(set), &set) < 0) {
		log_warn("scheduling: cannot set the CPU affinity to %s", s.s ? s.s : "");
		rc = 1;
	} else {
		strbuf_printf(sched_note(msg), "CPU affinity %s", s.s ? s.s : "");
		memcpy(st->cur.cpus, want->cpus, sizeof(st->cur.cpus));
	}
	strbuf_free(&s);
	return rc;
}

static int sched_nice(struct sched_state *st, const struct sched_conf *want, struct strbuf *msg)
{
	if (want->nice == st->cur.nice)
		return 0;
	if (setpriority(PRIO_PROCESS, 0, want->nice) < 0) {
		log_warn("scheduling: cannot set the nice value to %d", want->nice);
		return 1;
	}
	st->cur.nice = want->nice;
	strbuf_printf(sched_note(msg), "nice %d", want->nice);
	return 0;
}

/* The soft limit only: SIGXCPU ends the process (it does not catch it).  The
 * hard limit stays where it is, so that the value can go up again on a reload
 * without CAP_SYS_RESOURCE; a value above it is cut to it.  *set: the soft
 * limit now in force (may be NULL). */
static int sched_set_rttime(long long us, long long *set)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_RTTIME, &rl) < 0)
		return -1;
	if (us <= 0 || (rl.rlim_max != RLIM_INFINITY && (rlim_t)us > rl.rlim_max)) {
		if (us > 0)
			log_warnx(
			    "scheduling: RLIMIT_RTTIME %lld us is above the hard limit, using "
			    "%llu us",
			    us, (unsigned long long)rl.rlim_max);
		rl.rlim_cur = rl.rlim_max;
	} else {
		rl.rlim_cur = (rlim_t)us;
	}
	if (setrlimit(RLIMIT_RTTIME, &rl) < 0)
		return -1;
	if (set)
		*set = rl.rlim_cur == RLIM_INFINITY ? -1 : (long long)rl.rlim_cur;
	return 0;
}

static int sched_policy(struct sched_state *st, const struct sched_conf *want, struct strbuf *msg)
{
	struct sched_param sp = {.sched_priority = want->rt_priority};

	if (want->rt_priority == st->cur.rt_priority &&
	    (!want->rt_priority || sched_rttime(want) == sched_rttime(&st->cur)))
		return 0;
	if (want->rt_priority) {
		long long rt = 0;

		if (sched_set_rttime(sched_rttime(want), &rt) < 0) {
			/* without the limit a runaway loop would hang a core: stay normal */
			log_warn("scheduling: cannot set RLIMIT_RTTIME to %lld us, not using "
				 "real-time scheduling",
				 sched_rttime(want));
			return 1;
		}
		if (!st->rt_suspended &&
		    sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) < 0) {
			log_warn("scheduling: cannot set SCHED_RR priority %d", want->rt_priority);
			return 1;
		}
		strbuf_printf(sched_note(msg), "SCHED_RR priority %d, RLIMIT_RTTIME %lld us",
			      want->rt_priority, rt);
	} else {
		sp.sched_priority = 0;
		if (sched_setscheduler(0, SCHED_OTHER, &sp) < 0) {
			log_warn("scheduling: cannot return to SCHED_OTHER");
			return 1;
		}
		if (sched_set_rttime(0, NULL) < 0)
			log_warn("scheduling: cannot lift RLIMIT_RTTIME");
		strbuf_puts(sched_note(msg), "SCHED_OTHER");
	}
	st->cur.rt_priority = want->rt_priority;
	st->cur.rlimit_rttime_us = want->rlimit_rttime_us;
	return 0;
}

static int sched_swap(struct sched_state *st, const struct sched_conf *want, struct strbuf *msg)
{
	if (want->no_swap == st->cur.no_swap)
		return 0;
	if (want->no_swap) {
		if (mlockall(MCL_CURRENT | MCL_FUTURE) < 0) {
			log_warn("scheduling: cannot lock the memory (mlockall)");
			return 1;
		}
		strbuf_puts(sched_note(msg), "memory locked (mlockall)");
	} else {
		if (munlockall() < 0) {
			log_warn("scheduling: cannot unlock the memory (munlockall)");
			return 1;
		}
		strbuf_puts(sched_note(msg), "memory unlocked");
	}
	st->cur.no_swap = want->no_swap;
	return 0;
}

int sched_apply(struct sched_state *st, const char *who, const struct sched_conf *want)
{
	struct strbuf msg;
	int fails = 0;

	strbuf_init(&msg);
	fails += sched_affinity(st, want, &msg);
	fails += sched_nice(st, want, &msg);
	fails += sched_policy(st, want, &msg);
	fails += sched_swap(st, want, &msg);
	if (msg.len)
		log_info("%s scheduling: %s", who, msg.s);
	strbuf_free(&msg);
	return fails;
}

void sched_rt_suspend(struct sched_state *st)
{
	struct sched_param sp = {.sched_priority = 0};

	if (!st->cur.rt_priority || st->rt_suspended)
		return;
	if (sched_setscheduler(0, SCHED_OTHER, &sp) < 0) {
		log_warn("scheduling: cannot leave SCHED_RR for a reload");
		return;
	}
	st->rt_suspended = true;
}

void sched_rt_resume(struct sched_state *st)
{
	struct sched_param sp = {.sched_priority = st->cur.rt_priority};

	if (!st->rt_suspended)
		return;
	st->rt_suspended = false;
	if (!st->cur.rt_priority)
		return;
	if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) < 0)
		log_warn("scheduling: cannot return to SCHED_RR priority %d", st->cur.rt_priority);
}
