/* SPDX-License-Identifier: GPL-2.0 */
/* The vDSO built by the top-level Makefile (vdso/), embedded in the module. */
	.section .rodata, "a"
	.balign 16
	.globl	cabi_vdso_image
cabi_vdso_image:
	.incbin	"cloudabi-vdso.so"
	.globl	cabi_vdso_image_end
cabi_vdso_image_end:
	.section .note.GNU-stack, "", %progbits
