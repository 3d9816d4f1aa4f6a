/* SPDX-License-Identifier: GPL-2.0 */
/* arm64 side of the vDSO: native system call numbers and the trap itself. */
#ifndef CABI_VDSO_ARCH_H
#define CABI_VDSO_ARCH_H

#define CABI_AUDIT_ARCH		0xc00000b7U	/* AUDIT_ARCH_AARCH64 */

#define NR_dup			23
#define NR_dup3			24
#define NR_ioctl		29
#define NR_openat		56
#define NR_close		57
#define NR_read			63
#define NR_write		64
#define NR_exit			93
#define NR_exit_group		94
#define NR_set_tid_address	96
#define NR_futex		98
#define NR_clock_gettime	113
#define NR_clock_getres		114
#define NR_sched_yield		124
#define NR_restart_syscall	128
#define NR_getpid		172
#define NR_socket		198
#define NR_munmap		215
#define NR_clone		220
#define NR_execve		221
#define NR_mprotect		226
#define NR_msync		227
#define NR_madvise		233
#define NR_seccomp		277
#define NR_getrandom		278
#define NR_execveat		281
#define NR_clone3		435

/* clone(flags, sp, ptid, tls, ctid) on arm64 (CLONE_BACKWARDS). */
#define CLONE_ARG_TLS		3
#define CLONE_ARG_CTID		4

/* A system call; also returns the two result registers of a module call (x1, x2). */
static inline long cabi_syscall6_r(long nr, long a0, long a1, long a2, long a3,
				   long a4, long a5, long *r1, long *r2)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;

	__asm__ volatile ("svc #0"
			  : "+r"(x0), "+r"(x1), "+r"(x2)
			  : "r"(x8), "r"(x3), "r"(x4), "r"(x5)
			  : "memory");
	*r1 = x1;
	*r2 = x2;
	return x0;
}

static inline long cabi_syscall6(long nr, long a0, long a1, long a2, long a3,
				 long a4, long a5)
{
	long r1, r2;

	return cabi_syscall6_r(nr, a0, a1, a2, a3, a4, a5, &r1, &r2);
}

/* The initial thread's TLS: tpidr_el0 = the TCB (ABI.md §4.5). */
static inline long cabi_set_initial_tls(void *tcb)
{
	__asm__ volatile ("msr tpidr_el0, %0" : : "r"(tcb));
	return 0;
}

/* A new thread's TLS (ABI.md §4.5): tpidr_el0 = TCB, sp = TCB & ~15. */
static inline unsigned long cabi_thread_tls(unsigned long tcb, unsigned long *sp)
{
	*sp = tcb & ~15UL;
	return tcb;
}

#endif /* CABI_VDSO_ARCH_H */
