// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the initial stack layout, top down: argdata (in place), the
 * canary, the process UUID, the auxiliary vector, the TCB and, on x86-64,
 * the word the %fs base points at.  Each item is 8-byte aligned.  The stack
 * pointer is what _start would see after a call: rsp = 8 mod 16 on x86-64,
 * sp = 0 mod 16 on arm64.
 */
#include <linux/align.h>

#include "stack.h"

void cabi_stack_layout(unsigned long argdata, bool fs_word,
		       struct cabi_stack_layout *l)
{
	unsigned long top = ALIGN_DOWN(argdata, 8);

	l->canary = top - CABI_CANARY_LEN;
	l->pid = l->canary - CABI_PID_LEN;
	l->auxv = l->pid - CABI_AUXV_ENTRIES * 16;
	l->tcb = l->auxv - 8;
	if (fs_word) {
		l->tcb_ptr = l->tcb - 8;
		l->sp = ((l->tcb_ptr - 8) & ~15UL) + 8;
	} else {
		l->tcb_ptr = 0;
		l->sp = l->tcb & ~15UL;
	}
}
