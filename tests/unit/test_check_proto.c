/*
 * Unit tests for the SMTP_CHECK, DNS_CHECK and UDP_CHECK kinds
 * (checkers/check_smtp.c, check_dns.c, check_udp.c).
 *
 * The pure parts first: the SMTP reply parser, the DNS query builder and
 * reply judge, the UDP reply matcher.  Then each kind's attempt runs on a
 * libev loop against a scripted server thread on 127.0.0.1, with the
 * engine's functions (check_done, check_socket, check_target) stubbed
 * here: every attempt must end in exactly one check_done() with the
 * expected result, partial reads and ICMP errors included.
 */
#include "config.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <check.h>
#include <errno.h>
#include <ev.h>
#include <netinet/in.h>
#include <pthread.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "checkers/check.h"
#include "checkers/check_dns.h"
#include "checkers/check_smtp.h"
#include "checkers/check_udp.h"
#include "lib/util.h"

/* ---- stubs of the engine (check_engine.c, check_net.c) ---- */

static struct {
	int calls;
	enum check_result res;
	char detail[256];
} done;
static struct sockaddr_in target;

/* The engine's label, for the kinds' log lines (the engine is not linked). */
const char *check_label(const struct check *ck)
{
	(void)ck;
	return "[test]";
}

void check_done(struct check *ck, enum check_result res, const char *detail)
{
	done.calls++;
	done.res = res;
	util_strlcpy(done.detail, detail ? detail : "", sizeof(done.detail));
	ev_break(ck->loop, EVBREAK_ALL);
}

socklen_t check_target(const struct check *ck, struct sockaddr_storage *ss)
{
	(void)ck;
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, &target, sizeof(target));
	return sizeof(target);
}

int check_socket(const struct check *ck, int type, int proto)
{
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	(void)ck;
	return fd < 0 ? -errno : fd;
}

/* ---- SMTP reply parser ---- */

static int parse(const char *s, int *code, size_t *used)
{
	*code = -1;
	*used = 0;
	return check_smtp_reply(s, strlen(s), code, used);
}

START_TEST(test_smtp_reply)
{
	const char *multi = "220-mail.example.org ESMTP\r\n220-more\r\n220 ready\r\nleft";
	int code;
	size_t used;

	ck_assert_int_eq(parse("220 ready\r\n", &code, &used), 1);
	ck_assert_int_eq(code, 220);
	ck_assert_uint_eq(used, 11);
	ck_assert_int_eq(parse(multi, &code, &used), 1);
	ck_assert_int_eq(code, 220);
	ck_assert_uint_eq(used, strlen(multi) - 4);
	/* bare LF, and a code without text */
	ck_assert_int_eq(parse("250-a\n250\n", &code, &used), 1);
	ck_assert_int_eq(code, 250);
	ck_assert_uint_eq(used, 10);
	/* incomplete: more bytes needed */
	ck_assert_int_eq(parse("", &code, &used), 0);
	ck_assert_int_eq(parse("22", &code, &used), 0);
	ck_assert_int_eq(parse("220 read", &code, &used), 0);
	ck_assert_int_eq(parse("220-first\r\n220 sec", &code, &used), 0);
	ck_assert_int_eq(parse("220-first\r\n", &code, &used), 0);
	/* every prefix of a reply is incomplete, never malformed */
	for (size_t i = 0; i < strlen(multi) - 4; i++)
		ck_assert_int_eq(check_smtp_reply(multi, i, &code, &used), 0);
	/* malformed */
	ck_assert_int_eq(parse("HTTP/1.0 200 OK\r\n", &code, &used), -1);
	ck_assert_int_eq(parse("22\r\n", &code, &used), -1);
	ck_assert_int_eq(parse("220x\r\n", &code, &used), -1);
	ck_assert_int_eq(parse("620 what\r\n", &code, &used), -1);
	ck_assert_int_eq(parse("220-a\r\n250 b\r\n", &code, &used), -1);
	ck_assert_int_eq(parse("554 no service\r\n", &code, &used), 1);
	ck_assert_int_eq(code, 554);
}
END_TEST

/* ---- DNS query and reply ---- */

/* A response to query q: QR set, rcode, and one answer RR of an_type
 * (none when an_type < 0). */
static size_t make_reply(const uint8_t *q, size_t qlen, unsigned rcode, int an_type, uint8_t *out)
{
	static const uint8_t rr[] = {0xc0, 0x0c, 0, 0, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7};
	size_t n = qlen;

	memcpy(out, q, qlen);
	out[2] |= 0x80;
	out[3] = (uint8_t)((out[3] & 0xf0) | rcode);
	if (an_type >= 0) {
		out[7] = 1;
		memcpy(out + n, rr, sizeof(rr));
		out[n + 3] = (uint8_t)an_type;
		n += sizeof(rr);
	}
	return n;
}

START_TEST(test_dns_query)
{
	uint8_t b[CHECK_DNS_BUF];
	char longlabel[80];
	uint16_t id, id2;
	ns_msg m;
	ns_rr rr;
	int n;

	n = check_dns_query("www.example.org", ns_t_a, b, sizeof(b), &id);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(ns_initparse(b, n, &m), 0);
	ck_assert_uint_eq(ns_msg_id(m), id);
	ck_assert_int_eq(ns_msg_getflag(m, ns_f_qr), 0);
	ck_assert_int_eq(ns_msg_getflag(m, ns_f_rd), 1);
	ck_assert_int_eq(ns_msg_count(m, ns_s_qd), 1);
	ck_assert_int_eq(ns_msg_count(m, ns_s_an), 0);
	ck_assert_int_eq(ns_parserr(&m, ns_s_qd, 0, &rr), 0);
	ck_assert_str_eq(ns_rr_name(rr), "www.example.org");
	ck_assert_int_eq(ns_rr_type(rr), ns_t_a);
	ck_assert_int_eq(ns_rr_class(rr), ns_c_in);
	/* the root, SOA (the defaults) */
	n = check_dns_query(".", ns_t_soa, b, sizeof(b), &id2);
	ck_assert_int_eq(n, NS_HFIXEDSZ + 1 + 4);
	ck_assert_int_eq(ns_initparse(b, n, &m), 0);
	ck_assert_int_eq(ns_parserr(&m, ns_s_qd, 0, &rr), 0);
	ck_assert_int_eq(ns_rr_type(rr), ns_t_soa);
	/* a label over 63 bytes, a buffer too small */
	memset(longlabel, 'a', 70);
	longlabel[70] = '\0';
	ck_assert_int_eq(check_dns_query(longlabel, ns_t_a, b, sizeof(b), &id), -1);
	ck_assert_int_eq(check_dns_query("www.example.org", ns_t_a, b, 20, &id), -1);
}
END_TEST

START_TEST(test_dns_reply)
{
	uint8_t q[512], r[600];
	enum check_result res;
	char d[128];
	uint16_t id;
	size_t n;
	int ql = check_dns_query("web.example.", ns_t_a, q, sizeof(q), &id);

	ck_assert_int_gt(ql, 0);
	/* NOERROR with an A record */
	n = make_reply(q, (size_t)ql, ns_r_noerror, ns_t_a, r);
	ck_assert_int_eq(check_dns_reply(r, n, id, "web.example", ns_t_a, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_OK);
	ck_assert_str_eq(d, "1 A record");
	/* the name compares without case and trailing dot */
	ck_assert_int_eq(check_dns_reply(r, n, id, "WEB.Example.", ns_t_a, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_OK);
	/* another id: not ours */
	ck_assert_int_eq(
	    check_dns_reply(r, n, (uint16_t)(id + 1), "web.example", ns_t_a, &res, d, sizeof(d)),
	    0);
	/* too short to be anything */
	ck_assert_int_eq(check_dns_reply(r, 5, id, "web.example", ns_t_a, &res, d, sizeof(d)), 0);
	/* NXDOMAIN, SERVFAIL, an unnamed RCODE */
	n = make_reply(q, (size_t)ql, ns_r_nxdomain, -1, r);
	ck_assert_int_eq(check_dns_reply(r, n, id, "web.example", ns_t_a, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_BAD_STATUS);
	ck_assert_str_eq(d, "RCODE NXDOMAIN");
	n = make_reply(q, (size_t)ql, ns_r_servfail, -1, r);
	check_dns_reply(r, n, id, "web.example", ns_t_a, &res, d, sizeof(d));
	ck_assert_str_eq(d, "RCODE SERVFAIL");
	n = make_reply(q, (size_t)ql, 12, -1, r);
	check_dns_reply(r, n, id, "web.example", ns_t_a, &res, d, sizeof(d));
	ck_assert_int_eq(res, CHECK_BAD_STATUS);
	ck_assert_str_eq(d, "RCODE 12");
	/* NOERROR without an answer, or with an answer of another type */
	n = make_reply(q, (size_t)ql, ns_r_noerror, -1, r);
	check_dns_reply(r, n, id, "web.example", ns_t_a, &res, d, sizeof(d));
	ck_assert_int_eq(res, CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "no A record in the answer");
	n = make_reply(q, (size_t)ql, ns_r_noerror, ns_t_txt, r);
	check_dns_reply(r, n, id, "web.example", ns_t_a, &res, d, sizeof(d));
	ck_assert_int_eq(res, CHECK_BAD_REPLY);
	/* our own query echoed back (QR clear) */
	ck_assert_int_eq(
	    check_dns_reply(q, (size_t)ql, id, "web.example", ns_t_a, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "DNS query, not a response");
	/* the answer to another question */
	n = make_reply(q, (size_t)ql, ns_r_noerror, ns_t_a, r);
	ck_assert_int_eq(check_dns_reply(r, n, id, "mail.example", ns_t_a, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_BAD_REPLY);
	ck_assert_int_eq(check_dns_reply(r, n, id, "web.example", ns_t_mx, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_BAD_REPLY);
	/* cut in the middle of the question: malformed */
	n = make_reply(q, (size_t)ql, ns_r_noerror, ns_t_a, r);
	ck_assert_int_eq(
	    check_dns_reply(r, NS_HFIXEDSZ + 3, id, "web.example", ns_t_a, &res, d, sizeof(d)), 1);
	ck_assert_int_eq(res, CHECK_BAD_REPLY);
	ck_assert_str_eq(check_dns_rcode_str(3), "NXDOMAIN");
	ck_assert_ptr_null(check_dns_rcode_str(16));
}
END_TEST

/* ---- UDP reply matching ---- */

static void udp_conf(struct conf_check *c)
{
	memset(c, 0, sizeof(*c));
	c->type = CONF_CHECK_UDP;
	c->max_reply_length = 255;
	c->opts.connect_timeout = 300;
}

START_TEST(test_udp_reply)
{
	/* require_reply "de ad Xf ef" */
	static uint8_t pat[] = {0xde, 0xad, 0x0f, 0xef}, mask[] = {0xff, 0xff, 0x0f, 0xff};
	static const uint8_t good[] = {0xde, 0xad, 0x7f, 0xef, 0x01}, bad[] = {0xde, 0xad, 0x7e};
	struct conf_check c;
	char d[128];

	udp_conf(&c);
	c.require_reply = true;
	/* no pattern: any content, length bounds only */
	ck_assert_int_eq(check_udp_reply(&c, bad, 3, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_udp_reply(&c, bad, 0, d, sizeof(d)), CHECK_OK);
	c.min_reply_length = 4;
	ck_assert_int_eq(check_udp_reply(&c, bad, 3, d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "reply of 3 bytes, outside 4-255");
	ck_assert_int_eq(check_udp_reply(&c, good, 4, d, sizeof(d)), CHECK_OK);
	c.max_reply_length = 4;
	ck_assert_int_eq(check_udp_reply(&c, good, 5, d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_int_eq(check_udp_reply(&c, good, 256, d, sizeof(d)), CHECK_BAD_REPLY);
	c.min_reply_length = 0;
	c.max_reply_length = 255;
	/* with the pattern: the masked nibble is free, compared over the shorter */
	c.reply = pat;
	c.reply_mask = mask;
	c.reply_len = sizeof(pat);
	ck_assert_int_eq(check_udp_reply(&c, good, sizeof(good), d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_udp_reply(&c, good, 2, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_udp_reply(&c, bad, sizeof(bad), d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "reply differs at byte 2 (0x7e)");
	mask[2] = 0xff;
	ck_assert_int_eq(check_udp_reply(&c, good, sizeof(good), d, sizeof(d)), CHECK_BAD_REPLY);
	/* no mask: every bit counts */
	c.reply_mask = NULL;
	pat[2] = 0x7f;
	ck_assert_int_eq(check_udp_reply(&c, good, sizeof(good), d, sizeof(d)), CHECK_OK);
}
END_TEST

/* ---- attempts on a loop against scripted servers ---- */

static struct ev_loop *loop;

static void guard_cb(struct ev_loop *l, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(l, EVBREAK_ALL);
}

/*
 * One attempt of kind on conf, as the engine runs it: start, then the loop
 * until check_done() (or a 3 s guard: cancel, as the engine's timeout
 * would).  The loop then runs 100 ms more to catch a second check_done().
 * Returns the seconds the attempt took.
 */
static double run_attempt(const struct check_kind *kind, const struct conf_check *conf)
{
	struct check ck = {.kind = kind, .conf = conf};
	ev_timer guard;
	ev_tstamp t0;
	double took;

	if (!loop)
		loop = ev_default_loop(0);
	ck.loop = loop;
	memset(&done, 0, sizeof(done));
	ev_now_update(loop);
	t0 = ev_now(loop);
	ev_timer_init(&guard, guard_cb, 3., 0.);
	ev_timer_start(loop, &guard);
	kind->start(&ck);
	if (!done.calls)
		ev_run(loop, 0);
	ev_now_update(loop);
	took = ev_now(loop) - t0;
	ev_timer_stop(loop, &guard);
	if (!done.calls)
		kind->cancel(&ck);
	ev_timer_init(&guard, guard_cb, 0.1, 0.);
	ev_timer_start(loop, &guard);
	ev_run(loop, 0);
	ev_timer_stop(loop, &guard);
	kind->forget(&ck);
	ck_assert_ptr_null(ck.kdata);
	ck_assert_msg(done.calls == 1, "check_done called %d times", done.calls);
	return took;
}

/* A listening or bound socket on 127.0.0.1, port chosen by the kernel; the
 * target is set to it. */
static int server_socket(int type)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, type, 0);

	ck_assert_int_ge(fd, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	if (type == SOCK_STREAM)
		ck_assert_int_eq(listen(fd, 4), 0);
	target = a;
	return fd;
}

/* A port nobody listens on (bound, then closed). */
static void target_closed_port(int type)
{
	close(server_socket(type));
}

/* The SMTP server: ops "S<text>" send, "R" read a line (kept in `got`),
 * "W" wait 50 ms, "C" close. */
struct smtp_srv {
	int lfd;
	const char *const *ops;
	char got[512];
};

static void *smtp_srv_run(void *arg)
{
	struct smtp_srv *s = arg;
	int fd = accept(s->lfd, NULL, NULL);

	if (fd < 0)
		return NULL;
	for (const char *const *op = s->ops; *op; op++) {
		if (**op == 'S') {
			if (write(fd, *op + 1, strlen(*op + 1)) < 0)
				break;
		} else if (**op == 'W') {
			usleep(50000);
		} else if (**op == 'R') {
			char c;
			size_t l = strlen(s->got);

			while (read(fd, &c, 1) == 1 && l + 1 < sizeof(s->got)) {
				s->got[l++] = c;
				s->got[l] = '\0';
				if (c == '\n')
					break;
			}
		} else {
			break;
		}
	}
	close(fd);
	return NULL;
}

static void smtp_conf(struct conf_check *c)
{
	memset(c, 0, sizeof(*c));
	c->type = CONF_CHECK_SMTP;
	c->helo_name = (char *)"checker.example";
	c->opts.connect_timeout = 2000;
}

/* Run one SMTP attempt against a server playing ops; *got: what it read. */
static void smtp_run(const char *const *ops, struct smtp_srv *s)
{
	struct conf_check c;
	pthread_t th;

	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->lfd = server_socket(SOCK_STREAM);
	smtp_conf(&c);
	ck_assert_int_eq(pthread_create(&th, NULL, smtp_srv_run, s), 0);
	run_attempt(&check_kind_smtp, &c);
	pthread_join(th, NULL);
	close(s->lfd);
}

START_TEST(test_smtp_attempts)
{
	/* multi-line greeting in pieces, replies split mid-code */
	static const char *const ok[] = {"S220-mail.example ESMTP\r\n2",
					 "W",
					 "S20",
					 "W",
					 "S ready\r\n",
					 "R",
					 "S25",
					 "W",
					 "S0 hello\r\n",
					 "R",
					 "S221 bye\r\n",
					 NULL};
	static const char *const close_after_quit[] = {"S220 x\r\n", "R", "S250 x\r\n",
						       "R",	     "C", NULL};
	static const char *const banner554[] = {"S554 no service here\r\n", "R", NULL};
	static const char *const helo501[] = {"S220 x\r\n", "R", "S501 bad HELO\r\n", "R", NULL};
	static const char *const quit250[] = {"S220 x\r\n", "R",	  "S250 x\r\n",
					      "R",	    "S250 ?\r\n", NULL};
	static const char *const garbage[] = {"SHTTP/1.0 400 Bad Request\r\n", "R", NULL};
	static const char *const hangup[] = {"C", NULL};
	static const char *const hangup_helo[] = {"S220 x\r\n", "R", "C", NULL};
	struct smtp_srv s;
	struct conf_check c;

	smtp_run(ok, &s);
	ck_assert_int_eq(done.res, CHECK_OK);
	ck_assert_str_eq(s.got, "HELO checker.example\r\nQUIT\r\n");

	smtp_run(close_after_quit, &s);
	ck_assert_int_eq(done.res, CHECK_OK);

	smtp_run(banner554, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_STATUS);
	ck_assert_str_eq(done.detail, "SMTP 554");
	ck_assert_str_eq(s.got, "");

	smtp_run(helo501, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_STATUS);
	ck_assert_str_eq(done.detail, "SMTP 501");

	smtp_run(quit250, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_STATUS);
	ck_assert_str_eq(done.detail, "SMTP 250");

	smtp_run(garbage, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_REPLY);
	ck_assert_str_eq(done.detail, "malformed SMTP reply");

	smtp_run(hangup, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_REPLY);
	ck_assert_str_eq(done.detail, "connection closed before the greeting");

	smtp_run(hangup_helo, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_REPLY);
	ck_assert_str_eq(done.detail, "connection closed");

	target_closed_port(SOCK_STREAM);
	smtp_conf(&c);
	run_attempt(&check_kind_smtp, &c);
	ck_assert_int_eq(done.res, CHECK_CONNECT_FAILED);
	ck_assert_str_eq(done.detail, "Connection refused");
}
END_TEST

/* The UDP/DNS server: answers the first datagram by mode. */
enum srv_mode {
	SRV_ECHO,
	SRV_FIXED,	  /* reply `fixed` */
	SRV_SILENT,	  /* read, do not answer */
	SRV_DNS_A,	  /* a DNS answer with one A record */
	SRV_DNS_NXDOMAIN, /* a DNS NXDOMAIN */
	SRV_DNS_STRAY,	  /* a reply with another id, then the right one */
};

struct udp_srv {
	int fd;
	enum srv_mode mode;
	uint8_t fixed[64];
	size_t fixed_len;
	uint8_t got[512];
	ssize_t got_len;
};

static void *udp_srv_run(void *arg)
{
	struct udp_srv *s = arg;
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	struct timeval tv = {.tv_sec = 2};
	uint8_t r[600];
	size_t n;

	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	s->got_len = recvfrom(s->fd, s->got, sizeof(s->got), 0, (struct sockaddr *)&from, &fl);
	if (s->got_len < 0)
		return NULL;
	switch (s->mode) {
	case SRV_ECHO:
		sendto(s->fd, s->got, (size_t)s->got_len, 0, (struct sockaddr *)&from, fl);
		break;
	case SRV_FIXED:
		sendto(s->fd, s->fixed, s->fixed_len, 0, (struct sockaddr *)&from, fl);
		break;
	case SRV_SILENT:
		break;
	case SRV_DNS_STRAY:
		n = make_reply(s->got, (size_t)s->got_len, ns_r_nxdomain, -1, r);
		r[1] ^= 1;
		sendto(s->fd, r, n, 0, (struct sockaddr *)&from, fl);
		/* then the right answer */
		__attribute__((fallthrough));
	case SRV_DNS_A:
		n = make_reply(s->got, (size_t)s->got_len, ns_r_noerror, ns_t_a, r);
		sendto(s->fd, r, n, 0, (struct sockaddr *)&from, fl);
		break;
	case SRV_DNS_NXDOMAIN:
		n = make_reply(s->got, (size_t)s->got_len, ns_r_nxdomain, -1, r);
		sendto(s->fd, r, n, 0, (struct sockaddr *)&from, fl);
		break;
	}
	return NULL;
}

static double udp_run(const struct check_kind *kind, const struct conf_check *c, struct udp_srv *s)
{
	pthread_t th;
	double took;

	s->fd = server_socket(SOCK_DGRAM);
	s->got_len = -1;
	ck_assert_int_eq(pthread_create(&th, NULL, udp_srv_run, s), 0);
	took = run_attempt(kind, c);
	/* a silent test server must not outlive the attempt: unblock it */
	shutdown(s->fd, SHUT_RDWR);
	pthread_join(th, NULL);
	close(s->fd);
	return took;
}

START_TEST(test_udp_attempts)
{
	static uint8_t payload[] = {0xde, 0xad, 0xbe, 0xef};
	static uint8_t pat[] = {0xde, 0xad, 0x0e, 0xef}, mask[] = {0xff, 0xff, 0x0f, 0xff};
	struct udp_srv s = {0};
	struct conf_check c;
	uint8_t first[CHECK_UDP_RANDOM_LEN];
	double took;

	/* require_reply with a pattern: the echo matches */
	udp_conf(&c);
	c.payload = payload;
	c.payload_len = sizeof(payload);
	c.require_reply = true;
	c.reply = pat;
	c.reply_mask = mask;
	c.reply_len = sizeof(pat);
	s.mode = SRV_ECHO;
	udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_OK);
	ck_assert_int_eq(s.got_len, 4);
	ck_assert_mem_eq(s.got, payload, 4);

	/* a reply that differs under the mask */
	s.mode = SRV_FIXED;
	memcpy(s.fixed, "\xde\xad\xbe\xee", 4);
	s.fixed_len = 4;
	udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_REPLY);
	ck_assert_str_eq(done.detail, "reply differs at byte 3 (0xee)");

	/* longer than max_reply_length */
	c.max_reply_length = 3;
	s.mode = SRV_ECHO;
	udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_REPLY);
	ck_assert_str_eq(done.detail, "reply of 4 bytes, outside 0-3");
	c.max_reply_length = 255;

	/* no reply: NO_REPLY a little before connect_timeout (300 ms) */
	s.mode = SRV_SILENT;
	took = udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_NO_REPLY);
	ck_assert_str_eq(done.detail, "no UDP reply in 270 ms");
	ck_assert_msg(took > 0.25 && took < 1.0, "took %.3f s", took);

	/* without require_reply: silence is up, after the same wait */
	c.require_reply = false;
	took = udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_OK);
	ck_assert_msg(took > 0.25 && took < 1.0, "took %.3f s", took);
	/* ... any reply is up at once (well before the 1.9 s wait of a 2 s
	 * connect_timeout) */
	c.opts.connect_timeout = 2000;
	s.mode = SRV_FIXED;
	took = udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_OK);
	ck_assert_msg(took < 1.0, "took %.3f s", took);

	/* the port unreachable ICMP: down at once, with or without require_reply */
	target_closed_port(SOCK_DGRAM);
	took = run_attempt(&check_kind_udp, &c);
	ck_assert_int_eq(done.res, CHECK_CONNECT_FAILED);
	ck_assert_str_eq(done.detail, "Connection refused");
	ck_assert_msg(took < 1.0, "took %.3f s", took);
	c.require_reply = true;
	run_attempt(&check_kind_udp, &c);
	ck_assert_int_eq(done.res, CHECK_CONNECT_FAILED);

	/* no payload: random bytes, different each attempt */
	udp_conf(&c);
	s.mode = SRV_ECHO;
	udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(done.res, CHECK_OK);
	ck_assert_int_eq(s.got_len, CHECK_UDP_RANDOM_LEN);
	memcpy(first, s.got, sizeof(first));
	udp_run(&check_kind_udp, &c, &s);
	ck_assert_int_eq(s.got_len, CHECK_UDP_RANDOM_LEN);
	ck_assert(memcmp(first, s.got, sizeof(first)) != 0);
}
END_TEST

START_TEST(test_dns_attempts)
{
	struct udp_srv s = {0};
	struct conf_check c;
	ns_msg m;
	ns_rr rr;
	double took;

	memset(&c, 0, sizeof(c));
	c.type = CONF_CHECK_DNS;
	c.dns_type = CONF_DNS_A;
	c.dns_name = (char *)"web.example";
	c.opts.connect_timeout = 300;

	s.mode = SRV_DNS_A;
	udp_run(&check_kind_dns, &c, &s);
	ck_assert_int_eq(done.res, CHECK_OK);
	ck_assert_int_gt(s.got_len, 0);
	ck_assert_int_eq(ns_initparse(s.got, (int)s.got_len, &m), 0);
	ck_assert_int_eq(ns_parserr(&m, ns_s_qd, 0, &rr), 0);
	ck_assert_str_eq(ns_rr_name(rr), "web.example");
	ck_assert_int_eq(ns_rr_type(rr), ns_t_a);

	/* a stray reply (another id) first is ignored */
	s.mode = SRV_DNS_STRAY;
	udp_run(&check_kind_dns, &c, &s);
	ck_assert_int_eq(done.res, CHECK_OK);

	s.mode = SRV_DNS_NXDOMAIN;
	udp_run(&check_kind_dns, &c, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_STATUS);
	ck_assert_str_eq(done.detail, "RCODE NXDOMAIN");

	/* asked for MX, answered with A only */
	c.dns_type = CONF_DNS_MX;
	s.mode = SRV_DNS_A;
	udp_run(&check_kind_dns, &c, &s);
	ck_assert_int_eq(done.res, CHECK_BAD_REPLY);
	ck_assert_str_eq(done.detail, "no MX record in the answer");
	c.dns_type = CONF_DNS_A;

	s.mode = SRV_SILENT;
	took = udp_run(&check_kind_dns, &c, &s);
	ck_assert_int_eq(done.res, CHECK_NO_REPLY);
	ck_assert_str_eq(done.detail, "no DNS reply in 270 ms");
	ck_assert_msg(took > 0.25 && took < 1.0, "took %.3f s", took);

	target_closed_port(SOCK_DGRAM);
	run_attempt(&check_kind_dns, &c);
	ck_assert_int_eq(done.res, CHECK_CONNECT_FAILED);
	ck_assert_str_eq(done.detail, "Connection refused");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("check_proto");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_smtp_reply);
	tcase_add_test(tc, test_dns_query);
	tcase_add_test(tc, test_dns_reply);
	tcase_add_test(tc, test_udp_reply);
	suite_add_tcase(s, tc);
	tc = tcase_create("attempts");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_smtp_attempts);
	tcase_add_test(tc, test_udp_attempts);
	tcase_add_test(tc, test_dns_attempts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int nf;
	SRunner *sr = srunner_create(suite());

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
