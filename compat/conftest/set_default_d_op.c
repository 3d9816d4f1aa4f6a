// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_SET_DEFAULT_D_OP: a superblock's default d_op is set by set_default_d_op() */
#include <linux/dcache.h>
#include <linux/fs.h>

void cabi_conftest(struct super_block *sb, const struct dentry_operations *ops)
{
	set_default_d_op(sb, ops);
}
