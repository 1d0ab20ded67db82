/*
 * Unit tests for the global_defs and VRRP side of the config
 * (lib/conf_global.c, lib/conf_vrrp*.c), driven through conf_load_buf():
 * every block into the model with its values and defaults, inheritance from
 * global_defs, aliases, each validation rule (exact message and position),
 * unsupported/ignored keywords, and print idempotence.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf.h"
#include "lib/conf_parse.h"

static struct conf_errs errs;

static struct conf *load(const char *text)
{
	conf_errs_free(&errs);
	conf_errs_init(&errs);
	return conf_load_buf("t.conf", text, strlen(text), NULL, &errs);
}

/* Load text that must be valid (no errors; warnings allowed). */
static struct conf *load_ok(const char *text)
{
	struct conf *c = load(text);

	if (!c || errs.nerr) {
		for (size_t i = 0; i < errs.n; i++) {
			char *s = conf_diag_str(&errs.v[i]);
			fprintf(stderr, "unexpected: %s\n", s);
			free(s);
		}
	}
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(errs.nerr, 0);
	return c;
}

/* The config must fail, and diagnostic `i` must read exactly `want`. */
static void expect_diag(const char *text, size_t i, const char *want)
{
	struct conf *c = load(text);
	char *s;

	ck_assert_ptr_null(c);
	ck_assert_uint_gt(errs.n, i);
	s = conf_diag_str(&errs.v[i]);
	ck_assert_str_eq(s, want);
	free(s);
}

/* The config must fail with exactly one error reading `want`. */
static void expect_err(const char *text, const char *want)
{
	expect_diag(text, 0, want);
	ck_assert_uint_eq(errs.nerr, 1);
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

static struct conf_vrrp *vrrp_n(struct conf *c, int n)
{
	struct conf_vrrp *v = TAILQ_FIRST(&c->vrrps);

	while (v && n--)
		v = TAILQ_NEXT(v, entry);
	ck_assert_ptr_nonnull(v);
	return v;
}

#define VIP4(name, vrid, ip)                                                                       \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " vrid                      \
	"\n virtual_ipaddress {\n  " ip "\n }\n}\n"

START_TEST(test_instance_defaults)
{
	struct conf *c = load_ok(VIP4("VI_1", "51", "192.0.2.10"));
	struct conf_vrrp *v = vrrp_n(c, 0);
	struct conf_vip *a = TAILQ_FIRST(&v->vips);

	ck_assert_str_eq(v->name, "VI_1");
	ck_assert_int_eq(v->loc.line, 1);
	ck_assert_int_eq(v->loc.col, 1);
	ck_assert_int_eq(v->af, AF_INET);
	ck_assert_int_eq(v->state, CONF_VRRP_STATE_BACKUP);
	ck_assert_str_eq(v->ifname, "eth0");
	ck_assert_int_eq(v->vrid, 51);
	ck_assert_int_eq(v->priority, 100);
	ck_assert_int_eq(v->advert_int_cs, 100);
	ck_assert_int_eq(v->version, 2);
	ck_assert_str_eq(astr(&v->mcast_dst), "224.0.0.18");
	ck_assert(!addr_is_set(&v->src_ip));
	ck_assert(TAILQ_EMPTY(&v->peers));
	ck_assert_int_eq(v->unicast_ttl, 255);
	ck_assert_int_eq(v->check_unicast_src, 0);
	ck_assert(v->preempt);
	ck_assert_int_eq(v->preempt_delay_us, 0);
	ck_assert_int_eq(v->accept, 1);
	ck_assert_int_eq(v->garp_master_delay, 5);
	ck_assert_int_eq(v->garp_master_repeat, 5);
	ck_assert_int_eq(v->garp_lower_prio_delay, 5);
	ck_assert_int_eq(v->garp_lower_prio_repeat, 5);
	ck_assert_int_eq(v->garp_master_refresh, 0);
	ck_assert_int_eq(v->garp_master_refresh_repeat, 1);
	ck_assert_int_eq(v->down_timer_adverts, 3);
	ck_assert_int_eq(v->lower_prio_no_advert, 0);
	ck_assert_int_eq(v->higher_prio_send_advert, 0);
	ck_assert_int_eq(v->skip_check_adv_addr, 0);
	ck_assert_int_eq(v->strict_mode, 0);
	ck_assert_int_eq(v->notify_priority_changes, 0);
	ck_assert_int_eq(v->auth_type, CONF_VRRP_AUTH_NONE);
	ck_assert(!v->use_vmac);
	ck_assert_ptr_null(v->sync_group);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(astr(&a->addr), "192.0.2.10");
	ck_assert_int_eq(a->plen, 32);
	ck_assert_str_eq(a->dev, "eth0");
	ck_assert_int_eq(a->scope, CONF_SCOPE_GLOBAL);
	ck_assert_ptr_null(a->label);
	ck_assert_uint_eq(a->flags, 0);
	ck_assert_int_eq(a->loc.line, 5);
	ck_assert_int_eq(a->loc.col, 3);
	/* global defaults */
	ck_assert_int_eq(c->global.vrrp_version, 2);
	ck_assert_str_eq(astr(&c->global.vrrp_mcast_group4), "224.0.0.18");
	ck_assert_str_eq(astr(&c->global.vrrp_mcast_group6), "ff02::12");
	ck_assert_int_eq(c->global.vrrp_garp_lower_prio_delay, 5);
	ck_assert_int_eq(c->global.vrrp_garp_lower_prio_repeat, 5);
	ck_assert_str_eq(c->global.vmac_prefix, "vrrp");
	ck_assert_int_eq(c->global.lvs_flush_onstop, CONF_LVS_FLUSH_ONSTOP_NO);
	ck_assert(!c->global.lvs_syncd.set);
	ck_assert(conf_has_vrrp(c));
	conf_free(c);
}
END_TEST

START_TEST(test_instance_full)
{
	struct conf *c = load_ok("vrrp_instance VI_1 {\n"
				 " state BACKUP\n"
				 " interface eth0\n"
				 " dont_track_primary\n"
				 " track_src_ip\n"
				 " virtual_router_id 10\n"
				 " priority 200\n"
				 " advert_int 3\n"
				 " mcast_src_ip 192.0.2.2\n"
				 " mcast_dst_ip 224.0.0.100\n"
				 " authentication {\n  auth_type PASS\n  auth_pass 12345678\n }\n"
				 " nopreempt\n"
				 " preempt_delay 2.5\n"
				 " no_accept\n"
				 " garp_master_delay 1\n garp_master_repeat 2\n"
				 " garp_lower_prio_delay 4\n garp_lower_prio_repeat 3\n"
				 " garp_master_refresh 60\n garp_master_refresh_repeat 2\n"
				 " down_timer_adverts 4\n"
				 " lower_prio_no_advert\n higher_prio_send_advert on\n"
				 " skip_check_adv_addr yes\n notify_priority_changes true\n"
				 " promote_secondaries\n"
				 " track_interface {\n  eth1\n  eth2 weight -10\n  eth3 weight 5 "
				 "reverse\n }\n"
				 " notify_backup \"/etc/s.sh backup\" nobody nogroup\n"
				 " notify /etc/n.sh\n"
				 " virtual_ipaddress {\n"
				 "  192.0.2.10/24 brd 192.0.2.255 dev eth9 scope link label eth9:v "
				 "no_track -nodad\n"
				 " }\n"
				 "}\n");
	struct conf_vrrp *v = vrrp_n(c, 0);
	struct conf_vrrp_track *t;
	struct conf_vip *a = TAILQ_FIRST(&v->vips);

	ck_assert_int_eq(v->state, CONF_VRRP_STATE_BACKUP);
	ck_assert(v->dont_track_primary);
	ck_assert(v->track_src_ip);
	ck_assert_int_eq(v->priority, 200);
	ck_assert_int_eq(v->advert_int_cs, 300);
	ck_assert_str_eq(astr(&v->src_ip), "192.0.2.2");
	ck_assert_str_eq(astr(&v->mcast_dst), "224.0.0.100");
	ck_assert_int_eq(v->auth_type, CONF_VRRP_AUTH_PASS);
	ck_assert_str_eq(v->auth_pass, "12345678");
	ck_assert(!v->preempt);
	ck_assert_int_eq(v->preempt_delay_us, 2500000);
	ck_assert_int_eq(v->accept, 0);
	ck_assert_int_eq(v->garp_master_delay, 1);
	ck_assert_int_eq(v->garp_master_repeat, 2);
	ck_assert_int_eq(v->garp_lower_prio_delay, 4);
	ck_assert_int_eq(v->garp_lower_prio_repeat, 3);
	ck_assert_int_eq(v->garp_master_refresh, 60);
	ck_assert_int_eq(v->garp_master_refresh_repeat, 2);
	ck_assert_int_eq(v->down_timer_adverts, 4);
	ck_assert_int_eq(v->lower_prio_no_advert, 1);
	ck_assert_int_eq(v->higher_prio_send_advert, 1);
	ck_assert_int_eq(v->skip_check_adv_addr, 1);
	ck_assert_int_eq(v->notify_priority_changes, 1);
	ck_assert(v->promote_secondaries);
	t = TAILQ_FIRST(&v->track_ifs);
	ck_assert_str_eq(t->name, "eth1");
	ck_assert_int_eq(t->weight, 0);
	ck_assert_int_eq(t->reverse, 0);
	t = TAILQ_NEXT(t, entry);
	ck_assert_str_eq(t->name, "eth2");
	ck_assert_int_eq(t->weight, -10);
	t = TAILQ_NEXT(t, entry);
	ck_assert_int_eq(t->weight, 5);
	ck_assert_int_eq(t->reverse, 1);
	ck_assert_str_eq(v->notify_backup.cmd, "/etc/s.sh backup");
	ck_assert_str_eq(v->notify_backup.user, "nobody");
	ck_assert_str_eq(v->notify_backup.group, "nogroup");
	ck_assert_str_eq(v->notify.cmd, "/etc/n.sh");
	ck_assert_ptr_null(v->notify.user);
	ck_assert_ptr_null(v->notify_master.cmd);
	ck_assert_int_eq(a->plen, 24);
	ck_assert_str_eq(astr(&a->brd), "192.0.2.255");
	ck_assert_str_eq(a->dev, "eth9");
	ck_assert_int_eq(a->scope, CONF_SCOPE_LINK);
	ck_assert_str_eq(a->label, "eth9:v");
	ck_assert_uint_eq(a->flags, CONF_VIP_NO_TRACK | CONF_VIP_NODAD);
	ck_assert_int_eq(a->preferred_lft, -1);
	conf_free(c);
}
END_TEST

/* keepalived 2.2.7: state MASTER without a priority is the owner (255); nopreempt and
 * preempt_delay are cleared, with a warning, for an initial MASTER or an owner. */
START_TEST(test_master_rules)
{
	struct conf *c =
	    load_ok("vrrp_instance M {\n state MASTER\n interface eth0\n"
		    " virtual_router_id 1\n nopreempt\n preempt_delay 3\n}\n"
		    "vrrp_instance P {\n state MASTER\n priority 100\n interface eth0\n"
		    " virtual_router_id 2\n}\n"
		    "vrrp_instance O {\n priority 255\n interface eth0\n"
		    " virtual_router_id 3\n nopreempt\n}\n");
	const char *want[] = {
	    "t.conf:5:2: warning: vrrp_instance 'M': nopreempt does not work with state "
	    "MASTER; ignored",
	    "t.conf:6:2: warning: vrrp_instance 'M': preempt_delay does not work with state "
	    "MASTER; ignored",
	    "t.conf:18:2: warning: vrrp_instance 'O': nopreempt does not work with priority "
	    "255; ignored",
	};

	ck_assert_int_eq(vrrp_n(c, 0)->priority, 255);
	ck_assert(vrrp_n(c, 0)->preempt);
	ck_assert_int_eq(vrrp_n(c, 0)->preempt_delay_us, 0);
	ck_assert_int_eq(vrrp_n(c, 1)->priority, 100);
	ck_assert(vrrp_n(c, 2)->preempt);
	ck_assert_uint_eq(errs.nwarn, 3);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		char *s = conf_diag_str(&errs.v[i]);
		ck_assert_str_eq(s, want[i]);
		free(s);
	}
	conf_free(c);
}
END_TEST

START_TEST(test_family_and_version)
{
	struct conf *c = load_ok("vrrp_instance V6 {\n interface eth0\n virtual_router_id 6\n"
				 " advert_int 0.25\n"
				 " virtual_ipaddress {\n  2001:db8::6\n }\n"
				 " virtual_ipaddress_excluded {\n  192.0.2.6/24\n }\n}\n"
				 "vrrp_instance N6 {\n interface eth0\n virtual_router_id 7\n"
				 " native_ipv6\n}\n"
				 "vrrp_instance U6 {\n interface eth0\n virtual_router_id 8\n"
				 " unicast_peer {\n  2001:db8::99\n }\n}\n");
	struct conf_vrrp *v = vrrp_n(c, 0);

	ck_assert_int_eq(v->af, AF_INET6);
	ck_assert_int_eq(v->version, 3);
	ck_assert_int_eq(v->advert_int_cs, 25);
	ck_assert_str_eq(astr(&v->mcast_dst), "ff02::12");
	ck_assert_int_eq(TAILQ_FIRST(&v->vips)->plen, 128);
	ck_assert_int_eq(TAILQ_FIRST(&v->vips)->preferred_lft, 0); /* /128: deprecated */
	ck_assert_int_eq(TAILQ_FIRST(&v->evips)->preferred_lft, -1);
	ck_assert_int_eq(TAILQ_FIRST(&v->evips)->addr.af, AF_INET);
	ck_assert_int_eq(vrrp_n(c, 1)->af, AF_INET6);
	ck_assert_int_eq(vrrp_n(c, 1)->version, 3);
	ck_assert_int_eq(vrrp_n(c, 2)->af, AF_INET6);
	/* RFC 5798 5.2.9: the first IPv6 VIP should be link-local (a warning) */
	ck_assert_uint_eq(errs.nwarn, 1);
	{
		char *s = conf_diag_str(&errs.v[0]);
		ck_assert_str_eq(s, "t.conf:6:3: warning: vrrp_instance 'V6': the first IPv6 VIP "
				    "should be link-local (RFC 5798 5.2.9)");
		free(s);
	}
	conf_free(c);
	expect_err(
	    "vrrp_instance V6 {\n interface eth0\n virtual_router_id 6\n strict_mode\n"
	    " virtual_ipaddress {\n  2001:db8::6\n }\n}\n",
	    "t.conf:6:3: vrrp_instance 'V6': the first IPv6 VIP must be link-local in strict "
	    "mode (RFC 5798 5.2.9)");
}
END_TEST

START_TEST(test_inherit_globals)
{
	struct conf *c = load_ok(
	    "global_defs {\n"
	    " vrrp_version 3\n"
	    " vrrp_mcast_group4 224.0.0.99\n"
	    " vrrp_garp_master_delay 2\n vrrp_garp_master_repeat 3\n"
	    " vrrp_garp_master_refresh 30\n vrrp_down_timer_adverts 5\n"
	    " vrrp_lower_prio_no_advert\n vrrp_higher_prio_send_advert\n"
	    " vrrp_skip_check_adv_addr\n vrrp_check_unicast_src\n"
	    " vrrp_notify_priority_changes\n vmac_prefix vm\n"
	    "}\n" VIP4("A", "1",
		       "192.0.2.1") "vrrp_instance B {\n interface eth0\n"
				    " virtual_router_id 2\n version 2\n garp_master_delay 7\n"
				    " lower_prio_no_advert off\n use_vmac\n"
				    " virtual_ipaddress {\n  192.0.2.2\n }\n}\n");
	struct conf_vrrp *a = vrrp_n(c, 0), *b = vrrp_n(c, 1);

	ck_assert_int_eq(a->version, 3);
	ck_assert_str_eq(astr(&a->mcast_dst), "224.0.0.99");
	ck_assert_int_eq(a->garp_master_delay, 2);
	ck_assert_int_eq(a->garp_master_repeat, 3);
	ck_assert_int_eq(a->garp_lower_prio_delay, 2);
	ck_assert_int_eq(a->garp_lower_prio_repeat, 3);
	ck_assert_int_eq(a->garp_master_refresh, 30);
	ck_assert_int_eq(a->down_timer_adverts, 5);
	ck_assert_int_eq(a->lower_prio_no_advert, 1);
	ck_assert_int_eq(a->higher_prio_send_advert, 1);
	ck_assert_int_eq(a->skip_check_adv_addr, 1);
	ck_assert_int_eq(a->check_unicast_src, 1);
	ck_assert_int_eq(a->notify_priority_changes, 1);
	ck_assert_int_eq(b->version, 2);
	ck_assert_int_eq(b->garp_master_delay, 7);
	/* the global lower-prio delay (= the global master delay), not the instance's
	 * own master delay: keepalived 2.2.7 does the same */
	ck_assert_int_eq(b->garp_lower_prio_delay, 2);
	ck_assert_int_eq(b->lower_prio_no_advert, 0);
	ck_assert_str_eq(b->vmac_name, "vm.2");
	ck_assert_str_eq(TAILQ_FIRST(&b->vips)->dev, "vm.2");
	conf_free(c);
}
END_TEST

START_TEST(test_strict_defaults)
{
	struct conf *c =
	    load_ok("global_defs {\n vrrp_strict\n}\n"
		    "vrrp_instance O {\n state MASTER\n interface eth0\n"
		    " virtual_router_id 1\n priority 255\n"
		    " virtual_ipaddress {\n  192.0.2.1\n }\n}\n" VIP4("B", "2", "192.0.2.2"));

	ck_assert_int_eq(vrrp_n(c, 0)->strict_mode, 1);
	ck_assert_int_eq(vrrp_n(c, 0)->accept, 1);
	ck_assert_int_eq(vrrp_n(c, 1)->accept, 0);
	ck_assert_int_eq(vrrp_n(c, 1)->lower_prio_no_advert, 1);
	ck_assert_int_eq(vrrp_n(c, 1)->higher_prio_send_advert, 0);
	/* no GARP burst on a lower priority advert in strict mode */
	ck_assert_int_eq(vrrp_n(c, 1)->garp_lower_prio_delay, 0);
	ck_assert_int_eq(vrrp_n(c, 1)->garp_lower_prio_repeat, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_scripts_and_files)
{
	struct conf *c = load_ok("vrrp_script chk {\n script /bin/check -x \"a b\"\n interval 2\n"
				 " weight -30 reverse\n rise 3\n fall 2\n user nobody nogroup\n"
				 " init_fail\n}\n"
				 "vrrp_script plain {\n script \"/bin/true\"\n}\n"
				 "track_file tf {\n file /run/prio\n weight -2\n init_file 10 "
				 "overwrite\n}\n"
				 "vrrp_track_file old {\n file /run/old\n}\n"
				 "vrrp_instance VI {\n interface eth0\n virtual_router_id 1\n"
				 " track_script {\n  chk\n  plain weight 10\n }\n"
				 " track_file {\n  tf\n  old weight -254 reverse\n }\n"
				 " virtual_ipaddress {\n  192.0.2.1\n }\n}\n");
	struct conf_vrrp_script *s = TAILQ_FIRST(&c->vrrp_scripts), *p;
	struct conf_track_file *tf = TAILQ_FIRST(&c->track_files), *old;
	struct conf_vrrp *v = vrrp_n(c, 0);
	struct conf_vrrp_track *t;

	ck_assert_str_eq(s->name, "chk");
	ck_assert_str_eq(s->script.cmd, "/bin/check -x a b");
	ck_assert_int_eq(s->interval_us, 2000000);
	ck_assert_int_eq(s->timeout_us, 2000000); /* default: the interval */
	ck_assert_int_eq(s->weight, -30);
	ck_assert(s->reverse);
	ck_assert_int_eq(s->rise, 3);
	ck_assert_int_eq(s->fall, 2);
	ck_assert_str_eq(s->script.user, "nobody");
	ck_assert_str_eq(s->script.group, "nogroup");
	ck_assert(s->init_fail);
	p = TAILQ_NEXT(s, entry);
	ck_assert_str_eq(p->script.cmd, "/bin/true");
	ck_assert_int_eq(p->interval_us, 1000000);
	ck_assert_int_eq(p->weight, 0);
	ck_assert_int_eq(p->rise, 1);
	ck_assert_int_eq(p->fall, 1);
	ck_assert(!p->init_fail);
	ck_assert_str_eq(tf->path, "/run/prio");
	ck_assert_int_eq(tf->weight, -2);
	ck_assert(tf->init_file);
	ck_assert_int_eq(tf->init_value, 10);
	ck_assert(tf->init_overwrite);
	old = TAILQ_NEXT(tf, entry);
	ck_assert_str_eq(old->name, "old");
	ck_assert_int_eq(old->weight, 1);
	ck_assert(!old->init_file);
	t = TAILQ_FIRST(&v->track_scripts);
	ck_assert_ptr_eq(t->target, s);
	ck_assert_int_eq(t->weight, -30); /* from the script */
	ck_assert_int_eq(t->reverse, 1);
	t = TAILQ_NEXT(t, entry);
	ck_assert_ptr_eq(t->target, p);
	ck_assert_int_eq(t->weight, 10);
	t = TAILQ_FIRST(&v->track_files);
	ck_assert_ptr_eq(t->target, tf);
	ck_assert_int_eq(t->weight, -2);
	t = TAILQ_NEXT(t, entry);
	ck_assert_ptr_eq(t->target, old);
	ck_assert_int_eq(t->weight, -254);
	ck_assert_int_eq(t->reverse, 1);
	conf_free(c);
}
END_TEST

START_TEST(test_sync_group)
{
	struct conf *c =
	    load_ok("vrrp_script chk {\n script /bin/true\n weight 20\n}\n"
		    "vrrp_sync_group G {\n group {\n  A B\n }\n"
		    " notify_master \"/bin/g master\"\n global_tracking off\n}\n"
		    "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		    " track_script {\n  chk\n }\n"
		    " virtual_ipaddress {\n  192.0.2.1\n }\n}\n" VIP4("B", "2", "192.0.2.2"));
	struct conf_sync_group *g = TAILQ_FIRST(&c->sync_groups);
	struct conf_sync_member *m = TAILQ_FIRST(&g->members);
	char *s;

	ck_assert_str_eq(g->name, "G");
	ck_assert_str_eq(m->name, "A");
	ck_assert_ptr_eq(m->vrrp, vrrp_n(c, 0));
	ck_assert_str_eq(TAILQ_NEXT(m, entry)->name, "B");
	ck_assert_int_eq(TAILQ_NEXT(m, entry)->loc.col, 5);
	ck_assert_ptr_eq(vrrp_n(c, 0)->sync_group, g);
	ck_assert_ptr_eq(vrrp_n(c, 1)->sync_group, g);
	ck_assert_str_eq(g->notify_master.cmd, "/bin/g master");
	ck_assert(!g->sync_group_tracking_weight);
	/* members' tracking weights are set to 0, with a warning */
	ck_assert_int_eq(TAILQ_FIRST(&vrrp_n(c, 0)->track_scripts)->weight, 0);
	ck_assert_uint_eq(errs.nwarn, 1);
	s = conf_diag_str(&errs.v[0]);
	ck_assert_str_eq(s, "t.conf:16:3: warning: track_script 'chk': weight 20 set to 0 because "
			    "vrrp_instance 'A' is in vrrp_sync_group 'G' (set "
			    "sync_group_tracking_weight to keep it)");
	free(s);
	conf_free(c);

	c = load_ok("vrrp_script chk {\n script /bin/true\n weight 20\n}\n"
		    "vrrp_sync_group G {\n group {\n  A\n }\n sync_group_tracking_weight\n}\n"
		    "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		    " track_script {\n  chk\n }\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n");
	ck_assert_int_eq(TAILQ_FIRST(&vrrp_n(c, 0)->track_scripts)->weight, 20);
	ck_assert_uint_eq(errs.nwarn, 0);
	conf_free(c);

	/* an address owner's tracking weights are set to 0 too */
	c = load_ok("vrrp_script chk {\n script /bin/true\n weight 20\n}\n"
		    "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n priority 255\n"
		    " track_script {\n  chk\n }\n track_interface {\n  eth1 weight 5\n }\n"
		    " virtual_ipaddress {\n  192.0.2.1\n }\n}\n");
	ck_assert_int_eq(TAILQ_FIRST(&vrrp_n(c, 0)->track_scripts)->weight, 0);
	ck_assert_int_eq(TAILQ_FIRST(&vrrp_n(c, 0)->track_ifs)->weight, 0);
	ck_assert_uint_eq(errs.nwarn, 2);
	s = conf_diag_str(&errs.v[1]);
	ck_assert_str_eq(s, "t.conf:10:3: warning: track_script 'chk': weight 20 set to 0 because "
			    "vrrp_instance 'A' is the address owner (priority 255)");
	free(s);
	conf_free(c);
}
END_TEST

START_TEST(test_unicast_and_routes)
{
	struct conf *c = load_ok(
	    "vrrp_instance U {\n interface eth0\n virtual_router_id 1\n"
	    " unicast_src_ip 192.0.2.1\n"
	    " unicast_peer {\n  192.0.2.2\n  192.0.2.3 min_ttl 250\n }\n unicast_ttl 64\n"
	    " virtual_ipaddress {\n  192.0.2.10\n }\n"
	    " virtual_routes {\n"
	    "  src 192.0.2.10 to 198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 7\n"
	    "  blackhole 203.0.113.0/24\n"
	    "  0.0.0.0/0 gw 192.0.2.254 or 192.0.2.253 table main no_track\n"
	    " }\n}\n");
	struct conf_vrrp *v = vrrp_n(c, 0);
	struct conf_vrrp_peer *peer = TAILQ_FIRST(&v->peers);
	struct conf_vroute *r = TAILQ_FIRST(&v->routes);

	ck_assert_str_eq(astr(&v->src_ip), "192.0.2.1");
	ck_assert_str_eq(astr(&peer->addr), "192.0.2.2");
	ck_assert_int_eq(peer->min_ttl, 0);
	ck_assert_int_eq(peer->max_ttl, 255);
	peer = TAILQ_NEXT(peer, entry);
	ck_assert_int_eq(peer->min_ttl, 250);
	ck_assert_int_eq(v->unicast_ttl, 64);
	ck_assert_int_eq(v->check_unicast_src, 1); /* min_ttl turns it on */
	ck_assert_int_eq(r->type, CONF_ROUTE_UNICAST);
	ck_assert_str_eq(astr(&r->src), "192.0.2.10");
	ck_assert_str_eq(astr(&r->dst), "198.51.100.0");
	ck_assert_int_eq(r->plen, 24);
	ck_assert_str_eq(astr(&r->via), "192.0.2.254");
	ck_assert_str_eq(r->dev, "eth0");
	ck_assert_uint_eq(r->table, 100);
	ck_assert_uint_eq(r->metric, 7);
	ck_assert_int_eq(r->scope, CONF_SCOPE_DEFAULT);
	r = TAILQ_NEXT(r, entry);
	ck_assert_int_eq(r->type, CONF_ROUTE_BLACKHOLE);
	ck_assert_uint_eq(r->table, 254);
	r = TAILQ_NEXT(r, entry);
	ck_assert_int_eq(r->plen, 0);
	ck_assert_str_eq(astr(&r->via2), "192.0.2.253");
	ck_assert(r->no_track);
	conf_free(c);
}
END_TEST

START_TEST(test_global_values)
{
	struct conf *c = load_ok(
	    "global_defs {\n router_id lb1\n script_user vigil grp\n enable_script_security\n"
	    " vrrp_garp_interval 0.001\n vrrp_gna_interval 0.000002\n vrrp_startup_delay 5.5\n"
	    " vrrp_priority -10\n checker_priority 5\n vrrp_rt_priority 50\n vrrp_no_swap\n"
	    " notify_fifo /run/n.fifo\n notify_fifo_script \"/bin/r --x\" nobody\n"
	    " lvs_flush\n lvs_flush_on_stop VS\n lvs_timeouts tcp 900 udp 300\n"
	    " lvs_sync_daemon eth1 VI maxlen 1400 port 8849 ttl 2 group 224.0.0.82\n"
	    " vrrp_min_garp\n"
	    "}\n" VIP4("VI", "77", "192.0.2.77"));
	const struct conf_global *g = &c->global;

	ck_assert_str_eq(g->router_id, "lb1");
	ck_assert_str_eq(g->script_user, "vigil");
	ck_assert_str_eq(g->script_group, "grp");
	ck_assert(g->enable_script_security);
	ck_assert_int_eq(g->vrrp_garp_interval_us, 1000);
	ck_assert_int_eq(g->vrrp_gna_interval_us, 2);
	ck_assert_int_eq(g->vrrp_startup_delay_us, 5500000);
	ck_assert_int_eq(g->vrrp_priority, -10);
	ck_assert_int_eq(g->checker_priority, 5);
	ck_assert_int_eq(g->vrrp_rt_priority, 50);
	ck_assert(g->vrrp_no_swap);
	ck_assert_str_eq(g->notify_fifo.path, "/run/n.fifo");
	ck_assert_str_eq(g->notify_fifo.script.cmd, "/bin/r --x");
	ck_assert_str_eq(g->notify_fifo.script.user, "nobody");
	ck_assert(g->lvs_flush);
	ck_assert_int_eq(g->lvs_flush_onstop, CONF_LVS_FLUSH_ONSTOP_VS);
	ck_assert_uint_eq(g->lvs_timeout_tcp, 900);
	ck_assert_uint_eq(g->lvs_timeout_tcpfin, 0);
	ck_assert_uint_eq(g->lvs_timeout_udp, 300);
	ck_assert(g->lvs_syncd.set);
	ck_assert_str_eq(g->lvs_syncd.ifname, "eth1");
	ck_assert_str_eq(g->lvs_syncd.instance, "VI");
	ck_assert_int_eq(g->lvs_syncd.syncid, 77); /* from the instance's VRID */
	ck_assert_uint_eq(g->lvs_syncd.maxlen, 1400);
	ck_assert_uint_eq(g->lvs_syncd.port, 8849);
	ck_assert_uint_eq(g->lvs_syncd.ttl, 2);
	ck_assert_str_eq(astr(&g->lvs_syncd.group), "224.0.0.82");
	/* vrrp_min_garp: one GARP, no second burst */
	ck_assert_int_eq(g->vrrp_garp_master_repeat, 1);
	ck_assert_int_eq(g->vrrp_garp_master_delay, 0);
	ck_assert_int_eq(vrrp_n(c, 0)->garp_master_repeat, 1);
	conf_free(c);

	c = load_ok(
	    "global_defs {\n lvs_flush_onstop\n lvs_sync_daemon eth0 inst VI id 9\n}\n" VIP4(
		"VI", "77", "192.0.2.77"));
	ck_assert_int_eq(c->global.lvs_flush_onstop, CONF_LVS_FLUSH_ONSTOP_ALL);
	ck_assert_int_eq(c->global.lvs_syncd.syncid, 9);
	ck_assert_uint_eq(c->global.lvs_syncd.port, 8848);
	ck_assert_str_eq(astr(&c->global.lvs_syncd.group), "224.0.0.81");
	conf_free(c);
}
END_TEST

START_TEST(test_ignored_and_unsupported)
{
	struct conf *c = load_ok("global_defs {\n notification_email {\n  a@example.com\n }\n"
				 " enable_traps\n}\n");
	char *s;

	ck_assert_uint_eq(errs.nwarn, 2);
	s = conf_diag_str(&errs.v[0]);
	ck_assert_str_eq(
	    s, "t.conf:2:2: warning: 'notification_email' ignored (e-mail alerting is not "
	       "implemented)");
	free(s);
	conf_free(c);
	expect_err("global_defs {\n vrrp_iptables X\n}\n",
		   "t.conf:2:2: 'vrrp_iptables' is a keepalived keyword that vigil does not "
		   "implement: vigil manages no firewall rules");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " virtual_rules {\n  from 192.0.2.0/24 table 1\n }\n}\n",
		   "t.conf:4:2: 'virtual_rules' is a keepalived keyword that vigil does not "
		   "implement: policy routing rules are not implemented");
	expect_err("static_ipaddress {\n 192.0.2.1/24 dev eth0\n}\n",
		   "t.conf:1:1: 'static_ipaddress' is a keepalived keyword that vigil does not "
		   "implement: static addresses, routes and rules are not implemented");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " authentication {\n  auth_type AH\n }\n}\n",
		   "t.conf:5:13: auth_type: AH (IPsec AH, RFC 2338) is not implemented; use PASS "
		   "or no authentication");
}
END_TEST

START_TEST(test_validate_rules)
{
	struct conf *c;
	char *s;

	expect_err("vrrp_instance V {\n virtual_router_id 1\n}\n",
		   "t.conf:1:1: vrrp_instance 'V' has no 'interface'");
	expect_err("vrrp_instance V {\n interface eth0\n}\n",
		   "t.conf:1:1: vrrp_instance 'V' has no 'virtual_router_id'");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 0\n}\n",
		   "t.conf:3:20: virtual_router_id: '0' is not an integer in 1..255");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n priority 256\n}\n",
		   "t.conf:4:11: priority: '256' is not an integer in 1..255");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n advert_int 1.5\n}\n",
		   "t.conf:4:2: advert_int: 1.5 is not a whole number of seconds in 1..255 (VRRP "
		   "version 2)");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n version 3\n"
		   " advert_int 40.96\n}\n",
		   "t.conf:5:2: advert_int: 40.96 is not in 0.01..40.95 seconds (VRRP version 3)");
	expect_err(
	    "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n advert_int 0.001\n}\n",
	    "t.conf:4:13: advert_int: '0.001' is not a number in 0.01..255.00 (at most 2 "
	    "decimals)");
	expect_err(VIP4("A", "9", "192.0.2.1") VIP4("B", "9", "192.0.2.2"),
		   "t.conf:8:1: vrrp_instance 'B': virtual_router_id 9 on eth0 (IPv4) is already "
		   "used by vrrp_instance 'A' (first defined at t.conf:1:1)");
	expect_err(VIP4("A", "9", "192.0.2.1") VIP4("A", "10", "192.0.2.2"),
		   "t.conf:8:1: vrrp_instance 'A' is defined twice (first defined at t.conf:1:1)");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " virtual_ipaddress {\n  192.0.2.1\n  2001:db8::1\n }\n}\n",
		   "t.conf:6:3: virtual_ipaddress: 2001:db8::1 is IPv6 but vrrp_instance 'V' is "
		   "IPv4 (the VIPs must have one family; put the others in "
		   "virtual_ipaddress_excluded)");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " unicast_src_ip 2001:db8::1\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		   "t.conf:4:2: source address 2001:db8::1 is IPv6 but vrrp_instance 'V' is IPv4");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " unicast_peer {\n  2001:db8::2\n }\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		   "t.conf:5:3: unicast_peer: 2001:db8::2 is IPv6 but vrrp_instance 'V' is IPv4");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n version 3\n"
		   " authentication {\n  auth_type PASS\n  auth_pass x\n }\n}\n",
		   "t.conf:5:2: authentication is not allowed with VRRP version 3 (RFC 5798 "
		   "removed it)");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " authentication {\n  auth_type PASS\n  auth_pass 123456789\n }\n}\n",
		   "t.conf:6:13: auth_pass: the password is longer than 8 characters (RFC 3768 "
		   "allows 8 octets; keepalived would truncate it)");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " authentication {\n  auth_pass 1234\n }\n}\n",
		   "t.conf:4:2: authentication needs 'auth_type PASS'");
	c = load_ok("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n version 2\n"
		    " virtual_ipaddress {\n  fe80::1/64\n }\n}\n");
	ck_assert_int_eq(vrrp_n(c, 0)->version, 2);
	ck_assert_uint_eq(errs.nwarn, 1);
	s = conf_diag_str(&errs.v[0]);
	ck_assert_str_eq(s,
			 "t.conf:4:2: warning: vrrp_instance 'V': VRRP version 2 over IPv6 is "
			 "not standard (RFC 3768 is IPv4 only; IPv6 instances default to version "
			 "3)");
	free(s);
	conf_free(c);
	expect_err("vrrp_script s {\n interval 2\n}\n",
		   "t.conf:1:1: vrrp_script 's' has no 'script'");
	expect_err("track_file f {\n weight 2\n}\n", "t.conf:1:1: track_file 'f' has no 'file'");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " track_script {\n  nope\n }\n}\n",
		   "t.conf:5:3: track_script: vrrp_script 'nope' is not defined");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " track_file {\n  nope\n }\n}\n",
		   "t.conf:5:3: track_file: track_file 'nope' is not defined");
	expect_err("vrrp_sync_group G {\n group {\n  X\n }\n}\n",
		   "t.conf:3:3: vrrp_sync_group 'G': vrrp_instance 'X' is not defined");
	expect_err("vrrp_sync_group G {\n group {\n }\n}\n",
		   "t.conf:1:1: vrrp_sync_group 'G' has no instances (group { ... })");
	expect_err("vrrp_sync_group G {\n group {\n  A\n }\n}\n"
		   "vrrp_sync_group H {\n group {\n  A\n }\n}\n" VIP4("A", "1", "192.0.2.1"),
		   "t.conf:8:3: vrrp_instance 'A' is already in vrrp_sync_group 'G' (at "
		   "t.conf:3:3); an instance can be in one group only");
	expect_err("global_defs {\n vrrp_strict\n}\nvrrp_instance V {\n interface eth0\n"
		   " virtual_router_id 1\n}\n",
		   "t.conf:4:1: vrrp_instance 'V': strict mode needs at least one VIP");
	expect_err(
	    "global_defs {\n vrrp_strict\n}\nvrrp_instance V {\n state MASTER\n priority 100\n"
	    " interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n  192.0.2.1\n"
	    " }\n}\n",
	    "t.conf:4:1: vrrp_instance 'V': strict mode allows state MASTER only with "
	    "priority 255");
	expect_err(
	    "vrrp_instance V {\n interface eth0\n use_vmac\n virtual_router_id 1\n"
	    " unicast_peer {\n  192.0.2.2\n }\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
	    "t.conf:1:1: vrrp_instance 'V': use_vmac with unicast_peer needs vmac_xmit_base");
	expect_err("global_defs {\n lvs_sync_daemon eth0 VI_X\n}\n",
		   "t.conf:2:23: lvs_sync_daemon: vrrp_instance 'VI_X' is not defined");
	expect_err("global_defs {\n notify_fifo /f\n lvs_notify_fifo /f\n}\n",
		   "t.conf:3:2: FIFO '/f' is used twice (first defined at t.conf:2:2); the notify "
		   "FIFOs must all differ");
	expect_err("global_defs {\n vrrp_mcast_group4 ff02::12\n}\n",
		   "t.conf:2:20: vrrp_mcast_group4: 'ff02::12' is not an IPv4 address");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " notify_master /bin/echo hello world again\n}\n",
		   "t.conf:4:2: 'notify_master' takes a command and optionally a user and a group, "
		   "got 4 arguments (quote a command that has arguments)");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		   " track_interface {\n  eth1 weight 300\n }\n}\n",
		   "t.conf:5:15: track_interface: weight '300' is not an integer in -253..253");
	expect_err("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n prioriti 5\n}\n",
		   "t.conf:4:2: unknown keyword 'prioriti' in vrrp_instance (did you mean "
		   "'priority'?)");
}
END_TEST

/* Same VRID allowed: other interface, other family, other group, disjoint unicast peers. */
START_TEST(test_shared_vrid_ok)
{
	struct conf *c = load_ok(VIP4(
	    "A", "5",
	    "192.0.2.1") "vrrp_instance B {\n interface eth1\n virtual_router_id "
			 "5\n virtual_ipaddress {\n  192.0.2.2\n }\n}\n" VIP4(
			     "C", "5",
			     "2001:db8::1") "vrrp_instance D {\n interface eth0\n "
					    "virtual_router_id 5\n mcast_dst_ip "
					    "224.0.0.50\n virtual_ipaddress {\n  192.0.2.3\n }\n}\n"
					    "vrrp_instance E {\n interface eth0\n "
					    "virtual_router_id 5\n unicast_peer {\n"
					    "  192.0.2.8\n }\n virtual_ipaddress {\n  192.0.2.4\n "
					    "}\n}\n"
					    "vrrp_instance F {\n interface eth0\n "
					    "virtual_router_id 5\n unicast_peer {\n"
					    "  192.0.2.9\n }\n virtual_ipaddress {\n  192.0.2.5\n "
					    "}\n}\n");

	conf_free(c);
	expect_err("vrrp_instance E {\n interface eth0\n virtual_router_id 5\n unicast_peer {\n"
		   "  192.0.2.8\n }\n}\n"
		   "vrrp_instance F {\n interface eth0\n virtual_router_id 5\n unicast_peer {\n"
		   "  192.0.2.8\n }\n}\n",
		   "t.conf:8:1: vrrp_instance 'F': virtual_router_id 5 on eth0 (IPv4) is already "
		   "used by vrrp_instance 'E' (first defined at t.conf:1:1)");
}
END_TEST

static void check_idempotent(const char *text)
{
	struct conf *c = load_ok(text), *c2, *c3;
	char *p1 = print(c), *p2, *p3;

	c2 = load_ok(p1);
	p2 = print(c2);
	ck_assert_str_eq(p1, p2);
	c3 = load_ok(p2);
	p3 = print(c3);
	ck_assert_str_eq(p2, p3);
	conf_free(c);
	conf_free(c2);
	conf_free(c3);
	free(p1);
	free(p2);
	free(p3);
}

START_TEST(test_print_idempotent)
{
	struct conf *c;
	char *p;

	check_idempotent(VIP4("VI_1", "51", "192.0.2.10"));
	check_idempotent(
	    "global_defs {\n router_id \"my router\"\n vrrp_version 3\n vrrp_strict\n"
	    " vrrp_garp_master_delay 9\n vrrp_garp_interval 0.25\n"
	    " lvs_sync_daemon eth0 V id 3\n lvs_timeouts tcpfin 10\n"
	    " vrrp_notify_fifo /run/x.fifo\n vrrp_notify_fifo_script \"/bin/r a\" u g\n}\n"
	    "vrrp_script s {\n script \"/bin/c 'q w'\"\n weight 5 reverse\n timeout 0.5\n}\n"
	    "track_file f {\n file \"/run/a b\"\n init_file\n}\n"
	    "vrrp_sync_group G {\n group {\n  V\n }\n track_script {\n  s weight 3\n }\n"
	    " notify \"/bin/n x\"\n}\n"
	    "vrrp_instance V {\n state MASTER\n priority 255\n interface eth0\n use_vmac\n"
	    " virtual_router_id 7\n advert_int 0.3\n"
	    " track_script {\n  s noreverse\n }\n track_file {\n  f weight -3\n }\n"
	    " notify_fault \"/bin/f a\" nobody\n"
	    " virtual_ipaddress {\n  192.0.2.7/24 label eth0:x\n }\n"
	    " virtual_ipaddress_excluded {\n  2001:db8::7/64 dev eth1 no_track\n }\n"
	    " virtual_routes {\n  src 192.0.2.7 198.51.100.0/24 via 192.0.2.1\n"
	    "  unreachable 10.0.0.0/8 table 5\n }\n}\n");
	check_idempotent("vrrp_instance U {\n interface eth0\n virtual_router_id 1\n"
			 " unicast_src_ip 2001:db8::1\n unicast_peer {\n  2001:db8::2 max_ttl 254\n"
			 " }\n nopreempt\n preempt_delay 0.125\n}\n");

	/* names that would read as @ID / ~SEQ lines are quoted at the start of a line */
	check_idempotent("vrrp_script \"@x\" {\n script /bin/true\n}\n"
			 "vrrp_sync_group G {\n group {\n  \"~y\"\n }\n}\n"
			 "vrrp_instance \"~y\" {\n interface eth0\n virtual_router_id 1\n"
			 " track_script {\n  \"@x\"\n }\n}\n");
	c = load_ok("vrrp_script \"@x\" {\n script /bin/true\n}\n"
		    "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		    " track_script {\n  \"@x\"\n }\n}\n");
	p = print(c);
	ck_assert_ptr_nonnull(strstr(p, "\n        \"@x\" weight 0\n"));
	free(p);
	conf_free(c);

	/* aliases print under one name */
	c = load_ok("vrrp_track_file f {\n file /x\n}\n"
		    "vrrp_sync_group G {\n group {\n  V\n }\n global_tracking\n}\n"
		    "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		    " mcast_src_ip 192.0.2.1\n virtual_ipaddress {\n  192.0.2.2\n }\n"
		    " virtual_routes {\n  192.0.2.0/24 gw 192.0.2.9 table main\n }\n}\n");
	p = print(c);
	ck_assert_ptr_nonnull(strstr(p, "\ntrack_file f {\n"));
	ck_assert_ptr_null(strstr(p, "vrrp_track_file"));
	ck_assert_ptr_nonnull(strstr(p, "    sync_group_tracking_weight on\n"));
	ck_assert_ptr_null(strstr(p, "global_tracking"));
	ck_assert_ptr_nonnull(strstr(p, "        192.0.2.0/24 via 192.0.2.9 table 254 metric 0\n"));
	ck_assert_ptr_nonnull(strstr(p, "    mcast_src_ip 192.0.2.1\n"));
	ck_assert_ptr_nonnull(strstr(p, "    lvs_flush_onstop off\n"));
	free(p);
	conf_free(c);
}
END_TEST

static Suite *conf_vrrp_suite(void)
{
	Suite *s = suite_create("conf_vrrp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_instance_defaults);
	tcase_add_test(tc, test_instance_full);
	tcase_add_test(tc, test_master_rules);
	tcase_add_test(tc, test_family_and_version);
	tcase_add_test(tc, test_inherit_globals);
	tcase_add_test(tc, test_strict_defaults);
	tcase_add_test(tc, test_scripts_and_files);
	tcase_add_test(tc, test_sync_group);
	tcase_add_test(tc, test_unicast_and_routes);
	tcase_add_test(tc, test_global_values);
	tcase_add_test(tc, test_ignored_and_unsupported);
	tcase_add_test(tc, test_validate_rules);
	tcase_add_test(tc, test_shared_vrid_ok);
	tcase_add_test(tc, test_print_idempotent);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(conf_vrrp_suite());
	int failed;

	conf_errs_init(&errs);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	conf_errs_free(&errs);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
