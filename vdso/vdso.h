/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations of our CloudABI vDSO (user-space code). */
#ifndef CABI_VDSO_H
#define CABI_VDSO_H

#include <cabi_user_types.h>

#include "cloudabi/abi.h"
#include "cloudabi/ctl.h"
#include "cloudabi/errno_map.h"
#include "cloudabi/syscalls.h"
#include "vdso_arch.h"

#define VDSO_EXPORT __attribute__((visibility("default")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NULL ((void *)0)
/*
 * Every system call the vDSO makes lies in the cloudabi_sys_* function it
 * serves, or in a helper of one call alone (tools/trace/sites.h): helpers
 * several calls share are __always_inline (defined by the Makefile), so
 * cloudabi-trace names a call by the address of its system call
 * instruction.
 */

enum {
#define CLOUDABI_SYSCALL(name) CABI_NR_##name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

/*
 * clone() flags of a thread: VM FS FILES SIGHAND THREAD SYSVSEM SETTLS
 * PARENT_SETTID CHILD_CLEARTID; of a fork: SIGCHLD alone.
 */
#define CABI_CLONE_THREAD_FLAGS	0x003d0f00U
#define CABI_CLONE_FORK_FLAGS	17U

/* Linux constants the vDSO needs (asm-generic values, x86-64 and arm64 alike). */
#define LINUX_CLOCK_REALTIME		0
#define LINUX_CLOCK_MONOTONIC		1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID	2
#define LINUX_CLOCK_THREAD_CPUTIME_ID	3
#define LINUX_EINTR			4
#define LINUX_EBADF			9
#define LINUX_EAGAIN			11
#define LINUX_EFAULT			14
#define LINUX_EINVAL			22
#define LINUX_ETIMEDOUT			110
#define LINUX_MS_ASYNC			1
#define LINUX_MADV_POPULATE_WRITE	23
#define LINUX_AT_EMPTY_PATH		0x1000
#define LINUX_PROT_NONE			0
#define LINUX_PROT_READ			1
#define LINUX_MAP_PRIVATE		0x02
#define LINUX_MAP_ANONYMOUS		0x20

struct linux_timespec {
	__s64 tv_sec;
	__s64 tv_nsec;
};

static inline __u16 from_linux(long r)
{
	return r < 0 ? cabi_errno_from_linux(-r) : 0;
}

/* Our own ELF header, the first byte of the vDSO's mapping (the linker's). */
extern const char __ehdr_start[] __attribute__((visibility("hidden")));

/* CloudABI clock -> Linux clock, or -1. */
int linux_clock(__u32 id);

/* Start-up code: the fast clocks where they can be had (before the filter), clock.c. */
void cabi_clock_setup(int unfiltered);

/*
 * A probe of [p, p + len) by the system call @nr(start, len, @arg), which
 * fails on memory the probe does not admit and changes nothing else.  The
 * shared vDSO pages cannot hold the process's page size, and both probes
 * want a start on a page boundary (EINVAL otherwise): try 4 KiB, then the
 * 16 and 64 KiB pages arm64 kernels may have.  A wider alignment is never
 * tried first, since it could reach memory below @p the probe refuses.
 */
static __always_inline int cabi_probe(const void *p, unsigned long len, long nr,
				      long arg)
{
	unsigned long end = (unsigned long)p + len, start, page;
	long r = -LINUX_EINVAL;

	if (end < (unsigned long)p)
		return 0;
	for (page = 4096; page <= 65536 && r == -LINUX_EINVAL; page <<= 2) {
		start = (unsigned long)p & ~(page - 1);
		r = cabi_syscall6(nr, start, end - start, arg, 0, 0, 0);
	}
	return r == 0;
}

/*
 * Is [p, p + len) mapped?  A bad pointer is EFAULT, not a crash in the
 * vDSO: msync(MS_ASYNC) fails on unmapped memory and does nothing else.
 */
static __always_inline int cabi_mapped(const void *p, unsigned long len)
{
	return cabi_probe(p, len, NR_msync, LINUX_MS_ASYNC);
}

/*
 * Is [p, p + len) mapped writable?  For what the vDSO writes itself (lock
 * words, poll events, a new thread's TCB): a read-only page would be a
 * SIGSEGV in the vDSO where FreeBSD's kernel answers EFAULT.
 * madvise(MADV_POPULATE_WRITE) (Linux 5.14) faults the pages in for
 * writing, as the write about to come would, and fails on unmapped
 * (ENOMEM) or unwritable (EFAULT) memory.
 */
static __always_inline int cabi_writable(void *p, unsigned long len)
{
	return cabi_probe(p, len, NR_madvise, LINUX_MADV_POPULATE_WRITE);
}

/*
 * poll's lock, condvar and clock-only polls, which the module sent back
 * (CABI_POLL_LOCAL): it has read the @n subscriptions at @in.
 */
__u16 cabi_poll_local(const void *in, void *out, unsigned long n,
		      unsigned long *nevents);

/*
 * Copy @n subscriptions with the relative clocks made absolute MONOTONIC
 * deadlines counted from @base (CABI_POLL_AGAIN_N).
 */
void cabi_poll_absolute(const void *in, struct cloudabi_subscription *abs,
			unsigned long n, __u64 base);

/* arch/<arch>/vdso_thread.S: clone; the child calls entry(*ptid, arg) on @sp. */
long cabi_clone_thread(unsigned long flags, unsigned long sp, __u32 *ptid,
		       unsigned long tls, unsigned long entry,
		       unsigned long arg);

long cabi_install_filter(void);

#endif /* CABI_VDSO_H */
