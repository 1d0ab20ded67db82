/*
 * vrrp_notify: run the notify scripts of an instance in order, one at a
 * time: a queue per instance, the next command is started when the previous
 * one exited (libev ev_child on the default loop).  A command runs as
 * `/bin/sh -c 'CMD "$@"' sh ARGS...` in its own process group, with stdin,
 * stdout and stderr on /dev/null; the extra ARGS are those keepalived gives
 * to `notify` (INSTANCE NAME STATE PRIORITY).  At fini (the process
 * exits) the queued commands, notify_stop among them, are still run in
 * order, waiting 3 s at most in all; the last one is left to finish.
 */
#ifndef VIGIL_VRRP_NOTIFY_H
#define VIGIL_VRRP_NOTIFY_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct vrrp_notify_item;

struct vrrp_notify_q {
	struct ev_loop *loop;
	char *name; /* for logs */
	struct vrrp_notify_item *head, *tail;
	pid_t running;
	ev_child child;
	unsigned long started, failed;
};

void vrrp_notify_init(struct vrrp_notify_q *q, struct ev_loop *loop, const char *name);
/* Queue CMD with nargs extra arguments (copied). */
void vrrp_notify_push(struct vrrp_notify_q *q, const char *cmd, const char *const *args,
		      size_t nargs);
void vrrp_notify_fini(struct vrrp_notify_q *q);
/* Start one command the same way (not queued), -1 when fork fails; with
 * pdeathsig it gets SIGTERM when the VRRP process dies. */
pid_t vrrp_notify_spawn(const char *cmd, const char *const *args, size_t nargs, bool pdeathsig);

#endif
