/*
 * conf_global: the global_defs block (router_id, script security, VRRP and
 * LVS globals, cosmetic e-mail/SNMP switches that are ignored).
 */
#ifndef VIGIL_CONF_GLOBAL_H
#define VIGIL_CONF_GLOBAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/addr.h"
#include "lib/conf_err.h"

struct conf_global {
	struct conf_loc loc;
	char *router_id;
};

#endif
