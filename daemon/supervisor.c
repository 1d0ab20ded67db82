/*
 * supervisor: placeholder until the libev supervisor lands (see supervisor.h).
 */
#include "config.h"

#include "daemon/supervisor.h"
#include "lib/log.h"

int supervisor_run(const struct supervisor_opts *opts, struct conf *conf)
{
	(void)opts;
	log_warnx("supervisor not implemented yet");
	conf_free(conf);
	return 1;
}
