// SPDX-License-Identifier: GPL-2.0
/*
 * Native system calls from a CloudABI process: the seccomp filter installed
 * by the vDSO must kill the process (SIGSYS) for anything it does not allow.
 *   confine NAME      one scenario (getpid, openat, socket, execve, ...)
 *   confine ioctl_ctl CMD  a command the VFS or nobody answers (fioclex,
 *                     fionbio, figetbsz, ..., above_range) on the control fd
 *   confine nr N      syscall N with zero arguments; exit 0 if it returned
 *   confine allowed N exit 0 if the filter lets N through with zero
 *                     arguments, 1 if it must kill, 2 if the kernel does
 *                     not filter N at all (x86-64 uretprobe, 335, since
 *                     6.11: it kills any caller outside a uretprobe with
 *                     SIGILL), 3 if the kernel does not filter N and N
 *                     returns an error (x86-64 uprobe, 336: -EPROTO
 *                     outside a uprobe trampoline)
 *   confine sweep N   for each of 0 .. N-1: the answer of "allowed", then
 *                     how a forked child that makes the call ends (guest
 *                     init's sweep judges it): two bytes per number to
 *                     fd 1, the class digit and '0' (exit 0), 'S'
 *                     (SIGSYS), 'I' (SIGILL), 'E' (another exit code), 'K'
 *                     (another signal) or 'F' (proc_fork or its wait
 *                     failed).  A fork a number, not an exec: the child
 *                     runs under the filter its parent's start-up installed.
 */
#include "ulock.h"
#include "vdso_arch.h"

static long sys(long nr, long a0, long a1, long a2, long a3, long a4)
{
	return cabi_syscall6(nr, a0, a1, a2, a3, a4, 0);
}

static const long allowed[] = {
	NR_exit, NR_exit_group, NR_sched_yield, NR_clock_gettime,
	NR_clock_getres, NR_getrandom, NR_munmap, NR_msync, NR_madvise,
	NR_restart_syscall, NR_set_tid_address, NR_close, NR_dup,
	NR_dup3, NR_mprotect, NR_clone3,
};
/* futex with zero arguments is FUTEX_WAIT, which the vDSO never uses: killed. */

#define LINUX_ENOSYS	38
#define LINUX_EPROTO	71
#define LINUX_EPERM	1
#define LINUX_ENOENT	2
#define LINUX_EBADF	9
#define LINUX_ENOTDIR	20
#define LINUX_AT_FDCWD	-100
#define LINUX_AT_EMPTY_PATH 0x1000
#define LINUX_CLONE_VM	0x100

/* The module's answer to one of its commands that the vDSO makes natively. */
#define ENOSYS_FROM_CTL	(-(long)(CABI_ERR_BASE + CLOUDABI_ENOSYS))

/*
 * Commands the VFS answers itself on any descriptor (do_vfs_ioctl, before
 * the file's own ioctl), their generic values on both arches, and the
 * commands just outside the module's range.  On the control descriptor
 * each must die of SIGSYS; before the filter looked at the command,
 * FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIGETBSZ and FIOQSIZE returned 0.
 */
static const struct {
	const char *name;
	unsigned int cmd;
} vfs_cmds[] = {
	{ "fioclex", 0x5451 },
	{ "fionclex", 0x5450 },
	{ "fionbio", 0x5421 },
	{ "fioasync", 0x5452 },
	{ "figetbsz", 0x0002 },		/* _IO(0x00, 2) */
	{ "fioqsize", 0x5460 },
	{ "fionread", 0x541b },
	{ "fs_ioc_getflags", 0x80086601 },	/* _IOR('f', 1, long) */
	{ "fs_ioc_fsgetxattr", 0x801c581f },	/* _IOR('X', 31, struct fsxattr) */
	{ "fs_ioc_fiemap", 0xc020660b },	/* _IOWR('f', 11, struct fiemap) */
	{ "fifreeze", 0xc0045877 },	/* _IOWR('X', 119, int) */
	{ "ficlone", 0x40049409 },	/* _IOW(0x94, 9, int) */
	{ "below_range", CABI_IOC(0) - 1 },
	{ "above_range", CABI_IOC(CLOUDABI_NSYSCALLS) },
	{ "other_size", CABI_IOC(0) & ~0x3fff0000U },	/* _IO(0xCA, 0) */
};

static int ioctl_ctl(const char *name)
{
	/* Room for whatever a generic command reads or writes. */
	static uint64_t buf[64];
	unsigned int i;

	for (i = 0; i < sizeof(vfs_cmds) / sizeof(vfs_cmds[0]); i++)
		if (rt_streq(name, vfs_cmds[i].name)) {
			sys(NR_ioctl, CABI_CTL_FD, vfs_cmds[i].cmd, (long)buf, 0, 0);
			return 3;	/* it returned */
		}
	return 2;
}

/*
 * Calls the filter answers EBADF: the control descriptor and the exec gate
 * can be neither closed, duplicated nor replaced.  A copy elsewhere would
 * be inert, but it is refused too.
 */
static const struct {
	const char *name;
	long nr, a0, a1;
} ebadf_calls[] = {
	{ "close_ctl", NR_close, CABI_CTL_FD, 0 },
	{ "dup3_onto_ctl", NR_dup3, 1, CABI_CTL_FD },
	{ "dup3_from_ctl", NR_dup3, CABI_CTL_FD, 5 },
	{ "close_gate", NR_close, CABI_EXEC_FD, 0 },
	{ "dup_gate", NR_dup, CABI_EXEC_FD, 0 },
	{ "dup3_onto_gate", NR_dup3, 1, CABI_EXEC_FD },
	{ "dup3_from_gate", NR_dup3, CABI_EXEC_FD, 5 },
};

/* What "allowed N" answers. */
static int class_of(long nr)
{
	unsigned int i;

#if defined(__x86_64__)
	if (nr == 335)
		return 2;
	if (nr == 336)
		return 3;
#endif
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allowed[i] == nr)
			return 0;
	return 1;
}

/* Syscall @nr with zero arguments; 0 if it returned as it must. */
static int nr_call(long nr)
{
	long r = sys(nr, 0, 0, 0, 0, 0);

#if defined(__x86_64__)
	/* Kernels with uprobe (336) let it through: it must do nothing. */
	if (nr == 336)
		return r == -LINUX_EPROTO ? 0 : 5;
#endif
	(void)r;
	return 0;
}

/* How a forked child making syscall @nr ends: one of "0SIEKF". */
static char nr_in_child(long nr)
{
	sub_t s = { .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
	uint32_t pfd, tid;
	ev_t ev = { 0 };
	size_t n = 0;
	err_t e;

	if (RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(&pfd, &tid))
		return 'F';
	if (pfd == CLOUDABI_PROCESS_CHILD)
		rt_proc_exit(nr_call(nr));
	s.proc_terminate.fd = pfd;
	e = POLL(&s, &ev, 1, &n);
	RT_FN(fd_close, err_t, uint32_t)(pfd);
	if (e || n != 1 || ev.error || ev.type != CLOUDABI_EVENTTYPE_PROC_TERMINATE)
		return 'F';
	if (ev.proc_terminate.signal == CLOUDABI_SIGSYS)
		return 'S';
	if (ev.proc_terminate.signal == CLOUDABI_SIGILL)
		return 'I';
	if (ev.proc_terminate.signal)
		return 'K';
	return ev.proc_terminate.exitcode ? 'E' : '0';
}

static int sweep(size_t n)
{
	char c[2 * 1024];
	size_t k, done;

	if (n > sizeof(c) / 2)
		return 2;
	for (k = 0; k < n; k++) {
		c[2 * k] = (char)('0' + class_of((long)k));
		c[2 * k + 1] = nr_in_child((long)k);
	}
	for (k = 0; k < 2 * n; k += done)
		if (rt_fd_write(1, c + k, 2 * n - k, &done) || !done)
			return 3;
	return 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *what = rt_arg(1), *arg = rt_arg(2);
	unsigned int i;
	long r;

	(void)argdata;
	(void)argdatalen;
	if (!what)
		return 2;
	for (i = 0; i < sizeof(ebadf_calls) / sizeof(ebadf_calls[0]); i++)
		if (rt_streq(what, ebadf_calls[i].name))
			return sys(ebadf_calls[i].nr, ebadf_calls[i].a0, ebadf_calls[i].a1,
				   0, 0, 0) == -LINUX_EBADF ? 0 : 3;
	if (rt_streq(what, "allowed"))
		return class_of(rt_atol(arg));
	if (rt_streq(what, "sweep"))
		return sweep(arg ? (size_t)rt_atol(arg) : 0);
	if (rt_streq(what, "nr"))
		return nr_call(rt_atol(arg));
	if (rt_streq(what, "getpid"))
		sys(NR_getpid, 0, 0, 0, 0, 0);
	else if (rt_streq(what, "openat"))
		sys(NR_openat, LINUX_AT_FDCWD, (long)"/init", 0, 0, 0);
	else if (rt_streq(what, "socket"))
		sys(NR_socket, 1, 1, 0, 0, 0);
	else if (rt_streq(what, "execve"))
		sys(NR_execve, (long)"/init", 0, 0, 0, 0);
	else if (rt_streq(what, "execveat_path"))
		sys(NR_execveat, LINUX_AT_FDCWD, (long)"/init", 0, 0, 0);
	else if (rt_streq(what, "ioctl_other"))
		sys(NR_ioctl, 1, 0x5401 /* TCGETS */, 0, 0, 0);
	else if (rt_streq(what, "ioctl_ctl_high"))
		/*
		 * The kernel reads an int fd and an unsigned int command:
		 * high bits make neither another fd nor another command.
		 * The first and the last of the module's commands reach it
		 * (both are calls the vDSO makes natively: ENOSYS).
		 */
		return sys(NR_ioctl, CABI_CTL_FD + (1L << 32),
			   CABI_IOC(0) + (1L << 32), 0, 0, 0) == ENOSYS_FROM_CTL &&
		       sys(NR_ioctl, CABI_CTL_FD,
			   CABI_IOC(CLOUDABI_NSYSCALLS - 1) + (3L << 32), 0, 0, 0) ==
		       ENOSYS_FROM_CTL ? 0 : 3;
	else if (rt_streq(what, "ioctl_ctl"))
		return ioctl_ctl(arg);
	else if (rt_streq(what, "clock_other_process"))
		/* pid 1's CPU clock: (~pid << 3) | CPUCLOCK_SCHED, -14. */
		sys(NR_clock_gettime, -14 /* (~1 << 3) | 2 */, (long)&r, 0, 0, 0);
	else if (rt_streq(what, "clock_getres_other_process"))
		sys(NR_clock_getres, -14 /* (~1 << 3) | 2 */, 0, 0, 0, 0);
	else if (rt_streq(what, "futex_trylock_pi"))
		/* FUTEX_TRYLOCK_PI looks up the tid in the word: not for us. */
		sys(NR_futex, (long)&r, 8, 0, 0, 0);
	else if (rt_streq(what, "futex_wake_ok"))
		return sys(NR_futex, (long)&r, 1, 1, 0, 0) == 0 ? 0 : 3;
	else if (rt_streq(what, "fork_unprepared")) {
		/*
		 * clone with the fork flags but without proc_fork's first
		 * half: the child must die before it runs (no descriptor
		 * would track it), so it never sets the shared word.
		 */
		volatile uint32_t *w = 0;
		uint64_t t0, t;

		RT_FN(mem_map, cloudabi_errno_t, void *, size_t, uint8_t, uint8_t,
		      uint32_t, uint64_t, void **)
			(0, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			 CLOUDABI_MAP_ANON | CLOUDABI_MAP_SHARED, CLOUDABI_MAP_ANON_FD, 0,
			 (void **)&w);
		if (!w)
			return 4;
		r = sys(NR_clone, 17 /* SIGCHLD: CABI_CLONE_FORK_FLAGS */, 0, 0, 0, 0);
		if (r == 0) {
			*w = 1;
			sys(NR_exit_group, 0, 0, 0, 0, 0);
		}
		if (r < 0)
			return 5;
		RT_FN(clock_time_get, cloudabi_errno_t, uint32_t, uint64_t, uint64_t *)
			(CLOUDABI_CLOCK_MONOTONIC, 1, &t0);
		do
			RT_FN(clock_time_get, cloudabi_errno_t, uint32_t, uint64_t, uint64_t *)
				(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
		while (!*w && t - t0 < 1000000000ULL);
		return *w ? 6 : 0;
	} else if (rt_streq(what, "clone_other"))
		sys(NR_clone, LINUX_CLONE_VM, 0, 0, 0, 0);
	else if (rt_streq(what, "mprotect_wx"))
		sys(NR_mprotect, 0, 4096, 6, 0, 0);
	else if (rt_streq(what, "clone3"))
		return sys(NR_clone3, 0, 0, 0, 0, 0) == -LINUX_ENOSYS ? 0 : 3;
	else if (rt_streq(what, "execveat_other_fd"))
		/* A directory descriptor with an empty path: killed. */
		sys(NR_execveat, 0, (long)"", 0, 0, LINUX_AT_EMPTY_PATH);
	else if (rt_streq(what, "execveat_cwd"))
		sys(NR_execveat, LINUX_AT_FDCWD, (long)"/init", 0, 0, LINUX_AT_EMPTY_PATH);
	else if (rt_streq(what, "execveat_gate_paths")) {
		/*
		 * The filter admits execveat of the gate alone and cannot see
		 * the path: an absolute one resolves in the empty root
		 * (ENOENT, not EPERM for the host's /init), a relative one
		 * fails on the gate, which is no directory (ENOTDIR), before
		 * anything is opened; the gate itself, with nothing prepared,
		 * is refused (EPERM).
		 */
		if (sys(NR_execveat, CABI_EXEC_FD, (long)"/init", 0, 0,
			LINUX_AT_EMPTY_PATH) != -LINUX_ENOENT)
			return 10;
		if (sys(NR_execveat, CABI_EXEC_FD, (long)"init", 0, 0,
			LINUX_AT_EMPTY_PATH) != -LINUX_ENOTDIR)
			return 11;
		if (sys(NR_execveat, CABI_EXEC_FD, (long)"../../../../init", 0, 0,
			LINUX_AT_EMPTY_PATH) != -LINUX_ENOTDIR)
			return 12;
		return sys(NR_execveat, CABI_EXEC_FD, (long)"", 0, 0,
			   LINUX_AT_EMPTY_PATH) == -LINUX_EPERM ? 0 : 13;
	}
#if defined(__x86_64__)
	else if (rt_streq(what, "int80")) {
		/* i386 getpid through the 32-bit entry: the arch check kills it. */
		__asm__ volatile ("int $0x80" : "=a"(r) : "a"(20L) : "memory");
	} else if (rt_streq(what, "x32"))
		sys(CABI_X32_BIT | NR_getpid, 0, 0, 0, 0, 0);
#else
	else if (rt_streq(what, "x32"))
		sys(0x40000000L | NR_getpid, 0, 0, 0, 0, 0);
#endif
	else
		return 2;
	/* Still alive: the filter let a forbidden call through. */
	(void)r;
	return 3;
}
