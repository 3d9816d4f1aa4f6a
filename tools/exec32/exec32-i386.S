/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 32-bit x86 program, no libc: "exec32 PATH [ARG]..." execs PATH with
 * argv PATH ARG... and an empty environment, and exits with the errno of
 * the failed execve; without PATH it exits 42.  The guest init uses it to
 * check that a compat (32-bit) caller cannot exec a CloudABI program.
 */
	.text
	.globl	_start
_start:
	movl	(%esp), %eax		/* argc */
	movl	$42, %ebx
	cmpl	$2, %eax
	jb	1f
	movl	$11, %eax		/* execve */
	movl	8(%esp), %ebx		/* argv[1] */
	leal	8(%esp), %ecx		/* &argv[1] */
	xorl	%edx, %edx		/* no environment */
	int	$0x80
	movl	%eax, %ebx
	negl	%ebx			/* -(-errno) */
1:	movl	$1, %eax		/* exit */
	int	$0x80
	hlt
	.section .note.GNU-stack, "", @progbits
