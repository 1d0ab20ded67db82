/*
 * notify_recv: a stand-in for systemd's notification socket in the netns
 * tests.  It binds an AF_UNIX datagram socket at PATH and prints every
 * datagram it receives on one line (newlines as spaces) until SECONDS pass
 * or it gets SIGTERM.  Usage: notify_recv PATH SECONDS
 */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

int main(int argc, char **argv)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	long long secs;
	time_t end;
	int fd;

	if (argc != 3 || util_parse_ll(argv[2], 1, 3600, &secs) != 0) {
		fprintf(stderr, "usage: notify_recv PATH SECONDS\n");
		return 2;
	}
	if (util_strlcpy(sun.sun_path, argv[1], sizeof(sun.sun_path)) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "notify_recv: path too long\n");
		return 2;
	}
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		perror("notify_recv: socket");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	end = time(NULL) + (time_t)secs;
	while (time(NULL) < end) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		char buf[4096];
		ssize_t n;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
		printf("%s\n", buf);
	}
	return 0;
}
