// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko, arm64: the register state a new CloudABI process starts with
 * (ABI.md §4.4).  The vDSO trampoline takes its arguments in x1, x2 and
 * x3: execve's return value (0) lands in x0 after we return.
 *
 * start_thread() is an inline that calls the unexported
 * spectre_v4_enable_task_mitigation(), so do its work here and take the
 * strict choice for SSBS: clear, i.e. speculative store bypass mitigated.
 */
#include <asm/processor.h>
#include <asm/ptrace.h>

#include "cabi.h"
#include "cabi_conftest.h"

void cabi_arch_start_thread(struct pt_regs *regs, unsigned long pc,
			    unsigned long sp, unsigned long a0,
			    unsigned long a1, unsigned long a2)
{
#ifdef CABI_HAVE_START_THREAD_PSTATE
	start_thread_common(regs, pc, PSR_MODE_EL0t);
#else
	start_thread_common(regs, pc);
	regs->pstate = PSR_MODE_EL0t;
#endif
	regs->sp = sp;
	regs->regs[1] = a0;
	regs->regs[2] = a1;
	regs->regs[3] = a2;
}
