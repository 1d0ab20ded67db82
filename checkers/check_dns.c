/*
 * check_dns: DNS_CHECK.
 *
 * One attempt sends one query (`type`, `name`; built by glibc's
 * res_nmkquery() on a private resolver state, so no resolv.conf is read)
 * from a fresh connected UDP socket (check_socket()) to
 * connect_ip:connect_port, and reads datagrams until one carries the
 * query's id.  That reply is judged by check_dns_reply() (ns_initparse /
 * ns_parserr): up when it is a response to the question with RCODE NOERROR
 * and at least one answer RR of the queried type, as keepalived does.  An
 * ICMP error (the socket's ECONNREFUSED / EHOSTUNREACH) ends the attempt
 * at once with CHECK_CONNECT_FAILED.  There is no retransmission (the
 * engine retries); a private timer ends a silent attempt with
 * CHECK_NO_REPLY shortly before the engine's connect_timeout would.
 *
 * ck->kdata holds the attempt (allocated at the first start, freed by
 * forget); fd -1 means no attempt runs.
 */
#include "config.h"

#include <arpa/nameser.h>
#include <errno.h>
#include <ev.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkers/check.h"
#include "checkers/check_dns.h"
#include "lib/util.h"

struct dns_try {
	struct check *ck;
	ev_io io;
	ev_timer timer;
	int fd; /* -1: idle */
	uint16_t id;
	ev_tstamp wait; /* s, the silence that ends an attempt */
	uint8_t buf[CHECK_DNS_BUF];
};

static const char *const rcode_names[] = {
    "NOERROR",	"FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
    "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",
};

const char *check_dns_rcode_str(unsigned rcode)
{
	return rcode < ARRAY_SIZE(rcode_names) ? rcode_names[rcode] : NULL;
}

static void type_name(uint16_t type, char *buf, size_t len)
{
	for (int t = CONF_DNS_A; t <= CONF_DNS_DNSKEY; t++)
		if (conf_dns_type_code((enum conf_dns_type)t) == type) {
			util_strlcpy(buf, conf_dns_type_str((enum conf_dns_type)t), len);
			return;
		}
	if (util_snprintf(buf, len, "TYPE%u", type) < 0)
		buf[0] = '\0';
}

int check_dns_query(const char *name, uint16_t type, uint8_t *buf, size_t size, uint16_t *id)
{
	struct __res_state st;
	int n;

	/* A private state: res_nmkquery() needs only the options (RD) and
	 * draws the id itself. */
	memset(&st, 0, sizeof(st));
	st.options = RES_INIT | RES_RECURSE;
	if (size > INT32_MAX)
		size = INT32_MAX;
	n = res_nmkquery(&st, ns_o_query, name, ns_c_in, type, NULL, 0, NULL, buf, (int)size);
	if (n < NS_HFIXEDSZ)
		return -1;
	*id = (uint16_t)(buf[0] << 8 | buf[1]);
	return n;
}

/* Names compare without case and without the trailing dot ("." is ""). */
static bool same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '.')
		la--;
	if (lb && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static int verdict(enum check_result *res, enum check_result r, char *detail, size_t dlen,
		   const char *text)
{
	*res = r;
	util_strlcpy(detail, text, dlen);
	return 1;
}

int check_dns_reply(const uint8_t *msg, size_t len, uint16_t id, const char *name, uint16_t type,
		    enum check_result *res, char *detail, size_t dlen)
{
	ns_msg m;
	ns_rr rr;
	unsigned rcode;
	int an, found = 0;
	char tn[16], d[96];

	if (len < NS_HFIXEDSZ || (uint16_t)(msg[0] << 8 | msg[1]) != id)
		return 0;
	if (ns_initparse(msg, (int)len, &m) < 0)
		return verdict(res, CHECK_BAD_REPLY, detail, dlen, "malformed DNS reply");
	if (!ns_msg_getflag(m, ns_f_qr))
		return verdict(res, CHECK_BAD_REPLY, detail, dlen, "DNS query, not a response");
	if (ns_msg_getflag(m, ns_f_opcode) != ns_o_query)
		return verdict(res, CHECK_BAD_REPLY, detail, dlen, "DNS reply with another opcode");
	rcode = (unsigned)ns_msg_getflag(m, ns_f_rcode);
	if (rcode != ns_r_noerror) {
		const char *rn = check_dns_rcode_str(rcode);

		if (rn ? util_snprintf(d, sizeof(d), "RCODE %s", rn) < 0
		       : util_snprintf(d, sizeof(d), "RCODE %u", rcode) < 0)
			d[0] = '\0';
		return verdict(res, CHECK_BAD_STATUS, detail, dlen, d);
	}
	/* The question, when echoed, must be ours. */
	if (ns_msg_count(m, ns_s_qd) > 0) {
		if (ns_parserr(&m, ns_s_qd, 0, &rr) < 0)
			return verdict(res, CHECK_BAD_REPLY, detail, dlen, "malformed DNS reply");
		if (ns_rr_type(rr) != type || ns_rr_class(rr) != ns_c_in ||
		    !same_name(ns_rr_name(rr), name))
			return verdict(res, CHECK_BAD_REPLY, detail, dlen,
				       "DNS reply to another question");
	}
	an = ns_msg_count(m, ns_s_an);
	for (int i = 0; i < an; i++) {
		if (ns_parserr(&m, ns_s_an, i, &rr) < 0)
			break; /* a truncated reply: count what is there */
		if (ns_rr_type(rr) == type && ns_rr_class(rr) == ns_c_in)
			found++;
	}
	type_name(type, tn, sizeof(tn));
	if (!found) {
		if (util_snprintf(d, sizeof(d), "no %s record in the answer", tn) < 0)
			d[0] = '\0';
		return verdict(res, CHECK_BAD_REPLY, detail, dlen, d);
	}
	if (util_snprintf(d, sizeof(d), "%d %s record%s", found, tn, found > 1 ? "s" : "") < 0)
		d[0] = '\0';
	return verdict(res, CHECK_OK, detail, dlen, d);
}

static void dns_close(struct dns_try *t)
{
	if (t->fd < 0)
		return;
	ev_io_stop(t->ck->loop, &t->io);
	ev_timer_stop(t->ck->loop, &t->timer);
	close(t->fd);
	t->fd = -1;
}

static void dns_end(struct dns_try *t, enum check_result res, const char *detail)
{
	dns_close(t);
	check_done(t->ck, res, detail);
}

/* An errno from send()/recv() on the connected socket: ICMP errors are the
 * server's answer, the rest ours. */
static void dns_fail_errno(struct dns_try *t, int err)
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
	dns_end(t, r, strerror(err));
}

static void dns_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct dns_try *t = container_of(w, struct dns_try, io);
	const struct conf_check *c = t->ck->conf;

	(void)loop;
	(void)revents;
	for (;;) {
		enum check_result res;
		char d[128];
		ssize_t n = recv(t->fd, t->buf, sizeof(t->buf), 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				dns_fail_errno(t, errno);
			return;
		}
		if (check_dns_reply(t->buf, (size_t)n, t->id, c->dns_name ? c->dns_name : ".",
				    conf_dns_type_code(c->dns_type), &res, d, sizeof(d))) {
			/* The OK detail (the answer count) is for the tests'
			 * eyes only: keep the transition line short. */
			dns_end(t, res, res == CHECK_OK ? NULL : d);
			return;
		}
	}
}

static void dns_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct dns_try *t = container_of(w, struct dns_try, timer);
	char d[64];

	(void)loop;
	(void)revents;
	if (util_snprintf(d, sizeof(d), "no DNS reply in %.0f ms", t->wait * 1000.0) < 0)
		d[0] = '\0';
	dns_end(t, CHECK_NO_REPLY, d);
}

/* When a silent server counts as no reply: a little before the engine's
 * own timeout (connect_timeout) fires and cancels the attempt. */
static ev_tstamp dns_deadline(const struct conf_check *c)
{
	int64_t ms = c->opts.connect_timeout > 0 ? c->opts.connect_timeout : 5000;
	int64_t margin = ms / 10 < 100 ? ms / 10 : 100;

	return (double)(ms - margin) / 1000.0;
}

static void dns_start(struct check *ck)
{
	struct dns_try *t = ck->kdata;
	const struct conf_check *c = ck->conf;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, qlen;
	ssize_t n;

	if (!t) {
		t = xcalloc(1, sizeof(*t));
		t->ck = ck;
		t->fd = -1;
		ev_init(&t->io, dns_io_cb);
		ev_init(&t->timer, dns_timer_cb);
		ck->kdata = t;
	}
	dns_close(t);

	qlen = check_dns_query(c->dns_name ? c->dns_name : ".", conf_dns_type_code(c->dns_type),
			       t->buf, sizeof(t->buf), &t->id);
	if (qlen < 0) {
		check_done(ck, CHECK_ERROR, "cannot build the DNS query");
		return;
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
		dns_fail_errno(t, errno);
		return;
	}
	do
		n = send(fd, t->buf, (size_t)qlen, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		dns_fail_errno(t, errno);
		return;
	}
	ev_io_set(&t->io, fd, EV_READ);
	ev_io_start(ck->loop, &t->io);
	t->wait = dns_deadline(c);
	ev_timer_set(&t->timer, t->wait, 0.);
	ev_timer_start(ck->loop, &t->timer);
}

static void dns_cancel(struct check *ck)
{
	if (ck->kdata)
		dns_close(ck->kdata);
}

static void dns_forget(struct check *ck)
{
	struct dns_try *t = ck->kdata;

	if (!t)
		return;
	dns_close(t);
	free(t);
	ck->kdata = NULL;
}

const struct check_kind check_kind_dns = {
    .type = CONF_CHECK_DNS,
    .name = "DNS_CHECK",
    .start = dns_start,
    .cancel = dns_cancel,
    .forget = dns_forget,
};
