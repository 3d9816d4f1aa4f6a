// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp filter every CloudABI process runs under (DESIGN.md §2),
 * installed by the entry trampoline before the first program instruction.
 * Everything not listed kills the process.
 */
#include "vdso.h"

/* Classic BPF, from the stable uapi encoding (linux/filter.h, linux/bpf_common.h). */
#define BPF_LD_W_ABS		0x20
#define BPF_JEQ_K		0x15
#define BPF_JSET_K		0x45
#define BPF_JGT_K		0x25
#define BPF_RET_K		0x06

#define SECCOMP_SET_MODE_FILTER	1
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#define SECCOMP_RET_ERRNO	0x00050000U
#define SECCOMP_RET_ALLOW	0x7fff0000U

/* struct seccomp_data: nr @0, arch @4, ip @8, args[6] @16 (u64, little endian). */
#define SD_NR			0
#define SD_ARCH			4
#define SD_ARG_LO(i)		(16 + 8 * (i))
#define SD_ARG_HI(i)		(20 + 8 * (i))

#define LINUX_MAX_CLOCK		3	/* CLOCK_THREAD_CPUTIME_ID */
#define LINUX_FUTEX_WAKE	1
#define LINUX_FUTEX_WAIT_BITSET	9
#define LINUX_FUTEX_WAKE_BITSET	10
#define LINUX_FUTEX_WAIT_BITSET_RT 265	/* | FUTEX_CLOCK_REALTIME */
#define LINUX_EBADF		9
#define LINUX_ENOSYS		38
#define LINUX_PROT_WRITE	2
#define LINUX_PROT_EXEC		4

struct sock_filter {
	__u16 code;
	__u8 jt;
	__u8 jf;
	__u32 k;
};

struct sock_fprog {
	unsigned short len;
	const struct sock_filter *filter;
};

#define BPF_ALU_AND_K		0x54
#define BPF_ALU_SUB_K		0x14

#define STMT(c, k)		{ (c), 0, 0, (k) }
#define JUMP(c, k, t, f)	{ (c), (t), (f), (k) }
#define LOAD(off)		STMT(BPF_LD_W_ABS, (off))
#define RET(v)			STMT(BPF_RET_K, (v))
#define KILL			RET(SECCOMP_RET_KILL_PROCESS)
#define ALLOW			RET(SECCOMP_RET_ALLOW)
#define FAIL(e)			RET(SECCOMP_RET_ERRNO | (e))
/*
 * Every block starts with "if (nr != X) skip my body" and returns on every
 * path through its body, so the accumulator still holds nr after a skip and
 * no jump leaves its block.
 */
#define ON(nr, body_len)	JUMP(BPF_JEQ_K, (nr), 0, (body_len))

static const struct sock_filter filter[] = {
	LOAD(SD_ARCH),
	JUMP(BPF_JEQ_K, CABI_AUDIT_ARCH, 1, 0),
	KILL,
	LOAD(SD_NR),
#ifdef CABI_X32_BIT
	JUMP(BPF_JSET_K, CABI_X32_BIT, 0, 1),
	KILL,
#endif
	/*
	 * Capability calls, the most frequent, first: ioctl on fd 1023 only,
	 * and only with the module's own commands CABI_IOC(0) up to
	 * CABI_IOC(CLOUDABI_NSYSCALLS - 1): the VFS answers generic ones
	 * (FIOCLEX, FIONBIO, FIGETBSZ, ...) before the module sees them.
	 * Both are 32-bit in the kernel (fd and cmd are unsigned int), so
	 * the high halves do not matter; the subtraction wraps, so a
	 * command below the range is far above it.
	 */
	ON(NR_ioctl, 7), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JEQ_K, CABI_CTL_FD, 0, 4), LOAD(SD_ARG_LO(1)),
		STMT(BPF_ALU_SUB_K, CABI_IOC(0)),
		JUMP(BPF_JGT_K, CLOUDABI_NSYSCALLS - 1, 1, 0), ALLOW, KILL,
	/* Capability-free calls the vDSO makes directly. */
	ON(NR_exit, 1), ALLOW,
	ON(NR_exit_group, 1), ALLOW,
	ON(NR_sched_yield, 1), ALLOW,
	/*
	 * Clocks 0..3 only (REALTIME, MONOTONIC, this process's and this
	 * thread's CPU time): other ids name another process's CPU clock.
	 */
	ON(NR_clock_gettime, 4), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JGT_K, LINUX_MAX_CLOCK, 0, 1), KILL, ALLOW,
	ON(NR_clock_getres, 4), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JGT_K, LINUX_MAX_CLOCK, 0, 1), KILL, ALLOW,
	ON(NR_getrandom, 1), ALLOW,
	ON(NR_munmap, 1), ALLOW,
	ON(NR_msync, 1), ALLOW,
	ON(NR_restart_syscall, 1), ALLOW,
	ON(NR_set_tid_address, 1), ALLOW,
	/* The futex operations vdso/lock.c makes, and no other (PI ops look up tids). */
	ON(NR_futex, 7), LOAD(SD_ARG_LO(1)),
		JUMP(BPF_JEQ_K, LINUX_FUTEX_WAKE, 3, 0),
		JUMP(BPF_JEQ_K, LINUX_FUTEX_WAKE_BITSET, 2, 0),
		JUMP(BPF_JEQ_K, LINUX_FUTEX_WAIT_BITSET, 1, 0),
		JUMP(BPF_JEQ_K, LINUX_FUTEX_WAIT_BITSET_RT, 0, 1), ALLOW, KILL,
	/*
	 * The control descriptor and the exec gate can be neither closed,
	 * duplicated nor replaced (the kernel takes the low 32 bits).
	 */
	ON(NR_close, 5), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JEQ_K, CABI_CTL_FD, 1, 0),
		JUMP(BPF_JEQ_K, CABI_EXEC_FD, 0, 1), FAIL(LINUX_EBADF), ALLOW,
	ON(NR_dup, 5), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JEQ_K, CABI_CTL_FD, 1, 0),
		JUMP(BPF_JEQ_K, CABI_EXEC_FD, 0, 1), FAIL(LINUX_EBADF), ALLOW,
	ON(NR_dup3, 8), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JEQ_K, CABI_CTL_FD, 4, 0),
		JUMP(BPF_JEQ_K, CABI_EXEC_FD, 3, 0), LOAD(SD_ARG_LO(1)),
		JUMP(BPF_JEQ_K, CABI_CTL_FD, 1, 0),
		JUMP(BPF_JEQ_K, CABI_EXEC_FD, 0, 1), FAIL(LINUX_EBADF), ALLOW,
	/*
	 * madvise: the advice mem_advise can give (MADV_NORMAL..DONTNEED =
	 * 0..4), and MADV_POPULATE_WRITE, the vDSO's test that memory it is
	 * about to write is writable (cabi_writable()).
	 */
	ON(NR_madvise, 7), LOAD(SD_ARG_HI(2)), JUMP(BPF_JEQ_K, 0, 0, 3),
		LOAD(SD_ARG_LO(2)), JUMP(BPF_JEQ_K, LINUX_MADV_POPULATE_WRITE, 2, 0),
		JUMP(BPF_JGT_K, 4, 0, 1), KILL, ALLOW,
	/* Never writable and executable at once. */
	ON(NR_mprotect, 5), LOAD(SD_ARG_LO(2)),
		STMT(BPF_ALU_AND_K, LINUX_PROT_WRITE | LINUX_PROT_EXEC),
		JUMP(BPF_JEQ_K, LINUX_PROT_WRITE | LINUX_PROT_EXEC, 0, 1),
		KILL, ALLOW,
	/* clone: exactly a thread or exactly a fork. */
	ON(NR_clone, 8), LOAD(SD_ARG_HI(0)), JUMP(BPF_JEQ_K, 0, 1, 0), KILL,
		LOAD(SD_ARG_LO(0)), JUMP(BPF_JEQ_K, CABI_CLONE_THREAD_FLAGS, 2, 0),
		JUMP(BPF_JEQ_K, CABI_CLONE_FORK_FLAGS, 1, 0), KILL, ALLOW,
	/*
	 * execveat: only of the exec gate, with flags exactly AT_EMPTY_PATH
	 * (the kernel takes the fd's low 32 bits; the path it cannot see
	 * can only fail: the gate is no directory, the root is empty).
	 */
	ON(NR_execveat, 8), LOAD(SD_ARG_LO(0)),
		JUMP(BPF_JEQ_K, CABI_EXEC_FD, 0, 5),
		LOAD(SD_ARG_HI(4)), JUMP(BPF_JEQ_K, 0, 0, 3),
		LOAD(SD_ARG_LO(4)), JUMP(BPF_JEQ_K, LINUX_AT_EMPTY_PATH, 0, 1),
		ALLOW, KILL,
#ifdef NR_arch_prctl
	/*
	 * The trampoline of an image started by proc_exec sets its TLS base
	 * under this filter: only ARCH_SET_FS (its own thread's register).
	 */
	ON(NR_arch_prctl, 6), LOAD(SD_ARG_HI(0)), JUMP(BPF_JEQ_K, 0, 0, 2),
		LOAD(SD_ARG_LO(0)), JUMP(BPF_JEQ_K, ARCH_SET_FS, 1, 0), KILL, ALLOW,
#endif
	/* clone3's flags are behind a pointer: make libc-style callers fall back. */
	ON(NR_clone3, 1), FAIL(LINUX_ENOSYS),
	KILL,
};

/* Returns 0 or a negative Linux errno. */
long cabi_install_filter(void)
{
	struct sock_fprog prog = {
		.len = ARRAY_SIZE(filter),
		.filter = filter,
	};

	return cabi_syscall6(NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog,
			     0, 0, 0);
}
