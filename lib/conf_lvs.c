/*
 * conf_lvs: keyword tables and handlers of the LVS blocks
 * (virtual_server_group, virtual_server, real_server), the helpers shared
 * with conf_check.c (times, ports, scripts, name lookup with "did you
 * mean"), and freeing.  Printing is in conf_lvs_print.c, inheritance and
 * cross-object rules in conf_lvs_validate.c, checkers in conf_check.c.
 *
 * Every keepalived keyword of these blocks is in a table: implemented,
 * CONF_KW_UNSUPPORTED (error, with the reason) or CONF_KW_IGNORED
 * (warning; only e-mail alerting and SNMP names).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "lib/conf_check_kws.h"
#include "lib/conf_parse.h"

/* ---- name tables ---- */

static const char *const sched_names[CONF_SCHED_COUNT] = {
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf", "twos",
};
static const char *const method_names[CONF_LVS_METHOD_COUNT] = {"NAT", "DR", "TUN"};
static const char *const tun_names[] = {"ipip", "gue", "gre"};
static const char *const csum_names[] = {"nocsum", "csum", "remcsum"};
static const char *const proto_names[] = {"TCP", "UDP", "SCTP"};
static const char *const sflag_names[CONF_SF_COUNT] = {
    "flag-1", "flag-2", "flag-3", "sh-fallback", "sh-port", "mh-fallback", "mh-port",
};

const char *conf_lvs_sched_str(enum conf_lvs_sched s)
{
	return (unsigned)s < ARRAY_SIZE(sched_names) ? sched_names[s] : "?";
}

const char *conf_lvs_method_str(enum conf_lvs_method m)
{
	return (unsigned)m < ARRAY_SIZE(method_names) ? method_names[m] : "?";
}

const char *conf_tun_type_str(enum conf_tun_type t)
{
	return (unsigned)t < ARRAY_SIZE(tun_names) ? tun_names[t] : "?";
}

const char *conf_tun_csum_str(enum conf_tun_csum c)
{
	return (unsigned)c < ARRAY_SIZE(csum_names) ? csum_names[c] : "?";
}

const char *conf_lvs_proto_str(enum conf_lvs_proto p)
{
	return (unsigned)p < ARRAY_SIZE(proto_names) ? proto_names[p] : "?";
}

const char *conf_sched_flag_str(enum conf_sched_flag f)
{
	return (unsigned)f < ARRAY_SIZE(sflag_names) ? sflag_names[f] : "?";
}

uint32_t conf_sched_flags_ipvs(unsigned sched_flags)
{
	static const uint32_t bit[CONF_SF_COUNT] = {0x08, 0x10, 0x20, 0x08, 0x10, 0x08, 0x10};
	uint32_t r = 0;

	for (unsigned i = 0; i < CONF_SF_COUNT; i++)
		if (sched_flags & (1u << i))
			r |= bit[i];
	return r;
}

/* ---- shared helpers ---- */

int conf_lvs_lookup(struct conf_parser *p, const struct conf_tok *at, const char *kw,
		    const char *what, const char *word, const char *const *names, size_t n,
		    bool nocase)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;

	for (size_t i = 0; i < n; i++)
		if (nocase ? strcasecmp(word, names[i]) == 0 : strcmp(word, names[i]) == 0)
			return (int)i;
	for (size_t i = 0; i < n; i++) {
		size_t d = util_edit_distance(word, names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	if (best && bestd <= (strlen(word) + 2) / 3 + 1)
		conf_perr(p, at, "%s: unknown %s '%s' (did you mean '%s'?)", kw, what, word, best);
	else
		conf_perr(p, at, "%s: unknown %s '%s'", kw, what, word);
	return -1;
}

bool conf_lvs_arg_time(struct conf_parser *p, const struct conf_stmt *st, size_t i, int64_t min,
		       int64_t max, int64_t *out)
{
	long long v;

	if (!conf_arg_fixed(p, st, i, 3, min, max, &v))
		return false;
	*out = v;
	return true;
}

bool conf_lvs_arg_port(struct conf_parser *p, const struct conf_stmt *st, size_t i, uint16_t *out)
{
	uint32_t v;

	if (!conf_arg_u32(p, st, i, 1, 65535, &v))
		return false;
	*out = (uint16_t)v;
	return true;
}

void *conf_lvs_kw_time(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw)
{
	int64_t v;

	if (conf_nargs(p, st, 1, 1) && conf_lvs_arg_time(p, st, 0, kw->min, kw->max, &v))
		*(int64_t *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

_Static_assert(CONF_LVS_TIME_MAX <= INT32_MAX, "conf_chk_opts times are int32_t ms");

void *conf_lvs_kw_time32(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	int64_t v;

	if (conf_nargs(p, st, 1, 1) &&
	    conf_lvs_arg_time(p, st, 0, kw->min,
			      kw->max < CONF_LVS_TIME_MAX ? kw->max : CONF_LVS_TIME_MAX, &v))
		*(int32_t *)(void *)((char *)obj + kw->off) = (int32_t)v;
	return NULL;
}

void *conf_lvs_kw_i64(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		      const struct conf_kw *kw)
{
	long long v;

	if (conf_nargs(p, st, 1, 1) && conf_arg_ll(p, st, 0, kw->min, kw->max, &v))
		*(int64_t *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

void *conf_lvs_kw_tri(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		      const struct conf_kw *kw)
{
	bool v;

	if (conf_nargs(p, st, 0, 1) && conf_arg_bool(p, st, 0, &v))
		*(int *)(void *)((char *)obj + kw->off) = v ? 1 : 0;
	return NULL;
}

void conf_lvs_script_free(struct conf_lvs_script *s)
{
	free(s->cmd);
	free(s->user);
	free(s->group);
	s->cmd = s->user = s->group = NULL;
}

bool conf_lvs_arg_script(struct conf_parser *p, const struct conf_stmt *st,
			 struct conf_lvs_script *s)
{
	if (!conf_nargs(p, st, 1, 3))
		return false;
	conf_lvs_script_free(s);
	s->cmd = xstrdup(st->args[0].text);
	if (st->nargs > 1)
		s->user = xstrdup(st->args[1].text);
	if (st->nargs > 2)
		s->group = xstrdup(st->args[2].text);
	return true;
}

void conf_chk_opts_unset(struct conf_chk_opts *o)
{
	o->delay_loop = o->warmup = o->delay_before_retry = o->connect_timeout = o->retry = -1;
	o->alpha = -1;
}

/* ---- forwarding method: NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum] ---- */

static bool parse_fwd(struct conf_parser *p, const struct conf_stmt *st, struct conf_fwd *out)
{
	struct conf_fwd f = {.method = CONF_LVS_NAT, .tun_type = CONF_TUN_IPIP};
	const struct conf_tok *csum_tok = NULL, *port_tok = NULL;
	int m;

	if (!conf_nargs(p, st, 1, -1))
		return false;
	m = conf_lvs_lookup(p, &st->args[0], st->kw->text, "forwarding method", st->args[0].text,
			    method_names, ARRAY_SIZE(method_names), true);
	if (m < 0)
		return false;
	f.method = (enum conf_lvs_method)m;
	if (f.method != CONF_LVS_TUN && st->nargs > 1) {
		conf_perr(p, &st->args[1], "%s: tunnel options are only valid with TUN",
			  st->kw->text);
		return false;
	}
	for (size_t i = 1; i < st->nargs; i++) {
		const char *a = st->args[i].text;
		int k;

		if (strcmp(a, "type") == 0) {
			if (i + 1 >= st->nargs) {
				conf_perr(p, &st->args[i], "%s: 'type' needs ipip, gue or gre",
					  st->kw->text);
				return false;
			}
			k = conf_lvs_lookup(p, &st->args[i + 1], st->kw->text, "tunnel type",
					    st->args[i + 1].text, tun_names, ARRAY_SIZE(tun_names),
					    false);
			if (k < 0)
				return false;
			f.tun_type = (enum conf_tun_type)k;
			i++;
		} else if (strcmp(a, "port") == 0) {
			if (i + 1 >= st->nargs) {
				conf_perr(p, &st->args[i], "%s: 'port' needs a number",
					  st->kw->text);
				return false;
			}
			port_tok = &st->args[i];
			if (!conf_lvs_arg_port(p, st, i + 1, &f.tun_port))
				return false;
			i++;
		} else {
			k = conf_lvs_lookup(p, &st->args[i], st->kw->text, "tunnel option", a,
					    csum_names, ARRAY_SIZE(csum_names), false);
			if (k < 0)
				return false;
			f.tun_csum = (enum conf_tun_csum)k;
			csum_tok = &st->args[i];
		}
	}
	if (f.method == CONF_LVS_TUN) {
		if (f.tun_type == CONF_TUN_GUE && !f.tun_port) {
			conf_perr(p, st->kw, "%s: a gue tunnel needs 'port N'", st->kw->text);
			return false;
		}
		if (f.tun_type != CONF_TUN_GUE && port_tok) {
			conf_perr(p, port_tok, "%s: 'port' is only valid for a gue tunnel",
				  st->kw->text);
			return false;
		}
		if (f.tun_type == CONF_TUN_IPIP && csum_tok) {
			conf_perr(p, csum_tok, "%s: an ipip tunnel has no checksum option",
				  st->kw->text);
			return false;
		}
		if (f.tun_type == CONF_TUN_GRE && f.tun_csum == CONF_TUN_REMCSUM) {
			conf_perr(p, csum_tok, "%s: a gre tunnel does not support remcsum",
				  st->kw->text);
			return false;
		}
	}
	*out = f;
	return true;
}

/* ---- virtual_server_group ---- */

static void addr_set_tail(struct addr *a, uint32_t v)
{
	/* Replace the last octet (IPv4) or the last 16-bit group (IPv6). */
	if (a->af == AF_INET)
		a->u.bytes[3] = (uint8_t)v;
	else {
		a->u.bytes[14] = (uint8_t)(v >> 8);
		a->u.bytes[15] = (uint8_t)v;
	}
}

static void addr_apply_prefix(struct addr *first, struct addr *last, int plen)
{
	int bits = addr_bits(first);

	*last = *first;
	for (int i = plen; i < bits; i++) {
		first->u.bytes[i / 8] &= (uint8_t) ~(0x80u >> (i % 8));
		last->u.bytes[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	}
}

static bool parse_range(struct conf_parser *p, const struct conf_tok *t, struct addr *first,
			struct addr *last)
{
	const char *s = t->text;
	const char *dash = strchr(s, '-');
	char *left;
	int plen = -1;

	if (!dash) {
		if (addr_parse_prefix(s, first, &plen) < 0)
			goto bad;
		if (plen < 0) {
			*last = *first;
			return true;
		}
		{
			struct addr net = *first;
			char b[ADDR_STRLEN];

			addr_apply_prefix(first, last, plen);
			if (!addr_eq(&net, first)) {
				/* keepalived refuses it too */
				conf_perr(
				    p, t,
				    "virtual_server_group: '%s' has host bits set (the prefix "
				    "starts at %s)",
				    s, addr_str(first, b, sizeof(b)));
				return false;
			}
		}
		return true;
	}
	left = xstrndup(s, (size_t)(dash - s));
	if (addr_parse(left, first) < 0) {
		free(left);
		goto bad;
	}
	free(left);
	if (strchr(dash + 1, first->af == AF_INET ? '.' : ':')) {
		if (addr_parse(dash + 1, last) < 0 || last->af != first->af)
			goto bad;
	} else {
		char *end;
		unsigned long v;

		if (!isxdigit((unsigned char)dash[1]))
			goto bad;
		v = strtoul(dash + 1, &end, first->af == AF_INET ? 10 : 16);
		if (*end || v > (first->af == AF_INET ? 255ul : 0xfffful))
			goto bad;
		*last = *first;
		addr_set_tail(last, (uint32_t)v);
	}
	if (addr_cmp(last, first) < 0) {
		conf_perr(p, t, "virtual_server_group: range '%s' ends before it starts", s);
		return false;
	}
	return true;
bad:
	conf_perr(p, t,
		  "virtual_server_group: '%s' is not an IP address, range (A-N, A-B) or prefix "
		  "(A/n)",
		  s);
	return false;
}

static void vsg_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_vsg *g = obj;
	struct conf_vsg_entry e, *ne;

	(void)kw;
	g->nlines++;
	memset(&e, 0, sizeof(e));
	e.loc = st->kw->loc;
	if (strcmp(st->kw->text, "fwmark") == 0) {
		e.is_fwmark = true;
		if (!conf_nargs(p, st, 1, 2) || !conf_arg_u32(p, st, 0, 1, UINT32_MAX, &e.fwmark))
			return;
		if (st->nargs == 2) {
			if (strcmp(st->args[1].text, "inet") == 0)
				e.af = AF_INET;
			else if (strcmp(st->args[1].text, "inet6") == 0)
				e.af = AF_INET6;
			else {
				conf_perr(p, &st->args[1], "fwmark: '%s' is not inet or inet6",
					  st->args[1].text);
				return;
			}
		}
	} else {
		if (st->nargs > 1) {
			conf_perr(p, &st->args[1],
				  "virtual_server_group: too many words after the address");
			return;
		}
		if (!parse_range(p, st->kw, &e.first, &e.last))
			return;
		if (st->nargs == 1 && !conf_lvs_arg_port(p, st, 0, &e.port))
			return;
	}
	ne = xmalloc(sizeof(*ne));
	*ne = e;
	TAILQ_INSERT_TAIL(&g->entries, ne, entry);
}

static void *vsg_new(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_vsg *g;

	(void)obj;
	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->loc = st->kw->loc;
	g->name = xstrdup(st->args[0].text);
	TAILQ_INIT(&g->entries);
	TAILQ_INSERT_TAIL(&p->conf->vsgs, g, entry);
	return g;
}

/* ---- virtual_server ---- */

#define IGN_SMTP "e-mail alerting is not implemented"
#define IGN_SNMP "vigil has no SNMP agent"

static void *vs_lvs_sched(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	int k;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	k = conf_lvs_lookup(p, &st->args[0], st->kw->text, "scheduler", st->args[0].text,
			    sched_names, ARRAY_SIZE(sched_names), false);
	if (k >= 0)
		vs->sched = (enum conf_lvs_sched)k;
	return NULL;
}

static void *vs_sched_flag(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;

	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	vs->sched_flags |= 1u << kw->min;
	vs->sched_flag_loc[kw->min] = st->kw->loc;
	return NULL;
}

static void *vs_ops(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		    const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;

	conf_kw_flag(p, st, obj, kw);
	vs->ops_loc = st->kw->loc;
	return NULL;
}

static void *vs_lvs_method(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;

	(void)kw;
	parse_fwd(p, st, &vs->fwd);
	return NULL;
}

static void *vs_sorry_method(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;

	(void)kw;
	if (parse_fwd(p, st, &vs->sorry_fwd)) {
		vs->sorry_fwd_set = true;
		vs->sorry_fwd_loc = st->kw->loc;
	}
	return NULL;
}

static void *vs_sorry_inhibit(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;

	conf_kw_flag(p, st, obj, kw);
	vs->sorry_inhibit_loc = st->kw->loc;
	return NULL;
}

static void *vs_sorry(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		      const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	struct addr a;
	uint16_t port = 0;

	(void)kw;
	if (!conf_nargs(p, st, 1, 2) || !conf_arg_addr(p, st, 0, &a, NULL))
		return NULL;
	if (st->nargs == 2 && !conf_lvs_arg_port(p, st, 1, &port))
		return NULL;
	vs->has_sorry = true;
	vs->sorry_loc = st->kw->loc;
	vs->sorry_addr = a;
	vs->sorry_port = port;
	return NULL;
}

static void *vs_persistence_timeout(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				    const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	uint32_t v = 360;

	(void)kw;
	if (!conf_nargs(p, st, 0, 1))
		return NULL;
	if (st->nargs == 1 && !conf_arg_u32(p, st, 0, 1, 2678400, &v))
		return NULL;
	vs->persistence_timeout = v;
	return NULL;
}

static void *vs_persistence_granularity(struct conf_parser *p, const struct conf_stmt *st,
					void *obj, const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	const char *a;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	a = st->args[0].text;
	if (strchr(a, '.')) {
		struct addr m;
		uint32_t x;
		int n = 0;

		if (addr_parse(a, &m) < 0 || m.af != AF_INET) {
			conf_perr(p, &st->args[0],
				  "persistence_granularity: '%s' is not an IPv4 netmask", a);
			return NULL;
		}
		x = ((uint32_t)m.u.bytes[0] << 24) | ((uint32_t)m.u.bytes[1] << 16) |
		    ((uint32_t)m.u.bytes[2] << 8) | m.u.bytes[3];
		while (n < 32 && (x & (0x80000000u >> n)))
			n++;
		if (n == 0 || (n < 32 && (x << n) != 0)) {
			conf_perr(p, &st->args[0],
				  "persistence_granularity: '%s' is not a netmask (contiguous "
				  "leading ones)",
				  a);
			return NULL;
		}
		vs->pg_mask = m;
		vs->pg_plen = n;
	} else {
		long long v;

		if (!conf_arg_ll(p, st, 0, 1, 128, &v))
			return NULL;
		memset(&vs->pg_mask, 0, sizeof(vs->pg_mask));
		vs->pg_plen = (int)v;
	}
	vs->pg_loc = st->kw->loc;
	return NULL;
}

static void *vs_protocol(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	int k;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	k = conf_lvs_lookup(p, &st->args[0], st->kw->text, "protocol", st->args[0].text,
			    proto_names, ARRAY_SIZE(proto_names), true);
	if (k < 0)
		return NULL;
	vs->proto = (enum conf_lvs_proto)k;
	vs->proto_set = true;
	vs->proto_loc = st->kw->loc;
	return NULL;
}

static void *vs_ip_family(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	static const char *const fams[] = {"inet", "inet6"};
	struct conf_vs *vs = obj;
	int k;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	k = conf_lvs_lookup(p, &st->args[0], st->kw->text, "address family", st->args[0].text, fams,
			    ARRAY_SIZE(fams), false);
	if (k < 0)
		return NULL;
	vs->af = k == 0 ? AF_INET : AF_INET6;
	vs->af_set = true;
	vs->af_loc = st->kw->loc;
	return NULL;
}

static void *vs_quorum(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;

	conf_kw_u32(p, st, obj, kw);
	vs->quorum_loc = st->kw->loc;
	return NULL;
}

static void *vs_script(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw)
{
	conf_lvs_arg_script(p, st, (struct conf_lvs_script *)(void *)((char *)obj + kw->off));
	return NULL;
}

/* ---- real_server ---- */

static void *rs_lvs_method(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	struct conf_rs *rs = obj;

	(void)kw;
	if (parse_fwd(p, st, &rs->fwd))
		rs->fwd_set = true;
	return NULL;
}

static void *rs_threshold(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_rs *rs = obj;

	conf_kw_u32(p, st, obj, kw);
	conf_rs_rare(rs)->threshold_loc = st->kw->loc;
	return NULL;
}

/* notify_up/notify_down (kw->off in struct conf_rs_rare) */
static void *rs_rare_script(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw)
{
	return vs_script(p, st, conf_rs_rare(obj), kw);
}

/* virtualhost (kw->off in struct conf_rs_rare) */
static void *rs_rare_str(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	return conf_kw_str(p, st, conf_rs_rare(obj), kw);
}

struct conf_rs_rare *conf_rs_rare(struct conf_rs *rs)
{
	if (!rs->rare)
		rs->rare = xcalloc(1, sizeof(*rs->rare));
	return rs->rare;
}

static const struct conf_lvs_script no_script;

const struct conf_lvs_script *conf_rs_notify_up(const struct conf_rs *rs)
{
	return rs->rare ? &rs->rare->notify_up : &no_script;
}

const struct conf_lvs_script *conf_rs_notify_down(const struct conf_rs *rs)
{
	return rs->rare ? &rs->rare->notify_down : &no_script;
}

const char *conf_rs_virtualhost(const struct conf_rs *rs)
{
	return rs->rare ? rs->rare->virtualhost : NULL;
}

const struct conf_loc *conf_rs_threshold_loc(const struct conf_rs *rs)
{
	return rs->rare && rs->rare->threshold_loc.file ? &rs->rare->threshold_loc : NULL;
}

#define RS_OFF(f)   offsetof(struct conf_rs, f)
#define RARE_OFF(f) offsetof(struct conf_rs_rare, f)
#define VS_OFF(f)   offsetof(struct conf_vs, f)

#define CHECKER_KWS                                                                                \
	{.name = "TCP_CHECK",                                                                      \
	 .fn = conf_check_new,                                                                     \
	 .block = conf_check_tcp_kws,                                                              \
	 .flags = CONF_KW_BLOCK_OPT,                                                               \
	 .min = CONF_CHECK_TCP},                                                                   \
	    {.name = "HTTP_GET",                                                                   \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_http_kws,                                                         \
	     .flags = CONF_KW_BLOCK,                                                               \
	     .min = CONF_CHECK_HTTP},                                                              \
	    {.name = "SSL_GET",                                                                    \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_http_kws,                                                         \
	     .flags = CONF_KW_BLOCK,                                                               \
	     .min = CONF_CHECK_SSL},                                                               \
	    {.name = "MISC_CHECK",                                                                 \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_misc_kws,                                                         \
	     .flags = CONF_KW_BLOCK,                                                               \
	     .min = CONF_CHECK_MISC},                                                              \
	    {.name = "SMTP_CHECK",                                                                 \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_smtp_kws,                                                         \
	     .flags = CONF_KW_BLOCK_OPT,                                                           \
	     .min = CONF_CHECK_SMTP},                                                              \
	    {.name = "DNS_CHECK",                                                                  \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_dns_kws,                                                          \
	     .flags = CONF_KW_BLOCK_OPT,                                                           \
	     .min = CONF_CHECK_DNS},                                                               \
	    {.name = "UDP_CHECK",                                                                  \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_udp_kws,                                                          \
	     .flags = CONF_KW_BLOCK_OPT,                                                           \
	     .min = CONF_CHECK_UDP},                                                               \
	    {.name = "PING_CHECK",                                                                 \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_ping_kws,                                                         \
	     .flags = CONF_KW_BLOCK_OPT,                                                           \
	     .min = CONF_CHECK_PING},                                                              \
	    {.name = "FILE_CHECK",                                                                 \
	     .fn = conf_check_new,                                                                 \
	     .block = conf_check_file_kws,                                                         \
	     .flags = CONF_KW_BLOCK,                                                               \
	     .min = CONF_CHECK_FILE},                                                              \
	{                                                                                          \
		.name = "BFD_CHECK", .flags = CONF_KW_UNSUPPORTED, .note = "vigil has no BFD"      \
	}

static const struct conf_kw rs_kws[] = {
    {.name = "weight", .fn = conf_kw_int, .off = RS_OFF(weight), .min = 0, .max = 65535},
    {.name = "lvs_method", .fn = rs_lvs_method},
    {.name = "lb_kind", .fn = rs_lvs_method},
    {.name = "uthreshold",
     .fn = rs_threshold,
     .off = RS_OFF(uthreshold),
     .min = 0,
     .max = UINT32_MAX},
    {.name = "lthreshold",
     .fn = rs_threshold,
     .off = RS_OFF(lthreshold),
     .min = 0,
     .max = UINT32_MAX},
    {.name = "inhibit_on_failure", .fn = conf_lvs_kw_tri, .off = RS_OFF(inhibit)},
    {.name = "notify_up", .fn = rs_rare_script, .off = RARE_OFF(notify_up)},
    {.name = "notify_down", .fn = rs_rare_script, .off = RARE_OFF(notify_down)},
    {.name = "alpha", .fn = conf_lvs_kw_tri, .off = RS_OFF(opts.alpha)},
    {.name = "retry",
     .fn = conf_lvs_kw_i64,
     .off = RS_OFF(opts.retry),
     .min = 0,
     .max = UINT32_MAX},
    {.name = "delay_before_retry",
     .fn = conf_lvs_kw_time32,
     .off = RS_OFF(opts.delay_before_retry),
     .min = 0,
     .max = CONF_LVS_TIME_MAX},
    {.name = "warmup",
     .fn = conf_lvs_kw_time32,
     .off = RS_OFF(opts.warmup),
     .min = 0,
     .max = CONF_LVS_TIME_MAX},
    {.name = "connect_timeout",
     .fn = conf_lvs_kw_time32,
     .off = RS_OFF(opts.connect_timeout),
     .min = 1,
     .max = CONF_LVS_TIME_MAX},
    {.name = "delay_loop",
     .fn = conf_lvs_kw_time32,
     .off = RS_OFF(opts.delay_loop),
     .min = 1,
     .max = CONF_LVS_TIME_MAX},
    {.name = "virtualhost", .fn = rs_rare_str, .off = RARE_OFF(virtualhost)},
    {.name = "smtp_alert", .flags = CONF_KW_IGNORED, .note = IGN_SMTP},
    {.name = "snmp_name", .flags = CONF_KW_IGNORED, .note = IGN_SNMP},
    CHECKER_KWS,
    {.name = NULL},
};

static void *rs_new(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		    const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	struct conf_rs *rs;
	struct addr a;
	uint16_t port = 0;

	(void)kw;
	if (!conf_nargs(p, st, 1, 2) || !conf_arg_addr(p, st, 0, &a, NULL))
		return NULL;
	if (st->nargs == 2 && !conf_lvs_arg_port(p, st, 1, &port))
		return NULL;
	rs = xcalloc(1, sizeof(*rs));
	rs->loc = st->kw->loc;
	rs->addr = a;
	rs->port = port;
	rs->weight = -1;
	rs->inhibit = -1;
	conf_chk_opts_unset(&rs->opts);
	TAILQ_INIT(&rs->checks);
	TAILQ_INSERT_TAIL(&vs->rss, rs, entry);
	/* Always return the object: a real_server without a block is valid. */
	return rs;
}

static const struct conf_kw vs_kws[] = {
    {.name = "ip_family", .fn = vs_ip_family},
    {.name = "delay_loop",
     .fn = conf_lvs_kw_time32,
     .off = VS_OFF(opts.delay_loop),
     .min = 1,
     .max = CONF_LVS_TIME_MAX},
    {.name = "retry",
     .fn = conf_lvs_kw_i64,
     .off = VS_OFF(opts.retry),
     .min = 0,
     .max = UINT32_MAX},
    {.name = "delay_before_retry",
     .fn = conf_lvs_kw_time32,
     .off = VS_OFF(opts.delay_before_retry),
     .min = 0,
     .max = CONF_LVS_TIME_MAX},
    {.name = "warmup",
     .fn = conf_lvs_kw_time32,
     .off = VS_OFF(opts.warmup),
     .min = 0,
     .max = CONF_LVS_TIME_MAX},
    {.name = "connect_timeout",
     .fn = conf_lvs_kw_time32,
     .off = VS_OFF(opts.connect_timeout),
     .min = 1,
     .max = CONF_LVS_TIME_MAX},
    {.name = "inhibit_on_failure", .fn = conf_kw_flag, .off = VS_OFF(inhibit)},
    {.name = "lvs_sched", .fn = vs_lvs_sched},
    {.name = "lb_algo", .fn = vs_lvs_sched},
    {.name = "hashed", .fn = conf_kw_flag, .off = VS_OFF(hashed)},
    {.name = "ops", .fn = vs_ops, .off = VS_OFF(ops)},
    {.name = "flag-1", .fn = vs_sched_flag, .min = CONF_SF_FLAG1},
    {.name = "flag-2", .fn = vs_sched_flag, .min = CONF_SF_FLAG2},
    {.name = "flag-3", .fn = vs_sched_flag, .min = CONF_SF_FLAG3},
    {.name = "sh-fallback", .fn = vs_sched_flag, .min = CONF_SF_SH_FALLBACK},
    {.name = "sh-port", .fn = vs_sched_flag, .min = CONF_SF_SH_PORT},
    {.name = "mh-fallback", .fn = vs_sched_flag, .min = CONF_SF_MH_FALLBACK},
    {.name = "mh-port", .fn = vs_sched_flag, .min = CONF_SF_MH_PORT},
    {.name = "lvs_method", .fn = vs_lvs_method},
    {.name = "lb_kind", .fn = vs_lvs_method},
    {.name = "persistence_engine", .fn = conf_kw_str, .off = VS_OFF(persistence_engine)},
    {.name = "persistence_timeout", .fn = vs_persistence_timeout},
    {.name = "persistence_granularity", .fn = vs_persistence_granularity},
    {.name = "protocol", .fn = vs_protocol},
    {.name = "ha_suspend", .fn = conf_kw_flag, .off = VS_OFF(ha_suspend)},
    {.name = "virtualhost", .fn = conf_kw_str, .off = VS_OFF(virtualhost)},
    {.name = "alpha", .fn = conf_kw_flag, .off = VS_OFF(alpha)},
    {.name = "omega", .fn = conf_kw_flag, .off = VS_OFF(omega)},
    {.name = "quorum_up", .fn = vs_script, .off = VS_OFF(quorum_up)},
    {.name = "quorum_down", .fn = vs_script, .off = VS_OFF(quorum_down)},
    {.name = "quorum", .fn = vs_quorum, .off = VS_OFF(quorum), .min = 1, .max = UINT32_MAX},
    {.name = "hysteresis", .fn = vs_quorum, .off = VS_OFF(hysteresis), .min = 0, .max = UINT32_MAX},
    {.name = "weight", .fn = conf_kw_u32, .off = VS_OFF(weight), .min = 1, .max = 65535},
    {.name = "sorry_server", .fn = vs_sorry},
    {.name = "sorry_server_inhibit", .fn = vs_sorry_inhibit, .off = VS_OFF(sorry_inhibit)},
    {.name = "sorry_server_lvs_method", .fn = vs_sorry_method},
    {.name = "real_server", .fn = rs_new, .block = rs_kws, .flags = CONF_KW_BLOCK_OPT},
    {.name = "smtp_alert", .flags = CONF_KW_IGNORED, .note = IGN_SMTP},
    {.name = "snmp_name", .flags = CONF_KW_IGNORED, .note = IGN_SNMP},
    {.name = "nat_mask",
     .flags = CONF_KW_UNSUPPORTED,
     .note = "obsolete (keepalived 1.x); the kernel has no NAT mask"},
    {.name = NULL},
};

static void *vs_new(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		    const struct conf_kw *kw)
{
	struct conf_vs *vs;
	struct conf_vs tmp;

	(void)obj;
	(void)kw;
	memset(&tmp, 0, sizeof(tmp));
	if (!conf_nargs(p, st, 1, 2))
		return NULL;
	if (strcmp(st->args[0].text, "fwmark") == 0) {
		if (!conf_nargs(p, st, 2, 2) || !conf_arg_u32(p, st, 1, 1, UINT32_MAX, &tmp.fwmark))
			return NULL;
		tmp.kind = CONF_VS_FWMARK;
	} else if (strcmp(st->args[0].text, "group") == 0) {
		if (!conf_nargs(p, st, 2, 2))
			return NULL;
		tmp.kind = CONF_VS_GROUP;
		tmp.group_loc = st->args[1].loc;
	} else {
		if (!conf_arg_addr(p, st, 0, &tmp.addr, NULL))
			return NULL;
		if (st->nargs == 2 && !conf_lvs_arg_port(p, st, 1, &tmp.port))
			return NULL;
		tmp.kind = CONF_VS_ADDR;
	}
	vs = xcalloc(1, sizeof(*vs));
	*vs = tmp;
	if (vs->kind == CONF_VS_GROUP)
		vs->group = xstrdup(st->args[1].text);
	vs->loc = st->kw->loc;
	vs->sched = CONF_SCHED_WLC;
	vs->fwd.method = CONF_LVS_NAT;
	vs->pg_plen = -1;
	vs->proto = CONF_PROTO_TCP;
	vs->quorum = 1;
	vs->weight = 1;
	conf_chk_opts_unset(&vs->opts);
	vs->opts.delay_loop = 60000;
	vs->opts.connect_timeout = 5000;
	vs->opts.alpha = 0;
	TAILQ_INIT(&vs->rss);
	TAILQ_INSERT_TAIL(&p->conf->vss, vs, entry);
	return vs;
}

const struct conf_kw conf_lvs_top_kws[] = {
    {.name = "virtual_server_group", .fn = vsg_new, .line = vsg_line, .flags = CONF_KW_BLOCK},
    {.name = "virtual_server", .fn = vs_new, .block = vs_kws, .flags = CONF_KW_BLOCK},
    {.name = "SSL",
     .flags = CONF_KW_UNSUPPORTED,
     .note = "client certificates and CA files for SSL_GET are not implemented"},
    {.name = NULL},
};

/* ---- freeing ---- */

static void rs_free(struct conf_rs *rs)
{
	struct conf_check *ck;

	while ((ck = TAILQ_FIRST(&rs->checks))) {
		TAILQ_REMOVE(&rs->checks, ck, entry);
		conf_check_free(ck);
	}
	if (rs->rare) {
		conf_lvs_script_free(&rs->rare->notify_up);
		conf_lvs_script_free(&rs->rare->notify_down);
		free(rs->rare->virtualhost);
		free(rs->rare);
	}
	free(rs);
}

void conf_lvs_free_all(struct conf *c)
{
	struct conf_vsg *g;
	struct conf_vs *vs;

	while ((g = TAILQ_FIRST(&c->vsgs))) {
		struct conf_vsg_entry *e;

		TAILQ_REMOVE(&c->vsgs, g, entry);
		while ((e = TAILQ_FIRST(&g->entries))) {
			TAILQ_REMOVE(&g->entries, e, entry);
			free(e);
		}
		free(g->name);
		free(g);
	}
	while ((vs = TAILQ_FIRST(&c->vss))) {
		struct conf_rs *rs;

		TAILQ_REMOVE(&c->vss, vs, entry);
		while ((rs = TAILQ_FIRST(&vs->rss))) {
			TAILQ_REMOVE(&vs->rss, rs, entry);
			rs_free(rs);
		}
		free(vs->group);
		free(vs->persistence_engine);
		free(vs->virtualhost);
		conf_lvs_script_free(&vs->quorum_up);
		conf_lvs_script_free(&vs->quorum_down);
		free(vs);
	}
}
