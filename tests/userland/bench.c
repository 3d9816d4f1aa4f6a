// SPDX-License-Identifier: GPL-2.0
/*
 * The CloudABI half of scripts/bench.sh (a measurement, not a test): the
 * cost of our entry path.  fd 3 must be /dev/null opened for writing.
 * Prints "cloudabi <call> <ns per call>" lines.
 */
#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;

#define ITER 20000

static uint64_t now(void)
{
	uint64_t t = 0;

	RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)
		(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	return t;
}

static void report(const char *what, uint64_t t0, uint64_t t1)
{
	ktap_print("cloudabi ");
	ktap_print(what);
	ktap_print(" ");
	ktap_printu((t1 - t0) / ITER, 10);
	ktap_print("\n");
}

int test_main(const void *argdata, size_t argdatalen)
{
	struct cloudabi_fdstat st;
	uint64_t t0, t1, t;
	size_t n;
	int i;

	(void)argdata;
	(void)argdatalen;
	t0 = now();
	for (i = 0; i < ITER; i++)
		RT_FN(fd_stat_get, err_t, uint32_t, struct cloudabi_fdstat *)(3, &st);
	t1 = now();
	report("fd_stat_get", t0, t1);
	t0 = now();
	for (i = 0; i < ITER; i++)
		rt_fd_write(3, "x", 1, &n);
	t1 = now();
	report("fd_write", t0, t1);
	t0 = now();
	for (i = 0; i < ITER; i++)
		RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)
			(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	t1 = now();
	report("clock_time_get", t0, t1);
	return 0;
}
