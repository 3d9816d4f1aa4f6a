// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_PARENT_LOOKUP_TYPE: vfs_path_parent_lookup() reports the last component's type */
#include <linux/fs.h>
#include <linux/namei.h>

int cabi_conftest(struct filename *name, struct path *parent, struct qstr *last,
		  const struct path *root)
{
	int type;

	return vfs_path_parent_lookup(name, 0, parent, last, &type, root);
}
