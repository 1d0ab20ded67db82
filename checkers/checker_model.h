/*
 * checker_model: the checker process's view of the LVS config, pure (no
 * sockets, no clock, no loop).
 *
 * checker_model_build() turns the config's virtual servers into kernel
 * services (a virtual_server_group expands to one service per address of
 * each range and per fwmark, all sharing the virtual server's real servers)
 * and real servers into destinations (forwarding method with tunnel type,
 * port and checksum flags, weight, thresholds).  Each real server carries
 * its health (`up`): the one place the health checkers feed.  Until they
 * exist, a real server starts up unless `alpha` applies to it (keepalived's
 * behaviour without alpha).
 *
 * checker_model_desired() gives the table the kernel should hold given that
 * health: an up real server at its weight; a down one at weight 0 with
 * inhibit_on_failure, else absent; the sorry server when the up real servers'
 * weights do not reach the quorum (keepalived), kept at weight 0 otherwise
 * when sorry_server_inhibit is set.
 */
#ifndef VIGIL_CHECKER_MODEL_H
#define VIGIL_CHECKER_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ipvs/ipvs_sync.h"
#include "lib/conf.h"

struct checker_rs {
	struct ipvs_dest dest; /* weight = the configured weight */
	bool up;
	bool inhibit; /* inhibit_on_failure */
	bool alpha;   /* started down */
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
	uint32_t quorum;
};

struct checker_model {
	struct checker_vs *vss;
	size_t nvss;
	size_t nsvcs, nrss; /* totals */
};

/* Build from a finalized config.  Never NULL. */
struct checker_model *checker_model_build(const struct conf *c);
void checker_model_free(struct checker_model *m);
/* Copy each real server's health from old to m where the virtual server name and the
 * destination key match (reload keeps the checkers' verdicts). */
void checker_model_carry(struct checker_model *m, const struct checker_model *old);
/* True when the up real servers' weights reach the virtual server's quorum. */
bool checker_vs_quorum_up(const struct checker_vs *vs);
/* Append the desired kernel table to t. */
void checker_model_desired(const struct checker_model *m, struct ipvs_sync_table *t);

#endif
