/*
 * vrrp_fsm: RFC 5798 §6.4 / RFC 9568 §6.4 state machine, pure.
 *
 * Timing (all kept in microseconds of the caller's monotonic clock):
 *  - v3: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 in whole
 *    centiseconds, as RFC 5798 §6.1 defines it (integer division);
 *  - v2: Skew_Time = (256 - Priority) / 256 seconds (RFC 3768 §6.1), kept to
 *    the microsecond;
 *  - Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (3 is
 *    keepalived's down_timer_adverts, 1..100, when configured).
 * A v3 Backup learns Master_Adver_Interval from the master's adverts; v2 has
 * no such field (the decoder drops adverts with another interval).
 *
 * Clarifications of RFC 9568 that are followed here:
 *  - a Master that receives an advert with a lower priority, or the same
 *    priority and a lower primary address, discards it and sends an advert at
 *    once to assert itself (§6.4.3), unless lower_prio_no_advert is set
 *    (keepalived's option for the RFC 5798 behaviour);
 *  - becoming Master sends an advert immediately, then GARP/NA (§6.4.2);
 *  - a Backup with Preempt_Mode false, or seeing a priority >= its own,
 *    learns the interval and restarts Master_Down_Timer; with preemption and a
 *    lower priority it discards the advert so that its timer runs out.
 * An advert whose source is our own primary address (our multicast looped
 * back) is ignored, so that answering lower adverts cannot feed on itself.
 *
 * preempt_delay (keepalived): the first lower-priority advert opens a window of
 * preempt_delay during which lower adverts are accepted like a proper master's;
 * after it they are discarded and Master_Down_Timer takes over.  Taking over
 * thus happens about preempt_delay later than without it.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "lib/util.h"
#include "vrrp/vrrp_fsm.h"

static const char *const state_names[VRRP_STATE_MAX] = {
    [VRRP_STATE_INIT] = "INIT",
    [VRRP_STATE_BACKUP] = "BACKUP",
    [VRRP_STATE_MASTER] = "MASTER",
    [VRRP_STATE_FAULT] = "FAULT",
};

static const char *const reason_names[VRRP_REASON_MAX] = {
    [VRRP_REASON_NONE] = "none",
    [VRRP_REASON_STARTUP] = "startup",
    [VRRP_REASON_OWNER] = "address owner",
    [VRRP_REASON_MASTER_DOWN] = "master down timer",
    [VRRP_REASON_HIGHER_PRIO] = "higher priority advert",
    [VRRP_REASON_HIGHER_ADDR] = "same priority, higher address",
    [VRRP_REASON_SHUTDOWN] = "shutdown",
    [VRRP_REASON_FAULT] = "fault",
    [VRRP_REASON_FAULT_CLEARED] = "fault cleared",
};

static const char *const action_names[VRRP_ACT_MAX] = {
    [VRRP_ACT_SEND_ADVERT] = "send advert", [VRRP_ACT_SEND_ADVERT_PRIO0] = "send priority 0 advert",
    [VRRP_ACT_ADD_VIPS] = "add VIPs",	    [VRRP_ACT_REMOVE_VIPS] = "remove VIPs",
    [VRRP_ACT_SEND_GARP] = "send GARP/NA",  [VRRP_ACT_NOTIFY] = "notify",
    [VRRP_ACT_SET_TIMER] = "set timer",
};

const char *vrrp_state_str(enum vrrp_state s)
{
	return (unsigned)s < VRRP_STATE_MAX ? state_names[s] : "UNKNOWN";
}

const char *vrrp_reason_str(enum vrrp_reason r)
{
	return (unsigned)r < VRRP_REASON_MAX ? reason_names[r] : "unknown";
}

const char *vrrp_action_str(enum vrrp_action_type t)
{
	return (unsigned)t < VRRP_ACT_MAX ? action_names[t] : "unknown";
}

int vrrp_fsm_transition_str(char *buf, size_t len, const char *name, const struct vrrp_action *a)
{
	return util_snprintf(buf, len, "[%s] %s -> %s (%s)", name, vrrp_state_str(a->from),
			     vrrp_state_str(a->to), vrrp_reason_str(a->reason));
}

static void push(struct vrrp_actions *out, enum vrrp_action_type type)
{
	if (out->n < VRRP_ACTIONS_MAX) {
		memset(&out->a[out->n], 0, sizeof(out->a[0]));
		out->a[out->n++].type = type;
	}
}

/* ---- timing ---- */

static uint64_t cs_to_us(uint64_t cs)
{
	return cs * VRRP_USEC_PER_CS;
}

uint64_t vrrp_fsm_skew_time(const struct vrrp_fsm *f)
{
	uint64_t weight = 256u - f->priority;

	if (f->cfg.version == 2)
		return weight * 1000000u / 256u;
	return cs_to_us(weight * f->master_adver_int_cs / 256u);
}

uint64_t vrrp_fsm_master_down_interval(const struct vrrp_fsm *f)
{
	uint64_t n = f->cfg.down_timer_adverts > 0 ? (uint64_t)f->cfg.down_timer_adverts : 3u;

	return n * cs_to_us(f->master_adver_int_cs) + vrrp_fsm_skew_time(f);
}

uint64_t vrrp_fsm_next_timer(const struct vrrp_fsm *f)
{
	if (f->state == VRRP_STATE_MASTER)
		return f->adver_timer;
	if (f->state == VRRP_STATE_BACKUP)
		return f->master_down_timer;
	return VRRP_TIMER_NONE;
}

static bool preempt_mode(const struct vrrp_fsm *f)
{
	/* RFC 5798 §6.1: the address owner always preempts. */
	return !f->cfg.nopreempt || f->priority == 255;
}

static void set_master_down(struct vrrp_fsm *f, uint64_t now)
{
	f->master_down_timer = now + vrrp_fsm_master_down_interval(f);
}

/* Master_Adver_Interval from an advert: learned in v3, fixed in v2. */
static void learn_interval(struct vrrp_fsm *f, uint16_t interval_cs)
{
	if (f->cfg.version == 3 && interval_cs > 0)
		f->master_adver_int_cs = interval_cs;
	else
		f->master_adver_int_cs = f->cfg.adver_int_cs;
}

/* ---- the one place where the state changes ---- */

static void change_state(struct vrrp_fsm *f, uint64_t now, enum vrrp_state to,
			 enum vrrp_reason reason, struct vrrp_actions *out)
{
	enum vrrp_state from = f->state;
	struct vrrp_action *a;

	/* Leave the old state. */
	if (from == VRRP_STATE_MASTER) {
		if (to != VRRP_STATE_BACKUP)
			push(out, VRRP_ACT_SEND_ADVERT_PRIO0);
		push(out, VRRP_ACT_REMOVE_VIPS);
		f->adver_timer = VRRP_TIMER_NONE;
	} else if (from == VRRP_STATE_BACKUP) {
		f->master_down_timer = VRRP_TIMER_NONE;
		f->preempt_until = VRRP_TIMER_NONE;
	}

	f->prev_state = from;
	f->state = to;
	f->last_reason = reason;
	f->last_change = now;
	f->transitions++;
	f->entered[to]++;
	f->reasons[reason]++;

	/* Enter the new one (a Backup's timer is set by the caller, which knows
	 * which interval applies). */
	if (to == VRRP_STATE_MASTER) {
		push(out, VRRP_ACT_SEND_ADVERT);
		push(out, VRRP_ACT_ADD_VIPS);
		push(out, VRRP_ACT_SEND_GARP);
		f->adver_timer = now + cs_to_us(f->cfg.adver_int_cs);
		f->master_adver_int_cs = f->cfg.adver_int_cs;
		memset(&f->master_addr, 0, sizeof(f->master_addr));
		f->master_priority = 0;
	}
	push(out, VRRP_ACT_NOTIFY);
	a = &out->a[out->n - 1];
	if (a->type == VRRP_ACT_NOTIFY) {
		a->from = from;
		a->to = to;
		a->reason = reason;
	}
}

/* Initialize or Fault -> running: Master for the owner, else Backup. */
static void go_running(struct vrrp_fsm *f, uint64_t now, enum vrrp_reason reason,
		       struct vrrp_actions *out)
{
	if (f->priority == 255) {
		change_state(f, now, VRRP_STATE_MASTER, VRRP_REASON_OWNER, out);
		return;
	}
	change_state(f, now, VRRP_STATE_BACKUP, reason, out);
	f->master_adver_int_cs = f->cfg.adver_int_cs;
	set_master_down(f, now);
}

/* ---- events ---- */

struct event {
	struct vrrp_fsm *f;
	struct vrrp_actions *out;
	uint64_t timer_before;
};

static void event_begin(struct event *ev, struct vrrp_fsm *f, struct vrrp_actions *out)
{
	ev->f = f;
	ev->out = out;
	out->n = 0;
	ev->timer_before = vrrp_fsm_next_timer(f);
}

static void event_end(struct event *ev)
{
	uint64_t t = vrrp_fsm_next_timer(ev->f);

	if (t != ev->timer_before) {
		push(ev->out, VRRP_ACT_SET_TIMER);
		ev->out->a[ev->out->n - 1].at = t;
	}
}

void vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_config *cfg)
{
	memset(f, 0, sizeof(*f));
	f->cfg = *cfg;
	if (f->cfg.version != 2)
		f->cfg.version = 3;
	if (f->cfg.priority == 0)
		f->cfg.priority = 1;
	if (f->cfg.adver_int_cs == 0)
		f->cfg.adver_int_cs = 100;
	f->state = VRRP_STATE_INIT;
	f->prev_state = VRRP_STATE_INIT;
	f->priority = f->cfg.priority;
	f->master_adver_int_cs = f->cfg.adver_int_cs;
	f->adver_timer = VRRP_TIMER_NONE;
	f->master_down_timer = VRRP_TIMER_NONE;
	f->preempt_until = VRRP_TIMER_NONE;
}

void vrrp_fsm_startup(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out)
{
	struct event ev;

	event_begin(&ev, f, out);
	if (f->state == VRRP_STATE_INIT) {
		if (f->fault)
			change_state(f, now, VRRP_STATE_FAULT, VRRP_REASON_FAULT, out);
		else
			go_running(f, now, VRRP_REASON_STARTUP, out);
	}
	event_end(&ev);
}

void vrrp_fsm_shutdown(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out)
{
	struct event ev;

	event_begin(&ev, f, out);
	if (f->state != VRRP_STATE_INIT)
		change_state(f, now, VRRP_STATE_INIT, VRRP_REASON_SHUTDOWN, out);
	event_end(&ev);
}

static bool is_own_advert(const struct vrrp_fsm *f, const struct vrrp_fsm_advert *adv)
{
	return f->cfg.primary.af != 0 && addr_eq(&f->cfg.primary, &adv->src);
}

/* RFC 5798 §6.4.3: the sender wins on priority, then on the primary address as
 * an unsigned number in network byte order. */
static bool sender_wins(const struct vrrp_fsm *f, const struct vrrp_fsm_advert *adv,
			enum vrrp_reason *why)
{
	size_t len;

	if (adv->priority > f->priority) {
		*why = VRRP_REASON_HIGHER_PRIO;
		return true;
	}
	if (adv->priority < f->priority || adv->src.af != f->cfg.primary.af)
		return false;
	len = adv->src.af == AF_INET ? 4 : 16;
	*why = VRRP_REASON_HIGHER_ADDR;
	return memcmp(adv->src.u.bytes, f->cfg.primary.u.bytes, len) > 0;
}

static void master_advert(struct vrrp_fsm *f, uint64_t now, const struct vrrp_fsm_advert *adv,
			  struct vrrp_actions *out)
{
	enum vrrp_reason why = VRRP_REASON_NONE;

	if (adv->priority == 0) {
		/* The other master left: make ourselves known right away. */
		push(out, VRRP_ACT_SEND_ADVERT);
		f->adver_timer = now + cs_to_us(f->cfg.adver_int_cs);
	} else if (sender_wins(f, adv, &why)) {
		if (f->cfg.higher_prio_send_advert)
			push(out, VRRP_ACT_SEND_ADVERT);
		change_state(f, now, VRRP_STATE_BACKUP, why, out);
		learn_interval(f, adv->interval_cs);
		f->master_addr = adv->src;
		f->master_priority = adv->priority;
		set_master_down(f, now);
	} else if (!f->cfg.lower_prio_no_advert) {
		/* RFC 9568 §6.4.3: discard, and assert ourselves at once. */
		push(out, VRRP_ACT_SEND_ADVERT);
	}
}

static void backup_accept(struct vrrp_fsm *f, uint64_t now, const struct vrrp_fsm_advert *adv)
{
	learn_interval(f, adv->interval_cs);
	f->master_addr = adv->src;
	f->master_priority = adv->priority;
	set_master_down(f, now);
}

static void backup_advert(struct vrrp_fsm *f, uint64_t now, const struct vrrp_fsm_advert *adv)
{
	if (adv->priority == 0) {
		/* The master is leaving: take over after Skew_Time only. */
		f->master_down_timer = now + vrrp_fsm_skew_time(f);
		f->preempt_until = VRRP_TIMER_NONE;
		return;
	}
	if (!preempt_mode(f) || adv->priority >= f->priority) {
		f->preempt_until = VRRP_TIMER_NONE;
		backup_accept(f, now, adv);
		return;
	}
	/* A lower-priority master and we may preempt it. */
	if (f->cfg.preempt_delay_us > 0 && f->priority != 255) {
		if (f->preempt_until == VRRP_TIMER_NONE)
			f->preempt_until = now + f->cfg.preempt_delay_us;
		if (now < f->preempt_until) {
			backup_accept(f, now, adv);
			return;
		}
	}
	/* Discard: Master_Down_Timer runs out and we take over. */
}

void vrrp_fsm_advert(struct vrrp_fsm *f, uint64_t now, const struct vrrp_fsm_advert *adv,
		     struct vrrp_actions *out)
{
	struct event ev;

	event_begin(&ev, f, out);
	if (!is_own_advert(f, adv)) {
		if (f->state == VRRP_STATE_MASTER)
			master_advert(f, now, adv, out);
		else if (f->state == VRRP_STATE_BACKUP)
			backup_advert(f, now, adv);
		/* Initialize and Fault ignore adverts. */
	}
	event_end(&ev);
}

void vrrp_fsm_timer(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out)
{
	struct event ev;

	event_begin(&ev, f, out);
	if (f->state == VRRP_STATE_MASTER && now >= f->adver_timer) {
		uint64_t step = cs_to_us(f->cfg.adver_int_cs);

		push(out, VRRP_ACT_SEND_ADVERT);
		/* Keep the cadence of the deadlines, unless we fell behind. */
		f->adver_timer += step;
		if (f->adver_timer <= now)
			f->adver_timer = now + step;
	} else if (f->state == VRRP_STATE_BACKUP && now >= f->master_down_timer) {
		change_state(f, now, VRRP_STATE_MASTER, VRRP_REASON_MASTER_DOWN, out);
	}
	event_end(&ev);
}

void vrrp_fsm_set_fault(struct vrrp_fsm *f, uint64_t now, bool fault, struct vrrp_actions *out)
{
	struct event ev;

	event_begin(&ev, f, out);
	f->fault = fault;
	if (fault && (f->state == VRRP_STATE_BACKUP || f->state == VRRP_STATE_MASTER))
		change_state(f, now, VRRP_STATE_FAULT, VRRP_REASON_FAULT, out);
	else if (!fault && f->state == VRRP_STATE_FAULT)
		go_running(f, now, VRRP_REASON_FAULT_CLEARED, out);
	event_end(&ev);
}

void vrrp_fsm_set_priority(struct vrrp_fsm *f, uint64_t now, uint8_t priority,
			   struct vrrp_actions *out)
{
	struct event ev;

	(void)now;
	event_begin(&ev, f, out);
	if (priority == 0)
		priority = 1;
	if (priority != f->priority) {
		f->priority = priority;
		/* Tell the backups now rather than at the next advert. */
		if (f->state == VRRP_STATE_MASTER)
			push(out, VRRP_ACT_SEND_ADVERT);
	}
	event_end(&ev);
}
