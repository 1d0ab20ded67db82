/*
 * Unit tests for vrrp/vrrp_fsm with a fake clock (microseconds): election,
 * Master_Down_Interval exact to the centisecond for v3 and v2, Skew_Time,
 * learning the master's interval, preemption, nopreempt, preempt_delay,
 * priority 0 takeover after Skew_Time, the address owner, fault in/out,
 * shutdown, the action lists and the transition record.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "vrrp/vrrp_fsm.h"

#define T0    1000000000ull /* an arbitrary start of the fake clock */
#define CS(x) ((uint64_t)(x)*10000u)
#define MS(x) ((uint64_t)(x)*1000u)
#define S(x)  ((uint64_t)(x)*1000000u)
#define END   (-1)

static struct addr A(const char *s) {
	struct addr a;

	ck_assert_msg(addr_parse(s, &a) == 0, "bad address %s", s);
	return a;
}

static struct vrrp_fsm_config
config(int version, uint8_t prio)
{
	struct vrrp_fsm_config c = {.version = version, .priority = prio, .adver_int_cs = 100};

	c.primary = A("192.0.2.1");
	return c;
}

static const struct vrrp_action *find(const struct vrrp_actions *o, enum vrrp_action_type t)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->a[i].type == t)
			return &o->a[i];
	return NULL;
}

/* The actions are exactly the given types, in order (END-terminated). */
static void expect_actions(const struct vrrp_actions *o, ...)
{
	va_list ap;
	size_t i = 0;
	int t;

	va_start(ap, o);
	while ((t = va_arg(ap, int)) != END) {
		ck_assert_msg(i < o->n, "missing action %s at %zu", vrrp_action_str(t), i);
		ck_assert_msg((int)o->a[i].type == t, "action %zu is %s, expected %s", i,
			      vrrp_action_str(o->a[i].type), vrrp_action_str(t));
		i++;
	}
	va_end(ap);
	ck_assert_msg(i == o->n, "%zu extra actions, first %s", o->n - i,
		      i < o->n ? vrrp_action_str(o->a[i].type) : "");
}

static void expect_notify(const struct vrrp_actions *o, enum vrrp_state from, enum vrrp_state to,
			  enum vrrp_reason why)
{
	const struct vrrp_action *a = find(o, VRRP_ACT_NOTIFY);

	ck_assert_msg(a != NULL, "no NOTIFY");
	ck_assert_str_eq(vrrp_state_str(a->from), vrrp_state_str(from));
	ck_assert_str_eq(vrrp_state_str(a->to), vrrp_state_str(to));
	ck_assert_str_eq(vrrp_reason_str(a->reason), vrrp_reason_str(why));
}

static void expect_timer(const struct vrrp_actions *o, uint64_t at)
{
	const struct vrrp_action *a = find(o, VRRP_ACT_SET_TIMER);

	ck_assert_msg(a != NULL, "no SET_TIMER");
	ck_assert_uint_eq(a->at, at);
}

static void advert(struct vrrp_fsm *f, uint64_t now, uint8_t prio, uint16_t interval_cs,
		   const char *src, struct vrrp_actions *out)
{
	struct vrrp_fsm_advert adv = {.priority = prio, .interval_cs = interval_cs};

	adv.src = A(src);
	vrrp_fsm_advert(f, now, &adv, out);
}

/* Run the timer at `now` if it is due, as the event loop would. */
static void tick(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out)
{
	out->n = 0;
	if (vrrp_fsm_next_timer(f) <= now)
		vrrp_fsm_timer(f, now, out);
}

START_TEST(test_names)
{
	struct vrrp_action a = {.type = VRRP_ACT_NOTIFY,
				.from = VRRP_STATE_BACKUP,
				.to = VRRP_STATE_MASTER,
				.reason = VRRP_REASON_MASTER_DOWN};
	char buf[64];

	ck_assert_str_eq(vrrp_state_str(VRRP_STATE_INIT), "INIT");
	ck_assert_str_eq(vrrp_state_str(VRRP_STATE_BACKUP), "BACKUP");
	ck_assert_str_eq(vrrp_state_str(VRRP_STATE_MASTER), "MASTER");
	ck_assert_str_eq(vrrp_state_str(VRRP_STATE_FAULT), "FAULT");
	ck_assert_str_eq(vrrp_state_str(VRRP_STATE_MAX), "UNKNOWN");
	for (int r = 0; r < VRRP_REASON_MAX; r++)
		ck_assert_str_ne(vrrp_reason_str((enum vrrp_reason)r), "unknown");
	ck_assert_str_eq(vrrp_reason_str(VRRP_REASON_MAX), "unknown");
	for (int t = 0; t < VRRP_ACT_MAX; t++)
		ck_assert_str_ne(vrrp_action_str((enum vrrp_action_type)t), "unknown");
	ck_assert_int_gt(vrrp_fsm_transition_str(buf, sizeof(buf), "VI_1", &a), 0);
	ck_assert_str_eq(buf, "[VI_1] BACKUP -> MASTER (master down timer)");
	ck_assert_int_eq(vrrp_fsm_transition_str(buf, 10, "VI_1", &a), -1);
}
END_TEST

START_TEST(test_v3_startup_master_down_exact)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	vrrp_fsm_init(&f, &c);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	ck_assert_uint_eq(vrrp_fsm_next_timer(&f), VRRP_TIMER_NONE);
	vrrp_fsm_startup(&f, T0, &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	expect_actions(&out, VRRP_ACT_NOTIFY, VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_REASON_STARTUP);
	/* Skew = (156 * 100) / 256 = 60 cs; 3 * 100 + 60 = 360 cs. */
	ck_assert_uint_eq(vrrp_fsm_skew_time(&f), CS(60));
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(360));
	expect_timer(&out, T0 + CS(360));

	/* One centisecond early: nothing, even if called. */
	vrrp_fsm_timer(&f, T0 + CS(359), &out);
	expect_actions(&out, END);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	/* On time: Master, advert first, then VIPs, GARP, notify. */
	vrrp_fsm_timer(&f, T0 + CS(360), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, VRRP_ACT_ADD_VIPS, VRRP_ACT_SEND_GARP,
		       VRRP_ACT_NOTIFY, VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_REASON_MASTER_DOWN);
	expect_timer(&out, T0 + CS(460));

	/* Adverts every Advertisement_Interval, keeping the cadence when late. */
	tick(&f, T0 + CS(459), &out);
	expect_actions(&out, END);
	tick(&f, T0 + CS(460), &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, VRRP_ACT_SET_TIMER, END);
	expect_timer(&out, T0 + CS(560));
	tick(&f, T0 + CS(565), &out);
	expect_timer(&out, T0 + CS(660));
	/* Fell behind by more than an interval: restart from now. */
	tick(&f, T0 + CS(900), &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, VRRP_ACT_SET_TIMER, END);
	expect_timer(&out, T0 + CS(1000));
}
END_TEST

/* keepalived's down_timer_adverts: N intervals plus Skew_Time, from the
 * learned interval; also after a master's advert and for v2. */
START_TEST(test_down_timer_adverts)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	c.down_timer_adverts = 1;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* 1 * 100 + 60 = 160 cs. */
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(160));
	expect_timer(&out, T0 + CS(160));
	/* A master with 50 cs adverts: 1 * 50 + (156 * 50) / 256 = 50 + 30. */
	advert(&f, T0 + CS(10), 200, 50, "192.0.2.9", &out);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(80));
	expect_timer(&out, T0 + CS(90));
	tick(&f, T0 + CS(89), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, T0 + CS(90), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);

	c = config(3, 100);
	c.down_timer_adverts = 100;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(100 * 100 + 60));

	c = config(2, 100);
	c.down_timer_adverts = 2;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* v2: 2 s + 156/256 s. */
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), 2000000 + 609375);

	/* 0 (not set) is the RFC's 3. */
	c = config(3, 100);
	c.down_timer_adverts = 0;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(360));
}
END_TEST

START_TEST(test_v2_master_down_exact)
{
	struct vrrp_fsm_config c = config(2, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* RFC 3768: Skew = (256 - 100) / 256 s = 0.609375 s; MDI = 3.609375 s. */
	ck_assert_uint_eq(vrrp_fsm_skew_time(&f), 609375);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), 3609375);
	tick(&f, T0 + CS(360), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, T0 + CS(361), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	expect_notify(&out, VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_REASON_MASTER_DOWN);

	/* v2 does not learn the interval: a 2 s advert leaves MDI at 3.609375 s
	 * (the decoder drops such adverts anyway). */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, T0 + S(1), 200, 200, "192.0.2.2", &out);
	expect_actions(&out, VRRP_ACT_SET_TIMER, END);
	expect_timer(&out, T0 + S(1) + 3609375);

	/* Priority 200: skew = 56/256 s = 218750 us. */
	c.priority = 200;
	vrrp_fsm_init(&f, &c);
	ck_assert_uint_eq(vrrp_fsm_skew_time(&f), 218750);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), 3218750);
}
END_TEST

START_TEST(test_v3_skew_values)
{
	struct vrrp_fsm_config c = config(3, 1);
	struct vrrp_fsm f;

	c.adver_int_cs = 4095;
	vrrp_fsm_init(&f, &c);
	/* (255 * 4095) / 256 = 4079 cs (integer centiseconds, RFC 5798 §6.1). */
	ck_assert_uint_eq(vrrp_fsm_skew_time(&f), CS(4079));
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(3 * 4095 + 4079));
	c.priority = 254;
	c.adver_int_cs = 100;
	vrrp_fsm_init(&f, &c);
	/* (2 * 100) / 256 truncates to 0. */
	ck_assert_uint_eq(vrrp_fsm_skew_time(&f), 0);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(&f), CS(300));
	c.priority = 200;
	vrrp_fsm_init(&f, &c);
	ck_assert_uint_eq(vrrp_fsm_skew_time(&f), CS(21)); /* 5600 / 256 = 21.875 */
}
END_TEST

START_TEST(test_v3_learn_interval)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;
	struct addr master = A("192.0.2.2");
	uint64_t t = T0 + S(1);

	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* The master advertises every 2 s: MDI = 600 + (156 * 200) / 256 = 721 cs. */
	advert(&f, t, 200, 200, "192.0.2.2", &out);
	ck_assert_uint_eq(f.master_adver_int_cs, 200);
	expect_actions(&out, VRRP_ACT_SET_TIMER, END);
	expect_timer(&out, t + CS(721));
	ck_assert(addr_eq(&f.master_addr, &master));
	ck_assert_uint_eq(f.master_priority, 200);
	/* Then every 0.5 s: 150 + 7800 / 256 = 150 + 30 = 180 cs. */
	t += S(2);
	advert(&f, t, 200, 50, "192.0.2.2", &out);
	expect_timer(&out, t + CS(180));
	tick(&f, t + CS(179), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, t + CS(180), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	/* As Master we advertise at our own interval again. */
	expect_timer(&out, t + CS(180) + CS(100));
}
END_TEST

START_TEST(test_election_higher_master_holds)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;
	uint64_t t;

	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* A higher-priority master every second keeps us Backup for a minute. */
	for (t = T0 + MS(500); t < T0 + S(60); t += S(1)) {
		advert(&f, t, 150, 100, "192.0.2.2", &out);
		tick(&f, t + MS(999), &out);
		ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	}
	ck_assert_uint_eq(f.transitions, 1);
	/* It goes silent: Master MDI after its last advert. */
	t -= S(1);
	tick(&f, t + CS(359), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, t + CS(360), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	/* Equal priority from a Backup's point of view: accepted (>=). */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, T0 + S(3), 100, 100, "192.0.2.0", &out);
	expect_timer(&out, T0 + S(3) + CS(360));
}
END_TEST

START_TEST(test_preempt_lower_master)
{
	struct vrrp_fsm_config c = config(3, 200);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* MDI = 300 + 21 = 321 cs.  Lower adverts are discarded: no timer reset. */
	for (int i = 0; i < 3; i++) {
		advert(&f, T0 + S(i) + MS(100), 100, 100, "192.0.2.2", &out);
		expect_actions(&out, END);
	}
	tick(&f, T0 + CS(320), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, T0 + CS(321), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);

	/* As Master, a lower advert is answered at once (RFC 9568 §6.4.3). */
	advert(&f, T0 + S(4), 100, 100, "192.0.2.2", &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, END);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	/* ... unless lower_prio_no_advert (RFC 5798 behaviour). */
	f.cfg.lower_prio_no_advert = true;
	advert(&f, T0 + S(5), 100, 100, "192.0.2.2", &out);
	expect_actions(&out, END);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_nopreempt)
{
	struct vrrp_fsm_config c = config(3, 200);
	struct vrrp_fsm f;
	struct vrrp_actions out;
	uint64_t t;

	c.nopreempt = true;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	for (t = T0 + MS(500); t < T0 + S(30); t += S(1)) {
		advert(&f, t, 100, 100, "192.0.2.2", &out);
		expect_actions(&out, VRRP_ACT_SET_TIMER, END);
		tick(&f, t + MS(999), &out);
		ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	}
	/* The lower master dies: we take over MDI (our priority) later. */
	t -= S(1);
	tick(&f, t + CS(320), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, t + CS(321), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);

	/* The owner preempts whatever nopreempt says, and starts as Master. */
	c.priority = 255;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, VRRP_ACT_ADD_VIPS, VRRP_ACT_SEND_GARP,
		       VRRP_ACT_NOTIFY, VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_INIT, VRRP_STATE_MASTER, VRRP_REASON_OWNER);
	expect_timer(&out, T0 + CS(100));
}
END_TEST

START_TEST(test_owner_in_backup_preempts)
{
	struct vrrp_fsm_config c = config(3, 255);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	/* Two owners: the one with the higher address wins; we give way... */
	c.nopreempt = true;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, T0 + S(1), 255, 100, "192.0.2.9", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	expect_notify(&out, VRRP_STATE_MASTER, VRRP_STATE_BACKUP, VRRP_REASON_HIGHER_ADDR);
	/* ... but a lower master is preempted despite nopreempt: discarded. */
	advert(&f, T0 + S(2), 100, 100, "192.0.2.2", &out);
	expect_actions(&out, END);
	/* MDI for 255: 300 + 1 * 100 / 256 = 300 cs from the owner's advert. */
	tick(&f, T0 + S(1) + CS(300), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_preempt_delay)
{
	struct vrrp_fsm_config c = config(3, 200);
	struct vrrp_fsm f;
	struct vrrp_actions out;
	uint64_t t;

	c.preempt_delay_us = S(10);
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	/* A lower master from T0 + 0.5 s: its adverts count as a master's for
	 * 10 s (until T0 + 10.5 s), then they are discarded. */
	for (t = T0 + MS(500); t < T0 + S(12); t += S(1)) {
		tick(&f, t, &out);
		ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
		advert(&f, t, 100, 100, "192.0.2.2", &out);
	}
	/* Last accepted at 9.5 s (10.5 and 11.5 were discarded): Master at
	 * 9.5 + 3.21 = 12.71 s. */
	ck_assert_uint_eq(vrrp_fsm_next_timer(&f), T0 + MS(9500) + CS(321));
	tick(&f, T0 + MS(12700), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, T0 + MS(12710), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	expect_notify(&out, VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_REASON_MASTER_DOWN);

	/* Without a lower master, no delay: nothing to preempt. */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	tick(&f, T0 + CS(321), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);

	/* A higher master in between closes the window: a new lower master gets
	 * the full delay again. */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, T0 + S(1), 100, 100, "192.0.2.2", &out); /* window until 11 s */
	advert(&f, T0 + S(2), 250, 100, "192.0.2.3", &out); /* closes it */
	ck_assert_uint_eq(f.preempt_until, VRRP_TIMER_NONE);
	advert(&f, T0 + S(5), 100, 100, "192.0.2.2", &out);  /* window until 15 s */
	advert(&f, T0 + S(14), 100, 100, "192.0.2.2", &out); /* still accepted */
	expect_timer(&out, T0 + S(14) + CS(321));
	advert(&f, T0 + S(15), 100, 100, "192.0.2.2", &out); /* discarded */
	expect_actions(&out, END);
}
END_TEST

START_TEST(test_priority0_takeover)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;
	uint64_t t = T0 + S(2);

	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, T0 + S(1), 200, 100, "192.0.2.2", &out);
	/* The master shuts down: take over after Skew_Time = 60 cs only. */
	advert(&f, t, 0, 100, "192.0.2.2", &out);
	expect_actions(&out, VRRP_ACT_SET_TIMER, END);
	expect_timer(&out, t + CS(60));
	tick(&f, t + CS(59), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, t + CS(60), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);

	/* Skew_Time uses the learned interval: 2 s master -> 121 cs. */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, T0 + S(1), 200, 200, "192.0.2.2", &out);
	advert(&f, t, 0, 200, "192.0.2.2", &out);
	expect_timer(&out, t + CS(121));

	/* v2: 0.609375 s. */
	c.version = 2;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	advert(&f, t, 0, 100, "192.0.2.2", &out);
	tick(&f, t + CS(60), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	tick(&f, t + CS(61), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}
END_TEST

static void make_master(struct vrrp_fsm *f, const struct vrrp_fsm_config *c,
			struct vrrp_actions *out)
{
	vrrp_fsm_init(f, c);
	vrrp_fsm_startup(f, T0, out);
	tick(f, T0 + S(10), out);
	ck_assert_int_eq(f->state, VRRP_STATE_MASTER);
}

START_TEST(test_master_gives_way)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;
	uint64_t t = T0 + S(11);

	/* Higher priority: Backup with the sender's interval, VIPs removed. */
	make_master(&f, &c, &out);
	advert(&f, t, 101, 300, "192.0.2.0", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	expect_actions(&out, VRRP_ACT_REMOVE_VIPS, VRRP_ACT_NOTIFY, VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_MASTER, VRRP_STATE_BACKUP, VRRP_REASON_HIGHER_PRIO);
	/* 900 + (156 * 300) / 256 = 900 + 182 = 1082 cs */
	expect_timer(&out, t + CS(1082));

	/* higher_prio_send_advert: one advert of ours before giving way. */
	c.higher_prio_send_advert = true;
	make_master(&f, &c, &out);
	advert(&f, t, 101, 100, "192.0.2.0", &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, VRRP_ACT_REMOVE_VIPS, VRRP_ACT_NOTIFY,
		       VRRP_ACT_SET_TIMER, END);
	c.higher_prio_send_advert = false;

	/* Equal priority, higher address (unsigned: .129 > .1). */
	make_master(&f, &c, &out);
	advert(&f, t, 100, 100, "192.0.2.129", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	expect_notify(&out, VRRP_STATE_MASTER, VRRP_STATE_BACKUP, VRRP_REASON_HIGHER_ADDR);

	/* Equal priority, lower address: stay Master and assert (RFC 9568). */
	c.primary = A("192.0.2.200");
	make_master(&f, &c, &out);
	advert(&f, t, 100, 100, "192.0.2.129", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, END);

	/* IPv6 primary addresses compare as unsigned 128-bit numbers. */
	c.primary = A("fe80::1");
	make_master(&f, &c, &out);
	advert(&f, t, 100, 100, "fe80::8000", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	c.primary = A("fe80::8001");
	make_master(&f, &c, &out);
	advert(&f, t, 100, 100, "fe80::8000", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);

	/* Priority 0 from another master: advert now, Adver_Timer restarted. */
	c.primary = A("192.0.2.1");
	make_master(&f, &c, &out);
	advert(&f, t + MS(250), 0, 100, "192.0.2.2", &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, VRRP_ACT_SET_TIMER, END);
	expect_timer(&out, t + MS(250) + CS(100));

	/* Our own advert looped back is ignored. */
	advert(&f, t + S(1), 100, 100, "192.0.2.1", &out);
	expect_actions(&out, END);
}
END_TEST

START_TEST(test_fault)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	/* Backup -> Fault: timer stopped, adverts and timers ignored. */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	vrrp_fsm_set_fault(&f, T0 + S(1), true, &out);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	expect_actions(&out, VRRP_ACT_NOTIFY, VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_BACKUP, VRRP_STATE_FAULT, VRRP_REASON_FAULT);
	expect_timer(&out, VRRP_TIMER_NONE);
	advert(&f, T0 + S(2), 200, 100, "192.0.2.2", &out);
	expect_actions(&out, END);
	vrrp_fsm_timer(&f, T0 + S(100), &out);
	expect_actions(&out, END);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	/* Fault cleared: Backup with a fresh Master_Down_Timer. */
	vrrp_fsm_set_fault(&f, T0 + S(200), false, &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	expect_notify(&out, VRRP_STATE_FAULT, VRRP_STATE_BACKUP, VRRP_REASON_FAULT_CLEARED);
	expect_timer(&out, T0 + S(200) + CS(360));

	/* Master -> Fault: priority 0 advert, VIPs removed. */
	make_master(&f, &c, &out);
	vrrp_fsm_set_fault(&f, T0 + S(20), true, &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT_PRIO0, VRRP_ACT_REMOVE_VIPS, VRRP_ACT_NOTIFY,
		       VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_MASTER, VRRP_STATE_FAULT, VRRP_REASON_FAULT);
	/* A second fault report changes nothing. */
	vrrp_fsm_set_fault(&f, T0 + S(21), true, &out);
	expect_actions(&out, END);

	/* Fault before startup: start in Fault. */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_set_fault(&f, T0, true, &out);
	expect_actions(&out, END);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	vrrp_fsm_startup(&f, T0, &out);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	expect_actions(&out, VRRP_ACT_NOTIFY, END);
	expect_notify(&out, VRRP_STATE_INIT, VRRP_STATE_FAULT, VRRP_REASON_FAULT);

	/* An owner leaves Fault straight to Master. */
	c.priority = 255;
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_set_fault(&f, T0, true, &out);
	vrrp_fsm_startup(&f, T0, &out);
	vrrp_fsm_set_fault(&f, T0 + S(1), false, &out);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	expect_notify(&out, VRRP_STATE_FAULT, VRRP_STATE_MASTER, VRRP_REASON_OWNER);
}
END_TEST

START_TEST(test_shutdown_and_record)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	make_master(&f, &c, &out);
	/* A second startup does nothing. */
	vrrp_fsm_startup(&f, T0 + S(10), &out);
	expect_actions(&out, END);
	vrrp_fsm_shutdown(&f, T0 + S(12), &out);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT_PRIO0, VRRP_ACT_REMOVE_VIPS, VRRP_ACT_NOTIFY,
		       VRRP_ACT_SET_TIMER, END);
	expect_notify(&out, VRRP_STATE_MASTER, VRRP_STATE_INIT, VRRP_REASON_SHUTDOWN);
	expect_timer(&out, VRRP_TIMER_NONE);
	vrrp_fsm_shutdown(&f, T0 + S(13), &out);
	expect_actions(&out, END);

	/* The record: INIT -> BACKUP -> MASTER -> INIT. */
	ck_assert_uint_eq(f.transitions, 3);
	ck_assert_uint_eq(f.entered[VRRP_STATE_BACKUP], 1);
	ck_assert_uint_eq(f.entered[VRRP_STATE_MASTER], 1);
	ck_assert_uint_eq(f.entered[VRRP_STATE_INIT], 1);
	ck_assert_uint_eq(f.reasons[VRRP_REASON_STARTUP], 1);
	ck_assert_uint_eq(f.reasons[VRRP_REASON_MASTER_DOWN], 1);
	ck_assert_uint_eq(f.reasons[VRRP_REASON_SHUTDOWN], 1);
	ck_assert_int_eq(f.prev_state, VRRP_STATE_MASTER);
	ck_assert_int_eq(f.last_reason, VRRP_REASON_SHUTDOWN);
	ck_assert_uint_eq(f.last_change, T0 + S(12));

	/* Backup -> Initialize: just the notification and the timer stopped. */
	vrrp_fsm_startup(&f, T0 + S(20), &out);
	vrrp_fsm_shutdown(&f, T0 + S(21), &out);
	expect_actions(&out, VRRP_ACT_NOTIFY, VRRP_ACT_SET_TIMER, END);
	/* Adverts in Initialize are ignored. */
	advert(&f, T0 + S(22), 200, 100, "192.0.2.2", &out);
	expect_actions(&out, END);
	ck_assert_uint_eq(f.transitions, 5);
}
END_TEST

START_TEST(test_priority_change)
{
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm f;
	struct vrrp_actions out;

	make_master(&f, &c, &out);
	vrrp_fsm_set_priority(&f, T0 + S(11), 90, &out);
	expect_actions(&out, VRRP_ACT_SEND_ADVERT, END);
	ck_assert_uint_eq(f.priority, 90);
	vrrp_fsm_set_priority(&f, T0 + S(11), 90, &out);
	expect_actions(&out, END);
	vrrp_fsm_set_priority(&f, T0 + S(11), 0, &out);
	ck_assert_uint_eq(f.priority, 1);
	/* A lowered master now gives way to a priority it used to beat. */
	advert(&f, T0 + S(12), 50, 100, "192.0.2.2", &out);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);

	/* In Backup the new priority changes Skew_Time for the next reset. */
	vrrp_fsm_init(&f, &c);
	vrrp_fsm_startup(&f, T0, &out);
	vrrp_fsm_set_priority(&f, T0, 200, &out);
	expect_actions(&out, END);
	advert(&f, T0 + S(1), 250, 100, "192.0.2.2", &out);
	expect_timer(&out, T0 + S(1) + CS(321));
}
END_TEST

/* Two routers wired back to back through the fake clock. */
static void deliver(struct vrrp_fsm *to, const struct vrrp_fsm *from, uint64_t now,
		    const struct vrrp_actions *o, struct vrrp_actions *out2)
{
	for (size_t i = 0; i < o->n; i++) {
		if (o->a[i].type == VRRP_ACT_SEND_ADVERT ||
		    o->a[i].type == VRRP_ACT_SEND_ADVERT_PRIO0) {
			struct vrrp_fsm_advert adv = {
			    .priority = o->a[i].type == VRRP_ACT_SEND_ADVERT ? from->priority : 0,
			    .interval_cs = from->cfg.adver_int_cs,
			    .src = from->cfg.primary};

			vrrp_fsm_advert(to, now, &adv, out2);
		}
	}
}

START_TEST(test_pair)
{
	struct vrrp_fsm_config ca = config(3, 100), cb = config(3, 150);
	struct vrrp_fsm a, b;
	struct vrrp_actions oa, ob, sink;
	uint64_t t, b_master_at = 0, a_master_at = 0;

	cb.primary = A("192.0.2.2");
	vrrp_fsm_init(&a, &ca);
	vrrp_fsm_init(&b, &cb);
	vrrp_fsm_startup(&a, T0, &oa);
	vrrp_fsm_startup(&b, T0 + MS(5), &ob);
	/* 1 ms steps for 30 s: B (150) wins, A stays Backup. */
	for (t = T0; t < T0 + S(30); t += MS(1)) {
		tick(&a, t, &oa);
		deliver(&b, &a, t, &oa, &sink);
		tick(&b, t, &ob);
		deliver(&a, &b, t, &ob, &sink);
		if (!b_master_at && b.state == VRRP_STATE_MASTER)
			b_master_at = t;
	}
	ck_assert_int_eq(b.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(a.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(a.entered[VRRP_STATE_MASTER], 0);
	/* B: MDI = 300 + (106 * 100) / 256 = 341 cs after its start. */
	ck_assert_uint_eq(b_master_at, T0 + MS(5) + CS(341));

	/* B shuts down: its priority 0 advert lets A take over in Skew_Time. */
	vrrp_fsm_shutdown(&b, t, &ob);
	deliver(&a, &b, t, &ob, &sink);
	for (uint64_t u = t; u < t + S(2); u += MS(1)) {
		tick(&a, u, &oa);
		if (!a_master_at && a.state == VRRP_STATE_MASTER)
			a_master_at = u;
	}
	ck_assert_uint_eq(a_master_at, t + CS(60));
}
END_TEST

static Suite *vrrp_fsm_suite(void)
{
	Suite *s = suite_create("vrrp_fsm");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_v3_startup_master_down_exact);
	tcase_add_test(tc, test_v2_master_down_exact);
	tcase_add_test(tc, test_v3_skew_values);
	tcase_add_test(tc, test_v3_learn_interval);
	tcase_add_test(tc, test_election_higher_master_holds);
	tcase_add_test(tc, test_preempt_lower_master);
	tcase_add_test(tc, test_nopreempt);
	tcase_add_test(tc, test_owner_in_backup_preempts);
	tcase_add_test(tc, test_preempt_delay);
	tcase_add_test(tc, test_priority0_takeover);
	tcase_add_test(tc, test_master_gives_way);
	tcase_add_test(tc, test_fault);
	tcase_add_test(tc, test_shutdown_and_record);
	tcase_add_test(tc, test_priority_change);
	tcase_add_test(tc, test_pair);
	tcase_add_test(tc, test_down_timer_adverts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(vrrp_fsm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
