/*
 * checker_model: config -> kernel services and destinations with each real
 * server's health, and the desired IPVS table (see checker_model.h).
 */
#include "config.h"

#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checkers/checker_model.h"
#include "lib/util.h"

/* At most this many services from one address range (a /16 is already absurd). */
#define VSG_RANGE_MAX 65536

static void fill_fwd(struct ipvs_dest *d, const struct conf_fwd *f)
{
	switch (f->method) {
	case CONF_LVS_NAT:
		d->fwd = IP_VS_CONN_F_MASQ;
		break;
	case CONF_LVS_DR:
		d->fwd = IP_VS_CONN_F_DROUTE;
		break;
	case CONF_LVS_TUN:
	case CONF_LVS_METHOD_COUNT:
		d->fwd = IP_VS_CONN_F_TUNNEL;
		switch (f->tun_type) {
		case CONF_TUN_IPIP:
			d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
			break;
		case CONF_TUN_GUE:
			d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
			d->tun_port = f->tun_port;
			break;
		case CONF_TUN_GRE:
			d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
			break;
		}
		if (f->tun_type != CONF_TUN_IPIP) {
			if (f->tun_csum == CONF_TUN_CSUM)
				d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
			else if (f->tun_csum == CONF_TUN_REMCSUM)
				d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
			else
				d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;
		}
		break;
	}
}

static uint16_t proto_num(enum conf_lvs_proto p)
{
	switch (p) {
	case CONF_PROTO_UDP:
		return IPPROTO_UDP;
	case CONF_PROTO_SCTP:
		return IPPROTO_SCTP;
	case CONF_PROTO_TCP:
		break;
	}
	return IPPROTO_TCP;
}

/* The settings every kernel service of vs shares. */
static void svc_template(const struct conf_vs *vs, int af, struct ipvs_service *s)
{
	ipvs_service_init(s, af);
	util_strlcpy(s->sched_name, conf_lvs_sched_str(vs->sched), sizeof(s->sched_name));
	if (vs->persistence_engine)
		util_strlcpy(s->pe_name, vs->persistence_engine, sizeof(s->pe_name));
	s->flags = conf_sched_flags_ipvs(vs->sched_flags);
	if (vs->ops)
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	if (vs->persistence_timeout) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = vs->persistence_timeout;
	}
	if (vs->pg_plen >= 0)
		s->netmask = ipvs_netmask_from_plen(af, vs->pg_plen);
}

static void vs_add_svc(struct checker_vs *v, const struct ipvs_service *s)
{
	char buf[128];
	const char *l = ipvs_sync_svc_label(s, buf, sizeof(buf));

	v->svcs = xrealloc(v->svcs, (v->nsvcs + 1) * sizeof(*v->svcs));
	v->labels = xrealloc(v->labels, (v->nsvcs + 1) * sizeof(*v->labels));
	v->svcs[v->nsvcs] = *s;
	v->labels[v->nsvcs] = xstrdup(l ? l : "vs ?");
	v->nsvcs++;
}

static const struct conf_vsg *vsg_find(const struct conf *c, const char *name)
{
	const struct conf_vsg *g;

	TAILQ_FOREACH (g, &c->vsgs, entry)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

static void expand_group(const struct conf *c, const struct conf_vs *vs, struct checker_vs *v)
{
	const struct conf_vsg *g = vsg_find(c, vs->group);
	const struct conf_vsg_entry *e;
	struct ipvs_service s;

	if (!g)
		return; /* validation rejects an unknown group */
	TAILQ_FOREACH (e, &g->entries, entry) {
		if (e->is_fwmark) {
			svc_template(vs, e->af ? e->af : vs->af, &s);
			s.fwmark = e->fwmark;
			vs_add_svc(v, &s);
			continue;
		}
		struct addr a = e->first;

		for (unsigned n = 0; n < VSG_RANGE_MAX; n++) {
			svc_template(vs, a.af, &s);
			s.protocol = proto_num(vs->proto);
			s.addr = a;
			s.port = e->port;
			vs_add_svc(v, &s);
			if (!addr_is_set(&e->last) || addr_eq(&a, &e->last) ||
			    addr_cmp(&a, &e->last) > 0 || addr_add(&a, 1) < 0)
				break;
		}
	}
}

static void vs_label(const struct conf_vs *vs, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	switch (vs->kind) {
	case CONF_VS_ADDR:
		addr_str(&vs->addr, a, sizeof(a));
		util_snprintf(buf, len, vs->addr.af == AF_INET6 ? "vs [%s]:%u" : "vs %s:%u", a,
			      vs->port);
		break;
	case CONF_VS_FWMARK:
		util_snprintf(buf, len, "vs fwmark %u", vs->fwmark);
		break;
	case CONF_VS_GROUP:
		util_snprintf(buf, len, "vs group %s", vs->group);
		break;
	}
}

static void vs_name(const struct conf_vs *vs, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	switch (vs->kind) {
	case CONF_VS_ADDR:
		addr_str(&vs->addr, a, sizeof(a));
		util_snprintf(buf, len, "%s %u", a, vs->port);
		break;
	case CONF_VS_FWMARK:
		util_snprintf(buf, len, "fwmark %u", vs->fwmark);
		break;
	case CONF_VS_GROUP:
		util_snprintf(buf, len, "group %s", vs->group);
		break;
	}
}

const char *checker_rs_label(const struct checker_vs *v, const struct checker_rs *r, char *buf,
			     size_t len)
{
	char dn[ADDR_STRLEN + 10];

	util_snprintf(buf, len, "%s rs %s", v->label,
		      ipvs_sync_dest_name(&r->dest, dn, sizeof(dn)) ? dn : "?");
	return buf;
}

static void build_vs(const struct conf *c, const struct conf_vs *vs, struct checker_vs *v)
{
	const struct conf_rs *rs;
	struct ipvs_service s;
	char name[128];
	size_t n = 0;

	vs_name(vs, name, sizeof(name));
	v->name = xstrdup(name);
	vs_label(vs, name, sizeof(name));
	v->label = xstrdup(name);
	switch (vs->kind) {
	case CONF_VS_ADDR:
		svc_template(vs, vs->af, &s);
		s.protocol = proto_num(vs->proto);
		s.addr = vs->addr;
		s.port = vs->port;
		vs_add_svc(v, &s);
		break;
	case CONF_VS_FWMARK:
		svc_template(vs, vs->af, &s);
		s.fwmark = vs->fwmark;
		vs_add_svc(v, &s);
		break;
	case CONF_VS_GROUP:
		expand_group(c, vs, v);
		break;
	}
	TAILQ_FOREACH (rs, &vs->rss, entry)
		n++;
	v->rss = xcalloc(n ? n : 1, sizeof(*v->rss));
	TAILQ_FOREACH (rs, &vs->rss, entry) {
		struct checker_rs *r = &v->rss[v->nrss++];
		const struct conf_check *ck;

		r->dest.addr = rs->addr;
		r->dest.port = rs->port;
		r->dest.weight = (int32_t)rs->weight;
		r->cfg_weight = r->dest.weight;
		r->dyn_weight = -1;
		TAILQ_FOREACH (ck, &rs->checks, entry)
			r->nchecks++;
		r->dest.u_thresh = rs->uthreshold;
		r->dest.l_thresh = rs->lthreshold;
		fill_fwd(&r->dest, &rs->fwd);
		r->inhibit = rs->inhibit > 0;
		r->alpha = rs->opts.alpha > 0 || (rs->opts.alpha < 0 && vs->alpha);
		r->up = !r->alpha;
	}
	v->quorum = vs->quorum;
	v->hysteresis = vs->hysteresis;
	if (vs->has_sorry) {
		v->has_sorry = true;
		v->sorry_inhibit = vs->sorry_inhibit;
		v->sorry.addr = vs->sorry_addr;
		v->sorry.port = vs->sorry_port;
		v->sorry.weight = 1;
		fill_fwd(&v->sorry, &vs->sorry_fwd);
	}
}

struct checker_model *checker_model_build(const struct conf *c)
{
	struct checker_model *m = xcalloc(1, sizeof(*m));
	const struct conf_vs *vs;
	size_t n = 0;

	TAILQ_FOREACH (vs, &c->vss, entry)
		n++;
	m->vss = xcalloc(n ? n : 1, sizeof(*m->vss));
	TAILQ_FOREACH (vs, &c->vss, entry) {
		struct checker_vs *v = &m->vss[m->nvss++];

		build_vs(c, vs, v);
		m->nsvcs += v->nsvcs;
		m->nrss += v->nrss;
	}
	return m;
}

void checker_model_free(struct checker_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nvss; i++) {
		struct checker_vs *v = &m->vss[i];

		for (size_t j = 0; j < v->nsvcs; j++)
			free(v->labels[j]);
		free(v->labels);
		free(v->svcs);
		for (size_t j = 0; j < v->nrss; j++) {
			checker_rs_hist_put(v->rss[j].h.reason);
			checker_rs_hist_put(v->rss[j].h.last_result);
		}
		free(v->rss);
		free(v->name);
		free(v->label);
	}
	free(m->vss);
	free(m);
}

void checker_model_carry(struct checker_model *m, const struct checker_model *old)
{
	for (size_t i = 0; i < m->nvss; i++) {
		struct checker_vs *v = &m->vss[i];
		const struct checker_vs *o = NULL;

		/* same position first: an unchanged config is carried in linear time */
		if (i < old->nvss && strcmp(old->vss[i].name, v->name) == 0)
			o = &old->vss[i];
		for (size_t k = 0; k < old->nvss && !o; k++)
			if (strcmp(old->vss[k].name, v->name) == 0)
				o = &old->vss[k];
		if (!o)
			continue;
		v->quorum_held = o->quorum_held;
		v->quorum_state = o->quorum_state;
		v->quorum_changes = o->quorum_changes;
		for (size_t j = 0; j < v->nrss; j++) {
			struct checker_rs *r = &v->rss[j];
			const struct checker_rs *src = NULL;

			if (j < o->nrss && ipvs_dest_key_eq(&r->dest, &o->rss[j].dest))
				src = &o->rss[j];
			for (size_t k = 0; k < o->nrss && !src; k++)
				if (ipvs_dest_key_eq(&r->dest, &o->rss[k].dest))
					src = &o->rss[k];
			if (!src)
				continue;
			r->up = src->up;
			r->carried = true;
			r->dyn_weight = src->dyn_weight;
			r->dest.weight = r->dyn_weight >= 0 ? src->dest.weight : r->cfg_weight;
			r->h = src->h;
			checker_rs_hist_ref(r->h.reason);
			checker_rs_hist_ref(r->h.last_result);
		}
	}
}

/* ---- shared history texts ----
 * A set of reference-counted texts, chained in a hash table that grows with
 * it; the checker process is single-threaded. */
struct hist_text {
	struct hist_text *next;
	size_t ref;
	uint64_t hash;
	char s[];
};

static struct hist_text **hist_b;
static size_t hist_nb, hist_n;

static uint64_t hist_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static struct hist_text *hist_of(const char *s)
{
	return (struct hist_text *)(void *)(s - offsetof(struct hist_text, s));
}

static void hist_grow(void)
{
	size_t nb = hist_nb ? hist_nb * 2 : 16;
	struct hist_text **b = xcalloc(nb, sizeof(*b));

	for (size_t i = 0; i < hist_nb; i++)
		for (struct hist_text *t = hist_b[i], *next; t; t = next) {
			next = t->next;
			t->next = b[t->hash & (nb - 1)];
			b[t->hash & (nb - 1)] = t;
		}
	free(hist_b);
	hist_b = b;
	hist_nb = nb;
}

static const char *hist_get(const char *text, size_t n)
{
	uint64_t h = hist_hash(text, n);
	struct hist_text *t;

	for (t = hist_nb ? hist_b[h & (hist_nb - 1)] : NULL; t; t = t->next)
		if (t->hash == h && strncmp(t->s, text, n) == 0 && t->s[n] == '\0') {
			t->ref++;
			return t->s;
		}
	if (hist_n >= hist_nb)
		hist_grow();
	t = xmalloc(sizeof(*t) + n + 1);
	t->ref = 1;
	t->hash = h;
	memcpy(t->s, text, n);
	t->s[n] = '\0';
	t->next = hist_b[h & (hist_nb - 1)];
	hist_b[h & (hist_nb - 1)] = t;
	hist_n++;
	return t->s;
}

void checker_rs_hist_put(const char *s)
{
	struct hist_text *t, **pp;

	if (!s || --(t = hist_of(s))->ref > 0)
		return;
	for (pp = &hist_b[t->hash & (hist_nb - 1)]; *pp != t; pp = &(*pp)->next)
		;
	*pp = t->next;
	free(t);
	if (--hist_n == 0) {
		free(hist_b);
		hist_b = NULL;
		hist_nb = 0;
	}
}

const char *checker_rs_hist_ref(const char *s)
{
	if (s)
		hist_of(s)->ref++;
	return s;
}

size_t checker_rs_hist_count(void)
{
	return hist_n;
}

void checker_rs_hist_set(const char **slot, const char *text, size_t max)
{
	size_t n = strnlen(text, max);

	if (*slot && strncmp(*slot, text, n) == 0 && (*slot)[n] == '\0')
		return;
	checker_rs_hist_put(*slot);
	*slot = hist_get(text, n);
}

uint64_t checker_vs_weight_sum(const struct checker_vs *vs)
{
	uint64_t w = 0;

	for (size_t j = 0; j < vs->nrss; j++)
		if (vs->rss[j].up)
			w += (uint64_t)(vs->rss[j].dest.weight > 0 ? vs->rss[j].dest.weight : 0);
	return w;
}

bool checker_vs_quorum_up(const struct checker_vs *vs)
{
	return checker_vs_weight_sum(vs) >= vs->quorum;
}

bool checker_vs_quorum(const struct checker_vs *vs)
{
	return vs->quorum_held ? vs->quorum_state : checker_vs_quorum_up(vs);
}

void checker_model_desired(const struct checker_model *m, struct ipvs_sync_table *t)
{
	for (size_t i = 0; i < m->nvss; i++) {
		const struct checker_vs *v = &m->vss[i];
		bool quorum = checker_vs_quorum(v);
		/* quorum lost with a sorry server: it takes the traffic alone */
		bool sorry_on = v->has_sorry && !quorum;

		for (size_t k = 0; k < v->nsvcs; k++) {
			struct ipvs_sync_svc *s = ipvs_sync_table_add(t, &v->svcs[k], v->labels[k]);
			bool sorry_dup = false;

			ipvs_sync_svc_reserve(s, v->nrss + (v->has_sorry ? 1 : 0));

			for (size_t j = 0; j < v->nrss; j++) {
				const struct checker_rs *r = &v->rss[j];
				struct ipvs_dest d = r->dest;

				if (v->has_sorry && ipvs_dest_key_eq(&d, &v->sorry))
					sorry_dup = true;
				if (!r->up || sorry_on) {
					if (!r->inhibit)
						continue;
					d.weight = 0;
				}
				ipvs_sync_svc_add_dest(s, &d);
			}
			if (v->has_sorry && !sorry_dup && (sorry_on || v->sorry_inhibit)) {
				struct ipvs_dest d = v->sorry;

				if (!sorry_on)
					d.weight = 0;
				ipvs_sync_svc_add_dest(s, &d);
			}
		}
	}
}
