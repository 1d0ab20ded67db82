/*
 * checker_model: the checker process's view of the LVS config, pure (no
 * sockets, no clock, no loop).
 *
 * checker_model_build() turns the config's virtual servers into kernel
 * services (a virtual_server_group expands to one service per address of
 * each range and per fwmark, all sharing the virtual server's real servers)
 * and real servers into destinations (forwarding method with tunnel type,
 * port and checksum flags, weight, thresholds).  Each real server carries
 * its health: `up`, the effective weight (a check's dynamic weight or the
 * configured one) and its history for the dumps; each virtual server its
 * quorum state.  The check engine (check_engine_rs.c) is what writes them;
 * a real server starts up unless `alpha` applies to it (keepalived).
 *
 * checker_model_desired() gives the table the kernel should hold given that
 * health: an up real server at its weight; a down one at weight 0 with
 * inhibit_on_failure, else absent; the sorry server when the quorum is lost
 * (held with hysteresis by the engine; else: the up real servers' weights do
 * not reach the quorum), kept at weight 0 otherwise when
 * sorry_server_inhibit is set.
 */
#ifndef VIGIL_CHECKER_MODEL_H
#define VIGIL_CHECKER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipvs/ipvs_sync.h"
#include "lib/conf.h"

/* What the health checkers last said of a real server (dumps). */
struct checker_rs_hist {
	unsigned long transitions; /* UP <-> DOWN */
	unsigned long ok, failed;  /* attempts of its checks */
	double last_change;	   /* wall clock (s) of the last transition, 0: none */
	/* Shared texts (checker_rs_hist_set), NULL: none yet; at most
	 * CHECKER_RS_REASON_MAX / _RESULT_MAX bytes.  Each distinct text is one
	 * reference-counted block however many real servers hold it: 10,000
	 * healthy servers share one "TCP_CHECK ok". */
	const char *reason;	 /* of the last transition: "TCP_CHECK connect failed: ..." */
	const char *last_result; /* of the last attempt */
	double last_ms;		 /* its latency */
};
#define CHECKER_RS_REASON_MAX 111
#define CHECKER_RS_RESULT_MAX 95

/* Set a history text (*slot: NULL or a shared text) to at most max bytes of
 * text; checker_rs_hist_put() drops a reference (NULL: nothing), _ref()
 * takes one more (returns s). */
void checker_rs_hist_set(const char **slot, const char *text, size_t max);
void checker_rs_hist_put(const char *s);
const char *checker_rs_hist_ref(const char *s);
/* The number of distinct history texts held (tests). */
size_t checker_rs_hist_count(void);

struct checker_rs {
	struct ipvs_dest dest; /* weight = the effective weight */
	int32_t cfg_weight;    /* the configured weight */
	int64_t dyn_weight;    /* set by a check (misc_dynamic, FILE_CHECK), -1: none */
	bool up;
	bool inhibit; /* inhibit_on_failure */
	bool alpha;   /* started down */
	bool carried; /* health carried over a reload */
	uint32_t nchecks;
	struct checker_rs_hist h;
};

struct checker_vs {
	char *name; /* "192.0.2.100 80", "fwmark 1", "group NAME" (as in the config) */
	struct ipvs_service *svcs;
	char **labels; /* per service: "vs 192.0.2.100:80" */
	size_t nsvcs;
	struct checker_rs *rss;
	size_t nrss;
	bool has_sorry, sorry_inhibit;
	struct ipvs_dest sorry; /* weight 1 */
	uint32_t quorum, hysteresis;
	/* The quorum state with hysteresis, kept by the health checkers once they
	 * run (quorum_held); until then the raw checker_vs_quorum_up(). */
	bool quorum_held, quorum_state;
	unsigned long quorum_changes;
	char *label; /* "vs 192.0.2.100:80", "vs fwmark 1", "vs group NAME" */
};

struct checker_model {
	struct checker_vs *vss;
	size_t nvss;
	size_t nsvcs, nrss; /* totals */
};

/* A real server's log prefix, "vs 192.0.2.100:80 rs 198.51.100.1:80", made
 * when it is needed (10,000 stored copies were 480 KB): written to buf (at
 * most len bytes, CHECKER_LABEL_MAX is enough but for a very long group
 * name, which is cut), returned. */
#define CHECKER_LABEL_MAX 192
const char *checker_rs_label(const struct checker_vs *v, const struct checker_rs *r, char *buf,
			     size_t len);

/* Build from a finalized config.  Never NULL. */
struct checker_model *checker_model_build(const struct conf *c);
void checker_model_free(struct checker_model *m);
/* Copy each real server's health (up, dynamic weight, history) and each virtual
 * server's quorum state from old to m where the virtual server name and the
 * destination key match (reload keeps the checkers' verdicts). */
void checker_model_carry(struct checker_model *m, const struct checker_model *old);
/* True when the up real servers' weights reach the virtual server's quorum. */
bool checker_vs_quorum_up(const struct checker_vs *vs);
/* The sum of the up real servers' (effective) weights. */
uint64_t checker_vs_weight_sum(const struct checker_vs *vs);
/* The quorum state in force: the held one, else the raw one. */
bool checker_vs_quorum(const struct checker_vs *vs);
/* Append the desired kernel table to t. */
void checker_model_desired(const struct checker_model *m, struct ipvs_sync_table *t);

#endif
