// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: memory system calls handled in the module (mem_map).
 * mem_advise, mem_protect, mem_sync and mem_unmap are native calls in the
 * vDSO.
 */
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>

#include "cabi.h"
#include "fd.h"
#include "sysent.h"

/* CloudABI PROT_EXEC=1, PROT_WRITE=2, PROT_READ=4 -> Linux. */
static unsigned long cabi_prot(u8 prot)
{
	return (prot & CLOUDABI_PROT_READ ? PROT_READ : 0) |
	       (prot & CLOUDABI_PROT_WRITE ? PROT_WRITE : 0) |
	       (prot & CLOUDABI_PROT_EXEC ? PROT_EXEC : 0);
}

/*
 * Map descriptor @fd, which must carry the rights the mapping needs.  The
 * native mprotect() may later raise a mapping's protection up to what the
 * open file allows, so a shared mapping through a descriptor without
 * FD_WRITE maps a read-only open of the same file: the mapping can then
 * never become writable.
 */
static u16 cabi_map_fd(u32 fd, unsigned long addr, unsigned long len, u8 prot,
		       u8 flags, unsigned long lflags, u64 off, u64 *ret)
{
	struct file *file;
	unsigned long res;
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	w = cabi_fd_get(fd, cabi_rights_mmap(prot, flags), &f, &err);
	if (!w)
		return err;
	file = get_file(w->inner);
	if ((lflags & MAP_SHARED) && (file->f_mode & FMODE_WRITE) &&
	    !(w->rights.base & CLOUDABI_RIGHT_FD_WRITE)) {
		fput(file);
		/* Reopening a device could have side effects: files only. */
		file = ERR_PTR(-EACCES);
		if (S_ISREG(file_inode(w->inner)->i_mode))
			file = dentry_open(&w->inner->f_path, O_RDONLY | O_LARGEFILE,
					   current_cred());
	}
	fdput(f);
	if (IS_ERR(file))
		return cabi_errno(PTR_ERR(file));
	res = vm_mmap(file, addr, len, cabi_prot(prot), lflags, off);
	fput(file);
	if (IS_ERR_VALUE(res))
		return cabi_errno((long)res);
	ret[0] = res;
	return 0;
}

/* mem_map(addr, len, prot, flags, fd, off) -> address. */
u16 cabi_sys_mem_map(const u64 *arg, u64 *ret)
{
	unsigned long addr = arg[0], len = arg[1], lflags, res;
	u8 prot = arg[2], flags = arg[3];
	u32 fd = arg[4];
	u8 share = flags & (CLOUDABI_MAP_PRIVATE | CLOUDABI_MAP_SHARED);

	/* Unknown protection bits and W+X are ENOTSUP (ABI.md §1.3). */
	if ((prot & ~(CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE | CLOUDABI_PROT_EXEC)) ||
	    ((prot & CLOUDABI_PROT_WRITE) && (prot & CLOUDABI_PROT_EXEC)))
		return CLOUDABI_ENOTSUP;
	if (flags & ~(CLOUDABI_MAP_ANON | CLOUDABI_MAP_FIXED |
		      CLOUDABI_MAP_PRIVATE | CLOUDABI_MAP_SHARED))
		return CLOUDABI_EINVAL;
	if (share != CLOUDABI_MAP_PRIVATE && share != CLOUDABI_MAP_SHARED)
		return CLOUDABI_EINVAL;
	if (!len || ((flags & CLOUDABI_MAP_FIXED) && offset_in_page(addr)))
		return CLOUDABI_EINVAL;
	lflags = share == CLOUDABI_MAP_SHARED ? MAP_SHARED : MAP_PRIVATE;
	if (flags & CLOUDABI_MAP_FIXED)
		lflags |= MAP_FIXED;
	if (!(flags & CLOUDABI_MAP_ANON))
		return cabi_map_fd(fd, addr, len, prot, flags, lflags, arg[5], ret);
	if (fd != CLOUDABI_MAP_ANON_FD || arg[5])
		return CLOUDABI_EINVAL;
	lflags |= MAP_ANONYMOUS;
	res = vm_mmap(NULL, addr, len, cabi_prot(prot), lflags, 0);
	if (IS_ERR_VALUE(res))
		return cabi_errno((long)res);
	ret[0] = res;
	return 0;
}
