/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 32-bit Arm (AArch32) program, no libc: "exec32 PATH [ARG]..." execs
 * PATH with argv PATH ARG... and an empty environment, and exits with the
 * errno of the failed execve; without PATH it exits 42.  The guest init
 * uses it to check that a compat (32-bit) caller cannot exec a CloudABI
 * program.
 */
	.syntax	unified
	.arm
	.text
	.globl	_start
_start:
	ldr	r3, [sp]		/* argc */
	mov	r0, #42
	cmp	r3, #2
	blo	1f
	ldr	r0, [sp, #8]		/* argv[1] */
	add	r1, sp, #8		/* &argv[1] */
	mov	r2, #0			/* no environment */
	mov	r7, #11			/* execve */
	svc	#0
	rsb	r0, r0, #0		/* -(-errno) */
1:	mov	r7, #1			/* exit */
	svc	#0
	b	.
	.section .note.GNU-stack, "", %progbits
