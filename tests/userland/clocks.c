// SPDX-License-Identifier: GPL-2.0
/*
 * clock_time_get and clock_res_get, fast path and fallback (issue 17).
 *
 *   clocks vdso|syscall   the path the clocks must take here: "vdso" where
 *                         Linux's vDSO can be mapped (x86-64 with
 *                         CONFIG_CHECKPOINT_RESTORE), "syscall" elsewhere.
 *   clocks exec           with fd 3 a directory holding this program as
 *                         "clocks": proc_exec it as "clocks execd", which
 *                         makes the same checks expecting system calls (an
 *                         image a proc_exec started runs under the filter
 *                         already, which refuses Linux's vDSO).
 *   clocks count          under tools/syscount: 100 clock_time_get of
 *                         both clocks and clock_res_get between the markers
 *                         (no system call at all on the fast path; under
 *                         ptrace each system call costs milliseconds on
 *                         a debug kernel, so not more).
 *
 * The exec'd image's threads read the clock 100,000 times, not 1M: its
 * path is the system call, which the first run takes too where there is
 * no fast path (arm64), and the kernel's own clock where there is.
 *
 * Every value is compared with a clock_gettime / clock_getres system call
 * the test makes itself (the filter admits clocks 0-3 from anywhere).
 */
#include "fs.h"
#include "ulock.h"
#include "vdso_arch.h"

#define NT		4
#define READS		250000		/* per thread: 1M in all */
#define READS_EXECD	25000		/* the exec'd image: 100,000 */
#define STACK		16384
#define MS		1000000ULL

#define TIME_GET(c, p, t) RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)(c, p, t)
#define RES_GET(c, r)	RT_FN(clock_res_get, err_t, uint32_t, uint64_t *)(c, r)
#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)

struct ts {
	int64_t sec, nsec;
};

/* CloudABI clock ids and the Linux ones they are. */
static const uint32_t ids[4] = {
	CLOUDABI_CLOCK_REALTIME, CLOUDABI_CLOCK_MONOTONIC,
	CLOUDABI_CLOCK_PROCESS_CPUTIME_ID, CLOUDABI_CLOCK_THREAD_CPUTIME_ID,
};

static uint64_t sys_clock(long nr, int clk)
{
	struct ts ts = { 0, 0 };

	if (cabi_syscall6(nr, clk, (long)&ts, 0, 0, 0, 0))
		return ~0ULL;
	return ts.sec * 1000000000ULL + ts.nsec;
}

static uint64_t fast(uint32_t id)
{
	uint64_t t = ~0ULL;

	if (TIME_GET(id, 1, &t))
		return ~0ULL;
	return t;
}

/*
 * The two function addresses the vDSO's start-up code noted in the page
 * below our vDSO (x86-64; vdso/clock.c), or zeros.
 */
static void noted(uintptr_t fn[2])
{
	fn[0] = fn[1] = 0;
#ifdef CABI_LINUX_VDSO
	{
		const uintptr_t *d = (const void *)((uintptr_t)rt_auxv.sysinfo_ehdr -
						    CABI_VDSO_DATA_SIZE);

		fn[0] = d[0];
		fn[1] = d[1];
	}
#endif
}

/* Monotonic never goes back, in one thread or across them. */
static char stacks[NT][STACK] __attribute__((aligned(16)));
static uint64_t latest;
static uint32_t backwards, failures, done;
static unsigned int reads = READS;

static void reader(uint32_t tid, void *arg)
{
	uint64_t mine = 0, seen, t;
	unsigned int i;

	(void)tid;
	(void)arg;
	for (i = 0; i < reads; i++) {
		seen = __atomic_load_n(&latest, __ATOMIC_ACQUIRE);
		t = fast(CLOUDABI_CLOCK_MONOTONIC);
		if (t == ~0ULL) {
			__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
			continue;
		}
		/* After the clock read another thread's value: not before it. */
		if (t < seen || t < mine)
			__atomic_fetch_add(&backwards, 1, __ATOMIC_RELAXED);
		mine = t;
		while (seen < t && !__atomic_compare_exchange_n(&latest, &seen, t, 0,
								 __ATOMIC_RELEASE,
								 __ATOMIC_ACQUIRE))
			;
	}
	__atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
	TEXIT(&(uint32_t){ 0 }, PRIV);
}

static int monotonic_threads(void)
{
	struct threadattr a;
	uint32_t t;
	unsigned long n;
	unsigned int i;

	for (i = 0; i < NT; i++) {
		a.entry_point = (uintptr_t)reader;
		a.stack = (uintptr_t)stacks[i];
		a.stack_len = STACK;
		a.argument = i;
		if (CREATE(&a, &t))
			return 0;
	}
	for (n = 0; n < 500000000UL && __atomic_load_n(&done, __ATOMIC_ACQUIRE) < NT; n++)
		YIELD();
	return __atomic_load_n(&done, __ATOMIC_ACQUIRE) == NT && !failures && !backwards;
}

/*
 * Each read lies between two system-call reads of the same clock, give or
 * take 1 ms (1000 times; wall-clock steps would be the only excuse).
 */
static int agrees(uint32_t id, int clk)
{
	uint64_t a, t, b;
	unsigned int i, bad = 0;

	for (i = 0; i < 1000; i++) {
		a = sys_clock(NR_clock_gettime, clk);
		t = fast(id);
		b = sys_clock(NR_clock_gettime, clk);
		if (a == ~0ULL || t == ~0ULL || b == ~0ULL || t + MS < a || t > b + MS)
			bad++;
	}
	return !bad;
}

static int resolutions_equal(void)
{
	uint64_t r;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (RES_GET(ids[i], &r) || r != sys_clock(NR_clock_getres, (int)i) || !r)
			return 0;
	return 1;
}

/* Is @p in our own vDSO (a few pages)? */
static int in_ours(uintptr_t p)
{
	uintptr_t ours = (uintptr_t)rt_auxv.sysinfo_ehdr;

	return p >= ours && p < ours + (1UL << 16);
}

/*
 * No auxiliary vector entry and no argdata pointer lies in Linux's vDSO or
 * its data pages: a few pages around the noted function (our own vDSO's
 * start-up code left a hole of 1 MiB under it, where Linux's sits).
 */
static int not_handed_out(uintptr_t fn)
{
	const cloudabi_auxv_t *a;
	uintptr_t lo = fn - (64UL << 10), hi = fn + (64UL << 10);
	int ok = 1;

	if (!fn || in_ours(fn))
		return 1;
	for (a = rt_auxv_ptr; a->a_type != CLOUDABI_AT_NULL; a++) {
		if (a->a_val >= lo && a->a_val < hi) {
			ktap_print("    # auxv entry ");
			ktap_printu(a->a_type, 10);
			ktap_print(" is near Linux's vDSO\n");
			ok = 0;
		}
	}
	return ok && !((uintptr_t)rt_auxv.argdata >= lo && (uintptr_t)rt_auxv.argdata < hi);
}

/*
 * "vdso": both noted, outside our vDSO and the program; "syscall": both
 * our own function that leaves the clocks to the system call (x86-64), or
 * none noted (arm64, no data page).
 */
static int path_is(const char *want, const uintptr_t fn[2])
{
	if (rt_streq(want, "syscall"))
#ifdef CABI_LINUX_VDSO
		return in_ours(fn[0]) && in_ours(fn[1]);
#else
		return !fn[0] && !fn[1];
#endif
	if (!rt_streq(want, "vdso") || !fn[0] || !fn[1] || in_ours(fn[0]) || in_ours(fn[1]))
		return 0;
	/* The program sits elsewhere too. */
	return fn[0] < rt_auxv.base || fn[0] >= rt_auxv.base + (16UL << 20);
}

static int exec_self(void)
{
	fdstat_t st = { .fs_rights_base = CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC };
	static const char ad[] = "clocks\0execd";
	uint32_t fds[2] = { 0, 1 }, self = ~0U;

	if (FILE_OPEN(LK(3, 0), S("clocks"), 0, &st, &self))
		return 41;
	EXEC(self, ad, sizeof(ad), fds, 2);
	return 42;
}

static int count(void)
{
	fdstat_t st;
	uint64_t t, bad = 0;
	unsigned int i;

	FD_STAT_GET(0, &st);
	for (i = 0; i < 100; i++) {
		bad |= TIME_GET(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
		bad |= TIME_GET(CLOUDABI_CLOCK_REALTIME, 1, &t);
		bad |= RES_GET(CLOUDABI_CLOCK_MONOTONIC, &t);
	}
	FD_STAT_GET(0, &st);
	return bad ? 3 : 0;
}

/* "clocks speed": ns per call of each way to the clock (a measurement, not a test). */
static void speed_row(const char *what, uint64_t t0, uint64_t n)
{
	ktap_print("clocks ");
	ktap_print(what);
	ktap_print(" ");
	ktap_printu((fast(CLOUDABI_CLOCK_MONOTONIC) - t0) / n, 10);
	ktap_print(" ns\n");
}

/*
 * Our vDSO function's fast path rebuilt in this program (one more row of
 * "clocks speed"): what the extra call layer costs, wherever it lives.
 */
static long (*volatile speed_linux)(long, struct ts *);

static __attribute__((noinline)) err_t speed_wrapper(uint32_t id, uint64_t prec, uint64_t *time)
{
	struct ts ts;

	(void)prec;
	if ((id | 2) != 3 || speed_linux((3 - id) / 2, &ts))
		return CLOUDABI_EINVAL;
	*time = ts.sec * 1000000000ULL + ts.nsec;
	return 0;
}

static err_t (*volatile speed_wrapper_ptr)(uint32_t, uint64_t, uint64_t *) = speed_wrapper;

static int speed(void)
{
	uintptr_t fn[2];
	struct ts ts;
	uint64_t t0, t;
	unsigned int i;

	noted(fn);
	t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
	for (i = 0; i < 100000; i++)
		TIME_GET(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	speed_row("clock_time_get", t0, 100000);
	if (fn[0] && !in_ours(fn[0])) {
		long (*g)(long, struct ts *) = (void *)fn[0];

		t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
		for (i = 0; i < 100000; i++)
			g(1, &ts);
		speed_row("linux_vdso_direct", t0, 100000);
		speed_linux = g;
		t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
		for (i = 0; i < 100000; i++)
			speed_wrapper_ptr(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
		speed_row("wrapper_in_program_via_pointer", t0, 100000);
		t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
		for (i = 0; i < 100000; i++)
			speed_wrapper(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
		speed_row("wrapper_in_program_direct", t0, 100000);
		t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
		for (i = 0; i < 100000; i++)
			TIME_GET(99, 1, &t);
		speed_row("clock_time_get_bad_id", t0, 100000);
		t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
		for (i = 0; i < 100000; i++)
			speed_wrapper_ptr(99, 1, &t);
		speed_row("wrapper_in_program_bad_id", t0, 100000);
		t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
		for (i = 0; i < 100000; i++)
			TIME_GET(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
		speed_row("clock_time_get_again", t0, 100000);
	}
	t0 = fast(CLOUDABI_CLOCK_MONOTONIC);
	for (i = 0; i < 100000; i++)
		sys_clock(NR_clock_gettime, 1);
	speed_row("syscall", t0, 100000);
	return 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *want = rt_arg(1);
	uintptr_t fn[2];
	uint64_t c0, c1;
	int execd;

	(void)argdata;
	(void)argdatalen;
	if (!want)
		return 40;
	if (rt_streq(want, "exec"))
		return exec_self();
	if (rt_streq(want, "count"))
		return count();
	if (rt_streq(want, "speed"))
		return speed();
	execd = rt_streq(want, "execd");
	if (execd) {
		want = "syscall";
		reads = READS_EXECD;
	}
	noted(fn);
	ktap_plan(9);
	ktap_ok(path_is(want, fn), execd ? "clocks_execd_image_takes_system_calls" :
		"clocks_path_as_expected");
	ktap_ok(not_handed_out(fn[0]) && not_handed_out(fn[1]),
		"clocks_linux_vdso_not_in_auxv_or_argdata");
	ktap_ok(agrees(CLOUDABI_CLOCK_REALTIME, 0), "clocks_realtime_within_1ms_of_syscall");
	ktap_ok(agrees(CLOUDABI_CLOCK_MONOTONIC, 1), "clocks_monotonic_within_1ms_of_syscall");
	ktap_ok(resolutions_equal(), "clocks_resolutions_equal_syscall");
	c0 = fast(CLOUDABI_CLOCK_THREAD_CPUTIME_ID);
	c1 = fast(CLOUDABI_CLOCK_PROCESS_CPUTIME_ID);
	ktap_ok(c0 != ~0ULL && c1 != ~0ULL && c1 >= c0 &&
		fast(CLOUDABI_CLOCK_THREAD_CPUTIME_ID) >= c0, "clocks_cputime_clocks_work");
	ktap_expect_eq(TIME_GET(0, 1, &c0) | TIME_GET(5, 1, &c0) | TIME_GET(~0U, 1, &c0),
		       CLOUDABI_EINVAL, "clocks_bad_ids_einval");
	ktap_expect_eq(RES_GET(0, &c0) | RES_GET(5, &c0) | RES_GET(~0U, &c0),
		       CLOUDABI_EINVAL, "clocks_bad_ids_res_einval");
	ktap_ok(monotonic_threads(), execd ? "clocks_monotonic_100k_reads_4_threads_never_back" :
		"clocks_monotonic_1M_reads_4_threads_never_back");
	return ktap_failures() ? 1 : 0;
}
