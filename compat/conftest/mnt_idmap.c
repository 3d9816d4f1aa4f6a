// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_MNT_IDMAP: idmapped mounts pass struct mnt_idmap (6.3+) */
#include <linux/fs.h>
#include <linux/mount.h>

struct mnt_idmap *cabi_conftest(struct vfsmount *mnt)
{
	return mnt_idmap(mnt);
}
