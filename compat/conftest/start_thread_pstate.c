// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_START_THREAD_PSTATE: arm64 start_thread_common() takes the initial PSTATE (7.x) */
#include <asm/processor.h>
#include <asm/ptrace.h>

void cabi_conftest(struct pt_regs *regs)
{
	start_thread_common(regs, 0, PSR_MODE_EL0t);
}
