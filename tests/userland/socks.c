// SPDX-License-Identifier: GPL-2.0
/*
 * fd_create2 socket pairs and sock_shutdown (ABI.md §9): types and rights,
 * data through fd_read/fd_write, poll readiness and HANGUP, EPIPE without
 * a signal, shutdown semantics, every bad input with its errno; calls at
 * a position answer ESPIPE, as on FreeBSD (cloudlibc's fdopen relies on it).
 */
#include "fs.h"
#include "ulock.h"

#define CREATE2(t, a, b)	RT_FN(fd_create2, err_t, uint8_t, uint32_t *, uint32_t *)(t, a, b)
#define SHUTDOWN(fd, how)	RT_FN(sock_shutdown, err_t, uint32_t, uint8_t)(fd, how)
#define STAT_GET(fd, s)		FD_STAT_GET(fd, s)
#define WHENCE_CUR		1
#define WHENCE_SET		3
#define SHUT_RD 1
#define SHUT_WR 2

static char big[65536], got[65536];

/* Read exactly @len bytes from @fd. */
static int read_all(uint32_t fd, char *buf, size_t len)
{
	size_t n, off = 0;

	while (off < len) {
		if (rt_fd_read(fd, buf + off, len - off, &n) || !n)
			return 0;
		off += n;
	}
	return 1;
}

/*
 * A socket cannot seek: ESPIPE for fd_seek (tell and seek), fd_pread,
 * fd_pwrite, file_advise and file_allocate, whatever its rights; a bad
 * number stays EBADF.
 */
static void positioned_calls(uint32_t s, uint32_t t)
{
	cloudabi_iovec_t iov = { (uintptr_t)got, 1 };
	uint32_t r = ~0U;
	uint64_t pos;
	size_t n;

	ktap_expect_eq(FD_SEEK(s, 0, WHENCE_CUR, &pos), CLOUDABI_ESPIPE, "seek_tell_socket_espipe");
	ktap_expect_eq(FD_SEEK(s, 10, WHENCE_SET, &pos), CLOUDABI_ESPIPE, "seek_set_socket_espipe");
	ktap_expect_eq(FD_PREAD(t, &iov, 1, 0, &n), CLOUDABI_ESPIPE,
		       "pread_socket_espipe");
	ktap_expect_eq(FD_PWRITE(s, &iov, 1, 0, &n), CLOUDABI_ESPIPE,
		       "pwrite_socket_espipe");
	ktap_expect_eq(FILE_ADVISE(s, 0, 10, CLOUDABI_ADVICE_NORMAL), CLOUDABI_ESPIPE,
		       "advise_socket_espipe");
	ktap_expect_eq(FILE_ALLOCATE(s, 0, 10), CLOUDABI_ESPIPE, "allocate_socket_espipe");
	ktap_ok(!fs_restrict(s, R(FD_READ), 0, &r) &&
		FD_SEEK(r, 0, WHENCE_CUR, &pos) == CLOUDABI_ESPIPE,
		"seek_socket_without_rights_espipe");
	if (r != ~0U)
		FD_CLOSE(r);
	ktap_expect_eq(FD_SEEK(77, 0, WHENCE_CUR, &pos), CLOUDABI_EBADF, "seek_bad_fd_ebadf");
	ktap_expect_eq(FD_SEEK(s, 0, 0, &pos), CLOUDABI_EINVAL, "seek_bad_whence_einval");
}

int test_main(const void *argdata, size_t argdatalen)
{
	uint32_t a = ~0U, b = ~0U, c = ~0U, d = ~0U, x;
	fdstat_t st, st2;
	ev_t ev;
	uint16_t flags = 0;
	size_t n = 0, i;
	char buf[8];

	(void)argdata;
	(void)argdatalen;
	ktap_plan(27);
	ktap_ok(!CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) && a != b, "fd_create2_stream");
	ktap_ok(!STAT_GET(a, &st) && !STAT_GET(b, &st2) &&
		st.fs_filetype == CLOUDABI_FILETYPE_SOCKET_STREAM &&
		st2.fs_filetype == CLOUDABI_FILETYPE_SOCKET_STREAM &&
		st.fs_rights_base == 0x801008004AULL && st.fs_rights_inheriting == 0x815FFFF7FFULL &&
		st2.fs_rights_base == st.fs_rights_base, "stream_pair_type_and_rights");
	ktap_ok(!CREATE2(CLOUDABI_FILETYPE_SOCKET_DGRAM, &c, &d) && !STAT_GET(c, &st) &&
		st.fs_filetype == CLOUDABI_FILETYPE_SOCKET_DGRAM, "fd_create2_dgram");
	ktap_expect_eq(CREATE2(CLOUDABI_FILETYPE_REGULAR_FILE, &x, &x), CLOUDABI_EINVAL,
		       "fd_create2_regular_file_einval");
	ktap_expect_eq(CREATE2(0x81, &x, &x), CLOUDABI_EINVAL, "fd_create2_seqpacket_einval");

	ktap_ok(poll_readable(b, &flags) == 0, "empty_stream_not_readable");
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	ktap_ok(!rt_fd_write(a, big, sizeof(big), &n) && n == sizeof(big) &&
		poll_readable(b, &flags) == 1 && read_all(b, got, sizeof(got)) &&
		!rt_memcmp(big, got, sizeof(big)), "stream_64k_intact");
	ktap_ok(!rt_fd_write(c, "dgram", 5, &n) && !rt_fd_read(d, buf, sizeof(buf), &n) &&
		n == 5 && !rt_memcmp(buf, "dgram", 5), "dgram_message");

	positioned_calls(c, d);
	/* nbytes of a ready FD_READ: what FIONREAD says (cloudlibc's ioctl). */
	ktap_ok(!rt_fd_write(a, "hello", 5, &n) && poll_read_event(b, &ev) == 1 &&
		ev.fd_readwrite.nbytes == 5 && !rt_fd_read(b, buf, sizeof(buf), &n) && n == 5,
		"poll_nbytes_stream_5");
	ktap_ok(!rt_fd_write(c, "seven!!", 7, &n) && poll_read_event(d, &ev) == 1 &&
		ev.fd_readwrite.nbytes == 7 && !rt_fd_read(d, buf, sizeof(buf), &n) && n == 7,
		"poll_nbytes_dgram_7");

	ktap_expect_eq(SHUTDOWN(a, 0), CLOUDABI_EINVAL, "shutdown_0_einval");
	ktap_expect_eq(SHUTDOWN(a, 4), CLOUDABI_EINVAL, "shutdown_4_einval");
	ktap_expect_eq(SHUTDOWN(0, SHUT_WR), CLOUDABI_ENOTSOCK, "shutdown_char_device_enotsock");
	ktap_expect_eq(SHUTDOWN(77, SHUT_WR), CLOUDABI_EBADF, "shutdown_bad_fd_ebadf");
	ktap_ok(!SHUTDOWN(a, SHUT_WR) && poll_readable(b, &flags) == 1 &&
		!rt_fd_read(b, buf, sizeof(buf), &n) && n == 0, "shutdown_wr_peer_reads_eof");
	ktap_expect_eq(rt_fd_write(a, "x", 1, &n), CLOUDABI_EPIPE, "write_after_shutdown_epipe");
	FD_CLOSE(a);
	ktap_ok(poll_readable(b, &flags) == 1 && (flags & 0x1), "peer_closed_poll_hangup");
	ktap_expect_eq(rt_fd_write(b, "x", 1, &n), CLOUDABI_EPIPE, "write_to_closed_peer_epipe_no_signal");
	return ktap_failures() ? 1 : 0;
}
