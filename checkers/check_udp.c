/*
 * check_udp: UDP_CHECK.
 *
 * One attempt sends `payload` (CHECK_UDP_RANDOM_LEN random bytes when none is
 * configured) from a fresh connected UDP socket (check_socket()) to
 * connect_ip:connect_port.  Being connected, the socket reports the ICMP
 * errors the datagram draws (port/host/net unreachable) as recv() errors:
 * they end the attempt with CHECK_CONNECT_FAILED.  Then, as keepalived.conf(5)
 * describes:
 *  - with require_reply, the first reply datagram decides: its length must
 *    lie within min_reply_length..max_reply_length, and when require_reply
 *    has a pattern, the reply must match it over the shorter of the two
 *    under the pattern's mask (check_udp_reply()); no reply at all is
 *    CHECK_NO_REPLY;
 *  - without require_reply, the server is up unless an ICMP error arrives
 *    within the timeout (a reply, whatever it holds, is up at once).
 * The end of a silent attempt comes from a private timer set a little before
 * the engine's connect_timeout (which would cancel the attempt as a
 * timeout): keepalived notes that host-unreachable needs ARP to time out,
 * so connect_timeout should allow for it.
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
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkers/check.h"
#include "checkers/check_udp.h"
#include "lib/util.h"

struct udp_try {
	struct check *ck;
	ev_io io;
	ev_timer timer;
	int fd;		/* -1: idle */
	ev_tstamp wait; /* s, the silence that ends an attempt */
};

enum check_result check_udp_reply(const struct conf_check *c, const uint8_t *buf, size_t len,
				  char *detail, size_t dlen)
{
	size_t n;

	if (len < c->min_reply_length || len > c->max_reply_length) {
		if (util_snprintf(detail, dlen, "reply of %zu bytes, outside %u-%u", len,
				  c->min_reply_length, c->max_reply_length) < 0 &&
		    dlen)
			detail[0] = '\0';
		return CHECK_BAD_REPLY;
	}
	n = len < c->reply_len ? len : c->reply_len;
	for (size_t i = 0; i < n; i++) {
		uint8_t m = c->reply_mask ? c->reply_mask[i] : 0xff;

		if ((buf[i] ^ c->reply[i]) & m) {
			if (util_snprintf(detail, dlen, "reply differs at byte %zu (0x%02x)", i,
					  buf[i]) < 0 &&
			    dlen)
				detail[0] = '\0';
			return CHECK_BAD_REPLY;
		}
	}
	if (dlen)
		detail[0] = '\0';
	return CHECK_OK;
}

static void udp_close(struct udp_try *t)
{
	if (t->fd < 0)
		return;
	ev_io_stop(t->ck->loop, &t->io);
	ev_timer_stop(t->ck->loop, &t->timer);
	close(t->fd);
	t->fd = -1;
}

static void udp_end(struct udp_try *t, enum check_result res, const char *detail)
{
	udp_close(t);
	check_done(t->ck, res, detail && *detail ? detail : NULL);
}

/* An errno from send()/recv() on the connected socket: ICMP errors are the
 * server's answer, the rest ours. */
static void udp_fail_errno(struct udp_try *t, int err)
{
	enum check_result r;

	switch (err) {
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
		r = CHECK_CONNECT_FAILED;
		break;
	default:
		r = CHECK_ERROR;
	}
	udp_end(t, r, strerror(err));
}

static void udp_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct udp_try *t = container_of(w, struct udp_try, io);
	const struct conf_check *c = t->ck->conf;
	uint8_t small[1024], *buf = small;
	size_t cap = c->reply_len ? c->reply_len : 1;
	enum check_result res;
	char d[128];
	ssize_t n;

	(void)loop;
	(void)revents;
	if (cap > sizeof(small))
		buf = xmalloc(cap);
	else
		cap = sizeof(small);
	do
		n = recv(t->fd, buf, cap, MSG_TRUNC); /* n: the datagram's whole length */
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			udp_fail_errno(t, errno);
	} else if (!c->require_reply) {
		udp_end(t, CHECK_OK, NULL);
	} else {
		res = check_udp_reply(c, buf, (size_t)n, d, sizeof(d));
		udp_end(t, res, d);
	}
	if (buf != small)
		free(buf);
}

static void udp_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct udp_try *t = container_of(w, struct udp_try, timer);
	char d[64];

	(void)loop;
	(void)revents;
	if (!t->ck->conf->require_reply) {
		udp_end(t, CHECK_OK, NULL); /* no ICMP error: up */
		return;
	}
	if (util_snprintf(d, sizeof(d), "no UDP reply in %.0f ms", t->wait * 1000.0) < 0)
		d[0] = '\0';
	udp_end(t, CHECK_NO_REPLY, d);
}

/* A little before the engine's own timeout (connect_timeout). */
static ev_tstamp udp_deadline(const struct conf_check *c)
{
	int64_t ms = c->opts.connect_timeout > 0 ? c->opts.connect_timeout : 5000;
	int64_t margin = ms / 10 < 100 ? ms / 10 : 100;

	return (double)(ms - margin) / 1000.0;
}

static void random_bytes(uint8_t *b, size_t n)
{
	ssize_t r = getrandom(b, n, GRND_NONBLOCK);

	for (size_t i = r > 0 ? (size_t)r : 0; i < n; i++)
		b[i] = (uint8_t)random();
}

static void udp_start(struct check *ck)
{
	struct udp_try *t = ck->kdata;
	const struct conf_check *c = ck->conf;
	uint8_t rnd[CHECK_UDP_RANDOM_LEN];
	const uint8_t *payload = c->payload;
	size_t plen = c->payload_len;
	struct sockaddr_storage ss;
	socklen_t sl;
	ssize_t n;
	int fd;

	if (!t) {
		t = xcalloc(1, sizeof(*t));
		t->ck = ck;
		t->fd = -1;
		ev_init(&t->io, udp_io_cb);
		ev_init(&t->timer, udp_timer_cb);
		ck->kdata = t;
	}
	udp_close(t);
	if (!payload) {
		random_bytes(rnd, sizeof(rnd));
		payload = rnd;
		plen = sizeof(rnd);
	}
	fd = check_socket(ck, SOCK_DGRAM, 0);
	if (fd < 0) {
		char d[128];

		if (util_snprintf(d, sizeof(d), "socket: %s", strerror(-fd)) < 0)
			d[0] = '\0';
		check_done(ck, CHECK_ERROR, d);
		return;
	}
	t->fd = fd;
	sl = check_target(ck, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
		udp_fail_errno(t, errno);
		return;
	}
	do
		n = send(fd, payload, plen, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		udp_fail_errno(t, errno);
		return;
	}
	t->wait = udp_deadline(c);
	ev_io_set(&t->io, fd, EV_READ);
	ev_io_start(ck->loop, &t->io);
	ev_timer_set(&t->timer, t->wait, 0.);
	ev_timer_start(ck->loop, &t->timer);
}

static void udp_cancel(struct check *ck)
{
	if (ck->kdata)
		udp_close(ck->kdata);
}

static void udp_forget(struct check *ck)
{
	struct udp_try *t = ck->kdata;

	if (!t)
		return;
	udp_close(t);
	free(t);
	ck->kdata = NULL;
}

const struct check_kind check_kind_udp = {
    .type = CONF_CHECK_UDP,
    .name = "UDP_CHECK",
    .start = udp_start,
    .cancel = udp_cancel,
    .forget = udp_forget,
};
