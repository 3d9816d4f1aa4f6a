// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: rights of descriptors by file type (ABI.md §8.2).
 *
 * Rights only ever shrink.  A descriptor inherited from the host gets the
 * maximum for its type, less FD_WRITE when it was not opened for writing
 * and less FD_READ when not opened for reading.
 */
#include <linux/fcntl.h>
#include <linux/net.h>
#include <linux/stat.h>

#include "cabi.h"
#include "capsicum_rights.h"
#include "sysent.h"

#define R(x) CLOUDABI_RIGHT_##x

#define RIGHTS_REGULAR_FILE (R(FD_DATASYNC) | R(FD_READ) | R(FD_SEEK) | \
	R(FD_STAT_PUT_FLAGS) | R(FD_SYNC) | R(FD_TELL) | R(FD_WRITE) | \
	R(FILE_ADVISE) | R(FILE_ALLOCATE) | R(FILE_STAT_FGET) | \
	R(FILE_STAT_FPUT_SIZE) | R(FILE_STAT_FPUT_TIMES) | R(MEM_MAP) | \
	R(MEM_MAP_EXEC) | R(POLL_FD_READWRITE) | R(PROC_EXEC))

#define RIGHTS_DIRECTORY (R(FD_STAT_PUT_FLAGS) | R(FD_SYNC) | \
	R(FILE_ADVISE) | R(FILE_CREATE_DIRECTORY) | R(FILE_CREATE_FILE) | \
	R(FILE_LINK_SOURCE) | R(FILE_LINK_TARGET) | R(FILE_OPEN) | \
	R(FILE_READDIR) | R(FILE_READLINK) | R(FILE_RENAME_SOURCE) | \
	R(FILE_RENAME_TARGET) | R(FILE_STAT_FGET) | R(FILE_STAT_FPUT_TIMES) | \
	R(FILE_STAT_GET) | R(FILE_STAT_PUT_TIMES) | R(FILE_SYMLINK) | \
	R(FILE_UNLINK) | R(POLL_FD_READWRITE))

#define RIGHTS_SOCKET (R(FD_READ) | R(FD_STAT_PUT_FLAGS) | R(FD_WRITE) | \
	R(FILE_STAT_FGET) | R(POLL_FD_READWRITE) | R(SOCK_SHUTDOWN))

#define RIGHTS_SHARED_MEMORY (R(FD_READ) | R(FD_WRITE) | R(FILE_STAT_FGET) | \
	R(FILE_STAT_FPUT_SIZE) | R(MEM_MAP) | R(MEM_MAP_EXEC))

const struct cabi_syscall_rights cabi_syscall_rights[CLOUDABI_NSYSCALLS] = {
	[CABI_NR_fd_datasync]	= { R(FD_DATASYNC) },
	[CABI_NR_fd_pread]	= { R(FD_READ) | R(FD_SEEK) },
	[CABI_NR_fd_pwrite]	= { R(FD_WRITE) | R(FD_SEEK) },
	[CABI_NR_fd_read]	= { R(FD_READ) },
	[CABI_NR_fd_seek]	= { 0 },		/* cabi_rights_seek() */
	[CABI_NR_fd_stat_put]	= { 0 },		/* FLAGS: FD_STAT_PUT_FLAGS */
	[CABI_NR_fd_sync]	= { R(FD_SYNC) },
	[CABI_NR_fd_write]	= { R(FD_WRITE) },
	[CABI_NR_file_advise]	= { R(FILE_ADVISE) },
	[CABI_NR_file_allocate]	= { R(FILE_ALLOCATE) },
	[CABI_NR_file_create]	= { R(FILE_CREATE_DIRECTORY) },
	[CABI_NR_file_link]	= { R(FILE_LINK_SOURCE), R(FILE_LINK_TARGET) },
	[CABI_NR_file_open]	= { 0 },		/* cabi_rights_open() */
	[CABI_NR_file_readdir]	= { R(FILE_READDIR) },
	[CABI_NR_file_readlink]	= { R(FILE_READLINK) },
	[CABI_NR_file_rename]	= { R(FILE_RENAME_SOURCE), R(FILE_RENAME_TARGET) },
	[CABI_NR_file_stat_fget] = { R(FILE_STAT_FGET) },
	[CABI_NR_file_stat_fput] = { 0 },		/* cabi_rights_fstat_put() */
	[CABI_NR_file_stat_get]	= { R(FILE_STAT_GET) },
	[CABI_NR_file_stat_put]	= { R(FILE_STAT_PUT_TIMES) },
	[CABI_NR_file_symlink]	= { R(FILE_SYMLINK) },
	[CABI_NR_file_unlink]	= { R(FILE_UNLINK) },
	[CABI_NR_mem_map]	= { 0 },		/* cabi_rights_mmap() */
	[CABI_NR_proc_exec]	= { R(PROC_EXEC) },
	[CABI_NR_sock_recv]	= { R(FD_READ) },
	[CABI_NR_sock_send]	= { R(FD_WRITE) },
	[CABI_NR_sock_shutdown]	= { R(SOCK_SHUTDOWN) },
};

/* fd_seek: a pure "tell" (offset 0 from CUR) needs FD_TELL, anything else FD_SEEK. */
u64 cabi_rights_seek(s64 offset, u8 whence)
{
	return offset == 0 && whence == CLOUDABI_WHENCE_CUR ? R(FD_TELL) : R(FD_SEEK);
}

/* file_stat_fput: the size (FILESTAT_SIZE) or the times, never both. */
u64 cabi_rights_fstat_put(u16 flags)
{
	return flags & CLOUDABI_FILESTAT_SIZE ? R(FILE_STAT_FPUT_SIZE) :
						R(FILE_STAT_FPUT_TIMES);
}

/*
 * mem_map of a descriptor: MEM_MAP and FD_READ (even for PROT_NONE or
 * write-only: the native mprotect can later make any file mapping
 * readable), FD_WRITE to write through a shared mapping (a private one
 * writes to its own copy) and MEM_MAP_EXEC to execute.
 */
u64 cabi_rights_mmap(u8 prot, u8 flags)
{
	u64 need = R(MEM_MAP) | R(FD_READ);

	if ((prot & CLOUDABI_PROT_WRITE) && (flags & CLOUDABI_MAP_SHARED))
		need |= R(FD_WRITE);
	if (prot & CLOUDABI_PROT_EXEC)
		need |= R(MEM_MAP_EXEC);
	return need;
}

#define RIGHTS_OPEN_READ (R(FD_READ) | R(FILE_READDIR) | R(MEM_MAP_EXEC))
#define RIGHTS_OPEN_WRITE (R(FD_DATASYNC) | R(FD_WRITE) | R(FILE_ALLOCATE) | \
	R(FILE_STAT_FPUT_SIZE))
#define OFLAGS_ALL (CLOUDABI_O_CREAT | CLOUDABI_O_DIRECTORY | CLOUDABI_O_EXCL | \
	CLOUDABI_O_TRUNC)
#define FDFLAGS_ALL (CLOUDABI_FDFLAG_APPEND | CLOUDABI_FDFLAG_DSYNC | \
	CLOUDABI_FDFLAG_NONBLOCK | CLOUDABI_FDFLAG_RSYNC | CLOUDABI_FDFLAG_SYNC)

/*
 * file_open(dirfd, path, oflags, fds): the access mode follows from the
 * requested base rights; the directory must carry FILE_OPEN (and
 * FILE_CREATE_FILE to create) and, in its inheriting rights, everything
 * requested plus what the flags imply (ABI.md §8.3 steps 1-3, 6).
 */
u16 cabi_rights_open(u16 oflags, const struct cloudabi_fdstat *fds,
		     struct cabi_open_req *req)
{
	u64 base = fds->fs_rights_base;
	u16 fl = fds->fs_flags;
	bool rd = base & RIGHTS_OPEN_READ, wr = base & RIGHTS_OPEN_WRITE;

	if ((oflags & ~OFLAGS_ALL) || (fl & ~FDFLAGS_ALL))
		return CLOUDABI_EINVAL;
	req->flags = O_LARGEFILE | O_NOCTTY |
		     (wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY);
	req->dir_base = R(FILE_OPEN);
	req->dir_inheriting = base | fds->fs_rights_inheriting;
	if (oflags & CLOUDABI_O_CREAT) {
		req->flags |= O_CREAT;
		req->dir_base |= R(FILE_CREATE_FILE);
	}
	if (oflags & CLOUDABI_O_DIRECTORY)
		req->flags |= O_DIRECTORY;
	if (oflags & CLOUDABI_O_EXCL)
		req->flags |= O_EXCL;
	if (oflags & CLOUDABI_O_TRUNC) {
		req->flags |= O_TRUNC;
		req->dir_inheriting |= R(FILE_STAT_FPUT_SIZE);
	}
	if (fl & CLOUDABI_FDFLAG_APPEND)
		req->flags |= O_APPEND;
	if (fl & CLOUDABI_FDFLAG_NONBLOCK)
		req->flags |= O_NONBLOCK;
	if (fl & CLOUDABI_FDFLAG_DSYNC) {
		req->flags |= O_DSYNC;
		req->dir_inheriting |= R(FD_DATASYNC);
	}
	if (fl & (CLOUDABI_FDFLAG_RSYNC | CLOUDABI_FDFLAG_SYNC)) {
		req->flags |= O_SYNC;
		req->dir_inheriting |= R(FD_SYNC);
	}
	if (wr && !(fl & CLOUDABI_FDFLAG_APPEND) && !(oflags & CLOUDABI_O_TRUNC))
		req->dir_inheriting |= R(FD_SEEK);
	return 0;
}

/* The opened descriptor's rights: what was asked for, as far as its type allows. */
struct cabi_rights cabi_rights_opened(const struct cloudabi_fdstat *fds,
				      u8 filetype)
{
	struct cabi_rights max = cabi_rights_max(filetype);

	return (struct cabi_rights){ fds->fs_rights_base & max.base,
				     fds->fs_rights_inheriting & max.inheriting };
}

/* CloudABI file type of an inode mode; sockets need the file (below). */
u8 cabi_filetype_of_mode(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return CLOUDABI_FILETYPE_DIRECTORY;
	case S_IFREG:
		return CLOUDABI_FILETYPE_REGULAR_FILE;
	case S_IFLNK:
		return CLOUDABI_FILETYPE_SYMBOLIC_LINK;
	case S_IFBLK:
		return CLOUDABI_FILETYPE_BLOCK_DEVICE;
	case S_IFCHR:
		return CLOUDABI_FILETYPE_CHARACTER_DEVICE;
	case S_IFIFO:
	case S_IFSOCK:
		return CLOUDABI_FILETYPE_SOCKET_STREAM;
	default:
		return CLOUDABI_FILETYPE_UNKNOWN;
	}
}

/* What fd_stat_get reports for a native file (FreeBSD's mapping). */
u8 cabi_filetype_of(struct file *file)
{
	struct socket *sock;

	if (!S_ISSOCK(file_inode(file)->i_mode))
		return cabi_filetype_of_mode(file_inode(file)->i_mode);
	sock = sock_from_file(file);
	if (sock && sock->type == SOCK_STREAM)
		return CLOUDABI_FILETYPE_SOCKET_STREAM;
	if (sock && sock->type == SOCK_DGRAM)
		return CLOUDABI_FILETYPE_SOCKET_DGRAM;
	return CLOUDABI_FILETYPE_UNKNOWN;
}

struct cabi_rights cabi_rights_max(u8 filetype)
{
	switch (filetype) {
	case CLOUDABI_FILETYPE_DIRECTORY:
		return (struct cabi_rights){ RIGHTS_DIRECTORY,
					     RIGHTS_DIRECTORY | RIGHTS_REGULAR_FILE };
	case CLOUDABI_FILETYPE_REGULAR_FILE:
		return (struct cabi_rights){ RIGHTS_REGULAR_FILE, 0 };
	case CLOUDABI_FILETYPE_SOCKET_DGRAM:
	case CLOUDABI_FILETYPE_SOCKET_STREAM:
		return (struct cabi_rights){ RIGHTS_SOCKET, CLOUDABI_RIGHTS_ALL };
	case CLOUDABI_FILETYPE_SHARED_MEMORY:
		return (struct cabi_rights){ RIGHTS_SHARED_MEMORY, 0 };
	case CLOUDABI_FILETYPE_PROCESS:
		/* What FreeBSD's process descriptors carry in practice (ABI.md §7). */
		return (struct cabi_rights){ R(FILE_STAT_FGET) | R(POLL_PROC_TERMINATE), 0 };
	case CLOUDABI_FILETYPE_BLOCK_DEVICE:
	case CLOUDABI_FILETYPE_CHARACTER_DEVICE:
		return (struct cabi_rights){ CLOUDABI_RIGHTS_ALL, 0 };
	default:
		return (struct cabi_rights){ 0, 0 };
	}
}

struct cabi_rights cabi_rights_for_host_file(struct file *file, u8 filetype)
{
	struct cabi_rights r = cabi_rights_max(filetype);

	if (!(file->f_mode & FMODE_WRITE))
		r.base &= ~CLOUDABI_RIGHT_FD_WRITE;
	if (!(file->f_mode & FMODE_READ))
		r.base &= ~CLOUDABI_RIGHT_FD_READ;
	return r;
}
