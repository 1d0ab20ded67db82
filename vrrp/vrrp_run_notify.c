/*
 * vrrp_run_notify: what the VRRP process tells the outside world about
 * state changes, the way keepalived does:
 *  - an instance's notify_master / _backup / _fault / _stop script, then its
 *    `notify` script with INSTANCE NAME STATE PRIORITY appended, queued in
 *    order on the instance's own queue (vrrp_notify: never two at once);
 *  - a vrrp_sync_group's state: FAULT as soon as a member is in FAULT,
 *    MASTER once every member is MASTER, BACKUP once every member is
 *    BACKUP (unchanged while its members are on their way), STOP at
 *    shutdown after its members; each change runs the group's notify_*
 *    script then its `notify` with GROUP NAME STATE 0 appended, on the
 *    group's own queue;
 *  - the notify FIFOs (notify_fifo and vrrp_notify_fifo, vrrp_fifo): one
 *    line per change, `INSTANCE "VI_1" MASTER 150` (the effective priority)
 *    and `GROUP "G1" BACKUP 0` (keepalived 2.2.7 writes 0 for a group), the
 *    instance's line before its group's; with notify_priority_changes also
 *    `INSTANCE "VI_1" MASTER_PRIORITY 140` (BACKUP_PRIORITY when not
 *    master), and `MASTER_RX_LOWER_PRI` when a master hears a lower
 *    priority advert (with the notify_master_rx_lower_pri script).
 * With fifo_write_vrrp_states_on_reload, a reload writes every instance's
 * and group's current state to the FIFOs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_run_int.h"

static const char *const state_names[VRRP_STATE_MAX] = {
    [VRRP_STATE_INIT] = "STOP",
    [VRRP_STATE_BACKUP] = "BACKUP",
    [VRRP_STATE_MASTER] = "MASTER",
    [VRRP_STATE_FAULT] = "FAULT",
};

static const int state_script[VRRP_STATE_MAX] = {
    [VRRP_STATE_INIT] = VRRP_NOTIFY_STOP,
    [VRRP_STATE_BACKUP] = VRRP_NOTIFY_BACKUP,
    [VRRP_STATE_MASTER] = VRRP_NOTIFY_MASTER,
    [VRRP_STATE_FAULT] = VRRP_NOTIFY_FAULT,
};

/* ---- FIFOs ---- */

static void fifo_line(struct vrrp_run *r, const char *type, const char *name, const char *what,
		      unsigned prio)
{
	char line[512];

	if (r->fifos[VRRP_FIFO_ALL].nf.fd < 0 && r->fifos[VRRP_FIFO_VRRP].nf.fd < 0)
		return;
	if (util_snprintf(line, sizeof(line), "%s \"%s\" %s %u", type, name, what, prio) < 0) {
		log_warnx("notify FIFO: line for %s too long", name);
		return;
	}
	for (int i = 0; i < VRRP_FIFO_MAX; i++)
		vrrp_fifo_write(&r->fifos[i], line);
}

/* ---- scripts ---- */

/* The state's script, then `notify` with TYPE NAME STATE PRIO. */
static void run_scripts(struct vrrp_notify_q *q, const struct vrrp_cmd *notify, const char *type,
			const char *name, enum vrrp_state to, unsigned prio)
{
	const char *args[4];
	char p[8];

	vrrp_notify_push(q, &notify[state_script[to]], NULL, 0);
	if (!notify[VRRP_NOTIFY_ANY].cmd)
		return;
	if (util_snprintf(p, sizeof(p), "%u", prio) < 0)
		p[0] = '\0';
	args[0] = type;
	args[1] = name;
	args[2] = state_names[to];
	args[3] = p;
	vrrp_notify_push(q, &notify[VRRP_NOTIFY_ANY], args, 4);
}

/* ---- sync groups ---- */

static struct vrrp_group *group_find(struct vrrp_run *r, const char *name)
{
	struct vrrp_group *g;

	if (!name)
		return NULL;
	TAILQ_FOREACH (g, &r->groups, entry)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

static void group_set(struct vrrp_group *g, enum vrrp_state to)
{
	if (to == g->state)
		return;
	log_info("(sync group %s) %s -> %s", g->name,
		 g->state == VRRP_STATE_INIT ? "INIT" : state_names[g->state], state_names[to]);
	g->state = to;
	run_scripts(&g->nq, g->notify, "GROUP", g->name, to, 0);
	fifo_line(g->r, "GROUP", g->name, state_names[to], 0);
}

/* The group's state from its members' (changed: a member now in `to`). */
static void group_eval(struct vrrp_group *g, const struct vrrp_inst *changed, enum vrrp_state to)
{
	const struct vrrp_inst *m;
	bool any = false, all_master = true, all_backup = true;

	TAILQ_FOREACH (m, &g->r->insts, entry) {
		enum vrrp_state s = m == changed ? to : m->fsm.state;

		if (!m->c.sync_group || strcmp(m->c.sync_group, g->name) != 0)
			continue;
		any = true;
		if (s == VRRP_STATE_FAULT) {
			group_set(g, VRRP_STATE_FAULT);
			return;
		}
		all_master = all_master && s == VRRP_STATE_MASTER;
		all_backup = all_backup && s == VRRP_STATE_BACKUP;
	}
	if (any && all_master)
		group_set(g, VRRP_STATE_MASTER);
	else if (any && all_backup)
		group_set(g, VRRP_STATE_BACKUP);
}

static void group_set_cmds(struct vrrp_group *g, const struct conf_sync_group *c)
{
	const struct conf_cmd *cmds[VRRP_NOTIFY_MAX] = {
	    [VRRP_NOTIFY_MASTER] = &c->notify_master, [VRRP_NOTIFY_BACKUP] = &c->notify_backup,
	    [VRRP_NOTIFY_FAULT] = &c->notify_fault,   [VRRP_NOTIFY_STOP] = &c->notify_stop,
	    [VRRP_NOTIFY_ANY] = &c->notify,
	};

	for (int i = 0; i < VRRP_NOTIFY_MAX; i++)
		vrrp_cmd_set(&g->notify[i], cmds[i]);
}

static void group_free(struct vrrp_group *g)
{
	vrrp_notify_fini(&g->nq);
	for (int i = 0; i < VRRP_NOTIFY_MAX; i++)
		vrrp_cmd_free(&g->notify[i]);
	free(g->name);
	free(g);
}

/* ---- the runtime's entry points ---- */

void vrrp_run_notify_sync(struct vrrp_run *r, const struct conf *conf, bool reload)
{
	const struct conf_fifo *cf[VRRP_FIFO_MAX] = {&conf->global.notify_fifo,
						     &conf->global.vrrp_notify_fifo};
	const struct conf_sync_group *cg;
	struct vrrp_group_list old;
	struct vrrp_group *g;
	struct vrrp_inst *in;

	if (!reload) {
		TAILQ_INIT(&r->groups);
		for (int i = 0; i < VRRP_FIFO_MAX; i++)
			vrrp_fifo_init(&r->fifos[i], r->loop);
	}
	for (int i = 0; i < VRRP_FIFO_MAX; i++)
		if (!reload || !vrrp_fifo_same(&r->fifos[i], cf[i]))
			vrrp_fifo_open(&r->fifos[i], cf[i]);
	TAILQ_INIT(&old);
	TAILQ_CONCAT(&old, &r->groups, entry);
	TAILQ_FOREACH (cg, &conf->sync_groups, entry) {
		TAILQ_FOREACH (g, &old, entry)
			if (strcmp(g->name, cg->name) == 0)
				break;
		if (g) {
			TAILQ_REMOVE(&old, g, entry);
		} else {
			g = xcalloc(1, sizeof(*g));
			g->r = r;
			g->name = xstrdup(cg->name);
			g->state = VRRP_STATE_INIT;
			vrrp_notify_init(&g->nq, r->loop, g->name);
		}
		group_set_cmds(g, cg);
		TAILQ_INSERT_TAIL(&r->groups, g, entry);
	}
	while ((g = TAILQ_FIRST(&old)) != NULL) {
		TAILQ_REMOVE(&old, g, entry);
		group_free(g);
	}
	if (!reload || !conf->global.fifo_write_vrrp_states_on_reload)
		return;
	TAILQ_FOREACH (in, &r->insts, entry)
		if (in->started)
			fifo_line(r, "INSTANCE", in->c.name, state_names[in->fsm.state],
				  in->fsm.priority);
	TAILQ_FOREACH (g, &r->groups, entry)
		if (g->state != VRRP_STATE_INIT)
			fifo_line(r, "GROUP", g->name, state_names[g->state], 0);
}

void vrrp_run_notify_stop(struct vrrp_run *r)
{
	struct vrrp_group *g;

	TAILQ_FOREACH (g, &r->groups, entry)
		if (g->state != VRRP_STATE_INIT) {
			log_info("(sync group %s) %s -> STOP", g->name, state_names[g->state]);
			g->state = VRRP_STATE_INIT;
			run_scripts(&g->nq, g->notify, "GROUP", g->name, VRRP_STATE_INIT, 0);
			fifo_line(r, "GROUP", g->name, "STOP", 0);
		}
}

void vrrp_run_notify_fini(struct vrrp_run *r)
{
	struct vrrp_group *g;

	while ((g = TAILQ_FIRST(&r->groups)) != NULL) {
		TAILQ_REMOVE(&r->groups, g, entry);
		group_free(g);
	}
	for (int i = 0; i < VRRP_FIFO_MAX; i++)
		vrrp_fifo_close(&r->fifos[i]);
}

void vrrp_inst_notify(struct vrrp_inst *in, enum vrrp_state to)
{
	struct vrrp_group *g;

	if ((unsigned)to >= VRRP_STATE_MAX)
		return;
	run_scripts(&in->nq, in->c.notify, "INSTANCE", in->c.name, to, in->fsm.priority);
	fifo_line(in->r, "INSTANCE", in->c.name, state_names[to], in->fsm.priority);
	g = group_find(in->r, in->c.sync_group);
	if (g && to != VRRP_STATE_INIT)
		group_eval(g, in, to);
}

void vrrp_inst_notify_prio(struct vrrp_inst *in)
{
	if (!in->c.notify_prio_changes || !in->started)
		return;
	fifo_line(in->r, "INSTANCE", in->c.name,
		  in->fsm.state == VRRP_STATE_MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY",
		  in->fsm.priority);
}

void vrrp_inst_notify_rx_lower(struct vrrp_inst *in)
{
	vrrp_notify_push(&in->nq, &in->c.notify[VRRP_NOTIFY_RX_LOWER], NULL, 0);
	fifo_line(in->r, "INSTANCE", in->c.name, "MASTER_RX_LOWER_PRI", in->fsm.priority);
}
