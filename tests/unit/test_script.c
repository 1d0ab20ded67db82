/*
 * Unit tests for lib/script: word splitting, and real processes on a libev
 * default loop: exit codes, signals, the timeout killing a script and its
 * grandchildren, cancel, extra arguments and quotes, the user switch,
 * inherited fds and signal state, and the ordered queue.
 *
 * The test process makes itself a child subreaper, so a killed script's
 * orphaned grandchildren come back to it and libev reaps them: "the group
 * is gone" is then kill(-pgid, 0) == ESRCH.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/script.h"
#include "lib/util.h"

static char tmpdir[64];

static void setup(void)
{
	util_strlcpy(tmpdir, "/tmp/test_script.XXXXXX", sizeof(tmpdir));
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	/* writable by the unprivileged user of the user test */
	ck_assert_int_eq(chmod(tmpdir, 01777), 0);
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

static char *tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Read a small file (NULL when missing). */
static char *slurp(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

struct waiter {
	bool done;
	int calls;
	struct script_result r;
};

static void waiter_cb(const struct script_result *r, void *arg)
{
	struct waiter *w = arg;

	w->done = true;
	w->calls++;
	w->r = *r;
}

/* Run the loop until cond is true or max_s passed. */
static void run_until(bool *cond, double max_s)
{
	struct ev_loop *loop = ev_default_loop(0);
	double end = ev_time() + max_s;

	while (!*cond && ev_time() < end)
		ev_run(loop, EVRUN_ONCE | EVRUN_NOWAIT), usleep(2000);
}

static struct script_result run_cmd(const char *cmd, const struct script_opts *o)
{
	struct waiter w = {0};
	struct script_run *s = script_start(ev_default_loop(0), cmd, o, waiter_cb, &w);

	ck_assert_ptr_nonnull(s);
	ck_assert(!w.done); /* never from inside script_start() */
	run_until(&w.done, 10.0);
	ck_assert_msg(w.done, "'%s' did not end", cmd);
	/* let a second (wrong) callback show up */
	for (int i = 0; i < 10; i++)
		ev_run(ev_default_loop(0), EVRUN_NOWAIT);
	ck_assert_int_eq(w.calls, 1);
	return w.r;
}

static void assert_split(const char *cmd, size_t n, const char *const *want)
{
	size_t argc = 99;
	char **v = script_split(cmd, &argc);

	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(argc, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(v[i], want[i]);
	ck_assert_ptr_null(v[n]);
	script_argv_free(v);
}

START_TEST(test_split)
{
	assert_split("/bin/true", 1, (const char *[]){"/bin/true"});
	assert_split("  a\tb   c  ", 3, (const char *[]){"a", "b", "c"});
	assert_split("/bin/sh -c 'exit 3'", 3, (const char *[]){"/bin/sh", "-c", "exit 3"});
	assert_split("x \"a b\" 'c \"d\"'", 3, (const char *[]){"x", "a b", "c \"d\""});
	assert_split("ab'c d'e\"f g\"", 1, (const char *[]){"abc def g"});
	assert_split("x '' y", 3, (const char *[]){"x", "", "y"});
	assert_split("", 0, NULL);
	assert_split("   ", 0, NULL);
	ck_assert_ptr_null(script_split("a 'b", NULL));
	ck_assert_ptr_null(script_split("a \"b'", NULL));
	ck_assert_str_eq(script_end_str(SCRIPT_TIMEDOUT), "timed out");
	/* nothing to run: NULL, no callback */
	ck_assert_ptr_null(script_start(ev_default_loop(0), "   ", NULL, waiter_cb, NULL));
	ck_assert_ptr_null(script_start(ev_default_loop(0), "a 'b", NULL, waiter_cb, NULL));
}
END_TEST

START_TEST(test_exit_codes)
{
	struct script_result r;

	r = run_cmd("/bin/true", NULL);
	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 0);
	r = run_cmd("/bin/sh -c 'exit 3'", NULL);
	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 3);
	r = run_cmd("/bin/sh -c 'exit 255'", NULL);
	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 255);
	/* found in PATH */
	r = run_cmd("sh -c 'exit 4'", NULL);
	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 4);
	/* no shell unless asked for: ';' and '$' are plain argument bytes */
	{
		char *f = tpath("noshell"), *cmd = xasprintf("/usr/bin/touch %s;x", f), *x;

		r = run_cmd(cmd, NULL);
		ck_assert_int_eq(r.end, SCRIPT_EXITED);
		ck_assert_int_eq(r.code, 0);
		x = xasprintf("%s;x", f);
		ck_assert_int_eq(access(x, F_OK), 0);
		ck_assert_int_ne(access(f, F_OK), 0);
		free(x);
		free(cmd);
		free(f);
	}
}
END_TEST

START_TEST(test_start_failures)
{
	struct script_result r;

	r = run_cmd("/nonexistent/prog arg", NULL);
	ck_assert_int_eq(r.end, SCRIPT_FAILED);
	ck_assert_int_eq(r.code, ENOENT);
	r = run_cmd("no-such-program-in-path-xyz", NULL);
	ck_assert_int_eq(r.end, SCRIPT_FAILED);
	ck_assert_int_eq(r.code, ENOENT);
	/* not executable: exec fails in the child, reported through the pipe */
	{
		char *f = tpath("plain");
		FILE *fp = fopen(f, "w");

		ck_assert_ptr_nonnull(fp);
		fputs("#!/bin/sh\nexit 0\n", fp);
		fclose(fp);
		ck_assert_int_eq(chmod(f, 0644), 0);
		r = run_cmd(f, NULL);
		ck_assert_int_eq(r.end, SCRIPT_FAILED);
		ck_assert_int_eq(r.code, EACCES);
		/* the same file made executable runs */
		ck_assert_int_eq(chmod(f, 0755), 0);
		r = run_cmd(f, NULL);
		ck_assert_int_eq(r.end, SCRIPT_EXITED);
		ck_assert_int_eq(r.code, 0);
		free(f);
	}
	{
		struct script_opts o = {.user = "no-such-user-xyz"};

		r = run_cmd("/bin/true", &o);
		ck_assert_int_eq(r.end, SCRIPT_FAILED);
	}
	ck_assert_int_eq(script_set_default_user("no-such-user-xyz", NULL), -1);
}
END_TEST

START_TEST(test_signals_and_inherited_state)
{
	struct script_result r;
	sigset_t set, old;
	struct sigaction ign = {.sa_handler = SIG_IGN}, oldsa;

	r = run_cmd("/bin/sh -c 'kill -USR1 $$; sleep 5'", NULL);
	ck_assert_int_eq(r.end, SCRIPT_SIGNALED);
	ck_assert_int_eq(r.code, SIGUSR1);

	/* the child gets an empty mask and default dispositions even when this
	 * process blocks and ignores SIGTERM */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, &old), 0);
	ck_assert_int_eq(sigaction(SIGTERM, &ign, &oldsa), 0);
	r = run_cmd("/bin/sh -c 'kill -TERM $$; exit 0'", NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	sigaction(SIGTERM, &oldsa, NULL);
	ck_assert_int_eq(r.end, SCRIPT_SIGNALED);
	ck_assert_int_eq(r.code, SIGTERM);

	/* no fd of this process leaks into the script */
	{
		int fd = open("/dev/zero", O_RDONLY); /* not close-on-exec */
		char *cmd;

		ck_assert_int_ge(fd, 3);
		cmd = xasprintf("/bin/sh -c 'test -e /proc/$$/fd/%d && exit 1; test -e "
				"/proc/$$/fd/0 || exit 2; exit 0'",
				fd);
		r = run_cmd(cmd, NULL);
		ck_assert_int_eq(r.end, SCRIPT_EXITED);
		ck_assert_int_eq(r.code, 0);
		free(cmd);
		close(fd);
	}
	/* stdin is /dev/null: cat ends at once */
	r = run_cmd("/bin/sh -c 'test \"$(readlink /proc/$$/fd/0)\" = /dev/null'", NULL);
	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 0);
}
END_TEST

/* Wait (running the loop) until the group is gone; true when it is. */
static bool group_gone(pid_t pgid, double max_s)
{
	double end = ev_time() + max_s;

	while (ev_time() < end) {
		ev_run(ev_default_loop(0), EVRUN_NOWAIT);
		if (kill(-pgid, 0) != 0 && errno == ESRCH)
			return true;
		usleep(10000);
	}
	return false;
}

static pid_t read_pid(const char *path, double max_s)
{
	double end = ev_time() + max_s;
	long long v;

	while (ev_time() < end) {
		char *s = slurp(path);

		if (s) {
			s[strcspn(s, "\n")] = '\0';
			if (util_parse_ll(s, 1, INT32_MAX, &v) == 0) {
				free(s);
				return (pid_t)v;
			}
			free(s);
		}
		ev_run(ev_default_loop(0), EVRUN_NOWAIT);
		usleep(10000);
	}
	return -1;
}

START_TEST(test_timeout_kills_group)
{
	char *f = tpath("bg.pid");
	char *cmd = xasprintf("/bin/sh -c 'sleep 100 & echo $! > %s; sleep 100'", f);
	struct script_opts o = {.timeout_s = 0.5};
	struct waiter w = {0};
	struct script_run *s = script_start(ev_default_loop(0), cmd, &o, waiter_cb, &w);
	pid_t pgid, bg;
	double t0 = ev_time();

	ck_assert_ptr_nonnull(s);
	pgid = script_pid(s);
	ck_assert_int_gt(pgid, 0);
	bg = read_pid(f, 5.0);
	ck_assert_int_gt(bg, 0);
	ck_assert_int_eq(getpgid(bg), pgid); /* the grandchild is in the group */
	run_until(&w.done, 10.0);
	ck_assert(w.done);
	ck_assert_int_eq(w.r.end, SCRIPT_TIMEDOUT);
	ck_assert_int_eq(w.r.code, SIGKILL);
	ck_assert_double_ge(w.r.elapsed_ms, 450.0);
	ck_assert_double_lt(ev_time() - t0, 5.0);
	ck_assert_msg(group_gone(pgid, 5.0), "process group %d still alive", (int)pgid);
	ck_assert(kill(bg, 0) != 0 && errno == ESRCH);
	free(cmd);
	free(f);
}
END_TEST

START_TEST(test_cancel_kills_group)
{
	char *f = tpath("bg2.pid");
	char *cmd = xasprintf("/bin/sh -c 'sleep 100 & echo $! > %s; sleep 100'", f);
	struct waiter w = {0};
	struct script_run *s = script_start(ev_default_loop(0), cmd, NULL, waiter_cb, &w);
	pid_t pgid = script_pid(s), bg;

	bg = read_pid(f, 5.0);
	ck_assert_int_gt(bg, 0);
	script_cancel(s);
	ck_assert_msg(group_gone(pgid, 5.0), "process group %d still alive", (int)pgid);
	ck_assert(kill(bg, 0) != 0 && errno == ESRCH);
	ck_assert_int_eq(w.calls, 0); /* no callback after cancel */
	free(cmd);
	free(f);
}
END_TEST

START_TEST(test_args_and_quotes)
{
	char *f = tpath("args");
	char *cmd =
	    xasprintf("/bin/sh -c 'printf \"[%%s]\" \"$@\" > %s' zero 'one two' \"th'ree\"", f);
	const char *extra[] = {"four five", "", "$HOME;six"};
	struct script_opts o = {.args = extra, .nargs = 3};
	struct script_result r = run_cmd(cmd, &o);
	char *got;

	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 0);
	got = slurp(f);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, "[one two][th'ree][four five][][$HOME;six]");
	free(got);
	free(cmd);
	free(f);
}
END_TEST

START_TEST(test_user_switch)
{
	char *f = tpath("id");
	char *cmd = xasprintf("/bin/sh -c 'echo $(id -u) $(id -g) > %s'", f);
	struct script_opts o = {.user = "nobody"};
	struct script_result r = run_cmd(cmd, &o);
	char *got, *want;

	if (getuid() != 0) {
		/* not root: the switch must fail, not run as ourselves */
		ck_assert_int_eq(r.end, SCRIPT_FAILED);
		ck_assert_int_eq(r.code, EPERM);
		goto out;
	}
	ck_assert_int_eq(r.end, SCRIPT_EXITED);
	ck_assert_int_eq(r.code, 0);
	got = slurp(f);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, "65534 65534\n");
	free(got);
	unlink(f);

	/* a group by name, then the default user */
	o.group = "daemon";
	r = run_cmd(cmd, &o);
	ck_assert_int_eq(r.code, 0);
	got = slurp(f);
	ck_assert_str_eq(got, "65534 1\n");
	free(got);
	unlink(f);

	ck_assert_int_eq(script_set_default_user("nobody", NULL), 0);
	r = run_cmd(cmd, NULL);
	ck_assert_int_eq(r.code, 0);
	got = slurp(f);
	ck_assert_str_eq(got, "65534 65534\n");
	free(got);
	unlink(f);

	/* a run's own user wins over the default; numeric uid works */
	o.user = "0";
	o.group = NULL;
	r = run_cmd(cmd, &o);
	ck_assert_int_eq(r.code, 0);
	got = slurp(f);
	ck_assert_str_eq(got, "0 0\n");
	free(got);
	unlink(f);

	ck_assert_int_eq(script_set_default_user(NULL, NULL), 0);
	r = run_cmd(cmd, NULL);
	ck_assert_int_eq(r.code, 0);
	got = slurp(f);
	want = xasprintf("%d %d\n", (int)getuid(), (int)getgid());
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
out:
	free(cmd);
	free(f);
}
END_TEST

START_TEST(test_queue_order)
{
	struct script_queue q;
	char *f = tpath("order"), *got;
	char *c1 = xasprintf("/bin/sh -c 'sleep 0.3; echo 1 >> %s'", f);
	char *c2 = xasprintf("/bin/sh -c 'echo 2 >> %s; exit 1'", f);
	char *c3 = xasprintf("/bin/sh -c 'echo \"$1\" >> %s' x", f);
	const char *a3[] = {"3"};
	struct script_opts o3 = {.args = a3, .nargs = 1};
	bool never = false;

	script_queue_init(&q, ev_default_loop(0), "[test]");
	script_queue_push(&q, c1, NULL);
	ck_assert_ptr_nonnull(q.running);
	script_queue_push(&q, c2, NULL);
	script_queue_push(&q, c3, &o3);
	/* the queue copied everything it needs */
	free(c1);
	free(c2);
	free(c3);
	{
		double end = ev_time() + 10.0;

		while ((q.running || q.head) && ev_time() < end)
			run_until(&never, 0.05);
	}
	ck_assert_ptr_null(q.running);
	ck_assert_ptr_null(q.head);
	ck_assert_uint_eq(q.started, 3);
	ck_assert_uint_eq(q.failed, 1);
	got = slurp(f);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, "1\n2\n3\n");
	free(got);
	script_queue_fini(&q, false);
	free(f);
}
END_TEST

START_TEST(test_queue_fini)
{
	struct script_queue q;
	char *f = tpath("fini"), *got;
	char *c1 = xasprintf("/bin/sh -c 'sleep 0.3; echo 1 >> %s'", f);
	char *c2 = xasprintf("/bin/sh -c 'echo 2 >> %s'", f);
	char *p = tpath("fini.pid");
	char *c3 = xasprintf("/bin/sh -c 'sleep 100 & echo $! > %s; sleep 100'", p);
	bool never = false;
	pid_t pgid, bg;

	/* without kill: the running one finishes, the queued one is dropped */
	script_queue_init(&q, ev_default_loop(0), "[test]");
	script_queue_push(&q, c1, NULL);
	script_queue_push(&q, c2, NULL);
	script_queue_fini(&q, false);
	run_until(&never, 1.0);
	got = slurp(f);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, "1\n");
	free(got);

	/* with kill: the running group dies */
	script_queue_init(&q, ev_default_loop(0), "[test]");
	script_queue_push(&q, c3, NULL);
	pgid = script_pid(q.running);
	bg = read_pid(p, 5.0);
	ck_assert_int_gt(bg, 0);
	script_queue_fini(&q, true);
	ck_assert(group_gone(pgid, 5.0));
	free(c1);
	free(c2);
	free(c3);
	free(p);
	free(f);
}
END_TEST

/* The end of a process: flush (SIGTERM to the running one, the queued ones
 * dropped), then script_queue_wait() without the loop. */
START_TEST(test_queue_flush_wait)
{
	struct script_queue q;
	char *f = tpath("fw"), *got, *p = tpath("fw.pid");
	/* ignores SIGTERM: killed by the flush's grace (0.3 s) */
	char *c1 =
	    xasprintf("/bin/sh -c 'trap \"\" TERM; sleep 100 & echo $! > %s; wait; wait'", p);
	char *c2 = xasprintf("/bin/sh -c 'echo dropped >> %s'", f);
	char *c3 = xasprintf("/bin/sh -c 'sleep 0.2; echo 3 >> %s'", f);
	char *c4 = xasprintf("/bin/sh -c 'echo 4 >> %s'", f);
	char *hang = xasprintf("/bin/sh -c 'sleep 100 & echo $! > %s; wait'", p);
	struct script_opts tmo = {.timeout_s = 0.3};
	pid_t pgid, bg;
	double t0;

	script_queue_init(&q, ev_default_loop(0), "[test]");
	script_queue_push(&q, c1, NULL);
	script_queue_push(&q, c2, NULL);
	pgid = script_pid(q.running);
	bg = read_pid(p, 5.0);
	ck_assert_int_gt(bg, 0);
	ck_assert_uint_eq(script_queue_flush(&q, SIGTERM, 0.3), 1);
	ck_assert(script_queue_busy(&q));
	/* what comes after the flush runs after the running one, in order */
	script_queue_push(&q, c3, NULL);
	script_queue_push(&q, c4, NULL);
	t0 = ev_time();
	ck_assert(script_queue_wait(&q, t0 + 5.0));
	ck_assert(!script_queue_busy(&q));
	ck_assert(ev_time() - t0 < 2.0);
	ck_assert(group_gone(pgid, 5.0));
	got = slurp(f);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, "3\n4\n");
	free(got);
	ck_assert_uint_eq(q.started, 3);
	ck_assert_uint_eq(q.failed, 1); /* the killed one */

	/* its own timeout holds while waiting; so does the deadline */
	unlink(p);
	script_queue_push(&q, hang, &tmo);
	pgid = script_pid(q.running);
	t0 = ev_time();
	ck_assert(script_queue_wait(&q, t0 + 5.0));
	ck_assert(ev_time() - t0 < 1.5);
	ck_assert(group_gone(pgid, 5.0));
	unlink(p);
	script_queue_push(&q, hang, NULL);
	script_queue_push(&q, c4, NULL);
	pgid = script_pid(q.running);
	t0 = ev_time();
	ck_assert(!script_queue_wait(&q, t0 + 0.3));
	ck_assert(ev_time() - t0 < 1.5);
	ck_assert(!script_queue_busy(&q)); /* the queued one dropped at the deadline */
	ck_assert(group_gone(pgid, 5.0));
	got = slurp(f);
	ck_assert_str_eq(got, "3\n4\n");
	free(got);
	script_queue_fini(&q, true);
	free(c1);
	free(c2);
	free(c3);
	free(c4);
	free(hang);
	free(p);
	free(f);
}
END_TEST

static Suite *script_suite(void)
{
	Suite *s = suite_create("script");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_exit_codes);
	tcase_add_test(tc, test_start_failures);
	tcase_add_test(tc, test_signals_and_inherited_state);
	tcase_add_test(tc, test_timeout_kills_group);
	tcase_add_test(tc, test_cancel_kills_group);
	tcase_add_test(tc, test_args_and_quotes);
	tcase_add_test(tc, test_user_switch);
	tcase_add_test(tc, test_queue_order);
	tcase_add_test(tc, test_queue_fini);
	tcase_add_test(tc, test_queue_flush_wait);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(script_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
