// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for src/capsicum_rights.c: the per-type maxima and the rights
 * each system call needs equal the numbers of ABI.md §1.3 and §8.2 (written
 * out here independently), every call refuses a descriptor missing any one
 * of its rights, and file_open's computation (§8.3) is checked for every
 * combination of open and descriptor flags.
 */
#include <kunit/test.h>
#include <linux/fcntl.h>

#include "cabi.h"
#include "capsicum_rights.h"
#include "sysent.h"

static void rights_type_maxima(struct kunit *test)
{
	static const struct {
		u8 type;
		u64 base, inheriting;
	} max[] = {
		{ CLOUDABI_FILETYPE_DIRECTORY, 0x13EFF698ULL, 0x11FFFF7FFULL },
		{ CLOUDABI_FILETYPE_REGULAR_FILE, 0x11C3801FFULL, 0 },
		{ CLOUDABI_FILETYPE_SOCKET_DGRAM, 0x801008004AULL, 0x815FFFF7FFULL },
		{ CLOUDABI_FILETYPE_SOCKET_STREAM, 0x801008004AULL, 0x815FFFF7FFULL },
		{ CLOUDABI_FILETYPE_SHARED_MEMORY, 0x0C180042ULL, 0 },
		{ CLOUDABI_FILETYPE_PROCESS, 0x40080000ULL, 0 },
		{ CLOUDABI_FILETYPE_UNKNOWN, 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(max); i++) {
		struct cabi_rights r = cabi_rights_max(max[i].type);

		KUNIT_EXPECT_EQ_MSG(test, r.base, max[i].base, "type %#x", max[i].type);
		KUNIT_EXPECT_EQ_MSG(test, r.inheriting, max[i].inheriting,
				    "type %#x", max[i].type);
	}
}

/* ABI.md §1.3, as numbers: [syscall] = { first fd, second fd }. */
static const u64 expected_need[CLOUDABI_NSYSCALLS][2] = {
	[CABI_NR_fd_datasync] = { 0x1 },
	[CABI_NR_fd_pread] = { 0x2 | 0x4 },
	[CABI_NR_fd_pwrite] = { 0x40 | 0x4 },
	[CABI_NR_fd_read] = { 0x2 },
	[CABI_NR_fd_sync] = { 0x10 },
	[CABI_NR_fd_write] = { 0x40 },
	[CABI_NR_file_advise] = { 0x80 },
	[CABI_NR_file_allocate] = { 0x100 },
	[CABI_NR_file_create] = { 0x200 },
	[CABI_NR_file_link] = { 0x1000, 0x2000 },
	[CABI_NR_file_readdir] = { 0x8000 },
	[CABI_NR_file_readlink] = { 0x10000 },
	[CABI_NR_file_rename] = { 0x20000, 0x40000 },
	[CABI_NR_file_stat_fget] = { 0x80000 },
	[CABI_NR_file_stat_get] = { 0x400000 },
	[CABI_NR_file_stat_put] = { 0x800000 },
	[CABI_NR_file_symlink] = { 0x1000000 },
	[CABI_NR_file_unlink] = { 0x2000000 },
	[CABI_NR_proc_exec] = { 0x100000000ULL },
	[CABI_NR_sock_recv] = { 0x2 },
	[CABI_NR_sock_send] = { 0x40 },
	[CABI_NR_sock_shutdown] = { 0x8000000000ULL },
};

static void rights_syscall_table(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < CLOUDABI_NSYSCALLS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, cabi_syscall_rights[i].fd, expected_need[i][0],
				    "%s", cabi_sysent[i].name);
		KUNIT_EXPECT_EQ_MSG(test, cabi_syscall_rights[i].fd2, expected_need[i][1],
				    "%s", cabi_sysent[i].name);
	}
}

/* Some file type can hold @need, and no subset missing a bit covers it. */
static void expect_exact_need(struct kunit *test, u64 need, const char *what)
{
	static const u8 types[] = {
		CLOUDABI_FILETYPE_DIRECTORY, CLOUDABI_FILETYPE_REGULAR_FILE,
		CLOUDABI_FILETYPE_SOCKET_STREAM, CLOUDABI_FILETYPE_SHARED_MEMORY,
		CLOUDABI_FILETYPE_CHARACTER_DEVICE,
	};
	bool holdable = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		holdable |= cabi_rights_cover(cabi_rights_max(types[i]).base, need);
	KUNIT_EXPECT_TRUE_MSG(test, holdable, "%s: no file type can hold %#llx", what, need);
	KUNIT_EXPECT_TRUE_MSG(test, cabi_rights_cover(need, need), "%s", what);
	KUNIT_EXPECT_TRUE_MSG(test, cabi_rights_cover(CLOUDABI_RIGHTS_ALL, need), "%s", what);
	for (i = 0; i < 64; i++) {
		u64 bit = BIT_ULL(i);

		if (need & bit)
			KUNIT_EXPECT_FALSE_MSG(test, cabi_rights_cover(need & ~bit, need),
					       "%s without bit %u", what, i);
	}
}

/* Every call with a required right, without each one of its rights. */
static void rights_every_missing_right(struct kunit *test)
{
	static const u8 prots[] = { 0, CLOUDABI_PROT_READ, CLOUDABI_PROT_WRITE,
				    CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
				    CLOUDABI_PROT_READ | CLOUDABI_PROT_EXEC };
	unsigned int i;

	for (i = 0; i < CLOUDABI_NSYSCALLS; i++) {
		if (cabi_syscall_rights[i].fd)
			expect_exact_need(test, cabi_syscall_rights[i].fd, cabi_sysent[i].name);
		if (cabi_syscall_rights[i].fd2)
			expect_exact_need(test, cabi_syscall_rights[i].fd2, cabi_sysent[i].name);
	}
	expect_exact_need(test, cabi_rights_seek(0, CLOUDABI_WHENCE_CUR), "fd_seek tell");
	expect_exact_need(test, cabi_rights_fstat_put(CLOUDABI_FILESTAT_SIZE),
			  "file_stat_fput size");
	expect_exact_need(test, cabi_rights_fstat_put(CLOUDABI_FILESTAT_MTIM_NOW),
			  "file_stat_fput times");
	for (i = 0; i < ARRAY_SIZE(prots); i++) {
		expect_exact_need(test, cabi_rights_mmap(prots[i], CLOUDABI_MAP_SHARED),
				  "mem_map shared");
		expect_exact_need(test, cabi_rights_mmap(prots[i], CLOUDABI_MAP_PRIVATE),
				  "mem_map private");
	}
}

static void rights_seek_fstat_mmap(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cabi_rights_seek(0, CLOUDABI_WHENCE_CUR), 0x20ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_seek(1, CLOUDABI_WHENCE_CUR), 0x4ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_seek(0, CLOUDABI_WHENCE_SET), 0x4ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_seek(0, CLOUDABI_WHENCE_END), 0x4ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_fstat_put(CLOUDABI_FILESTAT_SIZE), 0x100000ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_fstat_put(CLOUDABI_FILESTAT_ATIM), 0x200000ULL);
	/* MEM_MAP 0x4000000, FD_READ 0x2, FD_WRITE 0x40, MEM_MAP_EXEC 0x8000000. */
	KUNIT_EXPECT_EQ(test, cabi_rights_mmap(0, CLOUDABI_MAP_SHARED), 0x4000002ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_mmap(CLOUDABI_PROT_WRITE, CLOUDABI_MAP_PRIVATE),
			0x4000002ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_mmap(CLOUDABI_PROT_READ, CLOUDABI_MAP_PRIVATE),
			0x4000002ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_mmap(CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
					       CLOUDABI_MAP_PRIVATE), 0x4000002ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_mmap(CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
					       CLOUDABI_MAP_SHARED), 0x4000042ULL);
	KUNIT_EXPECT_EQ(test, cabi_rights_mmap(CLOUDABI_PROT_READ | CLOUDABI_PROT_EXEC,
					       CLOUDABI_MAP_PRIVATE), 0xC000002ULL);
}

/*
 * file_open for every oflags x fdflags combination, with a read-only, a
 * write-only and a read-write request: the directory needs FILE_OPEN
 * (+FILE_CREATE_FILE), and in its inheriting set the request plus
 * FILE_STAT_FPUT_SIZE for O_TRUNC, FD_DATASYNC for DSYNC, FD_SYNC for
 * RSYNC/SYNC and FD_SEEK for writing without APPEND or TRUNC.
 */
static void rights_open_every_flag(struct kunit *test)
{
	static const struct {
		u64 base;
		int mode;
	} req[] = {
		{ 0x2 | 0x20, O_RDONLY },		/* FD_READ, FD_TELL */
		{ 0x8000, O_RDONLY },			/* FILE_READDIR */
		{ 0x80000, O_RDONLY },			/* FILE_STAT_FGET only */
		{ 0x40, O_WRONLY },			/* FD_WRITE */
		{ 0x100000, O_WRONLY },			/* FILE_STAT_FPUT_SIZE */
		{ 0x1 | 0x8000000, O_RDWR },		/* FD_DATASYNC, MEM_MAP_EXEC */
		{ 0x11C3801FFULL, O_RDWR },		/* regular-file maximum */
	};
	unsigned int i, o, fl;

	for (i = 0; i < ARRAY_SIZE(req); i++) {
		for (o = 0; o < 16; o++) {
			for (fl = 0; fl < 32; fl++) {
				struct cloudabi_fdstat fds = {
					.fs_flags = fl,
					.fs_rights_base = req[i].base,
					.fs_rights_inheriting = 0x400,
				};
				bool wr = req[i].mode != O_RDONLY;
				struct cabi_open_req r;
				u64 inh = req[i].base | 0x400;

				KUNIT_ASSERT_EQ(test, cabi_rights_open(o, &fds, &r), 0);
				KUNIT_EXPECT_EQ(test, r.flags & O_ACCMODE, req[i].mode);
				KUNIT_EXPECT_EQ(test, r.dir_base,
						0x4000ULL | (o & CLOUDABI_O_CREAT ? 0x400 : 0));
				if (o & CLOUDABI_O_TRUNC)
					inh |= 0x100000;
				if (fl & CLOUDABI_FDFLAG_DSYNC)
					inh |= 0x1;
				if (fl & (CLOUDABI_FDFLAG_RSYNC | CLOUDABI_FDFLAG_SYNC))
					inh |= 0x10;
				if (wr && !(fl & CLOUDABI_FDFLAG_APPEND) &&
				    !(o & CLOUDABI_O_TRUNC))
					inh |= 0x4;
				KUNIT_EXPECT_EQ_MSG(test, r.dir_inheriting, inh,
						    "req %u oflags %#x fdflags %#x", i, o, fl);
				KUNIT_EXPECT_EQ(test, !!(r.flags & O_CREAT),
						!!(o & CLOUDABI_O_CREAT));
				KUNIT_EXPECT_EQ(test, !!(r.flags & O_DIRECTORY),
						!!(o & CLOUDABI_O_DIRECTORY));
				KUNIT_EXPECT_EQ(test, !!(r.flags & O_EXCL),
						!!(o & CLOUDABI_O_EXCL));
				KUNIT_EXPECT_EQ(test, !!(r.flags & O_TRUNC),
						!!(o & CLOUDABI_O_TRUNC));
				KUNIT_EXPECT_EQ(test, !!(r.flags & O_APPEND),
						!!(fl & CLOUDABI_FDFLAG_APPEND));
				KUNIT_EXPECT_EQ(test, !!(r.flags & O_NONBLOCK),
						!!(fl & CLOUDABI_FDFLAG_NONBLOCK));
				KUNIT_EXPECT_EQ(test, (r.flags & O_SYNC) == O_SYNC,
						!!(fl & (CLOUDABI_FDFLAG_RSYNC |
							 CLOUDABI_FDFLAG_SYNC)));
			}
		}
	}
}

static void rights_open_bad_flags(struct kunit *test)
{
	struct cloudabi_fdstat fds = { .fs_rights_base = 0x2 };
	struct cabi_open_req r;

	KUNIT_EXPECT_EQ(test, cabi_rights_open(0x10, &fds, &r), CLOUDABI_EINVAL);
	KUNIT_EXPECT_EQ(test, cabi_rights_open(0x8000, &fds, &r), CLOUDABI_EINVAL);
	fds.fs_flags = 0x20;
	KUNIT_EXPECT_EQ(test, cabi_rights_open(0, &fds, &r), CLOUDABI_EINVAL);
}

/* What cloudlibc's tests assert after openat (ABI.md §8.3). */
static void rights_opened_upstream_values(struct kunit *test)
{
	struct cloudabi_fdstat fds = {
		.fs_rights_base = 0x11FFFF7FFULL,
		.fs_rights_inheriting = 0x11FFFF7FFULL,
	};
	struct cabi_rights r;

	r = cabi_rights_opened(&fds, CLOUDABI_FILETYPE_DIRECTORY);
	KUNIT_EXPECT_EQ(test, r.base, 0x13EFF698ULL);
	KUNIT_EXPECT_EQ(test, r.inheriting, 0x11FFFF7FFULL);
	r = cabi_rights_opened(&fds, CLOUDABI_FILETYPE_REGULAR_FILE);
	KUNIT_EXPECT_EQ(test, r.base, 0x11C3801FFULL);
	KUNIT_EXPECT_EQ(test, r.inheriting, 0ULL);
	fds.fs_rights_base = 0x2;
	fds.fs_rights_inheriting = 0;
	r = cabi_rights_opened(&fds, CLOUDABI_FILETYPE_REGULAR_FILE);
	KUNIT_EXPECT_EQ(test, r.base, 0x2ULL);
	r = cabi_rights_opened(&fds, CLOUDABI_FILETYPE_DIRECTORY);
	KUNIT_EXPECT_EQ(test, r.base, 0ULL);
}

static struct kunit_case rights_cases[] = {
	KUNIT_CASE(rights_type_maxima),
	KUNIT_CASE(rights_syscall_table),
	KUNIT_CASE(rights_every_missing_right),
	KUNIT_CASE(rights_seek_fstat_mmap),
	KUNIT_CASE(rights_open_every_flag),
	KUNIT_CASE(rights_open_bad_flags),
	KUNIT_CASE(rights_opened_upstream_values),
	{}
};

static struct kunit_suite rights_suite = {
	.name = "cloudabi_rights",
	.test_cases = rights_cases,
};

kunit_test_suite(rights_suite);
