/*
 * Unit tests for the LVS side of the config (lib/conf_lvs*.c,
 * lib/conf_check.c), all through conf_load_buf(): every block parsed into
 * the model, defaults and inheritance made explicit, aliases, each
 * validation rule with its exact message and position, and print
 * idempotence.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf.h"

static struct conf_errs errs;

static struct conf *load(const char *text)
{
	conf_errs_free(&errs);
	conf_errs_init(&errs);
	return conf_load_buf("t.conf", text, strlen(text), NULL, &errs);
}

/* All diagnostics, one a line, as printed. */
static char *diags(void)
{
	struct strbuf b;

	strbuf_init(&b);
	for (size_t i = 0; i < errs.n; i++) {
		char *s = conf_diag_str(&errs.v[i]);
		strbuf_puts(&b, s);
		strbuf_putc(&b, '\n');
		free(s);
	}
	if (!b.s)
		strbuf_puts(&b, "");
	return strbuf_steal(&b);
}

static struct conf *load_ok(const char *text)
{
	struct conf *c = load(text);

	if (!c || errs.nerr) {
		char *d = diags();
		ck_abort_msg("config rejected:\n%s", d);
		free(d);
	}
	return c;
}

/* The config must be rejected with exactly `expect` (all diagnostics, newline-terminated). */
static void expect_diags(const char *text, const char *expect)
{
	struct conf *c = load(text);
	char *d = diags();

	ck_assert_msg(c == NULL, "config accepted, expected:\n%s", expect);
	ck_assert_str_eq(d, expect);
	free(d);
}

static char *print(const struct conf *c)
{
	struct strbuf b;

	strbuf_init(&b);
	conf_print(&b, c);
	return strbuf_steal(&b);
}

static const char *astr(const struct addr *a)
{
	static char buf[4][ADDR_STRLEN];
	static int k;

	k = (k + 1) % 4;
	return addr_str(a, buf[k], sizeof(buf[k]));
}

static struct conf_check *first_check(struct conf *c)
{
	return TAILQ_FIRST(&TAILQ_FIRST(&TAILQ_FIRST(&c->vss)->rss)->checks);
}

/* ---- parsing and defaults ---- */

START_TEST(test_vs_defaults)
{
	struct conf *c = load_ok("virtual_server 192.0.2.1 80 {\n"
				 "    real_server 192.0.2.10 {\n"
				 "        TCP_CHECK\n"
				 "    }\n"
				 "}\n");
	struct conf_vs *vs = TAILQ_FIRST(&c->vss);
	struct conf_rs *rs = TAILQ_FIRST(&vs->rss);
	struct conf_check *ck = TAILQ_FIRST(&rs->checks);

	ck_assert_int_eq(vs->kind, CONF_VS_ADDR);
	ck_assert_str_eq(astr(&vs->addr), "192.0.2.1");
	ck_assert_uint_eq(vs->port, 80);
	ck_assert_int_eq(vs->af, AF_INET);
	ck_assert_int_eq(vs->sched, CONF_SCHED_WLC);
	ck_assert_int_eq(vs->fwd.method, CONF_LVS_NAT);
	ck_assert_int_eq(vs->proto, CONF_PROTO_TCP);
	ck_assert_int_eq(vs->opts.delay_loop, 60000);
	ck_assert_int_eq(vs->opts.connect_timeout, 5000);
	ck_assert_uint_eq(vs->quorum, 1);
	ck_assert_uint_eq(vs->hysteresis, 0);
	ck_assert_uint_eq(vs->persistence_timeout, 0);
	ck_assert_int_eq(vs->pg_plen, -1);
	ck_assert(!vs->alpha && !vs->omega && !vs->inhibit && !vs->ha_suspend && !vs->ops);
	ck_assert(!vs->has_sorry);

	ck_assert_str_eq(astr(&rs->addr), "192.0.2.10");
	ck_assert_uint_eq(rs->port, 80); /* the virtual server's */
	ck_assert_int_eq(rs->weight, 1);
	ck_assert_int_eq(rs->fwd.method, CONF_LVS_NAT);
	ck_assert_int_eq(rs->inhibit, 0);
	ck_assert_uint_eq(rs->uthreshold, 0);
	ck_assert_uint_eq(rs->lthreshold, 0);
	ck_assert_int_eq(rs->opts.delay_loop, 60000);

	ck_assert_int_eq(ck->type, CONF_CHECK_TCP);
	ck_assert_str_eq(astr(&ck->connect_ip), "192.0.2.10");
	ck_assert_uint_eq(ck->connect_port, 80);
	ck_assert_int_eq(ck->opts.connect_timeout, 5000);
	ck_assert_int_eq(ck->opts.retry, 1);
	ck_assert_int_eq(ck->opts.delay_before_retry, 1000);
	ck_assert_int_eq(ck->opts.delay_loop, 60000);
	ck_assert_int_eq(ck->opts.warmup, 60000); /* the delay_loop */
	ck_assert_int_eq(ck->opts.alpha, 0);
	ck_assert_uint_eq(ck->rise, 1);
	conf_free(c);
}
END_TEST

START_TEST(test_vs_keywords)
{
	struct conf *c = load_ok("virtual_server 2001:db8::1 443 {\n"
				 "    lvs_sched sh\n"
				 "    sh-port\n"
				 "    sh-fallback\n"
				 "    lvs_method TUN type gue port 6080 remcsum\n"
				 "    persistence_timeout\n"
				 "    persistence_granularity 64\n"
				 "    persistence_engine sip\n"
				 "    protocol sctp\n"
				 "    ha_suspend\n"
				 "    virtualhost www.example.org\n"
				 "    alpha\n"
				 "    omega\n"
				 "    quorum 3\n"
				 "    hysteresis 1\n"
				 "    quorum_up \"/bin/up arg\" nobody nogroup\n"
				 "    quorum_down /bin/down\n"
				 "    sorry_server 2001:db8::99\n"
				 "    sorry_server_inhibit\n"
				 "    sorry_server_lvs_method DR\n"
				 "    delay_loop 2.5\n"
				 "    smtp_alert\n"
				 "    real_server 2001:db8::10 443 {\n"
				 "        weight 2\n"
				 "    }\n"
				 "    real_server 2001:db8::11 443 {\n"
				 "        weight 2\n"
				 "    }\n"
				 "}\n");
	struct conf_vs *vs = TAILQ_FIRST(&c->vss);

	ck_assert_int_eq(vs->af, AF_INET6);
	ck_assert_int_eq(vs->sched, CONF_SCHED_SH);
	ck_assert_uint_eq(vs->sched_flags, (1u << CONF_SF_SH_PORT) | (1u << CONF_SF_SH_FALLBACK));
	ck_assert_uint_eq(conf_sched_flags_ipvs(vs->sched_flags), 0x18);
	ck_assert_int_eq(vs->fwd.method, CONF_LVS_TUN);
	ck_assert_int_eq(vs->fwd.tun_type, CONF_TUN_GUE);
	ck_assert_uint_eq(vs->fwd.tun_port, 6080);
	ck_assert_int_eq(vs->fwd.tun_csum, CONF_TUN_REMCSUM);
	ck_assert_uint_eq(vs->persistence_timeout, 360);
	ck_assert_int_eq(vs->pg_plen, 64);
	ck_assert_str_eq(vs->persistence_engine, "sip");
	ck_assert_int_eq(vs->proto, CONF_PROTO_SCTP);
	ck_assert(vs->ha_suspend && vs->alpha && vs->omega);
	ck_assert_str_eq(vs->virtualhost, "www.example.org");
	ck_assert_uint_eq(vs->quorum, 3);
	ck_assert_uint_eq(vs->hysteresis, 1);
	ck_assert_str_eq(vs->quorum_up.cmd, "/bin/up arg");
	ck_assert_str_eq(vs->quorum_up.user, "nobody");
	ck_assert_str_eq(vs->quorum_up.group, "nogroup");
	ck_assert_str_eq(vs->quorum_down.cmd, "/bin/down");
	ck_assert_ptr_null(vs->quorum_down.user);
	ck_assert(vs->has_sorry && vs->sorry_inhibit);
	ck_assert_str_eq(astr(&vs->sorry_addr), "2001:db8::99");
	ck_assert_uint_eq(vs->sorry_port, 443); /* the service's */
	ck_assert_int_eq(vs->sorry_fwd.method, CONF_LVS_DR);
	ck_assert_int_eq(vs->opts.delay_loop, 2500);
	/* real servers inherit the tunnel and alpha */
	ck_assert_int_eq(TAILQ_FIRST(&vs->rss)->fwd.method, CONF_LVS_TUN);
	ck_assert_uint_eq(TAILQ_FIRST(&vs->rss)->fwd.tun_port, 6080);
	ck_assert_int_eq(TAILQ_FIRST(&vs->rss)->opts.alpha, 1);
	/* smtp_alert is cosmetic: a warning */
	ck_assert_uint_eq(errs.nwarn, 1);
	{
		char *d = diags();
		ck_assert_str_eq(d,
				 "t.conf:22:5: warning: 'smtp_alert' ignored (e-mail alerting is "
				 "not implemented)\n");
		free(d);
	}
	conf_free(c);
}
END_TEST

START_TEST(test_aliases)
{
	const char *a = "virtual_server 192.0.2.1 80 {\n"
			"    lb_algo rr\n"
			"    lb_kind DR\n"
			"    real_server 192.0.2.10 80 {\n"
			"        lb_kind TUN\n"
			"        HTTP_GET {\n"
			"            nb_get_retry 7\n"
			"            url {\n"
			"                path /\n"
			"            }\n"
			"        }\n"
			"    }\n"
			"}\n";
	const char *b = "virtual_server 192.0.2.1 80 {\n"
			"    lvs_sched rr\n"
			"    lvs_method DR\n"
			"    real_server 192.0.2.10 80 {\n"
			"        lvs_method TUN\n"
			"        HTTP_GET {\n"
			"            retry 7\n"
			"            url {\n"
			"                path /\n"
			"            }\n"
			"        }\n"
			"    }\n"
			"}\n";
	struct conf *ca = load_ok(a), *cb = load_ok(b);
	char *pa = print(ca), *pb = print(cb);

	ck_assert_int_eq(TAILQ_FIRST(&ca->vss)->sched, CONF_SCHED_RR);
	ck_assert_int_eq(TAILQ_FIRST(&ca->vss)->fwd.method, CONF_LVS_DR);
	ck_assert_int_eq(TAILQ_FIRST(&TAILQ_FIRST(&ca->vss)->rss)->fwd.method, CONF_LVS_TUN);
	ck_assert_int_eq(first_check(ca)->opts.retry, 7);
	ck_assert_str_eq(pa, pb);
	ck_assert_ptr_null(strstr(pa, "lb_algo"));
	ck_assert_ptr_null(strstr(pa, "lb_kind"));
	ck_assert_ptr_null(strstr(pa, "nb_get_retry"));
	ck_assert_ptr_nonnull(strstr(pa, "    lvs_sched rr\n"));
	ck_assert_ptr_nonnull(strstr(pa, "            retry 7\n"));
	free(pa);
	free(pb);
	conf_free(ca);
	conf_free(cb);
}
END_TEST

START_TEST(test_inheritance)
{
	struct conf *c = load_ok("virtual_server 192.0.2.1 80 {\n"
				 "    delay_loop 10\n"
				 "    connect_timeout 3\n"
				 "    retry 4\n"
				 "    delay_before_retry 2\n"
				 "    warmup 0\n"
				 "    inhibit_on_failure\n"
				 "    weight 7\n"
				 "    virtualhost vs.example\n"
				 "    real_server 192.0.2.10 8080 {\n"
				 "        retry 5\n"
				 "        alpha\n"
				 "        virtualhost rs.example\n"
				 "        TCP_CHECK {\n"
				 "            delay_loop 1\n"
				 "        }\n"
				 "        HTTP_GET {\n"
				 "            url {\n"
				 "                path /\n"
				 "            }\n"
				 "        }\n"
				 "    }\n"
				 "    real_server 192.0.2.11 {\n"
				 "        inhibit_on_failure off\n"
				 "        weight 0\n"
				 "        MISC_CHECK {\n"
				 "            misc_path /bin/true\n"
				 "        }\n"
				 "    }\n"
				 "}\n"
				 "virtual_server 192.0.2.2 53 {\n"
				 "    protocol UDP\n"
				 "    real_server 192.0.2.12 53 {\n"
				 "        DNS_CHECK\n"
				 "        MISC_CHECK {\n"
				 "            misc_path /bin/true\n"
				 "        }\n"
				 "        HTTP_GET {\n"
				 "            connect_port 80\n"
				 "            url {\n"
				 "                path /\n"
				 "            }\n"
				 "        }\n"
				 "    }\n"
				 "}\n");
	struct conf_vs *vs = TAILQ_FIRST(&c->vss);
	struct conf_rs *rs1 = TAILQ_FIRST(&vs->rss), *rs2 = TAILQ_NEXT(rs1, entry);
	struct conf_check *tcp = TAILQ_FIRST(&rs1->checks), *http = TAILQ_NEXT(tcp, entry);
	struct conf_check *misc = TAILQ_FIRST(&rs2->checks);
	struct conf_vs *vs2 = TAILQ_NEXT(vs, entry);
	struct conf_rs *rs3 = TAILQ_FIRST(&vs2->rss);
	struct conf_check *dns = TAILQ_FIRST(&rs3->checks), *misc2 = TAILQ_NEXT(dns, entry);
	struct conf_check *http2 = TAILQ_NEXT(misc2, entry);

	/* vs -> rs */
	ck_assert_int_eq(rs1->opts.retry, 5);
	ck_assert_int_eq(rs1->opts.delay_before_retry, 2000);
	ck_assert_int_eq(rs1->opts.connect_timeout, 3000);
	ck_assert_int_eq(rs1->opts.delay_loop, 10000);
	ck_assert_int_eq(rs1->opts.warmup, 0);
	ck_assert_int_eq(rs1->opts.alpha, 1);
	ck_assert_int_eq(rs1->inhibit, 1);
	ck_assert_int_eq(rs1->weight, 7);
	ck_assert_uint_eq(rs1->port, 8080);
	ck_assert_int_eq(rs2->inhibit, 0);
	ck_assert_int_eq(rs2->weight, 0);
	ck_assert_int_eq(rs2->opts.alpha, 0);
	ck_assert_uint_eq(rs2->port, 80);
	/* rs -> check */
	ck_assert_int_eq(tcp->opts.retry, 5);
	ck_assert_int_eq(tcp->opts.delay_loop, 1000);
	ck_assert_int_eq(tcp->opts.warmup, 0);
	ck_assert_int_eq(tcp->opts.connect_timeout, 3000);
	ck_assert_int_eq(tcp->opts.delay_before_retry, 2000);
	ck_assert_int_eq(tcp->opts.alpha, 1);
	ck_assert_uint_eq(tcp->connect_port, 8080);
	ck_assert_str_eq(http->virtualhost, "rs.example");
	ck_assert(conf_url_status_ok(TAILQ_FIRST(&http->urls), 200));
	ck_assert(conf_url_status_ok(TAILQ_FIRST(&http->urls), 299));
	ck_assert(!conf_url_status_ok(TAILQ_FIRST(&http->urls), 300));
	ck_assert(!conf_url_status_ok(TAILQ_FIRST(&http->urls), 199));
	ck_assert_int_eq(misc->opts.retry, 4);	     /* the vs's retry beats the MISC default */
	ck_assert_int_eq(misc->misc_timeout, 10000); /* the vs's delay_loop */
	/* type defaults when nobody sets them */
	ck_assert_int_eq(dns->opts.retry, 3);
	ck_assert_int_eq(dns->opts.delay_before_retry, 60000);
	ck_assert_str_eq(dns->dns_name, ".");
	ck_assert_int_eq(dns->dns_type, CONF_DNS_SOA);
	ck_assert_uint_eq(conf_dns_type_code(dns->dns_type), 6);
	ck_assert_int_eq(misc2->opts.retry, 0);
	ck_assert_int_eq(misc2->opts.delay_before_retry, 1000);
	ck_assert_int_eq(http2->opts.retry, 1);
	ck_assert_int_eq(http2->opts.delay_before_retry, 3000);
	ck_assert_uint_eq(http2->connect_port, 80);
	ck_assert_ptr_null(http2->virtualhost);
	conf_free(c);
}
END_TEST

START_TEST(test_vsg)
{
	struct conf *c = load_ok("virtual_server_group G {\n"
				 "    192.0.2.1-10 80\n"
				 "    192.0.2.250-192.0.3.4 80\n"
				 "    198.51.100.8/29 80\n"
				 "    192.0.2.99 8080\n"
				 "    fwmark 7\n"
				 "}\n"
				 "virtual_server_group G6 {\n"
				 "    2001:db8::1-1f 443\n"
				 "    fwmark 8 inet6\n"
				 "}\n"
				 "virtual_server group G {\n"
				 "    real_server 192.0.2.20 80\n"
				 "}\n"
				 "virtual_server group G6 {\n"
				 "    real_server 2001:db8::20\n"
				 "}\n");
	struct conf_vsg *g = TAILQ_FIRST(&c->vsgs), *g6 = TAILQ_NEXT(g, entry);
	struct conf_vsg_entry *e = TAILQ_FIRST(&g->entries);
	char *out;

	ck_assert_str_eq(g->name, "G");
	ck_assert_str_eq(astr(&e->first), "192.0.2.1");
	ck_assert_str_eq(astr(&e->last), "192.0.2.10");
	ck_assert_uint_eq(e->port, 80);
	e = TAILQ_NEXT(e, entry);
	ck_assert_str_eq(astr(&e->first), "192.0.2.250");
	ck_assert_str_eq(astr(&e->last), "192.0.3.4");
	e = TAILQ_NEXT(e, entry);
	ck_assert_str_eq(astr(&e->first), "198.51.100.8");
	ck_assert_str_eq(astr(&e->last), "198.51.100.15");
	e = TAILQ_NEXT(e, entry);
	ck_assert(addr_eq(&e->first, &e->last));
	ck_assert_uint_eq(e->port, 8080);
	e = TAILQ_NEXT(e, entry);
	ck_assert(e->is_fwmark);
	ck_assert_uint_eq(e->fwmark, 7);
	ck_assert_int_eq(e->af, 0);
	e = TAILQ_FIRST(&g6->entries);
	ck_assert_str_eq(astr(&e->first), "2001:db8::1");
	ck_assert_str_eq(astr(&e->last), "2001:db8::1f"); /* IPv6 range ends are hex */
	e = TAILQ_NEXT(e, entry);
	ck_assert_int_eq(e->af, AF_INET6);
	ck_assert_int_eq(TAILQ_FIRST(&c->vss)->af, AF_INET);
	ck_assert_int_eq(TAILQ_NEXT(TAILQ_FIRST(&c->vss), entry)->af, AF_INET6);
	out = print(c);
	ck_assert_ptr_nonnull(strstr(out, "virtual_server_group G {\n"
					  "    192.0.2.1-10 80\n"
					  "    192.0.2.250-192.0.3.4 80\n"
					  "    198.51.100.8-15 80\n"
					  "    192.0.2.99 8080\n"
					  "    fwmark 7\n"
					  "}\n"
					  "virtual_server_group G6 {\n"
					  "    2001:db8::1-1f 443\n"
					  "    fwmark 8 inet6\n"
					  "}\n"));
	free(out);
	conf_free(c);
}
END_TEST

START_TEST(test_fwmark_family)
{
	struct conf *c = load_ok("virtual_server fwmark 1 {\n"
				 "    real_server 2001:db8::1 80\n"
				 "}\n"
				 "virtual_server fwmark 2 {\n"
				 "    lvs_method TUN\n"
				 "    real_server 2001:db8::1 80\n"
				 "    real_server 192.0.2.1 80\n"
				 "}\n"
				 "virtual_server fwmark 3 {\n"
				 "    ip_family inet6\n"
				 "    lvs_method TUN\n"
				 "    real_server 192.0.2.1 80\n"
				 "}\n"
				 "virtual_server fwmark 4 {\n"
				 "}\n");
	struct conf_vs *vs = TAILQ_FIRST(&c->vss);

	ck_assert_int_eq(vs->af, AF_INET6); /* from its real servers */
	vs = TAILQ_NEXT(vs, entry);
	ck_assert_int_eq(vs->af, AF_INET); /* mixed tunnelled servers: IPv4 */
	vs = TAILQ_NEXT(vs, entry);
	ck_assert_int_eq(vs->af, AF_INET6); /* ip_family wins; TUN may mix families */
	vs = TAILQ_NEXT(vs, entry);
	ck_assert_int_eq(vs->af, AF_INET);
	conf_free(c);
}
END_TEST

START_TEST(test_checkers)
{
	struct conf *c = load_ok("virtual_server 192.0.2.1 80 {\n"
				 "    real_server 192.0.2.10 80 {\n"
				 "        SSL_GET {\n"
				 "            connect_ip 192.0.2.11\n"
				 "            connect_port 443\n"
				 "            bindto 192.0.2.2\n"
				 "            bind_port 5000\n"
				 "            bind_if eth0\n"
				 "            fwmark 9\n"
				 "            rise 3\n"
				 "            log_all_failures\n"
				 "            http_protocol 1.0c\n"
				 "            enable_sni\n"
				 "            sni_name sni.example\n"
				 "            fast_recovery\n"
				 "            url {\n"
				 "                path /s\n"
				 "                digest 9B3A0C85A887A256D6939DA88AABD8CD\n"
				 "                status_code 200 301-302 599\n"
				 "                virtualhost u.example\n"
				 "                regex \"ok\"\n"
				 "                regex_no_match\n"
				 "                regex_options caseless utf\n"
				 "                regex_min_offset 2\n"
				 "                regex_max_offset 9\n"
				 "            }\n"
				 "        }\n"
				 "        SMTP_CHECK {\n"
				 "            helo_name mx.example\n"
				 "        }\n"
				 "        UDP_CHECK {\n"
				 "            payload Ab12f 3 456\n"
				 "            require_reply 1x\n"
				 "            min_reply_length 1\n"
				 "            max_reply_length 8\n"
				 "        }\n"
				 "        MISC_CHECK {\n"
				 "            misc_path /bin/check --a 1\n"
				 "            misc_timeout 4\n"
				 "            misc_dynamic\n"
				 "            user nobody nogroup\n"
				 "        }\n"
				 "        PING_CHECK\n"
				 "        DNS_CHECK {\n"
				 "            type mx\n"
				 "            name example.org\n"
				 "        }\n"
				 "    }\n"
				 "}\n");
	struct conf_check *ck = first_check(c), *smtp, *udp, *misc, *ping, *dns;
	struct conf_check_url *u = TAILQ_FIRST(&ck->urls);
	static const uint8_t digest[16] = {0x9b, 0x3a, 0x0c, 0x85, 0xa8, 0x87, 0xa2, 0x56,
					   0xd6, 0x93, 0x9d, 0xa8, 0x8a, 0xab, 0xd8, 0xcd};
	static const uint8_t payload[] = {0xab, 0x12, 0x0f, 0x03, 0x45, 0x06};

	ck_assert_int_eq(ck->type, CONF_CHECK_SSL);
	ck_assert_str_eq(astr(&ck->connect_ip), "192.0.2.11");
	ck_assert_uint_eq(ck->connect_port, 443);
	ck_assert_str_eq(astr(&conf_check_conn(ck)->bindto), "192.0.2.2");
	ck_assert_uint_eq(conf_check_conn(ck)->bind_port, 5000);
	ck_assert_str_eq(conf_check_conn(ck)->bind_if, "eth0");
	ck_assert_uint_eq(conf_check_conn(ck)->fwmark, 9);
	ck_assert_uint_eq(ck->rise, 3);
	ck_assert(ck->log_all_failures && ck->enable_sni && ck->fast_recovery);
	ck_assert_int_eq(ck->http_protocol, CONF_HTTP_1_0C);
	ck_assert_str_eq(ck->sni_name, "sni.example");
	ck_assert_str_eq(u->path, "/s");
	ck_assert(u->has_digest);
	ck_assert_mem_eq(u->digest, digest, 16);
	ck_assert(conf_url_status_ok(u, 200) && conf_url_status_ok(u, 301) &&
		  conf_url_status_ok(u, 302) && conf_url_status_ok(u, 599));
	ck_assert(!conf_url_status_ok(u, 201) && !conf_url_status_ok(u, 303));
	ck_assert_str_eq(u->virtualhost, "u.example");
	ck_assert_str_eq(u->regex, "ok");
	ck_assert(u->regex_no_match);
	ck_assert_uint_eq(u->regex_options, (1u << 3) | (1u << 19));
	ck_assert_uint_eq(u->regex_min_offset, 2);
	ck_assert_uint_eq(u->regex_max_offset, 9);

	smtp = TAILQ_NEXT(ck, entry);
	ck_assert_str_eq(smtp->helo_name, "mx.example");
	udp = TAILQ_NEXT(smtp, entry);
	ck_assert_uint_eq(udp->payload_len, sizeof(payload));
	ck_assert_mem_eq(udp->payload, payload, sizeof(payload));
	ck_assert(udp->require_reply);
	ck_assert_uint_eq(udp->reply_len, 1);
	ck_assert_uint_eq(udp->reply[0] & udp->reply_mask[0], 0x10);
	ck_assert_uint_eq(udp->reply_mask[0], 0xf0);
	ck_assert_uint_eq(udp->min_reply_length, 1);
	ck_assert_uint_eq(udp->max_reply_length, 8);
	misc = TAILQ_NEXT(udp, entry);
	ck_assert_str_eq(misc->misc_path, "/bin/check --a 1");
	ck_assert_int_eq(misc->misc_timeout, 4000);
	ck_assert(misc->misc_dynamic);
	ck_assert_str_eq(misc->user, "nobody");
	ck_assert_str_eq(misc->group, "nogroup");
	ping = TAILQ_NEXT(misc, entry);
	ck_assert_int_eq(ping->type, CONF_CHECK_PING);
	dns = TAILQ_NEXT(ping, entry);
	ck_assert_int_eq(dns->dns_type, CONF_DNS_MX);
	ck_assert_str_eq(dns->dns_name, "example.org");
	conf_free(c);
}
END_TEST

START_TEST(test_file_check)
{
	struct conf *c = load_ok("track_file maint {\n"
				 "    file /run/vigil-maint\n"
				 "    weight 3 reverse\n"
				 "}\n"
				 "virtual_server 192.0.2.1 80 {\n"
				 "    real_server 192.0.2.10 80 {\n"
				 "        FILE_CHECK {\n"
				 "            track_file maint\n"
				 "            weight -10\n"
				 "            dynamic\n"
				 "        }\n"
				 "        FILE_CHECK {\n"
				 "            track_file maint\n"
				 "        }\n"
				 "    }\n"
				 "}\n");
	struct conf_check *a = first_check(c), *b = TAILQ_NEXT(a, entry);
	char *out = print(c);

	ck_assert_int_eq(a->type, CONF_CHECK_FILE);
	ck_assert_str_eq(a->track_file, "maint");
	ck_assert(a->weight_set && a->dynamic && !a->weight_reverse);
	ck_assert_int_eq(a->weight, -10);
	/* not given: the track_file's weight and direction */
	ck_assert(b->weight_set && b->weight_reverse && !b->dynamic);
	ck_assert_int_eq(b->weight, 3);
	ck_assert_ptr_nonnull(strstr(out, "        FILE_CHECK {\n"
					  "            track_file maint\n"
					  "            weight 3 reverse\n"
					  "        }\n"));
	free(out);
	conf_free(c);
}
END_TEST

/* ---- print ---- */

static const char full[] = "virtual_server_group G {\n"
			   "    192.0.2.1-10 80\n"
			   "    fwmark 5 inet\n"
			   "}\n"
			   "virtual_server group G {\n"
			   "    persistence_timeout 100\n"
			   "    persistence_granularity 255.255.255.0\n"
			   "    real_server 192.0.2.30 80 {\n"
			   "        notify_up \"/bin/n up\" root\n"
			   "        uthreshold 10\n"
			   "        lthreshold 5\n"
			   "    }\n"
			   "}\n"
			   "virtual_server 2001:db8::1 443 {\n"
			   "    lvs_sched mh\n"
			   "    mh-port\n"
			   "    flag-3\n"
			   "    lvs_method TUN type gre csum\n"
			   "    protocol UDP\n"
			   "    ops\n"
			   "    hashed\n"
			   "    delay_loop 0.25\n"
			   "    sorry_server 2001:db8::9 443\n"
			   "    real_server 2001:db8::2 443 {\n"
			   "        weight 65535\n"
			   "        UDP_CHECK {\n"
			   "            payload 00ff\n"
			   "            require_reply 1x 2\n"
			   "        }\n"
			   "        SSL_GET {\n"
			   "            url {\n"
			   "                path \"/has space\"\n"
			   "                status_code 100 200-204 599\n"
			   "                digest 00112233445566778899aabbccddeeff\n"
			   "            }\n"
			   "        }\n"
			   "    }\n"
			   "    real_server 192.0.2.7 443 {\n"
			   "        lvs_method TUN type gue port 5555\n"
			   "    }\n"
			   "}\n";

/* The snapshot form leaves out what finalize derives again and loads to the
 * same model: inherited values, explicit values equal to the inherited ones,
 * values that differ, and every checker type's defaults. */
static const char inherit[] = "virtual_server 192.0.2.1 80 {\n"
			      "    lvs_method DR\n"
			      "    weight 3\n"
			      "    inhibit_on_failure\n"
			      "    alpha\n"
			      "    virtualhost vs.example\n"
			      "    delay_loop 7\n"
			      "    retry 4\n"
			      "    real_server 192.0.2.10 {\n"
			      "        HTTP_GET {\n"
			      "            url {\n"
			      "                path /\n"
			      "            }\n"
			      "        }\n"
			      "        MISC_CHECK {\n"
			      "            misc_path /bin/true\n"
			      "        }\n"
			      "        DNS_CHECK {\n"
			      "        }\n"
			      "        SMTP_CHECK {\n"
			      "        }\n"
			      "    }\n"
			      "    real_server 192.0.2.11 80 {\n"
			      "        weight 3\n"
			      "        lvs_method DR\n"
			      "        inhibit_on_failure on\n"
			      "        alpha on\n"
			      "        delay_loop 7\n"
			      "        TCP_CHECK {\n"
			      "            connect_ip 192.0.2.11\n"
			      "            connect_port 80\n"
			      "            retry 4\n"
			      "            delay_loop 7\n"
			      "            delay_before_retry 1\n"
			      "            warmup 7\n"
			      "            alpha on\n"
			      "            rise 1\n"
			      "        }\n"
			      "    }\n"
			      "    real_server 192.0.2.12 81 {\n"
			      "        weight 0\n"
			      "        lvs_method NAT\n"
			      "        inhibit_on_failure off\n"
			      "        alpha off\n"
			      "        delay_loop 2\n"
			      "        connect_timeout 9\n"
			      "        warmup 0\n"
			      "        virtualhost rs.example\n"
			      "        SSL_GET {\n"
			      "            connect_ip 192.0.2.13\n"
			      "            connect_port 8443\n"
			      "            retry 1\n"
			      "            delay_before_retry 5\n"
			      "            warmup 4\n"
			      "            alpha on\n"
			      "            rise 3\n"
			      "            log_all_failures\n"
			      "            virtualhost ck.example\n"
			      "            http_protocol 1.1\n"
			      "            enable_sni\n"
			      "            fast_recovery\n"
			      "            url {\n"
			      "                path /x\n"
			      "                status_code 200-299\n"
			      "            }\n"
			      "            url {\n"
			      "                path /y\n"
			      "                status_code 200\n"
			      "            }\n"
			      "        }\n"
			      "        PING_CHECK {\n"
			      "        }\n"
			      "    }\n"
			      "}\n";

static void check_snapshot(const char *text, size_t max_len)
{
	struct conf *c = load_ok(text), *c2;
	char *p1 = print(c), *p2;
	struct strbuf snap;

	strbuf_init(&snap);
	conf_print_snapshot(&snap, c, true);
	ck_assert_uint_le(snap.len, max_len);
	c2 = load_ok(snap.s);
	p2 = print(c2);
	ck_assert_str_eq(p1, p2);
	conf_free(c2);
	free(p2);
	/* as a child loads it: finalized, not validated again */
	{
		const struct conf_load_opts lo = {.snapshot = true};

		conf_errs_free(&errs);
		conf_errs_init(&errs);
		c2 = conf_load_buf("snapshot", snap.s, snap.len, &lo, &errs);
		ck_assert_ptr_nonnull(c2);
		ck_assert_uint_eq(errs.n, 0);
		p2 = print(c2);
		ck_assert_str_eq(p1, p2);
	}
	free(p1);
	free(p2);
	strbuf_free(&snap);
	conf_free(c);
	conf_free(c2);
}

START_TEST(test_snapshot_same_model)
{
	struct strbuf b;
	const struct conf_load_opts lo = {.snapshot = true};

	check_snapshot(full, sizeof(full) * 4);
	check_snapshot(inherit, sizeof(inherit) * 2);
	/* a plain real server is its address line alone */
	strbuf_init(&b);
	{
		struct conf *c = load_ok("virtual_server 192.0.2.1 80 {\n"
					 "    real_server 192.0.2.10 80 {\n"
					 "        weight 1\n"
					 "    }\n"
					 "}\n");
		conf_print_snapshot(&b, c, true);
		ck_assert_ptr_nonnull(strstr(b.s, "\n    real_server 192.0.2.10 80 {\n    }\n}\n"));
		conf_free(c);
	}
	strbuf_free(&b);
	/* the supervisor's warning is not repeated by the child's load */
	{
		struct conf *c = load("virtual_server 192.0.2.1 80 {\n"
				      "    quorum 100\n"
				      "    real_server 192.0.2.10 80 {\n"
				      "    }\n"
				      "}\n");

		ck_assert_ptr_nonnull(c);
		ck_assert_uint_eq(errs.n, 1);
		strbuf_init(&b);
		conf_print_snapshot(&b, c, true);
		conf_free(c);
		conf_errs_free(&errs);
		conf_errs_init(&errs);
		c = conf_load_buf("snapshot", b.s, b.len, &lo, &errs);
		ck_assert_ptr_nonnull(c);
		ck_assert_uint_eq(errs.n, 0);
		conf_free(c);
		strbuf_free(&b);
	}
}
END_TEST

START_TEST(test_print_idempotent)
{
	struct conf *c = load_ok(full), *c2;
	char *p1 = print(c), *p2;

	c2 = load_ok(p1);
	p2 = print(c2);
	ck_assert_str_eq(p1, p2);
	/* canonical forms */
	ck_assert_ptr_nonnull(strstr(p1, "    delay_loop 0.25\n"));
	ck_assert_ptr_nonnull(strstr(p1, "    lvs_method TUN type gre csum\n"));
	ck_assert_ptr_nonnull(strstr(p1, "        lvs_method TUN type gue port 5555 nocsum\n"));
	ck_assert_ptr_nonnull(strstr(p1, "        notify_up \"/bin/n up\" root\n"));
	ck_assert_ptr_nonnull(strstr(p1, "            require_reply 1x02\n"));
	ck_assert_ptr_nonnull(strstr(p1, "                status_code 100 200-204 599\n"));
	ck_assert_ptr_nonnull(strstr(p1, "                path \"/has space\"\n"));
	ck_assert_ptr_nonnull(strstr(p1, "    persistence_granularity 255.255.255.0\n"));
	ck_assert_ptr_nonnull(strstr(p1, "virtual_server group G {\n    ip_family inet\n"));
	free(p1);
	free(p2);
	conf_free(c);
	conf_free(c2);
}
END_TEST

/* ---- names: unknown ones with a suggestion ---- */

START_TEST(test_names)
{
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_sched wlcc\n}\n",
		     "t.conf:2:15: lvs_sched: unknown scheduler 'wlcc' (did you mean 'wlc'?)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    lb_kind NATT\n}\n",
		     "t.conf:2:13: lb_kind: unknown forwarding method 'NATT' (did you mean "
		     "'NAT'?)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_method TUN type vxlan\n}\n",
		     "t.conf:2:25: lvs_method: unknown tunnel type 'vxlan'\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    protocol TPC\n}\n",
		     "t.conf:2:14: protocol: unknown protocol 'TPC' (did you mean 'TCP'?)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        DNS_CHECK {\n            type AAA\n        }\n    }\n}\n",
		     "t.conf:4:18: type: unknown DNS query type 'AAA' (did you mean 'AAAA'?)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_serer 192.0.2.2 80\n}\n",
		     "t.conf:2:5: unknown keyword 'real_serer' in virtual_server (did you mean "
		     "'real_server'?)\n");
}
END_TEST

START_TEST(test_tunnel_errors)
{
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_method TUN type gue\n}\n",
		     "t.conf:2:5: lvs_method: a gue tunnel needs 'port N'\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_method TUN type ipip csum\n}\n",
		     "t.conf:2:30: lvs_method: an ipip tunnel has no checksum option\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_method TUN port 5\n}\n",
		     "t.conf:2:20: lvs_method: 'port' is only valid for a gue tunnel\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_method DR type ipip\n}\n",
		     "t.conf:2:19: lvs_method: tunnel options are only valid with TUN\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    lvs_method TUN type gre remcsum\n}\n",
		     "t.conf:2:29: lvs_method: a gre tunnel does not support remcsum\n");
}
END_TEST

/* ---- ranges ---- */

START_TEST(test_ranges)
{
	expect_diags("virtual_server 192.0.2.1 0 {\n}\n",
		     "t.conf:1:26: virtual_server: '0' is not an integer in 1..65535\n");
	expect_diags("virtual_server fwmark 0 {\n}\n",
		     "t.conf:1:23: virtual_server: '0' is not an integer in 1..4294967295\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        weight 65536\n    }\n}\n",
		     "t.conf:3:16: weight: '65536' is not an integer in 0..65535\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    quorum 0\n}\n",
		     "t.conf:2:12: quorum: '0' is not an integer in 1..4294967295\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    delay_loop 0\n}\n",
		     "t.conf:2:16: delay_loop: '0' is not a number in 0.001..86400.000 (at most 3 "
		     "decimals)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        lthreshold 10\n        uthreshold 5\n    }\n}\n",
		     "t.conf:4:9: real_server 192.0.2.2: lthreshold 10 is above uthreshold 5\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    quorum 2\n    hysteresis 2\n"
		     "    real_server 192.0.2.2 80 {\n        weight 3\n    }\n}\n",
		     "t.conf:3:5: hysteresis 2 must be below quorum 2\n");
	expect_diags(
	    "virtual_server 2001:db8::1 80 {\n    persistence_granularity 255.255.0.0\n}\n",
	    "t.conf:2:5: persistence_granularity: an IPv6 service takes a prefix length "
	    "1..128, not a netmask\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    persistence_granularity 24\n}\n",
		     "t.conf:2:5: persistence_granularity: an IPv4 service takes a netmask (e.g. "
		     "255.255.255.0)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    persistence_granularity 255.0.255.0\n}\n",
		     "t.conf:2:29: persistence_granularity: '255.0.255.0' is not a netmask "
		     "(contiguous leading ones)\n");
	expect_diags("virtual_server 192.0.2.1 {\n}\n",
		     "t.conf:1:1: virtual_server 192.0.2.1: the port may only be left out for a "
		     "persistent service (persistence_timeout)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        HTTP_GET {\n            url {\n                path /\n"
		     "                status_code 200 600\n            }\n        }\n    }\n}\n",
		     "t.conf:6:33: status_code: '600' is not a status code or range in 100..599\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        HTTP_GET {\n            url {\n                path /\n"
		     "                digest 9b3a0c85a887a256d6939da88aabd8c\n            }\n"
		     "        }\n    }\n}\n",
		     "t.conf:6:24: digest: '9b3a0c85a887a256d6939da88aabd8c' is not an MD5 digest "
		     "(32 hex digits)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        UDP_CHECK {\n            min_reply_length 9\n"
		     "            max_reply_length 8\n        }\n    }\n}\n",
		     "t.conf:5:13: UDP_CHECK: min_reply_length 9 is above max_reply_length 8\n");
	expect_diags("virtual_server_group G {\n    192.0.2.10-5 80\n}\n",
		     "t.conf:2:5: virtual_server_group: range '192.0.2.10-5' ends before it "
		     "starts\n");
	expect_diags(
	    "virtual_server_group G {\n    192.0.2.9/29 80\n}\n",
	    "t.conf:2:5: virtual_server_group: '192.0.2.9/29' has host bits set (the prefix "
	    "starts at 192.0.2.8)\n");
	expect_diags(
	    "virtual_server_group G {\n    192.0.2.1-300 80\n}\n",
	    "t.conf:2:5: virtual_server_group: '192.0.2.1-300' is not an IP address, range "
	    "(A-N, A-B) or prefix (A/n)\n");
}
END_TEST

/* ---- references, duplicates, families, flags ---- */

START_TEST(test_rules)
{
	expect_diags("virtual_server group NOPE {\n}\n",
		     "t.conf:1:22: virtual_server: no virtual_server_group named 'NOPE'\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n}\nvirtual_server 192.0.2.1 80 {\n}\n",
		     "t.conf:3:1: virtual_server 192.0.2.1 80 is already defined at t.conf:1:1\n");
	/* same address, other protocol: two services */
	conf_free(load_ok("virtual_server 192.0.2.1 80 {\n}\nvirtual_server 192.0.2.1 80 {\n"
			  "    protocol UDP\n}\n"));
	expect_diags("virtual_server fwmark 3 {\n}\nvirtual_server fwmark 3 {\n}\n",
		     "t.conf:3:1: virtual_server fwmark 3 is already defined at t.conf:1:1\n");
	conf_free(load_ok("virtual_server fwmark 3 {\n}\nvirtual_server fwmark 3 {\n"
			  "    ip_family inet6\n}\n"));
	expect_diags("virtual_server_group G {\n    192.0.2.1 80\n}\n"
		     "virtual_server group G {\n}\nvirtual_server group G {\n}\n",
		     "t.conf:6:1: virtual_server group G is already defined at t.conf:4:1\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80\n"
		     "    real_server 192.0.2.2 80\n}\n",
		     "t.conf:3:5: real_server 192.0.2.2 80 is already defined in this "
		     "virtual_server at t.conf:2:5\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 2001:db8::2 80\n}\n",
		     "t.conf:2:5: real_server 2001:db8::2: IPv6 address in an IPv4 virtual_server "
		     "(only TUN may mix families)\n");
	conf_free(load_ok("virtual_server 192.0.2.1 80 {\n    real_server 2001:db8::2 80 {\n"
			  "        lvs_method TUN\n    }\n}\n"));
	expect_diags("virtual_server 192.0.2.1 80 {\n    sorry_server 2001:db8::2 80\n}\n",
		     "t.conf:2:5: sorry_server: IPv6 address in an IPv4 virtual_server (only TUN "
		     "may mix families)\n");
	expect_diags(
	    "virtual_server 192.0.2.1 80 {\n    lvs_method DR\n"
	    "    sorry_server 192.0.2.9 8080\n}\n",
	    "t.conf:3:5: sorry_server: port 8080 differs from the virtual_server's 80, which "
	    "only NAT can do\n");
	expect_diags("virtual_server_group G {\n    192.0.2.1 80\n}\n"
		     "virtual_server group G {\n    ip_family inet6\n}\n",
		     "t.conf:5:5: ip_family inet6 conflicts with the IPv4 entries of group G\n");
	expect_diags("virtual_server_group G {\n    192.0.2.1 80\n    fwmark 3\n}\n"
		     "virtual_server group G {\n    ha_suspend\n}\n",
		     "t.conf:5:1: ha_suspend cannot be used with a fwmark service\n");
	{
		struct conf *c = load_ok("virtual_server fwmark 1 {\n    lvs_method DR\n"
					 "    real_server 192.0.2.2 80\n}\n");
		char *d = diags();

		ck_assert_str_eq(d, "t.conf:3:5: warning: real_server 192.0.2.2: the port is "
				    "ignored for DR/TUN in a fwmark service\n");
		free(d);
		conf_free(c);
	}
	expect_diags("virtual_server 192.0.2.1 80 {\n    sorry_server_inhibit\n}\n",
		     "t.conf:2:5: sorry_server_inhibit without a sorry_server\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    sh-port\n}\n",
		     "t.conf:2:5: sh-port needs lvs_sched sh, not wlc\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    ops\n}\n",
		     "t.conf:2:5: ops (one-packet scheduling) needs protocol UDP\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    ip_family inet6\n}\n",
		     "t.conf:2:5: ip_family inet6 conflicts with the address 192.0.2.1 80\n");
	expect_diags("virtual_server fwmark 1 {\n    ha_suspend\n}\n",
		     "t.conf:1:1: ha_suspend cannot be used with a fwmark service\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 8080 {\n"
		     "        lvs_method DR\n    }\n}\n",
		     "t.conf:2:5: real_server 192.0.2.2: port 8080 differs from the "
		     "virtual_server's 80, which only NAT can do\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        FILE_CHECK {\n            track_file nope\n        }\n    }\n}\n",
		     "t.conf:4:24: track_file: no track_file named 'nope' is declared\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        HTTP_GET {\n        }\n    }\n}\n",
		     "t.conf:3:9: HTTP_GET needs at least one url { path ... }\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        MISC_CHECK {\n            misc_timeout 3\n        }\n    }\n}\n",
		     "t.conf:3:9: MISC_CHECK needs 'misc_path'\n");
	expect_diags(
	    "virtual_server fwmark 1 {\n    real_server 192.0.2.2 {\n"
	    "        TCP_CHECK\n    }\n}\n",
	    "t.conf:3:9: TCP_CHECK: no port to connect to (give connect_port, or a port on "
	    "the real server)\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        TCP_CHECK {\n            bindto 2001:db8::1\n        }\n    }\n}\n",
		     "t.conf:4:13: bindto: IPv6 address, but the checker connects to IPv4\n");
}
END_TEST

START_TEST(test_unsupported)
{
	expect_diags("SSL {\n    ca /etc/ca.pem\n}\n",
		     "t.conf:1:1: 'SSL' is a keepalived keyword that vigil does not implement: "
		     "client certificates and CA files for SSL_GET are not implemented\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        BFD_CHECK {\n            name x\n        }\n    }\n}\n",
		     "t.conf:3:9: 'BFD_CHECK' is a keepalived keyword that vigil does not "
		     "implement: vigil has no BFD\n");
	expect_diags("virtual_server 192.0.2.1 80 {\n    real_server 192.0.2.2 80 {\n"
		     "        SMTP_CHECK {\n            host {\n                connect_ip "
		     "192.0.2.3\n            }\n        }\n    }\n}\n",
		     "t.conf:4:13: 'host' is a keepalived keyword that vigil does not implement: "
		     "deprecated in keepalived; use one SMTP_CHECK per host\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf_lvs");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int nf;

	conf_errs_init(&errs);
	tcase_add_test(tc, test_vs_defaults);
	tcase_add_test(tc, test_vs_keywords);
	tcase_add_test(tc, test_aliases);
	tcase_add_test(tc, test_inheritance);
	tcase_add_test(tc, test_vsg);
	tcase_add_test(tc, test_fwmark_family);
	tcase_add_test(tc, test_checkers);
	tcase_add_test(tc, test_file_check);
	tcase_add_test(tc, test_print_idempotent);
	tcase_add_test(tc, test_snapshot_same_model);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_tunnel_errors);
	tcase_add_test(tc, test_ranges);
	tcase_add_test(tc, test_rules);
	tcase_add_test(tc, test_unsupported);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	conf_errs_free(&errs);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
