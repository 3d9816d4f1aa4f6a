/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed calls (variadic, so that S() may stand for two arguments) of the descriptor, path and mapping system calls for the
 * escape, rights and files suites (prototypes of ABI.md §1.2).  A lookup_t
 * travels as one 64-bit word: fd in the low half, lookup flags in the high.
 * Paths are (pointer, length); S(x) passes a string literal without its NUL.
 */
#ifndef FS_H
#define FS_H

#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;
typedef struct cloudabi_fdstat fdstat_t;
typedef struct cloudabi_filestat filestat_t;

#define S(lit)		lit, sizeof(lit) - 1
#define LK(fd, fl)	((uint64_t)(uint32_t)(fd) | (uint64_t)(fl) << 32)
#define FOLLOW		CLOUDABI_LOOKUP_SYMLINK_FOLLOW

#define FD_CLOSE(...)	RT_FN(fd_close, err_t, uint32_t)(__VA_ARGS__)
#define FD_DUP(...)	RT_FN(fd_dup, err_t, uint32_t, uint32_t *)(__VA_ARGS__)
#define FD_DATASYNC(...)	RT_FN(fd_datasync, err_t, uint32_t)(__VA_ARGS__)
#define FD_SYNC(...)	RT_FN(fd_sync, err_t, uint32_t)(__VA_ARGS__)
#define FD_PREAD(...) RT_FN(fd_pread, err_t, uint32_t, const cloudabi_iovec_t *, \
	size_t, uint64_t, size_t *)(__VA_ARGS__)
#define FD_PWRITE(...) RT_FN(fd_pwrite, err_t, uint32_t, const cloudabi_iovec_t *, \
					size_t, uint64_t, size_t *)(__VA_ARGS__)
#define FD_SEEK(...) RT_FN(fd_seek, err_t, uint32_t, int64_t, uint8_t, uint64_t *)(__VA_ARGS__)
#define FD_STAT_GET(...) RT_FN(fd_stat_get, err_t, uint32_t, fdstat_t *)(__VA_ARGS__)
#define FD_STAT_PUT(...) RT_FN(fd_stat_put, err_t, uint32_t, const fdstat_t *, \
	uint16_t)(__VA_ARGS__)
#define FD_CREATE1(...) RT_FN(fd_create1, err_t, uint8_t, uint32_t *)(__VA_ARGS__)

#define FILE_ADVISE(...) RT_FN(file_advise, err_t, uint32_t, uint64_t, uint64_t, \
	uint8_t)(__VA_ARGS__)
#define FILE_ALLOCATE(...) RT_FN(file_allocate, err_t, uint32_t, uint64_t, uint64_t)(__VA_ARGS__)
#define FILE_CREATE(...) RT_FN(file_create, err_t, uint32_t, const char *, size_t, \
	uint8_t)(__VA_ARGS__)
#define FILE_LINK(...) \
	RT_FN(file_link, err_t, uint64_t, const char *, size_t, uint32_t, const char *, \
	size_t)(__VA_ARGS__)
#define FILE_OPEN(...) RT_FN(file_open, err_t, uint64_t, const char *, size_t, \
	uint16_t, const fdstat_t *, uint32_t *)(__VA_ARGS__)
#define FILE_READDIR(...) RT_FN(file_readdir, err_t, uint32_t, void *, size_t, \
	uint64_t, size_t *)(__VA_ARGS__)
#define FILE_READLINK(...) RT_FN(file_readlink, err_t, uint32_t, const char *, \
						size_t, char *, size_t, size_t *)(__VA_ARGS__)
#define FILE_RENAME(...) \
	RT_FN(file_rename, err_t, uint32_t, const char *, size_t, uint32_t, const char *, \
	size_t)(__VA_ARGS__)
#define FILE_STAT_FGET(...) RT_FN(file_stat_fget, err_t, uint32_t, filestat_t *)(__VA_ARGS__)
#define FILE_STAT_FPUT(...) RT_FN(file_stat_fput, err_t, uint32_t, const filestat_t *, \
	uint16_t)(__VA_ARGS__)
#define FILE_STAT_GET(...) RT_FN(file_stat_get, err_t, uint64_t, const char *, size_t, \
					filestat_t *)(__VA_ARGS__)
#define FILE_STAT_PUT(...) RT_FN(file_stat_put, err_t, uint64_t, const char *, \
	size_t, const filestat_t *, uint16_t)(__VA_ARGS__)
#define FILE_SYMLINK(...) RT_FN(file_symlink, err_t, const char *, size_t, \
	uint32_t, const char *, size_t)(__VA_ARGS__)
#define FILE_UNLINK(...) RT_FN(file_unlink, err_t, uint32_t, const char *, size_t, \
	uint8_t)(__VA_ARGS__)

#define MEM_MAP(...) RT_FN(mem_map, err_t, void *, size_t, uint8_t, uint8_t, \
	uint32_t, uint64_t, void **)(__VA_ARGS__)
#define MEM_UNMAP(...)	RT_FN(mem_unmap, err_t, void *, size_t)(__VA_ARGS__)
#define MEM_SYNC(...) RT_FN(mem_sync, err_t, void *, size_t, uint8_t)(__VA_ARGS__)
#define MEM_ADVISE(...) RT_FN(mem_advise, err_t, void *, size_t, uint8_t)(__VA_ARGS__)
#define CLOCK_NOW(t)	RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *) \
				(CLOUDABI_CLOCK_REALTIME, 1, t)

/* Rights (ABI.md §8.2). */
#define R(x)		CLOUDABI_RIGHT_##x
#define DIR_BASE	0x0000000013EFF698ULL
#define DIR_INH		0x000000011FFFF7FFULL
#define FILE_BASE	0x000000011C3801FFULL
#define SHM_BASE	0x000000000C180042ULL
/* The bits that make file_open choose write access (ABI.md §8.3 step 1). */
#define WRITE_BITS	(R(FD_DATASYNC) | R(FD_WRITE) | R(FILE_ALLOCATE) | R(FILE_STAT_FPUT_SIZE))

/* file_open of PATH (length N) below LOOKUP with rights BASE/INH, flags FL. */
static inline err_t fs_open(uint64_t lookup, const char *path, size_t n, uint16_t oflags,
			    uint64_t base, uint64_t inh, uint16_t fl, uint32_t *fd)
{
	fdstat_t fds = { 0 };

	fds.fs_flags = fl;
	fds.fs_rights_base = base;
	fds.fs_rights_inheriting = inh;
	return FILE_OPEN(lookup, path, n, oflags, &fds, fd);
}

/* A copy of FD with exactly these rights (fd_dup + fd_stat_put RIGHTS). */
static inline err_t fs_restrict(uint32_t fd, uint64_t base, uint64_t inh, uint32_t *copy)
{
	fdstat_t st = { 0 };
	err_t e = FD_DUP(fd, copy);

	if (e)
		return e;
	st.fs_rights_base = base;
	st.fs_rights_inheriting = inh;
	e = FD_STAT_PUT(*copy, &st, CLOUDABI_FDSTAT_RIGHTS);
	if (e)
		FD_CLOSE(*copy);
	return e;
}

static inline size_t fs_strlen(const char *s)
{
	return rt_strlen(s);
}

static inline const char *fs_errname(err_t e)
{
	switch (e) {
	case 0: return "0";
	case CLOUDABI_EACCES: return "EACCES";
	case CLOUDABI_EAGAIN: return "EAGAIN";
	case CLOUDABI_EBADF: return "EBADF";
	case CLOUDABI_EBUSY: return "EBUSY";
	case CLOUDABI_EEXIST: return "EEXIST";
	case CLOUDABI_EFAULT: return "EFAULT";
	case CLOUDABI_EILSEQ: return "EILSEQ";
	case CLOUDABI_EINVAL: return "EINVAL";
	case CLOUDABI_EISDIR: return "EISDIR";
	case CLOUDABI_ELOOP: return "ELOOP";
	case CLOUDABI_EMLINK: return "EMLINK";
	case CLOUDABI_ENAMETOOLONG: return "ENAMETOOLONG";
	case CLOUDABI_ENODEV: return "ENODEV";
	case CLOUDABI_ENOENT: return "ENOENT";
	case CLOUDABI_ENOSYS: return "ENOSYS";
	case CLOUDABI_ENOTDIR: return "ENOTDIR";
	case CLOUDABI_ENOTEMPTY: return "ENOTEMPTY";
	case CLOUDABI_ENOTSUP: return "ENOTSUP";
	case CLOUDABI_EPERM: return "EPERM";
	case CLOUDABI_EXDEV: return "EXDEV";
	case CLOUDABI_ENOTCAPABLE: return "ENOTCAPABLE";
	default: return "another errno";
	}
}

/* Test NAME is A, or A_B when B is not empty; at most 159 characters. */
static inline const char *fs_name(const char *a, const char *b)
{
	static char name[160];
	size_t i = 0, j;

	for (j = 0; a && a[j] && i < sizeof(name) - 1; j++)
		name[i++] = a[j];
	if (b && *b && i < sizeof(name) - 1)
		name[i++] = ' ';
	for (j = 0; b && b[j] && i < sizeof(name) - 1; j++)
		name[i++] = b[j] >= ' ' && b[j] != '#' ? b[j] : '?';
	name[i] = '\0';
	return name;
}

/* An errno result: "# NAME: got E (n), want W (n)" when it differs. */
static inline int fs_expect(err_t got, err_t want, const char *a, const char *b)
{
	const char *name = fs_name(a, b);

	if (got != want) {
		ktap_print("    # ");
		ktap_print(name);
		ktap_print(": got ");
		ktap_print(fs_errname(got));
		ktap_print(" (");
		ktap_printu(got, 10);
		ktap_print("), want ");
		ktap_print(fs_errname(want));
		ktap_print(" (");
		ktap_printu(want, 10);
		ktap_print(")\n");
	}
	return ktap_ok(got == want, name);
}

#define EXPECT(got, want, name)	fs_expect(got, want, name, NULL)

#endif /* FS_H */
