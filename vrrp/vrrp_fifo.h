/*
 * vrrp_fifo: a notify FIFO of the VRRP process (notify_fifo,
 * vrrp_notify_fifo): a lib/notify_fifo (made when missing, removed at close
 * if we made it, opened read-write and non-blocking, lines dropped and
 * counted when nobody reads) whose script must pass the VRRP process's
 * script security (enable_script_security, vrrp_script_allowed()).
 */
#ifndef VIGIL_VRRP_FIFO_H
#define VIGIL_VRRP_FIFO_H

#include <ev.h>
#include <stdbool.h>

#include "lib/notify_fifo.h"

struct conf_fifo;

struct vrrp_fifo {
	struct notify_fifo nf; /* nf.fd < 0: not open */
};

void vrrp_fifo_init(struct vrrp_fifo *f, struct ev_loop *loop);
/* Same path, owner and script as c (nothing to do on reload). */
bool vrrp_fifo_same(const struct vrrp_fifo *f, const struct conf_fifo *c);
/* Close what f had, then open c's FIFO and start its script (c->path NULL:
 * stay closed).  Failures are logged; f then stays closed. */
void vrrp_fifo_open(struct vrrp_fifo *f, const struct conf_fifo *c);
/* Write one line (the newline is added). */
void vrrp_fifo_write(struct vrrp_fifo *f, const char *line);
/* SIGTERM to the script, close, unlink when we made it. */
void vrrp_fifo_close(struct vrrp_fifo *f);

#endif
