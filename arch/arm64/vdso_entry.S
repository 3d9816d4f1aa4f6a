/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The first user instruction of every CloudABI process (the vDSO's e_entry).
 * The loader starts us with x1 = auxv, x2 = program entry, x3 = flags and sp
 * where the program's _start expects it (x0 is execve's return value, 0).  cabi_vdso_start() sets the TLS
 * register and installs the seccomp filter; then we enter the program with
 * the original sp, x0 = auxv and lr = the entry (as FreeBSD does).
 */
	.text
	.globl	cabi_vdso_entry
	.hidden	cabi_vdso_entry
	.type	cabi_vdso_entry, %function
cabi_vdso_entry:
	mov	x19, x1
	mov	x20, x2
	mov	x21, sp
	mov	x0, x1
	mov	x1, x3
	bl	cabi_vdso_start
	mov	sp, x21
	mov	x0, x19
	mov	x30, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	br	x30
	.size	cabi_vdso_entry, . - cabi_vdso_entry
	.section .note.GNU-stack, "", %progbits
