// SPDX-License-Identifier: GPL-2.0
/*
 * The first system calls: clocks, random_get, thread_yield, anonymous
 * mem_map/mem_protect/mem_unmap, fd_stat_get/fd_read/fd_write/fd_close on
 * inherited descriptors, proc_raise's bad input, and the exact errno of each
 * bad input.  Expects fd 0 = /dev/null read-only, fd 1 = the console.
 */
#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;

#define CLOCK_RES(c, r)	RT_FN(clock_res_get, err_t, uint32_t, uint64_t *)(c, r)
#define CLOCK_TIME(c, t) RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)(c, 1, t)
#define RANDOM(b, n)	RT_FN(random_get, err_t, void *, size_t)(b, n)
#define MEM_MAP(a, l, p, f, fd, o, m) \
	RT_FN(mem_map, err_t, void *, size_t, uint8_t, uint8_t, uint32_t, uint64_t, void **)(a, l, p, f, fd, o, m)
#define MEM_PROTECT(a, l, p) RT_FN(mem_protect, err_t, void *, size_t, uint8_t)(a, l, p)
#define MEM_UNMAP(a, l)	RT_FN(mem_unmap, err_t, void *, size_t)(a, l)
#define FD_STAT(fd, s)	RT_FN(fd_stat_get, err_t, uint32_t, struct cloudabi_fdstat *)(fd, s)
#define FD_CLOSE(fd)	RT_FN(fd_close, err_t, uint32_t)(fd)
#define RAISE(s)	RT_FN(proc_raise, err_t, uint8_t)(s)
#define YIELD()		RT_FN(thread_yield, err_t, void)()
#define WRITEV(fd, v, n, w) \
	RT_FN(fd_write, err_t, uint32_t, const cloudabi_iovec_t *, size_t, size_t *)(fd, v, n, w)

#define ANON (CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE)
#define RW (CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE)

int test_main(const void *argdata, size_t argdatalen)
{
	uint64_t t0 = 0, t1 = 0, res = 0;
	struct cloudabi_fdstat st;
	unsigned char rnd[64] = { 0 };
	unsigned int i, ok;
	void *m = 0, *m2 = 0;
	size_t n = 99;

	(void)argdata;
	(void)argdatalen;
	ktap_plan(37);
	ok = 1;
	for (i = 1; i <= 4; i++)
		ok &= CLOCK_RES(i, &res) == 0 && res > 0;
	ktap_ok(ok, "clock_res_get_all_four_clocks");
	ktap_expect_eq(CLOCK_RES(0, &res), CLOUDABI_EINVAL, "clock_res_get_clock_0_einval");
	ktap_expect_eq(CLOCK_RES(5, &res), CLOUDABI_EINVAL, "clock_res_get_clock_5_einval");
	ok = 1;
	for (i = 1; i <= 4; i++)
		ok &= CLOCK_TIME(i, &t0) == 0;
	ktap_ok(ok, "clock_time_get_all_four_clocks");
	ktap_ok(CLOCK_TIME(CLOUDABI_CLOCK_MONOTONIC, &t0) == 0 &&
		CLOCK_TIME(CLOUDABI_CLOCK_MONOTONIC, &t1) == 0 && t1 >= t0,
		"monotonic_does_not_go_back");
	ktap_ok(CLOCK_TIME(CLOUDABI_CLOCK_REALTIME, &t0) == 0 && t0 > 0, "realtime");
	ktap_expect_eq(CLOCK_TIME(99, &t0), CLOUDABI_EINVAL, "clock_time_get_bad_clock_einval");
	ok = 0;
	ktap_expect_eq(RANDOM(rnd, sizeof(rnd)), 0, "random_get");
	for (i = 0; i < sizeof(rnd); i++)
		ok |= rnd[i];
	ktap_ok(ok, "random_get_fills_buffer");
	ktap_expect_eq(RANDOM(rnd, 0), 0, "random_get_zero_length");
	ktap_expect_eq(RANDOM((void *)8, 16), CLOUDABI_EFAULT, "random_get_bad_buffer_efault");
	ktap_expect_eq(YIELD(), 0, "thread_yield");

	ktap_expect_eq(MEM_MAP(0, 8192, RW, ANON, CLOUDABI_MAP_ANON_FD, 0, &m), 0, "mem_map_anon_rw");
	if (m) {
		((volatile char *)m)[0] = 1;
		((volatile char *)m)[8191] = 2;
	}
	ktap_ok(m && ((char *)m)[8191] == 2, "mem_map_memory_usable");
	ktap_expect_eq(MEM_PROTECT(m, 8192, CLOUDABI_PROT_READ), 0, "mem_protect_read_only");
	ktap_expect_eq(MEM_PROTECT(m, 8192, CLOUDABI_PROT_WRITE | CLOUDABI_PROT_EXEC),
		       CLOUDABI_ENOTSUP, "mem_protect_wx_enotsup");
	ktap_expect_eq(MEM_PROTECT(m, 8192, 8), CLOUDABI_ENOTSUP, "mem_protect_bad_bits_enotsup");
	ktap_expect_eq(MEM_PROTECT((char *)m + 1, 8192, CLOUDABI_PROT_READ), CLOUDABI_EINVAL,
		       "mem_protect_unaligned_einval");
	ktap_expect_eq(MEM_UNMAP(m, 8192), 0, "mem_unmap");
	ktap_expect_eq(MEM_UNMAP((char *)m + 1, 4096), CLOUDABI_EINVAL, "mem_unmap_unaligned_einval");
	ktap_expect_eq(MEM_MAP(0, 4096, CLOUDABI_PROT_WRITE | CLOUDABI_PROT_EXEC, ANON,
			       CLOUDABI_MAP_ANON_FD, 0, &m2), CLOUDABI_ENOTSUP, "mem_map_wx_enotsup");
	ktap_expect_eq(MEM_MAP(0, 4096, 8, ANON, CLOUDABI_MAP_ANON_FD, 0, &m2),
		       CLOUDABI_ENOTSUP, "mem_map_bad_prot_enotsup");
	ktap_expect_eq(MEM_MAP(0, 4096, RW, CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE |
			       CLOUDABI_MAP_SHARED, CLOUDABI_MAP_ANON_FD, 0, &m2),
		       CLOUDABI_EINVAL, "mem_map_private_and_shared_einval");
	ktap_expect_eq(MEM_MAP(0, 4096, RW, CLOUDABI_MAP_ANON, CLOUDABI_MAP_ANON_FD, 0, &m2),
		       CLOUDABI_EINVAL, "mem_map_neither_private_nor_shared_einval");
	ktap_expect_eq(MEM_MAP(0, 4096, RW, ANON, 1, 0, &m2), CLOUDABI_EINVAL,
		       "mem_map_anon_with_fd_einval");
	ktap_expect_eq(MEM_MAP(0, 0, RW, ANON, CLOUDABI_MAP_ANON_FD, 0, &m2), CLOUDABI_EINVAL,
		       "mem_map_zero_length_einval");
	ktap_expect_eq(MEM_MAP((void *)4097, 4096, RW, ANON | CLOUDABI_MAP_FIXED,
			       CLOUDABI_MAP_ANON_FD, 0, &m2), CLOUDABI_EINVAL,
		       "mem_map_fixed_unaligned_einval");

	ktap_ok(FD_STAT(1, &st) == 0 && st.fs_filetype == CLOUDABI_FILETYPE_CHARACTER_DEVICE &&
		(st.fs_rights_base & CLOUDABI_RIGHT_FD_WRITE), "fd_stat_get_console");
	ktap_ok(FD_STAT(0, &st) == 0 && (st.fs_rights_base & CLOUDABI_RIGHT_FD_READ) &&
		!(st.fs_rights_base & CLOUDABI_RIGHT_FD_WRITE), "fd_stat_get_read_only_has_no_fd_write");
	ktap_expect_eq(WRITEV(0, 0, 0, &n), CLOUDABI_ENOTCAPABLE, "fd_write_read_only_enotcapable");
	ktap_expect_eq(FD_STAT(CABI_CTL_FD, &st), CLOUDABI_EBADF, "fd_stat_get_control_fd_ebadf");
	ktap_expect_eq(FD_STAT(600, &st), CLOUDABI_EBADF, "fd_stat_get_unused_ebadf");
	ktap_expect_eq(FD_STAT(1, (void *)8), CLOUDABI_EFAULT, "fd_stat_get_bad_buffer_efault");
	{
		cloudabi_iovec_t bad = { 8, 16 };

		ktap_expect_eq(WRITEV(1, &bad, 1, &n), CLOUDABI_EFAULT, "fd_write_bad_buffer_efault");
	}
	ktap_expect_eq(FD_CLOSE(CABI_CTL_FD), CLOUDABI_EBADF, "fd_close_control_fd_ebadf");
	ktap_expect_eq(RAISE(27), CLOUDABI_EINVAL, "proc_raise_27_einval");
	ktap_ok(RAISE(0) == 0 && RAISE(CLOUDABI_SIGPIPE) == 0 && RAISE(CLOUDABI_SIGCHLD) == 0 &&
		RAISE(CLOUDABI_SIGURG) == 0, "proc_raise_ignored_signals_return");
	/* A character device has every right; it is still not a socket. */
	ktap_expect_eq(RT_FN(sock_shutdown, err_t, uint32_t, uint8_t)(0, 3),
		       CLOUDABI_ENOTSOCK, "sock_shutdown_tty_enotsock");
	return ktap_failures() ? 1 : 0;
}
