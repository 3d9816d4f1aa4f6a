// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor calls on a regular tmpfs file given as fd 3 (read-write):
 * fd_pread/fd_pwrite leave the offset alone, fd_seek and FD_TELL, shared
 * offsets after fd_dup, fd_replace's dup2 semantics, fd_sync/datasync,
 * fd_close, and the exact errno of each bad input.  fd 0 is /dev/null
 * read-only, fd 1 the console (a tty: not seekable).
 */
#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;

#define PREAD(fd, v, n, o, r) RT_FN(fd_pread, err_t, uint32_t, const cloudabi_iovec_t *, \
				    size_t, uint64_t, size_t *)(fd, v, n, o, r)
#define PWRITE(fd, v, n, o, r) RT_FN(fd_pwrite, err_t, uint32_t, const cloudabi_iovec_t *, \
				     size_t, uint64_t, size_t *)(fd, v, n, o, r)
#define SEEK(fd, o, w, r) RT_FN(fd_seek, err_t, uint32_t, int64_t, uint8_t, uint64_t *)(fd, o, w, r)
#define DUP(fd, r)	RT_FN(fd_dup, err_t, uint32_t, uint32_t *)(fd, r)
#define REPLACE(a, b)	RT_FN(fd_replace, err_t, uint32_t, uint32_t)(a, b)
#define CLOSE(fd)	RT_FN(fd_close, err_t, uint32_t)(fd)
#define SYNC(fd)	RT_FN(fd_sync, err_t, uint32_t)(fd)
#define DATASYNC(fd)	RT_FN(fd_datasync, err_t, uint32_t)(fd)

#define STAT_GET(fd, s)	RT_FN(fd_stat_get, err_t, uint32_t, struct cloudabi_fdstat *)(fd, s)
#define STAT_PUT(fd, s, f) RT_FN(fd_stat_put, err_t, uint32_t, const struct cloudabi_fdstat *, \
				 uint16_t)(fd, s, f)
#define CREATE1(t, r)	RT_FN(fd_create1, err_t, uint8_t, uint32_t *)(t, r)
#define PUT_FLAGS	1
#define PUT_RIGHTS	2

#define CUR 1
#define END 2
#define SET 3

int test_main(const void *argdata, size_t argdatalen)
{
	char buf[16] = { 0 };
	cloudabi_iovec_t w = { (uintptr_t)"hello world", 11 };
	cloudabi_iovec_t r = { (uintptr_t)buf, 5 };
	uint64_t pos = 99;
	uint32_t d = 0;
	size_t n = 0;

	(void)argdata;
	(void)argdatalen;
	struct cloudabi_fdstat st = { 0 }, st3;
	uint32_t d2 = 0;

	ktap_plan(44);
	ktap_ok(PWRITE(3, &w, 1, 0, &n) == 0 && n == 11, "pwrite");
	ktap_ok(SEEK(3, 0, CUR, &pos) == 0 && pos == 0, "pwrite_leaves_offset");
	ktap_ok(PREAD(3, &r, 1, 6, &n) == 0 && n == 5 && !rt_memcmp(buf, "world", 5), "pread");
	ktap_ok(SEEK(3, 0, CUR, &pos) == 0 && pos == 0, "pread_leaves_offset");
	ktap_ok(rt_fd_write(3, "AB", 2, &n) == 0 && n == 2, "write_at_offset");
	ktap_ok(SEEK(3, 0, CUR, &pos) == 0 && pos == 2, "write_moves_offset");
	ktap_ok(PREAD(3, &r, 1, 0, &n) == 0 && !rt_memcmp(buf, "ABllo", 5), "write_landed_at_0");
	ktap_ok(SEEK(3, 6, SET, &pos) == 0 && pos == 6, "seek_set");
	ktap_ok(SEEK(3, -5, END, &pos) == 0 && pos == 6, "seek_end");
	ktap_ok(SEEK(3, 2, CUR, &pos) == 0 && pos == 8, "seek_cur");
	ktap_expect_eq(SEEK(3, 0, 0, &pos), CLOUDABI_EINVAL, "seek_whence_0_einval");
	ktap_expect_eq(SEEK(3, 0, 4, &pos), CLOUDABI_EINVAL, "seek_whence_4_einval");
	ktap_expect_eq(SEEK(3, -1, SET, &pos), CLOUDABI_EINVAL, "seek_negative_einval");
	ktap_expect_eq(SEEK(600, 0, SET, &pos), CLOUDABI_EBADF, "seek_bad_fd_ebadf");
	ktap_expect_eq(PREAD(1, &r, 1, 0, &n), CLOUDABI_ESPIPE, "pread_tty_espipe");
	ktap_expect_eq(PWRITE(0, &w, 1, 0, &n), CLOUDABI_ENOTCAPABLE, "pwrite_read_only_enotcapable");
	ktap_expect_eq(PREAD(600, &r, 1, 0, &n), CLOUDABI_EBADF, "pread_bad_fd_ebadf");
	ktap_expect_eq(SYNC(3), 0, "fd_sync");
	ktap_expect_eq(DATASYNC(3), 0, "fd_datasync");
	ktap_ok(DUP(3, &d) == 0 && d > 3, "fd_dup");
	ktap_ok(SEEK(d, 1, SET, &pos) == 0 && SEEK(3, 0, CUR, &pos) == 0 && pos == 1,
		"dup_shares_offset");
	ktap_expect_eq(DUP(CABI_CTL_FD, &d), CLOUDABI_EBADF, "fd_dup_control_fd_ebadf");
	ktap_expect_eq(DUP(600, &d), CLOUDABI_EBADF, "fd_dup_bad_fd_ebadf");
	ktap_expect_eq(REPLACE(0, d), 0, "fd_replace");
	ktap_expect_eq(PWRITE(d, &w, 1, 0, &n), CLOUDABI_ENOTCAPABLE, "replaced_fd_has_new_rights");
	ktap_expect_eq(REPLACE(3, 700), CLOUDABI_EBADF, "fd_replace_target_not_open_ebadf");
	ktap_expect_eq(REPLACE(3, CABI_CTL_FD), CLOUDABI_EBADF, "fd_replace_onto_control_fd_ebadf");
	ktap_expect_eq(REPLACE(3, 3), 0, "fd_replace_same_fd");
	/* fd_stat_put: rights belong to the descriptor, not the open file. */
	ktap_ok(DUP(3, &d2) == 0 && STAT_GET(d2, &st) == 0, "stat_put_setup");
	st3 = st;
	st.fs_rights_base &= ~(CLOUDABI_RIGHT_FD_WRITE | CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS);
	ktap_expect_eq(STAT_PUT(d2, &st, PUT_RIGHTS), 0, "stat_put_rights_shrink");
	ktap_expect_eq(rt_fd_write(d2, "x", 1, &n), CLOUDABI_ENOTCAPABLE,
		       "stat_put_dropped_fd_write_enotcapable");
	ktap_ok(rt_fd_write(3, "x", 1, &n) == 0 && STAT_GET(3, &st) == 0 &&
		st.fs_rights_base == st3.fs_rights_base, "stat_put_other_fd_keeps_rights");
	ktap_expect_eq(STAT_PUT(d2, &st3, PUT_RIGHTS), CLOUDABI_ENOTCAPABLE,
		       "stat_put_rights_never_grow");
	ktap_expect_eq(STAT_PUT(d2, &st3, PUT_FLAGS), CLOUDABI_ENOTCAPABLE,
		       "stat_put_flags_without_right_enotcapable");
	ktap_expect_eq(STAT_PUT(3, &st3, 3), CLOUDABI_EINVAL, "stat_put_both_einval");
	ktap_expect_eq(STAT_PUT(3, (void *)8, PUT_RIGHTS), CLOUDABI_EFAULT,
		       "stat_put_bad_buffer_efault");
	st3.fs_flags = CLOUDABI_FDFLAG_APPEND;
	ktap_ok(STAT_PUT(3, &st3, PUT_FLAGS) == 0 && STAT_GET(3, &st) == 0 &&
		st.fs_flags == CLOUDABI_FDFLAG_APPEND, "stat_put_flags_append");
	SEEK(3, 0, SET, &pos);
	rt_fd_write(3, "Z", 1, &n);
	SEEK(3, 0, CUR, &pos);
	ktap_expect_eq(pos, 12, "append_writes_at_end");
	ktap_ok(CREATE1(CLOUDABI_FILETYPE_SHARED_MEMORY, &d2) == 0 && STAT_GET(d2, &st) == 0 &&
		st.fs_filetype == CLOUDABI_FILETYPE_SHARED_MEMORY &&
		st.fs_rights_base == 0x0C180042 && st.fs_rights_inheriting == 0,
		"fd_create1_shared_memory_rights");
	ktap_ok(rt_fd_write(d2, "shm", 3, &n) == 0 && n == 3, "shared_memory_write");
	ktap_expect_eq(CREATE1(CLOUDABI_FILETYPE_REGULAR_FILE, &d2), CLOUDABI_EINVAL,
		       "fd_create1_regular_file_einval");
	ktap_expect_eq(CREATE1(0x99, &d2), CLOUDABI_EINVAL, "fd_create1_bad_type_einval");
	ktap_expect_eq(CLOSE(d), 0, "fd_close");
	ktap_expect_eq(CLOSE(d), CLOUDABI_EBADF, "fd_close_twice_ebadf");
	(void)d2;
	return ktap_failures() ? 1 : 0;
}
