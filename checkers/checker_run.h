/*
 * checker_run: the checker process's runtime.  It owns the IPVS generic-
 * netlink handle, the model of the virtual and real servers with each real
 * server's health (checker_model: the place the health checkers feed), and
 * keeps the kernel IPVS table equal to what that model wants (ipvs_sync).
 *
 * Start: lvs_flush -> flush the table; lvs_timeouts -> SET_CONFIG;
 * lvs_sync_daemon -> start the connection-sync daemon(s); then reconcile:
 * what the kernel already holds is adopted (a restarted checker deletes and
 * re-adds nothing that should stay).  Reload: reconcile the new config
 * against the kernel (services dropped from the config are removed).  A
 * periodic resync (every CHECKER_RUN_RESYNC_S seconds) repairs drift, such
 * as an entry deleted by hand with ipvsadm.  An error from the kernel for
 * one object is logged with that object's name and the errno text and the
 * rest still applies; every change is logged once:
 * "[vs 192.0.2.100:80] add rs 198.51.100.1:80 weight 1 Masq".
 *
 * Health: the check engine (check_engine.h) runs the health checks of the
 * config on the same loop; each change of a real server's health marks the
 * model, and CHECKER_RUN_BATCH_S later one batch applies the operations of
 * everything that changed (computed from the model against what the last
 * sync left in the kernel: no kernel dump) as one pipelined netlink batch.
 *
 * The conf passed to start must outlive the runtime; reload takes ownership
 * of its conf (the checks keep pointing into it).
 */
#ifndef VIGIL_CHECKER_RUN_H
#define VIGIL_CHECKER_RUN_H

#include <stdbool.h>
#include <stdio.h>

/* Seconds between two resyncs against the kernel table. */
#define CHECKER_RUN_RESYNC_S 5.0
/* Health changes within this window go to the kernel in one batch. */
#define CHECKER_RUN_BATCH_S 0.02

struct ev_loop;
struct conf;
struct checker_run;

/* Never NULL: without IPVS in the kernel it logs and retries at each resync.
 * Takes ownership of conf (freed at the next reload or by checker_run_free). */
struct checker_run *checker_run_start(struct ev_loop *loop, struct conf *conf, bool dont_release);
/* Apply only the difference to the kernel; takes ownership of conf. */
void checker_run_reload(struct checker_run *r, struct conf *conf);
/* Stop the timers and remove what we own unless dont_release (-I); lvs_flush_onstop:
 * "all" flushes the whole table, "vs" removes each virtual service, the default removes
 * each real server then its virtual service (as keepalived).  Sync daemons stopped. */
void checker_run_stop(struct checker_run *r);
/* Free everything (does not stop: call checker_run_stop() first to release). */
void checker_run_free(struct checker_run *r);
/* SIGUSR1: /tmp/vigil.check.data (text), SIGRTMIN+2: /tmp/vigil.check.json; other
 * signals are ignored.  The VRRP process writes /tmp/vigil.data and /tmp/vigil.json. */
void checker_run_dump(struct checker_run *r, int signum);
/* The same text written to f (the supervisor merges it with the VRRP process's). */
void checker_run_dump_to(struct checker_run *r, int signum, FILE *f);

/* Force a resync now (tests, and after a health change). */
void checker_run_sync(struct checker_run *r);

#endif
