/*
 * conf: the config model's root and the public entry points.
 *
 *   conf_load(path)  lexer -> parser -> finalize (inheritance, defaults made
 *                    explicit) -> conf_validate(); returns NULL with every
 *                    error in errs when the config is not valid.
 *   conf_print()     the normalised config, every default explicit; it is
 *                    itself valid config text (vigild -d, and the snapshot
 *                    the supervisor hands to its children on reload).
 *   conf_print_snapshot()  the same without what finalize derives again
 *                    (inherited and default values of real servers and
 *                    checkers): the supervisor's CONF frame to its children.
 *
 * The model is split by domain: conf_global.h (global_defs), conf_vrrp.h
 * (vrrp_script, track_file, vrrp_sync_group, vrrp_instance) and conf_lvs.h
 * (virtual_server_group, virtual_server, real_server, sorry_server and the
 * checkers).  Every object keeps the location it was declared at.
 */
#ifndef VIGIL_CONF_H
#define VIGIL_CONF_H

#include <stdbool.h>
#include <sys/queue.h>

#include "lib/conf_err.h"
#include "lib/conf_global.h"
#include "lib/conf_lvs.h"
#include "lib/conf_vrrp.h"
#include "lib/util.h"

struct conf {
	char **files; /* interned file names that conf_loc's point to */
	size_t nfiles;
	struct conf_global global;
	struct conf_vrrp_script_list vrrp_scripts;
	struct conf_track_file_list track_files;
	struct conf_sync_group_list sync_groups;
	struct conf_vrrp_list vrrps;
	struct conf_vsg_list vsgs;
	struct conf_vs_list vss;
};

struct conf_load_opts {
	const char *config_id; /* -i; NULL: short host name */
	/* The text is conf_print_snapshot() of a config that was validated (a
	 * child's CONF frame): finalized, not validated again (no second copy of
	 * the supervisor's warnings, at snapshot:line:col). */
	bool snapshot;
};

/* Read, parse, finalize and validate.  NULL when any error was found (all are in errs);
 * warnings may be in errs either way. */
struct conf *conf_load(const char *path, const struct conf_load_opts *opts, struct conf_errs *errs);
/* Same from memory (tests, fuzzing, reload snapshots). */
struct conf *conf_load_buf(const char *name, const char *text, size_t len,
			   const struct conf_load_opts *opts, struct conf_errs *errs);
void conf_free(struct conf *c);

/* The normalised config as config text. */
void conf_print(struct strbuf *out, const struct conf *c);
/* Shorter text that loads to the same model (the children's snapshot); !lvs:
 * without the virtual servers and groups (the VRRP process's, which has no
 * use for them). */
void conf_print_snapshot(struct strbuf *out, const struct conf *c, bool lvs);

bool conf_has_vrrp(const struct conf *c);
bool conf_has_lvs(const struct conf *c);

/* Allocation of an empty root with defaults (used by the parser). */
struct conf *conf_new(void);
/* Cross-object rules (conf_validate.c): ranges that depend on other fields,
 * references, duplicates, families.  Adds errors; returns the number added. */
size_t conf_validate(struct conf *c, struct conf_errs *errs);

#endif
