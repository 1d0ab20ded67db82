/*
 * vrrp_fifo: the VRRP process's notify FIFOs (see vrrp_fifo.h) on
 * lib/notify_fifo.
 */
#include "config.h"

#include <string.h>

#include "lib/conf_global.h"
#include "vrrp/vrrp_fifo.h"
#include "vrrp/vrrp_notify.h"

static void fifo_conf(const struct conf_fifo *c, struct notify_fifo_conf *nc)
{
	memset(nc, 0, sizeof(*nc));
	nc->path = c->path;
	nc->user = c->user;
	nc->group = c->group;
	nc->cmd = c->script.cmd;
	nc->cmd_user = c->script.user;
	nc->cmd_group = c->script.group;
}

static bool fifo_allowed(const char *cmd, const char *user, const char *group, const char *what)
{
	struct vrrp_cmd c = {.cmd = (char *)cmd, .user = (char *)user, .group = (char *)group};

	return vrrp_script_allowed(&c, what);
}

void vrrp_fifo_init(struct vrrp_fifo *f, struct ev_loop *loop)
{
	notify_fifo_init(&f->nf, loop);
}

bool vrrp_fifo_same(const struct vrrp_fifo *f, const struct conf_fifo *c)
{
	struct notify_fifo_conf nc;

	fifo_conf(c, &nc);
	return notify_fifo_same(&f->nf, &nc);
}

void vrrp_fifo_open(struct vrrp_fifo *f, const struct conf_fifo *c)
{
	struct notify_fifo_conf nc;

	fifo_conf(c, &nc);
	notify_fifo_open(&f->nf, &nc, fifo_allowed);
}

void vrrp_fifo_write(struct vrrp_fifo *f, const char *line)
{
	notify_fifo_write(&f->nf, line);
}

void vrrp_fifo_close(struct vrrp_fifo *f)
{
	notify_fifo_close(&f->nf);
}
