// SPDX-License-Identifier: GPL-2.0
/*
 * The rights suite (ABI.md §1.3, §8): fd 3 is a directory with the directory
 * maxima (base 0x13EFF698, inheriting 0x11FFFF7FF).  For every fd_* and
 * file_* call with a required right, a copy of the descriptor missing each
 * required bit in turn (fd_dup + fd_stat_put RIGHTS) must get ENOTCAPABLE,
 * and a copy with all of them must succeed.  Then: rights only shrink, the
 * rights file_open hands out (§8.3), mappings of read-only files, fd 0.
 */
#include "fs.h"

#define DIR 3

static uint32_t file_fd;	/* "f", opened O_RDWR with the regular-file maxima */

static const char *const right_names[64] = {
	"FD_DATASYNC", "FD_READ", "FD_SEEK", "FD_STAT_PUT_FLAGS", "FD_SYNC", "FD_TELL",
	"FD_WRITE", "FILE_ADVISE", "FILE_ALLOCATE", "FILE_CREATE_DIRECTORY",
	"FILE_CREATE_FILE", "bit11", "FILE_LINK_SOURCE", "FILE_LINK_TARGET", "FILE_OPEN",
	"FILE_READDIR", "FILE_READLINK", "FILE_RENAME_SOURCE", "FILE_RENAME_TARGET",
	"FILE_STAT_FGET", "FILE_STAT_FPUT_SIZE", "FILE_STAT_FPUT_TIMES", "FILE_STAT_GET",
	"FILE_STAT_PUT_TIMES", "FILE_SYMLINK", "FILE_UNLINK", "MEM_MAP", "MEM_MAP_EXEC",
	"POLL_FD_READWRITE",
};

/* The calls, each on descriptor FD in the position under test. */
static err_t c_datasync(uint32_t fd) { return FD_DATASYNC(fd); }
static err_t c_sync(uint32_t fd) { return FD_SYNC(fd); }

static err_t c_pread(uint32_t fd)
{
	char b[4];
	cloudabi_iovec_t v = { (uintptr_t)b, sizeof(b) };
	size_t n;

	return FD_PREAD(fd, &v, 1, 0, &n);
}

static err_t c_pwrite(uint32_t fd)
{
	cloudabi_iovec_t v = { (uintptr_t)"p", 1 };
	size_t n;

	return FD_PWRITE(fd, &v, 1, 20, &n);
}

static err_t c_read(uint32_t fd)
{
	char b[4];
	size_t n;

	return rt_fd_read(fd, b, sizeof(b), &n);
}

static err_t c_write(uint32_t fd)
{
	size_t n;

	return rt_fd_write(fd, "w", 1, &n);
}

static err_t c_tell(uint32_t fd)
{
	uint64_t pos;

	return FD_SEEK(fd, 0, CLOUDABI_WHENCE_CUR, &pos);
}

static err_t c_seek(uint32_t fd)
{
	uint64_t pos;

	return FD_SEEK(fd, 0, CLOUDABI_WHENCE_SET, &pos);
}

static err_t c_stat_put_flags(uint32_t fd)
{
	fdstat_t st = { 0 };

	return FD_STAT_PUT(fd, &st, CLOUDABI_FDSTAT_FLAGS);
}

static err_t c_advise(uint32_t fd)
{
	return FILE_ADVISE(fd, 0, 10, CLOUDABI_ADVICE_NORMAL);
}

static err_t c_allocate(uint32_t fd)
{
	return FILE_ALLOCATE(fd, 0, 100);
}

static err_t c_fget(uint32_t fd)
{
	filestat_t st;

	return FILE_STAT_FGET(fd, &st);
}

static err_t c_fput_size(uint32_t fd)
{
	filestat_t st = { 0 };

	st.st_size = 64;
	return FILE_STAT_FPUT(fd, &st, CLOUDABI_FILESTAT_SIZE);
}

static err_t c_fput_times(uint32_t fd)
{
	filestat_t st = { 0 };

	st.st_mtim = 5000000000ULL;
	return FILE_STAT_FPUT(fd, &st, CLOUDABI_FILESTAT_MTIM);
}

static err_t map(uint32_t fd, uint8_t prot, uint8_t flags)
{
	void *m = 0;
	err_t e = MEM_MAP(0, 4096, prot, flags, fd, 0, &m);

	if (!e)
		MEM_UNMAP(m, 4096);
	return e;
}

static err_t c_map_none(uint32_t fd) { return map(fd, 0, CLOUDABI_MAP_SHARED); }

static err_t c_map_read(uint32_t fd)
{
	return map(fd, CLOUDABI_PROT_READ, CLOUDABI_MAP_SHARED);
}

static err_t c_map_rw_shared(uint32_t fd)
{
	return map(fd, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE, CLOUDABI_MAP_SHARED);
}

static err_t c_map_rw_private(uint32_t fd)
{
	return map(fd, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE, CLOUDABI_MAP_PRIVATE);
}

static err_t c_map_exec(uint32_t fd)
{
	return map(fd, CLOUDABI_PROT_READ | CLOUDABI_PROT_EXEC, CLOUDABI_MAP_PRIVATE);
}

/* Directory calls; fixtures are made and removed through the full fd 3. */
static err_t c_create(uint32_t fd)
{
	err_t e = FILE_CREATE(fd, S("c1"), CLOUDABI_FILETYPE_DIRECTORY);

	FILE_UNLINK(DIR, S("c1"), CLOUDABI_UNLINK_REMOVEDIR);
	return e;
}

static err_t c_link_source(uint32_t fd)
{
	err_t e = FILE_LINK(LK(fd, 0), S("f"), DIR, S("ln1"));

	FILE_UNLINK(DIR, S("ln1"), 0);
	return e;
}

static err_t c_link_target(uint32_t fd)
{
	err_t e = FILE_LINK(LK(DIR, 0), S("f"), fd, S("ln2"));

	FILE_UNLINK(DIR, S("ln2"), 0);
	return e;
}

static err_t open_close(uint32_t dir, const char *p, size_t n, uint16_t o,
			uint64_t base, uint64_t inh, uint16_t fl)
{
	uint32_t fd;
	err_t e = fs_open(LK(dir, 0), p, n, o, base, inh, fl, &fd);

	if (!e)
		FD_CLOSE(fd);
	return e;
}

static err_t c_open(uint32_t fd)
{
	return open_close(fd, S("f"), 0, R(FD_READ), 0, 0);
}

static err_t c_open_creat(uint32_t fd)
{
	err_t e = open_close(fd, S("new1"), CLOUDABI_O_CREAT, R(FD_READ), 0, 0);

	FILE_UNLINK(DIR, S("new1"), 0);
	return e;
}

static err_t c_open_trunc(uint32_t fd)
{
	return open_close(fd, S("f"), CLOUDABI_O_TRUNC, R(FD_WRITE), 0, 0);
}

static err_t c_open_dsync(uint32_t fd)
{
	return open_close(fd, S("f"), 0, R(FD_READ), 0, CLOUDABI_FDFLAG_DSYNC);
}

static err_t c_open_sync(uint32_t fd)
{
	return open_close(fd, S("f"), 0, R(FD_READ), 0, CLOUDABI_FDFLAG_SYNC);
}

static err_t c_open_rsync(uint32_t fd)
{
	return open_close(fd, S("f"), 0, R(FD_READ), 0, CLOUDABI_FDFLAG_RSYNC);
}

static err_t c_open_write(uint32_t fd)
{
	return open_close(fd, S("f"), 0, R(FD_WRITE), 0, 0);
}

static err_t c_open_append(uint32_t fd)
{
	return open_close(fd, S("f"), 0, R(FD_WRITE), 0, CLOUDABI_FDFLAG_APPEND);
}

static err_t c_open_inheriting(uint32_t fd)
{
	return open_close(fd, S("d"), CLOUDABI_O_DIRECTORY, R(FILE_OPEN), R(FILE_STAT_GET), 0);
}

static err_t c_readdir(uint32_t fd)
{
	char buf[256];
	size_t n;

	return FILE_READDIR(fd, buf, sizeof(buf), CLOUDABI_DIRCOOKIE_START, &n);
}

static err_t c_readlink(uint32_t fd)
{
	char buf[16];
	size_t n;

	return FILE_READLINK(fd, S("l"), buf, sizeof(buf), &n);
}

static err_t c_rename_source(uint32_t fd)
{
	err_t e;

	FILE_CREATE(DIR, S("r1"), CLOUDABI_FILETYPE_DIRECTORY);
	e = FILE_RENAME(fd, S("r1"), DIR, S("r2"));
	FILE_UNLINK(DIR, S("r1"), CLOUDABI_UNLINK_REMOVEDIR);
	FILE_UNLINK(DIR, S("r2"), CLOUDABI_UNLINK_REMOVEDIR);
	return e;
}

static err_t c_rename_target(uint32_t fd)
{
	err_t e;

	FILE_CREATE(DIR, S("r1"), CLOUDABI_FILETYPE_DIRECTORY);
	e = FILE_RENAME(DIR, S("r1"), fd, S("r2"));
	FILE_UNLINK(DIR, S("r1"), CLOUDABI_UNLINK_REMOVEDIR);
	FILE_UNLINK(DIR, S("r2"), CLOUDABI_UNLINK_REMOVEDIR);
	return e;
}

static err_t c_stat_get(uint32_t fd)
{
	filestat_t st;

	return FILE_STAT_GET(LK(fd, 0), S("f"), &st);
}

static err_t c_stat_put(uint32_t fd)
{
	filestat_t st = { 0 };

	st.st_atim = 7000000000ULL;
	return FILE_STAT_PUT(LK(fd, 0), S("f"), &st, CLOUDABI_FILESTAT_ATIM);
}

static err_t c_symlink(uint32_t fd)
{
	err_t e = FILE_SYMLINK(S("f"), fd, S("s1"));

	FILE_UNLINK(DIR, S("s1"), 0);
	return e;
}

static err_t c_unlink(uint32_t fd)
{
	err_t e;

	FILE_CREATE(DIR, S("u1"), CLOUDABI_FILETYPE_DIRECTORY);
	e = FILE_UNLINK(fd, S("u1"), CLOUDABI_UNLINK_REMOVEDIR);
	FILE_UNLINK(DIR, S("u1"), CLOUDABI_UNLINK_REMOVEDIR);
	return e;
}

/*
 * Each bit of @base (and of @inh, in the inheriting set) is taken away in
 * turn, together with @also: the call must then fail with ENOTCAPABLE.
 */
static const struct rcase {
	const char *name;
	int on_file;
	uint64_t base, inh, also;
	err_t (*fn)(uint32_t fd);
} cases[] = {
	{ "fd_datasync", 1, R(FD_DATASYNC), 0, 0, c_datasync },
	{ "fd_pread", 1, R(FD_READ) | R(FD_SEEK), 0, 0, c_pread },
	{ "fd_pwrite", 1, R(FD_WRITE) | R(FD_SEEK), 0, 0, c_pwrite },
	{ "fd_read", 1, R(FD_READ), 0, 0, c_read },
	{ "fd_write", 1, R(FD_WRITE), 0, 0, c_write },
	/* FD_SEEK implies FD_TELL (FreeBSD): a tell is refused only without both. */
	{ "fd_seek_tell", 1, R(FD_TELL), 0, R(FD_SEEK), c_tell },
	{ "fd_seek_set", 1, R(FD_SEEK), 0, 0, c_seek },
	{ "fd_stat_put_flags", 1, R(FD_STAT_PUT_FLAGS), 0, 0, c_stat_put_flags },
	{ "fd_sync", 1, R(FD_SYNC), 0, 0, c_sync },
	{ "file_advise", 1, R(FILE_ADVISE), 0, 0, c_advise },
	{ "file_allocate", 1, R(FILE_ALLOCATE), 0, 0, c_allocate },
	{ "file_stat_fget", 1, R(FILE_STAT_FGET), 0, 0, c_fget },
	{ "file_stat_fput_size", 1, R(FILE_STAT_FPUT_SIZE), 0, 0, c_fput_size },
	{ "file_stat_fput_times", 1, R(FILE_STAT_FPUT_TIMES), 0, 0, c_fput_times },
	{ "mem_map_prot_none", 1, R(MEM_MAP), 0, 0, c_map_none },
	{ "mem_map_read_shared", 1, R(MEM_MAP) | R(FD_READ), 0, 0, c_map_read },
	{ "mem_map_rw_shared", 1, R(MEM_MAP) | R(FD_READ) | R(FD_WRITE), 0, 0, c_map_rw_shared },
	{ "mem_map_rw_private", 1, R(MEM_MAP) | R(FD_READ), 0, 0, c_map_rw_private },
	{ "mem_map_exec", 1, R(MEM_MAP) | R(FD_READ) | R(MEM_MAP_EXEC), 0, 0, c_map_exec },
	{ "dir_fd_sync", 0, R(FD_SYNC), 0, 0, c_sync },
	{ "dir_fd_stat_put_flags", 0, R(FD_STAT_PUT_FLAGS), 0, 0, c_stat_put_flags },
	{ "dir_file_stat_fget", 0, R(FILE_STAT_FGET), 0, 0, c_fget },
	{ "dir_file_stat_fput_times", 0, R(FILE_STAT_FPUT_TIMES), 0, 0, c_fput_times },
	{ "file_create", 0, R(FILE_CREATE_DIRECTORY), 0, 0, c_create },
	{ "file_link_source", 0, R(FILE_LINK_SOURCE), 0, 0, c_link_source },
	{ "file_link_target", 0, R(FILE_LINK_TARGET), 0, 0, c_link_target },
	{ "file_open", 0, R(FILE_OPEN), R(FD_READ), 0, c_open },
	{ "file_open_creat", 0, R(FILE_OPEN) | R(FILE_CREATE_FILE), R(FD_READ), 0, c_open_creat },
	{ "file_open_trunc", 0, R(FILE_OPEN), R(FD_WRITE) | R(FILE_STAT_FPUT_SIZE), 0,
	  c_open_trunc },
	{ "file_open_dsync", 0, R(FILE_OPEN), R(FD_READ) | R(FD_DATASYNC), 0, c_open_dsync },
	{ "file_open_sync", 0, R(FILE_OPEN), R(FD_READ) | R(FD_SYNC), 0, c_open_sync },
	{ "file_open_rsync", 0, R(FILE_OPEN), R(FD_READ) | R(FD_SYNC), 0, c_open_rsync },
	{ "file_open_write", 0, R(FILE_OPEN), R(FD_WRITE) | R(FD_SEEK), 0, c_open_write },
	{ "file_open_append", 0, R(FILE_OPEN), R(FD_WRITE), 0, c_open_append },
	{ "file_open_inheriting", 0, R(FILE_OPEN), R(FILE_OPEN) | R(FILE_STAT_GET), 0,
	  c_open_inheriting },
	{ "file_readdir", 0, R(FILE_READDIR), 0, 0, c_readdir },
	{ "file_readlink", 0, R(FILE_READLINK), 0, 0, c_readlink },
	{ "file_rename_source", 0, R(FILE_RENAME_SOURCE), 0, 0, c_rename_source },
	{ "file_rename_target", 0, R(FILE_RENAME_TARGET), 0, 0, c_rename_target },
	{ "file_stat_get", 0, R(FILE_STAT_GET), 0, 0, c_stat_get },
	{ "file_stat_put", 0, R(FILE_STAT_PUT_TIMES), 0, 0, c_stat_put },
	{ "file_symlink", 0, R(FILE_SYMLINK), 0, 0, c_symlink },
	{ "file_unlink", 0, R(FILE_UNLINK), 0, 0, c_unlink },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Rights that must NOT be needed: taking them away still succeeds. */
static const struct {
	const char *name;
	int on_file;
	uint64_t base, inh;
	err_t (*fn)(uint32_t fd);
} spare[] = {
	{ "fd_seek_tell_with_only_fd_tell", 1, FILE_BASE & ~R(FD_SEEK), 0, c_tell },
	{ "mem_map_rw_private_without_FD_WRITE", 1, FILE_BASE & ~R(FD_WRITE), 0,
	  c_map_rw_private },
	{ "file_open_append_without_inheriting_FD_SEEK", 0, DIR_BASE, DIR_INH & ~R(FD_SEEK),
	  c_open_append },
	{ "file_open_trunc_write_without_inheriting_FD_SEEK", 0, DIR_BASE,
	  DIR_INH & ~R(FD_SEEK), c_open_trunc },
	{ "file_open_without_FILE_CREATE_FILE", 0, DIR_BASE & ~R(FILE_CREATE_FILE), DIR_INH,
	  c_open },
};

#define NSPARE (sizeof(spare) / sizeof(spare[0]))

static unsigned int popcount(uint64_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Run @fn on a copy of the case's descriptor with rights @base/@inh. */
static err_t run_with(int on_file, uint64_t base, uint64_t inh, err_t (*fn)(uint32_t),
		      const char *name, const char *what)
{
	uint32_t copy;
	err_t e = fs_restrict(on_file ? file_fd : DIR, base, inh, &copy);

	if (e) {
		fs_expect(e, 0, name, "fd_stat_put_rights_setup");
		return 0xffff;
	}
	e = fn(copy);
	(void)what;
	FD_CLOSE(copy);
	return e;
}

static char label[96];

static const char *without(const char *set, unsigned int bit)
{
	const char *b = right_names[bit] ? right_names[bit] : "bit", *parts[3] = { "without ", set, b };
	size_t i = 0, j, k;

	for (k = 0; k < 3; k++)
		for (j = 0; parts[k][j] && i < sizeof(label) - 1; j++)
			label[i++] = parts[k][j];
	label[i] = '\0';
	return label;
}

static void run_case(const struct rcase *c)
{
	uint64_t base = c->on_file ? FILE_BASE : DIR_BASE, inh = c->on_file ? 0 : DIR_INH;
	unsigned int bit;

	for (bit = 0; bit < 64; bit++) {
		if (c->base & (1ULL << bit))
			fs_expect(run_with(c->on_file, base & ~(1ULL << bit) & ~c->also, inh,
					   c->fn, c->name, ""),
				  CLOUDABI_ENOTCAPABLE, c->name, without("", bit));
	}
	for (bit = 0; bit < 64; bit++) {
		if (c->inh & (1ULL << bit))
			fs_expect(run_with(c->on_file, base, inh & ~(1ULL << bit), c->fn,
					   c->name, ""),
				  CLOUDABI_ENOTCAPABLE, c->name, without("inheriting ", bit));
	}
	fs_expect(run_with(c->on_file, base, inh, c->fn, c->name, ""), 0, c->name,
		  "with all rights");
}

static void shrink_cases(void)
{
	fdstat_t st = { 0 };
	uint32_t copy;

	ktap_ok(fs_restrict(DIR, DIR_BASE & ~R(FILE_OPEN), DIR_INH & ~R(FD_WRITE), &copy) == 0,
		"shrink_dir_rights");
	st.fs_rights_base = DIR_BASE;
	st.fs_rights_inheriting = DIR_INH & ~R(FD_WRITE);
	EXPECT(FD_STAT_PUT(copy, &st, CLOUDABI_FDSTAT_RIGHTS), CLOUDABI_ENOTCAPABLE,
	       "fd_stat_put_cannot_add_base_right");
	st.fs_rights_base = DIR_BASE & ~R(FILE_OPEN);
	st.fs_rights_inheriting = DIR_INH;
	EXPECT(FD_STAT_PUT(copy, &st, CLOUDABI_FDSTAT_RIGHTS), CLOUDABI_ENOTCAPABLE,
	       "fd_stat_put_cannot_add_inheriting_right");
	ktap_ok(FD_STAT_GET(copy, &st) == 0 && st.fs_rights_base == (DIR_BASE & ~R(FILE_OPEN)) &&
		st.fs_rights_inheriting == (DIR_INH & ~R(FD_WRITE)),
		"failed_fd_stat_put_left_rights_alone");
	FD_CLOSE(copy);
	st.fs_rights_base = FILE_BASE | R(FILE_READDIR);
	st.fs_rights_inheriting = 0;
	ktap_ok(FD_DUP(file_fd, &copy) == 0, "dup_file");
	EXPECT(FD_STAT_PUT(copy, &st, CLOUDABI_FDSTAT_RIGHTS), CLOUDABI_ENOTCAPABLE,
	       "fd_stat_put_cannot_add_right_beyond_file_maximum");
	st.fs_rights_base = FILE_BASE;
	st.fs_rights_inheriting = R(FD_READ);
	EXPECT(FD_STAT_PUT(copy, &st, CLOUDABI_FDSTAT_RIGHTS), CLOUDABI_ENOTCAPABLE,
	       "fd_stat_put_cannot_add_inheriting_to_file");
	FD_CLOSE(copy);
}

static int rights_are(uint32_t fd, uint8_t type, uint64_t base, uint64_t inh)
{
	fdstat_t st;

	return FD_STAT_GET(fd, &st) == 0 && st.fs_filetype == type &&
	       st.fs_rights_base == base && st.fs_rights_inheriting == inh;
}

static void open_rights_cases(void)
{
	uint64_t read_all = DIR_INH & ~WRITE_BITS;
	uint32_t fd = 0, sub = 0, d2;
	void *m = 0;

	ktap_ok(rights_are(DIR, CLOUDABI_FILETYPE_DIRECTORY, DIR_BASE, DIR_INH),
		"fd3_has_directory_maxima");
	ktap_ok(fs_open(LK(DIR, 0), S("d"), CLOUDABI_O_DIRECTORY, read_all, DIR_INH, 0, &fd) == 0 &&
		rights_are(fd, CLOUDABI_FILETYPE_DIRECTORY, DIR_BASE, DIR_INH),
		"file_open_subdirectory_gets_0x13EFF698_0x11FFFF7FF");
	FD_CLOSE(fd);
	ktap_ok(fs_open(LK(DIR, 0), S("g"), CLOUDABI_O_CREAT, DIR_INH, DIR_INH, 0, &fd) == 0 &&
		rights_are(fd, CLOUDABI_FILETYPE_REGULAR_FILE, FILE_BASE, 0),
		"file_open_rdwr_creat_gets_0x11C3801FF_0");
	FD_CLOSE(fd);
	ktap_ok(fs_open(LK(DIR, 0), S("g"), 0, read_all, DIR_INH, 0, &fd) == 0 &&
		rights_are(fd, CLOUDABI_FILETYPE_REGULAR_FILE, FILE_BASE & ~WRITE_BITS, 0),
		"file_open_read_only_gets_file_maxima_without_write");
	EXPECT(MEM_MAP(0, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE, CLOUDABI_MAP_SHARED,
		       fd, 0, &m), CLOUDABI_ENOTCAPABLE, "read_only_file_no_writable_shared_map");
	EXPECT(c_map_read(fd), 0, "read_only_file_readable_shared_map");
	EXPECT(c_write(fd), CLOUDABI_ENOTCAPABLE, "read_only_file_no_fd_write");
	FD_CLOSE(fd);
	/* Inheriting rights flow: a directory opened below a restricted one. */
	ktap_ok(fs_restrict(DIR, DIR_BASE, DIR_INH & ~R(FILE_UNLINK), &d2) == 0 &&
		fs_open(LK(d2, 0), S("d"), CLOUDABI_O_DIRECTORY, read_all & ~R(FILE_UNLINK),
			DIR_INH & ~R(FILE_UNLINK), 0, &sub) == 0 &&
		rights_are(sub, CLOUDABI_FILETYPE_DIRECTORY, DIR_BASE & ~R(FILE_UNLINK),
			   DIR_INH & ~R(FILE_UNLINK)),
		"inheriting_rights_flow_to_opened_directory");
	EXPECT(FILE_UNLINK(sub, S("x"), 0), CLOUDABI_ENOTCAPABLE,
	       "opened_directory_lacks_file_unlink");
	EXPECT(fs_open(LK(d2, 0), S("d"), CLOUDABI_O_DIRECTORY, R(FILE_OPEN), R(FILE_UNLINK), 0,
		       &fd), CLOUDABI_ENOTCAPABLE, "file_open_requesting_missing_inheriting");
	FD_CLOSE(sub);
	FD_CLOSE(d2);
	/* fd 0 is the host's /dev/null, opened O_RDONLY. */
	{
		fdstat_t st;

		ktap_ok(FD_STAT_GET(0, &st) == 0 && !(st.fs_rights_base & R(FD_WRITE)) &&
			(st.fs_rights_base & R(FD_READ)), "fd0_read_only_has_fd_read_not_fd_write");
	}
	EXPECT(c_write(0), CLOUDABI_ENOTCAPABLE, "fd0_write_enotcapable");
}

#define N_SHRINK 7
#define N_OPEN 12

int test_main(const void *argdata, size_t argdatalen)
{
	unsigned int i, n = N_SHRINK + N_OPEN + NSPARE + 3;
	cloudabi_iovec_t v = { (uintptr_t)"0123456789", 10 };
	size_t done;

	(void)argdata;
	(void)argdatalen;
	for (i = 0; i < NCASES; i++)
		n += popcount(cases[i].base) + popcount(cases[i].inh) + 1;
	ktap_plan(n);
	EXPECT(fs_open(LK(DIR, 0), S("f"), CLOUDABI_O_CREAT, FILE_BASE, 0, 0, &file_fd), 0,
	       "setup_open_file");
	ktap_ok(FD_PWRITE(file_fd, &v, 1, 0, &done) == 0 &&
		FILE_CREATE(DIR, S("d"), CLOUDABI_FILETYPE_DIRECTORY) == 0, "setup_file_and_dir");
	EXPECT(FILE_SYMLINK(S("f"), DIR, S("l")), 0, "setup_symlink");
	for (i = 0; i < NCASES; i++)
		run_case(&cases[i]);
	for (i = 0; i < NSPARE; i++)
		fs_expect(run_with(spare[i].on_file, spare[i].base, spare[i].inh, spare[i].fn,
				   spare[i].name, ""), 0, spare[i].name, NULL);
	shrink_cases();
	open_rights_cases();
	return ktap_failures() ? 1 : 0;
}
