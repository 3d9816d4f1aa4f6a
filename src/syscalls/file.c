// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: file system calls that take a path (file_*), resolved
 * strictly beneath their directory descriptor by src/path.c.
 *
 * Namespace changes follow the kernel's own order: parent lookup, then
 * mnt_want_write(), then the parent's i_rwsem, then the last component
 * (the reverse order is a deadlock lockdep reports).  Not exported to
 * modules, hence not called: security_path_{rmdir,link,symlink} (the inode
 * hooks inside vfs_* still run) and may_linkat (fs.protected_hardlinks).
 */
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/namei.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "path.h"
#include "refusal.h"
#include "sysent.h"

/*
 * file_open(dirfd, path, path_len, oflags, const fdstat_t *fds) -> fd.
 * Rights and open flags from ABI.md §8.3 (src/capsicum_rights.c).
 */
u16 cabi_sys_file_open(const u64 *arg, u64 *ret)
{
	struct cloudabi_fdstat fds;
	struct cabi_open_req req;
	struct cabi_at at;
	struct file *file;
	u16 err;
	u8 type;

	if (copy_from_user(&fds, u64_to_user_ptr(arg[4]), sizeof(fds)))
		return CLOUDABI_EFAULT;
	err = cabi_rights_open((u16)arg[3], &fds, &req);
	if (err)
		return err;
	err = cabi_at_get(&at, arg[0], arg[1], arg[2], req.dir_base, true);
	if (err)
		return err;
	err = CLOUDABI_ENOTCAPABLE;
	if (!cabi_rights_cover(at.w->rights.inheriting, req.dir_inheriting)) {
		cabi_refused(CABI_REFUSED_INHERITING, (u32)arg[0], req.dir_inheriting,
			     at.w->rights.inheriting);
		goto out;
	}
	file = cabi_open_beneath(at.w->inner, &at.name, req.flags, at.follow, &err);
	if (!file)
		goto out;
	type = cabi_filetype_of(file);
	err = cabi_fd_install(file, type, cabi_rights_opened(&fds, type), ret);
	fput(file);
out:
	cabi_at_put(&at);
	return err;
}

/*
 * Lock @p's directory for creating its last component, which must not
 * exist.  A trailing '/' is only good for a directory.
 */
static u16 cabi_create_begin(struct cabi_parent *p, bool dir,
			     struct dentry **dentry)
{
	struct dentry *d;
	int err;

	err = mnt_want_write(p->path.mnt);
	if (err)
		return cabi_errno(err);
	d = cabi_start_creating(cabi_mnt_idmap(p->path.mnt), p->path.dentry,
				&p->last);
	if (IS_ERR(d))
		err = PTR_ERR(d);
	else if (d_is_positive(d))
		err = -EEXIST;
	else if (p->slash && !dir)
		err = -ENOENT;
	if (!err) {
		*dentry = d;
		return 0;
	}
	cabi_end_dirop(d);
	mnt_drop_write(p->path.mnt);
	return cabi_errno(err);
}

/* @d may be an ERR_PTR (a failed mkdir already unlocked the parent). */
static void cabi_create_end(struct cabi_parent *p, struct dentry *d)
{
	cabi_end_dirop(d);
	mnt_drop_write(p->path.mnt);
}

/* The errno Linux gives when creating "." or "..". */
static u16 cabi_parent_for_create(struct file *dir, const struct cabi_name *name,
				  struct cabi_parent *p)
{
	enum cabi_last last;
	u16 err;

	err = cabi_lookup_parent(dir, name, p, &last);
	return err == CABI_EDOTS ? CLOUDABI_EEXIST : err;
}

/* file_create(fd, path, path_len, type): directories only (mkdirat). */
u16 cabi_sys_file_create(const u64 *arg, u64 *ret)
{
	struct cabi_parent p;
	struct dentry *d;
	struct cabi_at at;
	struct inode *dir;
	umode_t mode = 0777;
	u16 err;

	err = cabi_at_get(&at, arg[0], arg[1], arg[2], CABI_NEED(file_create), false);
	if (err)
		return err;
	err = CLOUDABI_EINVAL;
	if ((u8)arg[3] != CLOUDABI_FILETYPE_DIRECTORY)
		goto out;
	err = cabi_parent_for_create(at.w->inner, &at.name, &p);
	if (err)
		goto out;
	err = cabi_create_begin(&p, true, &d);
	if (!err) {
		dir = d_inode(p.path.dentry);
		if (!IS_POSIXACL(dir))
			mode &= ~current_umask();
		err = cabi_errno(security_path_mkdir(&p.path, d, mode));
		if (!err)
			err = cabi_errno(cabi_vfs_mkdir(cabi_mnt_idmap(p.path.mnt),
							dir, &d, mode));
		cabi_create_end(&p, d);
	}
	cabi_parent_put(&p);
out:
	cabi_at_put(&at);
	return err;
}

/*
 * fs.protected_hardlinks, always on (may_linkat() is not exported): link
 * only what you own, or a plain regular file you could open read-write.
 */
static int cabi_may_link(cabi_idmap_t *idmap, struct inode *inode)
{
	umode_t mode = inode->i_mode;

	if (inode_owner_or_capable(idmap, inode))
		return 0;
	/* Set-user-ID, or set-group-ID with group execute (0010). */
	if (!S_ISREG(mode) || (mode & S_ISUID) ||
	    ((mode & S_ISGID) && (mode & 0010)))
		return -EPERM;
	return inode_permission(idmap, inode, MAY_READ | MAY_WRITE) ? -EPERM : 0;
}

/*
 * file_link(lookup_t fd1, path1, path1_len, fd2, path2, path2_len): a hard
 * link at path2 to what path1 names (its last symlink followed only with
 * LOOKUP_SYMLINK_FOLLOW).
 */
u16 cabi_sys_file_link(const u64 *arg, u64 *ret)
{
	struct cabi_at src, dst;
	struct cabi_parent p;
	struct path old;
	struct dentry *d;
	u16 err;

	err = cabi_at_get(&src, arg[0], arg[1], arg[2], CABI_NEED(file_link), true);
	if (err)
		return err;
	err = cabi_at_get(&dst, arg[3], arg[4], arg[5], CABI_NEED2(file_link), false);
	if (err)
		goto put_src;
	err = cabi_lookup(src.w->inner, src.name.s, cabi_at_lookup_flags(&src), &old);
	if (err)
		goto put_dst;
	err = cabi_errno(cabi_may_link(cabi_mnt_idmap(old.mnt), d_inode(old.dentry)));
	if (err)
		goto put_old;
	err = cabi_parent_for_create(dst.w->inner, &dst.name, &p);
	if (err)
		goto put_old;
	err = CLOUDABI_EXDEV;
	if (old.mnt == p.path.mnt)
		err = cabi_create_begin(&p, false, &d);
	if (!err) {
		err = cabi_errno(vfs_link(old.dentry, cabi_mnt_idmap(p.path.mnt),
					  d_inode(p.path.dentry), d, NULL));
		cabi_create_end(&p, d);
	}
	cabi_parent_put(&p);
put_old:
	path_put(&old);
put_dst:
	cabi_at_put(&dst);
put_src:
	cabi_at_put(&src);
	return err;
}

/* file_symlink(path1, path1_len, fd, path2, path2_len): path2 -> path1. */
u16 cabi_sys_file_symlink(const u64 *arg, u64 *ret)
{
	struct cabi_name target;
	struct cabi_parent p;
	struct dentry *d;
	struct cabi_at at;
	u16 err;

	err = cabi_name_get(&target, arg[0], arg[1], CABI_NAME_DATA);
	if (err)
		return err;
	err = cabi_at_get(&at, arg[2], arg[3], arg[4], CABI_NEED(file_symlink), false);
	if (err)
		goto put_target;
	err = cabi_parent_for_create(at.w->inner, &at.name, &p);
	if (err)
		goto put_at;
	err = cabi_create_begin(&p, false, &d);
	if (!err) {
		err = cabi_errno(cabi_vfs_symlink(cabi_mnt_idmap(p.path.mnt),
						  d_inode(p.path.dentry), d,
						  target.s));
		cabi_create_end(&p, d);
	}
	cabi_parent_put(&p);
put_at:
	cabi_at_put(&at);
put_target:
	cabi_name_put(&target);
	return err;
}

/* Remove @p's last component: rmdir, or unlink of anything but a directory. */
static u16 cabi_remove(struct cabi_parent *p, bool rmdir)
{
	cabi_idmap_t *idmap = cabi_mnt_idmap(p->path.mnt);
	struct inode *dir = d_inode(p->path.dentry), *victim = NULL;
	struct dentry *d;
	int err;

	err = mnt_want_write(p->path.mnt);
	if (err)
		return cabi_errno(err);
	d = cabi_start_removing(idmap, p->path.dentry, &p->last);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto drop;
	}
	if (rmdir) {
		err = cabi_vfs_rmdir(idmap, dir, d);
	} else if (d_is_dir(d)) {
		err = -EPERM;
	} else {
		/* The last iput may be slow: not under the parent's lock. */
		victim = d_inode(d);
		ihold(victim);
		err = security_path_unlink(&p->path, d);
		if (!err)
			err = vfs_unlink(idmap, dir, d, NULL);
	}
	cabi_end_dirop(d);
	if (victim)
		iput(victim);
drop:
	mnt_drop_write(p->path.mnt);
	return cabi_errno(err);
}

/*
 * unlink of "x/": only a directory (or a symlink to one) fits the slash,
 * and directories are not unlinked: EPERM then, else the walk's errno.
 */
static u16 cabi_unlink_slash(struct file *dir, const char *name)
{
	struct path path;
	u16 err;

	err = cabi_lookup(dir, name, LOOKUP_FOLLOW, &path);
	if (err)
		return err;
	path_put(&path);
	return CLOUDABI_EPERM;
}

/*
 * file_unlink(fd, path, path_len, flags): UNLINK_REMOVEDIR is rmdir.
 * Unlinking a directory is EPERM, as POSIX, FreeBSD and cloudlibc's tests
 * say (Linux says EISDIR).
 */
u16 cabi_sys_file_unlink(const u64 *arg, u64 *ret)
{
	bool rmdir = arg[3] & CLOUDABI_UNLINK_REMOVEDIR;
	enum cabi_last last;
	struct cabi_parent p;
	struct cabi_at at;
	u16 err;

	if ((u8)arg[3] & ~CLOUDABI_UNLINK_REMOVEDIR)
		return CLOUDABI_EINVAL;
	err = cabi_at_get(&at, arg[0], arg[1], arg[2], CABI_NEED(file_unlink), false);
	if (err)
		return err;
	if (!rmdir && at.name.s[at.name.len - 1] == '/') {
		err = cabi_unlink_slash(at.w->inner, at.name.s);
		goto out;
	}
	err = cabi_lookup_parent_slash(at.w->inner, &at.name, &p, &last);
	if (err == CABI_EDOTS) {
		/* "." and ".." are directories; rmdir(2) says EINVAL/ENOTEMPTY. */
		if (!rmdir)
			err = CLOUDABI_EPERM;
		else
			err = last == CABI_LAST_DOT ? CLOUDABI_EINVAL : CLOUDABI_ENOTEMPTY;
	} else if (!err) {
		err = cabi_remove(&p, rmdir);
		cabi_parent_put(&p);
	}
out:
	cabi_at_put(&at);
	return err;
}

/*
 * "x/" names a directory: a rename whose source is not one says ENOTDIR
 * even where Linux finds an ancestor first (EINVAL/ENOTEMPTY).  Only the
 * errno depends on this look, never the rename.
 */
static int cabi_rename_slash_errno(struct cabi_parent *from, int err)
{
	struct path path;
	char *name;

	name = kmemdup_nul(from->last.name, from->last.len, GFP_KERNEL);
	if (!name)
		return err;
	if (!vfs_path_lookup(from->path.dentry, from->path.mnt, name,
			     LOOKUP_BENEATH, &path)) {
		if (!d_is_dir(path.dentry))
			err = -ENOTDIR;
		path_put(&path);
	}
	kfree(name);
	return err;
}

/* Move @from's last component to @to's, as renameat(2) does. */
static u16 cabi_rename(struct cabi_parent *from, struct cabi_parent *to)
{
	struct dentry *op = from->path.dentry, *np = to->path.dentry;
	struct renamedata rd = { };
	int err;

	err = mnt_want_write(from->path.mnt);
	if (err)
		return cabi_errno(err);
	cabi_renamedata_init(&rd, cabi_mnt_idmap(from->path.mnt), op, np);
	err = cabi_start_renaming(&rd, op, &from->last, np, &to->last);
	if (err) {
		if ((err == -EINVAL || err == -ENOTEMPTY) && (from->slash || to->slash))
			err = cabi_rename_slash_errno(from, err);
		goto drop;
	}
	err = -ENOTDIR;
	if (!d_is_dir(rd.old_dentry) && (from->slash || to->slash))
		goto end;
	err = security_path_rename(&from->path, rd.old_dentry, &to->path,
				   rd.new_dentry, 0);
	if (!err)
		err = vfs_rename(&rd);
end:
	cabi_end_renaming(&rd, op, np);
drop:
	mnt_drop_write(from->path.mnt);
	return cabi_errno(err);
}

/* file_rename(fd1, path1, path1_len, fd2, path2, path2_len). */
u16 cabi_sys_file_rename(const u64 *arg, u64 *ret)
{
	struct cabi_parent from, to;
	struct cabi_at src, dst;
	enum cabi_last last;
	u16 err;

	err = cabi_at_get(&src, arg[0], arg[1], arg[2], CABI_NEED(file_rename), false);
	if (err)
		return err;
	err = cabi_at_get(&dst, arg[3], arg[4], arg[5], CABI_NEED2(file_rename), false);
	if (err)
		goto put_src;
	/* Renaming "." or ".." is EINVAL, as on FreeBSD (Linux: EBUSY). */
	err = cabi_lookup_parent_slash(src.w->inner, &src.name, &from, &last);
	if (err == CABI_EDOTS)
		err = CLOUDABI_EINVAL;
	if (err)
		goto put_dst;
	err = cabi_lookup_parent_slash(dst.w->inner, &dst.name, &to, &last);
	if (err == CABI_EDOTS)
		err = CLOUDABI_EBUSY;
	if (err)
		goto put_from;
	err = CLOUDABI_EXDEV;
	if (from.path.mnt == to.path.mnt)
		err = cabi_rename(&from, &to);
	cabi_parent_put(&to);
put_from:
	cabi_parent_put(&from);
put_dst:
	cabi_at_put(&dst);
put_src:
	cabi_at_put(&src);
	return err;
}

/*
 * file_readlink(fd, path, path_len, buf, buf_len) -> bytes: the link's
 * contents, truncated to buf_len, never NUL-terminated.
 */
u16 cabi_sys_file_readlink(const u64 *arg, u64 *ret)
{
	struct cabi_at at;
	struct path path;
	int n;
	u16 err;

	err = cabi_at_get(&at, arg[0], arg[1], arg[2], CABI_NEED(file_readlink), false);
	if (err)
		return err;
	err = cabi_lookup(at.w->inner, at.name.s, 0, &path);
	if (err)
		goto out;
	n = vfs_readlink(path.dentry, u64_to_user_ptr(arg[3]),
			 min_t(u64, arg[4], INT_MAX));
	if (n >= 0)
		touch_atime(&path);
	path_put(&path);
	err = cabi_errno(n);
	if (n >= 0)
		ret[0] = n;
out:
	cabi_at_put(&at);
	return err;
}
