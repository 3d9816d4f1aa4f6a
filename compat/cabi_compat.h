/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: every difference between the kernels we build for lives here.
 *
 * Decisions come from compile probes (compat/conftest/, run by
 * scripts/conftest.sh against the target tree), never from
 * LINUX_VERSION_CODE: distribution kernels carry backports.
 */
#ifndef CABI_COMPAT_H
#define CABI_COMPAT_H

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/pipe_fs_i.h>
#include <linux/net.h>
#include <linux/seqlock.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "cabi_conftest.h"

#ifndef CABI_HAVE_BASELINE
#error "cabi_conftest.h is incomplete: rebuild through the top-level Makefile"
#endif

/* Idmapped mounts: struct mnt_idmap since 6.3, struct user_namespace before. */
#ifdef CABI_HAVE_MNT_IDMAP
#include <linux/mnt_idmapping.h>
#define cabi_idmap_t struct mnt_idmap

static inline cabi_idmap_t *cabi_mnt_idmap(struct vfsmount *mnt)
{
	return mnt_idmap(mnt);
}

static inline bool cabi_idmap_is_identity(cabi_idmap_t *idmap)
{
	return idmap == &nop_mnt_idmap;
}
#else
#define cabi_idmap_t struct user_namespace

static inline cabi_idmap_t *cabi_mnt_idmap(struct vfsmount *mnt)
{
	return mnt_user_ns(mnt);
}

static inline bool cabi_idmap_is_identity(cabi_idmap_t *idmap)
{
	return idmap == &init_user_ns;
}
#endif

/* struct fd: opaque behind fd_file() since 6.12. */
#ifdef CABI_HAVE_FD_FILE
#define cabi_fd_file(f) fd_file(f)
#else
#define cabi_fd_file(f) ((f).file)
#endif

/* vma->vm_flags became read-only in 6.3. */
static inline void cabi_vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
#ifdef CABI_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/*
 * vfs_iter_write() of user memory: before 6.7 the caller takes the
 * filesystem's freeze protection (file_start_write), since then the callee.
 */
static inline ssize_t cabi_vfs_iter_write(struct file *file, struct iov_iter *iter,
					  loff_t *ppos)
{
	ssize_t ret;

#ifdef CABI_HAVE_ITER_WRITE_STARTS_WRITE
	ret = vfs_iter_write(file, iter, ppos, 0);
#else
	file_start_write(file);
	ret = vfs_iter_write(file, iter, ppos, 0);
	file_end_write(file);
#endif
	return ret;
}

/* vfs_path_lookup() was declared in fs/internal.h only before 6.3. */
#ifndef CABI_HAVE_NAMEI_PATH_LOOKUP
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);
#endif

/*
 * Parent lookup beneath @root.  Some kernels report the last component's
 * type, newer ones refuse anything but a normal name with -EINVAL: behave
 * like the newer ones everywhere.
 */
static inline int cabi_path_parent_lookup(struct filename *name,
					  unsigned int flags,
					  struct path *parent,
					  struct qstr *last,
					  const struct path *root)
{
#ifdef CABI_HAVE_PARENT_LOOKUP_TYPE
	int type, err;

	err = vfs_path_parent_lookup(name, flags, parent, last, &type, root);
	if (!err && type != LAST_NORM) {
		path_put(parent);
		err = -EINVAL;
	}
	return err;
#else
	return vfs_path_parent_lookup(name, flags, parent, last, root);
#endif
}

/*
 * Directory operations: lock the parent and look up the last component.
 * 6.19 wraps the sequence in start_creating()/start_removing()/
 * start_renaming() (which also check MAY_EXEC on the parent) and no longer
 * exports lookup_one_qstr_excl() and lock_rename().  Both branches return
 * a dentry whose parent is locked, or an ERR_PTR with nothing held:
 * creating gives a negative or positive dentry, removing a positive one
 * (-ENOENT otherwise).  @name's hash must be computed (a parent lookup's
 * last component is).
 */
static inline struct dentry *cabi_start_creating(cabi_idmap_t *idmap,
						 struct dentry *parent,
						 struct qstr *name)
{
#ifdef CABI_HAVE_START_CREATING
	return start_creating(idmap, parent, name);
#else
	struct dentry *d;

	inode_lock_nested(d_inode(parent), I_MUTEX_PARENT);
	d = lookup_one_qstr_excl(name, parent, LOOKUP_CREATE);
	if (IS_ERR(d))
		inode_unlock(d_inode(parent));
	return d;
#endif
}

static inline struct dentry *cabi_start_removing(cabi_idmap_t *idmap,
						 struct dentry *parent,
						 struct qstr *name)
{
#ifdef CABI_HAVE_START_CREATING
	return start_removing(idmap, parent, name);
#else
	struct dentry *d;

	inode_lock_nested(d_inode(parent), I_MUTEX_PARENT);
	d = lookup_one_qstr_excl(name, parent, 0);
	if (!IS_ERR(d) && d_is_negative(d)) {
		dput(d);
		d = ERR_PTR(-ENOENT);
	}
	if (IS_ERR(d))
		inode_unlock(d_inode(parent));
	return d;
#endif
}

/* Unlock and put what cabi_start_{creating,removing}() gave; an ERR_PTR holds nothing. */
static inline void cabi_end_dirop(struct dentry *d)
{
#ifdef CABI_HAVE_START_CREATING
	end_dirop(d);
#else
	if (!IS_ERR(d)) {
		inode_unlock(d_inode(d->d_parent));
		dput(d);
	}
#endif
}

/*
 * vfs_mkdir() on a dentry from cabi_start_creating().  On success *@d may
 * be replaced by the dentry the filesystem made; on failure *@d becomes an
 * ERR_PTR and the parent is unlocked, as 6.19's vfs_mkdir() leaves it.
 */
static inline int cabi_vfs_mkdir(cabi_idmap_t *idmap, struct inode *dir,
				 struct dentry **d, umode_t mode)
{
#ifdef CABI_HAVE_VFS_MKDIR_DENTRY
	struct dentry *nd;

#ifdef CABI_HAVE_DELEGATED_INODE
	nd = vfs_mkdir(idmap, dir, *d, mode, NULL);
#else
	nd = vfs_mkdir(idmap, dir, *d, mode);
#endif
#ifndef CABI_HAVE_START_CREATING
	/* 6.15-6.18: the old dentry is put on failure, the lock is ours. */
	if (IS_ERR(nd))
		inode_unlock(dir);
#endif
	*d = nd;
	return PTR_ERR_OR_ZERO(nd);
#else
	int err = vfs_mkdir(idmap, dir, *d, mode);

	if (err) {
		cabi_end_dirop(*d);
		*d = ERR_PTR(err);
	}
	return err;
#endif
}

static inline int cabi_vfs_rmdir(cabi_idmap_t *idmap, struct inode *dir,
				 struct dentry *d)
{
#ifdef CABI_HAVE_DELEGATED_INODE
	return vfs_rmdir(idmap, dir, d, NULL);
#else
	return vfs_rmdir(idmap, dir, d);
#endif
}

static inline int cabi_vfs_symlink(cabi_idmap_t *idmap, struct inode *dir,
				   struct dentry *d, const char *target)
{
#ifdef CABI_HAVE_DELEGATED_INODE
	return vfs_symlink(idmap, dir, d, target, NULL);
#else
	return vfs_symlink(idmap, dir, d, target);
#endif
}

/*
 * Rename: lock both parents, look up both names and refuse a source that
 * is an ancestor of the target (-EINVAL) or the reverse (-ENOTEMPTY).  On
 * success rd->old_dentry/new_dentry are set and cabi_end_renaming() must
 * follow; a missing source is -ENOENT.
 */
static inline void cabi_renamedata_init(struct renamedata *rd, cabi_idmap_t *idmap,
					struct dentry *old_parent,
					struct dentry *new_parent)
{
#if defined(CABI_HAVE_RENAMEDATA_ONE_IDMAP)
	rd->mnt_idmap = idmap;
#elif defined(CABI_HAVE_RENAMEDATA_IDMAP)
	rd->old_mnt_idmap = idmap;
	rd->new_mnt_idmap = idmap;
#else
	rd->old_mnt_userns = idmap;
	rd->new_mnt_userns = idmap;
#endif
#ifdef CABI_HAVE_RENAMEDATA_PARENTS
	rd->old_parent = old_parent;
	rd->new_parent = new_parent;
#else
	rd->old_dir = d_inode(old_parent);
	rd->new_dir = d_inode(new_parent);
#endif
}

static inline int cabi_start_renaming(struct renamedata *rd,
				      struct dentry *old_parent, struct qstr *old_last,
				      struct dentry *new_parent, struct qstr *new_last)
{
#ifdef CABI_HAVE_START_RENAMING
	return start_renaming(rd, 0, old_last, new_last);
#else
	struct dentry *od, *nd, *trap;
	int err;

	trap = lock_rename(new_parent, old_parent);
	if (IS_ERR(trap))
		return PTR_ERR(trap);
	od = lookup_one_qstr_excl(old_last, old_parent, 0);
	err = PTR_ERR(od);
	if (IS_ERR(od))
		goto unlock;
	err = -ENOENT;
	if (d_is_negative(od))
		goto put_old;
	nd = lookup_one_qstr_excl(new_last, new_parent,
				  LOOKUP_RENAME_TARGET | LOOKUP_CREATE);
	err = PTR_ERR(nd);
	if (IS_ERR(nd))
		goto put_old;
	err = -EINVAL;
	if (od == trap)
		goto put_new;
	err = -ENOTEMPTY;
	if (nd == trap)
		goto put_new;
	rd->old_dentry = od;
	rd->new_dentry = nd;
	return 0;
put_new:
	dput(nd);
put_old:
	dput(od);
unlock:
	unlock_rename(new_parent, old_parent);
	return err;
#endif
}

static inline void cabi_end_renaming(struct renamedata *rd,
				     struct dentry *old_parent,
				     struct dentry *new_parent)
{
#ifdef CABI_HAVE_START_RENAMING
	end_renaming(rd);
#else
	dput(rd->new_dentry);
	dput(rd->old_dentry);
	unlock_rename(new_parent, old_parent);
#endif
}

/* struct fs_struct: a spinlock and a seqcount, one seqlock_t in 7.x. */
static inline void cabi_fs_write_lock(struct fs_struct *fs)
{
#ifdef CABI_HAVE_FS_SEQLOCK
	write_seqlock(&fs->seq);
#else
	spin_lock(&fs->lock);
	write_seqcount_begin(&fs->seq);
#endif
}

static inline void cabi_fs_write_unlock(struct fs_struct *fs)
{
#ifdef CABI_HAVE_FS_SEQLOCK
	write_sequnlock(&fs->seq);
#else
	write_seqcount_end(&fs->seq);
	spin_unlock(&fs->lock);
#endif
}

/*
 * Whether recvmsg on @sock writes the peer's credentials (SO_PASSCRED),
 * security label (SO_PASSSEC) or a pidfd (SO_PASSPIDFD) into the control
 * buffer: flags of struct socket, bits of struct sock from 6.16 on.  A
 * racy read: the caller clears them through sock_setsockopt() anyway.
 */
static inline bool cabi_sock_passes_peer_info(const struct socket *sock)
{
#ifdef CABI_HAVE_SK_SCM_FLAGS
	const struct sock *sk = sock->sk;

	return sk->sk_scm_credentials || sk->sk_scm_security ||
	       sk->sk_scm_pidfd;
#else
	return test_bit(SOCK_PASSCRED, &sock->flags) ||
#ifdef SO_PASSPIDFD
	       test_bit(SOCK_PASSPIDFD, &sock->flags) ||
#endif
	       test_bit(SOCK_PASSSEC, &sock->flags);
#endif
}

/*
 * Keep writers off a file opened for exec; exec's own helper skips files
 * with pre-content watches from 6.12 on, and the kernel undoes the denial
 * with the same helper.
 */
static inline int cabi_exe_deny_write(struct file *file)
{
#ifdef CABI_HAVE_EXE_FILE_DENY_WRITE
	return exe_file_deny_write_access(file);
#else
	return deny_write_access(file);
#endif
}

/* An unlinked shmem file that reserves no memory up front. */
static inline struct file *cabi_shmem_file_noreserve(const char *name)
{
#ifdef CABI_HAVE_SHMEM_VMA_FLAGS
	return shmem_file_setup(name, 0, mk_vma_flags(VMA_NORESERVE_BIT));
#else
	return shmem_file_setup(name, 0, VM_NORESERVE);
#endif
}

/*
 * The file's own ioctl, as vfs_ioctl() (no longer exported in 7.x) does
 * it: the caller has run security_file_ioctl().
 */
static inline long cabi_file_ioctl(struct file *file, unsigned int cmd,
				   unsigned long arg)
{
	long err;

	if (!file->f_op->unlocked_ioctl)
		return -ENOTTY;
	err = file->f_op->unlocked_ioctl(file, cmd, arg);
	return err == -ENOIOCTLCMD ? -ENOTTY : err;
}

/*
 * SCM_PIDFD (6.5+): a received socket may have SO_PASSPIDFD set by the
 * native process that made it, and then recvmsg installs a pidfd.  Before
 * 6.5 no SOL_SOCKET control message has this type, so matching it is
 * harmless there.
 */
#ifndef SCM_PIDFD
#define SCM_PIDFD	0x04
#endif

/* ---- poll.c: bytes ready to read (issue 17) ---- */
/*
 * Bytes queued on an AF_UNIX socket, as its FIONREAD counts them; -1 for
 * other sockets, or where unix_inq_len() is not exported.  It is exported
 * by every kernel we know, but its declaration left include/net/af_unix.h
 * for net/unix/ (7.2 has it there): declare it where Module.symvers lists
 * it.
 */
#ifdef CABI_HAVE_UNIX_INQ_LEN
long unix_inq_len(struct sock *sk);

static inline long cabi_unix_inq_len(struct file *file)
{
	struct socket *sock = sock_from_file(file);

	if (!sock || !sock->sk || sock->sk->sk_family != AF_UNIX)
		return -1;
	return max(unix_inq_len(sock->sk), 0L);
}
#else
static inline long cabi_unix_inq_len(struct file *file)
{
	return -1;
}
#endif

/*
 * Bytes in a pipe's ring, as its FIONREAD counts them.  pipe_buf() is
 * 6.14+; the ring's indexing is the same before.
 */
static inline u64 cabi_pipe_count(struct pipe_inode_info *pipe)
{
	unsigned int tail, n;
	u64 count = 0;

	mutex_lock(&pipe->mutex);
	tail = pipe->tail;
	for (n = pipe_occupancy(pipe->head, tail); n; n--, tail++)
		count += pipe->bufs[tail & (pipe->ring_size - 1)].len;
	mutex_unlock(&pipe->mutex);
	return count;
}

/* ---- end poll.c ---- */

/* ---- vdso.c: the vDSO's private pseudo filesystem (issue 12) ---- */
/*
 * A superblock's default dentry_operations: the s_d_op field on 6.1/6.12,
 * set_default_d_op() (the field became __s_d_op) since.
 */
static inline void cabi_set_default_d_op(struct super_block *sb,
					 const struct dentry_operations *ops)
{
#ifdef CABI_HAVE_SET_DEFAULT_D_OP
	set_default_d_op(sb, ops);
#else
	sb->s_d_op = ops;
#endif
}

/* ---- end vdso.c ---- */

/* ---- every file: typed allocation (newer kernels have it) ---- */
/*
 * kmalloc_obj(*p, gfp) and kzalloc_obj(*p, gfp) allocate one object of
 * p's type and return it as that type; checkpatch asks for them where a
 * tree has them.  Both are macros, so their absence is their own probe.
 */
#ifndef kmalloc_obj
#define kmalloc_obj(obj, gfp)	({ typeof(obj) *__p = kmalloc(sizeof(obj), gfp); __p; })
#endif
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp)	({ typeof(obj) *__p = kzalloc(sizeof(obj), gfp); __p; })
#endif
/* ---- end typed allocation ---- */

#endif /* CABI_COMPAT_H */
