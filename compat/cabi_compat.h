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
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/socket.h>

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

/* struct renamedata names the mounts' idmaps since 6.3, user namespaces before. */
static inline void cabi_renamedata_set_idmap(struct renamedata *rd,
					     cabi_idmap_t *idmap)
{
#ifdef CABI_HAVE_RENAMEDATA_IDMAP
	rd->old_mnt_idmap = idmap;
	rd->new_mnt_idmap = idmap;
#else
	rd->old_mnt_userns = idmap;
	rd->new_mnt_userns = idmap;
#endif
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

#endif /* CABI_COMPAT_H */
