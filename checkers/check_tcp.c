/*
 * check_tcp: TCP_CHECK.  An attempt is a non-blocking connect() to the
 * target (check_socket/check_target); writability plus SO_ERROR tells the
 * outcome; the connection is then closed normally (shutdown for writing,
 * whatever the server already sent is drained so the close sends a FIN,
 * not a reset).  State of a running attempt: one ev_io and its fd
 * (ck->kdata, allocated by the attempt and freed when it ends: ten thousand
 * idle checks hold nothing here).
 */
#include "config.h"

#include <errno.h>
#include <ev.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkers/check.h"
#include "lib/util.h"

struct tcp_att {
	ev_io io;
	struct check *ck;
	int fd;
};

static void tcp_close(struct check *ck)
{
	struct tcp_att *a = ck->kdata;
	char buf[512];

	if (!a)
		return;
	ev_io_stop(ck->loop, &a->io);
	(void)shutdown(a->fd, SHUT_WR);
	for (int i = 0; i < 8 && recv(a->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0; i++)
		;
	close(a->fd);
	free(a);
	ck->kdata = NULL;
}

static void tcp_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct tcp_att *a = container_of(w, struct tcp_att, io);
	struct check *ck = a->ck;
	int err = 0;
	socklen_t len = sizeof(err);

	(void)loop;
	(void)revents;
	if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	tcp_close(ck);
	if (err)
		check_done(ck, CHECK_CONNECT_FAILED, strerror(err));
	else
		check_done(ck, CHECK_OK, NULL);
}

static void tcp_start(struct check *ck)
{
	struct sockaddr_storage ss;
	socklen_t len = check_target(ck, &ss);
	struct tcp_att *a;
	int fd;

	tcp_close(ck); /* a left-over attempt (should not happen) */
	if (!len) {
		check_done(ck, CHECK_ERROR, "no target address");
		return;
	}
	fd = check_socket(ck, SOCK_STREAM, 0);
	if (fd < 0) {
		check_done(ck, CHECK_ERROR, strerror(-fd));
		return;
	}
	a = xcalloc(1, sizeof(*a));
	a->fd = fd;
	a->ck = ck;
	ck->kdata = a;
	if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
		tcp_close(ck);
		check_done(ck, CHECK_OK, NULL);
		return;
	}
	if (errno != EINPROGRESS) {
		int err = errno;

		tcp_close(ck);
		check_done(ck,
			   err == ENETUNREACH || err == EHOSTUNREACH || err == ECONNREFUSED
			       ? CHECK_CONNECT_FAILED
			       : CHECK_ERROR,
			   strerror(err));
		return;
	}
	ev_io_init(&a->io, tcp_io_cb, fd, EV_WRITE);
	ev_io_start(ck->loop, &a->io);
}

static void tcp_cancel(struct check *ck)
{
	tcp_close(ck);
}

static void tcp_forget(struct check *ck)
{
	tcp_close(ck);
}

const struct check_kind check_kind_tcp = {
    .type = CONF_CHECK_TCP,
    .name = "TCP_CHECK",
    .start = tcp_start,
    .cancel = tcp_cancel,
    .forget = tcp_forget,
};
