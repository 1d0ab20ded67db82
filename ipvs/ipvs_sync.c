/*
 * ipvs_sync: desired-vs-kernel IPVS reconcile (see ipvs_sync.h).
 *
 * The kernel's services are indexed by a sorted array of pointers; a
 * service's destinations are matched by position first (the kernel's order
 * mirrors the order they were added in) and through a sorted index only on a
 * miss, so a diff costs O(S log S + D) in the usual case and O((S + D)
 * log(S + D)) at worst, for S services and D destinations.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs/ipvs_sync.h"
#include "lib/util.h"

/* ---- tables ---- */

void ipvs_sync_table_init(struct ipvs_sync_table *t)
{
	memset(t, 0, sizeof(*t));
}

void ipvs_sync_table_free(struct ipvs_sync_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].label);
		free(t->v[i].dests);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

struct ipvs_sync_svc *ipvs_sync_table_add(struct ipvs_sync_table *t, const struct ipvs_service *svc,
					  const char *label)
{
	struct ipvs_sync_svc *s;
	char buf[128];

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	s = &t->v[t->n++];
	memset(s, 0, sizeof(*s));
	s->svc = *svc;
	if (!label)
		label = ipvs_sync_svc_label(svc, buf, sizeof(buf));
	s->label = xstrdup(label ? label : "vs ?");
	return s;
}

void ipvs_sync_svc_add_dest(struct ipvs_sync_svc *s, const struct ipvs_dest *d)
{
	if (s->ndests == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->dests = xrealloc(s->dests, s->cap * sizeof(*s->dests));
	}
	s->dests[s->ndests++] = *d;
}

void ipvs_sync_svc_reserve(struct ipvs_sync_svc *s, size_t n)
{
	if (n > s->cap - s->ndests) {
		s->cap = s->ndests + n;
		s->dests = xrealloc(s->dests, s->cap * sizeof(*s->dests));
	}
}

struct ipvs_sync_svc *ipvs_sync_table_find(const struct ipvs_sync_table *t,
					   const struct ipvs_service *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (ipvs_service_key_eq(&t->v[i].svc, key))
			return &t->v[i];
	return NULL;
}

/* ---- names ---- */

static const char *const kind_names[IPVS_SYNC_KIND_COUNT] = {
    [IPVS_SYNC_ADD_SVC] = "add vs",    [IPVS_SYNC_EDIT_SVC] = "edit vs",
    [IPVS_SYNC_DEL_SVC] = "remove vs", [IPVS_SYNC_ADD_DEST] = "add rs",
    [IPVS_SYNC_EDIT_DEST] = "edit rs", [IPVS_SYNC_DEL_DEST] = "remove rs",
};

const char *ipvs_sync_kind_str(enum ipvs_sync_kind k)
{
	return (unsigned)k < IPVS_SYNC_KIND_COUNT ? kind_names[k] : "?";
}

uint8_t ipvs_sync_kind_cmd(enum ipvs_sync_kind k)
{
	switch (k) {
	case IPVS_SYNC_ADD_SVC:
		return IPVS_CMD_NEW_SERVICE;
	case IPVS_SYNC_EDIT_SVC:
		return IPVS_CMD_SET_SERVICE;
	case IPVS_SYNC_DEL_SVC:
		return IPVS_CMD_DEL_SERVICE;
	case IPVS_SYNC_ADD_DEST:
		return IPVS_CMD_NEW_DEST;
	case IPVS_SYNC_EDIT_DEST:
		return IPVS_CMD_SET_DEST;
	case IPVS_SYNC_DEL_DEST:
		return IPVS_CMD_DEL_DEST;
	case IPVS_SYNC_KIND_COUNT:
		break;
	}
	return IPVS_CMD_UNSPEC;
}

/* Decimal digits of v at p; returns the end. */
static char *put_u(char *p, unsigned v)
{
	char t[10];
	int n = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = t[--n];
	return p;
}

/* "a.b.c.d:port" without the stdio machinery: every label of a model (one
 * per real server) is made this way, and inet_ntop + snprintf were most of
 * building a 10,000-server model. */
static const char *addr4_port(const struct addr *a, uint16_t port, char *buf, size_t len)
{
	char t[sizeof("255.255.255.255:65535")], *p = t;

	for (int i = 0; i < 4; i++) {
		p = put_u(p, a->u.bytes[i]);
		*p++ = i < 3 ? '.' : ':';
	}
	p = put_u(p, port);
	if ((size_t)(p - t) >= len)
		return NULL;
	memcpy(buf, t, (size_t)(p - t));
	buf[p - t] = '\0';
	return buf;
}

static const char *addr_port(const struct addr *a, uint16_t port, char *buf, size_t len)
{
	char s[ADDR_STRLEN];

	if (a->af == AF_INET)
		return addr4_port(a, port, buf, len);
	addr_str(a, s, sizeof(s));
	if (util_snprintf(buf, len, a->af == AF_INET6 ? "[%s]:%u" : "%s:%u", s, port) < 0)
		return NULL;
	return buf;
}

const char *ipvs_sync_svc_label(const struct ipvs_service *svc, char *buf, size_t len)
{
	char ap[ADDR_STRLEN + 10];
	const char *sfx = "";

	if (svc->fwmark) {
		if (util_snprintf(buf, len, "vs fwmark %u%s", svc->fwmark,
				  svc->af == AF_INET6 ? " (IPv6)" : "") < 0)
			return NULL;
		return buf;
	}
	if (!addr_port(&svc->addr, svc->port, ap, sizeof(ap)))
		return NULL;
	if (svc->protocol == IPPROTO_UDP)
		sfx = "/udp";
	else if (svc->protocol == IPPROTO_SCTP)
		sfx = "/sctp";
	if (util_snprintf(buf, len, "vs %s%s", ap, sfx) < 0)
		return NULL;
	return buf;
}

const char *ipvs_sync_dest_name(const struct ipvs_dest *d, char *buf, size_t len)
{
	return addr_port(&d->addr, d->port, buf, len);
}

/* ---- ordering ---- */

static int cmp_u(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

int ipvs_sync_svc_key_cmp(const struct ipvs_service *a, const struct ipvs_service *b)
{
	int c;

	if ((c = cmp_u((unsigned)a->af, (unsigned)b->af)) || (c = cmp_u(a->fwmark, b->fwmark)))
		return c;
	if (a->fwmark)
		return 0;
	if ((c = cmp_u(a->protocol, b->protocol)) || (c = cmp_u(a->port, b->port)))
		return c;
	return addr_cmp(&a->addr, &b->addr);
}

int ipvs_sync_dest_key_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	int c = cmp_u(a->port, b->port);

	return c ? c : addr_cmp(&a->addr, &b->addr);
}

static int svcp_cmp(const void *x, const void *y)
{
	const struct ipvs_sync_svc *a = *(const struct ipvs_sync_svc *const *)x;
	const struct ipvs_sync_svc *b = *(const struct ipvs_sync_svc *const *)y;

	return ipvs_sync_svc_key_cmp(&a->svc, &b->svc);
}

static int destp_cmp(const void *x, const void *y)
{
	return ipvs_sync_dest_key_cmp(*(const struct ipvs_dest *const *)x,
				      *(const struct ipvs_dest *const *)y);
}

/* Sorted index of a table's services. */
static struct ipvs_sync_svc **index_svcs(const struct ipvs_sync_table *t)
{
	struct ipvs_sync_svc **ix = xcalloc(t->n ? t->n : 1, sizeof(*ix));

	for (size_t i = 0; i < t->n; i++)
		ix[i] = &t->v[i];
	qsort(ix, t->n, sizeof(*ix), svcp_cmp);
	return ix;
}

static struct ipvs_sync_svc *lookup(struct ipvs_sync_svc **ix, size_t n,
				    const struct ipvs_service *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = ipvs_sync_svc_key_cmp(&ix[mid]->svc, key);

		if (c == 0)
			return ix[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- operations ---- */

void ipvs_sync_ops_init(struct ipvs_sync_ops *o)
{
	memset(o, 0, sizeof(*o));
}

void ipvs_sync_ops_free(struct ipvs_sync_ops *o)
{
	for (size_t i = 0; i < o->nlabels; i++)
		free(o->labels[i]);
	free(o->labels);
	free(o->v);
	memset(o, 0, sizeof(*o));
}

static struct ipvs_sync_op *op_add(struct ipvs_sync_ops *o, enum ipvs_sync_kind kind,
				   const struct ipvs_sync_svc *s, const struct ipvs_dest *d)
{
	struct ipvs_sync_op *op;

	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->v = xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	op = &o->v[o->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->svc = s->svc;
	if (d)
		op->dest = *d;
	op->label = s->label;
	return op;
}

/* A kernel service being deleted: its label outlives the kernel table. */
static void op_own_label(struct ipvs_sync_ops *o, struct ipvs_sync_op *op, const char *label)
{
	o->labels = xrealloc(o->labels, (o->nlabels + 1) * sizeof(*o->labels));
	o->labels[o->nlabels] = xstrdup(label);
	op->label = o->labels[o->nlabels++];
}

/*
 * Each desired destination is matched to the kernel's by key.  The kernel
 * lists a service's destinations newest first, so a table vigil programmed
 * comes back in exactly the reverse of the desired order (and an adopted one
 * often in the same order): the mirrored and the same position are tried
 * first, and only a miss builds the sorted index of pointers (a destination
 * is ~150 bytes: pointers, not structs, are sorted) and searches it.  A
 * 10,000-destination resync is then linear.
 */
static void diff_dests(const struct ipvs_sync_svc *want, const struct ipvs_sync_svc *have,
		       struct ipvs_sync_ops *out)
{
	size_t nh = have->ndests, nw = want->ndests, ngone = 0;
	const struct ipvs_dest **ix = NULL, **gone;
	const struct ipvs_dest **match = xcalloc(nw ? nw : 1, sizeof(*match));
	bool *seen = xcalloc(nh ? nh : 1, sizeof(*seen));

	for (size_t i = 0; i < nw && nh; i++) {
		const struct ipvs_dest *key = &want->dests[i], **k;
		size_t j;

		if (i < nh && ipvs_dest_key_eq(&have->dests[nh - 1 - i], key)) {
			j = nh - 1 - i;
		} else if (i < nh && ipvs_dest_key_eq(&have->dests[i], key)) {
			j = i;
		} else {
			if (!ix) {
				ix = xcalloc(nh, sizeof(*ix));
				for (size_t h = 0; h < nh; h++)
					ix[h] = &have->dests[h];
				qsort(ix, nh, sizeof(*ix), destp_cmp);
			}
			k = bsearch(&key, ix, nh, sizeof(*ix), destp_cmp);
			if (!k)
				continue;
			j = (size_t)(*k - have->dests);
		}
		match[i] = &have->dests[j];
		seen[j] = true;
	}
	/* removals first (in key order): a replacement never competes with the
	 * server it replaces */
	gone = xcalloc(nh ? nh : 1, sizeof(*gone));
	for (size_t j = 0; j < nh; j++)
		if (!seen[j])
			gone[ngone++] = &have->dests[j];
	qsort(gone, ngone, sizeof(*gone), destp_cmp);
	for (size_t j = 0; j < ngone; j++)
		op_add(out, IPVS_SYNC_DEL_DEST, want, gone[j]);
	for (size_t i = 0; i < nw; i++) {
		if (!match[i])
			op_add(out, IPVS_SYNC_ADD_DEST, want, &want->dests[i]);
		else if (!ipvs_dest_settings_eq(&want->dests[i], match[i]))
			op_add(out, IPVS_SYNC_EDIT_DEST, want, &want->dests[i]);
	}
	free(gone);
	free(seen);
	free(match);
	free(ix);
}

size_t ipvs_sync_diff(const struct ipvs_sync_table *desired, struct ipvs_sync_table *kernel,
		      const struct ipvs_sync_table *retired, struct ipvs_sync_ops *out)
{
	struct ipvs_sync_svc **kix = index_svcs(kernel);
	struct ipvs_sync_svc **dix = index_svcs(desired);
	size_t n0 = out->n;

	if (retired) {
		for (size_t i = 0; i < retired->n; i++) {
			const struct ipvs_service *key = &retired->v[i].svc;
			struct ipvs_sync_svc *k = lookup(kix, kernel->n, key);
			struct ipvs_sync_op *op;

			if (!k || lookup(dix, desired->n, key))
				continue;
			op = op_add(out, IPVS_SYNC_DEL_SVC, k, NULL);
			op_own_label(out, op, retired->v[i].label);
		}
	}
	for (size_t i = 0; i < desired->n; i++) {
		const struct ipvs_sync_svc *want = &desired->v[i];
		struct ipvs_sync_svc *have = lookup(kix, kernel->n, &want->svc);

		if (!have) {
			op_add(out, IPVS_SYNC_ADD_SVC, want, NULL);
			for (size_t j = 0; j < want->ndests; j++)
				op_add(out, IPVS_SYNC_ADD_DEST, want, &want->dests[j]);
			continue;
		}
		if (!ipvs_service_settings_eq(&want->svc, &have->svc))
			op_add(out, IPVS_SYNC_EDIT_SVC, want, NULL);
		diff_dests(want, have, out);
	}
	free(kix);
	free(dix);
	return out->n - n0;
}

void ipvs_sync_op_req(const struct ipvs_sync_op *op, struct ipvs_req *req)
{
	memset(req, 0, sizeof(*req));
	req->cmd = ipvs_sync_kind_cmd(op->kind);
	req->svc = &op->svc;
	if (op->kind >= IPVS_SYNC_ADD_DEST)
		req->dest = &op->dest;
}

const char *ipvs_sync_op_str(const struct ipvs_sync_op *op, char *buf, size_t len)
{
	const struct ipvs_service *s = &op->svc;
	const struct ipvs_dest *d = &op->dest;
	char name[ADDR_STRLEN + 10], fl[128], extra[160] = "";
	const char *flags;
	int r;

	switch (op->kind) {
	case IPVS_SYNC_ADD_SVC:
	case IPVS_SYNC_EDIT_SVC:
		flags = ipvs_svc_flags_str(s->flags & ~(uint32_t)IP_VS_SVC_F_HASHED, s->sched_name,
					   fl, sizeof(fl));
		if (s->flags & IP_VS_SVC_F_PERSISTENT)
			util_snprintf(extra, sizeof(extra), " timeout %u netmask %d", s->timeout,
				      ipvs_netmask_to_plen(s->af, s->netmask));
		r = util_snprintf(buf, len, "%s sched %s%s%s%s%s%s", ipvs_sync_kind_str(op->kind),
				  s->sched_name, flags && *flags ? " flags " : "",
				  flags ? flags : "", s->pe_name[0] ? " pe " : "", s->pe_name,
				  extra);
		break;
	case IPVS_SYNC_DEL_SVC:
		r = util_snprintf(buf, len, "%s", ipvs_sync_kind_str(op->kind));
		break;
	case IPVS_SYNC_ADD_DEST:
	case IPVS_SYNC_EDIT_DEST:
		if ((d->fwd & IP_VS_CONN_F_FWD_MASK) == IP_VS_CONN_F_TUNNEL)
			util_snprintf(extra, sizeof(extra), " (%s port %u %s)",
				      ipvs_tun_type_str(d->tun_type), d->tun_port,
				      ipvs_tun_flags_str(d->tun_flags));
		r = util_snprintf(buf, len, "%s %s weight %d %s%s%s", ipvs_sync_kind_str(op->kind),
				  ipvs_sync_dest_name(d, name, sizeof(name)), d->weight,
				  ipvs_fwd_str(d->fwd), extra,
				  d->u_thresh || d->l_thresh ? " thresholds" : "");
		if (r >= 0 && (d->u_thresh || d->l_thresh)) {
			size_t l = strlen(buf);

			r = util_snprintf(buf + l, len - l, " %u/%u", d->u_thresh, d->l_thresh);
		}
		break;
	case IPVS_SYNC_DEL_DEST:
		r = util_snprintf(buf, len, "%s %s", ipvs_sync_kind_str(op->kind),
				  ipvs_sync_dest_name(d, name, sizeof(name)));
		break;
	default:
		r = -1;
	}
	return r < 0 ? NULL : buf;
}
