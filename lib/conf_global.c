/*
 * conf_global: the global_defs block: its keyword table (every keyword
 * keepalived accepts there is implemented, UNSUPPORTED or, when purely
 * cosmetic, IGNORED), the root-level global keywords vigil does not
 * implement (namespaces, static addresses, BFD), printing with every
 * default explicit, and the global checks.  Also the script helpers
 * (struct conf_cmd) and fixed-point formatting shared by the domains.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf_parse.h"

#define G(f) offsetof(struct conf_global, f)
#define UNSUP(n, why)                                                                              \
	{                                                                                          \
		.name = (n), .flags = CONF_KW_UNSUPPORTED, .note = (why)                           \
	}
#define IGN(n, why)                                                                                \
	{                                                                                          \
		.name = (n), .flags = CONF_KW_IGNORED, .note = (why)                               \
	}

/* ---- shared helpers ---- */

const char *conf_global_fmt_fixed(char *buf, size_t len, long long v, unsigned decimals)
{
	long long scale = 1;
	char frac[32];
	int n;

	for (unsigned d = 0; d < decimals; d++)
		scale *= 10;
	if (v % scale == 0 || decimals == 0) {
		if (util_snprintf(buf, len, "%lld", v / scale) < 0 && len)
			buf[0] = '\0';
		return buf;
	}
	n = util_snprintf(frac, sizeof(frac), "%0*lld", (int)decimals, v % scale);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	if (util_snprintf(buf, len, "%lld.%s", v / scale, frac) < 0 && len)
		buf[0] = '\0';
	return buf;
}

void conf_cmd_free(struct conf_cmd *c)
{
	free(c->cmd);
	free(c->user);
	free(c->group);
	c->cmd = c->user = c->group = NULL;
}

bool conf_cmd_parse(struct conf_parser *p, const struct conf_stmt *st, struct conf_cmd *c)
{
	if (st->nargs < 1 || st->nargs > 3) {
		conf_perr(p, st->kw,
			  "'%s' takes a command and optionally a user and a group, got %zu "
			  "arguments (quote a command that has arguments)",
			  st->kw->text, st->nargs);
		return false;
	}
	conf_cmd_free(c);
	c->loc = st->kw->loc;
	c->cmd = xstrdup(st->args[0].text);
	if (st->nargs > 1)
		c->user = xstrdup(st->args[1].text);
	if (st->nargs > 2)
		c->group = xstrdup(st->args[2].text);
	return true;
}

bool conf_cmd_parse_all(struct conf_parser *p, const struct conf_stmt *st, struct conf_cmd *c)
{
	if (!conf_nargs(p, st, 1, -1))
		return false;
	free(c->cmd);
	c->loc = st->kw->loc;
	c->cmd = conf_args_join(st, 0);
	return true;
}

void conf_cmd_print(struct strbuf *b, int depth, const char *kw, const struct conf_cmd *c)
{
	if (!c->cmd)
		return;
	for (int i = 0; i < depth; i++)
		strbuf_puts(b, "    ");
	strbuf_printf(b, "%s ", kw);
	conf_out_word(b, c->cmd);
	if (c->user) {
		strbuf_putc(b, ' ');
		conf_out_word(b, c->user);
		if (c->group) {
			strbuf_putc(b, ' ');
			conf_out_word(b, c->group);
		}
	}
	strbuf_putc(b, '\n');
}

const char *conf_lvs_flush_onstop_str(enum conf_lvs_flush_onstop v)
{
	switch (v) {
	case CONF_LVS_FLUSH_ONSTOP_NO:
		return "off";
	case CONF_LVS_FLUSH_ONSTOP_ALL:
		return "on";
	case CONF_LVS_FLUSH_ONSTOP_VS:
		return "VS";
	}
	return "?";
}

/* ---- handlers ---- */

static void *conf_g_script_user(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				const struct conf_kw *kw)
{
	struct conf_global *g = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 2))
		return NULL;
	free(g->script_user);
	free(g->script_group);
	g->script_user = xstrdup(st->args[0].text);
	g->script_group = st->nargs > 1 ? xstrdup(st->args[1].text) : NULL;
	g->script_user_loc = st->kw->loc;
	return NULL;
}

/* vrrp_mcast_group4 / vrrp_mcast_group6: kw->min is the family. */
static void *conf_g_mcast_group(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				const struct conf_kw *kw)
{
	struct conf_global *g = obj;
	struct addr a;
	bool v4 = kw->min == AF_INET;

	if (!conf_nargs(p, st, 1, 1) || !conf_arg_addr(p, st, 0, &a, NULL))
		return NULL;
	if (a.af != (int)kw->min) {
		conf_perr(p, &st->args[0], "%s: '%s' is not an %s address", st->kw->text,
			  st->args[0].text, v4 ? "IPv4" : "IPv6");
		return NULL;
	}
	if (v4 ? (a.u.bytes[0] & 0xf0) != 0xe0 : a.u.bytes[0] != 0xff) {
		conf_perr(p, &st->args[0], "%s: '%s' is not a multicast address", st->kw->text,
			  st->args[0].text);
		return NULL;
	}
	if (!v4 && (a.u.bytes[1] & 0x0f) != 2) {
		conf_perr(p, &st->args[0],
			  "%s: '%s' is not a link-local multicast address (ffX2::)", st->kw->text,
			  st->args[0].text);
		return NULL;
	}
	if (v4) {
		g->vrrp_mcast_group4 = a;
		g->vrrp_mcast_group4_loc = st->kw->loc;
	} else {
		g->vrrp_mcast_group6 = a;
		g->vrrp_mcast_group6_loc = st->kw->loc;
	}
	return NULL;
}

/* A time in seconds with up to 6 decimals, stored in microseconds (long long at kw->off). */
static void *conf_g_usecs(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	long long v;

	if (conf_nargs(p, st, 1, 1) && conf_arg_fixed(p, st, 0, 6, kw->min, kw->max, &v))
		*(long long *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

static void *conf_g_min_garp(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	struct conf_global *g = obj;
	bool on;

	(void)kw;
	if (!conf_nargs(p, st, 0, 1) || !conf_arg_bool(p, st, 0, &on) || !on)
		return NULL;
	/* one GARP/NA, no second burst: sets the values, later keywords may override */
	g->vrrp_garp_master_repeat = 1;
	g->vrrp_garp_master_delay = 0;
	g->vrrp_garp_lower_prio_repeat = 1;
	g->vrrp_garp_master_refresh_repeat = 1;
	return NULL;
}

static void *conf_g_fifo(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	struct conf_fifo *f = (struct conf_fifo *)(void *)((char *)obj + kw->off);

	if (!conf_nargs(p, st, 1, 3))
		return NULL;
	free(f->path);
	free(f->user);
	free(f->group);
	f->path = xstrdup(st->args[0].text);
	f->user = st->nargs > 1 ? xstrdup(st->args[1].text) : NULL;
	f->group = st->nargs > 2 ? xstrdup(st->args[2].text) : NULL;
	f->loc = st->kw->loc;
	return NULL;
}

static void *conf_g_fifo_script(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				const struct conf_kw *kw)
{
	struct conf_fifo *f = (struct conf_fifo *)(void *)((char *)obj + kw->off);

	conf_cmd_parse(p, st, &f->script);
	return NULL;
}

static void *conf_g_flush_onstop(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				 const struct conf_kw *kw)
{
	struct conf_global *g = obj;
	bool on;

	(void)kw;
	if (!conf_nargs(p, st, 0, 1))
		return NULL;
	if (st->nargs == 1 && strcmp(st->args[0].text, "VS") == 0) {
		g->lvs_flush_onstop = CONF_LVS_FLUSH_ONSTOP_VS;
		return NULL;
	}
	if (st->nargs == 1 &&
	    (strcmp(st->args[0].text, "on") != 0 && strcmp(st->args[0].text, "off") != 0)) {
		conf_perr(p, &st->args[0], "%s: '%s' is not VS, on or off", st->kw->text,
			  st->args[0].text);
		return NULL;
	}
	if (conf_arg_bool(p, st, 0, &on))
		g->lvs_flush_onstop = on ? CONF_LVS_FLUSH_ONSTOP_ALL : CONF_LVS_FLUSH_ONSTOP_NO;
	return NULL;
}

#define CONF_LVS_MAX_TIMEOUT (86400u * 31u)

static void *conf_g_lvs_timeouts(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				 const struct conf_kw *kw)
{
	struct conf_global *g = obj;

	(void)kw;
	if (st->nargs == 0 || st->nargs % 2) {
		conf_perr(p, st->kw, "'%s' takes pairs of tcp|tcpfin|udp SECONDS", st->kw->text);
		return NULL;
	}
	for (size_t i = 0; i < st->nargs; i += 2) {
		const char *what = st->args[i].text;
		uint32_t *dst;

		if (strcmp(what, "tcp") == 0)
			dst = &g->lvs_timeout_tcp;
		else if (strcmp(what, "tcpfin") == 0)
			dst = &g->lvs_timeout_tcpfin;
		else if (strcmp(what, "udp") == 0)
			dst = &g->lvs_timeout_udp;
		else {
			conf_perr(p, &st->args[i], "%s: unknown timeout '%s' (tcp, tcpfin or udp)",
				  st->kw->text, what);
			continue;
		}
		conf_arg_u32(p, st, i + 1, 1, CONF_LVS_MAX_TIMEOUT, dst);
	}
	return NULL;
}

static void *conf_g_lvs_syncd(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	struct conf_global *g = obj;
	struct conf_lvs_syncd *s = &g->lvs_syncd;
	struct conf_lvs_syncd n = {.syncid = CONF_UNSET, .port = 8848, .ttl = 1};
	size_t i = 1;
	bool ok = true;

	(void)kw;
	if (!conf_nargs(p, st, 1, -1))
		return NULL;
	addr_parse("224.0.0.81", &n.group);
	n.ifname = xstrdup(st->args[0].text);
	n.loc = st->kw->loc;
	n.set = true;
	/* [inst] INSTANCE: a word that is not an option keyword */
	if (i < st->nargs && strcmp(st->args[i].text, "inst") == 0)
		i++;
	if (i < st->nargs && strcmp(st->args[i].text, "id") != 0 &&
	    strcmp(st->args[i].text, "maxlen") != 0 && strcmp(st->args[i].text, "port") != 0 &&
	    strcmp(st->args[i].text, "ttl") != 0 && strcmp(st->args[i].text, "group") != 0) {
		n.instance = xstrdup(st->args[i].text);
		n.instance_loc = st->args[i].loc;
		i++;
	}
	for (; i < st->nargs && ok; i += 2) {
		const char *o = st->args[i].text;
		uint32_t v;

		if (i + 1 >= st->nargs) {
			conf_perr(p, &st->args[i], "%s: '%s' needs a value", st->kw->text, o);
			ok = false;
		} else if (strcmp(o, "id") == 0) {
			ok = conf_arg_u32(p, st, i + 1, 0, 255, &v);
			n.syncid = (int)v;
		} else if (strcmp(o, "maxlen") == 0) {
			ok = conf_arg_u32(p, st, i + 1, 1, 65507, &n.maxlen);
		} else if (strcmp(o, "port") == 0) {
			ok = conf_arg_u32(p, st, i + 1, 1, 65535, &n.port);
		} else if (strcmp(o, "ttl") == 0) {
			ok = conf_arg_u32(p, st, i + 1, 1, 255, &n.ttl);
		} else if (strcmp(o, "group") == 0) {
			ok = conf_arg_addr(p, st, i + 1, &n.group, NULL);
		} else {
			conf_perr(p, &st->args[i],
				  "%s: unknown option '%s' (inst, id, maxlen, port, ttl, group)",
				  st->kw->text, o);
			ok = false;
		}
	}
	if (!ok) {
		free(n.ifname);
		free(n.instance);
		return NULL;
	}
	free(s->ifname);
	free(s->instance);
	*s = n;
	return NULL;
}

/* vrrp_cpu_affinity / checker_cpu_affinity CPU...: replaces the set. */
static void *conf_g_cpus(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	uint64_t *cpus = (uint64_t *)(void *)((char *)obj + kw->off);
	uint64_t n[SCHED_CPU_WORDS] = {0};
	long long v;

	if (!conf_nargs(p, st, 1, -1))
		return NULL;
	for (size_t i = 0; i < st->nargs; i++) {
		if (!conf_arg_ll(p, st, i, 0, SCHED_CPU_MAX - 1, &v))
			return NULL;
		sched_cpu_set(n, (unsigned)v);
	}
	memcpy(cpus, n, sizeof(n));
	return NULL;
}

/* ---- tables ---- */

static const char no_ns[] = "network namespaces are not implemented; run vigild in the namespace";
static const char no_fw[] = "vigil manages no firewall rules";
static const char no_bufs[] = "netlink buffer sizes are not tunable in vigil";
static const char no_static[] = "static addresses, routes and rules are not implemented";

static const struct conf_kw conf_global_kws[] = {
    {.name = "router_id", .fn = conf_kw_str, .off = G(router_id)},
    {.name = "script_user", .fn = conf_g_script_user},
    {.name = "enable_script_security", .fn = conf_kw_flag, .off = G(enable_script_security)},
    {.name = "vrrp_mcast_group4", .fn = conf_g_mcast_group, .min = AF_INET},
    {.name = "vrrp_mcast_group6", .fn = conf_g_mcast_group, .min = AF_INET6},
    {.name = "vrrp_version", .fn = conf_kw_int, .off = G(vrrp_version), .min = 2, .max = 3},
    {.name = "vrrp_garp_master_delay",
     .fn = conf_kw_int,
     .off = G(vrrp_garp_master_delay),
     .min = 0,
     .max = 1000},
    {.name = "vrrp_garp_master_repeat",
     .fn = conf_kw_int,
     .off = G(vrrp_garp_master_repeat),
     .min = 1,
     .max = 1000},
    {.name = "vrrp_garp_lower_prio_delay",
     .fn = conf_kw_int,
     .off = G(vrrp_garp_lower_prio_delay),
     .min = 0,
     .max = 1000},
    {.name = "vrrp_garp_lower_prio_repeat",
     .fn = conf_kw_int,
     .off = G(vrrp_garp_lower_prio_repeat),
     .min = 0,
     .max = 1000},
    {.name = "vrrp_garp_master_refresh",
     .fn = conf_kw_int,
     .off = G(vrrp_garp_master_refresh),
     .min = 0,
     .max = 86400},
    {.name = "vrrp_garp_master_refresh_repeat",
     .fn = conf_kw_int,
     .off = G(vrrp_garp_master_refresh_repeat),
     .min = 1,
     .max = 1000},
    {.name = "vrrp_garp_interval",
     .fn = conf_g_usecs,
     .off = G(vrrp_garp_interval_us),
     .min = 0,
     .max = 1000000},
    {.name = "vrrp_gna_interval",
     .fn = conf_g_usecs,
     .off = G(vrrp_gna_interval_us),
     .min = 0,
     .max = 1000000},
    {.name = "vrrp_min_garp", .fn = conf_g_min_garp},
    {.name = "vrrp_down_timer_adverts",
     .fn = conf_kw_int,
     .off = G(vrrp_down_timer_adverts),
     .min = 1,
     .max = 100},
    {.name = "vrrp_lower_prio_no_advert", .fn = conf_kw_flag, .off = G(vrrp_lower_prio_no_advert)},
    {.name = "vrrp_higher_prio_send_advert",
     .fn = conf_kw_flag,
     .off = G(vrrp_higher_prio_send_advert)},
    {.name = "vrrp_strict", .fn = conf_kw_flag, .off = G(vrrp_strict)},
    {.name = "vrrp_skip_check_adv_addr", .fn = conf_kw_flag, .off = G(vrrp_skip_check_adv_addr)},
    {.name = "vrrp_check_unicast_src", .fn = conf_kw_flag, .off = G(vrrp_check_unicast_src)},
    {.name = "vrrp_notify_priority_changes",
     .fn = conf_kw_flag,
     .off = G(vrrp_notify_priority_changes)},
    {.name = "vrrp_startup_delay",
     .fn = conf_g_usecs,
     .off = G(vrrp_startup_delay_us),
     .min = 0,
     .max = 3600000000LL},
    {.name = "vmac_prefix", .fn = conf_kw_str, .off = G(vmac_prefix)},
    {.name = "log_unknown_vrids", .fn = conf_kw_flag, .off = G(log_unknown_vrids)},
    {.name = "fifo_write_vrrp_states_on_reload",
     .fn = conf_kw_flag,
     .off = G(fifo_write_vrrp_states_on_reload)},
    {.name = "vrrp_priority", .fn = conf_kw_int, .off = G(vrrp_priority), .min = -20, .max = 19},
    {.name = "checker_priority",
     .fn = conf_kw_int,
     .off = G(checker_priority),
     .min = -20,
     .max = 19},
    {.name = "vrrp_rt_priority",
     .fn = conf_kw_int,
     .off = G(vrrp_rt_priority),
     .min = 1,
     .max = 99},
    {.name = "checker_rt_priority",
     .fn = conf_kw_int,
     .off = G(checker_rt_priority),
     .min = 1,
     .max = 99},
    {.name = "vrrp_no_swap", .fn = conf_kw_flag, .off = G(vrrp_no_swap)},
    {.name = "checker_no_swap", .fn = conf_kw_flag, .off = G(checker_no_swap)},
    {.name = "vrrp_rlimit_rttime",
     .fn = conf_kw_int,
     .off = G(vrrp_rlimit_rttime_us),
     .min = 2,
     .max = 2000000000},
    {.name = "vrrp_rlimit_rtime",
     .fn = conf_kw_int,
     .off = G(vrrp_rlimit_rttime_us),
     .min = 2,
     .max = 2000000000},
    {.name = "checker_rlimit_rttime",
     .fn = conf_kw_int,
     .off = G(checker_rlimit_rttime_us),
     .min = 2,
     .max = 2000000000},
    {.name = "checker_rlimit_rtime",
     .fn = conf_kw_int,
     .off = G(checker_rlimit_rttime_us),
     .min = 2,
     .max = 2000000000},
    {.name = "vrrp_cpu_affinity", .fn = conf_g_cpus, .off = G(vrrp_cpus)},
    {.name = "checker_cpu_affinity", .fn = conf_g_cpus, .off = G(checker_cpus)},
    {.name = "checker_log_all_failures", .fn = conf_kw_flag, .off = G(checker_log_all_failures)},
    {.name = "notify_fifo", .fn = conf_g_fifo, .off = G(notify_fifo)},
    {.name = "notify_fifo_script", .fn = conf_g_fifo_script, .off = G(notify_fifo)},
    {.name = "vrrp_notify_fifo", .fn = conf_g_fifo, .off = G(vrrp_notify_fifo)},
    {.name = "vrrp_notify_fifo_script", .fn = conf_g_fifo_script, .off = G(vrrp_notify_fifo)},
    {.name = "lvs_notify_fifo", .fn = conf_g_fifo, .off = G(lvs_notify_fifo)},
    {.name = "lvs_notify_fifo_script", .fn = conf_g_fifo_script, .off = G(lvs_notify_fifo)},
    {.name = "lvs_flush", .fn = conf_kw_flag, .off = G(lvs_flush)},
    {.name = "rs_init_notifies", .fn = conf_kw_flag, .off = G(rs_init_notifies)},
    {.name = "lvs_flush_onstop", .fn = conf_g_flush_onstop},
    {.name = "lvs_flush_on_stop", .fn = conf_g_flush_onstop},
    {.name = "lvs_timeouts", .fn = conf_g_lvs_timeouts},
    {.name = "lvs_sync_daemon", .fn = conf_g_lvs_syncd},

    /* cosmetic: e-mail alerting, SNMP, debug output */
    IGN("notification_email", "e-mail alerting is not implemented"),
    IGN("notification_email_from", "e-mail alerting is not implemented"),
    IGN("smtp_server", "e-mail alerting is not implemented"),
    IGN("smtp_helo_name", "e-mail alerting is not implemented"),
    IGN("smtp_connect_timeout", "e-mail alerting is not implemented"),
    IGN("smtp_alert", "e-mail alerting is not implemented"),
    IGN("smtp_alert_vrrp", "e-mail alerting is not implemented"),
    IGN("smtp_alert_checker", "e-mail alerting is not implemented"),
    IGN("no_email_faults", "e-mail alerting is not implemented"),
    IGN("no_checker_emails", "e-mail alerting is not implemented"),
    IGN("snmp_socket", "SNMP is not implemented"),
    IGN("enable_snmp_vrrp", "SNMP is not implemented"),
    IGN("enable_snmp_checker", "SNMP is not implemented"),
    IGN("enable_snmp_rfc", "SNMP is not implemented"),
    IGN("enable_snmp_rfcv2", "SNMP is not implemented"),
    IGN("enable_snmp_rfcv3", "SNMP is not implemented"),
    IGN("enable_snmp_keepalived", "SNMP is not implemented"),
    IGN("enable_traps", "SNMP is not implemented"),
    IGN("data_use_instance", "vigil writes no SIGUSR1 data dumps"),
    IGN("reload_check_config", "vigil always validates a new config before reloading"),
    IGN("include_check", "a missing include is always an error in vigil"),

    /* not implemented: would change behaviour, so they are errors */
    UNSUP("tmp_config_directory", "the config snapshot is held in memory"),
    UNSUP("config_save_dir", "no config state is saved on reload"),
    UNSUP("process_names", "process names are fixed"),
    UNSUP("process_name", "process names are fixed"),
    UNSUP("vrrp_process_name", "process names are fixed"),
    UNSUP("checker_process_name", "process names are fixed"),
    UNSUP("bfd_process_name", "BFD is not implemented"),
    UNSUP("startup_script", "no startup/shutdown scripts; use systemd ExecStartPre="),
    UNSUP("startup_script_timeout", "no startup/shutdown scripts; use systemd ExecStartPre="),
    UNSUP("shutdown_script", "no startup/shutdown scripts; use systemd ExecStopPost="),
    UNSUP("shutdown_script_timeout", "no startup/shutdown scripts; use systemd ExecStopPost="),
    UNSUP("default_interface", no_static),
    UNSUP("vrrp_garp_extra_if", "periodic GARP on other interfaces is not implemented"),
    UNSUP("vrrp_garp_extra_if_vmac", "periodic GARP on other interfaces is not implemented"),
    UNSUP("nftables", no_fw),
    UNSUP("nftables_priority", no_fw),
    UNSUP("nftables_counters", no_fw),
    UNSUP("nftables_ifindex", no_fw),
    UNSUP("nftables_ipvs", no_fw),
    UNSUP("nftables_ipvs_priority", no_fw),
    UNSUP("nftables_ipvs_start_fwmark", no_fw),
    UNSUP("vrrp_iptables", no_fw),
    UNSUP("vrrp_ipsets", no_fw),
    UNSUP("disable_local_igmp", "vigil does not change IGMP sysctls"),
    UNSUP("max_auto_priority", "no automatic scheduling priority increase"),
    UNSUP("min_auto_priority_delay", "no automatic scheduling priority increase"),
    UNSUP("bfd_rlimit_rtime", "BFD is not implemented"),
    UNSUP("lvs_process_name", "process names are fixed"),
    UNSUP("bfd_priority", "BFD is not implemented"),
    UNSUP("bfd_rt_priority", "BFD is not implemented"),
    UNSUP("bfd_no_swap", "BFD is not implemented"),
    UNSUP("bfd_cpu_affinity", "BFD is not implemented"),
    UNSUP("bfd_rlimit_rttime", "BFD is not implemented"),
    UNSUP("enable_dbus", "no DBus interface; use vigilctl"),
    UNSUP("dbus_service_name", "no DBus interface; use vigilctl"),
    UNSUP("dynamic_interfaces", "interfaces must exist at start"),
    UNSUP("vrrp_netlink_cmd_rcv_bufs", no_bufs),
    UNSUP("vrrp_netlink_cmd_rcv_bufs_force", no_bufs),
    UNSUP("vrrp_netlink_monitor_rcv_bufs", no_bufs),
    UNSUP("vrrp_netlink_monitor_rcv_bufs_force", no_bufs),
    UNSUP("lvs_netlink_cmd_rcv_bufs", no_bufs),
    UNSUP("lvs_netlink_cmd_rcv_bufs_force", no_bufs),
    UNSUP("lvs_netlink_monitor_rcv_bufs", no_bufs),
    UNSUP("lvs_netlink_monitor_rcv_bufs_force", no_bufs),
    UNSUP("process_monitor_rcv_bufs", no_bufs),
    UNSUP("process_monitor_rcv_bufs_force", no_bufs),
    UNSUP("vrrp_rx_bufs_policy", "socket buffer sizes are not tunable in vigil"),
    UNSUP("vrrp_rx_bufs_multiplier", "socket buffer sizes are not tunable in vigil"),
    UNSUP("umask", "the umask is set by the service manager"),
    UNSUP("vmac_addr_prefix", "use_vmac_addr is not implemented"),
    UNSUP("random_seed", "${_RANDOM} is not implemented"),
    UNSUP("reload_time_file", "scheduled reloads are not implemented"),
    UNSUP("reload_repeat", "scheduled reloads are not implemented"),
    UNSUP("reload_file", "reload files are not implemented"),
    UNSUP("net_namespace", no_ns),
    UNSUP("net_namespace_ipvs", no_ns),
    UNSUP("namespace_with_ipsets", no_ns),
    UNSUP("instance", "one vigild per namespace; pid files come from the command line"),
    UNSUP("use_pid_dir", "pid files come from the command line"),
    UNSUP("linkbeat_use_polling", "link state comes from netlink only"),
    UNSUP("child_wait_time", "the child stop timeout is fixed"),
    {.name = NULL},
};

static void *conf_global_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	(void)obj;
	(void)kw;
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	p->conf->global.loc = st->kw->loc;
	return &p->conf->global;
}

const struct conf_kw conf_global_top_kws[] = {
    {.name = "global_defs",
     .fn = conf_global_block,
     .block = conf_global_kws,
     .flags = CONF_KW_BLOCK},
    UNSUP("net_namespace", no_ns),
    UNSUP("net_namespace_ipvs", no_ns),
    UNSUP("namespace_with_ipsets", no_ns),
    UNSUP("instance", "one vigild per namespace; pid files come from the command line"),
    UNSUP("use_pid_dir", "pid files come from the command line"),
    UNSUP("linkbeat_use_polling", "link state comes from netlink only"),
    UNSUP("linkbeat_interfaces", "link state comes from netlink only"),
    UNSUP("child_wait_time", "the child stop timeout is fixed"),
    UNSUP("track_group", no_static),
    UNSUP("static_ipaddress", no_static),
    UNSUP("static_routes", no_static),
    UNSUP("static_rules", no_static),
    UNSUP("bfd_instance", "BFD is not implemented"),
    {.name = NULL},
};

/* ---- lifecycle ---- */

void conf_global_init(struct conf_global *g)
{
	memset(g, 0, sizeof(*g));
	addr_parse("224.0.0.18", &g->vrrp_mcast_group4);
	addr_parse("ff02::12", &g->vrrp_mcast_group6);
	g->vrrp_version = 2;
	g->vrrp_garp_master_delay = 5;
	g->vrrp_garp_master_repeat = 5;
	g->vrrp_garp_lower_prio_delay = CONF_UNSET;
	g->vrrp_garp_lower_prio_repeat = CONF_UNSET;
	g->vrrp_garp_master_refresh = 0;
	g->vrrp_garp_master_refresh_repeat = 1;
	g->vrrp_down_timer_adverts = 3;
	g->vmac_prefix = xstrdup("vrrp");
	g->lvs_syncd.syncid = CONF_UNSET;
}

static void conf_fifo_free(struct conf_fifo *f)
{
	free(f->path);
	free(f->user);
	free(f->group);
	conf_cmd_free(&f->script);
}

void conf_global_free(struct conf_global *g)
{
	free(g->router_id);
	free(g->script_user);
	free(g->script_group);
	free(g->vmac_prefix);
	conf_fifo_free(&g->notify_fifo);
	conf_fifo_free(&g->vrrp_notify_fifo);
	conf_fifo_free(&g->lvs_notify_fifo);
	free(g->lvs_syncd.ifname);
	free(g->lvs_syncd.instance);
}

/* ---- printing ---- */

static void conf_g_word(struct strbuf *b, const char *kw, const char *w)
{
	strbuf_printf(b, "    %s ", kw);
	conf_out_word(b, w);
	strbuf_putc(b, '\n');
}

static void conf_g_onoff(struct strbuf *b, const char *kw, bool v)
{
	conf_out(b, 1, "%s %s", kw, v ? "on" : "off");
}

static void conf_g_fifo_print(struct strbuf *b, const char *kw, const struct conf_fifo *f)
{
	char skw[64];

	if (f->path) {
		struct conf_cmd c = {.cmd = f->path, .user = f->user, .group = f->group};
		conf_cmd_print(b, 1, kw, &c);
	}
	if (util_snprintf(skw, sizeof(skw), "%s_script", kw) > 0)
		conf_cmd_print(b, 1, skw, &f->script);
}

static void conf_g_cpus_print(struct strbuf *b, const char *kw, const uint64_t *cpus)
{
	if (sched_cpus_empty(cpus))
		return;
	strbuf_printf(b, "    %s", kw);
	for (unsigned n = 0; n < SCHED_CPU_MAX; n++)
		if (sched_cpu_isset(cpus, n))
			strbuf_printf(b, " %u", n);
	strbuf_putc(b, '\n');
}

void conf_global_print(struct strbuf *b, const struct conf *c)
{
	const struct conf_global *g = &c->global;
	const struct conf_lvs_syncd *s = &g->lvs_syncd;
	char a[ADDR_STRLEN], f[32];

	conf_out(b, 0, "global_defs {");
	if (g->router_id)
		conf_g_word(b, "router_id", g->router_id);
	if (g->script_user) {
		struct conf_cmd u = {.cmd = g->script_user, .user = g->script_group};
		conf_cmd_print(b, 1, "script_user", &u);
	}
	conf_g_onoff(b, "enable_script_security", g->enable_script_security);
	conf_out(b, 1, "vrrp_version %d", g->vrrp_version);
	conf_out(b, 1, "vrrp_mcast_group4 %s", addr_str(&g->vrrp_mcast_group4, a, sizeof(a)));
	conf_out(b, 1, "vrrp_mcast_group6 %s", addr_str(&g->vrrp_mcast_group6, a, sizeof(a)));
	conf_out(b, 1, "vrrp_garp_master_delay %d", g->vrrp_garp_master_delay);
	conf_out(b, 1, "vrrp_garp_master_repeat %d", g->vrrp_garp_master_repeat);
	conf_out(b, 1, "vrrp_garp_lower_prio_delay %d", g->vrrp_garp_lower_prio_delay);
	conf_out(b, 1, "vrrp_garp_lower_prio_repeat %d", g->vrrp_garp_lower_prio_repeat);
	conf_out(b, 1, "vrrp_garp_master_refresh %d", g->vrrp_garp_master_refresh);
	conf_out(b, 1, "vrrp_garp_master_refresh_repeat %d", g->vrrp_garp_master_refresh_repeat);
	conf_out(b, 1, "vrrp_garp_interval %s",
		 conf_global_fmt_fixed(f, sizeof(f), g->vrrp_garp_interval_us, 6));
	conf_out(b, 1, "vrrp_gna_interval %s",
		 conf_global_fmt_fixed(f, sizeof(f), g->vrrp_gna_interval_us, 6));
	conf_out(b, 1, "vrrp_down_timer_adverts %d", g->vrrp_down_timer_adverts);
	conf_g_onoff(b, "vrrp_lower_prio_no_advert", g->vrrp_lower_prio_no_advert);
	conf_g_onoff(b, "vrrp_higher_prio_send_advert", g->vrrp_higher_prio_send_advert);
	conf_g_onoff(b, "vrrp_strict", g->vrrp_strict);
	conf_g_onoff(b, "vrrp_skip_check_adv_addr", g->vrrp_skip_check_adv_addr);
	conf_g_onoff(b, "vrrp_check_unicast_src", g->vrrp_check_unicast_src);
	conf_g_onoff(b, "vrrp_notify_priority_changes", g->vrrp_notify_priority_changes);
	conf_out(b, 1, "vrrp_startup_delay %s",
		 conf_global_fmt_fixed(f, sizeof(f), g->vrrp_startup_delay_us, 6));
	conf_g_word(b, "vmac_prefix", g->vmac_prefix);
	conf_g_onoff(b, "log_unknown_vrids", g->log_unknown_vrids);
	conf_g_onoff(b, "fifo_write_vrrp_states_on_reload", g->fifo_write_vrrp_states_on_reload);
	conf_out(b, 1, "vrrp_priority %d", g->vrrp_priority);
	conf_out(b, 1, "checker_priority %d", g->checker_priority);
	if (g->vrrp_rt_priority)
		conf_out(b, 1, "vrrp_rt_priority %d", g->vrrp_rt_priority);
	if (g->checker_rt_priority)
		conf_out(b, 1, "checker_rt_priority %d", g->checker_rt_priority);
	conf_g_onoff(b, "vrrp_no_swap", g->vrrp_no_swap);
	conf_g_onoff(b, "checker_no_swap", g->checker_no_swap);
	if (g->vrrp_rlimit_rttime_us)
		conf_out(b, 1, "vrrp_rlimit_rttime %d", g->vrrp_rlimit_rttime_us);
	if (g->checker_rlimit_rttime_us)
		conf_out(b, 1, "checker_rlimit_rttime %d", g->checker_rlimit_rttime_us);
	conf_g_cpus_print(b, "vrrp_cpu_affinity", g->vrrp_cpus);
	conf_g_cpus_print(b, "checker_cpu_affinity", g->checker_cpus);
	conf_g_onoff(b, "checker_log_all_failures", g->checker_log_all_failures);
	conf_g_fifo_print(b, "notify_fifo", &g->notify_fifo);
	conf_g_fifo_print(b, "vrrp_notify_fifo", &g->vrrp_notify_fifo);
	conf_g_fifo_print(b, "lvs_notify_fifo", &g->lvs_notify_fifo);
	conf_g_onoff(b, "lvs_flush", g->lvs_flush);
	conf_g_onoff(b, "rs_init_notifies", g->rs_init_notifies);
	conf_out(b, 1, "lvs_flush_onstop %s", conf_lvs_flush_onstop_str(g->lvs_flush_onstop));
	if (g->lvs_timeout_tcp || g->lvs_timeout_tcpfin || g->lvs_timeout_udp) {
		strbuf_puts(b, "    lvs_timeouts");
		if (g->lvs_timeout_tcp)
			strbuf_printf(b, " tcp %u", g->lvs_timeout_tcp);
		if (g->lvs_timeout_tcpfin)
			strbuf_printf(b, " tcpfin %u", g->lvs_timeout_tcpfin);
		if (g->lvs_timeout_udp)
			strbuf_printf(b, " udp %u", g->lvs_timeout_udp);
		strbuf_putc(b, '\n');
	}
	if (s->set) {
		strbuf_puts(b, "    lvs_sync_daemon ");
		conf_out_word(b, s->ifname);
		if (s->instance) {
			strbuf_puts(b, " inst ");
			conf_out_word(b, s->instance);
		}
		strbuf_printf(b, " id %d", s->syncid < 0 ? 0 : s->syncid);
		if (s->maxlen)
			strbuf_printf(b, " maxlen %u", s->maxlen);
		strbuf_printf(b, " port %u ttl %u group %s\n", s->port, s->ttl,
			      addr_str(&s->group, a, sizeof(a)));
	}
	conf_out(b, 0, "}");
}

/* ---- process scheduling ---- */

int conf_global_sched_apply(const struct conf_global *g, enum conf_proc which,
			    struct sched_state *st)
{
	bool v = which == CONF_PROC_VRRP;
	struct sched_conf sc = {
	    .nice = v ? g->vrrp_priority : g->checker_priority,
	    .rt_priority = v ? g->vrrp_rt_priority : g->checker_rt_priority,
	    .rlimit_rttime_us = v ? g->vrrp_rlimit_rttime_us : g->checker_rlimit_rttime_us,
	    .no_swap = v ? g->vrrp_no_swap : g->checker_no_swap,
	};

	memcpy(sc.cpus, v ? g->vrrp_cpus : g->checker_cpus, sizeof(sc.cpus));
	return sched_apply(st, v ? "vrrp" : "checker", &sc);
}

/* ---- checks ---- */

static void conf_g_fifo_check(const struct conf_fifo *f, const char *kw, struct conf_errs *errs)
{
	if (f->script.cmd && !f->path)
		conf_error(errs, &f->script.loc, "%s_script without %s", kw, kw);
}

void conf_global_validate(const struct conf *c, struct conf_errs *errs)
{
	const struct conf_global *g = &c->global;
	const struct conf_fifo *fifos[] = {&g->notify_fifo, &g->vrrp_notify_fifo,
					   &g->lvs_notify_fifo};

	conf_g_fifo_check(&g->notify_fifo, "notify_fifo", errs);
	conf_g_fifo_check(&g->vrrp_notify_fifo, "vrrp_notify_fifo", errs);
	conf_g_fifo_check(&g->lvs_notify_fifo, "lvs_notify_fifo", errs);
	for (size_t i = 1; i < ARRAY_SIZE(fifos); i++)
		for (size_t j = 0; j < i; j++)
			if (fifos[i]->path && fifos[j]->path &&
			    strcmp(fifos[i]->path, fifos[j]->path) == 0)
				conf_error(errs, &fifos[i]->loc,
					   "FIFO '%s' is used twice (first defined at %s:%d:%d); "
					   "the notify FIFOs must all differ",
					   fifos[i]->path, fifos[j]->loc.file, fifos[j]->loc.line,
					   fifos[j]->loc.col);
	if (g->lvs_syncd.set && g->lvs_syncd.instance) {
		const struct conf_vrrp *v;
		bool found = false;

		TAILQ_FOREACH (v, &c->vrrps, entry)
			if (strcmp(v->name, g->lvs_syncd.instance) == 0)
				found = true;
		if (!found)
			conf_error(errs, &g->lvs_syncd.instance_loc,
				   "lvs_sync_daemon: vrrp_instance '%s' is not defined",
				   g->lvs_syncd.instance);
	}
	if (g->lvs_syncd.set && g->lvs_syncd.group.af == AF_INET &&
	    (g->lvs_syncd.group.u.bytes[0] & 0xf0) != 0xe0)
		conf_error(errs, &g->lvs_syncd.loc,
			   "lvs_sync_daemon: group is not a multicast address");
}
