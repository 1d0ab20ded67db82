/*
 * conf_lvs: model of the LVS side of the config: virtual_server_group,
 * virtual_server, real_server, sorry_server and the health checkers.
 */
#ifndef VIGIL_CONF_LVS_H
#define VIGIL_CONF_LVS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "lib/addr.h"
#include "lib/conf_err.h"

struct conf_vsg {
	TAILQ_ENTRY(conf_vsg) entry;
	struct conf_loc loc;
	char *name;
};
TAILQ_HEAD(conf_vsg_list, conf_vsg);

struct conf_vs {
	TAILQ_ENTRY(conf_vs) entry;
	struct conf_loc loc;
};
TAILQ_HEAD(conf_vs_list, conf_vs);

#endif
