/*
 * vrrp_run_sync: vrrp_sync_group, members that change state together
 * (keepalived's rules):
 *  - FAULT: a member with a fault of its own (link, tracker) puts the whole
 *    group in FAULT (vrrp_sync_group_fault(), used by vrrp_inst_eval());
 *  - MASTER: a backup member whose Master_Down_Timer ran out becomes master
 *    only once every other member is master already or wants to be (its
 *    timer ran out too); then all the waiting ones go together
 *    (vrrp_sync_want_master()).  Until then it stays BACKUP, its timer
 *    expired: a member that still hears its master holds the group back, so
 *    a group never splits between two directors;
 *  - BACKUP: a master member that steps down for a better master takes the
 *    other master members with it (vrrp_sync_after_change()): each sends a
 *    priority-0 advert (its backups take over after Skew_Time) and is fed a
 *    priority-255 advert in the state machine, so it leaves MASTER the way
 *    the RFC describes ("higher priority advert").
 */
#include "config.h"

#include <string.h>

#include "lib/log.h"
#include "vrrp/vrrp_run_int.h"

static bool same_group(const struct vrrp_inst *a, const struct vrrp_inst *b)
{
	return a != b && a->c.sync_group && b->c.sync_group &&
	       strcmp(a->c.sync_group, b->c.sync_group) == 0;
}

bool vrrp_sync_group_fault(const struct vrrp_inst *in)
{
	const struct vrrp_inst *m;

	if (in->own_fault)
		return true;
	if (!in->c.sync_group)
		return false;
	TAILQ_FOREACH (m, &in->r->insts, entry)
		if (same_group(in, m) && m->started && m->own_fault)
			return true;
	return false;
}

void vrrp_sync_eval_members(struct vrrp_inst *in)
{
	struct vrrp_run *r = in->r;
	struct vrrp_inst *m;

	if (!in->c.sync_group || r->syncing)
		return;
	/* Twice: a member evaluated first sees the others' own faults of
	 * before their evaluation; the second pass sees the settled ones. */
	r->syncing = true;
	for (int pass = 0; pass < 2; pass++)
		TAILQ_FOREACH (m, &r->insts, entry)
			if ((m == in || same_group(in, m)) && m->started)
				vrrp_inst_eval(m);
	r->syncing = false;
}

static bool wants_master(const struct vrrp_inst *m, uint64_t now)
{
	return m->fsm.state == VRRP_STATE_MASTER ||
	       (m->fsm.state == VRRP_STATE_BACKUP && now >= m->fsm.master_down_timer);
}

void vrrp_sync_want_master(struct vrrp_inst *in, uint64_t now)
{
	struct vrrp_run *r = in->r;
	struct vrrp_inst *m;
	struct vrrp_actions acts;

	TAILQ_FOREACH (m, &r->insts, entry)
		if (same_group(in, m) && !wants_master(m, now)) {
			if (!in->sync_blocked)
				log_info("[%s] master down, but %s (sync group %s) is not: staying "
					 "BACKUP",
					 in->c.name, m->c.name, in->c.sync_group);
			in->sync_blocked = true;
			return;
		}
	in->sync_blocked = false;
	r->syncing = true;
	vrrp_fsm_timer(&in->fsm, now, &acts);
	vrrp_inst_run_actions(in, &acts);
	TAILQ_FOREACH (m, &r->insts, entry)
		if (same_group(in, m) && m->fsm.state == VRRP_STATE_BACKUP) {
			m->sync_blocked = false;
			vrrp_fsm_timer(&m->fsm, now, &acts);
			vrrp_inst_run_actions(m, &acts);
		}
	r->syncing = false;
}

void vrrp_sync_after_change(struct vrrp_inst *in, const struct vrrp_action *a)
{
	struct vrrp_run *r = in->r;
	struct vrrp_inst *m;

	if (!in->c.sync_group || r->syncing || a->from != VRRP_STATE_MASTER ||
	    a->to != VRRP_STATE_BACKUP)
		return;
	r->syncing = true;
	TAILQ_FOREACH (m, &r->insts, entry) {
		struct vrrp_fsm_advert fake;
		struct vrrp_actions acts;

		if (!same_group(in, m) || m->fsm.state != VRRP_STATE_MASTER)
			continue;
		log_info("[%s] following %s (sync group %s) to BACKUP", m->c.name, in->c.name,
			 in->c.sync_group);
		vrrp_inst_send_advert(m, 0);
		memset(&fake, 0, sizeof(fake));
		fake.priority = 255;
		fake.interval_cs = (uint16_t)m->c.advert_int_cs;
		if (in->fsm.master_addr.af == m->c.af)
			fake.src = in->fsm.master_addr;
		vrrp_fsm_advert(&m->fsm, vrrp_run_now_us(), &fake, &acts);
		vrrp_inst_run_actions(m, &acts);
	}
	r->syncing = false;
}
