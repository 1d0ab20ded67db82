/*
 * Unit tests for lib/sched: the CPU set bits, the affinity keywords as the
 * config parses them, and sched_apply() on this very process: CPU affinity
 * (set, restored when the keyword goes, a CPU that does not exist refused),
 * nice, SCHED_RR with RLIMIT_RTTIME (default, configured, cut to the hard
 * limit, lifted when real time ends), sched_rt_suspend()/sched_rt_resume()
 * around a reload, and mlockall.
 *
 * Each test runs in its own forked process (check's default), so what one
 * changes does not leak into the next.  What needs privileges (a lower nice,
 * SCHED_RR, mlockall) is asserted to work when the test runs as root (CI
 * does) and asserted to fail cleanly (a count of failures, the state in
 * force unchanged) when it does not.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/conf_err.h"
#include "lib/sched.h"

/* AddressSanitizer turns mlockall() into a no-op that succeeds (its shadow
 * memory cannot be locked): VmLck cannot be checked in that build. */
#if defined(__SANITIZE_ADDRESS__)
#define MLOCK_REAL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MLOCK_REAL 0
#endif
#endif
#ifndef MLOCK_REAL
#define MLOCK_REAL 1
#endif

static bool is_root(void)
{
	return geteuid() == 0;
}

START_TEST(test_cpu_bits)
{
	uint64_t cpus[SCHED_CPU_WORDS] = {0};

	ck_assert(sched_cpus_empty(cpus));
	sched_cpu_set(cpus, 0);
	sched_cpu_set(cpus, 63);
	sched_cpu_set(cpus, 64);
	sched_cpu_set(cpus, SCHED_CPU_MAX - 1);
	sched_cpu_set(cpus, SCHED_CPU_MAX); /* out of range: ignored */
	ck_assert(!sched_cpus_empty(cpus));
	ck_assert(sched_cpu_isset(cpus, 0));
	ck_assert(!sched_cpu_isset(cpus, 1));
	ck_assert(sched_cpu_isset(cpus, 63));
	ck_assert(sched_cpu_isset(cpus, 64));
	ck_assert(!sched_cpu_isset(cpus, 65));
	ck_assert(sched_cpu_isset(cpus, SCHED_CPU_MAX - 1));
	ck_assert(!sched_cpu_isset(cpus, SCHED_CPU_MAX));
	ck_assert_uint_eq(cpus[0], UINT64_C(1) | UINT64_C(1) << 63);
	ck_assert_uint_eq(cpus[1], 1);
	ck_assert_uint_eq(cpus[SCHED_CPU_WORDS - 1], UINT64_C(1) << 63);
}
END_TEST

static struct conf *load(const char *text, struct conf_errs *errs)
{
	conf_errs_init(errs);
	return conf_load_buf("t.conf", text, strlen(text), NULL, errs);
}

START_TEST(test_affinity_parse)
{
	struct conf_errs errs;
	struct conf *c;

	c = load("global_defs {\n"
		 "    vrrp_cpu_affinity 7\n"
		 "    vrrp_cpu_affinity 0 3 1023\n" /* a repeated keyword replaces the set */
		 "    checker_cpu_affinity 1\n"
		 "}\n",
		 &errs);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(errs.nerr, 0);
	ck_assert(sched_cpu_isset(c->global.vrrp_cpus, 0));
	ck_assert(sched_cpu_isset(c->global.vrrp_cpus, 3));
	ck_assert(sched_cpu_isset(c->global.vrrp_cpus, 1023));
	ck_assert(!sched_cpu_isset(c->global.vrrp_cpus, 7));
	ck_assert(!sched_cpu_isset(c->global.vrrp_cpus, 1));
	ck_assert(sched_cpu_isset(c->global.checker_cpus, 1));
	ck_assert(!sched_cpu_isset(c->global.checker_cpus, 0));
	conf_free(c);
	conf_errs_free(&errs);

	c = load("global_defs {\n}\n", &errs);
	ck_assert_ptr_nonnull(c);
	ck_assert(sched_cpus_empty(c->global.vrrp_cpus));
	ck_assert(sched_cpus_empty(c->global.checker_cpus));
	conf_free(c);
	conf_errs_free(&errs);

	/* 1024 is beyond the set; no CPU at all is an error too */
	c = load("global_defs {\n    vrrp_cpu_affinity 1024\n}\n", &errs);
	ck_assert_uint_gt(errs.nerr, 0);
	conf_free(c);
	conf_errs_free(&errs);
	c = load("global_defs {\n    checker_cpu_affinity\n}\n", &errs);
	ck_assert_uint_gt(errs.nerr, 0);
	conf_free(c);
	conf_errs_free(&errs);
}
END_TEST

/* This process's CPU set in lib/sched's form. */
static void current_cpus(uint64_t *cpus)
{
	cpu_set_t set;

	memset(cpus, 0, SCHED_CPU_WORDS * sizeof(*cpus));
	ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	for (unsigned n = 0; n < SCHED_CPU_MAX && n < CPU_SETSIZE; n++)
		if (CPU_ISSET(n, &set))
			sched_cpu_set(cpus, n);
}

START_TEST(test_affinity_apply)
{
	struct sched_state st;
	struct sched_conf want;
	uint64_t orig[SCHED_CPU_WORDS], now[SCHED_CPU_WORDS];
	unsigned first = SCHED_CPU_MAX, missing = SCHED_CPU_MAX;

	memset(&st, 0, sizeof(st));
	current_cpus(orig);
	for (unsigned n = 0; n < SCHED_CPU_MAX; n++) {
		if (sched_cpu_isset(orig, n) && first == SCHED_CPU_MAX)
			first = n;
		if (!sched_cpu_isset(orig, n))
			missing = n; /* the highest CPU we may not run on */
	}
	ck_assert_uint_lt(first, SCHED_CPU_MAX);

	/* one CPU */
	memset(&want, 0, sizeof(want));
	sched_cpu_set(want.cpus, first);
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	current_cpus(now);
	ck_assert_mem_eq(now, want.cpus, sizeof(now));
	ck_assert_mem_eq(st.cur.cpus, want.cpus, sizeof(now));
	/* the same again: nothing to do */
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);

	/* only a CPU this process may not use: refused, nothing changes */
	if (missing < SCHED_CPU_MAX) {
		struct sched_conf bad;

		memset(&bad, 0, sizeof(bad));
		sched_cpu_set(bad.cpus, missing);
		ck_assert_int_eq(sched_apply(&st, "test", &bad), 1);
		current_cpus(now);
		ck_assert_mem_eq(now, want.cpus, sizeof(now));
		ck_assert_mem_eq(st.cur.cpus, want.cpus, sizeof(now));
	}

	/* the keyword goes: back to the set the process started with */
	memset(&want, 0, sizeof(want));
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	current_cpus(now);
	ck_assert_mem_eq(now, orig, sizeof(now));
	ck_assert(sched_cpus_empty(st.cur.cpus));
}
END_TEST

START_TEST(test_nice)
{
	struct sched_state st;
	struct sched_conf want;
	int base;

	memset(&st, 0, sizeof(st));
	errno = 0;
	base = getpriority(PRIO_PROCESS, 0);
	ck_assert_int_eq(errno, 0);
	ck_assert_int_le(base, 14);
	st.cur.nice = base; /* what is in force (0 when started normally) */
	memset(&want, 0, sizeof(want));
	want.nice = base + 5; /* raising the nice value needs no privilege */
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert_int_eq(getpriority(PRIO_PROCESS, 0), base + 5);
	ck_assert_int_eq(st.cur.nice, base + 5);
	/* the same again: nothing to do */
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);

	want.nice = base - 5; /* lowering it needs CAP_SYS_NICE */
	if (is_root()) {
		ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
		ck_assert_int_eq(getpriority(PRIO_PROCESS, 0), base - 5);
		ck_assert_int_eq(st.cur.nice, base - 5);
	} else {
		ck_assert_int_eq(sched_apply(&st, "test", &want), 1);
		ck_assert_int_eq(getpriority(PRIO_PROCESS, 0), base + 5);
		ck_assert_int_eq(st.cur.nice, base + 5);
	}
}
END_TEST

static rlim_t rttime_cur(void)
{
	struct rlimit rl;

	ck_assert_int_eq(getrlimit(RLIMIT_RTTIME, &rl), 0);
	return rl.rlim_cur;
}

static int policy(void)
{
	return sched_getscheduler(0);
}

static int rt_prio(void)
{
	struct sched_param sp;

	ck_assert_int_eq(sched_getparam(0, &sp), 0);
	return sp.sched_priority;
}

START_TEST(test_rt_and_suspend)
{
	struct sched_state st;
	struct sched_conf want;
	struct rlimit rl;

	memset(&st, 0, sizeof(st));
	memset(&want, 0, sizeof(want));
	want.rt_priority = 10;
	want.rlimit_rttime_us = 50000;
	if (!is_root()) {
		/* without CAP_SYS_NICE (and no RLIMIT_RTPRIO): refused, stays normal */
		ck_assert(getrlimit(RLIMIT_RTPRIO, &rl) == 0);
		if (rl.rlim_cur == 0) {
			ck_assert_int_eq(sched_apply(&st, "test", &want), 1);
			ck_assert_int_eq(policy(), SCHED_OTHER);
			ck_assert_int_eq(st.cur.rt_priority, 0);
		}
		return;
	}
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert_int_eq(policy(), SCHED_RR | SCHED_RESET_ON_FORK);
	ck_assert_int_eq(rt_prio(), 10);
	ck_assert_uint_eq(rttime_cur(), 50000);
	ck_assert_int_eq(st.cur.rt_priority, 10);

	/* a reload: SCHED_OTHER meanwhile, the limit stays; twice is a no-op */
	sched_rt_suspend(&st);
	ck_assert(st.rt_suspended);
	ck_assert_int_eq(policy(), SCHED_OTHER);
	sched_rt_suspend(&st);
	ck_assert_int_eq(policy(), SCHED_OTHER);
	ck_assert_uint_eq(rttime_cur(), 50000);
	/* the reloaded config changes the priority while suspended: applied at
	 * resume, not before */
	want.rt_priority = 20;
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert_int_eq(policy(), SCHED_OTHER);
	sched_rt_resume(&st);
	ck_assert(!st.rt_suspended);
	ck_assert_int_eq(policy(), SCHED_RR | SCHED_RESET_ON_FORK);
	ck_assert_int_eq(rt_prio(), 20);
	sched_rt_resume(&st); /* not suspended: nothing */
	ck_assert_int_eq(rt_prio(), 20);

	/* no rlimit_rttime: keepalived's default */
	want.rlimit_rttime_us = 0;
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert_uint_eq(rttime_cur(), SCHED_RTTIME_DEFAULT_US);

	/* above the hard limit: cut to it (a warning, not a failure) */
	ck_assert_int_eq(getrlimit(RLIMIT_RTTIME, &rl), 0);
	rl.rlim_max = 30000;
	ck_assert_int_eq(setrlimit(RLIMIT_RTTIME, &rl), 0);
	want.rlimit_rttime_us = 40000;
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert_uint_eq(rttime_cur(), 30000);

	/* real time ends: SCHED_OTHER, the soft limit lifted to the hard one */
	want.rt_priority = 0;
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert_int_eq(policy(), SCHED_OTHER);
	ck_assert_uint_eq(rttime_cur(), 30000);
	ck_assert_int_eq(st.cur.rt_priority, 0);
	/* suspend/resume are no-ops when not real-time */
	sched_rt_suspend(&st);
	ck_assert(!st.rt_suspended);
	sched_rt_resume(&st);
	ck_assert_int_eq(policy(), SCHED_OTHER);
}
END_TEST

/* VmLck of /proc/self/status in kB (-1: not found). */
static long vmlck_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

START_TEST(test_no_swap)
{
	struct sched_state st;
	struct sched_conf want;
	struct rlimit rl;

	memset(&st, 0, sizeof(st));
	memset(&want, 0, sizeof(want));
	want.no_swap = true;
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &rl), 0);
	if (!is_root() && rl.rlim_cur != RLIM_INFINITY) {
		/* the whole process does not fit in a small RLIMIT_MEMLOCK */
		int fails = sched_apply(&st, "test", &want);

		ck_assert_int_eq(fails, st.cur.no_swap ? 0 : 1);
		return;
	}
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert(st.cur.no_swap);
	if (MLOCK_REAL)
		ck_assert_int_gt(vmlck_kb(), 0);
	want.no_swap = false;
	ck_assert_int_eq(sched_apply(&st, "test", &want), 0);
	ck_assert(!st.cur.no_swap);
	ck_assert_int_eq(vmlck_kb(), 0);
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_cpu_bits);
	tcase_add_test(tc, test_affinity_parse);
	tcase_add_test(tc, test_affinity_apply);
	tcase_add_test(tc, test_nice);
	tcase_add_test(tc, test_rt_and_suspend);
	tcase_add_test(tc, test_no_swap);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sched_suite());
	int failed;

	/* each test changes this process's scheduling: one process per test */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
