/* SPDX-License-Identifier: GPL-2.0 */
/*
 * long cabi_clone_thread(flags, sp, ptid, tls, entry, arg)
 *                        rdi    rsi rdx   rcx  r8     r9
 *
 * clone(flags, sp, ptid, ctid = 0, tls).  The parent returns the new TID
 * (or -errno).  The child starts on @sp, reads its TID from *ptid (the
 * kernel stores it there before the child runs) and jumps to
 * entry(tid, arg); entry never returns.
 */
	.text
	.globl	cabi_clone_thread
	.hidden	cabi_clone_thread
	.type	cabi_clone_thread, @function
cabi_clone_thread:
	pushq	%r12
	pushq	%r13
	pushq	%r14
	movq	%r8, %r12
	movq	%r9, %r13
	movq	%rdx, %r14
	movq	%rcx, %r8
	xorl	%r10d, %r10d
	movl	$56, %eax		/* __NR_clone */
	syscall
	testq	%rax, %rax
	jz	1f
	popq	%r14
	popq	%r13
	popq	%r12
	ret
1:	movl	(%r14), %edi
	movq	%r13, %rsi
	xorl	%ebp, %ebp
	jmp	*%r12
	.size	cabi_clone_thread, . - cabi_clone_thread
	.section .note.GNU-stack, "", @progbits
