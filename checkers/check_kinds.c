/*
 * check_kinds: the table type -> kind.  Each kind adds its own line here
 * when its file builds (and its sources to checkers/local.mk); a type with
 * no line is a check that is logged once at start and never changes state.
 */
#include "config.h"

#include <stddef.h>

#include "checkers/check.h"
#include "lib/conf_vrrp.h"
#include "lib/util.h"

static const struct check_kind *const check_kinds[CONF_CHECK_FILE + 1] = {
    [CONF_CHECK_TCP] = &check_kind_tcp,	  [CONF_CHECK_HTTP] = &check_kind_http,
    [CONF_CHECK_SSL] = &check_kind_ssl,	  [CONF_CHECK_SMTP] = &check_kind_smtp,
    [CONF_CHECK_DNS] = &check_kind_dns,	  [CONF_CHECK_UDP] = &check_kind_udp,
    [CONF_CHECK_MISC] = &check_kind_misc, [CONF_CHECK_PING] = &check_kind_ping,
    [CONF_CHECK_FILE] = &check_kind_file,
};

const struct check_kind *check_kind_of(enum conf_check_type t)
{
	if ((unsigned)t > CONF_CHECK_FILE)
		return NULL;
	return check_kinds[t];
}

void check_key_print(struct strbuf *b, const struct conf_check *ck)
{
	conf_check_print(b, 0, ck);
	/* FILE_CHECK names its track_file: the file it watches is part of it */
	if (ck->type == CONF_CHECK_FILE && ck->tf && ck->tf->path) {
		strbuf_puts(b, "track_file_path ");
		strbuf_puts(b, ck->tf->path);
		strbuf_putc(b, '\n');
	}
}
