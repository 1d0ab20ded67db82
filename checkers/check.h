/*
 * check: the health-check engine's contract with the check kinds.
 *
 * The engine (checkers/check_engine.c) owns one `struct check` per distinct
 * probe: a conf_check (kind and parameters) and its target (connect_ip,
 * connect_port).  Identical probes of several real servers (one backend in
 * several virtual servers) are one struct check with several subscribers.
 * The engine schedules the attempts on the check's timer (the first after a
 * random delay within `warmup`, then every delay_loop, or delay_before_retry
 * while retrying), arms each attempt's timeout (connect_timeout; misc_timeout
 * for MISC_CHECK), and turns the results into the check's state (`retry`
 * failures in a row beyond the first before down, `rise` successes before
 * up), which it feeds to the real servers it serves (rs_state).
 *
 * A kind implements start() and cancel().  start() begins one non-blocking
 * attempt on ck->loop and ends it, exactly once, with check_done() or
 * check_done_weight(), possibly from inside start() itself (socket() failed).
 * The engine calls cancel() when the attempt's timeout fires or the check is
 * removed while an attempt runs: the kind releases everything of that attempt
 * (closes its sockets, kills its process group) and does not call
 * check_done() for it.  A kind keeps its per-check state in ck->kdata (freed
 * by its forget(), called once when the check is removed, may be NULL).
 *
 * Event-driven kinds (FILE_CHECK) set `watch`: the engine calls watch() once
 * instead of scheduling attempts, unwatch() at removal; the kind calls
 * check_done_weight() whenever the watched value changes.
 *
 * Kind-wide state (libcurl's multi handle) hangs off the engine:
 * check_engine_kind_slot() gives a per-engine, per-type pointer slot (NULL at
 * first), and the kind's engine_fini() is called with it when the engine is
 * freed.
 *
 * No kind includes another kind's header; only check_http.c includes curl.
 */
#ifndef VIGIL_CHECK_H
#define VIGIL_CHECK_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "lib/conf_check.h"

/* The outcome of one attempt.  Names: check_result_str(). */
enum check_result {
	CHECK_OK,	      /* "ok" */
	CHECK_CONNECT_FAILED, /* "connect failed": refused, unreachable, reset */
	CHECK_TIMEOUT,	      /* "timeout": the attempt's timeout fired (set by the engine) */
	CHECK_BAD_STATUS,     /* "bad status": HTTP status not accepted, SMTP reply code */
	CHECK_BAD_DIGEST,     /* "digest mismatch": MD5 of the HTTP body */
	CHECK_TLS_FAILED,     /* "TLS failed": handshake or certificate */
	CHECK_BAD_REPLY,      /* "bad reply": malformed or unexpected protocol reply */
	CHECK_NO_REPLY,	      /* "no reply": UDP require_reply, ICMP echo, DNS */
	CHECK_SCRIPT_FAILED,  /* "script failed": MISC_CHECK exit status says down */
	CHECK_SCRIPT_KILLED,  /* "script killed": by a signal (the timeout kills the group) */
	CHECK_FILE_DOWN,      /* "file down": FILE_CHECK's value says down */
	CHECK_ERROR,	      /* "local error": socket(), fork(), exec, resources */
	CHECK_RESULT_COUNT
};
const char *check_result_str(enum check_result r);

struct check;
struct check_engine;

struct check_kind {
	enum conf_check_type type;
	const char *name; /* "TCP_CHECK" ... */
	/* Periodic kinds: one attempt / abandon it (see above). */
	void (*start)(struct check *ck);
	void (*cancel)(struct check *ck);
	/* Event-driven kinds instead (start/cancel NULL). */
	void (*watch)(struct check *ck);
	void (*unwatch)(struct check *ck);
	/* Optional: free ck->kdata when the check is removed. */
	void (*forget)(struct check *ck);
	/* Optional: free the kind-wide state of an engine (its slot's value). */
	void (*engine_fini)(struct check_engine *e, void *slot_value);
};

/* The kinds (one file each: check_tcp.c, check_http.c ...). */
extern const struct check_kind check_kind_tcp, check_kind_http, check_kind_ssl, check_kind_misc,
    check_kind_smtp, check_kind_dns, check_kind_udp, check_kind_ping, check_kind_file;
/* The kinds table (check_kinds.c): the kind of a type, NULL while it is not
 * in this build (such a check is logged once and never changes state). */
const struct check_kind *check_kind_of(enum conf_check_type t);
struct strbuf;
/* A check's dedup key: its parameters as conf_check_print() writes them,
 * plus what its kind reads from elsewhere in the config (FILE_CHECK: the
 * track_file's path), so a reload that changes any of it makes a new check. */
void check_key_print(struct strbuf *b, const struct conf_check *ck);

/*
 * What a kind may read of a check (the engine's own fields follow in
 * check_engine.c's private part, reached through `priv`).
 */
struct check {
	struct check_engine *eng;
	const struct check_kind *kind;
	struct ev_loop *loop;
	/* The parameters: valid while the check lives; a reload may point it at the
	 * new config's identical copy (and free the old one), so a kind reads them
	 * through ck->conf and keeps no pointer into them between callbacks. */
	const struct conf_check *conf;
	void *kdata; /* the kind's */
	struct check_priv *priv;
};

/* For the kind's log lines: "[vs 192.0.2.100:80 rs 198.51.100.1:80 HTTP_GET]"
 * (the first subscriber's names; "[HTTP_GET 198.51.100.1:80]" while it has
 * none), made when needed in one of two static buffers used in turn: valid
 * until the second call after this one. */
const char *check_label(const struct check *ck);

/* End the current attempt.  detail: a short reason for the logs ("HTTP 503",
 * "exit 1", "Connection refused"), may be NULL; copied. */
void check_done(struct check *ck, enum check_result res, const char *detail);
/* The same with a new weight for the real servers (misc_dynamic, FILE_CHECK's
 * value); weight < 0: no change. */
void check_done_weight(struct check *ck, enum check_result res, int64_t weight, const char *detail);

/* A per-engine, per-kind pointer slot for kind-wide state (NULL at first). */
void **check_engine_kind_slot(struct check_engine *e, enum conf_check_type t);

/*
 * Network helpers for the kinds (check_net.c).
 *
 * check_target() fills the target connect_ip:connect_port (port 0 for
 * ICMP) and returns its length.  check_socket() makes a non-blocking,
 * close-on-exec socket of the target's family with `type`/`proto`, applies
 * SO_MARK (fwmark), SO_BINDTODEVICE (bind_if) and binds to bindto:bind_port
 * when set; the connect is the kind's.  Returns the fd or -errno.
 */
socklen_t check_target(const struct check *ck, struct sockaddr_storage *ss);
int check_socket(const struct check *ck, int type, int proto);

#endif
