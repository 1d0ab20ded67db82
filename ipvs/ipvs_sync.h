/*
 * ipvs_sync: reconcile a desired IPVS table against a dump of the kernel's,
 * pure (no sockets, no clock).
 *
 * A table is an array of services, each with its array of destinations and
 * a label used in log lines ("vs 192.0.2.100:80").  ipvs_sync_diff() compares
 * the desired table with the kernel's and returns the minimal ordered list of
 * operations that turns the second into the first:
 *
 *   1. DEL_SERVICE for every `retired` service (ours before, gone from the
 *      config now: a reload that removed or re-keyed a virtual server) that
 *      the kernel still has;
 *   2. per desired service, in table order: NEW_SERVICE then NEW_DEST for
 *      each destination when the kernel lacks it; else SET_SERVICE when its
 *      settings differ, DEL_DEST for destinations the kernel has but the
 *      desired table lacks, then SET_DEST for changed destinations and
 *      NEW_DEST for missing ones.
 *
 * Ownership: a kernel service whose key matches a desired service is ours,
 * and all its destinations are managed (one not desired is deleted); a kernel
 * service matching no desired and no retired key is foreign and untouched.
 * A service whose key changes is a DEL (retired key) plus a NEW.  SET is used
 * whenever the kernel can edit in place (scheduler, flags, timeout, netmask,
 * pe; weight, forwarding method, thresholds, tunnel parameters).
 */
#ifndef VIGIL_IPVS_SYNC_H
#define VIGIL_IPVS_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipvs/ipvs_msg.h"

struct ipvs_sync_svc {
	struct ipvs_service svc;
	char *label; /* "vs 192.0.2.100:80" (owned; NULL: formatted from the key) */
	struct ipvs_dest *dests;
	size_t ndests, cap;
};

struct ipvs_sync_table {
	struct ipvs_sync_svc *v;
	size_t n, cap;
};

void ipvs_sync_table_init(struct ipvs_sync_table *t);
void ipvs_sync_table_free(struct ipvs_sync_table *t);
/* Append a service (copied; label copied, NULL: formatted); returns it. */
struct ipvs_sync_svc *ipvs_sync_table_add(struct ipvs_sync_table *t, const struct ipvs_service *svc,
					  const char *label);
/* Append a destination to s (copied). */
void ipvs_sync_svc_add_dest(struct ipvs_sync_svc *s, const struct ipvs_dest *d);
/* Make room for n more destinations at once (a builder that knows the count
 * saves the doubling reallocs: 5 copies of a 100-destination array). */
void ipvs_sync_svc_reserve(struct ipvs_sync_svc *s, size_t n);
/* The service with svc's key, or NULL (linear). */
struct ipvs_sync_svc *ipvs_sync_table_find(const struct ipvs_sync_table *t,
					   const struct ipvs_service *key);

enum ipvs_sync_kind {
	IPVS_SYNC_ADD_SVC,
	IPVS_SYNC_EDIT_SVC,
	IPVS_SYNC_DEL_SVC,
	IPVS_SYNC_ADD_DEST,
	IPVS_SYNC_EDIT_DEST,
	IPVS_SYNC_DEL_DEST,
	IPVS_SYNC_KIND_COUNT
};
const char *ipvs_sync_kind_str(enum ipvs_sync_kind k); /* "add vs", "edit rs", ... */
uint8_t ipvs_sync_kind_cmd(enum ipvs_sync_kind k);     /* IPVS_CMD_* */

struct ipvs_sync_op {
	enum ipvs_sync_kind kind;
	struct ipvs_service svc; /* desired settings (ADD/EDIT), or the kernel's key (DEL) */
	struct ipvs_dest dest;	 /* the destination (dest ops) */
	const char *label;	 /* the service's label (points into a table or the op list) */
};

struct ipvs_sync_ops {
	struct ipvs_sync_op *v;
	size_t n, cap;
	char **labels; /* labels formatted for kernel-only services */
	size_t nlabels;
};

void ipvs_sync_ops_init(struct ipvs_sync_ops *o);
void ipvs_sync_ops_free(struct ipvs_sync_ops *o);

/*
 * Compute the operations (appended to out) that make kernel equal desired for
 * the services desired owns, deleting the kernel services whose key is in
 * retired (may be NULL) and not in desired.  Order: those service removals;
 * then per desired service its add or edit, its destinations' removals (in
 * key order), then their additions and edits (in desired's order).  Neither
 * table is modified.  Returns the number of operations added.
 */
size_t ipvs_sync_diff(const struct ipvs_sync_table *desired, struct ipvs_sync_table *kernel,
		      const struct ipvs_sync_table *retired, struct ipvs_sync_ops *out);

/* The request for one operation (pointers into op). */
void ipvs_sync_op_req(const struct ipvs_sync_op *op, struct ipvs_req *req);
/*
 * One log line for an operation, without the label:
 * "add rs 198.51.100.1:80 weight 1", "edit vs sched wrr", "remove vs".
 * Returns buf, NULL when truncated.
 */
const char *ipvs_sync_op_str(const struct ipvs_sync_op *op, char *buf, size_t len);

/* "vs 192.0.2.100:80", "vs 192.0.2.100:53/udp", "vs [2001:db8::1]:80", "vs fwmark 1". */
const char *ipvs_sync_svc_label(const struct ipvs_service *svc, char *buf, size_t len);
/* "198.51.100.1:80", "[2001:db8::1]:80". */
const char *ipvs_sync_dest_name(const struct ipvs_dest *d, char *buf, size_t len);

/* Total ordering of service keys and of destination keys (for sorting). */
int ipvs_sync_svc_key_cmp(const struct ipvs_service *a, const struct ipvs_service *b);
int ipvs_sync_dest_key_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b);

#endif
