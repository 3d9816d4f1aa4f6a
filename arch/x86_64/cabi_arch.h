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

/* The second result of a call, in rdx. */
static inline void cabi_arch_set_ret2(struct pt_regs *regs, u64 v)
{
	regs->dx = v;
}

#endif /* CABI_ARCH_H */
