// SPDX-License-Identifier: GPL-2.0
/*
 * thread_create and thread_exit (ABI.md §4.5, §6.5), native in the vDSO:
 * a Linux thread is clone() with the exact flag set the seccomp filter
 * admits, and its TID is the CloudABI tid.
 */
#include "vdso.h"

struct cabi_threadattr {
	__u64 entry_point;
	__u64 stack;
	__u64 stack_len;
	__u64 argument;
};

/*
 * A bad pointer is EFAULT, not a crash in the vDSO: msync(MS_ASYNC) of the
 * pages it spans fails on unmapped memory and does nothing else.  The
 * shared vDSO pages cannot hold the process's page size, and msync wants
 * a start on a page boundary (EINVAL otherwise): try 4 KiB, then the
 * 16 and 64 KiB pages arm64 kernels may have.  A wider alignment is never
 * tried first, since it could reach unmapped memory below @p.
 */
int cabi_mapped(const void *p, unsigned long len)
{
	unsigned long end = (unsigned long)p + len, start, page;
	long r = -LINUX_EINVAL;

	if (end < (unsigned long)p)
		return 0;
	for (page = 4096; page <= 65536 && r == -LINUX_EINVAL; page <<= 2) {
		start = (unsigned long)p & ~(page - 1);
		r = cabi_syscall6(NR_msync, start, end - start, LINUX_MS_ASYNC,
				  0, 0, 0);
	}
	return r == 0;
}

VDSO_EXPORT __u16 cloudabi_sys_thread_create(void *attr, __u32 *tid)
{
	const struct cabi_threadattr *a = attr;
	unsigned long top, tcb, tls, sp;
	long r;

	if (!cabi_mapped(a, sizeof(*a)))
		return cabi_errno_from_linux(LINUX_EFAULT);
	top = a->stack + a->stack_len;
	/* Room for the TCB, the x86-64 TCB pointer and a frame. */
	if (top < a->stack || a->stack_len < 64 || !a->entry_point)
		return CLOUDABI_EINVAL;
	if (!cabi_mapped((void *)(top - 64), 64))
		return cabi_errno_from_linux(LINUX_EFAULT);
	/* The TCB is carved from the top of the stack (ABI.md §4.5). */
	tcb = (top - 8) & ~7UL;
	tls = cabi_thread_tls(tcb, &sp);
	/* The kernel stores the new TID just below the child's stack pointer. */
	r = cabi_clone_thread(CABI_CLONE_THREAD_FLAGS, sp, (__u32 *)(sp - 8), tls,
			      a->entry_point, a->argument);
	if (r < 0)
		return cabi_errno_from_linux(-r);
	*tid = r;
	return 0;
}

/*
 * The kernel stores 0 into @lock and wakes one waiter (a shared futex
 * wake) only once this thread no longer runs on its stack; the last thread
 * to exit ends the process with status 0.  @scope makes no difference: the
 * wake reaches private and shared waiters alike.
 */
VDSO_EXPORT __noreturn void cloudabi_sys_thread_exit(__u32 *lock, __u8 scope)
{
	(void)scope;
	cabi_syscall6(NR_set_tid_address, (long)lock, 0, 0, 0, 0, 0);
	for (;;)
		cabi_syscall6(NR_exit, 0, 0, 0, 0, 0, 0);
}
