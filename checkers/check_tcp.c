/*
 * check_tcp: TCP_CHECK.  An attempt is a non-blocking connect() to the
 * target (check_socket/check_target); the connection completing is
 * success.  The connection is then closed with a reset (SO_LINGER
 * {1, 0}), not a FIN: 4 packets instead of 7 per probe, no TIME_WAIT
 * socket left on the director per probe (10,000 checks at delay_loop 5
 * would otherwise keep ~120,000 of them), and less of the kernel's packet
 * work, which on a veth or loopback runs in the checker's own context
 * (HAProxy closes its health-check connections the same way; keepalived
 * sends a FIN).  State of a running attempt: one ev_io and its fd
 * (ck->kdata, allocated by the attempt and freed when it ends: ten thousand
 * idle checks hold nothing here).
 *
 * Syscalls per probe: socket, connect, epoll_ctl (libev adds the new fd),
 * setsockopt, close, plus a share of epoll_wait.  The outcome is read from
 * the readiness itself: the fd is watched for both directions, and since
 * libev reports an error or hang-up (EPOLLERR/EPOLLHUP) as both readable
 * and writable, "writable only" can only be an established connection;
 * only when both are reported (a refusal, or a server that spoke or closed
 * at once) is SO_ERROR read to tell them apart.
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
#include "lib/util.h"

struct tcp_att {
	ev_io io;
	struct check *ck;
	int fd;
};

/* End the attempt's socket; `reset`: the connection was established, abort
 * it (RST) instead of the FIN handshake. */
static void tcp_close(struct check *ck, bool reset)
{
	struct tcp_att *a = ck->kdata;

	if (!a)
		return;
	ev_io_stop(ck->loop, &a->io);
	if (reset) {
		struct linger lg = {.l_onoff = 1, .l_linger = 0};

		(void)setsockopt(a->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	close(a->fd);
	free(a);
	ck->kdata = NULL;
}

static void tcp_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct tcp_att *a = container_of(w, struct tcp_att, io);
	struct check *ck = a->ck;
	int err = 0;

	(void)loop;
	/* writable only: established (an error or hang-up would be both) */
	if ((revents & (EV_READ | EV_WRITE)) != EV_WRITE) {
		socklen_t len = sizeof(err);

		if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
	}
	tcp_close(ck, !err);
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

	tcp_close(ck, false); /* a left-over attempt (should not happen) */
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
		tcp_close(ck, true);
		check_done(ck, CHECK_OK, NULL);
		return;
	}
	if (errno != EINPROGRESS) {
		int err = errno;

		tcp_close(ck, false);
		check_done(ck,
			   err == ENETUNREACH || err == EHOSTUNREACH || err == ECONNREFUSED
			       ? CHECK_CONNECT_FAILED
			       : CHECK_ERROR,
			   strerror(err));
		return;
	}
	ev_io_init(&a->io, tcp_io_cb, fd, EV_READ | EV_WRITE);
	ev_io_start(ck->loop, &a->io);
}

static void tcp_cancel(struct check *ck)
{
	tcp_close(ck, false); /* still connecting: nothing to reset */
}

static void tcp_forget(struct check *ck)
{
	tcp_close(ck, false);
}

const struct check_kind check_kind_tcp = {
    .type = CONF_CHECK_TCP,
    .name = "TCP_CHECK",
    .start = tcp_start,
    .cancel = tcp_cancel,
    .forget = tcp_forget,
};
