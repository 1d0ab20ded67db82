/*
 * Unit tests for MISC_CHECK, FILE_CHECK and PING_CHECK (checkers/
 * check_misc.c, check_file.c, check_ping.c), with the engine's functions
 * (check_done, check_done_weight, check_target, check_socket) stubbed here:
 *   - MISC_CHECK runs real scripts: exit 0/1/2-255 with and without
 *     misc_dynamic, a signal, a program that cannot start, and cancel()
 *     (the engine's timeout) killing the script and its children;
 *   - FILE_CHECK's value rules, then a real file under inotify: written in
 *     place, replaced by rename, deleted, init_file;
 *   - PING_CHECK's echo codec, then real echoes to 127.0.0.1 and ::1 over
 *     a ping socket and over a raw socket (the stub refuses the ping socket
 *     as a group outside ping_group_range would).
 * The process is a child subreaper, so "the group is gone" is exact.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkers/check.h"
#include "checkers/check_file.h"
#include "checkers/check_ping.h"
#include "lib/conf.h"
#include "lib/util.h"

/* ---- the engine, stubbed ---- */

static struct {
	int calls;
	enum check_result res;
	int64_t weight;
	char detail[256];
} done;
static struct sockaddr_storage target;
static socklen_t target_len;
static bool refuse_ping_socket;
static int last_socket_type;

/* The engine's label, for the kinds' log lines (the engine is not linked). */
const char *check_label(const struct check *ck)
{
	(void)ck;
	return "[test]";
}

void check_done_weight(struct check *ck, enum check_result res, int64_t weight, const char *detail)
{
	done.calls++;
	done.res = res;
	done.weight = weight;
	util_strlcpy(done.detail, detail ? detail : "", sizeof(done.detail));
	ev_break(ck->loop, EVBREAK_ALL);
}

void check_done(struct check *ck, enum check_result res, const char *detail)
{
	check_done_weight(ck, res, -1, detail);
}

socklen_t check_target(const struct check *ck, struct sockaddr_storage *ss)
{
	(void)ck;
	*ss = target;
	return target_len;
}

int check_socket(const struct check *ck, int type, int proto)
{
	int fd;

	(void)ck;
	if (refuse_ping_socket && type == SOCK_DGRAM)
		return -EACCES;
	fd = socket(target.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	last_socket_type = type;
	return fd;
}

const char *check_result_str(enum check_result r)
{
	static char buf[16];

	if (util_snprintf(buf, sizeof(buf), "result %d", (int)r) < 0)
		buf[0] = '\0';
	return buf;
}

static char tmpdir[64];
static struct ev_loop *loop;

static void setup(void)
{
	util_strlcpy(tmpdir, "/tmp/test_check_local.XXXXXX", sizeof(tmpdir));
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	loop = ev_default_loop(0);
	memset(&done, 0, sizeof(done));
	refuse_ping_socket = false;
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

static void guard_cb(struct ev_loop *l, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(l, EVBREAK_ALL);
}

/* Run the loop until a check_done (or max_s). */
static void run_for_done(double max_s)
{
	ev_timer guard;

	ev_timer_init(&guard, guard_cb, max_s, 0.);
	ev_timer_start(loop, &guard);
	ev_run(loop, 0);
	ev_timer_stop(loop, &guard);
}

/* One attempt as the engine runs it; the loop runs 100 ms more to catch a
 * second check_done(). */
static void run_attempt(const struct check_kind *kind, const struct conf_check *conf)
{
	struct check ck = {.kind = kind, .conf = conf, .loop = ev_default_loop(0)};

	memset(&done, 0, sizeof(done));
	kind->start(&ck);
	if (!done.calls)
		run_for_done(10.0);
	ck_assert_msg(done.calls == 1, "no check_done within 10 s");
	run_for_done(0.1);
	kind->forget(&ck);
	ck_assert_ptr_null(ck.kdata);
	ck_assert_msg(done.calls == 1, "check_done called %d times", done.calls);
}

/* ---- MISC_CHECK ---- */

static void misc(const char *path, bool dynamic, enum check_result want, int64_t weight,
		 const char *detail)
{
	struct conf_check c = {.type = CONF_CHECK_MISC, .misc_dynamic = dynamic};

	c.misc_path = (char *)path;
	run_attempt(&check_kind_misc, &c);
	ck_assert_msg(done.res == want, "%s: %s, want %s (%s)", path, check_result_str(done.res),
		      check_result_str(want), done.detail);
	ck_assert_int_eq(done.weight, weight);
	ck_assert_str_eq(done.detail, detail);
}

START_TEST(test_misc_exit_codes)
{
	misc("/bin/true", false, CHECK_OK, -1, "exit 0");
	misc("/bin/true", true, CHECK_OK, -1, "exit 0"); /* dynamic: weight unchanged */
	misc("/bin/false", false, CHECK_SCRIPT_FAILED, -1, "exit 1");
	misc("/bin/false", true, CHECK_SCRIPT_FAILED, -1, "exit 1");
	misc("/bin/sh -c 'exit 12'", false, CHECK_SCRIPT_FAILED, -1, "exit 12");
	misc("/bin/sh -c 'exit 12'", true, CHECK_OK, 10, "exit 12, weight 10");
	misc("/bin/sh -c 'exit 2'", true, CHECK_OK, 0, "exit 2, weight 0");
	misc("/bin/sh -c 'exit 255'", true, CHECK_OK, 253, "exit 255, weight 253");
	misc("/bin/sh -c 'kill -KILL $$'", false, CHECK_SCRIPT_KILLED, -1, "signal 9 (SIGKILL)");
	misc("/nonexistent/check arg", false, CHECK_ERROR, -1,
	     "cannot run /nonexistent/check arg: No such file or directory");
	/* nothing to run: an error from inside start() */
	misc("  ", false, CHECK_ERROR, -1, "misc_path has no program (empty or unbalanced quotes)");
	/* the user: an unknown one cannot start */
	{
		struct conf_check c = {.type = CONF_CHECK_MISC,
				       .misc_path = (char *)"/bin/true",
				       .user = (char *)"no-such-user-xyz"};

		run_attempt(&check_kind_misc, &c);
		ck_assert_int_eq(done.res, CHECK_ERROR);
	}
}
END_TEST

START_TEST(test_misc_user)
{
	char *f = xasprintf("%s/uid", tmpdir);
	char *cmd = xasprintf("/bin/sh -c 'test $(id -u) = 65534 || exit 1; touch %s'", f);
	struct conf_check c = {.type = CONF_CHECK_MISC, .misc_path = cmd, .user = (char *)"nobody"};

	ck_assert_int_eq(chmod(tmpdir, 01777), 0);
	run_attempt(&check_kind_misc, &c);
	if (getuid() == 0) {
		ck_assert_int_eq(done.res, CHECK_OK);
		ck_assert_int_eq(access(f, F_OK), 0);
	} else {
		ck_assert_int_eq(done.res, CHECK_ERROR); /* cannot switch: never runs as us */
	}
	free(cmd);
	free(f);
}
END_TEST

START_TEST(test_misc_cancel_kills_children)
{
	char *pidf = xasprintf("%s/bg.pid", tmpdir);
	char *cmd = xasprintf("/bin/sh -c 'sleep 100 & echo $! > %s; sleep 100'", pidf);
	struct conf_check c = {.type = CONF_CHECK_MISC, .misc_path = cmd};
	struct check ck = {.kind = &check_kind_misc, .conf = &c, .loop = loop};
	long long bg = 0;
	double end;

	check_kind_misc.start(&ck);
	for (end = ev_time() + 5; ev_time() < end; usleep(10000)) {
		FILE *fp = fopen(pidf, "r");

		ev_run(loop, EVRUN_NOWAIT);
		if (fp) {
			int ok = fscanf(fp, "%lld", &bg);

			fclose(fp);
			if (ok == 1 && bg > 0)
				break;
		}
	}
	ck_assert_int_gt(bg, 0);
	ck_assert_int_eq(kill((pid_t)bg, 0), 0);
	check_kind_misc.cancel(&ck); /* as the engine's misc_timeout does */
	for (end = ev_time() + 5; ev_time() < end && kill((pid_t)bg, 0) == 0; usleep(10000))
		ev_run(loop, EVRUN_NOWAIT);
	ck_assert_msg(kill((pid_t)bg, 0) != 0 && errno == ESRCH, "the script's child survived");
	run_for_done(0.2);
	ck_assert_int_eq(done.calls, 0); /* no check_done after cancel */
	/* the next attempt runs normally */
	free(cmd);
	cmd = xstrdup("/bin/sh -c 'exit 0'");
	c.misc_path = cmd;
	check_kind_misc.start(&ck);
	run_for_done(5);
	ck_assert_int_eq(done.calls, 1);
	ck_assert_int_eq(done.res, CHECK_OK);
	check_kind_misc.forget(&ck);
	free(cmd);
	free(pidf);
}
END_TEST

/* ---- FILE_CHECK ---- */

START_TEST(test_file_rules)
{
	struct conf_check c = {.type = CONF_CHECK_FILE, .weight_set = true, .weight = 0};
	long long v;
	int64_t w;

	ck_assert(check_file_parse("42\n", &v) && v == 42);
	ck_assert(check_file_parse("  -7 trailing", &v) && v == -7);
	ck_assert(check_file_parse("+3", &v) && v == 3);
	ck_assert(!check_file_parse("", &v));
	ck_assert(!check_file_parse("abc", &v));
	ck_assert(!check_file_parse("-", &v));

	/* weight 0: 0 is up, anything else down; reverse swaps */
	ck_assert_int_eq(check_file_judge(&c, 0, &w), CHECK_OK);
	ck_assert_int_eq(w, -1);
	ck_assert_int_eq(check_file_judge(&c, 1, &w), CHECK_FILE_DOWN);
	ck_assert_int_eq(check_file_judge(&c, -5, &w), CHECK_FILE_DOWN);
	c.weight_reverse = true;
	ck_assert_int_eq(check_file_judge(&c, 0, &w), CHECK_FILE_DOWN);
	ck_assert_int_eq(check_file_judge(&c, 3, &w), CHECK_OK);

	/* weight != 0: value x weight, down at <= -2147483648 */
	c.weight_reverse = false;
	c.weight = 2;
	ck_assert_int_eq(check_file_judge(&c, 5, &w), CHECK_OK);
	ck_assert_int_eq(w, -1); /* not dynamic: no weight */
	ck_assert_int_eq(check_file_judge(&c, -1073741824, &w), CHECK_FILE_DOWN);
	ck_assert_int_eq(check_file_judge(&c, -1073741823, &w), CHECK_OK);
	c.dynamic = true;
	ck_assert_int_eq(check_file_judge(&c, 5, &w), CHECK_OK);
	ck_assert_int_eq(w, 10);
	ck_assert_int_eq(check_file_judge(&c, -3, &w), CHECK_OK);
	ck_assert_int_eq(w, 0);
	ck_assert_int_eq(check_file_judge(&c, 2000000000, &w), CHECK_OK);
	ck_assert_int_eq(w, 2147483647);
	c.weight_reverse = true;
	ck_assert_int_eq(check_file_judge(&c, -5, &w), CHECK_OK);
	ck_assert_int_eq(w, 10);
	ck_assert_int_eq(check_file_judge(&c, 1073741824, &w), CHECK_FILE_DOWN);
	ck_assert_int_eq(check_file_judge(&c, LLONG_MAX, &w), CHECK_FILE_DOWN); /* saturates */
	/* weight not set (no track_file found): 1 */
	c.weight_set = false;
	c.weight_reverse = false;
	ck_assert_int_eq(check_file_judge(&c, 7, &w), CHECK_OK);
	ck_assert_int_eq(w, 7);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Wait for the next report; fail when none comes. */
static void expect(enum check_result res, int64_t weight, const char *detail)
{
	if (!done.calls)
		run_for_done(5.0);
	ck_assert_msg(done.calls == 1, "%d reports, want 1", done.calls);
	ck_assert_msg(done.res == res, "%s, want %s (%s)", check_result_str(done.res),
		      check_result_str(res), done.detail);
	ck_assert_int_eq(done.weight, weight);
	ck_assert_str_eq(done.detail, detail);
	memset(&done, 0, sizeof(done));
}

static void expect_none(void)
{
	run_for_done(0.3);
	ck_assert_msg(done.calls == 0, "unexpected report: %s (%s)", check_result_str(done.res),
		      done.detail);
}

START_TEST(test_file_watch)
{
	struct conf *cf = conf_new();
	struct conf_track_file *tf = xcalloc(1, sizeof(*tf));
	char *path = xasprintf("%s/state", tmpdir), *tmp = xasprintf("%s/state.new", tmpdir);
	struct conf_check c = {.type = CONF_CHECK_FILE,
			       .track_file = (char *)"tf",
			       .weight_set = true,
			       .weight = 3,
			       .dynamic = true};
	struct check ck = {.kind = &check_kind_file, .conf = &c, .loop = loop};

	tf->name = xstrdup("tf");
	tf->path = xstrdup(path);
	tf->weight = 3;
	tf->init_file = true;
	tf->init_value = 4;
	TAILQ_INSERT_TAIL(&cf->track_files, tf, entry);
	check_file_set_conf(cf);

	check_kind_file.watch(&ck);
	ck_assert_int_eq(done.calls, 0);	    /* the first report comes from the loop */
	check_file_set_conf(NULL);		    /* watch() copied what it needs */
	expect(CHECK_OK, 12, "value 4, weight 12"); /* init_file wrote 4 */

	write_file(path, "5\n");
	expect(CHECK_OK, 15, "value 5, weight 15");
	write_file(path, "5\n"); /* the same value: nothing */
	expect_none();
	/* replaced by rename */
	write_file(tmp, "-800000000\n");
	ck_assert_int_eq(rename(tmp, path), 0);
	expect(CHECK_FILE_DOWN, -1, "value -800000000");
	write_file(path, "1");
	expect(CHECK_OK, 3, "value 1, weight 3");
	/* deleted: value 0 */
	ck_assert_int_eq(unlink(path), 0);
	expect(CHECK_OK, 0, "value 0, weight 0");
	/* created again */
	write_file(path, "2");
	expect(CHECK_OK, 6, "value 2, weight 6");
	/* another file in the directory changes nothing */
	write_file(tmp, "9");
	expect_none();
	check_kind_file.unwatch(&ck);
	ck_assert_ptr_null(ck.kdata);
	write_file(path, "3");
	expect_none();

	/* weight 0: up/down only; an existing file is not overwritten by
	 * init_file unless told */
	tf->weight = 0;
	c.weight = 0;
	c.dynamic = false;
	check_file_set_conf(cf);
	check_kind_file.watch(&ck);
	expect(CHECK_FILE_DOWN, -1, "value 3");
	write_file(path, "0\n");
	expect(CHECK_OK, -1, "value 0");
	write_file(path, "garbage\n"); /* no number: 0, still up */
	expect_none();
	check_kind_file.forget(&ck);
	tf->init_overwrite = true;
	check_kind_file.watch(&ck);
	expect(CHECK_FILE_DOWN, -1, "value 4"); /* overwritten with 4 */
	check_kind_file.unwatch(&ck);

	/* an unknown track_file */
	c.track_file = (char *)"nope";
	check_kind_file.watch(&ck);
	expect(CHECK_ERROR, -1, "no such track_file");
	check_kind_file.unwatch(&ck);
	check_file_set_conf(NULL);
	conf_free(cf);
	free(path);
	free(tmp);
}
END_TEST

/* ---- PING_CHECK ---- */

START_TEST(test_ping_codec)
{
	uint8_t tok[CHECK_PING_TOKEN_LEN], pkt[CHECK_PING_LEN], rep[20 + CHECK_PING_LEN];

	for (size_t i = 0; i < sizeof(tok); i++)
		tok[i] = (uint8_t)(i * 7 + 1);
	check_ping_build(pkt, AF_INET, 0x1234, 0xabcd, tok);
	ck_assert_int_eq(pkt[0], ICMP_ECHO);
	ck_assert_int_eq(check_ping_cksum(pkt, sizeof(pkt)), 0); /* checksum correct */
	ck_assert_int_eq(pkt[4], 0x12);
	ck_assert_int_eq(pkt[7], 0xcd);
	/* a request is not a reply */
	ck_assert(!check_ping_match(pkt, sizeof(pkt), AF_INET, false, true, 0x1234, 0xabcd, tok));
	pkt[0] = ICMP_ECHOREPLY;
	ck_assert(check_ping_match(pkt, sizeof(pkt), AF_INET, false, true, 0x1234, 0xabcd, tok));
	ck_assert(!check_ping_match(pkt, sizeof(pkt), AF_INET, false, true, 0x1235, 0xabcd, tok));
	ck_assert(check_ping_match(pkt, sizeof(pkt), AF_INET, false, false, 0x1235, 0xabcd, tok));
	ck_assert(!check_ping_match(pkt, sizeof(pkt), AF_INET, false, true, 0x1234, 0xabce, tok));
	ck_assert(
	    !check_ping_match(pkt, sizeof(pkt) - 1, AF_INET, false, true, 0x1234, 0xabcd, tok));
	/* with an IPv4 header in front (raw socket) */
	memset(rep, 0, 20);
	rep[0] = 0x45;
	memcpy(rep + 20, pkt, sizeof(pkt));
	ck_assert(check_ping_match(rep, sizeof(rep), AF_INET, true, true, 0x1234, 0xabcd, tok));
	rep[0] = 0x46; /* header says 24 bytes: the rest is too short */
	ck_assert(!check_ping_match(rep, sizeof(rep), AF_INET, true, true, 0x1234, 0xabcd, tok));
	pkt[sizeof(pkt) - 1] ^= 1; /* another token */
	ck_assert(!check_ping_match(pkt, sizeof(pkt), AF_INET, false, true, 0x1234, 0xabcd, tok));
	check_ping_build(pkt, AF_INET6, 1, 2, tok);
	ck_assert_int_eq(pkt[0], ICMP6_ECHO_REQUEST);
	pkt[0] = ICMP6_ECHO_REPLY;
	ck_assert(check_ping_match(pkt, sizeof(pkt), AF_INET6, false, true, 1, 2, tok));
	ck_assert(!check_ping_match(pkt, sizeof(pkt), AF_INET, false, true, 1, 2, tok));
}
END_TEST

static void set_target(const char *ip)
{
	memset(&target, 0, sizeof(target));
	if (strchr(ip, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&target;

		s6->sin6_family = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, ip, &s6->sin6_addr), 1);
		target_len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&target;

		s4->sin_family = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, ip, &s4->sin_addr), 1);
		target_len = sizeof(*s4);
	}
}

static void ping(const char *ip, bool raw)
{
	struct conf_check c = {.type = CONF_CHECK_PING};
	struct check ck = {.kind = &check_kind_ping, .conf = &c, .loop = loop};

	set_target(ip);
	refuse_ping_socket = raw;
	/* two attempts on the same check: the sequence moves on */
	for (int i = 0; i < 2; i++) {
		memset(&done, 0, sizeof(done));
		check_kind_ping.start(&ck);
		if (!done.calls)
			run_for_done(3.0);
		ck_assert_msg(done.calls == 1 && done.res == CHECK_OK, "ping %s %s: %s (%s)", ip,
			      raw ? "raw" : "dgram", check_result_str(done.res), done.detail);
		ck_assert_int_eq(last_socket_type, raw ? SOCK_RAW : SOCK_DGRAM);
		run_for_done(0.05);
		ck_assert_int_eq(done.calls, 1);
	}
	check_kind_ping.forget(&ck);
	ck_assert_ptr_null(ck.kdata);
}

/* Whether this process's group may open ping sockets (net.ipv4.ping_group_range,
 * per network namespace; "1 0", the kernel's default, allows nobody). */
static bool ping_sockets_allowed(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ping_group_range", "r");
	long lo = 1, hi = 0;
	long gid = (long)getegid();

	if (f) {
		if (fscanf(f, "%ld %ld", &lo, &hi) != 2)
			lo = 1, hi = 0;
		fclose(f);
	}
	return lo <= gid && gid <= hi;
}

/* The ping socket path needs ping sockets: when the host disables them, a root
 * test moves to a network namespace of its own (this forked test process only),
 * brings its loopback up and allows them there. */
static void allow_ping_sockets(void)
{
	struct ifreq ifr;
	FILE *f;
	int s;

	if (ping_sockets_allowed())
		return;
	ck_assert_msg(geteuid() == 0,
		      "ping sockets are disabled here (net.ipv4.ping_group_range) and the test "
		      "is not root: cannot test the ping socket path");
	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): %s", strerror(errno));
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ck_assert_int_eq(ioctl(s, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(s, SIOCSIFFLAGS, &ifr), 0);
	close(s);
	f = fopen("/proc/sys/net/ipv4/ping_group_range", "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_gt(fprintf(f, "0 2147483647\n"), 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert(ping_sockets_allowed());
}

START_TEST(test_ping_loopback)
{
	allow_ping_sockets();
	ping("127.0.0.1", false);
	ping("::1", false);
	if (getuid() == 0) { /* raw sockets need CAP_NET_RAW */
		ping("127.0.0.1", true);
		ping("::1", true);
	}
}
END_TEST

START_TEST(test_ping_cancel)
{
	struct conf_check c = {.type = CONF_CHECK_PING};
	struct check ck = {.kind = &check_kind_ping, .conf = &c, .loop = loop};
	int fds_before = 0, fds_after = 0;
	char p[64];

	for (int fd = 0; fd < 256; fd++)
		fds_before += fcntl(fd, F_GETFD) >= 0;
	set_target("127.0.0.1");
	check_kind_ping.start(&ck);
	check_kind_ping.cancel(&ck); /* before the reply is read */
	run_for_done(0.2);
	ck_assert_int_eq(done.calls, 0);
	for (int fd = 0; fd < 256; fd++)
		fds_after += fcntl(fd, F_GETFD) >= 0;
	ck_assert_int_eq(fds_after, fds_before); /* the socket is closed */
	check_kind_ping.forget(&ck);
	(void)p;
}
END_TEST

static Suite *local_suite(void)
{
	Suite *s = suite_create("check_local");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_misc_exit_codes);
	tcase_add_test(tc, test_misc_user);
	tcase_add_test(tc, test_misc_cancel_kills_children);
	tcase_add_test(tc, test_file_rules);
	tcase_add_test(tc, test_file_watch);
	tcase_add_test(tc, test_ping_codec);
	tcase_add_test(tc, test_ping_loopback);
	tcase_add_test(tc, test_ping_cancel);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(local_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
