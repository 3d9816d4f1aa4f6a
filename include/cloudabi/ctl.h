/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The private contract between our vDSO and the module: how a CloudABI
 * system call reaches src/sysent.c.  Not part of the CloudABI ABI.
 *
 * The vDSO issues ioctl(CABI_CTL_FD, CABI_IOC(nr), a0) with the next three
 * argument slots in the registers after it (x86-64 r10, r8, r9; arm64 x3,
 * x4, x5).  A call with more than four slots passes a0 = &struct cabi_call
 * instead.  ioctl returns an int, so it carries only the status: 0, or a
 * CloudABI errno E as -(CABI_ERR_BASE + E), clear of the ioctl layer's own
 * -errno values and of the kernel's restart codes (512..516).  Results,
 * 64 bits each, come back in rdx and r10 (x86-64) or x1 and x2 (arm64).
 */
#ifndef CLOUDABI_CTL_H
#define CLOUDABI_CTL_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <cabi_user_types.h>
#endif

/*
 * The control descriptor sits at this number for the life of the process
 * tree: the seccomp filter, which survives exec, allows ioctl on it alone.
 * 1023 is the last number under the default RLIMIT_NOFILE of 1024.
 */
#define CABI_CTL_FD		1023

/*
 * The exec gate (src/exec.c) sits just below it: the only descriptor
 * execveat is admitted on, and only with an empty path.
 */
#define CABI_EXEC_FD		1022

#define CABI_REG_ARGS		4
#define CABI_ERR_BASE		1024

struct cabi_call {
	__u64 arg[6];
};

/* _IOWR(0xCA, nr, struct cabi_call), spelled out for the vDSO. */
#define CABI_IOC_TYPE		0xCA
#define CABI_IOC(nr)		((3U << 30) | ((__u32)sizeof(struct cabi_call) << 16) | \
				 (CABI_IOC_TYPE << 8) | (nr))

/*
 * sock_recv's control buffer, on the vDSO's stack: room for one
 * SCM_RIGHTS message of SCM_MAX_FD (253) descriptors (1032 bytes), the
 * most one Linux recvmsg delivers, and for the credentials, pidfd or
 * security label a natively made socket may have been set up to add.
 * Linux installs received descriptors only through a user-space buffer.
 */
#define CABI_RECV_CBUF		1536

/*
 * Answers of the module's poll that the vDSO acts on and never hands on.
 * CABI_POLL_LOCAL (an error code): a poll the vDSO serves itself, led by
 * a lock or condition variable, or of clocks alone; the module has read
 * the subscriptions, so they were readable.  CABI_POLL_AGAIN_N (a number
 * of events): a signal interrupted the wait and relative clocks were
 * among the subscriptions; the second result is the MONOTONIC time they
 * count from, and the vDSO calls again with them made absolute, so that
 * the wait does not last longer for the interruption.
 */
#define CABI_POLL_LOCAL		0xfff0
#define CABI_POLL_AGAIN_N	(~0ULL)

/*
 * x86-64: the loader maps this much private, writable memory right below
 * the vDSO; the vDSO's start-up code notes there where it found the
 * clocks of Linux's own vDSO (vdso/clock.c).  None on arm64.
 */
#define CABI_VDSO_DATA_SIZE	4096

/* Third argument of the vDSO entry trampoline. */
#define CABI_ENTRY_FILTER_PRESENT	0x1	/* exec from CloudABI: keep the filter */

#endif /* CLOUDABI_CTL_H */
