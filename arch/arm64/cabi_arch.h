/* SPDX-License-Identifier: GPL-2.0 */
/* cloudabi.ko, arm64: registers of the control-descriptor entry. */
#ifndef CABI_ARCH_H
#define CABI_ARCH_H

#include <asm/ptrace.h>

/* ioctl(fd, cmd, a0) with a1..a3 in x3, x4, x5. */
static inline void cabi_arch_call_args(const struct pt_regs *regs, u64 *a)
{
	a[0] = regs->regs[2];
	a[1] = regs->regs[3];
	a[2] = regs->regs[4];
	a[3] = regs->regs[5];
}

/*
 * The results of a call: ioctl's own return value is an int, so they come
 * back in x1 and x2, which the exit to user space restores from pt_regs.
 */
static inline void cabi_arch_set_results(struct pt_regs *regs, u64 r0, u64 r1)
{
	regs->regs[1] = r0;
	regs->regs[2] = r1;
}

#endif /* CABI_ARCH_H */
