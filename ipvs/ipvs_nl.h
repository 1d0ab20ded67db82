/*
 * ipvs_nl: the libmnl transport for IPVS generic netlink.
 *
 * One handle = one NETLINK_GENERIC socket bound to the "IPVS" family (resolved
 * through the "nlctrl" controller at open).  Changes are PIPELINED: callers
 * queue many requests (each with a cookie) with ipvs_nl_batch_add(), then
 * ipvs_nl_batch_run() packs them into as few sendmsg() calls as the socket
 * buffers allow, reads the ACKs, matches them to the queued requests by
 * sequence number and reports every request's result through a callback, so
 * one failing object carries the kernel's errno and the others still apply.
 * Dumps (services, a service's destinations, sync daemons) are collected into
 * arrays; a dump is restarted when the socket overflowed (ENOBUFS) or the
 * kernel flagged it inconsistent, so the arrays are always complete.
 *
 * The calls block (the kernel handles netlink requests synchronously, so a
 * batch of 10,000 objects takes milliseconds); every wait is bounded by a
 * timeout, and EINTR is retried.  Functions return 0 or a negative errno.
 */
#ifndef VIGIL_IPVS_NL_H
#define VIGIL_IPVS_NL_H

#include <stddef.h>
#include <stdint.h>

#include "ipvs/ipvs_msg.h"

struct ipvs_nl;

/* Open the socket and resolve the family: -ENOENT when the kernel has no IPVS. */
int ipvs_nl_open(struct ipvs_nl **nlp);
void ipvs_nl_close(struct ipvs_nl *nl);
uint16_t ipvs_nl_family(const struct ipvs_nl *nl);
/* Effective socket buffer sizes (bytes, as the kernel reports them). */
void ipvs_nl_bufsizes(const struct ipvs_nl *nl, int *rcvbuf, int *sndbuf);

/* ---- pipelined changes ---- */

struct ipvs_nl_result {
	void *cookie;	 /* as given to ipvs_nl_batch_add() */
	uint8_t cmd;	 /* IPVS_CMD_* */
	size_t index;	 /* position in the batch, from 0 */
	int err;	 /* 0, or the kernel's errno (positive) */
	const char *ext; /* the kernel's extended-ACK text, or NULL */
};
typedef void (*ipvs_nl_result_cb)(const struct ipvs_nl_result *res, void *arg);

/*
 * Queue a change (NEW/SET/DEL service or dest, SET_CONFIG, NEW/DEL_DAEMON,
 * ZERO, FLUSH).  The request is encoded now, so the objects it points to need
 * not outlive the call.  -EINVAL for a GET/dump or an invalid request.
 */
int ipvs_nl_batch_add(struct ipvs_nl *nl, const struct ipvs_req *req, void *cookie);
size_t ipvs_nl_batch_count(const struct ipvs_nl *nl);
/* Drop the queued requests without sending them. */
void ipvs_nl_batch_clear(struct ipvs_nl *nl);
/*
 * Send the queue and report each request once, in queue order, through cb
 * (may be NULL).  A request whose ACK was lost (receive overflow) or never
 * came reports ENOBUFS / ETIMEDOUT: its effect is unknown, re-read the table.
 * Returns the number of failed requests (>= 0), or a negative errno when the
 * socket itself failed (every unsent request then reports that errno too).
 * The queue is empty afterwards.
 */
int ipvs_nl_batch_run(struct ipvs_nl *nl, ipvs_nl_result_cb cb, void *arg);
/*
 * Tuning/testing: the requests per sendmsg().  0 (default): as many ACKs as
 * the receive buffer holds.  Nonzero: exactly that many, even above what the
 * receive buffer holds (then ACKs are lost: for tests of that path).
 */
void ipvs_nl_set_chunk(struct ipvs_nl *nl, size_t max_requests);
/* Set the socket buffer sizes (bytes; 0 leaves one alone), forced when
 * allowed; the effective sizes are read back (ipvs_nl_bufsizes). */
void ipvs_nl_set_bufsizes(struct ipvs_nl *nl, int rcvbuf, int sndbuf);

/* One change, synchronously; *ext (optional) gets the kernel's text or NULL,
 * valid until the next call on nl. */
int ipvs_nl_exec(struct ipvs_nl *nl, const struct ipvs_req *req, const char **ext);
int ipvs_nl_flush(struct ipvs_nl *nl);

/* ---- reading ---- */

int ipvs_nl_get_info(struct ipvs_nl *nl, struct ipvs_info *info);
int ipvs_nl_get_timeouts(struct ipvs_nl *nl, struct ipvs_timeouts *t);
/* One service by identity (af, fwmark or protocol/addr/port): -ESRCH when absent. */
int ipvs_nl_get_service(struct ipvs_nl *nl, const struct ipvs_service *key,
			struct ipvs_service *out);
/* Arrays are malloc'ed (NULL when empty); the caller frees them.  stats (may
 * be NULL): a parallel array of each destination's counters and statistics. */
int ipvs_nl_dump_services(struct ipvs_nl *nl, struct ipvs_service **out, size_t *n);
int ipvs_nl_dump_dests(struct ipvs_nl *nl, const struct ipvs_service *svc, struct ipvs_dest **out,
		       struct ipvs_dest_stats **stats, size_t *n);
int ipvs_nl_dump_daemons(struct ipvs_nl *nl, struct ipvs_daemon **out, size_t *n);
/* How many times dumps were restarted since open (ENOBUFS / inconsistent). */
unsigned ipvs_nl_dump_restarts(const struct ipvs_nl *nl);

/* Text for an error of an IPVS command, in the kernel's own terms where the
 * errno has a specific meaning there ("No such service" for ESRCH, ...),
 * else strerror(). */
const char *ipvs_nl_strerror(uint8_t cmd, int err);

#endif
