/* SPDX-License-Identifier: GPL-2.0 */
/* cloudabi.ko, x86-64: registers of the control-descriptor entry. */
#ifndef CABI_ARCH_H
#define CABI_ARCH_H

#include <asm/ptrace.h>

/* ioctl(fd, cmd, a0) with a1..a3 in r10, r8, r9. */
static inline void cabi_arch_call_args(const struct pt_regs *regs, u64 *a)
{
	a[0] = regs->dx;
	a[1] = regs->r10;
	a[2] = regs->r8;
	a[3] = regs->r9;
}

/*
 * The results of a call: ioctl's own return value is an int, so they come
 * back in rdx and r10, which the exit to user space restores from pt_regs.
 */
static inline void cabi_arch_set_results(struct pt_regs *regs, u64 r0, u64 r1)
{
	regs->dx = r0;
	regs->r10 = r1;
}

#endif /* CABI_ARCH_H */
