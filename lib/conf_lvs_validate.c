/*
 * conf_lvs_validate: finalize and validate the LVS side of the model.
 *
 * conf_lvs_finalize() makes keepalived's inheritance explicit:
 *   virtual server -> real server: lvs_method (and tunnel), weight,
 *     inhibit_on_failure, alpha, delay_loop, connect_timeout, retry,
 *     delay_before_retry, warmup (each only when the real server has none);
 *     the port of a real/sorry server without one is the virtual server's;
 *   real server -> checker: alpha, delay_loop, connect_timeout, retry
 *     (else the type's default: 1, MISC 0, DNS 3), delay_before_retry (else
 *     1 s, HTTP/SSL 3 s, DNS the delay_loop), warmup (else the delay_loop);
 *     connect_ip/connect_port default to the real server's address/port,
 *     virtualhost to the real then virtual server's; a FILE_CHECK's weight
 *     (and reverse) to its track_file's;
 *   the family of a fwmark service: ip_family, else its non-tunnelled real
 *     (sorry) servers, else its real servers when they agree, else IPv4.
 * conf_lvs_validate() checks ranges that depend on other fields,
 * references, duplicates and address families.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf_parse.h"

static const struct conf_vsg *vsg_find(const struct conf *c, const char *name)
{
	const struct conf_vsg *g;

	for (g = TAILQ_FIRST(&c->vsgs); g; g = TAILQ_NEXT(g, entry))
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

/* The family of a group's address entries (or its first fwmark family). */
static int vsg_af(const struct conf_vsg *g)
{
	const struct conf_vsg_entry *e;

	for (e = TAILQ_FIRST(&g->entries); e; e = TAILQ_NEXT(e, entry))
		if (!e->is_fwmark)
			return e->first.af;
	for (e = TAILQ_FIRST(&g->entries); e; e = TAILQ_NEXT(e, entry))
		if (e->af)
			return e->af;
	return 0;
}

static bool vsg_has_fwmark(const struct conf_vsg *g)
{
	const struct conf_vsg_entry *e;

	for (e = TAILQ_FIRST(&g->entries); e; e = TAILQ_NEXT(e, entry))
		if (e->is_fwmark)
			return true;
	return false;
}

static void inherit_opts(struct conf_chk_opts *o, const struct conf_chk_opts *from)
{
	if (o->delay_loop < 0)
		o->delay_loop = from->delay_loop;
	if (o->warmup < 0)
		o->warmup = from->warmup;
	if (o->delay_before_retry < 0)
		o->delay_before_retry = from->delay_before_retry;
	if (o->connect_timeout < 0)
		o->connect_timeout = from->connect_timeout;
	if (o->retry < 0)
		o->retry = from->retry;
	if (o->alpha < 0)
		o->alpha = from->alpha;
}

static void finalize_check(const struct conf *c, const struct conf_vs *vs, const struct conf_rs *rs,
			   struct conf_check *ck)
{
	struct conf_check_url *u;

	if (ck->type == CONF_CHECK_FILE) {
		const struct conf_track_file *tf;

		if (!ck->track_file)
			return;
		for (tf = TAILQ_FIRST(&c->track_files); tf; tf = TAILQ_NEXT(tf, entry))
			if (strcmp(tf->name, ck->track_file) == 0)
				break;
		ck->tf = tf;
		/* weight not given: the track_file's own weight and direction */
		if (tf && !ck->weight_set) {
			ck->weight = tf->weight;
			ck->weight_reverse = tf->reverse;
			ck->weight_set = true;
		}
		return;
	}

	inherit_opts(&ck->opts, &rs->opts);
	if (ck->opts.retry < 0)
		ck->opts.retry = ck->type == CONF_CHECK_MISC  ? 0
				 : ck->type == CONF_CHECK_DNS ? 3
							      : 1;
	if (ck->opts.delay_before_retry < 0) {
		if (ck->type == CONF_CHECK_HTTP || ck->type == CONF_CHECK_SSL)
			ck->opts.delay_before_retry = 3000;
		else if (ck->type == CONF_CHECK_DNS)
			ck->opts.delay_before_retry = ck->opts.delay_loop;
		else
			ck->opts.delay_before_retry = 1000;
	}
	if (ck->opts.warmup < 0)
		ck->opts.warmup = ck->opts.delay_loop;
	if (ck->opts.alpha < 0)
		ck->opts.alpha = 0;
	if (!addr_is_set(&ck->connect_ip))
		ck->connect_ip = rs->addr;
	if (!ck->connect_port)
		ck->connect_port = rs->port;
	if (ck->type == CONF_CHECK_HTTP || ck->type == CONF_CHECK_SSL) {
		const char *vh =
		    conf_rs_virtualhost(rs) ? conf_rs_virtualhost(rs) : vs->virtualhost;

		if (!ck->virtualhost && vh)
			ck->virtualhost = xstrdup(vh);
		for (u = TAILQ_FIRST(&ck->urls); u; u = TAILQ_NEXT(u, entry))
			if (!u->status_set) {
				for (unsigned code = 200; code <= 299; code++) {
					unsigned i = code - CONF_HTTP_STATUS_MIN;
					u->status[i / 8] |= (uint8_t)(1u << (i % 8));
				}
				u->status_set = true;
			}
	}
	if (ck->type == CONF_CHECK_MISC && ck->misc_timeout < 0)
		ck->misc_timeout = vs->opts.delay_loop;
	if (ck->type == CONF_CHECK_SMTP && !ck->helo_name)
		ck->helo_name = xstrdup("smtpchecker.keepalived.org");
	if (ck->type == CONF_CHECK_DNS && !ck->dns_name)
		ck->dns_name = xstrdup(".");
}

static void finalize_af(const struct conf *c, struct conf_vs *vs)
{
	const struct conf_rs *rs;
	int af = 0;
	bool mixed = false;

	if (vs->af_set)
		return;
	if (vs->kind == CONF_VS_ADDR) {
		vs->af = vs->addr.af;
		return;
	}
	if (vs->kind == CONF_VS_GROUP) {
		const struct conf_vsg *g = vsg_find(c, vs->group);

		if (g && (af = vsg_af(g)) != 0) {
			vs->af = af;
			return;
		}
	}
	/* fwmark (or fwmark-only group without family): from the servers. */
	if (vs->has_sorry && vs->sorry_fwd.method != CONF_LVS_TUN)
		af = vs->sorry_addr.af;
	for (rs = TAILQ_FIRST(&vs->rss); rs; rs = TAILQ_NEXT(rs, entry))
		if (!af && rs->fwd.method != CONF_LVS_TUN)
			af = rs->addr.af;
	if (!af) {
		if (vs->has_sorry)
			af = vs->sorry_addr.af;
		for (rs = TAILQ_FIRST(&vs->rss); rs; rs = TAILQ_NEXT(rs, entry)) {
			if (!af)
				af = rs->addr.af;
			else if (af != rs->addr.af)
				mixed = true;
		}
	}
	vs->af = (!af || mixed) ? AF_INET : af;
}

void conf_lvs_finalize(struct conf *c, struct conf_errs *errs)
{
	struct conf_vs *vs;

	(void)errs;
	for (vs = TAILQ_FIRST(&c->vss); vs; vs = TAILQ_NEXT(vs, entry)) {
		struct conf_rs *rs;

		if (vs->pg_plen >= 0 && !vs->persistence_timeout)
			vs->persistence_timeout = 360;
		vs->opts.alpha = vs->alpha;
		if (vs->has_sorry) {
			if (!vs->sorry_fwd_set)
				vs->sorry_fwd = vs->fwd;
			if (!vs->sorry_port && vs->kind == CONF_VS_ADDR)
				vs->sorry_port = vs->port;
		}
		for (rs = TAILQ_FIRST(&vs->rss); rs; rs = TAILQ_NEXT(rs, entry)) {
			struct conf_check *ck;

			if (!rs->fwd_set)
				rs->fwd = vs->fwd;
			if (rs->weight < 0)
				rs->weight = vs->weight;
			if (rs->inhibit < 0)
				rs->inhibit = vs->inhibit;
			inherit_opts(&rs->opts, &vs->opts);
			if (!rs->port && vs->kind == CONF_VS_ADDR)
				rs->port = vs->port;
			for (ck = TAILQ_FIRST(&rs->checks); ck; ck = TAILQ_NEXT(ck, entry))
				finalize_check(c, vs, rs, ck);
		}
		finalize_af(c, vs);
	}
}

/* ---- validation ---- */

static const char *fam(int af)
{
	return af == AF_INET6 ? "IPv6" : "IPv4";
}

static void vs_name(const struct conf_vs *vs, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	switch (vs->kind) {
	case CONF_VS_ADDR:
		addr_str(&vs->addr, a, sizeof(a));
		if (vs->port)
			util_snprintf(buf, len, "%s %u", a, vs->port);
		else
			util_snprintf(buf, len, "%s", a);
		break;
	case CONF_VS_FWMARK:
		util_snprintf(buf, len, "fwmark %u", vs->fwmark);
		break;
	case CONF_VS_GROUP:
		util_snprintf(buf, len, "group %s", vs->group);
		break;
	}
}

static bool vs_same(const struct conf_vs *a, const struct conf_vs *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case CONF_VS_ADDR:
		return addr_eq(&a->addr, &b->addr) && a->port == b->port && a->proto == b->proto;
	case CONF_VS_FWMARK:
		return a->fwmark == b->fwmark && a->af == b->af;
	case CONF_VS_GROUP:
		return strcmp(a->group, b->group) == 0 && a->proto == b->proto && a->af == b->af;
	}
	return false;
}

/* Names for messages, formatted on first use (most objects need none). */
static const char *lazy_addr(char *buf, size_t len, const struct addr *a)
{
	if (!buf[0])
		addr_str(a, buf, len);
	return buf;
}

static const char *lazy_vs_name(const struct conf_vs *vs, char *buf, size_t len)
{
	if (!buf[0])
		vs_name(vs, buf, len);
	return buf;
}

/* Order of virtual servers for duplicate detection: vs_same() ones are
 * adjacent, and among them the one declared first comes first. */
struct vs_slot {
	const struct conf_vs *vs;
	size_t idx;
};

static int vs_slot_cmp(const void *pa, const void *pb)
{
	const struct vs_slot *sa = pa, *sb = pb;
	const struct conf_vs *a = sa->vs, *b = sb->vs;
	int r = 0;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case CONF_VS_ADDR:
		r = addr_cmp(&a->addr, &b->addr);
		if (!r && a->port != b->port)
			r = a->port < b->port ? -1 : 1;
		if (!r && a->proto != b->proto)
			r = a->proto < b->proto ? -1 : 1;
		break;
	case CONF_VS_FWMARK:
		if (a->fwmark != b->fwmark)
			r = a->fwmark < b->fwmark ? -1 : 1;
		else if (a->af != b->af)
			r = a->af < b->af ? -1 : 1;
		break;
	case CONF_VS_GROUP:
		r = strcmp(a->group, b->group);
		if (!r && a->proto != b->proto)
			r = a->proto < b->proto ? -1 : 1;
		if (!r && a->af != b->af)
			r = a->af < b->af ? -1 : 1;
		break;
	}
	if (!r && sa->idx != sb->idx)
		r = sa->idx < sb->idx ? -1 : 1;
	return r;
}

static void validate_check(const struct conf *c, const struct conf_check *ck,
			   struct conf_errs *errs, bool *have_dynamic)
{
	const char *tn = conf_check_type_str(ck->type);
	const struct conf_check_conn *cc = conf_check_conn(ck);
	const struct conf_check_url *u;

	switch (ck->type) {
	case CONF_CHECK_FILE: {
		const struct conf_track_file *tf;
		bool found = false;

		if (!ck->track_file) {
			conf_error(errs, &ck->loc, "FILE_CHECK needs 'track_file NAME'");
			return;
		}
		for (tf = TAILQ_FIRST(&c->track_files); tf; tf = TAILQ_NEXT(tf, entry))
			if (strcmp(tf->name, ck->track_file) == 0)
				found = true;
		if (!found)
			conf_error(errs, &ck->track_file_loc,
				   "track_file: no track_file named '%s' is declared",
				   ck->track_file);
		return;
	}
	case CONF_CHECK_MISC:
		if (!ck->misc_path)
			conf_error(errs, &ck->loc, "MISC_CHECK needs 'misc_path'");
		if (ck->misc_dynamic) {
			if (*have_dynamic)
				conf_warning(errs, &ck->loc,
					     "more than one dynamic MISC_CHECK on one real server: "
					     "their weights overwrite each other");
			*have_dynamic = true;
		}
		return;
	case CONF_CHECK_HTTP:
	case CONF_CHECK_SSL:
		if (TAILQ_EMPTY(&ck->urls))
			conf_error(errs, &ck->loc, "%s needs at least one url { path ... }", tn);
		for (u = TAILQ_FIRST(&ck->urls); u; u = TAILQ_NEXT(u, entry)) {
			if (!u->path)
				conf_error(errs, &u->loc, "url needs a 'path'");
			if (u->regex_max_offset && u->regex_min_offset >= u->regex_max_offset)
				conf_error(
				    errs, &u->loc,
				    "url: regex_min_offset %u must be below regex_max_offset "
				    "%u",
				    u->regex_min_offset, u->regex_max_offset);
		}
		break;
	case CONF_CHECK_UDP:
		if (ck->min_reply_length > ck->max_reply_length)
			conf_error(errs, &ck->reply_len_loc,
				   "UDP_CHECK: min_reply_length %u is above max_reply_length %u",
				   ck->min_reply_length, ck->max_reply_length);
		break;
	default:
		break;
	}
	if (ck->type != CONF_CHECK_PING && !ck->connect_port)
		conf_error(errs, &ck->loc,
			   "%s: no port to connect to (give connect_port, or a port on the real "
			   "server)",
			   tn);
	if (addr_is_set(&cc->bindto) && cc->bindto.af != ck->connect_ip.af)
		conf_error(errs, &cc->bindto_loc,
			   "bindto: %s address, but the checker connects to %s", fam(cc->bindto.af),
			   fam(ck->connect_ip.af));
	if (ck->connect_ip.af == AF_INET6 && ck->connect_ip.u.bytes[0] == 0xfe &&
	    (ck->connect_ip.u.bytes[1] & 0xc0) == 0x80 && !cc->bind_if)
		conf_error(errs, cc->connect_ip_loc.file ? &cc->connect_ip_loc : &ck->loc,
			   "%s: a link-local address needs 'bind_if'", tn);
}

#define RS_ADDR lazy_addr(a, sizeof(a), &rs->addr)
/* o: the first real server of vs with the same address and port, or NULL. */
static void validate_rs(const struct conf *c, const struct conf_vs *vs, const struct conf_rs *rs,
			const struct conf_rs *o, struct conf_errs *errs)
{
	const struct conf_check *ck;
	char a[ADDR_STRLEN];
	bool have_dynamic = false;

	a[0] = '\0'; /* formatted only when a message needs it */
	if (o)
		conf_error(errs, &rs->loc,
			   "real_server %s %u is already defined in this virtual_server at "
			   "%s:%d:%d",
			   RS_ADDR, rs->port, o->loc.file, o->loc.line, o->loc.col);
	if (rs->fwd.method != CONF_LVS_TUN && vs->af && rs->addr.af != vs->af)
		conf_error(errs, &rs->loc,
			   "real_server %s: %s address in an %s virtual_server (only TUN may mix "
			   "families)",
			   RS_ADDR, fam(rs->addr.af), fam(vs->af));
	if (rs->uthreshold && rs->lthreshold > rs->uthreshold)
		conf_error(errs, conf_rs_threshold_loc(rs) ? conf_rs_threshold_loc(rs) : &rs->loc,
			   "real_server %s: lthreshold %u is above uthreshold %u", RS_ADDR,
			   rs->lthreshold, rs->uthreshold);
	if (rs->fwd.method != CONF_LVS_NAT && vs->kind == CONF_VS_ADDR && rs->port &&
	    rs->port != vs->port)
		conf_error(errs, &rs->loc,
			   "real_server %s: port %u differs from the virtual_server's %u, which "
			   "only NAT can do",
			   RS_ADDR, rs->port, vs->port);
	if (rs->fwd.method != CONF_LVS_NAT && vs->kind == CONF_VS_FWMARK && rs->port)
		conf_warning(errs, &rs->loc,
			     "real_server %s: the port is ignored for DR/TUN in a fwmark service",
			     RS_ADDR);
	for (ck = TAILQ_FIRST(&rs->checks); ck; ck = TAILQ_NEXT(ck, entry))
		validate_check(c, ck, errs, &have_dynamic);
}
#undef RS_ADDR

/* Real servers in duplicate-detection order: same address and port adjacent,
 * the one declared first first. */
struct rs_slot {
	const struct conf_rs *rs;
	size_t idx;
};

static int rs_slot_cmp(const void *pa, const void *pb)
{
	const struct rs_slot *sa = pa, *sb = pb;
	int r = addr_cmp(&sa->rs->addr, &sb->rs->addr);

	if (!r && sa->rs->port != sb->rs->port)
		r = sa->rs->port < sb->rs->port ? -1 : 1;
	if (!r)
		r = sa->idx < sb->idx ? -1 : sa->idx > sb->idx;
	return r;
}

/* first_of[i]: the first real server that the i-th one repeats (n log n; a
 * virtual server may hold thousands). */
static const struct conf_rs **rs_first_of(const struct conf_vs *vs)
{
	const struct conf_rs *rs;
	struct rs_slot *slots;
	const struct conf_rs **first_of;
	size_t n = 0, i = 0;

	TAILQ_FOREACH (rs, &vs->rss, entry)
		n++;
	if (!n)
		return NULL;
	slots = xcalloc(n, sizeof(*slots));
	first_of = xcalloc(n, sizeof(*first_of));
	TAILQ_FOREACH (rs, &vs->rss, entry) {
		slots[i] = (struct rs_slot){rs, i};
		i++;
	}
	qsort(slots, n, sizeof(*slots), rs_slot_cmp);
	for (i = 1; i < n; i++)
		if (addr_eq(&slots[i - 1].rs->addr, &slots[i].rs->addr) &&
		    slots[i - 1].rs->port == slots[i].rs->port)
			first_of[slots[i].idx] = first_of[slots[i - 1].idx]
						     ? first_of[slots[i - 1].idx]
						     : slots[i - 1].rs;
	free(slots);
	return first_of;
}

#define VS_NAME lazy_vs_name(vs, name, sizeof(name))
static void validate_vs(const struct conf *c, const struct conf_vs *vs, const struct conf_vs *o,
			struct conf_errs *errs)
{
	const struct conf_rs *rs;
	const struct conf_vsg *g = NULL;
	char name[ADDR_STRLEN + 64];
	uint64_t wsum = 0;
	const struct conf_rs **first_rs;
	size_t rsi;

	name[0] = '\0'; /* formatted only when a message needs it */
	if (o)
		conf_error(errs, &vs->loc, "virtual_server %s is already defined at %s:%d:%d",
			   VS_NAME, o->loc.file, o->loc.line, o->loc.col);
	if (vs->kind == CONF_VS_GROUP) {
		g = vsg_find(c, vs->group);
		if (!g)
			conf_error(errs, &vs->group_loc,
				   "virtual_server: no virtual_server_group named '%s'", vs->group);
	}
	if (vs->af_set && vs->kind == CONF_VS_ADDR && vs->af != vs->addr.af)
		conf_error(errs, &vs->af_loc, "ip_family %s conflicts with the address %s",
			   vs->af == AF_INET ? "inet" : "inet6", VS_NAME);
	if (vs->af_set && g && vsg_af(g) && vs->af != vsg_af(g))
		conf_error(errs, &vs->af_loc,
			   "ip_family %s conflicts with the %s entries of group %s",
			   vs->af == AF_INET ? "inet" : "inet6", fam(vsg_af(g)), g->name);
	if (vs->kind == CONF_VS_ADDR && !vs->port && !vs->persistence_timeout)
		conf_error(errs, &vs->loc,
			   "virtual_server %s: the port may only be left out for a persistent "
			   "service (persistence_timeout)",
			   VS_NAME);
	if (g && !vs->persistence_timeout) {
		const struct conf_vsg_entry *e;

		for (e = TAILQ_FIRST(&g->entries); e; e = TAILQ_NEXT(e, entry))
			if (!e->is_fwmark && !e->port) {
				conf_error(
				    errs, &e->loc,
				    "virtual_server_group %s: an entry without a port needs a "
				    "persistent service (persistence_timeout) in virtual_server "
				    "at %s:%d:%d",
				    g->name, vs->loc.file, vs->loc.line, vs->loc.col);
				break;
			}
	}
	if (vs->proto_set && vs->kind == CONF_VS_FWMARK)
		conf_warning(errs, &vs->proto_loc, "protocol is ignored for a fwmark service");
	if (vs->ops && vs->kind != CONF_VS_FWMARK && vs->proto != CONF_PROTO_UDP)
		conf_error(errs, &vs->ops_loc, "ops (one-packet scheduling) needs protocol UDP");
	for (unsigned i = CONF_SF_SH_FALLBACK; i < CONF_SF_COUNT; i++) {
		enum conf_lvs_sched need = i <= CONF_SF_SH_PORT ? CONF_SCHED_SH : CONF_SCHED_MH;

		if ((vs->sched_flags & (1u << i)) && vs->sched != need)
			conf_error(errs, &vs->sched_flag_loc[i], "%s needs lvs_sched %s, not %s",
				   conf_sched_flag_str((enum conf_sched_flag)i),
				   conf_lvs_sched_str(need), conf_lvs_sched_str(vs->sched));
	}
	if (vs->pg_plen >= 0) {
		if (vs->af == AF_INET6 && vs->pg_mask.af)
			conf_error(errs, &vs->pg_loc,
				   "persistence_granularity: an IPv6 service takes a prefix length "
				   "1..128, not a netmask");
		else if (vs->af == AF_INET && !vs->pg_mask.af)
			conf_error(errs, &vs->pg_loc,
				   "persistence_granularity: an IPv4 service takes a netmask (e.g. "
				   "255.255.255.0)");
	}
	if (vs->persistence_engine && strcmp(vs->persistence_engine, "sip") != 0)
		conf_error(errs, &vs->loc,
			   "persistence_engine: unknown engine '%s' (the kernel has 'sip')",
			   vs->persistence_engine);
	if (vs->ha_suspend && (vs->kind == CONF_VS_FWMARK || (g && vsg_has_fwmark(g))))
		conf_error(errs, &vs->loc, "ha_suspend cannot be used with a fwmark service");
	if (vs->hysteresis >= vs->quorum)
		conf_error(errs, vs->quorum_loc.file ? &vs->quorum_loc : &vs->loc,
			   "hysteresis %u must be below quorum %u", vs->hysteresis, vs->quorum);
	if (vs->has_sorry) {
		if (vs->sorry_fwd.method != CONF_LVS_NAT && vs->kind == CONF_VS_ADDR &&
		    vs->sorry_port != vs->port)
			conf_error(
			    errs, &vs->sorry_loc,
			    "sorry_server: port %u differs from the virtual_server's %u, which "
			    "only NAT can do",
			    vs->sorry_port, vs->port);
		if (vs->sorry_fwd.method != CONF_LVS_TUN && vs->af && vs->sorry_addr.af != vs->af)
			conf_error(errs, &vs->sorry_loc,
				   "sorry_server: %s address in an %s virtual_server (only TUN may "
				   "mix families)",
				   fam(vs->sorry_addr.af), fam(vs->af));
	} else {
		if (vs->sorry_inhibit)
			conf_error(errs, &vs->sorry_inhibit_loc,
				   "sorry_server_inhibit without a sorry_server");
		if (vs->sorry_fwd_set)
			conf_error(errs, &vs->sorry_fwd_loc,
				   "sorry_server_lvs_method without a sorry_server");
	}
	first_rs = rs_first_of(vs);
	rsi = 0;
	for (rs = TAILQ_FIRST(&vs->rss); rs; rs = TAILQ_NEXT(rs, entry), rsi++) {
		validate_rs(c, vs, rs, first_rs[rsi], errs);
		wsum += (uint64_t)rs->weight;
	}
	free(first_rs);
	if (!TAILQ_EMPTY(&vs->rss) && vs->quorum > wsum)
		conf_warning(errs, vs->quorum_loc.file ? &vs->quorum_loc : &vs->loc,
			     "quorum %u is above the total weight %llu of the real servers",
			     vs->quorum, (unsigned long long)wsum);
}
#undef VS_NAME

void conf_lvs_validate(const struct conf *c, struct conf_errs *errs)
{
	const struct conf_vsg *g, *o;
	const struct conf_vs *vs;

	for (g = TAILQ_FIRST(&c->vsgs); g; g = TAILQ_NEXT(g, entry)) {
		const struct conf_vsg_entry *e;
		int af = 0;

		for (o = TAILQ_FIRST(&c->vsgs); o; o = TAILQ_NEXT(o, entry)) {
			if (o == g)
				break;
			if (strcmp(o->name, g->name) == 0) {
				conf_error(errs, &g->loc,
					   "virtual_server_group %s is already defined at %s:%d:%d",
					   g->name, o->loc.file, o->loc.line, o->loc.col);
				break;
			}
		}
		if (g->nlines == 0)
			conf_error(errs, &g->loc, "virtual_server_group %s has no entries",
				   g->name);
		for (e = TAILQ_FIRST(&g->entries); e; e = TAILQ_NEXT(e, entry)) {
			if (e->is_fwmark)
				continue;
			if (!af)
				af = e->first.af;
			else if (e->first.af != af)
				conf_error(errs, &e->loc,
					   "virtual_server_group %s: %s entry among %s entries",
					   g->name, fam(e->first.af), fam(af));
		}
	}
	/* Duplicates by sorting (n log n for thousands of virtual servers);
	 * errors are then reported in declaration order. */
	size_t n = 0, i;
	struct vs_slot *slots;
	const struct conf_vs **first_of;

	for (vs = TAILQ_FIRST(&c->vss); vs; vs = TAILQ_NEXT(vs, entry))
		n++;
	slots = xcalloc(n, sizeof(*slots));
	first_of = xcalloc(n, sizeof(*first_of));
	i = 0;
	for (vs = TAILQ_FIRST(&c->vss); vs; vs = TAILQ_NEXT(vs, entry), i++)
		slots[i] = (struct vs_slot){vs, i};
	qsort(slots, n, sizeof(*slots), vs_slot_cmp);
	for (i = 1; i < n; i++) {
		if (vs_same(slots[i - 1].vs, slots[i].vs))
			first_of[slots[i].idx] = first_of[slots[i - 1].idx]
						     ? first_of[slots[i - 1].idx]
						     : slots[i - 1].vs;
	}
	i = 0;
	for (vs = TAILQ_FIRST(&c->vss); vs; vs = TAILQ_NEXT(vs, entry), i++)
		validate_vs(c, vs, first_of[i], errs);
	free(slots);
	free(first_of);
}
