// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_START_CREATING: start_creating/start_removing lock and look up (6.19+) */
#include <linux/fs.h>
#include <linux/namei.h>

struct dentry *cabi_conftest(struct mnt_idmap *idmap, struct dentry *parent,
			     struct qstr *name)
{
	struct dentry *d = start_removing(idmap, parent, name);

	end_removing(d);
	return start_creating(idmap, parent, name);
}
