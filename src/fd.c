// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: capability wrapper files.
 *
 * fork copies them, threads share them, exit closes them, SCM_RIGHTS
 * carries them: all natively.  Only files whose f_op is ours are CloudABI
 * descriptors.  A raw file in the table is not inert: the native calls the
 * filter admits can copy it, and a raw directory would be a place to
 * resolve paths from.  So no thread ever sees one: the loader wraps what a
 * process inherits, and sock_send and sock_recv park the other threads
 * while raw files sit at numbers of theirs (src/syscalls/sock.c,
 * src/park.c).  The table's only other files are the module's own exec
 * gate and control descriptor, at fixed numbers the filter guards.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "refusal.h"

static int cabi_fd_release(struct inode *inode, struct file *file)
{
	struct cabi_fd *w = file->private_data;

	fput(w->inner);
	kfree(w);
	return 0;
}

/*
 * /proc/PID/fdinfo/N of a CloudABI descriptor: its type, rights and the
 * path of what it wraps, for whoever may read the process's fdinfo (ptrace
 * read access: what /proc/PID/fd would show of a native process).
 * cloudabi-trace reads them to explain an ENOTCAPABLE.
 */
static void cabi_fd_show_fdinfo(struct seq_file *m, struct file *file)
{
	const struct cabi_fd *w = file->private_data;

	seq_printf(m, "cloudabi_type:\t%#x\n", w->filetype);
	seq_printf(m, "cloudabi_rights:\t%#llx %#llx\n", w->rights.base,
		   w->rights.inheriting);
	/* Where a refused path's links can be read (cloudabi-trace). */
	seq_puts(m, "cloudabi_path:\t");
	seq_file_path(m, w->inner, "\n");
	seq_putc(m, '\n');
}

const struct file_operations cabi_fd_fops = {
	.owner = THIS_MODULE,
	.release = cabi_fd_release,
	.show_fdinfo = cabi_fd_show_fdinfo,
};

/* A new wrapper holding its own reference to @inner. */
struct file *cabi_fd_wrap(struct file *inner, u8 filetype,
			  struct cabi_rights rights)
{
	struct cabi_fd *w;
	struct file *file;

	w = kmalloc_obj(*w, GFP_KERNEL_ACCOUNT);
	if (!w)
		return ERR_PTR(-ENOMEM);
	w->inner = get_file(inner);
	w->rights = rights;
	w->filetype = filetype;
	file = anon_inode_getfile("[cloudabi-fd]", &cabi_fd_fops, w, O_RDWR);
	if (IS_ERR(file)) {
		fput(inner);
		kfree(w);
	}
	return file;
}

/*
 * A wrapper for a file that came from outside CloudABI (inherited from the
 * host at exec, or received from a native sender): rights of its type,
 * less reading or writing if it was not opened for them (ABI.md §8).
 */
struct file *cabi_fd_wrap_native(struct file *inner)
{
	u8 type = cabi_filetype_of(inner);

	return cabi_fd_wrap(inner, type, cabi_rights_for_host_file(inner, type));
}

/*
 * Wrap @inner (the caller keeps its own reference) and install the wrapper
 * at the lowest free number, stored in *@fd.  Returns a CloudABI errno.
 */
u16 cabi_fd_install(struct file *inner, u8 filetype, struct cabi_rights rights,
		    u64 *fd)
{
	struct file *w;
	int nr;

	w = cabi_fd_wrap(inner, filetype, rights);
	if (IS_ERR(w))
		return cabi_errno(PTR_ERR(w));
	nr = get_unused_fd_flags(0);
	if (nr < 0) {
		fput(w);
		return cabi_errno(nr);
	}
	fd_install(nr, w);
	*fd = nr;
	return 0;
}

/*
 * Look up CloudABI descriptor @fd and check that it grants @need.  On
 * success the caller owns @f and must fdput() it.  Errors: EBADF for a
 * number that is not a CloudABI descriptor, ENOTCAPABLE for missing rights.
 */
struct cabi_fd *cabi_fd_get(unsigned int fd, u64 need, struct fd *f, u16 *err)
{
	struct cabi_fd *w;

	*f = fdget(fd);
	if (!cabi_fd_file(*f) || !cabi_is_fd_file(cabi_fd_file(*f))) {
		fdput(*f);
		*err = CLOUDABI_EBADF;
		return NULL;
	}
	w = cabi_fd_file(*f)->private_data;
	if (!cabi_rights_cover(w->rights.base, need)) {
		cabi_refused(CABI_REFUSED_RIGHTS, fd, need, w->rights.base);
		fdput(*f);
		*err = CLOUDABI_ENOTCAPABLE;
		return NULL;
	}
	return w;
}

/*
 * cabi_fd_get() for the calls that act at a position (seek, pread, pwrite,
 * advise, allocate): a pipe, FIFO or socket answers ESPIPE before its
 * rights are looked at.  On FreeBSD these descriptors hold CAP_SEEK and the
 * type itself refuses; cloudlibc's fdopen() tells a stream from a file by
 * exactly this answer to lseek(fd, 0, SEEK_CUR).
 */
struct cabi_fd *cabi_fd_get_positioned(unsigned int fd, u64 need,
				       struct fd *f, u16 *err)
{
	struct cabi_fd *w = cabi_fd_get(fd, 0, f, err);

	if (!w)
		return NULL;
	if (w->filetype == CLOUDABI_FILETYPE_SOCKET_STREAM ||
	    w->filetype == CLOUDABI_FILETYPE_SOCKET_DGRAM)
		*err = CLOUDABI_ESPIPE;
	else if (!cabi_rights_cover(w->rights.base, need))
		*err = CLOUDABI_ENOTCAPABLE;
	else
		return w;
	if (*err == CLOUDABI_ENOTCAPABLE)
		cabi_refused(CABI_REFUSED_RIGHTS, fd, need, w->rights.base);
	fdput(*f);
	return NULL;
}
