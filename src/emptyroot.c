// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: CloudABI processes get an empty root and working directory.
 *
 * The filter cannot read the path execveat() is given, and the kernel
 * resolves it before our gatekeeper refuses the exec: from the host's root
 * the errno would tell whether a global path exists.  From an empty,
 * internal ramfs every absolute or relative path is ENOENT.  The module's
 * own path calls never start from the root: they resolve beneath a
 * directory descriptor.
 */
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/spinlock.h>

#include "cabi.h"
#include "cabi_compat.h"

static struct vfsmount *cabi_empty;

int cabi_emptyroot_init(void)
{
	struct file_system_type *ramfs = get_fs_type("ramfs");

	if (!ramfs)
		return -ENODEV;
	cabi_empty = kern_mount(ramfs);
	return PTR_ERR_OR_ZERO(cabi_empty);
}

void cabi_emptyroot_exit(void)
{
	kern_unmount(cabi_empty);
}

/* After begin_new_exec(): a private fs_struct rooted and placed in the empty mount. */
int cabi_enter_emptyroot(void)
{
	struct path empty = { .mnt = cabi_empty, .dentry = cabi_empty->mnt_root };
	struct path old_root, old_pwd;
	struct fs_struct *fs;
	int err;

	err = unshare_fs_struct();
	if (err)
		return err;
	fs = current->fs;
	path_get(&empty);
	path_get(&empty);
	cabi_fs_write_lock(fs);
	old_root = fs->root;
	old_pwd = fs->pwd;
	fs->root = empty;
	fs->pwd = empty;
	cabi_fs_write_unlock(fs);
	path_put(&old_root);
	path_put(&old_pwd);
	return 0;
}
