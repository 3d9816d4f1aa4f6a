// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: resolution strictly beneath a directory (DESIGN.md §4).
 *
 * Every walk is vfs_path_lookup() or vfs_path_parent_lookup() with the
 * directory preset as root and LOOKUP_BENEATH, which refuses ".." above
 * the root, absolute symlinks and magic links with -EXDEV and races with
 * rename or mount with -EAGAIN.  It would quietly treat a leading '/' as
 * relative and accept "", so names are checked here first.  Opens walk to
 * the parent and let file_open_root() open the single last component, so
 * may_open(), O_CREAT, O_TRUNC, LSM hooks and audit are the kernel's own.
 */
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "path.h"
#include "refusal.h"

/* Walks that met a concurrent rename or mount are retried this often. */
#define CABI_RACE_RETRIES 8

/* Exact CloudABI errno for a name, before anything is resolved. */
u16 cabi_name_check(const char *s, size_t len, enum cabi_name_kind kind)
{
	if (!len)
		return CLOUDABI_ENOENT;
	if (len >= PATH_MAX)
		return CLOUDABI_ENAMETOOLONG;
	if (memchr(s, '\0', len))
		return CLOUDABI_EINVAL;
	if (kind == CABI_NAME_PATH && s[0] == '/') {
		cabi_refused(CABI_REFUSED_ABSOLUTE, 0, 0, 0);
		return CLOUDABI_ENOTCAPABLE;
	}
	return 0;
}

u16 cabi_name_get(struct cabi_name *n, u64 uptr, u64 len,
		  enum cabi_name_kind kind)
{
	u16 err;

	n->s = NULL;
	if (!len)
		return CLOUDABI_ENOENT;
	if (len >= PATH_MAX)
		return CLOUDABI_ENAMETOOLONG;
	n->s = kmalloc(len + 1, GFP_KERNEL);
	if (!n->s)
		return CLOUDABI_ENOMEM;
	if (copy_from_user(n->s, u64_to_user_ptr(uptr), len)) {
		err = CLOUDABI_EFAULT;
		goto fail;
	}
	n->s[len] = '\0';
	n->len = len;
	err = cabi_name_check(n->s, len, kind);
	if (!err)
		return 0;
fail:
	kfree(n->s);
	n->s = NULL;
	return err;
}

void cabi_name_put(struct cabi_name *n)
{
	kfree(n->s);
	n->s = NULL;
}

/* Is the last component (trailing slashes ignored) ".", ".." or a name? */
enum cabi_last cabi_name_last(const char *s, size_t len)
{
	size_t end = len, start;

	while (end > 1 && s[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && s[start - 1] != '/')
		start--;
	if (end - start == 1 && s[start] == '.')
		return CABI_LAST_DOT;
	if (end - start == 2 && s[start] == '.' && s[start + 1] == '.')
		return CABI_LAST_DOTDOT;
	return CABI_LAST_NAME;
}

/* A scoped walk's escape (-EXDEV) or lost race (-EAGAIN) is ENOTCAPABLE. */
static u16 cabi_lookup_errno(int err)
{
	if (err == -EXDEV || err == -EAGAIN) {
		cabi_refused(CABI_REFUSED_ESCAPE, 0, 0, 0);
		return CLOUDABI_ENOTCAPABLE;
	}
	return cabi_errno(err);
}

/*
 * Resolve @name beneath directory @dir.  @flags may add LOOKUP_FOLLOW (the
 * last component's symlink) and LOOKUP_DIRECTORY.  On success the caller
 * owns @out.
 */
u16 cabi_lookup(struct file *dir, const char *name, unsigned int flags,
		struct path *out)
{
	int tries = 0, err;

	do {
		err = vfs_path_lookup(dir->f_path.dentry, dir->f_path.mnt, name,
				      flags | LOOKUP_BENEATH, out);
	} while (err == -EAGAIN && ++tries < CABI_RACE_RETRIES);
	return cabi_lookup_errno(err);
}

/*
 * Find the directory holding @name's last component.  A last component of
 * "." or ".." has no parent to create in or remove from: after checking
 * that the name stays beneath @dir (ENOTCAPABLE otherwise) this returns
 * CABI_EDOTS with *@last saying which, and the caller answers with the
 * errno its native call gives.
 */
u16 cabi_lookup_parent(struct file *dir, const struct cabi_name *name,
		       struct cabi_parent *p, enum cabi_last *last)
{
	struct path path;
	int tries = 0, err;
	u16 cerr;

	*last = cabi_name_last(name->s, name->len);
	if (*last != CABI_LAST_NAME) {
		cerr = cabi_lookup(dir, name->s, 0, &path);
		if (cerr)
			return cerr;
		path_put(&path);
		return CABI_EDOTS;
	}
	p->fn = getname_kernel(name->s);
	if (IS_ERR(p->fn))
		return cabi_errno(PTR_ERR(p->fn));
	do {
		err = cabi_path_parent_lookup(p->fn, LOOKUP_BENEATH, &p->path,
					      &p->last, &dir->f_path);
	} while (err == -EAGAIN && ++tries < CABI_RACE_RETRIES);
	if (err) {
		putname(p->fn);
		return cabi_lookup_errno(err);
	}
	p->slash = name->s[name->len - 1] == '/';
	return 0;
}

void cabi_parent_put(struct cabi_parent *p)
{
	path_put(&p->path);
	putname(p->fn);
}

/* Is @name, trailing slashes dropped, a symbolic link beneath @dir? */
static u16 cabi_name_is_link(struct file *dir, const struct cabi_name *name,
			     bool *link)
{
	struct path path;
	size_t len = name->len;
	char *bare;

	while (len > 1 && name->s[len - 1] == '/')
		len--;
	bare = kmemdup_nul(name->s, len, GFP_KERNEL);
	if (!bare)
		return CLOUDABI_ENOMEM;
	*link = !cabi_lookup(dir, bare, 0, &path);
	kfree(bare);
	if (*link) {
		*link = d_is_symlink(path.dentry);
		path_put(&path);
	}
	return 0;
}

/* @p names @path's dentry in its parent directory, on @path's mount. */
static u16 cabi_parent_of(const struct path *path, struct cabi_parent *p)
{
	struct name_snapshot snap;
	u16 err = 0;

	take_dentry_name_snapshot(&snap, path->dentry);
	p->fn = getname_kernel((const char *)snap.name.name);
	if (IS_ERR(p->fn)) {
		err = cabi_errno(PTR_ERR(p->fn));
	} else {
		p->last.hash_len = snap.name.hash_len;
		p->last.name = (const unsigned char *)p->fn->name;
		p->path.mnt = mntget(path->mnt);
		p->path.dentry = dget_parent(path->dentry);
		p->slash = true;
	}
	release_dentry_name_snapshot(&snap);
	return err;
}

/*
 * As cabi_lookup_parent(), for the calls that act on a name itself (rmdir,
 * rename) rather than on what it names.  On FreeBSD a trailing slash
 * follows a symbolic link even there, so "link/" is the directory the link
 * names, found strictly beneath @dir: @p is then that directory's parent
 * and name (Linux would say ENOTDIR).  The link naming @dir itself is ".",
 * CABI_EDOTS; a mount point is EBUSY.
 */
u16 cabi_lookup_parent_slash(struct file *dir, const struct cabi_name *name,
			     struct cabi_parent *p, enum cabi_last *last)
{
	struct path path;
	bool link = false;
	u16 err;

	if (name->s[name->len - 1] == '/' &&
	    cabi_name_last(name->s, name->len) == CABI_LAST_NAME) {
		err = cabi_name_is_link(dir, name, &link);
		if (err)
			return err;
	}
	if (!link)
		return cabi_lookup_parent(dir, name, p, last);
	/* The walk follows it; a link to a non-directory is ENOTDIR. */
	err = cabi_lookup(dir, name->s, LOOKUP_FOLLOW, &path);
	if (err)
		return err;
	*last = CABI_LAST_NAME;
	if (path.dentry == dir->f_path.dentry) {
		*last = CABI_LAST_DOT;
		err = CABI_EDOTS;
	} else if (path.dentry == path.mnt->mnt_root) {
		err = CLOUDABI_EBUSY;
	} else {
		err = cabi_parent_of(&path, p);
	}
	path_put(&path);
	return err;
}

/*
 * The mode file_open creates with, before the umask: 0777 as on FreeBSD, so
 * that a program can write an executable and proc_exec it.
 */
#define CABI_CREATE_MODE	0777

/* Open what @name resolves to, without walking any further. */
static struct file *cabi_open_resolved(struct file *dir, const char *name,
				       int flags, unsigned int lookup, u16 *err)
{
	struct file *file;
	struct path path;

	*err = cabi_lookup(dir, name, lookup, &path);
	if (*err)
		return NULL;
	file = file_open_root(&path, "", flags, CABI_CREATE_MODE);
	path_put(&path);
	return file;
}

/*
 * Open @name beneath @dir with open(2) @flags.  The last component is not
 * followed when it is a symlink unless @follow (or a trailing '/') says so.
 * A new file gets CABI_CREATE_MODE & ~umask.  Returns the file, or NULL
 * with *@err set.
 */
struct file *cabi_open_beneath(struct file *dir, const struct cabi_name *name,
			       int flags, bool follow, u16 *err)
{
	enum cabi_last last = cabi_name_last(name->s, name->len);
	bool slash = name->s[name->len - 1] == '/';
	struct cabi_parent p;
	struct file *file;

	if (slash && (flags & O_CREAT)) {
		*err = CLOUDABI_EISDIR;
		return NULL;
	}
	if (slash || last != CABI_LAST_NAME) {
		file = cabi_open_resolved(dir, name->s,
					  flags | (slash ? O_DIRECTORY : 0),
					  LOOKUP_FOLLOW, err);
		goto out;
	}
	*err = cabi_lookup_parent(dir, name, &p, &last);
	if (*err)
		return NULL;
	file = file_open_root(&p.path, p.last.name, flags | O_NOFOLLOW,
			      CABI_CREATE_MODE);
	cabi_parent_put(&p);
	/* A final symlink: ELOOP, or ENOTDIR when O_DIRECTORY was checked first. */
	if (follow && (file == ERR_PTR(-ELOOP) ||
		       ((flags & O_DIRECTORY) && file == ERR_PTR(-ENOTDIR))))
		file = cabi_open_resolved(dir, name->s, flags & ~(O_CREAT | O_EXCL),
					  LOOKUP_FOLLOW, err);
out:
	if (!file)
		return NULL;
	if (IS_ERR(file)) {
		*err = cabi_errno(PTR_ERR(file));
		return NULL;
	}
	*err = 0;
	return file;
}

/*
 * @fd is a lookup_t (fd in the low half, lookupflags in the high half)
 * when @lookup, else a plain fd_t.  The name is checked before the
 * descriptor, as FreeBSD does.
 */
u16 cabi_at_get(struct cabi_at *at, u64 fd, u64 path, u64 len, u64 need,
		bool lookup)
{
	u32 lflags = lookup ? fd >> 32 : 0;
	u16 err;

	if (lflags & ~CLOUDABI_LOOKUP_SYMLINK_FOLLOW)
		return CLOUDABI_EINVAL;
	at->follow = lflags & CLOUDABI_LOOKUP_SYMLINK_FOLLOW;
	err = cabi_name_get(&at->name, path, len, CABI_NAME_PATH);
	if (err)
		return err;
	at->w = cabi_fd_get((u32)fd, need, &at->f, &err);
	if (!at->w)
		cabi_name_put(&at->name);
	return err;
}

void cabi_at_put(struct cabi_at *at)
{
	fdput(at->f);
	cabi_name_put(&at->name);
}

unsigned int cabi_at_lookup_flags(const struct cabi_at *at)
{
	return at->follow ? LOOKUP_FOLLOW : 0;
}
