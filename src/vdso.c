// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the vDSO mapping.
 *
 * The embedded image is copied into pages once at load.  Each exec maps
 * them read+execute through a fresh module-owned file whose mmap inserts
 * the pages (_install_special_mapping is not exported).  The file is opened
 * read-only, so the shared mapping can never become writable, and the
 * mapping's file reference pins the module while any process uses it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/elf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>

#include "cabi.h"
#include "cabi_compat.h"

extern const char cabi_vdso_image[], cabi_vdso_image_end[];

static struct page **vdso_pages;
static unsigned int vdso_npages;
static unsigned long vdso_entry;

static int cabi_vdso_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long i, n = vma_pages(vma);
	int err;

	if (vma->vm_pgoff || n != vdso_npages)
		return -EINVAL;
	cabi_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	for (i = 0; i < n; i++) {
		err = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
				     vdso_pages[i]);
		if (err)
			return err;
	}
	return 0;
}

static const struct file_operations cabi_vdso_fops = {
	.owner = THIS_MODULE,
	.mmap = cabi_vdso_mmap,
};

/* Map the vDSO into current; returns its address or -errno. */
unsigned long cabi_vdso_map(unsigned long *entry)
{
	struct file *file;
	unsigned long addr;

	file = anon_inode_getfile("[cloudabi-vdso]", &cabi_vdso_fops, NULL,
				  O_RDONLY);
	if (IS_ERR(file))
		return PTR_ERR(file);
	addr = vm_mmap(file, 0, (unsigned long)vdso_npages << PAGE_SHIFT,
		       PROT_READ | PROT_EXEC, MAP_SHARED, 0);
	fput(file);
	if (!IS_ERR_VALUE(addr))
		*entry = addr + vdso_entry;
	return addr;
}

int cabi_vdso_init(void)
{
	size_t len = cabi_vdso_image_end - cabi_vdso_image;
	const struct elf64_hdr *eh = (const void *)cabi_vdso_image;
	unsigned int i;

	/* Built and checked by scripts/vdso-check.sh; still, trust nothing. */
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_entry >= len)
		return -ENOEXEC;
	vdso_entry = eh->e_entry;
	vdso_npages = DIV_ROUND_UP(len, PAGE_SIZE);
	vdso_pages = kcalloc(vdso_npages, sizeof(*vdso_pages), GFP_KERNEL);
	if (!vdso_pages)
		return -ENOMEM;
	for (i = 0; i < vdso_npages; i++) {
		size_t off = (size_t)i << PAGE_SHIFT;

		vdso_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!vdso_pages[i]) {
			while (i--)
				__free_page(vdso_pages[i]);
			kfree(vdso_pages);
			return -ENOMEM;
		}
		memcpy(page_address(vdso_pages[i]), cabi_vdso_image + off,
		       min_t(size_t, PAGE_SIZE, len - off));
	}
	return 0;
}

void cabi_vdso_exit(void)
{
	unsigned int i;

	for (i = 0; i < vdso_npages; i++)
		__free_page(vdso_pages[i]);
	kfree(vdso_pages);
}
