/*
 * conf_check_kws: the keyword tables of the checker blocks (conf_check.c),
 * spliced into the real_server table by conf_lvs.c.  Separate from
 * conf_check.h because it needs the complete struct conf_kw.
 */
#ifndef VIGIL_CONF_CHECK_KWS_H
#define VIGIL_CONF_CHECK_KWS_H

#include "lib/conf_parse.h"

/* Handler of every checker keyword: a new checker of type kw->min on the real server. */
void *conf_check_new(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw);
extern const struct conf_kw conf_check_tcp_kws[], conf_check_http_kws[], conf_check_misc_kws[],
    conf_check_smtp_kws[], conf_check_dns_kws[], conf_check_udp_kws[], conf_check_ping_kws[],
    conf_check_file_kws[];

#endif
