// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_DELEGATED_INODE: vfs_mkdir/rmdir/symlink take a struct delegated_inode * last (7.x) */
#include <linux/fs.h>

int cabi_conftest(struct mnt_idmap *idmap, struct inode *dir, struct dentry *d)
{
	return vfs_rmdir(idmap, dir, d, (struct delegated_inode *)NULL);
}
