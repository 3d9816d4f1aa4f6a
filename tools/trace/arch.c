// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-trace: the registers of a system call stop.  The module's calls
 * are ioctl(CABI_CTL_FD, CABI_IOC(nr), ...) with the call's first four
 * argument slots in the ioctl's third to sixth arguments (or all six in
 * memory at the third), and two results in the registers
 * cabi_arch_set_results() names (arch/<arch>/cabi_arch.h).
 */
#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "trace.h"

#if defined(__x86_64__)
const char *const arch_name = "x86_64";

int arch_get(pid_t tid, struct sc *sc, int entry)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r))
		return -1;
	/* The address of the 2-byte syscall instruction. */
	sc->ip = r.rip - 2;
	if (entry) {
		sc->nr = (long)r.orig_rax;
		sc->a[0] = r.rdi;
		sc->a[1] = r.rsi;
		sc->a[2] = r.rdx;
		sc->a[3] = r.r10;
		sc->a[4] = r.r8;
		sc->a[5] = r.r9;
	} else {
		sc->ret = (int64_t)r.rax;
		sc->r1 = r.rdx;
		sc->r2 = r.r10;
	}
	return 0;
}

/*
 * Make the system call at this entry stop not happen (it returns ENOSYS):
 * the vDSO's start-up code then reads clocks by system calls, each of
 * which the trace shows, rather than in Linux's vDSO (vdso/clock.c).
 */
int arch_skip(pid_t tid)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r))
		return -1;
	r.orig_rax = -1;
	return ptrace(PTRACE_SETREGS, tid, 0, &r) ? -1 : 0;
}
#elif defined(__aarch64__)
const char *const arch_name = "arm64";

int arch_get(pid_t tid, struct sc *sc, int entry)
{
	struct user_regs_struct r;
	struct iovec iov = { &r, sizeof(r) };
	unsigned int i;

	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov))
		return -1;
	/* The address of the 4-byte svc instruction. */
	sc->ip = r.pc - 4;
	if (entry) {
		sc->nr = (long)r.regs[8];
		for (i = 0; i < 6; i++)
			sc->a[i] = r.regs[i];
	} else {
		sc->ret = (int64_t)r.regs[0];
		sc->r1 = r.regs[1];
		sc->r2 = r.regs[2];
	}
	return 0;
}

/* arm64 has no Linux vDSO call to refuse (vdso/clock.c). */
int arch_skip(pid_t tid)
{
	(void)tid;
	return -1;
}
#else
#error "cloudabi-trace: x86-64 and arm64 only"
#endif
