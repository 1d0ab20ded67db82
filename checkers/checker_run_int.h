/*
 * checker_run_int: the checker runtime's state, shared by checker_run.c
 * (sync, start/reload/stop) and checker_run_dump.c (SIGUSR1 / JSON dumps).
 */
#ifndef VIGIL_CHECKER_RUN_INT_H
#define VIGIL_CHECKER_RUN_INT_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>

#include "checkers/checker_model.h"
#include "ipvs/ipvs_sync.h"
#include "lib/addr.h"
#include "lib/conf_global.h"

struct ipvs_nl;

/* The LVS globals the runtime keeps (copied from global_defs). */
struct checker_run_globals {
	bool flush;
	enum conf_lvs_flush_onstop flush_onstop;
	uint32_t tcp, tcpfin, udp;
	bool syncd_set;
	char *syncd_ifname, *syncd_instance;
	int syncid;
	uint32_t syncd_maxlen, syncd_port, syncd_ttl;
	struct addr syncd_group;
};

struct checker_run_stats {
	unsigned long syncs;	       /* reconciles run */
	unsigned long applied, failed; /* kernel operations */
	size_t last_changes;	       /* operations of the last sync */
	double last_sync_ms;	       /* its duration */
	unsigned long batches;	       /* health batches sent */
	size_t last_batch_ops;	       /* operations of the last one */
};

struct check_engine;
struct conf;

struct checker_run {
	struct ev_loop *loop;
	ev_timer resync; /* every CHECKER_RUN_RESYNC_S */
	ev_timer soon;	 /* one-shot retry after an unknown outcome */
	ev_timer batch;	 /* CHECKER_RUN_BATCH_S after the first health change */
	struct check_engine *eng;
	struct conf *conf; /* the config in force (owned) */
	/* What the kernel holds for our services since the last sync (the base of
	 * the health batches); valid only after a sync that read the kernel. */
	struct ipvs_sync_table applied;
	bool applied_valid;
	struct ipvs_nl *nl;
	int open_err; /* last ipvs_nl_open() error, for logging once */
	bool dont_release, stopped;
	bool after_reload; /* the next sync is the first after a reload */
	struct checker_run_globals g;
	struct checker_model *model;
	struct ipvs_sync_table retired; /* services of older configs still to remove */
	struct checker_run_stats stats;
};

#endif
