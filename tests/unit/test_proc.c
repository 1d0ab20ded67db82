/*
 * Unit tests for lib/proc: framed messages over a socketpair driven by libev
 * (whole, split and oversized frames, a frame bigger than the socket buffer,
 * peer close), the blocking first-frame read, pid files, and what a spawned
 * child inherits (fd 3 and no other descriptor, an empty signal mask), and
 * the restart back-off.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/proc.h"
#include "lib/util.h"

#define MAXMSG 8

struct rx {
	size_t n;
	uint32_t type[MAXMSG];
	size_t len[MAXMSG];
	char *data[MAXMSG];
	int closed;
};

static void rx_msg(struct proc_chan *ch, uint32_t type, const char *data, size_t len)
{
	struct rx *r = ch->arg;

	ck_assert_uint_lt(r->n, MAXMSG);
	r->type[r->n] = type;
	r->len[r->n] = len;
	r->data[r->n] = xmalloc(len + 1);
	memcpy(r->data[r->n], data, len);
	r->n++;
}

static void rx_close(struct proc_chan *ch)
{
	struct rx *r = ch->arg;

	r->closed++;
}

static void rx_free(struct rx *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->data[i]);
}

/* Run the loop until cond() or about 2 s. */
static void run_until(struct ev_loop *loop, bool (*cond)(void *), void *arg)
{
	for (int i = 0; i < 2000 && !cond(arg); i++) {
		ev_run(loop, EVRUN_NOWAIT);
		usleep(1000);
	}
}

struct pair {
	struct rx *r;
	size_t want;
	struct proc_chan *tx;
};

static bool got_all(void *arg)
{
	struct pair *p = arg;

	return p->r->n >= p->want && (!p->tx || proc_chan_pending(p->tx) == 0);
}

static bool got_close(void *arg)
{
	return ((struct rx *)arg)->closed > 0;
}

START_TEST(test_frames_roundtrip)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct proc_chan a, b;
	struct rx ra = {0}, rb = {0};
	size_t big = 3u << 20; /* far more than a socket buffer: partial writes and reads */
	char *blob = xmalloc(big);
	struct pair p = {&rb, 3, &a};
	int sv[2];

	for (size_t i = 0; i < big; i++)
		blob[i] = (char)(i * 7 + 3);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	proc_chan_init(&a, loop, sv[0], rx_msg, rx_close, &ra);
	proc_chan_init(&b, loop, sv[1], rx_msg, rx_close, &rb);
	ck_assert(proc_chan_is_open(&a));
	ck_assert_int_eq(proc_chan_send(&a, PROC_MSG_CONF, "hello", 5), 0);
	ck_assert_int_eq(proc_chan_send(&a, PROC_MSG_STATUS, NULL, 0), 0);
	ck_assert_int_eq(proc_chan_send(&a, PROC_MSG_CONF, blob, big), 0);
	ck_assert_uint_gt(proc_chan_pending(&a), 0); /* the socket could not take it all */
	run_until(loop, got_all, &p);
	ck_assert_uint_eq(rb.n, 3);
	ck_assert_uint_eq(rb.type[0], PROC_MSG_CONF);
	ck_assert_uint_eq(rb.len[0], 5);
	ck_assert(memcmp(rb.data[0], "hello", 5) == 0);
	ck_assert_uint_eq(rb.type[1], PROC_MSG_STATUS);
	ck_assert_uint_eq(rb.len[1], 0);
	ck_assert_uint_eq(rb.len[2], big);
	ck_assert(memcmp(rb.data[2], blob, big) == 0);
	ck_assert_uint_eq(proc_chan_pending(&a), 0);

	/* The other direction works too, and closing one end reaches the other. */
	ck_assert_int_eq(proc_chan_send(&b, PROC_MSG_STATUS, "up", 2), 0);
	p = (struct pair){&ra, 1, NULL};
	run_until(loop, got_all, &p);
	ck_assert_uint_eq(ra.n, 1);
	ck_assert_str_eq(proc_msg_type_str(ra.type[0]), "STATUS");
	proc_chan_close(&a);
	ck_assert(!proc_chan_is_open(&a));
	ck_assert_int_eq(proc_chan_send(&a, PROC_MSG_STATUS, "x", 1), -1);
	run_until(loop, got_close, &rb);
	ck_assert_int_eq(rb.closed, 1);
	ck_assert(!proc_chan_is_open(&b));
	ck_assert_int_eq(ra.closed, 0); /* an explicit close calls no callback */
	proc_chan_close(&b);		/* idempotent */
	rx_free(&ra);
	rx_free(&rb);
	free(blob);
	ev_loop_destroy(loop);
}
END_TEST

static bool got_one(void *arg)
{
	return ((struct rx *)arg)->n > 0;
}

START_TEST(test_frames_split_and_bad)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	/* A frame of 4 bytes, type 2, "abcd", then the header of an oversized frame. */
	const char frame[] = {0, 0, 0, 4, 0, 0, 0, 2, 'a', 'b', 'c', 'd'};
	const char huge[] = {0x7f, 0, 0, 0, 0, 0, 0, 1};
	struct proc_chan b;
	struct rx rb = {0};
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	proc_chan_init(&b, loop, sv[1], rx_msg, rx_close, &rb);
	/* Byte by byte: nothing is delivered before the frame is whole. */
	for (size_t i = 0; i < sizeof(frame) - 1; i++) {
		ck_assert_int_eq(write(sv[0], frame + i, 1), 1);
		ev_run(loop, EVRUN_NOWAIT);
		ck_assert_uint_eq(rb.n, 0);
	}
	ck_assert_int_eq(write(sv[0], frame + sizeof(frame) - 1, 1), 1);
	run_until(loop, got_one, &rb);
	ck_assert_uint_eq(rb.n, 1);
	ck_assert_uint_eq(rb.type[0], 2);
	ck_assert_uint_eq(rb.len[0], 4);
	ck_assert(memcmp(rb.data[0], "abcd", 4) == 0);
	/* A frame over PROC_MSG_MAX closes the channel. */
	ck_assert_int_eq(write(sv[0], huge, sizeof(huge)), (ssize_t)sizeof(huge));
	run_until(loop, got_close, &rb);
	ck_assert_int_eq(rb.closed, 1);
	ck_assert(!proc_chan_is_open(&b));
	ck_assert_uint_eq(rb.n, 1);
	close(sv[0]);
	rx_free(&rb);
	ev_loop_destroy(loop);
}
END_TEST

START_TEST(test_read_frame)
{
	const char frame[] = {0, 0, 0, 3, 0, 0, 0, 1, 'x', 'y', 'z'};
	uint32_t type;
	size_t len;
	char *data;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	/* Nothing there: times out. */
	ck_assert_int_eq(proc_read_frame(sv[1], 100, &type, &data, &len), -1);
	ck_assert_int_eq(write(sv[0], frame, sizeof(frame)), (ssize_t)sizeof(frame));
	ck_assert_int_eq(proc_read_frame(sv[1], 1000, &type, &data, &len), 0);
	ck_assert_uint_eq(type, PROC_MSG_CONF);
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(data, "xyz"); /* NUL-terminated */
	free(data);
	/* A header and then EOF in the payload. */
	ck_assert_int_eq(write(sv[0], frame, 9), 9);
	close(sv[0]);
	ck_assert_int_eq(proc_read_frame(sv[1], 1000, &type, &data, &len), -1);
	close(sv[1]);
}
END_TEST

START_TEST(test_pidfile)
{
	char dir[] = "/tmp/test_proc.XXXXXX";
	char *path;
	pid_t child;
	int st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = xasprintf("%s/x.pid", dir);
	/* Missing file; this very process; a live process of another name. */
	ck_assert_int_eq(proc_pidfile_live(path, "test_proc"), 0);
	ck_assert_int_eq(proc_pidfile_write(path, getpid()), 0);
	ck_assert_int_eq(proc_pidfile_live(path, "test_proc"), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	ck_assert_int_eq(proc_pidfile_write(path, child), 0);
	ck_assert_int_eq(proc_pidfile_live(path, "test_proc"), child);
	ck_assert_int_eq(proc_pidfile_live(path, "vigild"), 0);
	/* remove() leaves a file that names another pid. */
	proc_pidfile_remove(path, child + 1);
	ck_assert_int_eq(access(path, F_OK), 0);
	kill(child, SIGKILL);
	/* Not reaped yet: a zombie is not alive. */
	for (int i = 0; i < 2000 && proc_pidfile_live(path, "test_proc") != 0; i++)
		usleep(1000);
	ck_assert_int_eq(proc_pidfile_live(path, "test_proc"), 0);
	ck_assert_int_eq(kill(child, 0), 0); /* still there as a zombie */
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert_int_eq(proc_pidfile_live(path, "test_proc"), 0); /* stale */
	proc_pidfile_remove(path, child);
	ck_assert_int_eq(access(path, F_OK), -1);
	/* Garbage is not a pid. */
	{
		FILE *f = fopen(path, "w");

		ck_assert_ptr_nonnull(f);
		fputs("12abc\n", f);
		fclose(f);
	}
	ck_assert_int_eq(proc_pidfile_live(path, ""), 0);
	proc_pidfile_remove(path, 0);
	ck_assert_int_eq(rmdir(dir), 0);
	free(path);
}
END_TEST

START_TEST(test_spawn)
{
	/* The child sees the socket at fd 3, no fd 9 (inherited here without
	 * O_CLOEXEC), and answers on the channel. */
	char *const argv[] = {
	    (char *)"sh", (char *)"-c",
	    (char *)"[ -S /proc/self/fd/3 ] || exit 3; [ -e /proc/self/fd/9 ] && exit 4; "
		    "printf ok >&3; exit 7",
	    NULL};
	/* grep, exec'd directly (a shell would reset the mask itself): the
	 * signal mask is empty although SIGUSR1 is blocked here. */
	char *const grep_argv[] = {(char *)"grep", (char *)"-q", (char *)"^SigBlk:[[:space:]]*0*$",
				   (char *)"/proc/self/status", NULL};
	sigset_t block;
	char buf[8] = {0};
	pid_t pid;
	int fd, st, leak;

	leak = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(leak, 0);
	ck_assert_int_ge(dup2(leak, 9), 0);
	pid = proc_spawn("/bin/sh", argv, &fd);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 7);
	ck_assert_int_eq(read(fd, buf, sizeof(buf) - 1), 2);
	ck_assert_str_eq(buf, "ok");
	close(fd);
	close(9);
	close(leak);

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid = proc_spawn("/bin/grep", grep_argv, &fd);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	close(fd);
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	/* A program that does not exist: the child exits 127. */
	pid = proc_spawn("/nonexistent/vigild-nothing", argv, &fd);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 127);
	close(fd);
}
END_TEST

START_TEST(test_backoff)
{
	static const unsigned quick[] = {1, 2, 4, 8, 16, 32, 60, 60};
	struct proc_backoff b;

	proc_backoff_init(&b);
	for (size_t i = 0; i < ARRAY_SIZE(quick); i++)
		ck_assert_uint_eq(proc_backoff_next(&b, 0.5), quick[i]);
	/* 60 s of good running: back to 1 s, then doubling again. */
	ck_assert_uint_eq(proc_backoff_next(&b, 60.0), 1);
	ck_assert_uint_eq(proc_backoff_next(&b, 59.9), 2);
	ck_assert_uint_eq(proc_backoff_next(&b, 3600.0), 1);
	ck_assert_uint_eq(proc_backoff_next(&b, 0.), 2);
}
END_TEST

static Suite *proc_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_frames_roundtrip);
	tcase_add_test(tc, test_frames_split_and_bad);
	tcase_add_test(tc, test_read_frame);
	tcase_add_test(tc, test_pidfile);
	tcase_add_test(tc, test_spawn);
	tcase_add_test(tc, test_backoff);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(proc_suite());
	int failed;

	log_init("test_proc", LOG_USER, false, false);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
