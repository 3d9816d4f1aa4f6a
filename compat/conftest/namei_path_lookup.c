// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_NAMEI_PATH_LOOKUP: <linux/namei.h> declares vfs_path_lookup() (6.3+) */
#include <linux/namei.h>

int (*cabi_conftest)(struct dentry *, struct vfsmount *, const char *,
		     unsigned int, struct path *) = vfs_path_lookup;
