// SPDX-License-Identifier: GPL-2.0
/*
 * Every size a program controls is checked before the kernel allocates by
 * it, and the resource limits hold (issue 15, item 4).  Each bound with its
 * exact errno, and the largest size it allows still working:
 *   bounds          fd 3 a fresh directory: poll subscriptions, iovec
 *                   counts, path and symlink lengths, readdir and readlink
 *                   buffers, the fds arrays of sock_send and proc_exec,
 *                   proc_exec's data, ri_fds_len
 *   bounds nofile   under RLIMIT_NOFILE 1024 (the least a CloudABI program
 *                   starts with: 1022 and 1023 are the exec gate and the
 *                   control descriptor): every call that makes a
 *                   descriptor says EMFILE once the table is full
 *   bounds as       under RLIMIT_AS 256 MiB: mem_map of 512 MiB is ENOMEM,
 *                   1 MiB still maps
 */
#include "fs.h"
#include "ulock.h"

#define RECV(s, i, o)	RT_FN(sock_recv, err_t, uint32_t, const void *, void *)(s, i, o)
#define SEND(s, i, o)	RT_FN(sock_send, err_t, uint32_t, const void *, void *)(s, i, o)
#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)
#define FORK(fd, tid)	RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(fd, tid)
#define FD_READ(...)	RT_FN(fd_read, err_t, uint32_t, const cloudabi_iovec_t *, size_t, \
				size_t *)(__VA_ARGS__)
#define FD_WRITE(...)	RT_FN(fd_write, err_t, uint32_t, const cloudabi_iovec_t *, size_t, \
				size_t *)(__VA_ARGS__)
#define CREATE2(t, a, b) RT_FN(fd_create2, err_t, uint8_t, uint32_t *, uint32_t *)(t, a, b)

#define DIR		3
#define HUGE		(1ULL << 40)
#define POLL_MAX	4096	/* src/syscalls/poll.c */
#define IOV_MAX		1024	/* Linux's UIO_MAXIOV */

typedef struct cloudabi_recv_in recv_in_t;
typedef struct cloudabi_recv_out recv_out_t;
typedef struct cloudabi_send_in send_in_t;

static sub_t subs[POLL_MAX + 1];
static ev_t evs[POLL_MAX + 1];
static cloudabi_iovec_t iovs[IOV_MAX + 1];
static char bytes[IOV_MAX + 1];
static char page[65536];
static char longname[4200];

static uint32_t open_file(const char *name, size_t len)
{
	fdstat_t fds = { .fs_rights_base = FILE_BASE };
	uint32_t fd = ~0U;

	if (FILE_OPEN(LK(DIR, 0), name, len, CLOUDABI_O_CREAT, &fds, &fd))
		return ~0U;
	return fd;
}

static void poll_cases(uint32_t rd)
{
	size_t i, n = 0;

	for (i = 0; i <= POLL_MAX; i++) {
		subs[i].userdata = i;
		subs[i].type = CLOUDABI_EVENTTYPE_FD_READ;
		subs[i].fd_readwrite.fd = rd;
	}
	ktap_ok(POLL(subs, evs, POLL_MAX, &n) == 0 && n == POLL_MAX && evs[POLL_MAX - 1].error == 0,
		"poll_4096_subscriptions");
	ktap_expect_eq(POLL(subs, evs, POLL_MAX + 1, &n), CLOUDABI_EINVAL,
		       "poll_4097_subscriptions_einval");
}

static void iov_cases(uint32_t f)
{
	size_t i, n = 0;

	for (i = 0; i <= IOV_MAX; i++) {
		iovs[i].buf = (uintptr_t)&bytes[i];
		iovs[i].buf_len = 1;
	}
	ktap_ok(FD_WRITE(f, iovs, IOV_MAX, &n) == 0 && n == IOV_MAX, "fd_write_1024_iovecs");
	ktap_expect_eq(FD_WRITE(f, iovs, IOV_MAX + 1, &n), CLOUDABI_EINVAL,
		       "fd_write_1025_iovecs_einval");
	ktap_expect_eq(FD_WRITE(f, iovs, HUGE, &n), CLOUDABI_EINVAL, "fd_write_2_40_iovecs_einval");
	ktap_ok(FD_PREAD(f, iovs, IOV_MAX, 0, &n) == 0 && n == IOV_MAX, "fd_pread_1024_iovecs");
	ktap_expect_eq(FD_PREAD(f, iovs, IOV_MAX + 1, 0, &n), CLOUDABI_EINVAL,
		       "fd_pread_1025_iovecs_einval");
	ktap_expect_eq(FD_PWRITE(f, iovs, HUGE, 0, &n), CLOUDABI_EINVAL,
		       "fd_pwrite_2_40_iovecs_einval");
	ktap_expect_eq(FD_READ(f, iovs, IOV_MAX + 1, &n), CLOUDABI_EINVAL,
		       "fd_read_1025_iovecs_einval");
}

static void name_cases(void)
{
	size_t i, n = 0;
	err_t e;

	for (i = 0; i < sizeof(longname); i++)
		longname[i] = i % 2 ? '/' : 'a';
	ktap_expect_eq(FILE_SYMLINK(longname, 4096, DIR, S("sl")), CLOUDABI_ENAMETOOLONG,
		       "symlink_target_4096_enametoolong");
	ktap_expect_eq(FILE_SYMLINK(longname, HUGE, DIR, S("sl")), CLOUDABI_ENAMETOOLONG,
		       "symlink_target_2_40_enametoolong");
	e = FILE_SYMLINK(longname, 4095, DIR, S("sl"));
	ktap_ok(e == 0 && FILE_READLINK(DIR, S("sl"), page, HUGE, &n) == 0 && n == 4095,
		"symlink_target_4095_and_readlink_buffer_2_40");
	ktap_expect_eq(FILE_RENAME(DIR, S("sl"), DIR, longname, HUGE), CLOUDABI_ENAMETOOLONG,
		       "rename_target_2_40_enametoolong");
	ktap_expect_eq(FILE_CREATE(DIR, longname, 4096, CLOUDABI_FILETYPE_DIRECTORY),
		       CLOUDABI_ENAMETOOLONG, "create_4096_enametoolong");
	/* The buffer is 64 KiB; the length says 2^40: nothing is allocated by it. */
	ktap_ok(FILE_READDIR(DIR, page, HUGE, CLOUDABI_DIRCOOKIE_START, &n) == 0 &&
		n > 0 && n < sizeof(page), "readdir_buffer_2_40");
}

static void sock_cases(uint32_t f)
{
	uint32_t a = 0, b = 0;
	cloudabi_iovec_t v = { (uintptr_t)"x", 1 };
	char c;
	cloudabi_iovec_t rv = { (uintptr_t)&c, 1 };
	uint32_t got[4] = { ~0U, ~0U, ~0U, ~0U };
	send_in_t si = { (uintptr_t)&v, 1, (uintptr_t)&f, 1, 0, { 0 } };
	recv_in_t ri = { (uintptr_t)&rv, 1, (uintptr_t)got, HUGE, 0, { 0 } };
	recv_out_t ro;
	uint64_t n = 0;

	CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	ktap_ok(SEND(a, &si, &n) == 0 && RECV(b, &ri, &ro) == 0 && ro.ro_fdslen == 1 &&
		got[0] != ~0U && got[1] == ~0U, "recv_ri_fds_len_2_40_gets_the_one");
	if (got[0] != ~0U)
		FD_CLOSE(got[0]);
	si.si_fds_len = 254;
	ktap_expect_eq(SEND(a, &si, &n), CLOUDABI_EINVAL, "send_254_fds_einval");
	si.si_fds_len = HUGE;
	ktap_expect_eq(SEND(a, &si, &n), CLOUDABI_EINVAL, "send_2_40_fds_einval");
	si.si_fds_len = 0;
	si.si_data_len = IOV_MAX + 1;
	ktap_expect_eq(SEND(a, &si, &n), CLOUDABI_EINVAL, "send_1025_iovecs_einval");
}

static void exec_cases(uint32_t f)
{
	ktap_expect_eq(EXEC(f, page, HUGE, NULL, 0), CLOUDABI_E2BIG, "proc_exec_data_2_40_e2big");
	ktap_expect_eq(EXEC(f, page, 128 * 1024, NULL, 0), CLOUDABI_E2BIG,
		       "proc_exec_data_128k_e2big");
	ktap_expect_eq(EXEC(f, page, 4, NULL, HUGE), CLOUDABI_E2BIG, "proc_exec_fds_2_40_e2big");
	ktap_expect_eq(EXEC(f, page, 4, NULL, 1023), CLOUDABI_E2BIG, "proc_exec_fds_1023_e2big");
}

/* Every call that makes a descriptor, once the table is full: EMFILE. */
static int nofile_mode(void)
{
	fdstat_t fds = { .fs_rights_base = FILE_BASE };
	uint32_t fd = 0, a = 0, b = 0, tid = 0, n = 0;
	err_t e;

	while (!(e = FD_DUP(DIR, &fd)))
		n++;
	ktap_plan(6);
	ktap_ok(e == CLOUDABI_EMFILE && n > 1000 && n < 1022, "fd_dup_until_emfile");
	ktap_expect_eq(FILE_OPEN(LK(DIR, 0), S("g"), CLOUDABI_O_CREAT, &fds, &fd), CLOUDABI_EMFILE,
		       "file_open_emfile");
	ktap_expect_eq(CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b), CLOUDABI_EMFILE,
		       "fd_create2_emfile");
	ktap_expect_eq(FD_CREATE1(CLOUDABI_FILETYPE_SHARED_MEMORY, &fd), CLOUDABI_EMFILE,
		       "fd_create1_emfile");
	ktap_expect_eq(FORK(&fd, &tid), CLOUDABI_EMFILE, "proc_fork_emfile");
	/* One closed: one more fits, and no more. */
	FD_CLOSE(10);
	ktap_ok(FD_DUP(DIR, &fd) == 0 && FD_DUP(DIR, &a) == CLOUDABI_EMFILE,
		"one_freed_one_fits");
	return ktap_failures() ? 1 : 0;
}

static int as_mode(void)
{
	void *m = 0;

	ktap_plan(2);
	ktap_expect_eq(MEM_MAP(0, 512ULL << 20, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			       CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0, &m),
		       CLOUDABI_ENOMEM, "mem_map_512m_under_rlimit_as_256m_enomem");
	ktap_ok(MEM_MAP(0, 1 << 20, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0, &m) == 0 &&
		MEM_UNMAP(m, 1 << 20) == 0, "mem_map_1m_still_maps");
	return ktap_failures() ? 1 : 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	uint32_t f, a = 0, b = 0;

	(void)argdata;
	(void)argdatalen;
	if (rt_arg(1) && rt_streq(rt_arg(1), "nofile"))
		return nofile_mode();
	if (rt_arg(1) && rt_streq(rt_arg(1), "as"))
		return as_mode();
	ktap_plan(2 + 7 + 6 + 4 + 4);
	f = open_file(S("f"));
	if (f == ~0U || CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b)) {
		ktap_ok(0, "setup");
		return 1;
	}
	{
		cloudabi_iovec_t v = { (uintptr_t)"x", 1 };
		size_t n;

		FD_WRITE(a, &v, 1, &n);
	}
	poll_cases(b);
	iov_cases(f);
	name_cases();
	sock_cases(f);
	exec_cases(f);
	return ktap_failures() ? 1 : 0;
}
