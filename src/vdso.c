// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the vDSO mapping.
 *
 * The embedded image is copied into pages once at load.  Each exec maps
 * them read+execute through a fresh module-owned file whose mmap inserts
 * the pages (_install_special_mapping is not exported).
 *
 * The file.  Not an anon inode: since "anon_inode: raise SB_I_NODEV and
 * SB_I_NOEXEC" (6.15, marked for stable) path_noexec() refuses a PROT_EXEC
 * mapping of one with EPERM.  Not init_pseudo() either: since 6.15 it sets
 * SB_I_NOEXEC too.  Instead the module has its own tiny pseudo filesystem
 * ("cloudabi_vdso"), never registered (so mount(2) and /proc/filesystems do
 * not know it), whose superblock clears SB_I_NOEXEC and whose mount is an
 * internal kernel mount without MNT_NOEXEC; it is SB_RDONLY and SB_NOUSER.
 * Each exec gets a new inode (S_IFREG 0444, root's) and an
 * alloc_file_pseudo() file on it, opened O_RDONLY.  (The exec gate of
 * src/exec.c is a file of the same filesystem, made by cabi_pseudo_file()
 * too.)  One inode per exec
 * rather than one for the module's life: the superblock lives only while
 * some vDSO file does (below), and an inode is cheap next to an exec.
 *
 * No path reaches it.  The dentry is a d_alloc_pseudo() one: unhashed,
 * its own parent, in no directory; the mount is in no namespace (it shows
 * in no mountinfo) and shares nothing with emptyroot.c's ramfs, the root
 * of CloudABI processes.  /proc/PID/maps names it "[cloudabi-vdso]" (our
 * d_dname).  /proc/PID/map_files/<range> is the one path-like handle: the
 * kernel lets only CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE (in the initial
 * user namespace) follow it, and even then an open fails with ENXIO: the
 * inode keeps the VFS's no_open_fops (our fops are reachable only through
 * the file made here).  stat() through that link shows dev, ino, mode.
 *
 * Nobody can change the pages.  vm_mmap() asks MAP_SHARED of a file not
 * open for writing, so do_mmap() clears VM_SHARED and VM_MAYWRITE, and our
 * mmap refuses any mapping that still has VM_WRITE or VM_MAYWRITE.  Hence
 * mprotect(PROT_WRITE) on the vDSO fails with EACCES, and a FOLL_FORCE
 * write (ptrace POKE, /proc/PID/mem) fails too: with VM_MAYWRITE clear the
 * mapping is not a COW mapping, so there is no private copy to break into
 * and the shared page is never written.  All processes map the same pages.
 *
 * Lifetime.  The file pins the module through f_op->owner (taken here,
 * dropped by __fput) while a mapping, i.e. the VMA's file reference,
 * exists.  __fput drops that reference before it puts the dentry and the
 * mount, which still run our d_op and the superblock teardown; so the
 * filesystem type is owned by the module too: the superblock pins the
 * module (get_filesystem) until deactivate_super() has finished.  The
 * mount is pinned with simple_pin_fs() per file and released by the file's
 * ->release, so the superblock exists exactly while some vDSO file does,
 * and the module's reference count comes back when the last CloudABI
 * process is gone.  Module exit therefore finds no mount to release.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/elf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/slab.h>

#include "cloudabi/ctl.h"
#include "cabi.h"
#include "cabi_compat.h"

#define CABI_VDSO_MAGIC	0x43564453	/* "CVDS" */

static const char cabi_vdso_name[] = "[cloudabi-vdso]";

static struct page **vdso_pages;
static unsigned int vdso_npages;
static unsigned long vdso_entry;

/* The internal mount while any vDSO file exists (simple_pin_fs). */
static struct vfsmount *vdso_mnt;
static int vdso_mnt_count;

/* "[cloudabi-vdso]", "[cloudabi-exec]": the name the file was made with. */
static char *cabi_vdso_dname(struct dentry *dentry, char *buf, int len)
{
	int n = dentry->d_name.len + 1;

	if (len < n)
		return ERR_PTR(-ENAMETOOLONG);
	buf += len - n;
	memcpy(buf, dentry->d_name.name, n);
	return buf;
}

static const struct dentry_operations cabi_vdso_dops = {
	.d_dname = cabi_vdso_dname,
};

static const struct super_operations cabi_vdso_sops = {
	.statfs = simple_statfs,
};

static int cabi_vdso_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct inode *root;

	sb->s_magic = CABI_VDSO_MAGIC;
	sb->s_op = &cabi_vdso_sops;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_time_gran = 1;
	/* The vDSO is mapped executable: path_noexec() must say no. */
	sb->s_iflags |= SB_I_NODEV;
	sb->s_iflags &= ~SB_I_NOEXEC;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0500;
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		return -ENOMEM;
	cabi_set_default_d_op(sb, &cabi_vdso_dops);
	return 0;
}

static int cabi_vdso_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, cabi_vdso_fill_super);
}

static const struct fs_context_operations cabi_vdso_context_ops = {
	.get_tree = cabi_vdso_get_tree,
};

static int cabi_vdso_init_fs_context(struct fs_context *fc)
{
	fc->ops = &cabi_vdso_context_ops;
	fc->global = true;
	fc->sb_flags |= SB_NOUSER | SB_RDONLY;
	return 0;
}

/* Not registered: only simple_pin_fs() below ever mounts it. */
static struct file_system_type cabi_vdso_fs_type = {
	.owner = THIS_MODULE,
	.name = "cloudabi_vdso",
	.init_fs_context = cabi_vdso_init_fs_context,
	.kill_sb = kill_anon_super,
};

static int cabi_vdso_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long i, n = vma_pages(vma);
	int err;

	if (vma->vm_pgoff || n != vdso_npages)
		return -EINVAL;
	/* do_mmap() cleared both for a file not open for writing: insist. */
	if (vma->vm_flags & (VM_WRITE | VM_MAYWRITE))
		return -EACCES;
	cabi_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	for (i = 0; i < n; i++) {
		err = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
				     vdso_pages[i]);
		if (err)
			return err;
	}
	return 0;
}

static int cabi_vdso_release(struct inode *inode, struct file *file)
{
	cabi_pseudo_release();
	return 0;
}

static const struct file_operations cabi_vdso_fops = {
	.owner = THIS_MODULE,
	.mmap = cabi_vdso_mmap,
	.release = cabi_vdso_release,
};

/*
 * A new read-only file named @name on the module's pseudo filesystem, on
 * a new inode of @mode and @size, root's; it holds a module and a mount
 * pin, which @fops->release must drop with cabi_pseudo_release().  Opens
 * of the inode by path (only exec does: src/exec.c) get @i_fop, or fail
 * (the VFS's no_open_fops) if it is NULL.
 */
struct file *cabi_pseudo_file(const char *name, umode_t mode, loff_t size,
			      const struct file_operations *fops,
			      const struct file_operations *i_fop)
{
	struct inode *inode;
	struct file *file;
	int err;

	err = simple_pin_fs(&cabi_vdso_fs_type, &vdso_mnt, &vdso_mnt_count);
	if (err)
		return ERR_PTR(err);
	/* Our pin keeps vdso_mnt set and unchanged. */
	inode = new_inode(vdso_mnt->mnt_sb);
	if (!inode) {
		err = -ENOMEM;
		goto unpin;
	}
	inode->i_ino = get_next_ino();
	inode->i_mode = mode;
	inode->i_size = size;
	if (i_fop)
		inode->i_fop = i_fop;
	/* Called from our binfmt's load_binary: the module is pinned. */
	__module_get(THIS_MODULE);
	file = alloc_file_pseudo(inode, vdso_mnt, name, O_RDONLY, fops);
	if (IS_ERR(file)) {
		module_put(THIS_MODULE);
		iput(inode);
		err = PTR_ERR(file);
		goto unpin;
	}
	/* From here fput() drops the module (fops) and the pin (release). */
	return file;
unpin:
	simple_release_fs(&vdso_mnt, &vdso_mnt_count);
	return ERR_PTR(err);
}

void cabi_pseudo_release(void)
{
	simple_release_fs(&vdso_mnt, &vdso_mnt_count);
}

/* A new vDSO file. */
static struct file *cabi_vdso_file(void)
{
	return cabi_pseudo_file(cabi_vdso_name, S_IFREG | 0444,
				(loff_t)vdso_npages << PAGE_SHIFT,
				&cabi_vdso_fops, NULL);
}

/*
 * x86-64: the vDSO's own page, private and writable, right below it
 * (CABI_VDSO_DATA_SIZE, vdso/clock.c); arm64 has none.
 */
#ifdef CONFIG_X86_64
#define CABI_VDSO_DATA	CABI_VDSO_DATA_SIZE
#else
#define CABI_VDSO_DATA	0UL
#endif

/* Map the vDSO (and its data page) into current; returns its address or -errno. */
unsigned long cabi_vdso_map(unsigned long *entry)
{
	unsigned long len = (unsigned long)vdso_npages << PAGE_SHIFT;
	struct file *file;
	unsigned long base, addr;

	BUILD_BUG_ON(CABI_VDSO_DATA % PAGE_SIZE);
	file = cabi_vdso_file();
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* Both at once: reserve the span, then map each over its part. */
	base = vm_mmap(NULL, 0, CABI_VDSO_DATA + len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	addr = base;
	if (!IS_ERR_VALUE(base) && CABI_VDSO_DATA)
		addr = vm_mmap(NULL, base, CABI_VDSO_DATA, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
	if (!IS_ERR_VALUE(addr))
		addr = vm_mmap(file, base + CABI_VDSO_DATA, len,
			       PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED, 0);
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

/*
 * Only at module exit, so no vDSO file exists: each pins the module, and
 * so does the superblock, which lives while any does.  Nothing to unmount.
 */
void cabi_vdso_exit(void)
{
	unsigned int i;

	WARN_ON_ONCE(vdso_mnt);
	for (i = 0; i < vdso_npages; i++)
		__free_page(vdso_pages[i]);
	kfree(vdso_pages);
}
