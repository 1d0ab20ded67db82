/*
 * conf_lvs_print: the normalised text of the LVS side of the model
 * (virtual_server_group, virtual_server, real_server; checkers are printed
 * by conf_check.c).  Objects come in declaration order, keywords in a
 * fixed order, aliases under their canonical name (lvs_sched, lvs_method,
 * retry), every effective value explicit, so the output re-parses to the
 * same model.  Virtual-server flags (alpha, omega, ha_suspend, ...) are
 * printed bare when on and left out when off, because keepalived reads
 * them without an argument.
 *
 * The snapshot form (conf_lvs_print(.., compact), the supervisor's CONF frame
 * to its children) leaves out what conf_lvs_finalize() would derive again:
 * a real server's value equal to its virtual server's (lvs_method, weight,
 * inhibit_on_failure, alpha, the check timings), zero thresholds, and in a
 * checker what it inherits from its real server or takes by default
 * (conf_check_print_snap).  It re-parses to the same model; at 10,000 real
 * servers it is about a third of the full text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf_parse.h"

void conf_lvs_fmt_ms(char *buf, size_t len, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	if (ms % 1000 == 0)
		util_snprintf(buf, len, "%lld", (long long)(ms / 1000));
	else if (ms % 100 == 0)
		util_snprintf(buf, len, "%lld.%01lld", (long long)(ms / 1000),
			      (long long)(ms % 1000 / 100));
	else if (ms % 10 == 0)
		util_snprintf(buf, len, "%lld.%02lld", (long long)(ms / 1000),
			      (long long)(ms % 1000 / 10));
	else
		util_snprintf(buf, len, "%lld.%03lld", (long long)(ms / 1000),
			      (long long)(ms % 1000));
}

void conf_lvs_out_time(struct strbuf *b, int depth, const char *kw, int64_t ms)
{
	char t[32];

	conf_lvs_fmt_ms(t, sizeof(t), ms);
	conf_out(b, depth, "%s %s", kw, t);
}

static void indent(struct strbuf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		strbuf_puts(b, "    ");
}

void conf_lvs_out_str(struct strbuf *b, int depth, const char *kw, const char *val)
{
	indent(b, depth);
	strbuf_puts(b, kw);
	strbuf_putc(b, ' ');
	conf_out_word(b, val);
	strbuf_putc(b, '\n');
}

void conf_lvs_out_bool(struct strbuf *b, int depth, const char *kw, bool v)
{
	if (v)
		conf_out(b, depth, "%s", kw);
}

void conf_lvs_out_script(struct strbuf *b, int depth, const char *kw,
			 const struct conf_lvs_script *s)
{
	if (!s->cmd)
		return;
	indent(b, depth);
	strbuf_puts(b, kw);
	strbuf_putc(b, ' ');
	/* Always quoted: the command is one word even when it holds no blank. */
	strbuf_putc(b, strchr(s->cmd, '"') ? '\'' : '"');
	strbuf_puts(b, s->cmd);
	strbuf_putc(b, strchr(s->cmd, '"') ? '\'' : '"');
	if (s->user) {
		strbuf_putc(b, ' ');
		conf_out_word(b, s->user);
		if (s->group) {
			strbuf_putc(b, ' ');
			conf_out_word(b, s->group);
		}
	}
	strbuf_putc(b, '\n');
}

void conf_lvs_out_addr(struct strbuf *b, int depth, const char *kw, const struct addr *a,
		       uint16_t port)
{
	char s[ADDR_STRLEN];

	addr_str(a, s, sizeof(s));
	if (port)
		conf_out(b, depth, "%s %s %u", kw, s, port);
	else
		conf_out(b, depth, "%s %s", kw, s);
}

static void out_fwd(struct strbuf *b, int depth, const char *kw, const struct conf_fwd *f)
{
	if (f->method != CONF_LVS_TUN) {
		conf_out(b, depth, "%s %s", kw, conf_lvs_method_str(f->method));
		return;
	}
	switch (f->tun_type) {
	case CONF_TUN_IPIP:
		conf_out(b, depth, "%s TUN type ipip", kw);
		break;
	case CONF_TUN_GUE:
		conf_out(b, depth, "%s TUN type gue port %u %s", kw, f->tun_port,
			 conf_tun_csum_str(f->tun_csum));
		break;
	case CONF_TUN_GRE:
		conf_out(b, depth, "%s TUN type gre %s", kw, conf_tun_csum_str(f->tun_csum));
		break;
	}
}

/* Whether a and b differ only in the last octet (IPv4) / 16-bit group (IPv6). */
static bool same_head(const struct addr *a, const struct addr *b)
{
	size_t n = a->af == AF_INET ? 3 : 14;

	return a->af == b->af && memcmp(a->u.bytes, b->u.bytes, n) == 0;
}

static void print_vsg(struct strbuf *b, const struct conf_vsg *g)
{
	const struct conf_vsg_entry *e;

	strbuf_puts(b, "virtual_server_group ");
	conf_out_word(b, g->name);
	strbuf_puts(b, " {\n");
	for (e = TAILQ_FIRST(&g->entries); e; e = TAILQ_NEXT(e, entry)) {
		char f[ADDR_STRLEN], l[ADDR_STRLEN];

		indent(b, 1);
		if (e->is_fwmark) {
			strbuf_printf(b, "fwmark %u", e->fwmark);
			if (e->af)
				strbuf_printf(b, " %s", e->af == AF_INET ? "inet" : "inet6");
			strbuf_putc(b, '\n');
			continue;
		}
		addr_str(&e->first, f, sizeof(f));
		strbuf_puts(b, f);
		if (!addr_eq(&e->first, &e->last)) {
			if (same_head(&e->first, &e->last)) {
				if (e->first.af == AF_INET)
					strbuf_printf(b, "-%u", e->last.u.bytes[3]);
				else
					strbuf_printf(b, "-%x",
						      (unsigned)(e->last.u.bytes[14] << 8 |
								 e->last.u.bytes[15]));
			} else {
				addr_str(&e->last, l, sizeof(l));
				strbuf_printf(b, "-%s", l);
			}
		}
		if (e->port)
			strbuf_printf(b, " %u", e->port);
		strbuf_putc(b, '\n');
	}
	conf_out(b, 0, "}");
}

static bool fwd_eq(const struct conf_fwd *a, const struct conf_fwd *b)
{
	return a->method == b->method && a->tun_type == b->tun_type && a->tun_port == b->tun_port &&
	       a->tun_csum == b->tun_csum;
}

/* from (compact): leave out a value equal to the one inherited from there */
static void print_opts(struct strbuf *b, int depth, const struct conf_chk_opts *o,
		       const struct conf_chk_opts *from)
{
#define INHERITED(f) (from && o->f == from->f)
	if (o->delay_loop >= 0 && !INHERITED(delay_loop))
		conf_lvs_out_time(b, depth, "delay_loop", o->delay_loop);
	if (o->connect_timeout >= 0 && !INHERITED(connect_timeout))
		conf_lvs_out_time(b, depth, "connect_timeout", o->connect_timeout);
	if (o->retry >= 0 && !INHERITED(retry))
		conf_out(b, depth, "retry %lld", (long long)o->retry);
	if (o->delay_before_retry >= 0 && !INHERITED(delay_before_retry))
		conf_lvs_out_time(b, depth, "delay_before_retry", o->delay_before_retry);
	if (o->warmup >= 0 && !INHERITED(warmup))
		conf_lvs_out_time(b, depth, "warmup", o->warmup);
#undef INHERITED
}

/* Decimal digits of v at p; returns the end. */
static char *put_u(char *p, unsigned long long v)
{
	char t[20];
	int n = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = t[--n];
	return p;
}

/* An address (IPv4 by hand: one per real server), " port" when nonzero. */
static void out_addr_port(struct strbuf *b, const struct addr *a, uint16_t port)
{
	char t[ADDR_STRLEN + 8], *p = t;

	if (a->af == AF_INET) {
		for (int i = 0; i < 4; i++) {
			if (i)
				*p++ = '.';
			p = put_u(p, a->u.bytes[i]);
		}
	} else {
		addr_str(a, t, ADDR_STRLEN);
		p = t + strlen(t);
	}
	if (port) {
		*p++ = ' ';
		p = put_u(p, port);
	}
	strbuf_add(b, t, (size_t)(p - t));
}

static void print_rs(struct strbuf *b, const struct conf_vs *vs, const struct conf_rs *rs,
		     bool compact)
{
	const struct conf_check *ck;

	indent(b, 1);
	strbuf_puts(b, "real_server ");
	out_addr_port(b, &rs->addr, rs->port);
	strbuf_puts(b, " {\n");
	if (rs->weight >= 0 && !(compact && rs->weight == (int64_t)vs->weight)) {
		char w[24];

		indent(b, 2);
		strbuf_puts(b, "weight ");
		strbuf_add(b, w, (size_t)(put_u(w, (unsigned long long)rs->weight) - w));
		strbuf_putc(b, '\n');
	}
	if (!compact || !fwd_eq(&rs->fwd, &vs->fwd))
		out_fwd(b, 2, "lvs_method", &rs->fwd);
	if (!compact || rs->uthreshold)
		conf_out(b, 2, "uthreshold %u", rs->uthreshold);
	if (!compact || rs->lthreshold)
		conf_out(b, 2, "lthreshold %u", rs->lthreshold);
	if (rs->inhibit >= 0 && !(compact && !rs->inhibit == !vs->inhibit))
		conf_out(b, 2, "inhibit_on_failure %s", rs->inhibit ? "on" : "off");
	if (rs->opts.alpha >= 0 && !(compact && rs->opts.alpha == vs->opts.alpha))
		conf_out(b, 2, "alpha %s", rs->opts.alpha ? "on" : "off");
	print_opts(b, 2, &rs->opts, compact ? &vs->opts : NULL);
	if (conf_rs_virtualhost(rs))
		conf_lvs_out_str(b, 2, "virtualhost", conf_rs_virtualhost(rs));
	conf_lvs_out_script(b, 2, "notify_up", conf_rs_notify_up(rs));
	conf_lvs_out_script(b, 2, "notify_down", conf_rs_notify_down(rs));
	for (ck = TAILQ_FIRST(&rs->checks); ck; ck = TAILQ_NEXT(ck, entry))
		if (compact)
			conf_check_print_snap(b, 2, ck, vs, rs);
		else
			conf_check_print(b, 2, ck);
	conf_out(b, 1, "}");
}

static void print_vs(struct strbuf *b, const struct conf_vs *vs, bool compact)
{
	const struct conf_rs *rs;
	char a[ADDR_STRLEN];

	switch (vs->kind) {
	case CONF_VS_ADDR:
		addr_str(&vs->addr, a, sizeof(a));
		if (vs->port)
			conf_out(b, 0, "virtual_server %s %u {", a, vs->port);
		else
			conf_out(b, 0, "virtual_server %s {", a);
		break;
	case CONF_VS_FWMARK:
		conf_out(b, 0, "virtual_server fwmark %u {", vs->fwmark);
		break;
	case CONF_VS_GROUP:
		strbuf_puts(b, "virtual_server group ");
		conf_out_word(b, vs->group);
		strbuf_puts(b, " {\n");
		break;
	}
	if (vs->af)
		conf_out(b, 1, "ip_family %s", vs->af == AF_INET ? "inet" : "inet6");
	if (vs->kind != CONF_VS_FWMARK)
		conf_out(b, 1, "protocol %s", conf_lvs_proto_str(vs->proto));
	conf_out(b, 1, "lvs_sched %s", conf_lvs_sched_str(vs->sched));
	for (unsigned i = 0; i < CONF_SF_COUNT; i++)
		if (vs->sched_flags & (1u << i))
			conf_out(b, 1, "%s", conf_sched_flag_str((enum conf_sched_flag)i));
	conf_lvs_out_bool(b, 1, "hashed", vs->hashed);
	conf_lvs_out_bool(b, 1, "ops", vs->ops);
	out_fwd(b, 1, "lvs_method", &vs->fwd);
	if (vs->persistence_timeout)
		conf_out(b, 1, "persistence_timeout %u", vs->persistence_timeout);
	if (vs->pg_plen >= 0) {
		if (vs->pg_mask.af) {
			addr_str(&vs->pg_mask, a, sizeof(a));
			conf_out(b, 1, "persistence_granularity %s", a);
		} else
			conf_out(b, 1, "persistence_granularity %d", vs->pg_plen);
	}
	if (vs->persistence_engine)
		conf_lvs_out_str(b, 1, "persistence_engine", vs->persistence_engine);
	conf_lvs_out_bool(b, 1, "ha_suspend", vs->ha_suspend);
	if (vs->virtualhost)
		conf_lvs_out_str(b, 1, "virtualhost", vs->virtualhost);
	print_opts(b, 1, &vs->opts, NULL);
	conf_lvs_out_bool(b, 1, "alpha", vs->alpha);
	conf_lvs_out_bool(b, 1, "omega", vs->omega);
	conf_lvs_out_bool(b, 1, "inhibit_on_failure", vs->inhibit);
	conf_out(b, 1, "weight %u", vs->weight);
	conf_out(b, 1, "quorum %u", vs->quorum);
	conf_out(b, 1, "hysteresis %u", vs->hysteresis);
	conf_lvs_out_script(b, 1, "quorum_up", &vs->quorum_up);
	conf_lvs_out_script(b, 1, "quorum_down", &vs->quorum_down);
	if (vs->has_sorry) {
		conf_lvs_out_addr(b, 1, "sorry_server", &vs->sorry_addr, vs->sorry_port);
		out_fwd(b, 1, "sorry_server_lvs_method", &vs->sorry_fwd);
		conf_lvs_out_bool(b, 1, "sorry_server_inhibit", vs->sorry_inhibit);
	}
	for (rs = TAILQ_FIRST(&vs->rss); rs; rs = TAILQ_NEXT(rs, entry))
		print_rs(b, vs, rs, compact);
	conf_out(b, 0, "}");
}

void conf_lvs_print(struct strbuf *b, const struct conf *c, bool compact)
{
	const struct conf_vsg *g;
	const struct conf_vs *vs;

	for (g = TAILQ_FIRST(&c->vsgs); g; g = TAILQ_NEXT(g, entry))
		print_vsg(b, g);
	for (vs = TAILQ_FIRST(&c->vss); vs; vs = TAILQ_NEXT(vs, entry))
		print_vs(b, vs, compact);
}
