/*
 * vrrp_notify: the scripts of the VRRP process, run through lib/script
 * (keepalived's word splitting, no shell; own process group; stdio on
 * /dev/null; the configured user and group).
 *
 * struct vrrp_cmd is a command with its user/group (NULL: the default,
 * i.e. the global script_user / script_group, else the user
 * keepalived_script when it exists, else root: vrrp_script_policy()).
 * With enable_script_security a command that would run as root is refused
 * when its program, or a directory above it, can be written by another
 * user than root (a directory with the sticky bit excepted), as keepalived.
 *
 * struct vrrp_notify_q runs the notify scripts of an instance or a sync
 * group in order, one at a time (the next one starts when the previous one
 * exited); the extra arguments are those keepalived gives to `notify`
 * (TYPE NAME STATE PRIORITY).  At fini (the instance goes away, or the
 * process exits) the running and queued commands, notify_stop among them,
 * are still run in order, waiting 3 s at most in all; what still runs then
 * is killed.
 */
#ifndef VIGIL_VRRP_NOTIFY_H
#define VIGIL_VRRP_NOTIFY_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct conf_cmd;
struct conf_global;
struct script_run;
struct vrrp_notify_item;

struct vrrp_cmd {
	char *cmd; /* NULL: none */
	char *user, *group;
};
void vrrp_cmd_set(struct vrrp_cmd *d, const struct conf_cmd *c);
void vrrp_cmd_free(struct vrrp_cmd *d);
bool vrrp_cmd_eq(const struct vrrp_cmd *a, const struct vrrp_cmd *b);

/* The global script settings (default user, enable_script_security). */
void vrrp_script_policy(const struct conf_global *g);
/* May c run (enable_script_security)?  A refusal is logged (what: for the
 * log, e.g. "[VI_1] notify"; NULL: not logged). */
bool vrrp_script_allowed(const struct vrrp_cmd *c, const char *what);

struct vrrp_notify_q {
	struct ev_loop *loop;
	char *name; /* for logs */
	struct vrrp_notify_item *head, *tail;
	struct script_run *running;
	unsigned long started, failed;
};

void vrrp_notify_init(struct vrrp_notify_q *q, struct ev_loop *loop, const char *name);
/* Queue c with nargs extra arguments (copied). */
void vrrp_notify_push(struct vrrp_notify_q *q, const struct vrrp_cmd *c, const char *const *args,
		      size_t nargs);
void vrrp_notify_fini(struct vrrp_notify_q *q);

#endif
