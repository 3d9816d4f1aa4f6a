// SPDX-License-Identifier: GPL-2.0
/*
 * syscount PROG [ARG]...: run the CloudABI program PROG under ptrace and
 * count the system calls it makes between two markers: the first two
 * fd_stat_get calls on descriptor 0 (ioctl on the control descriptor with
 * CABI_IOC(fd_stat_get), a0 = 0).  Prints the count; exits 0 if it is 0,
 * 1 if not, 2 on any other problem.  tests/userland/locks.c "count" does
 * its uncontended lock/unlock pairs between the markers: cloudlibc's fast
 * paths must not enter the kernel at all.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <linux/ioctl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

/* include/cloudabi/ctl.h: the control descriptor and its ioctl numbers. */
#define CABI_CTL_FD 1023
struct cabi_call_ {
	uint64_t arg[6];
};
#define CABI_IOC(nr) _IOWR(0xCA, (nr), struct cabi_call_)
#define NR_FD_STAT_GET 13

#if defined(__x86_64__)
#define NR_IOCTL 16
static int syscall_of(pid_t pid, long *nr, long *a0, long *a1, long *a2)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, pid, 0, &r))
		return -1;
	*nr = r.orig_rax;
	*a0 = r.rdi;
	*a1 = r.rsi;
	*a2 = r.rdx;
	return 0;
}
#elif defined(__aarch64__)
#define NR_IOCTL 29
static int syscall_of(pid_t pid, long *nr, long *a0, long *a1, long *a2)
{
	struct user_regs_struct r;
	struct iovec iov = { &r, sizeof(r) };

	if (ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &iov))
		return -1;
	*nr = r.regs[8];
	*a0 = r.regs[0];
	*a1 = r.regs[1];
	*a2 = r.regs[2];
	return 0;
}
#endif

int main(int argc, char **argv)
{
	long nr, a0, a1, a2, count = 0;
	int status, markers = 0, entry = 1;
	pid_t pid;

	if (argc < 2)
		return 2;
	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return 2;
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0) || waitpid(pid, &status, 0) != pid)
			return 2;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			continue;
		/* Syscall stops alternate: entry, exit. */
		entry = !entry;
		if (entry)
			continue;
		if (syscall_of(pid, &nr, &a0, &a1, &a2))
			return 2;
		if (nr == NR_IOCTL && a0 == CABI_CTL_FD &&
		    (unsigned long)a1 == CABI_IOC(NR_FD_STAT_GET) && a2 == 0) {
			if (++markers == 2)
				break;
			continue;
		}
		if (markers == 1)
			count++;
	}
	printf("syscount: %ld system calls between the markers (%d markers seen)\n",
	       count, markers);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return markers == 2 ? count != 0 : 2;
}
