/*
 * probe-floor: the least CPU one health probe can cost, for comparison with
 * the checkers in bench/checker-load.sh.  A paced loop of blocking probes
 * with no event loop, no timers per probe and no bookkeeping: what is left
 * is the kernel's work for the exchange (socket, TCP handshake, close) and
 * the few syscalls that start it.
 *
 *   probe-floor MODE IP PORT NPORTS RATE SECONDS
 *
 * MODE: tcp      connect, close (FIN)
 *       tcp-rst  connect, close with a reset (SO_LINGER 0)
 *       http     connect, "GET / HTTP/1.0", read to EOF, close
 * Probes go to PORT .. PORT+NPORTS-1 in turn, RATE per second (absolute
 * clock_nanosleep pacing; a loop that falls behind runs back to back), for
 * SECONDS' worth of probes.  Prints the probes made, failures, the wall time
 * and the rate reached, the process's utime+stime and the CPU per probe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum mode { M_TCP, M_TCP_RST, M_HTTP };

static int probe(enum mode m, const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int ok = 0;

	if (fd < 0)
		return 0;
	if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0) {
		ok = 1;
		if (m == M_TCP_RST) {
			struct linger l = {.l_onoff = 1, .l_linger = 0};
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
		} else if (m == M_HTTP) {
			static const char req[] = "GET / HTTP/1.0\r\n\r\n";
			char buf[4096];
			ssize_t n, got = 0;

			ok = write(fd, req, sizeof req - 1) == (ssize_t)(sizeof req - 1);
			while (ok && (n = read(fd, buf, sizeof buf)) > 0)
				got += n;
			ok = ok && got > 12 && memcmp(buf, "HTTP/1.", 7) == 0 &&
			     memcmp(buf + 9, "200", 3) == 0;
		}
	}
	close(fd);
	return ok;
}

static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr,
			"usage: probe-floor tcp|tcp-rst|http IP PORT NPORTS RATE SECONDS\n");
		return 2;
	}
	enum mode m = !strcmp(argv[1], "tcp")	    ? M_TCP
		      : !strcmp(argv[1], "tcp-rst") ? M_TCP_RST
		      : !strcmp(argv[1], "http")    ? M_HTTP
						    : (enum mode) - 1;
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int port = atoi(argv[3]), nports = atoi(argv[4]);
	double rate = atof(argv[5]), secs = atof(argv[6]);

	if ((int)m < 0 || inet_pton(AF_INET, argv[2], &sa.sin_addr) != 1 || port <= 0 ||
	    nports <= 0 || port + nports > 65536 || rate <= 0 || secs <= 0) {
		fprintf(stderr, "probe-floor: bad arguments\n");
		return 2;
	}
	long total = (long)(rate * secs), fails = 0;
	long step_ns = (long)(1e9 / rate);
	struct timespec next;
	double c0 = cpu_s();
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &next);
	t0 = next;
	for (long i = 0; i < total; i++) {
		sa.sin_port = htons((uint16_t)(port + i % nports));
		fails += !probe(m, &sa);
		next.tv_nsec += step_ns;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	double cpu = cpu_s() - c0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s probes %ld failed %ld wall %.1f s rate %.0f/s cpu %.2f s per_probe %.3f ms\n",
	       argv[1], total, fails, wall, (double)total / wall, cpu, 1e3 * cpu / (double)total);
	return fails ? 1 : 0;
}
