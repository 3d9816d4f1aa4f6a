/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64 side of the vDSO: native system call numbers and the trap itself. */
#ifndef CABI_VDSO_ARCH_H
#define CABI_VDSO_ARCH_H

#define CABI_AUDIT_ARCH		0xc000003eU	/* AUDIT_ARCH_X86_64 */
#define CABI_X32_BIT		0x40000000U	/* __X32_SYSCALL_BIT */

#define NR_read			0
#define NR_mmap			9
#define NR_write		1
#define NR_close		3
#define NR_mprotect		10
#define NR_munmap		11
#define NR_ioctl		16
#define NR_sched_yield		24
#define NR_msync		26
#define NR_madvise		28
#define NR_dup			32
#define NR_getpid		39
#define NR_socket		41
#define NR_clone		56
#define NR_execve		59
#define NR_exit			60
#define NR_arch_prctl		158
#define NR_futex		202
#define NR_set_tid_address	218
#define NR_restart_syscall	219
#define NR_clock_gettime	228
#define NR_clock_getres		229
#define NR_exit_group		231
#define NR_openat		257
#define NR_dup3			292
#define NR_seccomp		317
#define NR_getrandom		318
#define NR_process_vm_readv	310
#define NR_execveat		322
#define NR_clone3		435

/* clone(flags, sp, ptid, ctid, tls): the index of each argument. */
#define CLONE_ARG_TLS		4
#define CLONE_ARG_CTID		3

#define ARCH_SET_FS		0x1002
#define ARCH_MAP_VDSO_64	0x2003

/*
 * Clocks through Linux's own vDSO, mapped by the start-up code and noted
 * in the page below ours (vdso/clock.c).
 */
#define CABI_LINUX_VDSO		1
#define CABI_ELF_MACHINE_NR	62	/* EM_X86_64 */

/* A system call; also returns the two result registers of a module call (rdx, r10). */
static inline long cabi_syscall6_r(long nr, long a0, long a1, long a2, long a3,
				   long a4, long a5, long *r1, long *r2)
{
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;
	long ret;

	__asm__ volatile ("syscall"
			  : "=a"(ret), "+d"(a2), "+r"(r10)
			  : "a"(nr), "D"(a0), "S"(a1), "r"(r8), "r"(r9)
			  : "rcx", "r11", "memory");
	*r1 = a2;
	*r2 = r10;
	return ret;
}

static inline long cabi_syscall6(long nr, long a0, long a1, long a2, long a3,
				 long a4, long a5)
{
	long r1, r2;

	return cabi_syscall6_r(nr, a0, a1, a2, a3, a4, a5, &r1, &r2);
}

/* The initial thread's TLS: %fs base = the word that holds &TCB (ABI.md §4.5). */
static inline long cabi_set_initial_tls(void *tcb)
{
	return cabi_syscall6(NR_arch_prctl, ARCH_SET_FS, (long)tcb - 8, 0, 0, 0, 0);
}

/*
 * A new thread's TLS (ABI.md §4.5): the word below the TCB holds &TCB and
 * %fs points at it; the thread starts as if called, with a zero return
 * address at 8 mod 16.  Returns the %fs base, stores the stack pointer.
 */
static inline unsigned long cabi_thread_tls(unsigned long tcb, unsigned long *sp)
{
	*(unsigned long *)(tcb - 8) = tcb;
	*sp = ((tcb - 8) & ~15UL) - 8;
	*(unsigned long *)*sp = 0;
	return tcb - 8;
}

#endif /* CABI_VDSO_ARCH_H */
