// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_SHMEM_VMA_FLAGS: shmem_file_setup() takes vma_flags_t (7.x) */
#include <linux/mm.h>
#include <linux/shmem_fs.h>

struct file *cabi_conftest(void)
{
	return shmem_file_setup("cabi", 0, mk_vma_flags(VMA_NORESERVE_BIT));
}
