/* SPDX-License-Identifier: GPL-2.0 */
/*
 * long cabi_clone_thread(flags, sp, ptid, tls, entry, arg)
 *                        x0     x1  x2    x3   x4     x5
 *
 * clone(flags, sp, ptid, tls, ctid = 0) (arm64 passes tls before ctid).
 * The parent returns the new TID (or -errno).  The child starts on @sp
 * with every register but x0 as the parent had them, reads its TID from
 * *ptid (stored by the kernel before the child runs) and jumps to
 * entry(tid, arg); entry never returns.
 */
	.text
	.globl	cabi_clone_thread
	.hidden	cabi_clone_thread
	.type	cabi_clone_thread, %function
cabi_clone_thread:
	mov	x9, x4
	mov	x10, x5
	mov	x11, x2
	mov	x4, xzr
	mov	x8, #220		/* __NR_clone */
	svc	#0
	cbz	x0, 1f
	ret
1:	ldr	w0, [x11]
	mov	x1, x10
	mov	x29, xzr
	mov	x30, xzr
	br	x9
	.size	cabi_clone_thread, . - cabi_clone_thread
	.section .note.GNU-stack, "", %progbits
