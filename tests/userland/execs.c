// SPDX-License-Identifier: GPL-2.0
/*
 * proc_exec (ABI.md §5.3), started by the guest init with fd 3 = the
 * directory of the test programs.  First the refusals, each leaving the
 * caller as it was: no PROC_EXEC right, a native ELF, a closed fd in fds,
 * fds_len and data_len too large.  Then a chain of 100 execs of itself:
 * each image must see exactly its argdata (4 bytes with a NUL inside and
 * the step number) and exactly four descriptors: 0 = this program (with
 * PROC_EXEC), 1 = the directory, 2 = the console, 3 = the first image's
 * stdin; nothing at 4.  Before the chain, a forked child execs from a
 * second thread (exec_from_thread).  Exit status 0 at the end of the chain; otherwise
 * a code naming the check that failed.  "execs hold" (plan: bgdir,
 * filters, bgend) ends the chain by reading stdin to EOF, so the guest
 * init can count the seccomp filters of the 101st image.
 */
#include "cloudabi/ctl.h"
#include "fs.h"
#include "ulock.h"
#include "vdso_arch.h"

#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)
#define STEPS 100

static uint32_t open_exe(const char *name, size_t len, uint64_t rights)
{
	fdstat_t fds = { .fs_rights_base = rights };
	uint32_t fd = ~0U;

	if (FILE_OPEN(LK(3, 0), name, len, 0, &fds, &fd))
		return ~0U;
	return fd;
}

static int chain(const unsigned char *ad, size_t len)
{
	unsigned char next[4] = { ad[0], 0, 0, 0xab };
	static const uint32_t fds[] = { 0, 1, 2, 3 };
	unsigned int step;
	fdstat_t st;
	size_t n;
	char c;

	step = ad[2];
	if (len != 4 || ad[1] != 0 || ad[3] != 0xab)
		return 200;
	if (FD_STAT_GET(0, &st) || st.fs_filetype != CLOUDABI_FILETYPE_REGULAR_FILE ||
	    !(st.fs_rights_base & CLOUDABI_RIGHT_PROC_EXEC))
		return 201;
	if (FD_STAT_GET(1, &st) || st.fs_filetype != CLOUDABI_FILETYPE_DIRECTORY)
		return 202;
	if (FD_STAT_GET(2, &st))
		return 203;
	if (FD_STAT_GET(3, &st))
		return 206;
	if (FD_STAT_GET(4, &st) != CLOUDABI_EBADF)
		return 204;
	if (step >= STEPS) {
		while (ad[0] == 'H' && !rt_fd_read(3, &c, 1, &n) && n)
			;
		return 0;
	}
	next[2] = step + 1;
	EXEC(0, next, sizeof(next), fds, 4);
	return 205;
}

/*
 * proc_exec from a thread that is not the main one: Linux makes it the
 * group leader and frees the old one.  The image sleeps 1 s and exits 7;
 * the parent's PROC_TERMINATE must say exactly that, not report the old
 * leader gone (6.1) nor miss the end (6.12).  0, or the check that failed.
 */
#define MS 1000000ULL
static uint32_t texec_fd;
static char texec_stack[16384] __attribute__((aligned(16)));

static void texec_thread(uint32_t tid, void *arg)
{
	static const unsigned char sleeper[4] = { 'S', 0, 0, 0xab };
	static const uint32_t fds[] = { 0, 1, 2 };

	(void)tid;
	(void)arg;
	EXEC(texec_fd, sleeper, sizeof(sleeper), fds, 3);
	rt_proc_exit(99);
}

static int exec_from_thread(uint32_t exe)
{
	struct threadattr a = { (uintptr_t)texec_thread, (uintptr_t)texec_stack,
				sizeof(texec_stack), 0 };
	sub_t s[2] = { { .userdata = 1, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE },
		       { .userdata = 2, .type = CLOUDABI_EVENTTYPE_CLOCK } };
	uint32_t pfd = 0, tid = 0;
	ev_t ev[2] = { { 0 } };
	uint64_t t0;
	size_t n = 0;

	texec_fd = exe;
	if (RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(&pfd, &tid))
		return 10;
	if (pfd == CLOUDABI_PROCESS_CHILD) {
		if (CREATE(&a, &tid))
			rt_proc_exit(98);
		sleep_ms(20000);
		rt_proc_exit(97);
	}
	t0 = now();
	s[0].proc_terminate.fd = pfd;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[1].clock.timeout = 15000 * MS;
	if (POLL(s, ev, 2, &n) || n != 1 || ev[0].userdata != 1)
		return 11;
	if (ev[0].error || ev[0].proc_terminate.signal || ev[0].proc_terminate.exitcode != 7)
		return 12;
	if (now() - t0 < 900 * MS)
		return 13;
	FD_CLOSE(pfd);
	return 0;
}

/* A raw (unwrapped) file at a number below 64: dup works, fd_stat_get does not. */
static int raw_fds_left(void)
{
	fdstat_t st;
	long d;
	int n;

	for (n = 0; n < 64; n++) {
		if (FD_STAT_GET(n, &st) != CLOUDABI_EBADF)
			continue;
		d = cabi_syscall6(NR_dup, n, 0, 0, 0, 0, 0);
		if (d >= 0) {
			cabi_syscall6(NR_close, d, 0, 0, 0, 0, 0);
			return 1;
		}
	}
	return 0;
}

/*
 * "execs high" (RLIMIT_NOFILE above 1024): a directory duplicated to 1500,
 * then proc_exec with fds 0..2 only; the image ('F') must hold nothing at
 * 1500, wrapped or raw.
 */
static int high_fd_mode(void)
{
	static const unsigned char img[4] = { 'F', 0, 0, 0xab };
	static const uint32_t fds[] = { 0, 1, 2 };
	uint32_t exe = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	fdstat_t st;

	if (exe == ~0U || cabi_syscall6(NR_dup3, 3, 1500, 0, 0, 0, 0) != 1500 ||
	    FD_STAT_GET(1500, &st) || st.fs_filetype != CLOUDABI_FILETYPE_DIRECTORY)
		return 16;
	EXEC(exe, img, sizeof(img), fds, 3);
	return 17;
}

/*
 * "execs leak": threads that prepare a proc_fork or a proc_exec (the
 * vDSO's first halves, issued raw) and exit without using them.  The
 * module must drop the preparations when the threads exit: the plan's
 * final rmmod fails while any of their files is left.
 */
static char leak_stacks[2][16384] __attribute__((aligned(16)));
static uint32_t leak_join[2];

static void leak_fork(uint32_t tid, void *arg)
{
	(void)tid;
	(void)arg;
	cabi_syscall6(NR_ioctl, CABI_CTL_FD, CABI_IOC(RT_NR(proc_fork)), 0, 0, 0, 0);
	TEXIT(&leak_join[0], CLOUDABI_SCOPE_PRIVATE);
}

static void leak_exec(uint32_t tid, void *arg)
{
	static const uint32_t fds[] = { 0, 1, 2, 3 };
	struct cabi_call c = { .arg = { texec_fd, (uintptr_t)"x", 1, (uintptr_t)fds, 4, 0 } };

	(void)tid;
	(void)arg;
	cabi_syscall6(NR_ioctl, CABI_CTL_FD, CABI_IOC(RT_NR(proc_exec)), (long)&c, 0, 0, 0);
	TEXIT(&leak_join[1], CLOUDABI_SCOPE_PRIVATE);
}

static int leak_mode(void)
{
	void (*fn[2])(uint32_t, void *) = { leak_fork, leak_exec };
	uint32_t tid;
	int i;

	texec_fd = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	if (texec_fd == ~0U)
		return 20;
	for (i = 0; i < 2; i++) {
		struct threadattr a = { (uintptr_t)fn[i], (uintptr_t)leak_stacks[i],
					sizeof(leak_stacks[i]), 0 };

		leak_join[i] = CLOUDABI_LOCK_BOGUS;
		if (CREATE(&a, &tid))
			return 21;
		cas(&leak_join[i], CLOUDABI_LOCK_BOGUS, tid | WR);
	}
	for (i = 0; i < 2; i++)
		if (lock_poll(CLOUDABI_EVENTTYPE_LOCK_RDLOCK, &leak_join[i],
			      CLOUDABI_SCOPE_PRIVATE, 0).error)
			return 22;
	/*
	 * The exec preparation's O_PATH handle goes with its thread, at
	 * sched_process_exit; the join word is released earlier in the
	 * thread's exit (exit_mm), so give it up to 5 s.
	 */
	for (i = 0; i < 500 && raw_fds_left(); i++)
		sleep_ms(10);
	return raw_fds_left() ? 23 : 0;
}

/*
 * "execs forkprep": the vDSO's first half of proc_fork, issued raw, which
 * reserves a descriptor number for the child's process descriptor, and
 * then a proc_exec with no clone in between.  The new image ('P') must
 * run (the fuzzer found it killed by SIGSEGV: the reserved number made the
 * loader's table rebuild fail after the point of no return), and its
 * proc_fork must work.
 */
static int forkprep_mode(void)
{
	static const unsigned char img[4] = { 'P', 0, 0, 0xab };
	uint32_t exe = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	uint32_t fds[] = { 0, 1, 2, 3 };
	long r;

	if (exe == ~0U)
		return 24;
	r = cabi_syscall6(NR_ioctl, CABI_CTL_FD, CABI_IOC(RT_NR(proc_fork)), 0, 0, 0, 0);
	if (r)
		return 25;
	EXEC(exe, img, sizeof(img), fds, 4);
	return 26;
}

/* The image forkprep_mode() starts: a proc_fork, the child exits 5. */
static int forkprep_image(void)
{
	uint32_t fd = ~0U, tid;
	sub_t s = { .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
	ev_t ev;
	size_t n = 0;

	if (RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(&fd, &tid))
		return 27;
	if (fd == CLOUDABI_PROCESS_CHILD)
		rt_proc_exit(5);
	s.proc_terminate.fd = fd;
	if (POLL(&s, &ev, 1, &n) || n != 1 || ev.proc_terminate.exitcode != 5)
		return 28;
	return 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	unsigned char first[4] = { 'C', 0, 0, 0xab };
	uint32_t exe, noexec, native, wonly, bad[] = { 77 };
	fdstat_t st;
	int e;

	if (argdatalen == 4 && (((const unsigned char *)argdata)[0] == 'C' ||
				((const unsigned char *)argdata)[0] == 'H'))
		return chain(argdata, argdatalen);
	if (argdatalen == 4 && ((const unsigned char *)argdata)[0] == 'S') {
		sleep_ms(1000);
		return 7;
	}
	if (argdatalen == 4 && ((const unsigned char *)argdata)[0] == 'F') {
		fdstat_t hi;

		return FD_STAT_GET(1500, &hi) == CLOUDABI_EBADF &&
		       cabi_syscall6(NR_dup, 1500, 0, 0, 0, 0, 0) < 0 ? 0 : 15;
	}
	if (argdatalen == 4 && ((const unsigned char *)argdata)[0] == 'P')
		return forkprep_image();
	if (rt_arg(1) && rt_streq(rt_arg(1), "forkprep"))
		return forkprep_mode();
	if (rt_arg(1) && rt_streq(rt_arg(1), "high"))
		return high_fd_mode();
	if (rt_arg(1) && rt_streq(rt_arg(1), "leak"))
		return leak_mode();

	exe = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	noexec = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ);
	native = open_exe(S("syscount"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	if (exe == ~0U || noexec == ~0U || native == ~0U)
		return 1;
	if (EXEC(noexec, first, 4, NULL, 0) != CLOUDABI_ENOTCAPABLE)
		return 2;
	/* Open for writing only, with PROC_EXEC: EBADF, as on FreeBSD. */
	wonly = open_exe(S("hello"), CLOUDABI_RIGHT_FD_WRITE | CLOUDABI_RIGHT_PROC_EXEC);
	if (wonly == ~0U || EXEC(wonly, first, 4, NULL, 0) != CLOUDABI_EBADF)
		return 18;
	FD_CLOSE(wonly);
	if (EXEC(native, first, 4, NULL, 0) != CLOUDABI_ENOEXEC)
		return 3;
	if (EXEC(exe, first, 4, bad, 1) != CLOUDABI_EBADF)
		return 4;
	if (EXEC(exe, first, 4, NULL, 2000) != CLOUDABI_E2BIG)
		return 5;
	if (EXEC(exe, first, 1 << 20, NULL, 0) != CLOUDABI_E2BIG)
		return 6;
	if (EXEC(77, first, 4, NULL, 0) != CLOUDABI_EBADF)
		return 7;
	/* Every refusal left the caller as it was, with no raw handle behind. */
	if (FD_STAT_GET(3, &st) || st.fs_filetype != CLOUDABI_FILETYPE_DIRECTORY ||
	    FD_STAT_GET(exe, &st))
		return 8;
	if (raw_fds_left())
		return 14;
	e = exec_from_thread(exe);
	if (e)
		return e;
	{
		uint32_t fds[] = { exe, 3, 1, 0 };

		if (rt_arg(1) && rt_streq(rt_arg(1), "hold"))
			first[0] = 'H';
		EXEC(exe, first, 4, fds, 4);
	}
	return 9;
}
