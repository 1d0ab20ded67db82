/*
 * conf_vrrp: the VRRP top-level blocks and their keyword tables:
 * vrrp_script, track_file (alias vrrp_track_file), vrrp_sync_group, and
 * the entry of vrrp_instance (whose body is in conf_vrrp_inst.c); the
 * helpers shared by instance and sync group (tracking lines, notify
 * scripts, tri-state flags); name tables; freeing.  Printing is in
 * conf_vrrp_print.c, finalize and the rules in conf_vrrp_check.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/conf_vrrp_int.h"

#define UNSUP(n, why)                                                                              \
	{                                                                                          \
		.name = (n), .flags = CONF_KW_UNSUPPORTED, .note = (why)                           \
	}
#define IGN(n, why)                                                                                \
	{                                                                                          \
		.name = (n), .flags = CONF_KW_IGNORED, .note = (why)                               \
	}

/* ---- name tables ---- */

const char *conf_vrrp_state_str(enum conf_vrrp_state s)
{
	return s == CONF_VRRP_STATE_MASTER ? "MASTER" : "BACKUP";
}

const char *conf_vrrp_auth_str(enum conf_vrrp_auth a)
{
	return a == CONF_VRRP_AUTH_PASS ? "PASS" : "none";
}

const char *conf_scope_str(enum conf_scope s)
{
	switch (s) {
	case CONF_SCOPE_GLOBAL:
		return "global";
	case CONF_SCOPE_SITE:
		return "site";
	case CONF_SCOPE_LINK:
		return "link";
	case CONF_SCOPE_HOST:
		return "host";
	case CONF_SCOPE_NOWHERE:
		return "nowhere";
	case CONF_SCOPE_DEFAULT:
		return "default";
	}
	return "?";
}

const char *conf_route_type_str(enum conf_route_type t)
{
	switch (t) {
	case CONF_ROUTE_UNICAST:
		return "unicast";
	case CONF_ROUTE_BLACKHOLE:
		return "blackhole";
	case CONF_ROUTE_UNREACHABLE:
		return "unreachable";
	case CONF_ROUTE_PROHIBIT:
		return "prohibit";
	case CONF_ROUTE_THROW:
		return "throw";
	}
	return "?";
}

/* ---- shared handlers ---- */

void *conf_vrrp_kw_tri(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw)
{
	bool v;

	if (conf_nargs(p, st, 0, 1) && conf_arg_bool(p, st, 0, &v))
		*(int *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

void *conf_vrrp_kw_notify(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	conf_cmd_parse(p, st, (struct conf_cmd *)(void *)((char *)obj + kw->off));
	return NULL;
}

void conf_vrrp_track_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_vrrp_track_list *l =
	    (struct conf_vrrp_track_list *)(void *)((char *)obj + kw->off);
	struct conf_vrrp_track *t;
	int weight = CONF_UNSET, reverse = CONF_UNSET;

	for (size_t i = 0; i < st->nargs; i++) {
		const char *o = st->args[i].text;
		long long w;

		if (strcmp(o, "weight") == 0) {
			/* conf_arg_ll names st->kw (the tracked name); say which keyword */
			if (i + 1 >= st->nargs) {
				conf_perr(p, &st->args[i], "%s: 'weight' needs a number", kw->name);
				return;
			}
			if (util_parse_ll(st->args[i + 1].text, kw->min, kw->max, &w) < 0) {
				conf_perr(p, &st->args[i + 1],
					  "%s: weight '%s' is not an integer in %lld..%lld",
					  kw->name, st->args[i + 1].text, kw->min, kw->max);
				return;
			}
			weight = (int)w;
			i++;
		} else if (strcmp(o, "reverse") == 0) {
			reverse = 1;
		} else if (strcmp(o, "noreverse") == 0 || strcmp(o, "no_reverse") == 0) {
			reverse = 0;
		} else {
			conf_perr(p, &st->args[i],
				  "%s: unknown option '%s' (weight N, reverse, noreverse)",
				  kw->name, o);
			return;
		}
	}
	t = xcalloc(1, sizeof(*t));
	t->loc = st->kw->loc;
	t->name = xstrdup(st->kw->text);
	t->weight = weight;
	t->reverse = reverse;
	TAILQ_INSERT_TAIL(l, t, entry);
}

void conf_vrrp_track_list_free(struct conf_vrrp_track_list *l)
{
	struct conf_vrrp_track *t;

	while ((t = TAILQ_FIRST(l))) {
		TAILQ_REMOVE(l, t, entry);
		free(t->name);
		free(t);
	}
}

/* Allocate a named top-level object and check its name argument. */
static bool conf_vrrp_name_arg(struct conf_parser *p, const struct conf_stmt *st)
{
	if (st->nargs != 1) {
		conf_perr(p, st->kw, "'%s' takes a name, got %zu arguments", st->kw->text,
			  st->nargs);
		return false;
	}
	return true;
}

/* ---- vrrp_script ---- */

#define VS(f) offsetof(struct conf_vrrp_script, f)

static void *conf_vs_script(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw)
{
	struct conf_vrrp_script *s = obj;

	(void)kw;
	conf_cmd_parse_all(p, st, &s->script);
	return NULL;
}

static void *conf_vs_usecs(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	long long v;

	if (conf_nargs(p, st, 1, 1) && conf_arg_fixed(p, st, 0, 6, kw->min, kw->max, &v))
		*(long long *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

/* weight N [reverse|noreverse] for vrrp_script and track_file. */
static void conf_weight_rev(struct conf_parser *p, const struct conf_stmt *st,
			    const struct conf_kw *kw, int *weight, bool *reverse)
{
	long long w;

	if (!conf_nargs(p, st, 1, 2) || !conf_arg_ll(p, st, 0, kw->min, kw->max, &w))
		return;
	if (st->nargs == 2 && strcmp(st->args[1].text, "reverse") != 0 &&
	    strcmp(st->args[1].text, "noreverse") != 0) {
		conf_perr(p, &st->args[1], "%s: '%s' is not reverse or noreverse", st->kw->text,
			  st->args[1].text);
		return;
	}
	*weight = (int)w;
	*reverse = st->nargs == 2 && strcmp(st->args[1].text, "reverse") == 0;
}

static void *conf_vs_weight(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw)
{
	struct conf_vrrp_script *s = obj;

	conf_weight_rev(p, st, kw, &s->weight, &s->reverse);
	return NULL;
}

static void *conf_tf_weight(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw)
{
	struct conf_track_file *t = obj;

	conf_weight_rev(p, st, kw, &t->weight, &t->reverse);
	return NULL;
}

static void *conf_vs_user(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_vrrp_script *s = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 2))
		return NULL;
	free(s->script.user);
	free(s->script.group);
	s->script.user = xstrdup(st->args[0].text);
	s->script.group = st->nargs > 1 ? xstrdup(st->args[1].text) : NULL;
	return NULL;
}

static const struct conf_kw conf_vrrp_script_kws[] = {
    {.name = "script", .fn = conf_vs_script},
    {.name = "interval",
     .fn = conf_vs_usecs,
     .off = VS(interval_us),
     .min = 1,
     .max = 86400000000LL},
    {.name = "timeout", .fn = conf_vs_usecs, .off = VS(timeout_us), .min = 1, .max = 86400000000LL},
    {.name = "weight", .fn = conf_vs_weight, .min = -253, .max = 253},
    {.name = "rise", .fn = conf_kw_int, .off = VS(rise), .min = 1, .max = 1000000},
    {.name = "fall", .fn = conf_kw_int, .off = VS(fall), .min = 1, .max = 1000000},
    {.name = "user", .fn = conf_vs_user},
    {.name = "init_fail", .fn = conf_kw_flag, .off = VS(init_fail)},
    {.name = NULL},
};

static void *conf_vrrp_script_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				    const struct conf_kw *kw)
{
	struct conf_vrrp_script *s;

	(void)obj;
	(void)kw;
	if (!conf_vrrp_name_arg(p, st))
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->loc = st->kw->loc;
	s->name = xstrdup(st->args[0].text);
	s->interval_us = 1000000;
	s->timeout_us = CONF_UNSET;
	s->rise = 1;
	s->fall = 1;
	TAILQ_INSERT_TAIL(&p->conf->vrrp_scripts, s, entry);
	return s;
}

/* ---- track_file ---- */

static void *conf_tf_file(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_track_file *t = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	free(t->path);
	t->path = xstrdup(st->args[0].text);
	return NULL;
}

static void *conf_tf_init(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_track_file *t = obj;
	long long v = 0;
	bool overwrite = false;

	(void)kw;
	if (!conf_nargs(p, st, 0, 2))
		return NULL;
	for (size_t i = 0; i < st->nargs; i++) {
		if (strcmp(st->args[i].text, "overwrite") == 0 && i == st->nargs - 1)
			overwrite = true;
		else if (i == 0 && !conf_arg_ll(p, st, 0, -2147483647LL - 1, 2147483647LL, &v))
			return NULL;
		else if (i != 0) {
			conf_perr(p, &st->args[i], "%s: '%s' is not 'overwrite'", st->kw->text,
				  st->args[i].text);
			return NULL;
		}
	}
	t->init_file = true;
	t->init_value = v;
	t->init_overwrite = overwrite;
	return NULL;
}

static const struct conf_kw conf_track_file_kws[] = {
    {.name = "file", .fn = conf_tf_file},
    {.name = "weight", .fn = conf_tf_weight, .min = -2147483647LL, .max = 2147483647LL},
    {.name = "init_file", .fn = conf_tf_init},
    {.name = NULL},
};

static void *conf_track_file_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				   const struct conf_kw *kw)
{
	struct conf_track_file *t;

	(void)obj;
	(void)kw;
	if (!conf_vrrp_name_arg(p, st))
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->loc = st->kw->loc;
	t->name = xstrdup(st->args[0].text);
	t->weight = 1;
	TAILQ_INSERT_TAIL(&p->conf->track_files, t, entry);
	return t;
}

/* ---- vrrp_sync_group ---- */

#define SG(f) offsetof(struct conf_sync_group, f)

static void conf_sg_member_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				const struct conf_kw *kw)
{
	struct conf_sync_group *g = obj;

	(void)p;
	(void)kw;
	/* one name a line, or several on one line */
	for (size_t i = 0; i <= st->nargs; i++) {
		const struct conf_tok *t = i == 0 ? st->kw : &st->args[i - 1];
		struct conf_sync_member *m = xcalloc(1, sizeof(*m));

		m->loc = t->loc;
		m->name = xstrdup(t->text);
		TAILQ_INSERT_TAIL(&g->members, m, entry);
	}
}

static void *conf_sg_group(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	(void)kw;
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	return obj;
}

static const struct conf_kw conf_sync_group_kws[] = {
    {.name = "group", .fn = conf_sg_group, .line = conf_sg_member_line, .flags = CONF_KW_BLOCK},
    {.name = "track_interface",
     .fn = conf_sg_group,
     .line = conf_vrrp_track_line,
     .flags = CONF_KW_BLOCK,
     .off = SG(track_ifs),
     .min = -253,
     .max = 253},
    {.name = "track_script",
     .fn = conf_sg_group,
     .line = conf_vrrp_track_line,
     .flags = CONF_KW_BLOCK,
     .off = SG(track_scripts),
     .min = -253,
     .max = 253},
    {.name = "track_file",
     .fn = conf_sg_group,
     .line = conf_vrrp_track_line,
     .flags = CONF_KW_BLOCK,
     .off = SG(track_files),
     .min = -254,
     .max = 254},
    {.name = "notify_master", .fn = conf_vrrp_kw_notify, .off = SG(notify_master)},
    {.name = "notify_backup", .fn = conf_vrrp_kw_notify, .off = SG(notify_backup)},
    {.name = "notify_fault", .fn = conf_vrrp_kw_notify, .off = SG(notify_fault)},
    {.name = "notify_stop", .fn = conf_vrrp_kw_notify, .off = SG(notify_stop)},
    {.name = "notify", .fn = conf_vrrp_kw_notify, .off = SG(notify)},
    {.name = "notify_priority_changes", .fn = conf_kw_flag, .off = SG(notify_priority_changes)},
    {.name = "sync_group_tracking_weight",
     .fn = conf_kw_flag,
     .off = SG(sync_group_tracking_weight)},
    {.name = "global_tracking", .fn = conf_kw_flag, .off = SG(sync_group_tracking_weight)},
    IGN("smtp_alert", "e-mail alerting is not implemented"),
    UNSUP("track_process", "process tracking is not implemented; use a vrrp_script"),
    UNSUP("track_bfd", "BFD is not implemented"),
    UNSUP("notify_deleted", "instances deleted on reload are reported as FAULT"),
    {.name = NULL},
};

static void *conf_sync_group_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				   const struct conf_kw *kw)
{
	struct conf_sync_group *g;

	(void)obj;
	(void)kw;
	if (!conf_vrrp_name_arg(p, st))
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->loc = st->kw->loc;
	g->name = xstrdup(st->args[0].text);
	TAILQ_INIT(&g->members);
	TAILQ_INIT(&g->track_ifs);
	TAILQ_INIT(&g->track_scripts);
	TAILQ_INIT(&g->track_files);
	TAILQ_INSERT_TAIL(&p->conf->sync_groups, g, entry);
	return g;
}

/* ---- top level ---- */

const struct conf_kw conf_vrrp_top_kws[] = {
    {.name = "vrrp_script",
     .fn = conf_vrrp_script_block,
     .block = conf_vrrp_script_kws,
     .flags = CONF_KW_BLOCK},
    {.name = "track_file",
     .fn = conf_track_file_block,
     .block = conf_track_file_kws,
     .flags = CONF_KW_BLOCK},
    {.name = "vrrp_track_file",
     .fn = conf_track_file_block,
     .block = conf_track_file_kws,
     .flags = CONF_KW_BLOCK},
    {.name = "vrrp_sync_group",
     .fn = conf_sync_group_block,
     .block = conf_sync_group_kws,
     .flags = CONF_KW_BLOCK},
    {.name = "vrrp_instance",
     .fn = conf_vrrp_inst_block,
     .block = conf_vrrp_inst_kws,
     .flags = CONF_KW_BLOCK},
    UNSUP("vrrp_track_process", "process tracking is not implemented; use a vrrp_script"),
    UNSUP("garp_group", "per-interface GARP groups are not implemented; use vrrp_garp_interval"),
    UNSUP("interface_up_down_delays", "interface debouncing is not implemented"),
    {.name = NULL},
};

/* ---- freeing ---- */

static void conf_sync_group_free(struct conf_sync_group *g)
{
	struct conf_sync_member *m;

	while ((m = TAILQ_FIRST(&g->members))) {
		TAILQ_REMOVE(&g->members, m, entry);
		free(m->name);
		free(m);
	}
	conf_vrrp_track_list_free(&g->track_ifs);
	conf_vrrp_track_list_free(&g->track_scripts);
	conf_vrrp_track_list_free(&g->track_files);
	conf_cmd_free(&g->notify_master);
	conf_cmd_free(&g->notify_backup);
	conf_cmd_free(&g->notify_fault);
	conf_cmd_free(&g->notify_stop);
	conf_cmd_free(&g->notify);
	free(g->name);
	free(g);
}

void conf_vrrp_free_all(struct conf *c)
{
	struct conf_vrrp_script *s;
	struct conf_track_file *t;
	struct conf_sync_group *g;
	struct conf_vrrp *v;

	while ((s = TAILQ_FIRST(&c->vrrp_scripts))) {
		TAILQ_REMOVE(&c->vrrp_scripts, s, entry);
		conf_cmd_free(&s->script);
		free(s->name);
		free(s);
	}
	while ((t = TAILQ_FIRST(&c->track_files))) {
		TAILQ_REMOVE(&c->track_files, t, entry);
		free(t->path);
		free(t->name);
		free(t);
	}
	while ((g = TAILQ_FIRST(&c->sync_groups))) {
		TAILQ_REMOVE(&c->sync_groups, g, entry);
		conf_sync_group_free(g);
	}
	while ((v = TAILQ_FIRST(&c->vrrps))) {
		TAILQ_REMOVE(&c->vrrps, v, entry);
		conf_vrrp_inst_free(v);
	}
}
