// SPDX-License-Identifier: GPL-2.0
/*
 * proc_exec (ABI.md §5.3), started by the guest init with fd 3 = the
 * directory of the test programs.  First the refusals, each leaving the
 * caller as it was: no PROC_EXEC right, a native ELF, a closed fd in fds,
 * fds_len and data_len too large.  Then a chain of 100 execs of itself:
 * each image must see exactly its argdata (4 bytes with a NUL inside and
 * the step number) and exactly four descriptors: 0 = this program (with
 * PROC_EXEC), 1 = the directory, 2 = the console, 3 = the first image's
 * stdin; nothing at 4.  Exit status 0 at the end of the chain; otherwise
 * a code naming the check that failed.  "execs hold" (plan: bgdir,
 * filters, bgend) ends the chain by reading stdin to EOF, so the guest
 * init can count the seccomp filters of the 101st image.
 */
#include "fs.h"

#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)
#define STEPS 100

static uint32_t open_exe(const char *name, size_t len, uint64_t rights)
{
	fdstat_t fds = { .fs_rights_base = rights };
	uint32_t fd = ~0U;

	if (FILE_OPEN(LK(3, 0), name, len, 0, &fds, &fd))
		return ~0U;
	return fd;
}

static int chain(const unsigned char *ad, size_t len)
{
	unsigned char next[4] = { ad[0], 0, 0, 0xab };
	static const uint32_t fds[] = { 0, 1, 2, 3 };
	unsigned int step;
	fdstat_t st;
	size_t n;
	char c;

	step = ad[2];
	if (len != 4 || ad[1] != 0 || ad[3] != 0xab)
		return 200;
	if (FD_STAT_GET(0, &st) || st.fs_filetype != CLOUDABI_FILETYPE_REGULAR_FILE ||
	    !(st.fs_rights_base & CLOUDABI_RIGHT_PROC_EXEC))
		return 201;
	if (FD_STAT_GET(1, &st) || st.fs_filetype != CLOUDABI_FILETYPE_DIRECTORY)
		return 202;
	if (FD_STAT_GET(2, &st))
		return 203;
	if (FD_STAT_GET(3, &st))
		return 206;
	if (FD_STAT_GET(4, &st) != CLOUDABI_EBADF)
		return 204;
	if (step >= STEPS) {
		while (ad[0] == 'H' && !rt_fd_read(3, &c, 1, &n) && n)
			;
		return 0;
	}
	next[2] = step + 1;
	EXEC(0, next, sizeof(next), fds, 4);
	return 205;
}

int test_main(const void *argdata, size_t argdatalen)
{
	unsigned char first[4] = { 'C', 0, 0, 0xab };
	uint32_t exe, noexec, native, bad[] = { 77 };
	fdstat_t st;

	if (argdatalen == 4 && (((const unsigned char *)argdata)[0] == 'C' ||
				((const unsigned char *)argdata)[0] == 'H'))
		return chain(argdata, argdatalen);

	exe = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	noexec = open_exe(S("execs"), CLOUDABI_RIGHT_FD_READ);
	native = open_exe(S("syscount"), CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC);
	if (exe == ~0U || noexec == ~0U || native == ~0U)
		return 1;
	if (EXEC(noexec, first, 4, NULL, 0) != CLOUDABI_ENOTCAPABLE)
		return 2;
	if (EXEC(native, first, 4, NULL, 0) != CLOUDABI_ENOEXEC)
		return 3;
	if (EXEC(exe, first, 4, bad, 1) != CLOUDABI_EBADF)
		return 4;
	if (EXEC(exe, first, 4, NULL, 2000) != CLOUDABI_E2BIG)
		return 5;
	if (EXEC(exe, first, 1 << 20, NULL, 0) != CLOUDABI_E2BIG)
		return 6;
	if (EXEC(77, first, 4, NULL, 0) != CLOUDABI_EBADF)
		return 7;
	/* Every refusal left the caller as it was. */
	if (FD_STAT_GET(3, &st) || st.fs_filetype != CLOUDABI_FILETYPE_DIRECTORY ||
	    FD_STAT_GET(exe, &st))
		return 8;
	{
		uint32_t fds[] = { exe, 3, 1, 0 };

		if (rt_arg(1) && rt_streq(rt_arg(1), "hold"))
			first[0] = 'H';
		EXEC(exe, first, 4, fds, 4);
	}
	return 9;
}
