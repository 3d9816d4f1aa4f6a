// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_VFS_MKDIR_DENTRY: vfs_mkdir() returns the new dentry or ERR_PTR (6.15+) */
#include <linux/build_bug.h>
#include <linux/fs.h>

/* With and without the delegated_inode argument (7.x). */
struct dentry *cabi_proto4(struct mnt_idmap *idmap, struct inode *dir,
			   struct dentry *dentry, umode_t mode);
struct dentry *cabi_proto5(struct mnt_idmap *idmap, struct inode *dir,
			   struct dentry *dentry, umode_t mode,
			   struct delegated_inode *deleg);

void cabi_conftest(void)
{
	BUILD_BUG_ON(!__same_type(vfs_mkdir, cabi_proto4) &&
		     !__same_type(vfs_mkdir, cabi_proto5));
}
