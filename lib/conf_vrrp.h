/*
 * conf_vrrp: model of the VRRP side of the config: vrrp_script, track_file,
 * vrrp_sync_group, vrrp_instance.
 */
#ifndef VIGIL_CONF_VRRP_H
#define VIGIL_CONF_VRRP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "lib/addr.h"
#include "lib/conf_err.h"

struct conf_vrrp_script {
	TAILQ_ENTRY(conf_vrrp_script) entry;
	struct conf_loc loc;
	char *name;
};
TAILQ_HEAD(conf_vrrp_script_list, conf_vrrp_script);

struct conf_track_file {
	TAILQ_ENTRY(conf_track_file) entry;
	struct conf_loc loc;
	char *name;
};
TAILQ_HEAD(conf_track_file_list, conf_track_file);

struct conf_sync_group {
	TAILQ_ENTRY(conf_sync_group) entry;
	struct conf_loc loc;
	char *name;
};
TAILQ_HEAD(conf_sync_group_list, conf_sync_group);

struct conf_vrrp {
	TAILQ_ENTRY(conf_vrrp) entry;
	struct conf_loc loc;
	char *name;
};
TAILQ_HEAD(conf_vrrp_list, conf_vrrp);

#endif
