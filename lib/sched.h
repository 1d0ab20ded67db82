/*
 * sched: a process's scheduling settings (keepalived's vrrp_priority,
 * vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap, vrrp_cpu_affinity and
 * their checker_ twins): nice value, SCHED_RR with RLIMIT_RTTIME, memory
 * locking and CPU affinity.  No config knowledge: the process entry fills a
 * struct sched_conf from its config and calls sched_apply() at start and on
 * every reload; only what differs from the settings in force is changed and
 * logged, and a failure (EPERM without CAP_SYS_NICE/CAP_IPC_LOCK, a CPU that
 * does not exist) is a warning, never fatal.
 */
#ifndef VIGIL_LIB_SCHED_H
#define VIGIL_LIB_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CPUs 0..SCHED_CPU_MAX-1 can be named in an affinity set. */
#define SCHED_CPU_MAX	1024
#define SCHED_CPU_WORDS (SCHED_CPU_MAX / 64)
/* keepalived's default vrrp_rlimit_rttime (µs of CPU without blocking). */
#define SCHED_RTTIME_DEFAULT_US 10000

struct sched_conf {
	int nice;			/* -20..19 */
	int rt_priority;		/* 0: SCHED_OTHER; 1..99: SCHED_RR at that priority */
	long long rlimit_rttime_us;	/* RLIMIT_RTTIME while real-time; <= 0: the default */
	bool no_swap;			/* mlockall(MCL_CURRENT | MCL_FUTURE) */
	uint64_t cpus[SCHED_CPU_WORDS]; /* affinity set; all zero: leave it */
};

/* The settings in force in this process (zeroed: the state at exec). */
struct sched_state {
	struct sched_conf cur;
	bool rt_suspended;
};

/* Apply `want`, changing only what differs from st->cur; `who` prefixes the
 * log lines ("vrrp").  Returns the number of settings that failed. */
int sched_apply(struct sched_state *st, const char *who, const struct sched_conf *want);

/* Leave SCHED_RR for SCHED_OTHER around long CPU-bound work (parsing a
 * reloaded config) that RLIMIT_RTTIME would kill; sched_rt_resume() returns
 * to SCHED_RR.  No-ops when not real-time. */
void sched_rt_suspend(struct sched_state *st);
void sched_rt_resume(struct sched_state *st);

/* Set or test CPU n in an affinity set. */
void sched_cpu_set(uint64_t *cpus, unsigned n);
bool sched_cpu_isset(const uint64_t *cpus, unsigned n);
bool sched_cpus_empty(const uint64_t *cpus);

#endif
