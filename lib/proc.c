/*
 * proc: child spawning, framed socketpair messages, pid files and the child's
 * loop skeleton.  See proc.h.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/proc.h"
#include "lib/util.h"

static const char *const proc_msg_type_names[] = {
    [PROC_MSG_CONF] = "CONF",
    [PROC_MSG_STATUS] = "STATUS",
    [PROC_MSG_DUMP] = "DUMP",
};

const char *proc_msg_type_str(uint32_t type)
{
	if (type < ARRAY_SIZE(proc_msg_type_names) && proc_msg_type_names[type])
		return proc_msg_type_names[type];
	return "UNKNOWN";
}

/* ---- framed channel ---- */

static void proc_chan_fail(struct proc_chan *ch)
{
	proc_close_cb cb = ch->on_close;

	proc_chan_close(ch);
	if (cb)
		cb(ch);
}

static int proc_chan_flush(struct proc_chan *ch)
{
	while (ch->woff < ch->wlen) {
		ssize_t n = send(ch->fd, ch->wbuf + ch->woff, ch->wlen - ch->woff,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				ev_io_start(ch->loop, &ch->wio);
				return 0;
			}
			return -1;
		}
		ch->woff += (size_t)n;
	}
	ch->woff = ch->wlen = 0;
	ev_io_stop(ch->loop, &ch->wio);
	return 0;
}

static void proc_chan_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct proc_chan *ch = container_of(w, struct proc_chan, wio);

	if (proc_chan_flush(ch) < 0) {
		log_warn("proc: write to channel");
		proc_chan_fail(ch);
	}
}

static uint32_t proc_get32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

static void proc_put32(char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

/* Hand every whole frame in rbuf to on_msg.  Returns -1 when the channel was
 * closed (by a callback or a bad frame); ch must not be touched then. */
static int proc_chan_dispatch(struct proc_chan *ch)
{
	size_t off = 0;
	unsigned closed = 0;

	while (ch->rlen - off >= PROC_MSG_HDR) {
		uint32_t len = proc_get32(ch->rbuf + off);
		uint32_t type = proc_get32(ch->rbuf + off + 4);

		if (len > PROC_MSG_MAX) {
			log_warnx("proc: frame of %u bytes is too big, closing the channel", len);
			proc_chan_fail(ch);
			return -1;
		}
		if (ch->rlen - off - PROC_MSG_HDR < len)
			break;
		ch->closed_flag = &closed;
		ch->on_msg(ch, type, ch->rbuf + off + PROC_MSG_HDR, len);
		if (closed)
			return -1;
		ch->closed_flag = NULL;
		off += PROC_MSG_HDR + len;
	}
	if (off) {
		memmove(ch->rbuf, ch->rbuf + off, ch->rlen - off);
		ch->rlen -= off;
	}
	return 0;
}

static void proc_chan_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct proc_chan *ch = container_of(w, struct proc_chan, rio);
	ssize_t n;

	if (ch->rcap - ch->rlen < 65536) {
		ch->rcap = ch->rlen + 65536 + ch->rcap / 2;
		ch->rbuf = xrealloc(ch->rbuf, ch->rcap);
	}
	n = recv(ch->fd, ch->rbuf + ch->rlen, ch->rcap - ch->rlen, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		log_warn("proc: read from channel");
		proc_chan_fail(ch);
		return;
	}
	if (n == 0) {
		if (ch->rlen)
			log_warnx("proc: channel closed inside a frame (%zu bytes left)", ch->rlen);
		proc_chan_fail(ch);
		return;
	}
	ch->rlen += (size_t)n;
	proc_chan_dispatch(ch);
}

void proc_chan_init(struct proc_chan *ch, struct ev_loop *loop, int fd, proc_msg_cb on_msg,
		    proc_close_cb on_close, void *arg)
{
	int fl;

	memset(ch, 0, sizeof(*ch));
	ch->loop = loop;
	ch->fd = fd;
	ch->on_msg = on_msg;
	ch->on_close = on_close;
	ch->arg = arg;
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	ev_io_init(&ch->rio, proc_chan_read_cb, fd, EV_READ);
	ev_io_init(&ch->wio, proc_chan_write_cb, fd, EV_WRITE);
	ev_io_start(loop, &ch->rio);
}

bool proc_chan_is_open(const struct proc_chan *ch)
{
	return ch->fd >= 0 && ch->loop != NULL;
}

int proc_chan_send(struct proc_chan *ch, uint32_t type, const void *data, size_t len)
{
	char hdr[PROC_MSG_HDR];

	if (!proc_chan_is_open(ch) || len > PROC_MSG_MAX)
		return -1;
	if (ch->woff) { /* compact what is left */
		memmove(ch->wbuf, ch->wbuf + ch->woff, ch->wlen - ch->woff);
		ch->wlen -= ch->woff;
		ch->woff = 0;
	}
	if (ch->wcap - ch->wlen < PROC_MSG_HDR + len) {
		ch->wcap = ch->wlen + PROC_MSG_HDR + len + ch->wcap / 2;
		ch->wbuf = xrealloc(ch->wbuf, ch->wcap);
	}
	proc_put32(hdr, (uint32_t)len);
	proc_put32(hdr + 4, type);
	memcpy(ch->wbuf + ch->wlen, hdr, sizeof(hdr));
	if (len)
		memcpy(ch->wbuf + ch->wlen + PROC_MSG_HDR, data, len);
	ch->wlen += PROC_MSG_HDR + len;
	if (ev_is_active(&ch->wio))
		return 0;
	if (proc_chan_flush(ch) < 0) {
		log_warn("proc: write to channel");
		proc_chan_fail(ch);
		return -1;
	}
	return 0;
}

size_t proc_chan_pending(const struct proc_chan *ch)
{
	return ch->wlen - ch->woff;
}

void proc_chan_close(struct proc_chan *ch)
{
	if (ch->closed_flag) {
		*ch->closed_flag = 1;
		ch->closed_flag = NULL;
	}
	if (ch->loop) {
		ev_io_stop(ch->loop, &ch->rio);
		ev_io_stop(ch->loop, &ch->wio);
	}
	if (ch->fd >= 0)
		close(ch->fd);
	ch->fd = -1;
	free(ch->rbuf);
	free(ch->wbuf);
	ch->rbuf = ch->wbuf = NULL;
	ch->rlen = ch->rcap = ch->wlen = ch->woff = ch->wcap = 0;
}

static long proc_ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

static int proc_read_full(int fd, char *buf, size_t len, const struct timespec *deadline)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		long left = proc_ms_left(deadline);
		ssize_t n;
		int r;

		if (left <= 0)
			return -1;
		r = poll(&pfd, 1, (int)(left > 1000000 ? 1000000 : left));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n = read(fd, buf + got, len - got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

int proc_read_frame(int fd, int timeout_ms, uint32_t *type, char **data, size_t *len)
{
	struct timespec deadline;
	char hdr[PROC_MSG_HDR];
	uint32_t n;
	char *buf;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	if (proc_read_full(fd, hdr, sizeof(hdr), &deadline) < 0)
		return -1;
	n = proc_get32(hdr);
	if (n > PROC_MSG_MAX)
		return -1;
	buf = xmalloc((size_t)n + 1);
	if (proc_read_full(fd, buf, n, &deadline) < 0) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*type = proc_get32(hdr + 4);
	*data = buf;
	*len = n;
	return 0;
}

/* ---- spawning ---- */

/* In the forked child: only async-signal-safe calls until exec. */
static void proc_child_exec(pid_t parent, int fd, const char *path, char *const argv[])
{
	struct sigaction sa;
	sigset_t none;

	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
		_exit(127); /* the parent is already gone */
	if (fd == PROC_CHILD_FD) {
		if (fcntl(fd, F_SETFD, 0) < 0)
			_exit(127);
	} else if (dup2(fd, PROC_CHILD_FD) < 0) {
		_exit(127);
	}
	/* Nothing but stdio and the channel crosses exec. */
	if (close_range(PROC_CHILD_FD + 1, ~0u, 0) < 0) {
		for (int i = PROC_CHILD_FD + 1; i < 1024; i++)
			close(i);
	}
	/* libev blocks the signals it watches (signalfd); exec keeps the mask. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (int s = 1; s < NSIG; s++)
		(void)sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execv(path, argv);
	_exit(127);
}

pid_t proc_spawn(const char *path, char *const argv[], int *fd)
{
	pid_t parent = getpid(), pid;
	int sv[2], err;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(sv[0]);
		close(sv[1]);
		errno = err;
		return -1;
	}
	if (pid == 0)
		proc_child_exec(parent, sv[1], path, argv);
	close(sv[1]);
	*fd = sv[0];
	return pid;
}

/* ---- restart back-off ---- */

void proc_backoff_init(struct proc_backoff *b)
{
	b->next = PROC_BACKOFF_MIN;
}

unsigned proc_backoff_next(struct proc_backoff *b, double ran)
{
	unsigned delay;

	if (ran >= PROC_BACKOFF_GOOD)
		b->next = PROC_BACKOFF_MIN;
	delay = b->next;
	b->next = b->next * 2 > PROC_BACKOFF_MAX ? PROC_BACKOFF_MAX : b->next * 2;
	return delay;
}

/* ---- pid files ---- */

int proc_pidfile_write(const char *path, pid_t pid)
{
	char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
	char buf[32];
	int fd, len, err;

	len = util_snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	if (len < 0) {
		free(tmp);
		errno = EOVERFLOW;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	if (write(fd, buf, (size_t)len) != len || close(fd) < 0) {
		err = errno;
		close(fd);
		unlink(tmp);
		errno = err;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		err = errno;
		unlink(tmp);
		errno = err;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	err = errno;
	free(tmp);
	errno = err;
	return -1;
}

static pid_t proc_pidfile_read(const char *path)
{
	char buf[32];
	long long v;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, " \t\r\n")] = '\0';
	if (util_parse_ll(buf, 1, 0x7fffffff, &v) != 0)
		return 0;
	return (pid_t)v;
}

void proc_pidfile_remove(const char *path, pid_t pid)
{
	if (pid != 0 && proc_pidfile_read(path) != pid)
		return;
	if (unlink(path) < 0 && errno != ENOENT)
		log_warn("cannot remove pid file %s", path);
}

/* Read a small /proc file of pid into buf (NUL-terminated); -1 when it is gone. */
static int proc_read_procfile(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	if (util_snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

pid_t proc_pidfile_live(const char *path, const char *comm_prefix)
{
	pid_t pid = proc_pidfile_read(path);
	char buf[512];
	const char *rp;

	if (pid <= 0 || pid == getpid())
		return 0;
	if (kill(pid, 0) < 0 && errno != EPERM)
		return 0;
	/* A zombie (exited, its parent gone and not reaped yet) is not alive. */
	if (proc_read_procfile(pid, "stat", buf, sizeof(buf)) < 0)
		return 0;
	rp = strrchr(buf, ')');
	if (!rp || rp[1] != ' ' || rp[2] == 'Z' || rp[2] == 'X')
		return 0;
	if (proc_read_procfile(pid, "comm", buf, sizeof(buf)) < 0)
		return 0;
	if (strncmp(buf, comm_prefix, strlen(comm_prefix)) != 0)
		return 0;
	return pid;
}

/* ---- child loop skeleton ---- */

/* A DUMP request: answer "SIGNUM\n" and the text on_dump writes (nothing
 * after the first line when the process has no dump for that signal). */
static void proc_child_dump_req(struct proc_child *pc, const char *data, size_t len)
{
	char num[16], *buf = NULL;
	size_t blen = 0;
	long long signum;
	FILE *f;

	if (len >= sizeof(num)) {
		log_warnx("[%s] malformed DUMP request", pc->name);
		return;
	}
	memcpy(num, data, len);
	num[len] = '\0';
	if (util_parse_ll(num, 1, 64, &signum) < 0) {
		log_warnx("[%s] malformed DUMP request", pc->name);
		return;
	}
	f = open_memstream(&buf, &blen);
	if (!f) {
		log_warn("[%s] open_memstream", pc->name);
		return;
	}
	fprintf(f, "%lld\n", signum);
	if (pc->on_dump)
		pc->on_dump(pc, (int)signum, f);
	if (fclose(f) == 0 && proc_chan_send(&pc->chan, PROC_MSG_DUMP, buf, blen) < 0)
		log_warnx("[%s] cannot send the dump (%zu bytes)", pc->name, blen);
	free(buf);
}

static void proc_child_msg_cb(struct proc_chan *ch, uint32_t type, const char *data, size_t len)
{
	struct proc_child *pc = ch->arg;

	switch (type) {
	case PROC_MSG_CONF:
		if (pc->on_conf)
			pc->on_conf(pc, data, len);
		break;
	case PROC_MSG_DUMP:
		proc_child_dump_req(pc, data, len);
		break;
	default:
		log_warnx("[%s] unexpected %s message (type %u) from the supervisor", pc->name,
			  proc_msg_type_str(type), type);
		break;
	}
}

static void proc_child_close_cb(struct proc_chan *ch)
{
	struct proc_child *pc = ch->arg;

	log_warnx("[%s] the supervisor closed its channel, exiting", pc->name);
	pc->exit_code = 1;
	ev_break(pc->loop, EVBREAK_ALL);
}

static void proc_child_stop_sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct proc_child *pc = w->data;

	log_info("[%s] stopping on signal %d", pc->name, w->signum);
	if (pc->on_stop)
		pc->on_stop(pc);
	pc->exit_code = 0;
	ev_break(loop, EVBREAK_ALL);
}

static void proc_child_hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct proc_child *pc = w->data;

	log_debug("[%s] SIGHUP ignored: the supervisor sends reloads", pc->name);
}

static void proc_child_dumpsig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct proc_child *pc = w->data;

	log_debug("[%s] dump signal %d received", pc->name, w->signum);
	if (pc->on_signal)
		pc->on_signal(pc, w->signum);
}

void proc_child_init(struct proc_child *pc, const char *name, int fd, void *arg)
{
	memset(pc, 0, sizeof(*pc));
	pc->name = name;
	pc->arg = arg;
	pc->loop = ev_default_loop(EVFLAG_AUTO);
	if (!pc->loop)
		fatalx("[%s] cannot create the event loop", name);
	proc_chan_init(&pc->chan, pc->loop, fd, proc_child_msg_cb, proc_child_close_cb, pc);
	ev_signal_init(&pc->sig_term, proc_child_stop_sig_cb, SIGTERM);
	ev_signal_init(&pc->sig_int, proc_child_stop_sig_cb, SIGINT);
	ev_signal_init(&pc->sig_hup, proc_child_hup_cb, SIGHUP);
	ev_signal_init(&pc->sig_usr1, proc_child_dumpsig_cb, SIGUSR1);
	ev_signal_init(&pc->sig_usr2, proc_child_dumpsig_cb, SIGUSR2);
	ev_signal_init(&pc->sig_json, proc_child_dumpsig_cb, SIGRTMIN + 2);
}

int proc_child_run(struct proc_child *pc)
{
	ev_signal *sigs[] = {&pc->sig_term, &pc->sig_int,  &pc->sig_hup,
			     &pc->sig_usr1, &pc->sig_usr2, &pc->sig_json};

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigs[i]->data = pc;
		ev_signal_start(pc->loop, sigs[i]);
	}
	ev_run(pc->loop, 0);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		ev_signal_stop(pc->loop, sigs[i]);
	proc_chan_close(&pc->chan);
	return pc->exit_code;
}

void proc_child_status(struct proc_child *pc, const char *text)
{
	(void)proc_chan_send(&pc->chan, PROC_MSG_STATUS, text, strlen(text));
}
