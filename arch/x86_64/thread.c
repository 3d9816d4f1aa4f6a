// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko, x86-64: the register state a new CloudABI process starts
 * with (ABI.md §4.4; the vDSO trampoline takes rdi, rsi and rdx).
 */
#include <asm/processor.h>
#include <asm/ptrace.h>

#include "cabi.h"

void cabi_arch_start_thread(struct pt_regs *regs, unsigned long pc,
			    unsigned long sp, unsigned long a0,
			    unsigned long a1, unsigned long a2)
{
	start_thread(regs, pc, sp);
	regs->ax = 0;
	regs->bx = 0;
	regs->cx = 0;
	regs->bp = 0;
	regs->r8 = 0;
	regs->r9 = 0;
	regs->r10 = 0;
	regs->r11 = 0;
	regs->r12 = 0;
	regs->r13 = 0;
	regs->r14 = 0;
	regs->r15 = 0;
	regs->di = a0;
	regs->si = a1;
	regs->dx = a2;
}
