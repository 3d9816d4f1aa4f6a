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
	if (!cabi_writable((void *)(top - 64), 64))
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
