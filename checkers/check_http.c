/*
 * check_http: the HTTP_GET and SSL_GET kinds on libcurl's multi interface,
 * driven by the engine's libev loop.  The only file of vigil that includes
 * curl.
 *
 * One CURLM per engine (kept in the HTTP_GET kind slot, shared by SSL_GET):
 * CURLMOPT_SOCKETFUNCTION gives each socket an ev_io (struct http_sock,
 * attached with curl_multi_assign), CURLMOPT_TIMERFUNCTION drives one
 * ev_timer; both call curl_multi_socket_action() and then drain
 * curl_multi_info_read(), which is where attempts end (check_done()).
 * Nothing calls back into curl from inside a curl callback.  libcurl itself
 * is dlopen()ed by the first attempt (http_curl_load()).
 *
 * Per check (ck->kdata, struct http_check): the urls' strings, headers,
 * regex and body sinks.  Easy handles come from a small per-multi pool
 * (struct http_xfer) only while a transfer runs; the urls of an attempt run
 * in parallel; at most CHECK_HTTP_INFLIGHT_MAX transfers run at once, and
 * an attempt that would go beyond waits in a queue, in order, its time
 * counting (a loop that ran late starts hundreds of attempts in one pass:
 * each transfer holds a handle and a connection, some 15 KB, and the heap
 * they grew stays fragmented long after); the attempt is up when every url
 * passes, and ends at the first failure, whose url's transfers are then
 * removed.  The transfer
 * connects to connect_ip:connect_port: the URL's host is that IP literal
 * (so no SNI is sent), or for an SSL_GET with enable_sni the SNI name
 * (sni_name, else the virtualhost), then mapped to the target with
 * CURLOPT_CONNECT_TO "::IP:PORT"; the Host header is the virtualhost.
 * The socket comes from check_socket() (CURLOPT_OPENSOCKETFUNCTION), which
 * applies fwmark, bind_if, bindto and bind_port.  Certificates are not
 * verified (as keepalived).  Connections are never reused: every attempt
 * connects anew.  The body streams into check_http_match's sink (MD5,
 * bounded copy for the regex); the verdict is check_http_judge().  The MD5
 * is OpenSSL's, whose libcrypto is dlopen()ed as well, by the first url with
 * a digest (check_http_md5_load(); libcurl has already mapped it): a check
 * whose url wants a digest that cannot be loaded fails every attempt with
 * the dlerror() as its detail.
 *
 * Lifetimes: the multi lists its checks, so engine_fini() detaches them
 * whatever the order the engine calls forget() and engine_fini() in.  The
 * conf_check may be swapped for an identical copy by a reload, so urls are
 * looked up by index in ck->conf whenever they are needed.
 */
#include "config.h"

/* plain prototypes: the functions are reached through http_curl (below) */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkers/check.h"
#include "checkers/check_http_match.h"
#include "lib/log.h"
#include "lib/util.h"

/*
 * libcurl is loaded with dlopen() by the first HTTP_GET / SSL_GET: a checker
 * without one never maps it nor its dependencies (TLS libraries, Kerberos,
 * LDAP...: megabytes of resident pages in every process that links them).
 */
static struct {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *e);
	const char *(*easy_strerror)(CURLcode rc);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_assign)(CURLM *m, curl_socket_t s, void *p);
	CURLMcode (*multi_socket_action)(CURLM *m, curl_socket_t s, int ev, int *running);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURLMcode (*multi_cleanup)(CURLM *m);
	const char *(*multi_strerror)(CURLMcode rc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
} http_curl;

#define curl_global_init http_curl.global_init
#define curl_easy_init	 http_curl.easy_init
#undef curl_easy_setopt
#define curl_easy_setopt http_curl.easy_setopt
#undef curl_easy_getinfo
#define curl_easy_getinfo  http_curl.easy_getinfo
#define curl_easy_cleanup  http_curl.easy_cleanup
#define curl_easy_strerror http_curl.easy_strerror
#define curl_multi_init	   http_curl.multi_init
#undef curl_multi_setopt
#define curl_multi_setopt	 http_curl.multi_setopt
#define curl_multi_add_handle	 http_curl.multi_add_handle
#define curl_multi_remove_handle http_curl.multi_remove_handle
#define curl_multi_assign	 http_curl.multi_assign
#define curl_multi_socket_action http_curl.multi_socket_action
#define curl_multi_info_read	 http_curl.multi_info_read
#define curl_multi_cleanup	 http_curl.multi_cleanup
#define curl_multi_strerror	 http_curl.multi_strerror
#define curl_slist_append	 http_curl.slist_append
#define curl_slist_free_all	 http_curl.slist_free_all

/* Load libcurl once: NULL, or why it cannot be used (then every attempt
 * ends in a local error with that reason). */
static const char *http_curl_load(void)
{
	static const char *err;
	static bool done;
	bool implicit;
	void *h;

	if (done)
		return err;
	done = true;
	/* libcurl (OpenSSL flavour) drags GnuTLS in through LDAP and RTMP, which
	 * we never use; GnuTLS's constructor would initialise itself (and
	 * p11-kit's modules) at load: about 2 MiB resident for nothing.  A GnuTLS
	 * flavour of libcurl still initialises it explicitly. */
	implicit = getenv("GNUTLS_NO_IMPLICIT_INIT") != NULL;
	if (!implicit)
		(void)setenv("GNUTLS_NO_IMPLICIT_INIT", "1", 0);
	h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
	if (!implicit)
		(void)unsetenv("GNUTLS_NO_IMPLICIT_INIT"); /* not for the scripts */
	if (!h) {
		const char *e = dlerror();

		err = xasprintf("libcurl not loaded: %s", e ? e : "dlopen failed");
		log_warnx("HTTP_GET/SSL_GET: %s", err);
		return err;
	}
#define HTTP_SYM(f)                                                                                \
	do {                                                                                       \
		if (!(*(void **)&http_curl.f = dlsym(h, "curl_" #f))) {                            \
			err = "libcurl lacks curl_" #f;                                            \
			log_warnx("HTTP_GET/SSL_GET: %s", err);                                    \
			return err;                                                                \
		}                                                                                  \
	} while (0)
	HTTP_SYM(global_init);
	HTTP_SYM(easy_init);
	HTTP_SYM(easy_setopt);
	HTTP_SYM(easy_getinfo);
	HTTP_SYM(easy_cleanup);
	HTTP_SYM(easy_strerror);
	HTTP_SYM(multi_init);
	HTTP_SYM(multi_setopt);
	HTTP_SYM(multi_add_handle);
	HTTP_SYM(multi_remove_handle);
	HTTP_SYM(multi_assign);
	HTTP_SYM(multi_socket_action);
	HTTP_SYM(multi_info_read);
	HTTP_SYM(multi_cleanup);
	HTTP_SYM(multi_strerror);
	HTTP_SYM(slist_append);
	HTTP_SYM(slist_free_all);
#undef HTTP_SYM
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		err = "curl_global_init failed";
	return err;
}

struct http_sock {
	ev_io io;
	curl_socket_t fd;
	struct http_multi *m;
	LIST_ENTRY(http_sock) entry;
};

struct http_check;
struct http_url;

/* One easy handle of the pool: it serves one transfer at a time (hu). */
struct http_xfer {
	CURL *easy;
	struct http_url *hu; /* the transfer's url, NULL: idle or abandoned */
	int sock_err;	     /* errno of check_socket() in this transfer, 0: none */
	/* what is set on the handle now (set again only when it differs) */
	signed char tls;     /* -1: nothing yet */
	signed char version; /* enum conf_http_protocol, -1: nothing yet */
	long timeout_ms;
	SLIST_ENTRY(http_xfer) next; /* the idle list */
	char errbuf[CURL_ERROR_SIZE];
};

struct http_multi {
	CURLM *multi;
	struct ev_loop *loop;
	ev_timer timer;
	LIST_HEAD(, http_sock) socks;
	LIST_HEAD(, http_check) checks;
	SLIST_HEAD(, http_xfer) idle; /* handles kept for the next transfers */
	unsigned nidle;
	unsigned nbusy;			/* handles out of the pool (transfers running) */
	bool trim_due;			/* handles were freed since the last malloc_trim() */
	double last_trim;		/* ev_now() of the last malloc_trim() */
	struct curl_slist *close_hdr;	/* "Connection: close", shared by the urls without a Host */
	TAILQ_HEAD(, http_check) waitq; /* attempts waiting for room (CHECK_HTTP_INFLIGHT_MAX) */
	ev_timer pump;			/* starts them, outside any curl or engine callback */
};

struct http_url {
	struct http_check *hc;
	unsigned idx;
	struct http_xfer *x;	    /* the running transfer's handle, NULL: none */
	char *url;		    /* what CURLOPT_URL gets */
	struct curl_slist *headers; /* own (Host...), NULL: the multi's close_hdr or none */
	struct check_http_regex *re;
	struct check_http_body body;
};

struct http_check {
	struct check *ck;
	struct http_multi *m; /* NULL once the engine is gone */
	LIST_ENTRY(http_check) entry;
	TAILQ_ENTRY(http_check) wentry;
	bool waiting;		       /* in m->waitq */
	struct curl_slist *connect_to; /* only when the URL names a host (SNI) */
	char *broken;		       /* why no attempt can run (bad regex...), NULL: fine */
	unsigned pending;	       /* urls of the running attempt not finished */
	unsigned nurls;
	struct http_url urls[];
};

/*
 * Easy handles are needed only while a transfer runs: they come from a small
 * pool of idle ones (at most HTTP_IDLE_MAX kept, the others freed when their
 * transfer ends), so memory follows the transfers in flight, not the number
 * of checks.  A handle keeps curl's read buffer (HTTP_BUFSIZE) between
 * transfers; the options common to every transfer are set once.
 */
#define HTTP_IDLE_MAX 16u
#define HTTP_BUFSIZE  4096L
#define HTTP_TRIM_S   5.

/* ---- the multi handle on libev ---- */

static void http_multi_harvest(struct http_multi *m);
static void http_pump_cb(struct ev_loop *loop, ev_timer *w, int revents);

static void http_sock_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct http_sock *hs = container_of(w, struct http_sock, io);
	struct http_multi *m = hs->m;
	int flags = 0, running;

	(void)loop;
	if (revents & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (revents & EV_ERROR)
		flags |= CURL_CSELECT_ERR;
	/* hs may be freed inside (CURL_POLL_REMOVE) */
	curl_multi_socket_action(m->multi, hs->fd, flags, &running);
	http_multi_harvest(m);
}

static void http_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct http_multi *m = container_of(w, struct http_multi, timer);
	int running;

	(void)loop;
	(void)revents;
	curl_multi_socket_action(m->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	http_multi_harvest(m);
}

static int http_socket_fn(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct http_multi *m = userp;
	struct http_sock *hs = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (hs) {
			ev_io_stop(m->loop, &hs->io);
			LIST_REMOVE(hs, entry);
			free(hs);
			curl_multi_assign(m->multi, s, NULL);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		events |= EV_READ;
	if (what & CURL_POLL_OUT)
		events |= EV_WRITE;
	if (!hs) {
		hs = xcalloc(1, sizeof(*hs));
		hs->fd = s;
		hs->m = m;
		LIST_INSERT_HEAD(&m->socks, hs, entry);
		curl_multi_assign(m->multi, s, hs);
		ev_io_init(&hs->io, http_sock_io_cb, s, events);
	} else {
		if (hs->io.events == events && ev_is_active(&hs->io))
			return 0;
		ev_io_stop(m->loop, &hs->io);
		ev_io_set(&hs->io, s, events);
	}
	ev_io_start(m->loop, &hs->io);
	return 0;
}

static int http_timer_fn(CURLM *multi, long timeout_ms, void *userp)
{
	struct http_multi *m = userp;

	(void)multi;
	ev_timer_stop(m->loop, &m->timer);
	if (timeout_ms >= 0) {
		/* from now, not from the start of a long loop iteration */
		ev_now_update(m->loop);
		ev_timer_set(&m->timer, (double)timeout_ms / 1000.0, 0.);
		ev_timer_start(m->loop, &m->timer);
	}
	return 0;
}

static struct http_multi *http_multi_get(struct check *ck)
{
	void **slot = check_engine_kind_slot(ck->eng, CONF_CHECK_HTTP);
	struct http_multi *m;

	if (*slot)
		return *slot;
	m = xcalloc(1, sizeof(*m));
	m->multi = curl_multi_init();
	if (!m->multi)
		fatalx("curl_multi_init failed");
	m->loop = ck->loop;
	LIST_INIT(&m->socks);
	LIST_INIT(&m->checks);
	SLIST_INIT(&m->idle);
	TAILQ_INIT(&m->waitq);
	ev_timer_init(&m->pump, http_pump_cb, 0., 0.);
	m->close_hdr = curl_slist_append(NULL, "Connection: close");
	if (!m->close_hdr)
		fatalx("out of memory (curl_slist)");
	ev_timer_init(&m->timer, http_timer_cb, 0., 0.);
	/* sockets that became ready in the same loop pass are read before
	 * curl's timeouts are looked at: an answer that arrived is not a timeout */
	ev_set_priority(&m->timer, EV_MINPRI);
	curl_multi_setopt(m->multi, CURLMOPT_SOCKETFUNCTION, http_socket_fn);
	curl_multi_setopt(m->multi, CURLMOPT_SOCKETDATA, m);
	curl_multi_setopt(m->multi, CURLMOPT_TIMERFUNCTION, http_timer_fn);
	curl_multi_setopt(m->multi, CURLMOPT_TIMERDATA, m);
	*slot = m;
	return m;
}

/* ---- the pool of easy handles ---- */

static size_t http_write_fn(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_xfer *x = userp;

	if (!x->hu)
		return 0; /* abandoned: stop the transfer */
	check_http_body_feed(&x->hu->body, data, size * nmemb);
	return size * nmemb;
}

static curl_socket_t http_opensocket_fn(void *userp, curlsocktype purpose,
					struct curl_sockaddr *addr)
{
	struct http_xfer *x = userp;
	int fd;

	(void)purpose;
	if (!x->hu || !x->hu->hc->ck)
		return CURL_SOCKET_BAD;
	fd = check_socket(x->hu->hc->ck, addr->socktype, addr->protocol);
	if (fd < 0) {
		x->sock_err = -fd;
		return CURL_SOCKET_BAD;
	}
	return fd;
}

/* curl is done with the connection (FORBID_REUSE: at the end of every
 * transfer): abort it with a reset instead of the FIN exchange, as
 * TCP_CHECK does (doc/vigil.conf.5): fewer packets, and no TIME_WAIT socket
 * left on either side when curl or the server closed first. */
static int http_closesocket_fn(void *userp, curl_socket_t fd)
{
	struct linger lg = {.l_onoff = 1, .l_linger = 0};

	(void)userp;
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	return close(fd);
}

static struct http_xfer *http_xfer_get(struct http_multi *m)
{
	struct http_xfer *x = SLIST_FIRST(&m->idle);
	CURL *e;

	if (x) {
		SLIST_REMOVE_HEAD(&m->idle, next);
		m->nidle--;
		m->nbusy++;
		return x;
	}
	x = xcalloc(1, sizeof(*x));
	x->tls = -1;
	x->version = -1;
	x->timeout_ms = -1;
	e = x->easy = curl_easy_init();
	if (!e)
		fatalx("curl_easy_init failed");
	/* what every transfer has */
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, HTTP_BUFSIZE);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "vigil-healthcheck/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_write_fn);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, http_opensocket_fn);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, http_closesocket_fn);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	/* one request in one send(): Nagle delays nothing, spare the setsockopt */
	curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 0L);
	/* the hosts are IP literals (or names mapped by CONNECT_TO): nothing to cache */
	curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	/* certificates are not verified (as keepalived); no effect on http */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	m->nbusy++;
	return x;
}

/* The transfer of x is over (already out of the multi): back to the pool. */
static void http_xfer_put(struct http_multi *m, struct http_xfer *x)
{
	x->hu = NULL;
	if (!m) {
		curl_easy_cleanup(x->easy);
		free(x);
		return;
	}
	m->nbusy--;
	if (!TAILQ_EMPTY(&m->waitq) && !ev_is_active(&m->pump))
		ev_timer_start(m->loop, &m->pump);
	if (m->nidle < HTTP_IDLE_MAX) {
		SLIST_INSERT_HEAD(&m->idle, x, next);
		m->nidle++;
	} else {
		curl_easy_cleanup(x->easy);
		free(x);
		m->trim_due = true;
	}
#ifdef __GLIBC__
	/* A burst of transfers (a stalled loop starts hundreds at once) is over:
	 * give the pages its handles, buffers and connections used back to the
	 * system (glibc keeps freed chunks amid the heap), at most every
	 * HTTP_TRIM_S seconds. */
	if (m->trim_due && m->nbusy < HTTP_IDLE_MAX / 2 &&
	    ev_now(m->loop) - m->last_trim >= HTTP_TRIM_S) {
		m->trim_due = false;
		m->last_trim = ev_now(m->loop);
		(void)malloc_trim(0);
	}
#endif
}

/* Set x up for hu's transfer (the options that depend on the check). */
static void http_xfer_setup(struct http_xfer *x, struct http_url *hu)
{
	const struct conf_check *cc = hu->hc->ck->conf;
	CURL *e = x->easy;
	signed char tls = cc->type == CONF_CHECK_SSL;
	signed char version = (signed char)cc->http_protocol;
	long tmo = (long)cc->opts.connect_timeout;

	x->hu = hu;
	x->sock_err = 0;
	x->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, hu->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER,
			 hu->headers
			     ? hu->headers
			     : (cc->http_protocol != CONF_HTTP_1_0 ? hu->hc->m->close_hdr : NULL));
	curl_easy_setopt(e, CURLOPT_CONNECT_TO, hu->hc->connect_to);
	if (x->tls != tls) {
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http");
		x->tls = tls;
	}
	if (x->version != version) {
		curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
				 cc->http_protocol == CONF_HTTP_1_1 ? (long)CURL_HTTP_VERSION_1_1
								    : (long)CURL_HTTP_VERSION_1_0);
		x->version = version;
	}
	/* The engine's attempt timeout (connect_timeout) ends a transfer, with
	 * its grace for a process that ran late.  curl's own limit is only a
	 * backstop past the longest grace (twice that, and a second): curl looks
	 * at it before it reads a socket, so a late loop pass would fail an
	 * answer already received. */
	if (tmo > 0)
		tmo = 2 * tmo + 1000;
	if (x->timeout_ms != tmo) {
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, tmo);
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, tmo);
		x->timeout_ms = tmo;
	}
}

/* Take every running transfer of hc out of the multi, or hc out of the
 * queue (no check_done). */
static void http_check_detach(struct http_check *hc)
{
	if (hc->waiting) {
		TAILQ_REMOVE(&hc->m->waitq, hc, wentry);
		hc->waiting = false;
	}
	for (unsigned i = 0; i < hc->nurls; i++) {
		struct http_url *hu = &hc->urls[i];

		if (!hu->x)
			continue;
		if (hc->m)
			curl_multi_remove_handle(hc->m->multi, hu->x->easy);
		http_xfer_put(hc->m, hu->x);
		hu->x = NULL;
	}
	hc->pending = 0;
}

static void http_engine_fini(struct check_engine *e, void *slot_value)
{
	struct http_multi *m = slot_value;
	struct http_check *hc;
	struct http_sock *hs;
	struct http_xfer *x;

	(void)e;
	if (!m)
		return;
	while ((hc = LIST_FIRST(&m->checks))) {
		http_check_detach(hc);
		LIST_REMOVE(hc, entry);
		hc->m = NULL;
	}
	while ((x = SLIST_FIRST(&m->idle))) {
		SLIST_REMOVE_HEAD(&m->idle, next);
		curl_easy_cleanup(x->easy);
		free(x);
	}
	ev_timer_stop(m->loop, &m->pump);
	curl_multi_cleanup(m->multi);
	curl_slist_free_all(m->close_hdr);
	while ((hs = LIST_FIRST(&m->socks))) {
		ev_io_stop(m->loop, &hs->io);
		LIST_REMOVE(hs, entry);
		free(hs);
	}
	ev_timer_stop(m->loop, &m->timer);
	free(m);
}

/* ---- one check's state ---- */

static const struct conf_check_url *http_conf_url(const struct check *ck, unsigned idx)
{
	const struct conf_check_url *u;
	unsigned i = 0;

	TAILQ_FOREACH (u, &ck->conf->urls, entry)
		if (i++ == idx)
			return u;
	return NULL;
}

static void http_url_setup(struct http_check *hc, struct http_url *hu,
			   const struct conf_check_url *u)
{
	const struct conf_check *cc = hc->ck->conf;
	bool tls = cc->type == CONF_CHECK_SSL;
	const char *sni = tls ? check_http_sni(cc, u) : NULL;
	const char *vh = check_http_vhost(cc, u);
	bool digest = u->has_digest;
	const char *merr;
	char *h;

	hu->hc = hc;
	if (u->has_digest && (merr = check_http_md5_load())) {
		/* no libcrypto: every attempt of this check ends in that error */
		if (!hc->broken)
			hc->broken = xasprintf("url %s: %s", u->path, merr);
		digest = false;
	}
	check_http_body_init(&hu->body, digest, u->regex ? CHECK_HTTP_BODY_KEEP_MAX : 0);
	if (u->regex && !hc->broken) {
		char err[256];

		hu->re = check_http_regex_new(u, err, sizeof(err));
		if (!hu->re) {
			hc->broken = xasprintf("url %s: %s", u->path, err);
			log_warnx("%s %s", check_label(hc->ck), hc->broken);
		}
	}
	hu->url = check_http_url(tls, sni, &cc->connect_ip, cc->connect_port, u->path);
	if (sni && !hc->connect_to) {
		/* the URL names the SNI host: connect to the target whatever it is */
		char *ct = check_http_connect_to(&cc->connect_ip, cc->connect_port);

		hc->connect_to = curl_slist_append(NULL, ct);
		free(ct);
		if (!hc->connect_to)
			fatalx("out of memory (curl_slist)");
	}
	if (vh) {
		h = xasprintf("Host: %s", vh);
		hu->headers = curl_slist_append(hu->headers, h);
		free(h);
	} else if (sni) {
		/* the URL names the SNI host; the Host header stays the address */
		char a[ADDR_STRLEN];

		addr_str(&cc->connect_ip, a, sizeof(a));
		h = xasprintf(cc->connect_ip.af == AF_INET6 ? "Host: [%s]:%u" : "Host: %s:%u", a,
			      cc->connect_port);
		hu->headers = curl_slist_append(hu->headers, h);
		free(h);
	}
	if (hu->headers && cc->http_protocol != CONF_HTTP_1_0)
		hu->headers = curl_slist_append(hu->headers, "Connection: close");
}

static struct http_check *http_check_new(struct check *ck)
{
	const struct conf_check_url *u;
	struct http_check *hc;
	unsigned n = 0;

	TAILQ_FOREACH (u, &ck->conf->urls, entry)
		n++;
	hc = xcalloc(1, sizeof(*hc) + n * sizeof(hc->urls[0]));
	hc->ck = ck;
	hc->nurls = n;
	hc->m = http_multi_get(ck);
	LIST_INSERT_HEAD(&hc->m->checks, hc, entry);
	n = 0;
	TAILQ_FOREACH (u, &ck->conf->urls, entry) {
		hc->urls[n].idx = n;
		http_url_setup(hc, &hc->urls[n], u);
		n++;
	}
	if (!n)
		hc->broken = xstrdup("no url");
	return hc;
}

static void http_forget(struct check *ck)
{
	struct http_check *hc = ck->kdata;

	if (!hc)
		return;
	http_check_detach(hc);
	if (hc->m)
		LIST_REMOVE(hc, entry);
	for (unsigned i = 0; i < hc->nurls; i++) {
		struct http_url *hu = &hc->urls[i];

		free(hu->url);
		curl_slist_free_all(hu->headers);
		check_http_regex_free(hu->re);
		check_http_body_fini(&hu->body);
	}
	curl_slist_free_all(hc->connect_to);
	free(hc->broken);
	free(hc);
	ck->kdata = NULL;
}

/* ---- attempts ---- */

/* A failed transfer's result and detail. */
static enum check_result http_curl_result(struct http_xfer *x, CURLcode rc, char *detail,
					  size_t dlen)
{
	long oserr = 0;
	enum check_result res;

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		res = CHECK_CONNECT_FAILED;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		res = CHECK_TIMEOUT;
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		res = CHECK_TLS_FAILED;
		break;
	case CURLE_OUT_OF_MEMORY:
	case CURLE_FAILED_INIT:
	case CURLE_INTERFACE_FAILED:
		res = CHECK_ERROR;
		break;
	default:
		res = CHECK_BAD_REPLY;
		break;
	}
	if (x->sock_err) {
		/* check_socket() failed: socket, SO_MARK, bind... */
		(void)util_snprintf(detail, dlen, "socket: %s", strerror(x->sock_err));
		return CHECK_ERROR;
	}
	if (res == CHECK_CONNECT_FAILED &&
	    curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr) == CURLE_OK && oserr > 0) {
		util_strlcpy(detail, strerror((int)oserr), dlen);
		return res;
	}
	util_strlcpy(detail, x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc), dlen);
	return res;
}

/* One url's transfer ended; may end the attempt (then touches nothing after
 * check_done(): the engine may forget the check from inside it). */
static void http_url_done(struct http_url *hu, CURLcode rc)
{
	struct http_check *hc = hu->hc;
	struct check *ck = hc->ck;
	const struct conf_check_url *u = http_conf_url(ck, hu->idx);
	enum check_result res;
	struct http_xfer *x = hu->x;
	char detail[300];
	long status = 0;

	curl_multi_remove_handle(hc->m->multi, x->easy);
	hu->x = NULL;
	hc->pending--;
	if (rc != CURLE_OK)
		res = http_curl_result(x, rc, detail, sizeof(detail));
	else if (!u) {
		res = CHECK_ERROR;
		util_strlcpy(detail, "url vanished", sizeof(detail));
	} else {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
		res = check_http_judge(u, hu->re, status, &hu->body, detail, sizeof(detail));
	}
	http_xfer_put(hc->m, x);
	check_http_body_trim(&hu->body);
	if (res != CHECK_OK) {
		if (hc->nurls > 1 && u) {
			size_t l = strlen(detail);

			(void)util_snprintf(detail + l, sizeof(detail) - l, " (url %s)", u->path);
		}
		http_check_detach(hc);
		check_done(ck, res, detail);
		return;
	}
	if (hc->pending == 0)
		check_done(ck, CHECK_OK, detail);
}

static void http_multi_harvest(struct http_multi *m)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(m->multi, &left))) {
		struct http_xfer *x = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x && x->hu && x->hu->x == x)
			http_url_done(x->hu, msg->data.result);
	}
}

/* Room for hc's transfers: within the cap, or nothing running (an attempt
 * with more urls than the cap still runs, alone). */
static bool http_room(const struct http_multi *m, const struct http_check *hc)
{
	return !m->nbusy || m->nbusy + hc->nurls <= CHECK_HTTP_INFLIGHT_MAX;
}

/* An attempt waits when there is no room or others wait before it. */
static bool http_must_wait(const struct http_multi *m, const struct http_check *hc)
{
	return !TAILQ_EMPTY(&m->waitq) || !http_room(m, hc);
}

static void http_run(struct http_check *hc);

static void http_start(struct check *ck)
{
	struct http_check *hc = ck->kdata;
	const char *err;

	if (!hc && (err = http_curl_load())) {
		check_done(ck, CHECK_ERROR, err);
		return;
	}
	if (!hc)
		hc = ck->kdata = http_check_new(ck);
	if (hc->broken) {
		check_done(ck, CHECK_ERROR, hc->broken);
		return;
	}
	if (!hc->m) {
		check_done(ck, CHECK_ERROR, "engine stopped");
		return;
	}
	http_check_detach(hc); /* a left-over attempt (should not happen) */
	if (http_must_wait(hc->m, hc)) {
		TAILQ_INSERT_TAIL(&hc->m->waitq, hc, wentry);
		hc->waiting = true;
		return;
	}
	http_run(hc);
}

/* Start the waiting attempts there is room for, in order. */
static void http_pump_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct http_multi *m = container_of(w, struct http_multi, pump);
	struct http_check *hc;

	(void)loop;
	(void)revents;
	while ((hc = TAILQ_FIRST(&m->waitq)) && http_room(m, hc)) {
		TAILQ_REMOVE(&m->waitq, hc, wentry);
		hc->waiting = false;
		http_run(hc); /* may end in check_done() */
	}
}

/* The attempt's transfers: all of its urls at once. */
static void http_run(struct http_check *hc)
{
	struct check *ck = hc->ck;

	for (unsigned i = 0; i < hc->nurls; i++) {
		struct http_url *hu = &hc->urls[i];
		struct http_xfer *x = http_xfer_get(hc->m);
		CURLMcode mc;

		check_http_body_reset(&hu->body);
		http_xfer_setup(x, hu);
		mc = curl_multi_add_handle(hc->m->multi, x->easy);
		if (mc != CURLM_OK) {
			http_xfer_put(hc->m, x);
			http_check_detach(hc);
			check_done(ck, CHECK_ERROR, curl_multi_strerror(mc));
			return;
		}
		hu->x = x;
		hc->pending++;
	}
}

static void http_cancel(struct check *ck)
{
	struct http_check *hc = ck->kdata;

	if (hc)
		http_check_detach(hc);
}

const struct check_kind check_kind_http = {
    .type = CONF_CHECK_HTTP,
    .name = "HTTP_GET",
    .start = http_start,
    .cancel = http_cancel,
    .forget = http_forget,
    .engine_fini = http_engine_fini,
};

const struct check_kind check_kind_ssl = {
    .type = CONF_CHECK_SSL,
    .name = "SSL_GET",
    .start = http_start,
    .cancel = http_cancel,
    .forget = http_forget,
    .engine_fini = http_engine_fini,
};
