/*
 * vigild-checker: the checker process, exec'd by vigild (doc/ARCHITECTURE.md).
 * Reads its first config from the supervisor and runs checker_proc_main().
 */
#include "config.h"

#include <malloc.h>

#include "checkers/check_engine.h"
#include "checkers/checker_proc.h"
#include "daemon/child.h"

int main(int argc, char **argv)
{
	struct child_args a;
	struct conf *c;

	/* A fixed mmap threshold: glibc's dynamic one rises to the size of the
	 * largest mmapped block freed (the first sync's operation list: megabytes
	 * at 10,000 real servers), after which such blocks come from the heap and
	 * stay resident. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	c = child_start(argc, argv, "vigild-checker", &a);
	struct checker_proc_opts o = {.dont_release = a.dont_release};

	/* -C: the global notify_fifo_script is this process's to run */
	check_notify_set_no_vrrp(a.no_vrrp);
	return checker_proc_main(c, a.fd, &o); /* which owns c: freed at the first reload */
}
