// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_RENAMEDATA_PARENTS: struct renamedata names the parent dentries, not inodes (6.17+) */
#include <linux/fs.h>

void cabi_conftest(struct renamedata *rd, struct dentry *parent)
{
	rd->old_parent = parent;
	rd->new_parent = parent;
}
