/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: where the pieces of a new process's initial stack go
 * (ABI.md §4.3-4.4).  Pure arithmetic, unit-tested in
 * tests/kunit/stack_test.c.
 */
#ifndef CABI_STACK_H
#define CABI_STACK_H

#include <linux/types.h>

#define CABI_AUXV_ENTRIES	13	/* 12 entries + AT_NULL */
#define CABI_CANARY_LEN		64
#define CABI_PID_LEN		16

struct cabi_stack_layout {
	unsigned long auxv;	/* lowest of the block copied below argdata */
	unsigned long pid;
	unsigned long canary;
	unsigned long tcb;	/* one zeroed word right below the auxv */
	unsigned long tcb_ptr;	/* x86-64: the word %fs points at (holds &TCB) */
	unsigned long sp;
};

/* Size of the auxv + UUID + canary block. */
#define CABI_STACK_BLOCK	(CABI_AUXV_ENTRIES * 16 + CABI_PID_LEN + CABI_CANARY_LEN)

void cabi_stack_layout(unsigned long argdata, bool fs_word,
		       struct cabi_stack_layout *l);

#endif /* CABI_STACK_H */
