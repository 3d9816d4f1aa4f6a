// SPDX-License-Identifier: GPL-2.0
/*
 * The escape suite (ABI.md §8.4, §8.5; DESIGN.md §4): fd 3 is a jail
 * directory; every path that leaves it must fail with ENOTCAPABLE in every
 * path-taking call, before anything outside is opened, created, renamed or
 * linked (the plan watches the jail's parent around this program).
 *
 * Fixtures the plan builds (JAIL = fd 3, its parent holds "secret" and
 * "outdir/f"):
 *   JAIL/file, JAIL/victim       regular files
 *   JAIL/a/b/                    directories
 *   JAIL/abs -> /tmp             absolute symlink
 *   JAIL/up -> ../..   JAIL/up1 -> ..   JAIL/upsecret -> ../secret
 *   JAIL/a/up -> ../../..        relative symlinks that climb out
 *   JAIL/procroot -> /proc/self/root, JAIL/procfd3 -> /proc/self/fd/3
 *   JAIL/proc                    a procfs mount (magic links below the jail)
 *   JAIL/loop1 <-> JAIL/loop2, JAIL/self -> self   symlink loops
 *   JAIL/inner -> a/b, JAIL/a/bup -> ../file      symlinks that stay inside
 *
 * "escape race N" instead resolves a/b/c/../../m and a/b/c/d/e/f/../../../../../m
 * N times while the plan's native racer moves JAIL/a/b out of the jail and
 * back: the jail's a/m holds "inside", the parent's m "OUTSIDE"; the outside
 * one must never be found.
 */
#include "fs.h"

#define JAIL 3
#define RO_BASE (R(FD_READ) | R(FILE_STAT_FGET))

/* Each path-taking call, with the escaping path in one argument. */
typedef err_t (*op_fn)(const char *p, size_t n);

static void close_if(err_t e, uint32_t fd)
{
	if (!e)
		FD_CLOSE(fd);
}

static err_t op_open(const char *p, size_t n)
{
	uint32_t fd = 0;
	err_t e = fs_open(LK(JAIL, 0), p, n, 0, RO_BASE, 0, 0, &fd);

	close_if(e, fd);
	return e;
}

static err_t op_open_follow(const char *p, size_t n)
{
	uint32_t fd = 0;
	err_t e = fs_open(LK(JAIL, FOLLOW), p, n, 0, RO_BASE, 0, 0, &fd);

	close_if(e, fd);
	return e;
}

static err_t op_open_creat(const char *p, size_t n)
{
	uint32_t fd = 0;
	err_t e = fs_open(LK(JAIL, FOLLOW), p, n, CLOUDABI_O_CREAT,
			  RO_BASE | R(FD_WRITE), 0, CLOUDABI_FDFLAG_APPEND, &fd);

	close_if(e, fd);
	return e;
}

static err_t op_stat(const char *p, size_t n)
{
	filestat_t st;

	return FILE_STAT_GET(LK(JAIL, 0), p, n, &st);
}

static err_t op_stat_follow(const char *p, size_t n)
{
	filestat_t st;

	return FILE_STAT_GET(LK(JAIL, FOLLOW), p, n, &st);
}

static err_t op_stat_put(const char *p, size_t n)
{
	filestat_t st = { 0 };

	st.st_mtim = 1000000000ULL;
	return FILE_STAT_PUT(LK(JAIL, FOLLOW), p, n, &st, CLOUDABI_FILESTAT_MTIM);
}

static err_t op_create(const char *p, size_t n)
{
	return FILE_CREATE(JAIL, p, n, CLOUDABI_FILETYPE_DIRECTORY);
}

static err_t op_unlink(const char *p, size_t n)
{
	return FILE_UNLINK(JAIL, p, n, 0);
}

static err_t op_rmdir(const char *p, size_t n)
{
	return FILE_UNLINK(JAIL, p, n, CLOUDABI_UNLINK_REMOVEDIR);
}

static err_t op_readlink(const char *p, size_t n)
{
	char buf[64];
	size_t used;

	return FILE_READLINK(JAIL, p, n, buf, sizeof(buf), &used);
}

static err_t op_rename_from(const char *p, size_t n)
{
	return FILE_RENAME(JAIL, p, n, JAIL, S("stolen"));
}

static err_t op_rename_to(const char *p, size_t n)
{
	return FILE_RENAME(JAIL, S("victim"), JAIL, p, n);
}

static err_t op_link_from(const char *p, size_t n)
{
	return FILE_LINK(LK(JAIL, FOLLOW), p, n, JAIL, S("linked"));
}

static err_t op_link_to(const char *p, size_t n)
{
	return FILE_LINK(LK(JAIL, 0), S("file"), JAIL, p, n);
}

static err_t op_symlink_at(const char *p, size_t n)
{
	return FILE_SYMLINK(S("file"), JAIL, p, n);
}

static const struct {
	const char *name;
	op_fn fn;
} ops[] = {
	{ "file_open", op_open },
	{ "file_open_creat", op_open_creat },
	{ "file_stat_get", op_stat_follow },
	{ "file_stat_put", op_stat_put },
	{ "file_create", op_create },
	{ "file_unlink", op_unlink },
	{ "file_unlink_removedir", op_rmdir },
	{ "file_readlink", op_readlink },
	{ "file_rename_source", op_rename_from },
	{ "file_rename_target", op_rename_to },
	{ "file_link_source", op_link_from },
	{ "file_link_target", op_link_to },
	{ "file_symlink_target", op_symlink_at },
};

#define NOPS (sizeof(ops) / sizeof(ops[0]))

/* Paths that leave the jail before their last component, or are absolute. */
static const char *const escapes[] = {
	"..",
	"../secret",
	"../outdir",
	"../outdir/f",
	"../jail/file",
	"a/../..",
	"a/../../secret",
	"a/b/../../../secret",
	"a/b/../../../../../../../secret",
	"./../secret",
	"/",
	"/etc",
	"/tmp/esc/secret",
	"//x",
	"abs/esc/secret",
	"abs/x",
	"up/esc/secret",
	"up1/secret",
	"upsecret/x",
	"a/up/esc/secret",
	"inner/../../../secret",
	"procroot/tmp",
	"procfd3/file",
	"proc/self/root/tmp",
	"proc/self/fd/3/file",
	"proc/self/cwd/tmp",
	"climbdir/f",
};

#define NESC (sizeof(escapes) / sizeof(escapes[0]))

/* Symlinks whose own target escapes: refused only when followed. */
static const char *const final_links[] = {
	"abs", "up", "up1", "upsecret", "a/up", "procroot", "procfd3",
	"proc/self/root", "proc/self/fd/3", "proc/self/cwd", "climb", "climbdir",
};

#define NFINAL (sizeof(final_links) / sizeof(final_links[0]))

static void matrix(const char *p, size_t n, err_t want, const char *what)
{
	char name[96];
	unsigned int i;
	size_t k;

	for (i = 0; i < NOPS; i++) {
		for (k = 0; ops[i].name[k] && k < sizeof(name) - 2; k++)
			name[k] = ops[i].name[k];
		name[k] = '\0';
		fs_expect(ops[i].fn(p, n), want, name, what ? what : p);
	}
}

static void final_link_cases(const char *p)
{
	char slash[64];
	size_t i, n = fs_strlen(p);

	fs_expect(op_open_follow(p, n), CLOUDABI_ENOTCAPABLE, "file_open_follow", p);
	fs_expect(op_open(p, n), CLOUDABI_ELOOP, "file_open_nofollow_eloop", p);
	fs_expect(op_stat_follow(p, n), CLOUDABI_ENOTCAPABLE, "file_stat_get_follow", p);
	fs_expect(op_stat_put(p, n), CLOUDABI_ENOTCAPABLE, "file_stat_put_follow", p);
	fs_expect(op_link_from(p, n), CLOUDABI_ENOTCAPABLE, "file_link_source_follow", p);
	for (i = 0; i < n; i++)
		slash[i] = p[i];
	slash[n] = '/';
	fs_expect(op_stat(slash, n + 1), CLOUDABI_ENOTCAPABLE,
		  "file_stat_get_trailing_slash", p);
}

/* What must keep working: nothing here leaves the jail. */
static void inside_cases(void)
{
	filestat_t st, st2;
	char buf[64];
	size_t used = 0;

	EXPECT(op_open(S("a/b/../../file")), 0, "inside_dotdot_chain_open");
	EXPECT(op_open_follow(S("a/bup")), 0, "inside_symlink_up_to_file_open");
	EXPECT(op_open(S("inner/../../file")), 0, "inside_symlink_then_dotdot_open");
	EXPECT(op_open(S(".")), 0, "inside_dot_open");
	EXPECT(op_open(S("a/..")), 0, "inside_a_dotdot_open");
	EXPECT(op_open(S("proc/self")), CLOUDABI_ELOOP, "inside_proc_self_nofollow_eloop");
	ktap_ok(FILE_STAT_GET(LK(JAIL, 0), S("abs"), &st) == 0 &&
		st.st_filetype == CLOUDABI_FILETYPE_SYMBOLIC_LINK && st.st_size == 4,
		"inside_stat_of_absolute_symlink_itself");
	ktap_ok(FILE_STAT_GET(LK(JAIL, 0), S("proc/self/root"), &st) == 0 &&
		st.st_filetype == CLOUDABI_FILETYPE_SYMBOLIC_LINK,
		"inside_stat_of_magic_link_itself");
	ktap_ok(FILE_READLINK(JAIL, S("abs"), buf, sizeof(buf), &used) == 0 &&
		used == 4 && !rt_memcmp(buf, "/tmp", 4), "inside_readlink_absolute_symlink");
	ktap_ok(FILE_READLINK(JAIL, S("up"), buf, sizeof(buf), &used) == 0 &&
		used == 5 && !rt_memcmp(buf, "../..", 5), "inside_readlink_climbing_symlink");
	ktap_ok(FILE_STAT_GET(LK(JAIL, FOLLOW), S("a/b/../../file"), &st) == 0 &&
		FILE_STAT_GET(LK(JAIL, 0), S("file"), &st2) == 0 && st.st_ino == st2.st_ino,
		"inside_dotdot_chain_same_inode");
}

/* Paths "./././..." of LEN bytes (LEN odd ends in "."). */
static char longpath[8192];

static void make_long(size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		longpath[i] = i % 2 ? '/' : '.';
}

static void bad_path_cases(void)
{
	filestat_t st;

	matrix("", 0, CLOUDABI_ENOENT, "empty_path_enoent");
	matrix("fi\0le", 6, CLOUDABI_EINVAL, "embedded_nul_einval");
	matrix("file\0", 5, CLOUDABI_EINVAL, "trailing_nul_einval");
	make_long(4096);
	matrix(longpath, 4096, CLOUDABI_ENAMETOOLONG, "length_4096_enametoolong");
	make_long(4095);
	EXPECT(FILE_STAT_GET(LK(JAIL, 0), longpath, 4095, &st), 0, "length_4095_accepted");
	EXPECT(FILE_STAT_GET(LK(JAIL, 0), longpath, (size_t)1 << 40, &st),
	       CLOUDABI_ENAMETOOLONG, "length_2_40_enametoolong");
	EXPECT(FILE_STAT_GET(LK(JAIL, 0), (const char *)8, 4, &st), CLOUDABI_EFAULT,
	       "bad_path_pointer_efault");
	matrix(S("loop1/x"), CLOUDABI_ELOOP, NULL);
	matrix(S("self/x"), CLOUDABI_ELOOP, NULL);
	EXPECT(op_open_follow(S("loop1")), CLOUDABI_ELOOP, "file_open_follow loop1");
	EXPECT(op_stat_follow(S("self")), CLOUDABI_ELOOP, "file_stat_get_follow self");
}

/* file_symlink may create climbing links; following them must not escape. */
static int make_climbing_links(void)
{
	err_t a = FILE_SYMLINK(S("../secret"), JAIL, S("climb"));
	err_t b = FILE_SYMLINK(S("../outdir"), JAIL, S("climbdir"));

	ktap_print(a ? "    # climbing symlinks refused\n" : "    # climbing symlinks created\n");
	ktap_ok((a == 0 || a == CLOUDABI_ENOTCAPABLE) && a == b,
		"file_symlink_climbing_link_created_or_refused");
	return a == 0 && b == 0;
}

static int run_matrix(void)
{
	unsigned int i, created;
	filestat_t st;
	char buf[64];
	size_t used;

	/* 1 + matrix + final links + inside + bad paths + 2 */
	ktap_plan(1 + NESC * NOPS + NFINAL * 6 + 11 + 4 * NOPS + 3 + 2 * NOPS + 2 + 2);
	created = make_climbing_links();
	for (i = 0; i < NESC; i++) {
		err_t want = CLOUDABI_ENOTCAPABLE;

		if (!created && rt_streq(escapes[i], "climbdir/f"))
			want = CLOUDABI_ENOENT;
		matrix(escapes[i], fs_strlen(escapes[i]), want, NULL);
	}
	for (i = 0; i < NFINAL; i++)
		final_link_cases(created || (!rt_streq(final_links[i], "climb") &&
					     !rt_streq(final_links[i], "climbdir")) ?
				 final_links[i] : "upsecret");
	inside_cases();
	bad_path_cases();
	ktap_ok(FILE_STAT_GET(LK(JAIL, 0), S("victim"), &st) == 0 &&
		FILE_STAT_GET(LK(JAIL, 0), S("stolen"), &st) == CLOUDABI_ENOENT &&
		FILE_STAT_GET(LK(JAIL, 0), S("linked"), &st) == CLOUDABI_ENOENT,
		"no_rename_or_link_happened_inside");
	ktap_ok(!created || (FILE_READLINK(JAIL, S("climb"), buf, sizeof(buf), &used) == 0 &&
			     used == 9 && !rt_memcmp(buf, "../secret", 9)),
		"readlink_of_climbing_link_gives_its_text");
	return ktap_failures() ? 1 : 0;
}

/* The race: a/b/c/../../m is the jail's a/m unless resolution escapes. */
static int run_race(unsigned long n)
{
	unsigned long i, ok = 0, enoent = 0, notcap = 0, escaped = 0, other = 0;
	filestat_t in, st;
	char buf[16];
	size_t got;

	ktap_plan(3);
	if (!ktap_ok(FILE_STAT_GET(LK(JAIL, 0), S("a/m"), &in) == 0, "race_inside_marker"))
		return 1;
	for (i = 0; i < n; i++) {
		cloudabi_iovec_t iov = { (uintptr_t)buf, sizeof(buf) };
		uint32_t fd;
		err_t e;

		if (i % 4 == 3) {
			e = FILE_STAT_GET(LK(JAIL, 0), S("a/b/c/d/e/f/../../../../../m"), &st);
			if (!e && st.st_ino != in.st_ino)
				escaped++;
		} else if (i % 2) {
			e = FILE_STAT_GET(LK(JAIL, 0), S("a/b/c/../../m"), &st);
			if (!e && st.st_ino != in.st_ino)
				escaped++;
		} else {
			e = fs_open(LK(JAIL, 0), S("a/b/c/../../m"), 0,
				    R(FD_READ) | R(FD_SEEK), 0, 0, &fd);
			if (!e) {
				got = 0;
				FD_PREAD(fd, &iov, 1, 0, &got);
				if (got != 6 || rt_memcmp(buf, "inside", 6))
					escaped++;
				FD_CLOSE(fd);
			}
		}
		if (!e)
			ok++;
		else if (e == CLOUDABI_ENOENT)
			enoent++;
		else if (e == CLOUDABI_ENOTCAPABLE)
			notcap++;
		else
			other++;
		/* Beyond the jail whatever the racer does. */
		e = FILE_STAT_GET(LK(JAIL, 0), S("a/b/c/../../../../m"), &st);
		if (e != CLOUDABI_ENOTCAPABLE && e != CLOUDABI_ENOENT)
			other++;
		if (!e)
			escaped++;
	}
	ktap_print("    # race: ");
	ktap_printu(ok, 10);
	ktap_print(" inside, ");
	ktap_printu(enoent, 10);
	ktap_print(" ENOENT, ");
	ktap_printu(notcap, 10);
	ktap_print(" ENOTCAPABLE, ");
	ktap_printu(other, 10);
	ktap_print(" other, ");
	ktap_printu(escaped, 10);
	ktap_print(" escapes\n");
	ktap_expect_eq(escaped, 0, "race_never_resolved_outside");
	ktap_expect_eq(other, 0, "race_only_enoent_or_enotcapable");
	return ktap_failures() ? 1 : 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *mode = rt_arg(1);

	(void)argdata;
	(void)argdatalen;
	if (mode && rt_streq(mode, "race"))
		return run_race(rt_arg(2) ? (unsigned long)rt_atol(rt_arg(2)) : 2000);
	return run_matrix();
}
