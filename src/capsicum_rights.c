// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: rights of descriptors by file type (ABI.md §8.2).
 *
 * Rights only ever shrink.  A descriptor inherited from the host gets the
 * maximum for its type, less FD_WRITE when it was not opened for writing
 * and less FD_READ when not opened for reading.
 */
#include <linux/net.h>
#include <linux/stat.h>

#include "cabi.h"
#include "capsicum_rights.h"

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

/* What fd_stat_get reports for a native file (FreeBSD's mapping). */
u8 cabi_filetype_of(struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;
	struct socket *sock;

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
		return CLOUDABI_FILETYPE_SOCKET_STREAM;
	case S_IFSOCK:
		sock = sock_from_file(file);
		if (sock && sock->type == SOCK_STREAM)
			return CLOUDABI_FILETYPE_SOCKET_STREAM;
		if (sock && sock->type == SOCK_DGRAM)
			return CLOUDABI_FILETYPE_SOCKET_DGRAM;
		return CLOUDABI_FILETYPE_UNKNOWN;
	default:
		return CLOUDABI_FILETYPE_UNKNOWN;
	}
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
