// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_ITER_WRITE_STARTS_WRITE: vfs_iter_write() takes sb freeze protection itself (6.7+) */
#include <linux/fs.h>

/*
 * file_write_not_started() came with the series that moved
 * file_start_write() into vfs_iter_write(); before it, callers did that.
 */
bool cabi_conftest(struct file *file)
{
	return file_write_not_started(file);
}
