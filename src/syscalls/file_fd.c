// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: file calls on an open descriptor: file_advise,
 * file_allocate, file_readdir.
 */
#include <linux/fadvise.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "sysent.h"

/* file_advise(fd, offset, len, advice): posix_fadvise. */
u16 cabi_sys_file_advise(const u64 *arg, u64 *ret)
{
	static const int advice_map[] = {
		[CLOUDABI_ADVICE_DONTNEED] = POSIX_FADV_DONTNEED,
		[CLOUDABI_ADVICE_NOREUSE] = POSIX_FADV_NOREUSE,
		[CLOUDABI_ADVICE_NORMAL] = POSIX_FADV_NORMAL,
		[CLOUDABI_ADVICE_RANDOM] = POSIX_FADV_RANDOM,
		[CLOUDABI_ADVICE_SEQUENTIAL] = POSIX_FADV_SEQUENTIAL,
		[CLOUDABI_ADVICE_WILLNEED] = POSIX_FADV_WILLNEED,
	};
	u8 advice = arg[3];
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	if (!advice || advice >= ARRAY_SIZE(advice_map) ||
	    (s64)arg[1] < 0 || (s64)arg[2] < 0)
		return CLOUDABI_EINVAL;
	w = cabi_fd_get_positioned((u32)arg[0], CABI_NEED(file_advise), &f, &err);
	if (!w)
		return err;
	err = cabi_errno(vfs_fadvise(w->inner, arg[1], arg[2], advice_map[advice]));
	fdput(f);
	return err;
}

/* file_allocate(fd, offset, len): posix_fallocate. */
u16 cabi_sys_file_allocate(const u64 *arg, u64 *ret)
{
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	if ((s64)arg[1] < 0 || (s64)arg[2] <= 0)
		return CLOUDABI_EINVAL;
	w = cabi_fd_get_positioned((u32)arg[0], CABI_NEED(file_allocate), &f, &err);
	if (!w)
		return err;
	err = cabi_errno(vfs_fallocate(w->inner, 0, arg[1], arg[2]));
	fdput(f);
	return err;
}

/*
 * file_readdir packs dirent_t headers, each followed by its name, into the
 * user's buffer; the last record may be cut off.  An entry's d_next is the
 * position the directory reports with the entry after it (or at the end),
 * so each entry is held back until the next one (or the end) is seen.
 */
struct cabi_readdir {
	struct dir_context ctx;
	char __user *buf;
	size_t len;
	size_t used;
	bool held;			/* @ent/@name wait for their d_next */
	int err;
	struct cloudabi_dirent ent;
	char name[NAME_MAX + 1];
};

/* Copy as much of @src as fits; false once the buffer is full. */
static bool cabi_readdir_emit(struct cabi_readdir *rd, const void *src, size_t n)
{
	n = min(n, rd->len - rd->used);
	if (copy_to_user(rd->buf + rd->used, src, n)) {
		rd->err = -EFAULT;
		return false;
	}
	rd->used += n;
	return rd->used < rd->len;
}

static bool cabi_readdir_flush(struct cabi_readdir *rd, u64 next)
{
	rd->held = false;
	rd->ent.d_next = next;
	return cabi_readdir_emit(rd, &rd->ent, sizeof(rd->ent)) &&
	       cabi_readdir_emit(rd, rd->name, rd->ent.d_namlen);
}

static bool cabi_readdir_actor(struct dir_context *ctx, const char *name,
			       int namlen, loff_t offset, u64 ino,
			       unsigned int d_type)
{
	struct cabi_readdir *rd = container_of(ctx, struct cabi_readdir, ctx);

	if (rd->held && !cabi_readdir_flush(rd, offset))
		return false;
	if (namlen > NAME_MAX) {
		rd->err = -EOVERFLOW;
		return false;
	}
	memset(&rd->ent, 0, sizeof(rd->ent));
	rd->ent.d_ino = ino;
	rd->ent.d_namlen = namlen;
	rd->ent.d_type = cabi_filetype_of_mode((umode_t)d_type << S_DT_SHIFT);
	memcpy(rd->name, name, namlen);
	rd->held = true;
	return true;
}

/* file_readdir(fd, buf, buf_len, cookie) -> bytes used; < buf_len at the end. */
u16 cabi_sys_file_readdir(const u64 *arg, u64 *ret)
{
	struct cabi_readdir *rd;
	struct file *dir;
	struct cabi_fd *w;
	loff_t pos;
	struct fd f;
	u16 err;
	int e;

	if ((s64)arg[3] < 0)
		return CLOUDABI_EINVAL;
	w = cabi_fd_get((u32)arg[0], CABI_NEED(file_readdir), &f, &err);
	if (!w)
		return err;
	dir = w->inner;
	/* Host character devices carry every right; only directories list. */
	err = CLOUDABI_ENOTDIR;
	if (!S_ISDIR(file_inode(dir)->i_mode))
		goto out;
	err = CLOUDABI_ENOMEM;
	rd = kzalloc_obj(*rd, GFP_KERNEL);
	if (!rd)
		goto out;
	rd->ctx.actor = cabi_readdir_actor;
	rd->buf = u64_to_user_ptr(arg[1]);
	rd->len = arg[2];
	/* Descriptors dup'd from this one share its position. */
	mutex_lock(&dir->f_pos_lock);
	pos = vfs_llseek(dir, arg[3], SEEK_SET);
	e = pos < 0 ? pos : 0;
	if (!e && rd->len)
		e = iterate_dir(dir, &rd->ctx);
	if (!e)
		e = rd->err;
	if (!e && rd->held)
		cabi_readdir_flush(rd, rd->ctx.pos);
	if (!e)
		e = rd->err;
	mutex_unlock(&dir->f_pos_lock);
	err = cabi_errno(e);
	if (!err)
		ret[0] = rd->used;
	kfree(rd);
out:
	fdput(f);
	return err;
}
