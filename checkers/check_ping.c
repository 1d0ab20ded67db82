/*
 * check_ping: PING_CHECK, one ICMP (or ICMPv6) echo request per attempt.
 *
 * The socket is an unprivileged "ping socket" (SOCK_DGRAM with IPPROTO_ICMP
 * or IPPROTO_ICMPV6; allowed by net.ipv4.ping_group_range): the kernel
 * picks the echo id, fills the checksum and gives this socket only the
 * replies to its own id.  When the group range does not allow it (EACCES),
 * a raw socket is used instead (root or CAP_NET_RAW): the id is random, an
 * ICMP filter lets only echo replies through, and every reply is matched on
 * id too.  Either way the socket is connected to connect_ip (check_socket()
 * applies bindto, bind_if and fwmark), so the kernel delivers only packets
 * from that address and reports ICMP errors for it (host/net unreachable)
 * as socket errors: those end the attempt with CHECK_CONNECT_FAILED.
 *
 * A reply counts when it is an echo reply with our sequence number and our
 * random 16-byte token as its data (and our id on a raw socket); anything
 * else is ignored.  No reply: the engine's connect_timeout cancels the
 * attempt and reports CHECK_TIMEOUT.
 *
 * ck->kdata holds the attempt (allocated at the first start, freed by
 * forget); fd -1 means no attempt runs.  The sequence number grows by one
 * per attempt, so a late reply to an earlier attempt never counts.
 */
#include "config.h"

#include "checkers/check_ping.h"

#include <errno.h>
#include <ev.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/util.h"

#ifndef ICMP_FILTER
#define ICMP_FILTER 1 /* linux/icmp.h: a raw IPv4 ICMP socket's type filter */
#endif

struct ping_try {
	struct check *ck;
	ev_io io;
	int fd; /* -1: idle */
	int family;
	bool raw;
	uint16_t id, seq;
	uint8_t token[CHECK_PING_TOKEN_LEN];
};

uint16_t check_ping_cksum(const uint8_t *buf, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(buf[i] << 8 | buf[i + 1]);
	if (len & 1)
		sum += (uint32_t)buf[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void check_ping_build(uint8_t *buf, int family, uint16_t id, uint16_t seq,
		      const uint8_t token[CHECK_PING_TOKEN_LEN])
{
	uint16_t ck;

	memset(buf, 0, CHECK_PING_LEN);
	buf[0] = family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	buf[1] = 0;
	buf[4] = (uint8_t)(id >> 8);
	buf[5] = (uint8_t)id;
	buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	memcpy(buf + 8, token, CHECK_PING_TOKEN_LEN);
	if (family != AF_INET6) {
		ck = check_ping_cksum(buf, CHECK_PING_LEN);
		buf[2] = (uint8_t)(ck >> 8);
		buf[3] = (uint8_t)ck;
	}
}

bool check_ping_match(const uint8_t *buf, size_t len, int family, bool ip_header, bool check_id,
		      uint16_t id, uint16_t seq, const uint8_t token[CHECK_PING_TOKEN_LEN])
{
	if (ip_header) {
		size_t ihl;

		if (len < 20 || (buf[0] >> 4) != 4)
			return false;
		ihl = (size_t)(buf[0] & 0x0f) * 4;
		if (ihl < 20 || ihl > len)
			return false;
		buf += ihl;
		len -= ihl;
	}
	if (len < CHECK_PING_LEN)
		return false;
	if (buf[0] != (family == AF_INET6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY) || buf[1] != 0)
		return false;
	if (check_id && (uint16_t)(buf[4] << 8 | buf[5]) != id)
		return false;
	if ((uint16_t)(buf[6] << 8 | buf[7]) != seq)
		return false;
	return memcmp(buf + 8, token, CHECK_PING_TOKEN_LEN) == 0;
}

static void ping_close(struct ping_try *p)
{
	if (p->fd < 0)
		return;
	ev_io_stop(p->ck->loop, &p->io);
	close(p->fd);
	p->fd = -1;
}

static void ping_end(struct ping_try *p, enum check_result res, const char *detail)
{
	ping_close(p);
	check_done(p->ck, res, detail);
}

static void ping_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ping_try *p = (struct ping_try *)((char *)w - offsetof(struct ping_try, io));
	uint8_t buf[1500];

	(void)loop;
	(void)revents;
	for (int i = 0; i < 64; i++) { /* bounded: the rest waits for the next wakeup */
		ssize_t n = recv(p->fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			/* an ICMP error for the connected peer (unreachable ...) */
			ping_end(p, CHECK_CONNECT_FAILED, strerror(errno));
			return;
		}
		if (check_ping_match(buf, (size_t)n, p->family, p->raw && p->family == AF_INET,
				     p->raw, p->id, p->seq, p->token)) {
			ping_end(p, CHECK_OK, "echo reply");
			return;
		}
	}
}

/* The socket: a ping socket, or a raw one when the group range refuses. */
static int ping_socket(struct ping_try *p)
{
	int proto = p->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd = check_socket(p->ck, SOCK_DGRAM, proto);

	p->raw = false;
	if (fd == -EACCES || fd == -EPERM || fd == -EPROTONOSUPPORT) {
		fd = check_socket(p->ck, SOCK_RAW, proto);
		p->raw = true;
		if (fd >= 0 && p->family == AF_INET) {
			uint32_t mask = ~(1u << ICMP_ECHOREPLY);

			setsockopt(fd, SOL_RAW, ICMP_FILTER, &mask, sizeof(mask));
		} else if (fd >= 0) {
			struct icmp6_filter f;

			ICMP6_FILTER_SETBLOCKALL(&f);
			ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
			setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
		}
	}
	return fd;
}

static void ping_start(struct check *ck)
{
	struct ping_try *p = ck->kdata;
	struct sockaddr_storage ss;
	socklen_t sl;
	uint8_t pkt[CHECK_PING_LEN];
	char detail[128];
	int fd, on = 1;

	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->ck = ck;
		p->fd = -1;
		if (getrandom(&p->seq, sizeof(p->seq), GRND_NONBLOCK) != sizeof(p->seq))
			p->seq = (uint16_t)getpid();
		ck->kdata = p;
	}
	ping_close(p);
	sl = check_target(ck, &ss);
	p->family = ss.ss_family;
	p->seq++;
	if (getrandom(p->token, sizeof(p->token), GRND_NONBLOCK) != (ssize_t)sizeof(p->token) ||
	    getrandom(&p->id, sizeof(p->id), GRND_NONBLOCK) != (ssize_t)sizeof(p->id)) {
		for (size_t i = 0; i < sizeof(p->token); i++)
			p->token[i] = (uint8_t)random();
		p->id = (uint16_t)random();
	}
	fd = ping_socket(p);
	if (fd < 0) {
		if (util_snprintf(detail, sizeof(detail), "ICMP socket: %s", strerror(-fd)) < 0)
			detail[0] = '\0';
		check_done(ck, CHECK_ERROR, detail);
		return;
	}
	p->fd = fd;
	/* IPv4: report ICMP errors for the peer as socket errors */
	if (p->family == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
	if (connect(fd, (struct sockaddr *)&ss, sl) != 0) {
		ping_end(p, CHECK_CONNECT_FAILED, strerror(errno));
		return;
	}
	check_ping_build(pkt, p->family, p->id, p->seq, p->token);
	if (send(fd, pkt, sizeof(pkt), 0) < 0) {
		ping_end(p,
			 errno == ENOBUFS || errno == ENOMEM ? CHECK_ERROR : CHECK_CONNECT_FAILED,
			 strerror(errno));
		return;
	}
	ev_io_init(&p->io, ping_io_cb, fd, EV_READ);
	ev_io_start(ck->loop, &p->io);
}

static void ping_cancel(struct check *ck)
{
	if (ck->kdata)
		ping_close(ck->kdata);
}

static void ping_forget(struct check *ck)
{
	ping_cancel(ck);
	free(ck->kdata);
	ck->kdata = NULL;
}

const struct check_kind check_kind_ping = {
    .type = CONF_CHECK_PING,
    .name = "PING_CHECK",
    .start = ping_start,
    .cancel = ping_cancel,
    .forget = ping_forget,
};
