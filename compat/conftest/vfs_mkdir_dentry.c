// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_VFS_MKDIR_DENTRY: vfs_mkdir() returns the new dentry or ERR_PTR (6.15+) */
#include <linux/fs.h>

struct dentry *cabi_conftest_p4(struct mnt_idmap *, struct inode *,
				struct dentry *, umode_t);
struct dentry *cabi_conftest_p5(struct mnt_idmap *, struct inode *,
				struct dentry *, umode_t, struct delegated_inode *);

_Static_assert(__builtin_types_compatible_p(typeof(&vfs_mkdir), typeof(&cabi_conftest_p4)) ||
	       __builtin_types_compatible_p(typeof(&vfs_mkdir), typeof(&cabi_conftest_p5)),
	       "vfs_mkdir returns int");
