// SPDX-License-Identifier: GPL-2.0
/*
 * scripts/bench.sh runs this in a guest with cloudabi.ko loaded: native
 * loops of the cheapest comparable Linux calls, then the CloudABI program
 * /bin/bench with fd 3 = /dev/null, and prints the ratios.  A measurement:
 * it never fails on a number.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ITER 20000

static unsigned long long ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	double nat_fcntl, nat_write, nat_clock, nat_clock_sys, v;
	char line[256], what[64];
	unsigned long long t0;
	struct timespec ts;
	FILE *in;
	int i, p[2], fd = open("/dev/null", O_WRONLY);

	if (fd != 3 && dup2(fd, 3) < 0)
		return 1;
	t0 = ns();
	for (i = 0; i < ITER; i++)
		syscall(SYS_fcntl, 3, F_GETFL);
	nat_fcntl = (double)(ns() - t0) / ITER;
	t0 = ns();
	for (i = 0; i < ITER; i++)
		syscall(SYS_write, 3, "x", 1);
	nat_write = (double)(ns() - t0) / ITER;
	t0 = ns();
	for (i = 0; i < ITER; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	nat_clock = (double)(ns() - t0) / ITER;
	t0 = ns();
	for (i = 0; i < ITER; i++)
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	nat_clock_sys = (double)(ns() - t0) / ITER;
	printf("native fcntl(F_GETFL) %.0f ns, write(/dev/null) %.0f ns, clock_gettime %.0f ns (vDSO) / %.0f ns (syscall)\n",
	       nat_fcntl, nat_write, nat_clock, nat_clock_sys);

	if (pipe(p))
		return 1;
	if (fork() == 0) {
		char *args[] = { argc > 1 ? argv[1] : "/bin/bench", NULL };

		dup2(p[1], 1);
		execv(args[0], args);
		_exit(127);
	}
	close(p[1]);
	in = fdopen(p[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		if (sscanf(line, "cloudabi %63s %lf", what, &v) != 2)
			continue;
		if (!strcmp(what, "fd_stat_get"))
			printf("ratio fd_stat_get / fcntl(F_GETFL): %.2f (%.0f ns)\n", v / nat_fcntl, v);
		else if (!strcmp(what, "fd_write"))
			printf("ratio fd_write / write, 1 byte to /dev/null: %.2f (%.0f ns)\n", v / nat_write, v);
		else if (!strcmp(what, "clock_time_get"))
			printf("ratio clock_time_get / clock_gettime: %.2f vs vDSO, %.2f vs syscall (%.0f ns)\n",
			       v / nat_clock, v / nat_clock_sys, v);
	}
	wait(NULL);
	return 0;
}
