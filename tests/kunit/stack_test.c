// SPDX-License-Identifier: GPL-2.0
/* KUnit tests for src/stack.c: the initial stack of ABI.md §4.3-4.4. */
#include <kunit/test.h>

#include "stack.h"

static const unsigned long argdata_addrs[] = {
	0x7ffffffff000UL, 0x7ffffffff001UL, 0x7fffffffefffUL,
	0x7ffff7a3c2d5UL, 0x7ffff7a3c2d8UL, 0x7ffff7a3c2dfUL,
};

static void check_common(struct kunit *test, unsigned long argdata,
			 const struct cabi_stack_layout *l)
{
	/* Top down, each item 8-byte aligned, nothing overlapping argdata. */
	KUNIT_EXPECT_LE(test, l->canary + CABI_CANARY_LEN, argdata);
	KUNIT_EXPECT_GT(test, l->canary + CABI_CANARY_LEN + 8, argdata);
	KUNIT_EXPECT_EQ(test, l->canary % 8, 0UL);
	KUNIT_EXPECT_EQ(test, l->pid + CABI_PID_LEN, l->canary);
	KUNIT_EXPECT_EQ(test, l->auxv + CABI_AUXV_ENTRIES * 16, l->pid);
	KUNIT_EXPECT_EQ(test, l->auxv + CABI_STACK_BLOCK, l->canary + CABI_CANARY_LEN);
	/* The vDSO trampoline finds the TCB right below the auxv. */
	KUNIT_EXPECT_EQ(test, l->tcb, l->auxv - 8);
}

static void stack_layout_x86_64(struct kunit *test)
{
	struct cabi_stack_layout l;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(argdata_addrs); i++) {
		cabi_stack_layout(argdata_addrs[i], true, &l);
		check_common(test, argdata_addrs[i], &l);
		KUNIT_EXPECT_EQ(test, l.tcb_ptr, l.tcb - 8);
		/* rsp = ((S - 8) & ~15) + 8 with S the &TCB word: 8 mod 16. */
		KUNIT_EXPECT_EQ(test, l.sp % 16, 8UL);
		KUNIT_EXPECT_EQ(test, l.sp, ((l.tcb_ptr - 8) & ~15UL) + 8);
		KUNIT_EXPECT_LE(test, l.sp + 8, l.tcb_ptr + 8);
	}
}

static void stack_layout_arm64(struct kunit *test)
{
	struct cabi_stack_layout l;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(argdata_addrs); i++) {
		cabi_stack_layout(argdata_addrs[i], false, &l);
		check_common(test, argdata_addrs[i], &l);
		KUNIT_EXPECT_EQ(test, l.tcb_ptr, 0UL);
		/* sp = TCB & ~15. */
		KUNIT_EXPECT_EQ(test, l.sp, l.tcb & ~15UL);
		KUNIT_EXPECT_LE(test, l.sp, l.tcb);
	}
}

static struct kunit_case stack_cases[] = {
	KUNIT_CASE(stack_layout_x86_64),
	KUNIT_CASE(stack_layout_arm64),
	{}
};

static struct kunit_suite stack_suite = {
	.name = "cloudabi_stack",
	.test_cases = stack_cases,
};

kunit_test_suite(stack_suite);
