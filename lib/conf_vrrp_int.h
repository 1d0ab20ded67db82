/*
 * conf_vrrp_int: declarations shared by the VRRP config files only
 * (conf_vrrp.c: top-level blocks, scripts, track files, sync groups;
 * conf_vrrp_inst.c: vrrp_instance; conf_vrrp_print.c; conf_vrrp_check.c:
 * finalize and validate).  Not for use outside lib/conf_vrrp*.c.
 */
#ifndef VIGIL_CONF_VRRP_INT_H
#define VIGIL_CONF_VRRP_INT_H

#include "lib/conf_parse.h"

/* vrrp_instance NAME { ... } handler (conf_vrrp_inst.c). */
void *conf_vrrp_inst_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw);
extern const struct conf_kw conf_vrrp_inst_kws[];

/* A track_interface/track_script/track_file line: NAME [weight N] [reverse|noreverse];
 * kw->off is the offset of the struct conf_vrrp_track_list in obj, kw->min..max the
 * weight range. */
void conf_vrrp_track_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw);
void conf_vrrp_track_list_free(struct conf_vrrp_track_list *l);
/* Tri-state flag (int at kw->off): no argument or a true word -> 1, false word -> 0. */
void *conf_vrrp_kw_tri(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw);
/* A struct conf_cmd at kw->off: CMD [USER [GROUP]]. */
void *conf_vrrp_kw_notify(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw);
void conf_vrrp_inst_free(struct conf_vrrp *v);

/* Print a tracking block; kind: 0 interfaces, 1 vrrp_scripts, 2 track_files. */
void conf_vrrp_print_tracks(struct strbuf *b, int depth, const char *kw,
			    const struct conf_vrrp_track_list *l, int kind);

#endif
