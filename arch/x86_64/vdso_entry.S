/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The first user instruction of every CloudABI process (the vDSO's e_entry).
 * The loader starts us with rdi = auxv, rsi = program entry, rdx = flags
 * and rsp where the program's _start expects it.  cabi_vdso_start() sets
 * the TLS base and installs the seccomp filter; then we enter the program
 * with the original stack pointer, rdi = auxv and every other register 0.
 */
	.text
	.globl	cabi_vdso_entry
	.hidden	cabi_vdso_entry
	.type	cabi_vdso_entry, @function
cabi_vdso_entry:
	movq	%rdi, %r12
	movq	%rsi, %r13
	movq	%rsp, %r14
	movq	%rdx, %rsi
	andq	$-16, %rsp
	call	cabi_vdso_start
	movq	%r14, %rsp
	movq	%r12, %rdi
	movq	%r13, %rax
	xorl	%esi, %esi
	xorl	%edx, %edx
	xorl	%ecx, %ecx
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	jmp	*%rax
	.size	cabi_vdso_entry, . - cabi_vdso_entry
	.section .note.GNU-stack, "", @progbits
