// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: file attributes: file_stat_fget, file_stat_fput,
 * file_stat_get, file_stat_put.
 */
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/namei.h>
#include <linux/stat.h>
#include <linux/time64.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "path.h"
#include "sysent.h"

#define FILESTAT_TIMES (CLOUDABI_FILESTAT_ATIM | CLOUDABI_FILESTAT_ATIM_NOW | \
			CLOUDABI_FILESTAT_MTIM | CLOUDABI_FILESTAT_MTIM_NOW)

static u64 cabi_ns(struct timespec64 ts)
{
	return timespec64_to_ns(&ts);
}

/* getattr @path into a filestat_t at @ubuf; @type overrides the mode's type. */
static u16 cabi_stat_put_user(const struct path *path, u8 type, u64 ubuf)
{
	struct cloudabi_filestat st = { };
	struct kstat ks;
	int err;

	err = vfs_getattr(path, &ks, STATX_BASIC_STATS, AT_STATX_SYNC_AS_STAT);
	if (err)
		return cabi_errno(err);
	st.st_dev = new_encode_dev(ks.dev);
	st.st_ino = ks.ino;
	st.st_filetype = type ? type : cabi_filetype_of_mode(ks.mode);
	st.st_nlink = ks.nlink;
	st.st_size = ks.size;
	st.st_atim = cabi_ns(ks.atime);
	st.st_mtim = cabi_ns(ks.mtime);
	st.st_ctim = cabi_ns(ks.ctime);
	if (copy_to_user(u64_to_user_ptr(ubuf), &st, sizeof(st)))
		return CLOUDABI_EFAULT;
	return 0;
}

/*
 * Set the times @flags selects from @st (futimens/utimensat): *_NOW wins
 * over the explicit value; a time not selected is left alone.
 */
static u16 cabi_set_times(const struct path *path, const struct cloudabi_filestat *st,
			  u16 flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct iattr ia = { .ia_valid = ATTR_CTIME };
	int err;

	if (flags & CLOUDABI_FILESTAT_ATIM_NOW) {
		ia.ia_valid |= ATTR_ATIME;
	} else if (flags & CLOUDABI_FILESTAT_ATIM) {
		ia.ia_valid |= ATTR_ATIME | ATTR_ATIME_SET;
		ia.ia_atime = ns_to_timespec64(st->st_atim);
	}
	if (flags & CLOUDABI_FILESTAT_MTIM_NOW) {
		ia.ia_valid |= ATTR_MTIME;
	} else if (flags & CLOUDABI_FILESTAT_MTIM) {
		ia.ia_valid |= ATTR_MTIME | ATTR_MTIME_SET;
		ia.ia_mtime = ns_to_timespec64(st->st_mtim);
	}
	/*
	 * As utimensat(2): both "now" needs write permission (ATTR_TOUCH),
	 * anything else ownership (ATTR_TIMES_SET).
	 */
	if ((flags & CLOUDABI_FILESTAT_ATIM_NOW) && (flags & CLOUDABI_FILESTAT_MTIM_NOW))
		ia.ia_valid |= ATTR_TOUCH;
	else
		ia.ia_valid |= ATTR_TIMES_SET;
	err = mnt_want_write(path->mnt);
	if (err)
		return cabi_errno(err);
	inode_lock(inode);
	err = notify_change(cabi_mnt_idmap(path->mnt), path->dentry, &ia, NULL);
	inode_unlock(inode);
	mnt_drop_write(path->mnt);
	return cabi_errno(err);
}

/*
 * ftruncate(2): only a regular file open for writing.  do_truncate() is not
 * exported, so this is truncate(2) on the file's path: it also needs write
 * permission on the inode now and refuses a running executable (ETXTBSY).
 */
static u16 cabi_truncate(struct file *file, u64 size)
{
	if ((s64)size < 0 || !S_ISREG(file_inode(file)->i_mode) ||
	    !(file->f_mode & FMODE_WRITE))
		return CLOUDABI_EINVAL;
	return cabi_errno(vfs_truncate(&file->f_path, size));
}

/* file_stat_fget(fd, filestat_t *buf). */
u16 cabi_sys_file_stat_fget(const u64 *arg, u64 *ret)
{
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	w = cabi_fd_get((u32)arg[0], CABI_NEED(file_stat_fget), &f, &err);
	if (!w)
		return err;
	err = cabi_stat_put_user(&w->inner->f_path, w->filetype, arg[1]);
	fdput(f);
	return err;
}

/* file_stat_fput(fd, const filestat_t *buf, flags): SIZE alone, or times. */
u16 cabi_sys_file_stat_fput(const u64 *arg, u64 *ret)
{
	struct cloudabi_filestat st;
	u16 flags = arg[2], err;
	struct cabi_fd *w;
	struct fd f;

	if (flags & ~(FILESTAT_TIMES | CLOUDABI_FILESTAT_SIZE))
		return CLOUDABI_EINVAL;
	if ((flags & CLOUDABI_FILESTAT_SIZE) ? flags != CLOUDABI_FILESTAT_SIZE : !flags)
		return CLOUDABI_EINVAL;
	if (copy_from_user(&st, u64_to_user_ptr(arg[1]), sizeof(st)))
		return CLOUDABI_EFAULT;
	w = cabi_fd_get((u32)arg[0], cabi_rights_fstat_put(flags), &f, &err);
	if (!w)
		return err;
	if (flags == CLOUDABI_FILESTAT_SIZE)
		err = cabi_truncate(w->inner, st.st_size);
	else
		err = cabi_set_times(&w->inner->f_path, &st, flags);
	fdput(f);
	return err;
}

/* file_stat_get(lookup_t fd, path, path_len, filestat_t *buf). */
u16 cabi_sys_file_stat_get(const u64 *arg, u64 *ret)
{
	struct cabi_at at;
	struct path path;
	u16 err;

	err = cabi_at_get(&at, arg[0], arg[1], arg[2], CABI_NEED(file_stat_get), true);
	if (err)
		return err;
	err = cabi_lookup(at.w->inner, at.name.s, cabi_at_lookup_flags(&at), &path);
	if (!err) {
		err = cabi_stat_put_user(&path, 0, arg[3]);
		path_put(&path);
	}
	cabi_at_put(&at);
	return err;
}

/* file_stat_put(lookup_t fd, path, path_len, const filestat_t *buf, flags): times only. */
u16 cabi_sys_file_stat_put(const u64 *arg, u64 *ret)
{
	struct cloudabi_filestat st;
	u16 flags = arg[4], err;
	struct cabi_at at;
	struct path path;

	if (!flags || (flags & ~FILESTAT_TIMES))
		return CLOUDABI_EINVAL;
	if (copy_from_user(&st, u64_to_user_ptr(arg[3]), sizeof(st)))
		return CLOUDABI_EFAULT;
	err = cabi_at_get(&at, arg[0], arg[1], arg[2], CABI_NEED(file_stat_put), true);
	if (err)
		return err;
	err = cabi_lookup(at.w->inner, at.name.s, cabi_at_lookup_flags(&at), &path);
	if (!err) {
		err = cabi_set_times(&path, &st, flags);
		path_put(&path);
	}
	cabi_at_put(&at);
	return err;
}
