// SPDX-License-Identifier: GPL-2.0
/*
 * A program for cloudabi-trace's tests (tests/trace/): each mode makes a
 * known sequence of calls, whose trace tests/trace/MODE.expect holds.
 * Started by the guest init with fd 3 = a scratch directory.
 *
 *   traced files   the two clocks (on x86-64 no system call unless traced:
 *                  the tracer refuses the program Linux's vDSO), file_open,
 *                  fd_write, an attenuated copy whose write is
 *                  ENOTCAPABLE, escapes by ".." and by an absolute path
 *   traced fork    proc_fork; the child exits 3; the parent waits
 *   traced exec    proc_exec of native.bin (a native program) and of setid.bin
 *                  (set-user-id): refused; then of traced.bin, which exits 5
 *   traced native  a native system call outside the vDSO: the filter kills
 *   traced lock    a thread waits for a lock the main thread holds (the
 *                  vDSO's slow paths: a futex wait in poll, a wake in
 *                  lock_unlock)
 */
#include "fs.h"
#include "ulock.h"
#include "vdso_arch.h"

#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)
#define FORK(fd, tid)	RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(fd, tid)
#define EXIT(code)	RT_FN(proc_exit, void, uint32_t)(code)
#define S(lit)		lit, sizeof(lit) - 1

static int files(void)
{
	uint32_t fd, ro, other;
	uint64_t t;
	size_t n;

	if (RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)(CLOUDABI_CLOCK_MONOTONIC,
									   1, &t) ||
	    RT_FN(clock_res_get, err_t, uint32_t, uint64_t *)(CLOUDABI_CLOCK_REALTIME, &t))
		return 10;

	if (fs_open(LK(3, 0), S("t.txt"), CLOUDABI_O_CREAT,
		    R(FD_READ) | R(FD_WRITE), 0, 0, &fd))
		return 1;
	if (rt_fd_write(fd, "hello\n", 6, &n) || n != 6)
		return 2;
	if (fs_restrict(fd, R(FD_READ), 0, &ro))
		return 3;
	if (rt_fd_write(ro, "x", 1, &n) != CLOUDABI_ENOTCAPABLE)
		return 4;
	if (fs_open(LK(3, 0), S("../escape"), 0, R(FD_READ), 0, 0, &other) !=
	    CLOUDABI_ENOTCAPABLE)
		return 5;
	if (fs_open(LK(3, 0), S("/etc/passwd"), 0, R(FD_READ), 0, 0, &other) !=
	    CLOUDABI_ENOTCAPABLE)
		return 6;
	if (FD_CLOSE(ro) || FD_CLOSE(fd))
		return 7;
	/* A link out of the directory, and a directory that hands on FD_READ only. */
	FILE_UNLINK(3, S("up"), 0);
	if (FILE_SYMLINK(S("../.."), 3, S("up")) ||
	    fs_open(LK(3, 0), S("up/x"), 0, R(FD_READ), 0, 0, &other) != CLOUDABI_ENOTCAPABLE)
		return 8;
	if (fs_restrict(3, DIR_BASE, R(FD_READ), &ro) ||
	    fs_open(LK(ro, 0), S("t.txt"), 0, R(FD_READ) | R(FD_WRITE), 0, 0, &other) !=
	    CLOUDABI_ENOTCAPABLE)
		return 9;
	return 0;
}

static int wait_child(uint32_t pfd)
{
	sub_t s = { .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
	ev_t ev;
	size_t n = 0;

	s.proc_terminate.fd = pfd;
	if (POLL(&s, &ev, 1, &n) || n != 1)
		return -1;
	return (int)ev.proc_terminate.exitcode;
}

static int do_fork(void)
{
	uint32_t pfd, tid;

	if (FORK(&pfd, &tid))
		return 1;
	if (pfd == CLOUDABI_PROCESS_CHILD)
		EXIT(3);
	return wait_child(pfd) == 3 ? 0 : 2;
}

static int do_exec(void)
{
	static const unsigned char done[4] = { 'T', 0, 0, 0 };
	fdstat_t st = { .fs_rights_base = R(FD_READ) | R(PROC_EXEC) };
	uint32_t exe;

	/* Refused: a native program, and a set-user-id copy of this one. */
	if (FILE_OPEN(LK(3, 0), S("native.bin"), 0, &st, &exe) ||
	    EXEC(exe, done, sizeof(done), NULL, 0) != CLOUDABI_ENOEXEC)
		return 3;
	if (FILE_OPEN(LK(3, 0), S("setid.bin"), 0, &st, &exe) ||
	    EXEC(exe, done, sizeof(done), NULL, 0) != CLOUDABI_EPERM)
		return 4;
	if (FILE_OPEN(LK(3, 0), S("traced.bin"), 0, &st, &exe))
		return 1;
	EXEC(exe, done, sizeof(done), NULL, 0);
	return 2;
}

static uint32_t lock = WR, tlock = WR | 1;
static unsigned char stack[65536] __attribute__((aligned(64)));

static void waiter(uint32_t tid, void *arg)
{
	(void)arg;
	wrlock(&lock, tid);
	wrunlock(&lock, tid);
	TEXIT(&tlock, PRIV);
}

static int do_lock(void)
{
	struct threadattr at = { (uintptr_t)waiter, (uintptr_t)stack, sizeof(stack), 0 };
	uint32_t tid, me = rt_auxv.tid;

	lock = WR | me;
	if (CREATE(&at, &tid))
		return 1;
	/* Until the waiter sleeps: it marks the lock kernel-managed first. */
	while (!(load(&lock) & KM))
		YIELD();
	sleep_ms(50);
	wrunlock(&lock, me);
	/* The thread's exit releases tlock. */
	wrlock(&tlock, me);
	return failed_calls ? 2 : 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *mode = rt_arg(1);

	if (argdatalen == 4 && ((const unsigned char *)argdata)[0] == 'T')
		return 5;
	if (!mode)
		return 100;
	if (rt_streq(mode, "files"))
		return files();
	if (rt_streq(mode, "fork"))
		return do_fork();
	if (rt_streq(mode, "exec"))
		return do_exec();
	if (rt_streq(mode, "native")) {
		cabi_syscall6(NR_getpid, 0, 0, 0, 0, 0, 0);
		return 1;
	}
	if (rt_streq(mode, "lock"))
		return do_lock();
	return 100;
}
