/*
 * vigild-vrrp: the VRRP process, exec'd by vigild (doc/ARCHITECTURE.md).
 * Reads its first config from the supervisor and runs vrrp_proc_main().
 */
#include "config.h"

#include "daemon/child.h"
#include "vrrp/vrrp_proc.h"

int main(int argc, char **argv)
{
	struct child_args a;
	struct conf *c = child_start(argc, argv, "vigild-vrrp", &a);
	struct vrrp_proc_opts o = {.dont_release = a.dont_release};
	int rc = vrrp_proc_main(c, a.fd, &o);

	conf_free(c);
	return rc;
}
