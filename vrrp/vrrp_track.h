/*
 * vrrp_track: the tracked objects shared by instances: vrrp_script (run
 * every interval, killed with its process group at timeout, status OK/KO
 * after `rise` successes / `fall` failures) and track_file (an integer read
 * from a file, watched with ev_stat).  Instances refer to them by name and
 * read their state when they compute their effective priority; the set
 * calls `changed` whenever a status or a value changes.
 *
 * vrrp_trackset_sync() applies a config: objects whose definition did not
 * change keep their state (and a running script), changed ones start over,
 * ones gone are dropped.
 */
#ifndef VIGIL_VRRP_TRACK_H
#define VIGIL_VRRP_TRACK_H

#include <ev.h>
#include <stdbool.h>
#include <sys/queue.h>
#include <sys/types.h>

#include "vrrp/vrrp_notify.h"

struct conf;
struct script_run;

struct vrrp_tscript {
	TAILQ_ENTRY(vrrp_tscript) entry;
	struct vrrp_trackset *ts;
	char *name;
	struct vrrp_cmd cmd;
	double interval, timeout;
	int rise, fall;
	bool init_fail;
	bool ok;
	int nsucc, nfail;	/* consecutive */
	struct script_run *run; /* NULL: not running */
	bool refused;		/* enable_script_security refused it (logged) */
	ev_timer timer;
	unsigned long runs, failures;
};
TAILQ_HEAD(vrrp_tscript_list, vrrp_tscript);

struct vrrp_tfile {
	TAILQ_ENTRY(vrrp_tfile) entry;
	struct vrrp_trackset *ts;
	char *name, *path;
	long long value;
	ev_stat st;
};
TAILQ_HEAD(vrrp_tfile_list, vrrp_tfile);

struct vrrp_trackset {
	struct ev_loop *loop;
	struct vrrp_tscript_list scripts;
	struct vrrp_tfile_list files;
	void (*changed)(void *arg);
	void *arg;
};

void vrrp_trackset_init(struct vrrp_trackset *ts, struct ev_loop *loop, void (*changed)(void *),
			void *arg);
void vrrp_trackset_sync(struct vrrp_trackset *ts, const struct conf *conf);
void vrrp_trackset_fini(struct vrrp_trackset *ts);
const struct vrrp_tscript *vrrp_track_script(const struct vrrp_trackset *ts, const char *name);
const struct vrrp_tfile *vrrp_track_file(const struct vrrp_trackset *ts, const char *name);

#endif
