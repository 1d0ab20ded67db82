/*
 * test_check_http: the pure half of HTTP_GET / SSL_GET (check_http_match):
 * the MD5 body sink against md5sum's values, the bounded body copy, the
 * regex options and offsets, the verdict on a reply (status list, digest,
 * regex, regex_no_match) and the URL / CONNECT_TO / SNI / Host strings.
 * Then the kinds themselves (check_http.c: libcurl multi on libev) against
 * a forked HTTP server on 127.0.0.1, with the engine's functions stubbed
 * here: hundreds of attempts in flight, exactly one check_done() per
 * attempt, status / digest (chunked) / Host / several urls / refused /
 * TLS to a plain server, cancel() mid-transfer and engine_fini() with
 * transfers running.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ev.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkers/check_http_match.h"
#include "lib/util.h"

static void set_status(struct conf_check_url *u, unsigned lo, unsigned hi)
{
	for (unsigned c = lo; c <= hi; c++) {
		unsigned i = c - CONF_HTTP_STATUS_MIN;

		u->status[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	u->status_set = true;
}

static void parse_hex(const char *hex, uint8_t out[16])
{
	for (int i = 0; i < 16; i++) {
		unsigned v;

		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static void md5_of(const char *s, size_t chunk, char hex[33])
{
	struct check_http_body b;
	uint8_t d[16];
	size_t n = strlen(s);

	check_http_body_init(&b, true, 0);
	for (size_t off = 0; off < n; off += chunk)
		check_http_body_feed(&b, s + off, n - off < chunk ? n - off : chunk);
	ck_assert_uint_eq(b.total, n);
	ck_assert_uint_eq(b.len, 0);
	check_http_body_md5(&b, d);
	check_http_hex(d, hex);
	check_http_body_fini(&b);
}

START_TEST(test_md5_like_md5sum)
{
	char hex[33];

	/* printf 'hello\n' | md5sum ; md5sum </dev/null */
	md5_of("hello\n", 100, hex);
	ck_assert_str_eq(hex, "b1946ac92492d2347c6235b4d2611184");
	md5_of("hello\n", 1, hex);
	ck_assert_str_eq(hex, "b1946ac92492d2347c6235b4d2611184");
	md5_of("", 1, hex);
	ck_assert_str_eq(hex, "d41d8cd98f00b204e9800998ecf8427e");
	/* printf 'The quick brown fox jumps over the lazy dog' | md5sum */
	md5_of("The quick brown fox jumps over the lazy dog", 7, hex);
	ck_assert_str_eq(hex, "9e107d9d372bb6826bd81d3542a419d6");
}
END_TEST

START_TEST(test_body_reset_and_keep)
{
	struct check_http_body b;
	uint8_t d[16];
	char hex[33];
	char *big = xmalloc(CHECK_HTTP_BODY_KEEP_MAX + 100);

	memset(big, 'a', CHECK_HTTP_BODY_KEEP_MAX + 100);
	check_http_body_init(&b, true, 10);
	check_http_body_feed(&b, "garbage", 7);
	check_http_body_reset(&b);
	ck_assert_uint_eq(b.total, 0);
	ck_assert_uint_eq(b.len, 0);
	check_http_body_feed(&b, "hel", 3);
	check_http_body_feed(&b, "lo\n", 3);
	check_http_body_feed(&b, "0123456789", 10);
	ck_assert_uint_eq(b.total, 16);
	ck_assert_uint_eq(b.len, 10); /* keeps only 10 */
	ck_assert(memcmp(b.buf, "hello\n0123", 10) == 0);
	check_http_body_md5(&b, d);
	check_http_hex(d, hex);
	/* printf 'hello\n0123456789' | md5sum */
	ck_assert_str_eq(hex, "528b916e06b253bc349d6e2e2a4dfb20");
	check_http_body_fini(&b);

	/* the keep limit is capped */
	check_http_body_init(&b, false, (size_t)-1);
	ck_assert_ptr_null(b.md5);
	check_http_body_feed(&b, big, CHECK_HTTP_BODY_KEEP_MAX + 100);
	ck_assert_uint_eq(b.len, CHECK_HTTP_BODY_KEEP_MAX);
	ck_assert_uint_eq(b.total, CHECK_HTTP_BODY_KEEP_MAX + 100);
	check_http_body_fini(&b);
	free(big);
}
END_TEST

START_TEST(test_regex_flag_table)
{
	size_t n = 0;

	while (conf_regex_option_names[n])
		n++;
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(check_http_regex_flag((unsigned)i) != 0, "option %s has no flag",
			      conf_regex_option_names[i]);
	ck_assert_uint_eq(check_http_regex_flag((unsigned)n), 0);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			ck_assert_msg(check_http_regex_flag((unsigned)i) !=
					  check_http_regex_flag((unsigned)j),
				      "%s and %s share a flag", conf_regex_option_names[i],
				      conf_regex_option_names[j]);
}
END_TEST

static unsigned opt_bit(const char *name)
{
	for (unsigned i = 0; conf_regex_option_names[i]; i++)
		if (!strcmp(conf_regex_option_names[i], name))
			return 1u << i;
	ck_abort_msg("no regex option %s", name);
	return 0;
}

static int match(const char *pattern, unsigned opts, uint32_t min, uint32_t max, const char *body)
{
	struct conf_check_url u = {0};
	struct check_http_regex *re;
	char err[200];
	int m;

	u.regex = (char *)pattern;
	u.regex_options = opts;
	u.regex_min_offset = min;
	u.regex_max_offset = max;
	re = check_http_regex_new(&u, err, sizeof(err));
	ck_assert_msg(re != NULL, "%s", err);
	m = check_http_regex_match(re, body, strlen(body), err, sizeof(err));
	check_http_regex_free(re);
	return m;
}

START_TEST(test_regex_match)
{
	struct conf_check_url u = {0};
	char err[200];

	ck_assert_int_eq(match("status: (ok|fine)", 0, 0, 0, "x\nstatus: ok\n"), 1);
	ck_assert_int_eq(match("status: ok", 0, 0, 0, "STATUS: OK"), 0);
	ck_assert_int_eq(match("status: ok", opt_bit("caseless"), 0, 0, "STATUS: OK"), 1);
	ck_assert_int_eq(match("^b", 0, 0, 0, "a\nb"), 0);
	ck_assert_int_eq(match("^b", opt_bit("multiline"), 0, 0, "a\nb"), 1);
	/* min offset: where matching starts */
	ck_assert_int_eq(match("abc", 0, 3, 0, "abcxyz"), 0);
	ck_assert_int_eq(match("xyz", 0, 3, 0, "abcxyz"), 1);
	ck_assert_int_eq(match("xyz", 0, 10, 0, "abcxyz"), 0); /* beyond the body */
	/* max offset: the latest start of a match */
	ck_assert_int_eq(match("xyz", 0, 0, 2, "abcxyz"), 0);
	ck_assert_int_eq(match("xyz", 0, 0, 3, "abcxyz"), 1);
	ck_assert_int_eq(match("xyz", 0, 1, 4, "abcxyz"), 1);

	u.regex = (char *)"(unclosed";
	ck_assert_ptr_null(check_http_regex_new(&u, err, sizeof(err)));
	ck_assert_msg(strstr(err, "regex error at offset") != NULL, "%s", err);
}
END_TEST

START_TEST(test_judge)
{
	struct conf_check_url u = {0};
	struct check_http_body b;
	struct check_http_regex *re;
	char d[128], err[128];

	set_status(&u, 200, 299);
	check_http_body_init(&b, false, 0);
	ck_assert_int_eq(check_http_judge(&u, NULL, 200, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 299, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 503, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_str_eq(d, "HTTP 503");
	ck_assert_int_eq(check_http_judge(&u, NULL, 300, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_int_eq(check_http_judge(&u, NULL, 0, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_str_eq(d, "HTTP 0");
	ck_assert_int_eq(check_http_judge(&u, NULL, 1200, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	check_http_body_fini(&b);

	/* a list with ranges: 200 404-405 503 */
	memset(u.status, 0, sizeof(u.status));
	set_status(&u, 200, 200);
	set_status(&u, 404, 405);
	set_status(&u, 503, 503);
	check_http_body_init(&b, false, 0);
	ck_assert_int_eq(check_http_judge(&u, NULL, 404, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 503, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 201, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_int_eq(check_http_judge(&u, NULL, 406, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	check_http_body_fini(&b);

	/* digest: status first, then the MD5 of the body */
	u.has_digest = true;
	parse_hex("b1946ac92492d2347c6235b4d2611184", u.digest);
	check_http_body_init(&b, true, 0);
	check_http_body_feed(&b, "hello\n", 6);
	ck_assert_int_eq(check_http_judge(&u, NULL, 200, &b, d, sizeof(d)), CHECK_OK);
	check_http_body_reset(&b);
	check_http_body_feed(&b, "hello", 5);
	ck_assert_int_eq(check_http_judge(&u, NULL, 200, &b, d, sizeof(d)), CHECK_BAD_DIGEST);
	/* printf hello | md5sum */
	ck_assert_str_eq(d, "MD5 5d41402abc4b2a76b9719d911017c592");
	check_http_body_reset(&b);
	check_http_body_feed(&b, "hello", 5);
	ck_assert_int_eq(check_http_judge(&u, NULL, 500, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	check_http_body_fini(&b);
	u.has_digest = false;

	/* regex, and its inversion */
	u.regex = (char *)"READY";
	re = check_http_regex_new(&u, err, sizeof(err));
	ck_assert_ptr_nonnull(re);
	check_http_body_init(&b, false, CHECK_HTTP_BODY_KEEP_MAX);
	check_http_body_feed(&b, "state=READY\n", 12);
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_OK);
	u.regex_no_match = true;
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "regex matched (regex_no_match)");
	check_http_body_reset(&b);
	check_http_body_feed(&b, "state=BUSY\n", 11);
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_OK);
	u.regex_no_match = false;
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "regex did not match");
	check_http_body_fini(&b);
	check_http_regex_free(re);
}
END_TEST

START_TEST(test_strings)
{
	struct addr a4, a6;
	struct conf_check ck = {0};
	struct conf_check_url u = {0};
	char *s;

	ck_assert_int_eq(addr_parse("198.51.100.1", &a4), 0);
	ck_assert_int_eq(addr_parse("2001:db8::1", &a6), 0);
	s = check_http_url(false, NULL, &a4, 80, "/health");
	ck_assert_str_eq(s, "http://198.51.100.1:80/health");
	free(s);
	s = check_http_url(false, NULL, &a4, 8080, "health");
	ck_assert_str_eq(s, "http://198.51.100.1:8080/health");
	free(s);
	s = check_http_url(true, NULL, &a6, 443, "/");
	ck_assert_str_eq(s, "https://[2001:db8::1]:443/");
	free(s);
	s = check_http_url(true, "www.example.com", &a6, 443, "/x?y=1");
	ck_assert_str_eq(s, "https://www.example.com:443/x?y=1");
	free(s);
	s = check_http_connect_to(&a4, 80);
	ck_assert_str_eq(s, "::198.51.100.1:80");
	free(s);
	s = check_http_connect_to(&a6, 8443);
	ck_assert_str_eq(s, "::[2001:db8::1]:8443");
	free(s);

	/* Host: url's virtualhost > checker's; SNI: only with enable_sni,
	 * sni_name > virtualhost */
	ck_assert_ptr_null(check_http_vhost(&ck, &u));
	ck_assert_ptr_null(check_http_sni(&ck, &u));
	ck.virtualhost = (char *)"ck.example";
	ck_assert_str_eq(check_http_vhost(&ck, &u), "ck.example");
	ck_assert_ptr_null(check_http_sni(&ck, &u));
	ck.enable_sni = true;
	ck_assert_str_eq(check_http_sni(&ck, &u), "ck.example");
	u.virtualhost = (char *)"url.example";
	ck_assert_str_eq(check_http_vhost(&ck, &u), "url.example");
	ck_assert_str_eq(check_http_sni(&ck, &u), "url.example");
	ck.sni_name = (char *)"sni.example";
	ck_assert_str_eq(check_http_sni(&ck, &u), "sni.example");
	ck_assert_str_eq(check_http_vhost(&ck, &u), "url.example");
	ck.enable_sni = false;
	ck_assert_ptr_null(check_http_sni(&ck, &u));
}
END_TEST

/* ---- the kinds on a libev loop, the engine stubbed ---- */

#define MAXCK 300

static void *slots[16];
static int done_calls[MAXCK], socket_calls;
static enum check_result done_res[MAXCK];
static char done_detail[MAXCK][256];
static int done_total;
static struct check cks[MAXCK];
static struct conf_check *confs[MAXCK];
static uint16_t srv_port;
static pid_t srv_pid;

void **check_engine_kind_slot(struct check_engine *e, enum conf_check_type t)
{
	(void)e;
	return &slots[t];
}

/* The engine's label, for the kinds' log lines (the engine is not linked). */
const char *check_label(const struct check *ck)
{
	(void)ck;
	return "[test]";
}

void check_done(struct check *ck, enum check_result res, const char *detail)
{
	int i = (int)(ck - cks);

	ck_assert(i >= 0 && i < MAXCK);
	done_calls[i]++;
	done_total++;
	done_res[i] = res;
	util_strlcpy(done_detail[i], detail ? detail : "", sizeof(done_detail[i]));
}

void check_done_weight(struct check *ck, enum check_result res, int64_t weight, const char *detail)
{
	(void)weight;
	check_done(ck, res, detail);
}

socklen_t check_target(const struct check *ck, struct sockaddr_storage *ss)
{
	(void)ck;
	(void)ss;
	return 0;
}

/* The descriptors open in this process (the transfers in flight hold one
 * socket each). */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static int fd_max; /* the most open_fds() seen by check_socket() */

int check_socket(const struct check *ck, int type, int proto)
{
	int fd = socket(ck->conf->connect_ip.af, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto), n;

	socket_calls++;
	if ((n = open_fds()) > fd_max)
		fd_max = n;
	return fd < 0 ? -errno : fd;
}

static void srv_write(int c, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(c, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* One request: /ok, /503, /chunked, /host (echoes the Host header),
 * /big (1 MB), /hang (never answered: returns false, keep the fd). */
static bool srv_serve(int c)
{
	char req[4096], path[256] = "", out[512];
	size_t n = 0;
	char *h;

	for (;;) {
		ssize_t r = read(c, req + n, sizeof(req) - 1 - n);

		if (r <= 0)
			return true;
		n += (size_t)r;
		req[n] = '\0';
		if (n >= 4 && memcmp(req, "GET ", 4) != 0) {
			srv_write(c, "HTTP/1.0 400 Bad Request\r\n\r\n");
			return true;
		}
		if (strstr(req, "\r\n\r\n"))
			break;
		if (n == sizeof(req) - 1)
			return true;
	}
	(void)sscanf(req, "GET %255s", path);
	if (!strcmp(path, "/hang"))
		return false;
	if (!strcmp(path, "/ok")) {
		srv_write(c, "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n");
	} else if (!strcmp(path, "/503")) {
		srv_write(c, "HTTP/1.0 503 Busy\r\nContent-Length: 5\r\n\r\nbusy\n");
	} else if (!strcmp(path, "/chunked")) {
		srv_write(
		    c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
		       "3\r\nhel\r\n3\r\nlo\n\r\n0\r\n\r\n");
	} else if (!strcmp(path, "/host")) {
		char host[200] = "-";

		h = strcasestr(req, "\r\nHost: ");
		if (h)
			(void)sscanf(h + 8, "%199[^\r]", host);
		(void)snprintf(out, sizeof(out), "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
			       strlen(host), host);
		srv_write(c, out);
	} else if (!strcmp(path, "/big")) {
		static char chunk[65536];

		memset(chunk, 'x', sizeof(chunk) - 1);
		srv_write(c, "HTTP/1.0 200 OK\r\nContent-Length: 1048560\r\n\r\n");
		for (int i = 0; i < 16; i++)
			srv_write(c, chunk); /* 16 x 65535 bytes */
	} else {
		srv_write(c, "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
	}
	return true;
}

static void srv_start(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	ck_assert_int_ge(l, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(l, 1024), 0);
	ck_assert_int_eq(getsockname(l, (struct sockaddr *)&sa, &sl), 0);
	srv_port = ntohs(sa.sin_port);
	srv_pid = fork();
	ck_assert_int_ge(srv_pid, 0);
	if (srv_pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		for (;;) {
			int c = accept(l, NULL, NULL);

			if (c < 0)
				continue;
			if (srv_serve(c))
				close(c);
			/* else: leaked on purpose, the client hangs until it gives up */
		}
	}
	close(l);
}

static void srv_stop(void)
{
	if (srv_pid > 0) {
		kill(srv_pid, SIGKILL);
		waitpid(srv_pid, NULL, 0);
	}
	srv_pid = 0;
}

/* A closed port on 127.0.0.1 (bound, never listening). */
static uint16_t closed_port(int *keep)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);

	*keep = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(*keep, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(*keep, (struct sockaddr *)&sa, &sl), 0);
	return ntohs(sa.sin_port);
}

static struct conf_check_url *add_url(struct conf_check *c, const char *path)
{
	struct conf_check_url *u = xcalloc(1, sizeof(*u));

	u->path = xstrdup(path);
	set_status(u, 200, 299);
	TAILQ_INSERT_TAIL(&c->urls, u, entry);
	return u;
}

static struct check *mk_check(int i, struct ev_loop *loop, enum conf_check_type t, uint16_t port,
			      const char *path)
{
	struct conf_check *c = xcalloc(1, sizeof(*c));

	c->type = t;
	ck_assert_int_eq(addr_parse("127.0.0.1", &c->connect_ip), 0);
	c->connect_port = port;
	c->opts.connect_timeout = 3000;
	TAILQ_INIT(&c->urls);
	if (path)
		add_url(c, path);
	confs[i] = c;
	memset(&cks[i], 0, sizeof(cks[i]));
	cks[i].kind = t == CONF_CHECK_SSL ? &check_kind_ssl : &check_kind_http;
	cks[i].loop = loop;
	cks[i].conf = c;
	done_calls[i] = 0;
	return &cks[i];
}

static void guard_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

/* Run the loop until `total` check_done() calls in all (10 s guard), then
 * 100 ms more to catch extra calls. */
static void run_until(struct ev_loop *loop, int total)
{
	ev_timer guard, settle;

	ev_timer_init(&guard, guard_cb, 10., 0.);
	ev_timer_start(loop, &guard);
	while (done_total < total && ev_is_active(&guard))
		ev_run(loop, EVRUN_ONCE);
	ev_timer_stop(loop, &guard);
	ev_timer_init(&settle, guard_cb, 0.1, 0.);
	ev_timer_start(loop, &settle);
	ev_run(loop, 0);
	ev_timer_stop(loop, &settle);
}

static void teardown_checks(int n)
{
	for (int i = 0; i < n; i++) {
		cks[i].kind->forget(&cks[i]);
		ck_assert_ptr_null(cks[i].kdata);
		conf_check_free(confs[i]);
	}
	check_kind_http.engine_fini(NULL, slots[CONF_CHECK_HTTP]);
	check_kind_ssl.engine_fini(NULL, slots[CONF_CHECK_SSL]);
	memset(slots, 0, sizeof(slots));
}

static void reset_done(void)
{
	memset(done_calls, 0, sizeof(done_calls));
	done_total = 0;
}

START_TEST(test_many_in_flight)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	int n = 250;

	srv_start();
	for (int i = 0; i < n; i++) {
		struct check *ck = mk_check(i, loop, CONF_CHECK_HTTP, srv_port, "/chunked");
		struct conf_check_url *u = TAILQ_FIRST(&confs[i]->urls);

		u->has_digest = true; /* md5sum of "hello\n" */
		parse_hex("b1946ac92492d2347c6235b4d2611184", u->digest);
		(void)ck;
	}
	for (int round = 0; round < 2; round++) {
		int base = open_fds();

		reset_done();
		socket_calls = 0;
		fd_max = 0;
		for (int i = 0; i < n; i++)
			cks[i].kind->start(&cks[i]);
		run_until(loop, n);
		for (int i = 0; i < n; i++) {
			ck_assert_msg(done_calls[i] == 1, "check %d: %d check_done", i,
				      done_calls[i]);
			ck_assert_msg(done_res[i] == CHECK_OK, "check %d: %s", i, done_detail[i]);
		}
		ck_assert_int_eq(socket_calls, n); /* a fresh connection each, via check_socket */
		/* 250 started at once: at most CHECK_HTTP_INFLIGHT_MAX sockets at a
		 * time (+ the multi's own descriptors), but many in parallel */
		ck_assert_msg(fd_max - base <= (int)CHECK_HTTP_INFLIGHT_MAX + 4,
			      "%d descriptors open at once", fd_max - base);
		ck_assert_msg(fd_max - base >= (int)CHECK_HTTP_INFLIGHT_MAX / 2,
			      "only %d descriptors open at once", fd_max - base);
	}
	ck_assert_str_eq(done_detail[0], "HTTP 200");
	teardown_checks(n);
	srv_stop();
	ev_loop_destroy(loop);
}
END_TEST

START_TEST(test_results)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct conf_check_url *u;
	int keep, i = 0;
	uint16_t closed = closed_port(&keep);

	srv_start();
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/503");
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/ok");
	u = TAILQ_FIRST(&confs[1]->urls);
	u->has_digest = true;
	parse_hex("5d41402abc4b2a76b9719d911017c592", u->digest); /* "hello", not "hello\n" */
	mk_check(i++, loop, CONF_CHECK_HTTP, closed, "/ok");
	/* Host: the url's virtualhost wins over the checker's */
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/host");
	confs[3]->virtualhost = xstrdup("ck.example");
	TAILQ_FIRST(&confs[3]->urls)->regex = xstrdup("^ck\\.example$");
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/host");
	confs[4]->virtualhost = xstrdup("ck.example");
	TAILQ_FIRST(&confs[4]->urls)->virtualhost = xstrdup("url.example");
	TAILQ_FIRST(&confs[4]->urls)->regex = xstrdup("^url\\.example$");
	/* several urls: the failing one names itself */
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/ok");
	add_url(confs[5], "/big");
	add_url(confs[5], "/503");
	/* status list: 404 accepted */
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/nothing");
	set_status(TAILQ_FIRST(&confs[6]->urls), 404, 404);
	/* TLS to a plain HTTP server */
	mk_check(i++, loop, CONF_CHECK_SSL, srv_port, "/ok");
	/* a regex that does not compile */
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/ok");
	TAILQ_FIRST(&confs[8]->urls)->regex = xstrdup("(");
	/* regex_no_match */
	mk_check(i++, loop, CONF_CHECK_HTTP, srv_port, "/ok");
	TAILQ_FIRST(&confs[9]->urls)->regex = xstrdup("hel+o");
	TAILQ_FIRST(&confs[9]->urls)->regex_no_match = true;

	reset_done();
	for (int k = 0; k < i; k++)
		cks[k].kind->start(&cks[k]);
	run_until(loop, i);
	for (int k = 0; k < i; k++)
		ck_assert_msg(done_calls[k] == 1, "check %d: %d check_done", k, done_calls[k]);
	ck_assert_int_eq(done_res[0], CHECK_BAD_STATUS);
	ck_assert_str_eq(done_detail[0], "HTTP 503");
	ck_assert_int_eq(done_res[1], CHECK_BAD_DIGEST);
	ck_assert_str_eq(done_detail[1], "MD5 b1946ac92492d2347c6235b4d2611184");
	ck_assert_int_eq(done_res[2], CHECK_CONNECT_FAILED);
	ck_assert_str_eq(done_detail[2], "Connection refused");
	ck_assert_msg(done_res[3] == CHECK_OK, "%s", done_detail[3]);
	ck_assert_msg(done_res[4] == CHECK_OK, "%s", done_detail[4]);
	ck_assert_int_eq(done_res[5], CHECK_BAD_STATUS);
	ck_assert_str_eq(done_detail[5], "HTTP 503 (url /503)");
	ck_assert_msg(done_res[6] == CHECK_OK, "%s", done_detail[6]);
	ck_assert_int_eq(done_res[7], CHECK_TLS_FAILED);
	ck_assert_int_eq(done_res[8], CHECK_ERROR);
	ck_assert_msg(strstr(done_detail[8], "regex error") != NULL, "%s", done_detail[8]);
	ck_assert_int_eq(done_res[9], CHECK_BAD_REPLY);
	teardown_checks(i);
	srv_stop();
	close(keep);
	ev_loop_destroy(loop);
}
END_TEST

START_TEST(test_cancel_and_fini)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	ev_timer t;

	srv_start();
	mk_check(0, loop, CONF_CHECK_HTTP, srv_port, "/hang");
	mk_check(1, loop, CONF_CHECK_HTTP, srv_port, "/ok");
	add_url(confs[1], "/hang");
	mk_check(2, loop, CONF_CHECK_HTTP, srv_port, "/hang");
	confs[2]->opts.connect_timeout = 30000; /* still running at engine_fini() */
	mk_check(3, loop, CONF_CHECK_HTTP, srv_port, "/ok");
	reset_done();
	for (int k = 0; k < 3; k++)
		cks[k].kind->start(&cks[k]);
	/* let the requests go out, then cancel two of them (the engine's timeout) */
	ev_timer_init(&t, guard_cb, 0.3, 0.);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ck_assert_int_eq(done_total, 0);
	cks[0].kind->cancel(&cks[0]);
	cks[1].kind->cancel(&cks[1]);
	ev_timer_set(&t, 0.5, 0.); /* nothing may end */
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ck_assert_int_eq(done_total, 0);
	/* the multi still works; a cancelled check starts again */
	cks[3].kind->start(&cks[3]);
	cks[1].kind->start(&cks[1]);
	run_until(loop, 1);
	ck_assert_int_eq(done_calls[3], 1);
	ck_assert_msg(done_res[3] == CHECK_OK, "%s", done_detail[3]);
	ck_assert_int_eq(done_calls[1], 0); /* its /hang hangs: no result */
	cks[1].kind->cancel(&cks[1]);
	cks[1].kind->cancel(&cks[1]); /* twice is harmless */
	/* check 2 still runs: the engine goes away first, forget() after */
	check_kind_http.engine_fini(NULL, slots[CONF_CHECK_HTTP]);
	slots[CONF_CHECK_HTTP] = NULL;
	ck_assert_int_eq(done_total, 1);
	for (int k = 0; k < 4; k++) {
		cks[k].kind->forget(&cks[k]);
		conf_check_free(confs[k]);
	}
	srv_stop();
	ev_loop_destroy(loop);
}
END_TEST

/* Beyond CHECK_HTTP_INFLIGHT_MAX transfers, attempts wait in order; a
 * waiting one can be cancelled, started again, forgotten, and outlive the
 * engine. */
START_TEST(test_queue)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	const int cap = (int)CHECK_HTTP_INFLIGHT_MAX, n = cap + 20;
	ev_timer t;

	srv_start();
	for (int i = 0; i < n; i++) {
		mk_check(i, loop, CONF_CHECK_HTTP, srv_port, "/hang");
		confs[i]->opts.connect_timeout = 30000;
	}
	reset_done();
	socket_calls = 0;
	for (int i = 0; i < n; i++)
		cks[i].kind->start(&cks[i]);
	ev_timer_init(&t, guard_cb, 0.3, 0.);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ck_assert_int_eq(socket_calls, cap); /* the others wait */
	/* cancelling waiting ones makes no room */
	for (int i = cap; i < cap + 10; i++)
		cks[i].kind->cancel(&cks[i]);
	ev_timer_set(&t, 0.2, 0.);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ck_assert_int_eq(socket_calls, cap);
	/* cancelling running ones does: the next five waiting ones start */
	for (int i = 0; i < 5; i++)
		cks[i].kind->cancel(&cks[i]);
	ev_timer_set(&t, 0.3, 0.);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ck_assert_int_eq(socket_calls, cap + 5);
	/* a cancelled one started again waits behind the others */
	cks[cap].kind->start(&cks[cap]);
	ev_timer_set(&t, 0.2, 0.);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ck_assert_int_eq(socket_calls, cap + 5);
	ck_assert_int_eq(done_total, 0);
	/* the engine goes first, with attempts running and waiting; forget() after */
	check_kind_http.engine_fini(NULL, slots[CONF_CHECK_HTTP]);
	slots[CONF_CHECK_HTTP] = NULL;
	ck_assert_int_eq(done_total, 0);
	for (int i = 0; i < n; i++) {
		cks[i].kind->forget(&cks[i]);
		conf_check_free(confs[i]);
	}
	srv_stop();
	ev_loop_destroy(loop);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("check_http");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_md5_like_md5sum);
	tcase_add_test(tc, test_body_reset_and_keep);
	tcase_add_test(tc, test_regex_flag_table);
	tcase_add_test(tc, test_regex_match);
	tcase_add_test(tc, test_judge);
	tcase_add_test(tc, test_strings);
	suite_add_tcase(s, tc);
	tc = tcase_create("transfer");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_many_in_flight);
	tcase_add_test(tc, test_results);
	tcase_add_test(tc, test_cancel_and_fini);
	tcase_add_test(tc, test_queue);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
