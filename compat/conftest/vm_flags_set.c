// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_VM_FLAGS_SET: vm_flags are changed through vm_flags_set() (6.3+) */
#include <linux/mm.h>

void cabi_conftest(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTEXPAND);
}
