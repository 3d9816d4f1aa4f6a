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

/* The second result of a call, in x1. */
static inline void cabi_arch_set_ret2(struct pt_regs *regs, u64 v)
{
	regs->regs[1] = v;
}

#endif /* CABI_ARCH_H */
