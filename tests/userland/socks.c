// SPDX-License-Identifier: GPL-2.0
/*
 * fd_create2 socket pairs and sock_shutdown (ABI.md §9): types and rights,
 * data through fd_read/fd_write, poll readiness and HANGUP, EPIPE without
 * a signal, shutdown semantics, every bad input with its errno.
 */
#include "ulock.h"

typedef struct cloudabi_fdstat fdstat_t;

#define CREATE2(t, a, b)	RT_FN(fd_create2, err_t, uint8_t, uint32_t *, uint32_t *)(t, a, b)
#define SHUTDOWN(fd, how)	RT_FN(sock_shutdown, err_t, uint32_t, uint8_t)(fd, how)
#define STAT_GET(fd, s)		RT_FN(fd_stat_get, err_t, uint32_t, fdstat_t *)(fd, s)
#define FD_CLOSE(fd)		RT_FN(fd_close, err_t, uint32_t)(fd)
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

int test_main(const void *argdata, size_t argdatalen)
{
	uint32_t a = ~0U, b = ~0U, c = ~0U, d = ~0U, x;
	fdstat_t st, st2;
	uint16_t flags = 0;
	size_t n = 0, i;
	char buf[8];

	(void)argdata;
	(void)argdatalen;
	ktap_plan(16);
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
