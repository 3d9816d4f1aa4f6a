// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: descriptor system calls (fd_*).
 */
#include <linux/fs.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "refusal.h"
#include "sysent.h"

/* Read or write at the descriptor's shared offset, as read(2)/write(2) do. */
static ssize_t cabi_file_rw(struct file *file, struct iov_iter *iter, int rw)
{
	bool stream = file->f_mode & FMODE_STREAM;
	bool lock = file->f_mode & FMODE_ATOMIC_POS;
	loff_t pos = 0;
	ssize_t ret;

	if (lock)
		mutex_lock(&file->f_pos_lock);
	if (!stream)
		pos = file->f_pos;
	if (rw == WRITE)
		ret = cabi_vfs_iter_write(file, iter, stream ? NULL : &pos);
	else
		ret = vfs_iter_read(file, iter, stream ? NULL : &pos, 0);
	if (!stream && ret >= 0)
		file->f_pos = pos;
	if (lock)
		mutex_unlock(&file->f_pos_lock);
	return ret;
}

/*
 * fd_read/fd_write (fd, iovs, iovs_len) at the descriptor's offset, and
 * fd_pread/fd_pwrite (fd, iovs, iovs_len, offset), which leave it alone.
 * Returns the bytes transferred in ret[0].
 */
static u16 cabi_fd_io(const u64 *arg, u64 *ret, int rw, bool positioned)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	u64 need;
	loff_t pos = positioned ? arg[3] : 0;
	struct iov_iter iter;
	struct cabi_fd *w;
	struct fd f;
	ssize_t n;
	u16 err;

	if (positioned)
		need = rw == WRITE ? CABI_NEED(fd_pwrite) : CABI_NEED(fd_pread);
	else
		need = rw == WRITE ? CABI_NEED(fd_write) : CABI_NEED(fd_read);
	w = positioned ? cabi_fd_get_positioned((u32)arg[0], need, &f, &err) :
			 cabi_fd_get((u32)arg[0], need, &f, &err);
	if (!w)
		return err;
	err = CLOUDABI_ESPIPE;
	if (positioned &&
	    !(w->inner->f_mode & (rw == WRITE ? FMODE_PWRITE : FMODE_PREAD)))
		goto out;
	err = CLOUDABI_EINVAL;
	if (pos < 0 || arg[2] > UIO_MAXIOV)
		goto out;
	/* cloudabi (c)iovec_t has struct iovec's 64-bit layout. */
	n = import_iovec(rw, u64_to_user_ptr(arg[1]), arg[2], UIO_FASTIOV,
			 &iov, &iter);
	if (n < 0) {
		err = cabi_errno(n);
		goto out;
	}
	if (!positioned)
		n = cabi_file_rw(w->inner, &iter, rw);
	else if (rw == WRITE)
		n = cabi_vfs_iter_write(w->inner, &iter, &pos);
	else
		n = vfs_iter_read(w->inner, &iter, &pos, 0);
	kfree(iov);
	err = cabi_errno(n);
	if (n >= 0)
		ret[0] = n;
out:
	fdput(f);
	return err;
}

u16 cabi_sys_fd_read(const u64 *arg, u64 *ret)
{
	return cabi_fd_io(arg, ret, READ, false);
}

u16 cabi_sys_fd_write(const u64 *arg, u64 *ret)
{
	return cabi_fd_io(arg, ret, WRITE, false);
}

/* fd_stat_get(fd, fdstat_t *buf): needs no right. */
u16 cabi_sys_fd_stat_get(const u64 *arg, u64 *ret)
{
	struct cloudabi_fdstat st = { 0 };
	unsigned int flags;
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	w = cabi_fd_get((u32)arg[0], 0, &f, &err);
	if (!w)
		return err;
	flags = READ_ONCE(w->inner->f_flags);
	st.fs_filetype = w->filetype;
	if (flags & O_APPEND)
		st.fs_flags |= CLOUDABI_FDFLAG_APPEND;
	if (flags & O_NONBLOCK)
		st.fs_flags |= CLOUDABI_FDFLAG_NONBLOCK;
	if ((flags & __O_SYNC) == __O_SYNC)
		st.fs_flags |= CLOUDABI_FDFLAG_SYNC;
	else if (flags & O_DSYNC)
		st.fs_flags |= CLOUDABI_FDFLAG_DSYNC;
	st.fs_rights_base = w->rights.base;
	st.fs_rights_inheriting = w->rights.inheriting;
	fdput(f);
	if (copy_to_user(u64_to_user_ptr(arg[1]), &st, sizeof(st)))
		return CLOUDABI_EFAULT;
	return 0;
}

u16 cabi_sys_fd_pread(const u64 *arg, u64 *ret)
{
	return cabi_fd_io(arg, ret, READ, true);
}

u16 cabi_sys_fd_pwrite(const u64 *arg, u64 *ret)
{
	return cabi_fd_io(arg, ret, WRITE, true);
}

/*
 * fd_seek(fd, offset, whence) -> new offset.  CloudABI whence: CUR=1,
 * END=2, SET=3.  FD_TELL alone allows only (0, CUR).
 */
u16 cabi_sys_fd_seek(const u64 *arg, u64 *ret)
{
	static const int whence_map[] = { -1, SEEK_CUR, SEEK_END, SEEK_SET };
	s64 offset = arg[1];
	u8 whence = arg[2];
	struct cabi_fd *w;
	struct fd f;
	loff_t pos;
	u64 need;
	u16 err;

	if (whence == 0 || whence >= ARRAY_SIZE(whence_map))
		return CLOUDABI_EINVAL;
	need = cabi_rights_seek(offset, whence);
	w = cabi_fd_get_positioned((u32)arg[0], need, &f, &err);
	if (!w && need == CLOUDABI_RIGHT_FD_TELL && err == CLOUDABI_ENOTCAPABLE)
		w = cabi_fd_get_positioned((u32)arg[0], CLOUDABI_RIGHT_FD_SEEK, &f, &err);
	if (!w)
		return err;
	pos = vfs_llseek(w->inner, offset, whence_map[whence]);
	fdput(f);
	if (pos < 0)
		return cabi_errno(pos);
	ret[0] = pos;
	return 0;
}

static u16 cabi_fd_fsync(const u64 *arg, u64 need, int datasync)
{
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	w = cabi_fd_get((u32)arg[0], need, &f, &err);
	if (!w)
		return err;
	err = cabi_errno(vfs_fsync(w->inner, datasync));
	fdput(f);
	return err;
}

/* fd_sync(fd) and fd_datasync(fd). */
u16 cabi_sys_fd_sync(const u64 *arg, u64 *ret)
{
	return cabi_fd_fsync(arg, CABI_NEED(fd_sync), 0);
}

u16 cabi_sys_fd_datasync(const u64 *arg, u64 *ret)
{
	return cabi_fd_fsync(arg, CABI_NEED(fd_datasync), 1);
}

/* APPEND and NONBLOCK can change after open; Linux keeps O_SYNC/O_DSYNC fixed. */
static u16 cabi_fd_set_flags(struct cabi_fd *w, u16 fs_flags)
{
	struct file *file = w->inner;
	unsigned int cur = READ_ONCE(file->f_flags), want;

	if (fs_flags & ~(CLOUDABI_FDFLAG_APPEND | CLOUDABI_FDFLAG_NONBLOCK |
			 CLOUDABI_FDFLAG_DSYNC | CLOUDABI_FDFLAG_RSYNC |
			 CLOUDABI_FDFLAG_SYNC))
		return CLOUDABI_EINVAL;
	if (!!(fs_flags & (CLOUDABI_FDFLAG_DSYNC | CLOUDABI_FDFLAG_RSYNC |
			   CLOUDABI_FDFLAG_SYNC)) != !!(cur & O_DSYNC))
		return CLOUDABI_ENOTSUP;
	want = cur & ~(O_APPEND | O_NONBLOCK);
	if (fs_flags & CLOUDABI_FDFLAG_APPEND)
		want |= O_APPEND;
	if (fs_flags & CLOUDABI_FDFLAG_NONBLOCK)
		want |= O_NONBLOCK;
	if (IS_APPEND(file_inode(file)) && !(want & O_APPEND))
		return CLOUDABI_EPERM;
	if (file->f_op->check_flags && file->f_op->check_flags(want))
		return CLOUDABI_EINVAL;
	spin_lock(&file->f_lock);
	file->f_flags = want;
	/* kiocbs take their flags from this copy (fcntl's setfl does the same). */
	file->f_iocb_flags = iocb_flags(file);
	spin_unlock(&file->f_lock);
	return 0;
}

/*
 * fd_stat_put(fd, fdstat_t *buf, flags): FDSTAT_FLAGS (needs
 * FD_STAT_PUT_FLAGS) or FDSTAT_RIGHTS (shrinks only), never both.  Rights
 * belong to the descriptor, not to the open file that dup'd descriptors
 * share, so new rights mean a new wrapper: it is installed at a fresh
 * number returned in ret[0], and the vDSO moves it over @fd with dup3
 * (replace_fd is not exported).
 */
u16 cabi_sys_fd_stat_put(const u64 *arg, u64 *ret)
{
	struct cloudabi_fdstat st;
	struct cabi_rights r;
	struct cabi_fd *w;
	struct fd f;
	u16 flags = arg[2], err;

	if (flags != CLOUDABI_FDSTAT_FLAGS && flags != CLOUDABI_FDSTAT_RIGHTS)
		return CLOUDABI_EINVAL;
	if (copy_from_user(&st, u64_to_user_ptr(arg[1]), sizeof(st)))
		return CLOUDABI_EFAULT;
	w = cabi_fd_get((u32)arg[0], flags == CLOUDABI_FDSTAT_FLAGS ?
			CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS : 0, &f, &err);
	if (!w)
		return err;
	if (flags == CLOUDABI_FDSTAT_FLAGS) {
		err = cabi_fd_set_flags(w, st.fs_flags);
		ret[0] = (u32)arg[0];
		goto out;
	}
	r.base = st.fs_rights_base;
	r.inheriting = st.fs_rights_inheriting;
	err = CLOUDABI_ENOTCAPABLE;
	if (!cabi_rights_cover(w->rights.base, r.base)) {
		cabi_refused(CABI_REFUSED_RIGHTS, (u32)arg[0], r.base, w->rights.base);
		goto out;
	}
	if (!cabi_rights_cover(w->rights.inheriting, r.inheriting)) {
		cabi_refused(CABI_REFUSED_INHERITING, (u32)arg[0], r.inheriting,
			     w->rights.inheriting);
		goto out;
	}
	err = cabi_fd_install(w->inner, w->filetype, r, ret);
out:
	fdput(f);
	return err;
}

/* fd_create1(type) -> fd: only SHARED_MEMORY, an unlinked shmem file. */
u16 cabi_sys_fd_create1(const u64 *arg, u64 *ret)
{
	struct file *shm;
	u16 err;

	if ((u8)arg[0] != CLOUDABI_FILETYPE_SHARED_MEMORY)
		return CLOUDABI_EINVAL;
	shm = cabi_shmem_file_noreserve("cloudabi-shm");
	if (IS_ERR(shm))
		return cabi_errno(PTR_ERR(shm));
	err = cabi_fd_install(shm, CLOUDABI_FILETYPE_SHARED_MEMORY,
			      cabi_rights_max(CLOUDABI_FILETYPE_SHARED_MEMORY), ret);
	fput(shm);
	return err;
}
