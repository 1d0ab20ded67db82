/*
 * check_smtp: SMTP_CHECK.
 *
 * One attempt is a small state machine on one ev_io of a non-blocking TCP
 * socket (check_socket()): connect, read the greeting (220), send
 * "HELO helo_name" (keepalived sends HELO, not EHLO), read 250, send "QUIT",
 * read 221 (the server closing the connection instead also counts as up).
 * Reads accumulate in a buffer until check_smtp_reply() sees a complete
 * (possibly multi-line) reply, so replies split over several segments and
 * several replies in one segment both work; writes resume where a partial
 * send() stopped.  Any other reply code ends the attempt with
 * CHECK_BAD_STATUS "SMTP <code>"; the engine's timeout covers a silent
 * server.
 *
 * ck->kdata holds the attempt (allocated at the first start, freed by
 * forget); fd -1 means no attempt runs.
 */
#include "config.h"

#include <errno.h>
#include <ev.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkers/check.h"
#include "checkers/check_smtp.h"
#include "lib/util.h"

enum smtp_state {
	SMTP_CONNECTING,
	SMTP_GREETING, /* waiting for 220 */
	SMTP_HELO,     /* sending HELO, then waiting for 250 */
	SMTP_QUIT,     /* sending QUIT, then waiting for 221 */
};

static const char *const smtp_state_names[] = {"connect", "greeting", "HELO", "QUIT"};

/* The reply code each state waits for. */
static const int smtp_expect[] = {0, 220, 250, 221};

struct smtp_try {
	struct check *ck;
	ev_io io;
	int fd; /* -1: idle */
	enum smtp_state st;
	bool sending;
	char in[CHECK_SMTP_REPLY_MAX];
	size_t inlen;
	char *out; /* the command being sent (malloc'd) */
	size_t outlen, outoff;
};

int check_smtp_reply(const char *buf, size_t len, int *code, size_t *used)
{
	size_t pos = 0;
	int first = -1;

	for (;;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end, l;
		int c;

		if (!nl)
			return 0;
		end = (size_t)(nl - buf);
		l = end - pos;
		if (l && buf[pos + l - 1] == '\r')
			l--;
		if (l < 3)
			return -1;
		for (size_t i = 0; i < 3; i++)
			if (buf[pos + i] < '0' || buf[pos + i] > '9')
				return -1;
		if (buf[pos] < '1' || buf[pos] > '5')
			return -1;
		c = (buf[pos] - '0') * 100 + (buf[pos + 1] - '0') * 10 + (buf[pos + 2] - '0');
		if (first >= 0 && c != first)
			return -1;
		first = c;
		if (l == 3 || buf[pos + 3] == ' ') {
			*code = c;
			*used = end + 1;
			return 1;
		}
		if (buf[pos + 3] != '-')
			return -1;
		pos = end + 1;
	}
}

static void smtp_close(struct smtp_try *t)
{
	if (t->fd < 0)
		return;
	ev_io_stop(t->ck->loop, &t->io);
	close(t->fd);
	t->fd = -1;
	free(t->out);
	t->out = NULL;
}

/* The errno of a failed connection: refused/unreachable/reset are the
 * server's; anything else is ours. */
static enum check_result smtp_errno_result(int err)
{
	switch (err) {
	case ECONNREFUSED:
	case ECONNRESET:
	case ECONNABORTED:
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ETIMEDOUT:
	case EPIPE:
	case ENETDOWN:
	case EHOSTDOWN:
		return CHECK_CONNECT_FAILED;
	default:
		return CHECK_ERROR;
	}
}

static void smtp_end(struct smtp_try *t, enum check_result res, const char *detail)
{
	smtp_close(t);
	check_done(t->ck, res, detail);
}

static void smtp_fail_errno(struct smtp_try *t, int err, const char *what)
{
	char d[128];

	/* "Connection refused" when connecting, "HELO: Connection reset by
	 * peer" later on. */
	if (!what || util_snprintf(d, sizeof(d), "%s: %s", what, strerror(err)) < 0)
		util_strlcpy(d, strerror(err), sizeof(d));
	smtp_end(t, smtp_errno_result(err), d);
}

static void smtp_watch(struct smtp_try *t, int events)
{
	ev_io_stop(t->ck->loop, &t->io);
	ev_io_set(&t->io, t->fd, events);
	ev_io_start(t->ck->loop, &t->io);
}

/* Queue a command and start sending it. */
static void smtp_send(struct smtp_try *t, enum smtp_state st, char *cmd)
{
	free(t->out);
	t->out = cmd;
	t->outlen = strlen(cmd);
	t->outoff = 0;
	t->st = st;
	t->sending = true;
	smtp_watch(t, EV_WRITE);
}

static bool smtp_drain(struct smtp_try *t);

/* Write what is left of the command; switch to reading once it is out.
 * Returns false when the attempt ended. */
static bool smtp_write(struct smtp_try *t)
{
	while (t->outoff < t->outlen) {
		ssize_t n = send(t->fd, t->out + t->outoff, t->outlen - t->outoff, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			smtp_fail_errno(t, errno, smtp_state_names[t->st]);
			return false;
		}
		t->outoff += (size_t)n;
	}
	t->sending = false;
	smtp_watch(t, EV_READ);
	/* A reply that came early is already in the buffer. */
	return smtp_drain(t);
}

/* A complete reply arrived in state t->st: check its code and move on.
 * Returns false when the attempt ended. */
static bool smtp_reply(struct smtp_try *t, int code)
{
	char d[64];

	if (code != smtp_expect[t->st]) {
		if (util_snprintf(d, sizeof(d), "SMTP %d", code) < 0)
			d[0] = '\0';
		smtp_end(t, CHECK_BAD_STATUS, d);
		return false;
	}
	switch (t->st) {
	case SMTP_GREETING:
		smtp_send(t, SMTP_HELO,
			  xasprintf("HELO %s\r\n", t->ck->conf->helo_name
						       ? t->ck->conf->helo_name
						       : "smtpchecker.keepalived.org"));
		return true;
	case SMTP_HELO:
		smtp_send(t, SMTP_QUIT, xstrdup("QUIT\r\n"));
		return true;
	case SMTP_QUIT:
		smtp_end(t, CHECK_OK, NULL);
		return false;
	case SMTP_CONNECTING:
		break;
	}
	return true;
}

/* Handle the complete replies in the buffer, in order, while we wait for one
 * (a server may send more than one in a segment).  Returns false when the
 * attempt ended. */
static bool smtp_drain(struct smtp_try *t)
{
	int code, r;
	size_t used;

	while (!t->sending && (r = check_smtp_reply(t->in, t->inlen, &code, &used)) != 0) {
		if (r < 0) {
			smtp_end(t, CHECK_BAD_REPLY, "malformed SMTP reply");
			return false;
		}
		memmove(t->in, t->in + used, t->inlen - used);
		t->inlen -= used;
		if (!smtp_reply(t, code))
			return false;
	}
	return true;
}

/* Read what is there; handle each complete reply.  Returns false when the
 * attempt ended. */
static bool smtp_read(struct smtp_try *t)
{
	for (;;) {
		ssize_t n;

		if (t->inlen == sizeof(t->in)) {
			smtp_end(t, CHECK_BAD_REPLY, "SMTP reply too long");
			return false;
		}
		n = recv(t->fd, t->in + t->inlen, sizeof(t->in) - t->inlen, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			smtp_fail_errno(t, errno, smtp_state_names[t->st]);
			return false;
		}
		if (n == 0) {
			/* The server hanging up after our QUIT is a proper end. */
			if (t->st == SMTP_QUIT && !t->sending)
				smtp_end(t, CHECK_OK, NULL);
			else
				smtp_end(t, CHECK_BAD_REPLY,
					 t->st == SMTP_GREETING
					     ? "connection closed before the greeting"
					     : "connection closed");
			return false;
		}
		t->inlen += (size_t)n;
		if (!smtp_drain(t))
			return false;
		if (t->sending)
			return true; /* smtp_write() runs when the socket is writable */
	}
}

static void smtp_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct smtp_try *t = container_of(w, struct smtp_try, io);

	(void)loop;
	if (t->st == SMTP_CONNECTING) {
		int err = 0;
		socklen_t el = sizeof(err);

		if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
			err = errno;
		if (err) {
			smtp_fail_errno(t, err, NULL);
			return;
		}
		t->st = SMTP_GREETING;
		smtp_watch(t, EV_READ);
		return;
	}
	if (t->sending) {
		if (revents & EV_WRITE)
			smtp_write(t);
		return;
	}
	if (revents & EV_READ)
		smtp_read(t);
}

static void smtp_start(struct check *ck)
{
	struct smtp_try *t = ck->kdata;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;

	if (!t) {
		t = xcalloc(1, sizeof(*t));
		t->ck = ck;
		t->fd = -1;
		ev_init(&t->io, smtp_io_cb);
		ck->kdata = t;
	}
	smtp_close(t);
	t->inlen = 0;
	t->sending = false;
	t->st = SMTP_CONNECTING;

	fd = check_socket(ck, SOCK_STREAM, 0);
	if (fd < 0) {
		char d[128];

		if (util_snprintf(d, sizeof(d), "socket: %s", strerror(-fd)) < 0)
			d[0] = '\0';
		check_done(ck, CHECK_ERROR, d);
		return;
	}
	t->fd = fd;
	sl = check_target(ck, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0 && errno != EINPROGRESS) {
		smtp_fail_errno(t, errno, NULL);
		return;
	}
	/* Connected or in progress: SO_ERROR tells once it is writable. */
	smtp_watch(t, EV_WRITE);
}

static void smtp_cancel(struct check *ck)
{
	if (ck->kdata)
		smtp_close(ck->kdata);
}

static void smtp_forget(struct check *ck)
{
	struct smtp_try *t = ck->kdata;

	if (!t)
		return;
	smtp_close(t);
	free(t);
	ck->kdata = NULL;
}

const struct check_kind check_kind_smtp = {
    .type = CONF_CHECK_SMTP,
    .name = "SMTP_CHECK",
    .start = smtp_start,
    .cancel = smtp_cancel,
    .forget = smtp_forget,
};
