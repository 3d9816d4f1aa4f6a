// SPDX-License-Identifier: GPL-2.0
/*
 * sock_send / sock_recv (ABI.md §9): data of 1 B .. 1 MiB on stream and
 * datagram pairs, scatter/gather, PEEK, WAITALL, truncation flags, and
 * descriptors passed with their rights: files, attenuated files, sockets
 * (full-rights ones travel raw, attenuated ones are refused), a process
 * descriptor, 250 at once; every bad input with its errno, and no
 * descriptor left behind by a refused or truncated message.
 *
 *   sockmsg            the suite; fd 3 is a scratch directory
 *   sockmsg native     fd 3 is a socket on which the guest init (a native
 *                      process) sent "native" with a read-only file, an
 *                      O_PATH file of the same path and a TCP socket; fd 3
 *                      has SO_PASSPIDFD (6.5+), so a pidfd comes too
 *   sockmsg gc         sockets sent over themselves, then everything closed:
 *                      the plan checks that AF_UNIX's collector freed them
 *   sockmsg inflight   253 descriptors at a time left in flight until
 *                      EMFILE: the limit holds even for root
 *   sockmsg creds N    fd 3 has SO_PASSCRED, and a native sender queues N
 *                      datagrams on it: a second thread scans the stack
 *                      where the vDSO lends sock_recv's control buffer
 *                      while the first receives them (issue 13, item 3);
 *                      exit 0 if it never saw an SCM_CREDENTIALS header,
 *                      1 if it did, 2+ if the messages did not come
 *   sockmsg rawdir N   fd 3 is a stream socket on which a native sender
 *                      queues N messages, each with a directory: while
 *                      the first thread receives them, a second one
 *                      duplicates every number from 3 to 31 and asks
 *                      fd_stat_get about the copy (issue 13, item 2);
 *                      exit 0 if no copy was ever a raw file (EBADF),
 *                      1 if one was, 2+ if the messages did not come
 *   sockmsg rawsend N  the same hunt while the first thread sends a
 *                      full-rights socket (it travels raw) to itself N
 *                      times and receives it back
 *   sockmsg pin M N    an M MiB shared-memory object and N stream pairs,
 *                      each left holding a message that carries its own
 *                      receiving end, the object (and, if fd 3 is a
 *                      directory, a 1 MiB file "pinned" made in it) and
 *                      64 KiB of data, then
 *                      all closed (issue 13, item 1): the plan checks that
 *                      memory, counts and references come back.  The end
 *                      goes attenuated where the module lets it (exit 1:
 *                      such a cycle is what the collector cannot free),
 *                      else with full rights (exit 0 when every
 *                      attenuated one was refused with ENOTSUP)
 */
#include "fs.h"
#include "ulock.h"

typedef struct cloudabi_send_in send_in_t;
typedef struct cloudabi_recv_in recv_in_t;
typedef struct cloudabi_recv_out recv_out_t;

#define SEND(s, i, o)	RT_FN(sock_send, err_t, uint32_t, const send_in_t *, uint64_t *)(s, i, o)
#define RECV(s, i, o)	RT_FN(sock_recv, err_t, uint32_t, const recv_in_t *, recv_out_t *)(s, i, o)
#define CREATE2(t, a, b) RT_FN(fd_create2, err_t, uint8_t, uint32_t *, uint32_t *)(t, a, b)
#define SHUTDOWN(s, h)	RT_FN(sock_shutdown, err_t, uint32_t, uint8_t)(s, h)
#define FORK(fd, tid)	RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(fd, tid)

#define DIR		3
#define STREAM		CLOUDABI_FILETYPE_SOCKET_STREAM
#define DGRAM		CLOUDABI_FILETYPE_SOCKET_DGRAM
#define PEEK		CLOUDABI_SOCK_RECV_PEEK
#define WAITALL		CLOUDABI_SOCK_RECV_WAITALL
#define FDS_TRUNC	CLOUDABI_SOCK_RECV_FDS_TRUNCATED
#define DATA_TRUNC	CLOUDABI_SOCK_RECV_DATA_TRUNCATED
#define SOCK_BASE	0x000000801008004AULL
#define MIB		(1024 * 1024)
#define SCM_MAX		253	/* Linux's SCM_MAX_FD */

static unsigned char big[MIB], got[MIB];
static cloudabi_iovec_t many[1025];
static uint32_t fdv[256];

static err_t send_fds(uint32_t s, const void *buf, size_t len, const uint32_t *fds,
		      size_t nfds, uint64_t *sent)
{
	cloudabi_iovec_t iov = { (uint64_t)buf, len };
	send_in_t in = { (uint64_t)&iov, 1, (uint64_t)fds, nfds, 0, { 0 } };
	uint64_t n = ~0ULL;
	err_t e = SEND(s, &in, &n);

	if (sent)
		*sent = n;
	return e;
}

static err_t recv_fds(uint32_t s, void *buf, size_t len, uint32_t *fds, size_t nfds,
		      uint16_t flags, recv_out_t *out)
{
	cloudabi_iovec_t iov = { (uint64_t)buf, len };
	recv_in_t in = { (uint64_t)&iov, 1, (uint64_t)fds, nfds, flags, { 0 } };

	unsigned char *p = (unsigned char *)out;
	size_t i;

	for (i = 0; i < sizeof(*out); i++)
		p[i] = 0xA5;
	return RECV(s, &in, out);
}

/* The lowest free descriptor number: a leak or a lost descriptor moves it. */
static uint32_t next_fd(void)
{
	uint32_t n = ~0U;

	if (FD_DUP(0, &n))
		return ~0U;
	FD_CLOSE(n);
	return n;
}

/*
 * Which of descriptors 0..63 are open, raw ones included (fd_stat_get
 * sees only CloudABI descriptors; fd_dup is a native dup).
 */
static uint64_t open_fds(void)
{
	uint64_t set = 0;
	uint32_t n, d;

	for (n = 0; n < 64; n++)
		if (!FD_DUP(n, &d)) {
			set |= 1ULL << n;
			FD_CLOSE(d);
		}
	return set;
}

static int rights_are(uint32_t fd, uint8_t type, uint64_t base, uint64_t inh)
{
	fdstat_t st;

	return !FD_STAT_GET(fd, &st) && st.fs_filetype == type &&
	       st.fs_rights_base == base && st.fs_rights_inheriting == inh;
}

static int out_is(const recv_out_t *o, uint64_t len, uint64_t nfds, uint16_t flags)
{
	static const uint8_t zero[40];

	return o->ro_datalen == len && o->ro_fdslen == nfds && o->ro_flags == flags &&
	       !rt_memcmp(o->ro_unused, zero, sizeof(zero));
}

static void fill(size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		big[i] = (unsigned char)(i * 31 + seed + (i >> 12));
}

/* Data on a pair, in one process: sizes a socket buffer holds. */
static void data_cases(void)
{
	static const size_t sizes[] = { 1, 100, 4096, 65536 };
	uint32_t a, b, c, d;
	recv_out_t o;
	uint64_t n;
	size_t i;
	int ok;

	ktap_ok(!CREATE2(STREAM, &a, &b) && !CREATE2(DGRAM, &c, &d), "pairs");
	for (ok = 1, i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(sizes[i], i);
		ok &= !send_fds(a, big, sizes[i], 0, 0, &n) && n == sizes[i];
		ok &= !recv_fds(b, got, sizes[i], 0, 0, WAITALL, &o) &&
		      out_is(&o, sizes[i], 0, 0) && !rt_memcmp(big, got, sizes[i]);
	}
	ktap_ok(ok, "stream_1b_to_64k_intact");
	for (ok = 1, i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(sizes[i], i + 7);
		ok &= !send_fds(c, big, sizes[i], 0, 0, &n) && n == sizes[i];
		ok &= !recv_fds(d, got, sizeof(got), 0, 0, 0, &o) &&
		      out_is(&o, sizes[i], 0, 0) && !rt_memcmp(big, got, sizes[i]);
	}
	ktap_ok(ok, "dgram_1b_to_64k_one_message_each");
	ktap_expect_eq(send_fds(c, big, MIB, 0, 0, &n), CLOUDABI_EMSGSIZE, "dgram_1m_emsgsize");

	/* A datagram longer than the buffer: the rest is lost and flagged. */
	ktap_ok(!send_fds(c, "0123456789abcdef", 16, 0, 0, &n) &&
		!recv_fds(d, got, 10, 0, 0, 0, &o) && out_is(&o, 10, 0, DATA_TRUNC) &&
		!rt_memcmp(got, "0123456789", 10) && poll_readable(d, NULL) == 0,
		"dgram_data_truncated_flag");

	/* Scatter/gather: 3 pieces out, 2 buffers in. */
	{
		cloudabi_iovec_t out3[3] = { { (uint64_t)"ab", 2 }, { (uint64_t)"cde", 3 },
					     { (uint64_t)"f", 1 } };
		char x[4], y[2];
		cloudabi_iovec_t in2[2] = { { (uint64_t)x, 4 }, { (uint64_t)y, 2 } };
		send_in_t si = { (uint64_t)out3, 3, 0, 0, 0, { 0 } };
		recv_in_t ri = { (uint64_t)in2, 2, 0, 0, WAITALL, { 0 } };

		ktap_ok(!SEND(a, &si, &n) && n == 6 && !RECV(b, &ri, &o) &&
			out_is(&o, 6, 0, 0) && !rt_memcmp(x, "abcd", 4) && !rt_memcmp(y, "ef", 2),
			"scatter_gather");
	}
	/* PEEK leaves the data queued. */
	ktap_ok(!send_fds(a, "peek!", 5, 0, 0, &n) &&
		!recv_fds(b, got, 5, 0, 0, PEEK, &o) && out_is(&o, 5, 0, 0) &&
		!recv_fds(b, got + 5, 5, 0, 0, 0, &o) && out_is(&o, 5, 0, 0) &&
		!rt_memcmp(got, "peek!peek!", 10) && poll_readable(b, NULL) == 0, "peek_then_read");

	/* 1024 iovecs is the limit. */
	for (i = 0; i < 1025; i++) {
		many[i].buf = (uint64_t)&big[i];
		many[i].buf_len = 1;
	}
	{
		send_in_t si = { (uint64_t)many, 1024, 0, 0, 0, { 0 } };
		recv_in_t ri = { (uint64_t)many, 1025, 0, 0, 0, { 0 } };

		fill(1025, 3);
		ktap_ok(!SEND(a, &si, &n) && n == 1024, "send_1024_iovecs");
		si.si_data_len = 1025;
		ktap_expect_eq(SEND(a, &si, &n), CLOUDABI_EINVAL, "send_1025_iovecs_einval");
		ktap_expect_eq(RECV(b, &ri, &o), CLOUDABI_EINVAL, "recv_1025_iovecs_einval");
		ri.ri_data_len = 1024;
		ktap_ok(!RECV(b, &ri, &o) && out_is(&o, 1024, 0, 0), "recv_1024_iovecs");
	}
	/* Non-blocking: nothing queued is EAGAIN. */
	{
		fdstat_t st = { .fs_flags = CLOUDABI_FDFLAG_NONBLOCK };

		ktap_ok(!FD_STAT_PUT(b, &st, CLOUDABI_FDSTAT_FLAGS) &&
			recv_fds(b, got, 1, 0, 0, 0, &o) == CLOUDABI_EAGAIN, "nonblocking_empty_eagain");
	}
	/* Shutdown and a closed peer: EPIPE, and no SIGPIPE kills us. */
	ktap_ok(!SHUTDOWN(a, 2) && send_fds(a, "x", 1, 0, 0, &n) == CLOUDABI_EPIPE,
		"send_after_shutdown_wr_epipe");
	ktap_ok(!recv_fds(b, got, 1, 0, 0, 0, &o) && out_is(&o, 0, 0, 0), "recv_after_peer_shutdown_eof");
	FD_CLOSE(a);
	ktap_expect_eq(send_fds(b, "x", 1, 0, 0, &n), CLOUDABI_EPIPE, "send_to_closed_peer_epipe_no_signal");
	FD_CLOSE(b);
	FD_CLOSE(c);
	FD_CLOSE(d);
}

/* 1 MiB through a stream: a forked child sends, WAITALL gathers it. */
static void mib_case(void)
{
	uint32_t a, b, pfd = 0, tid;
	uint8_t sig = 0xff;
	uint32_t code = ~0U;
	recv_out_t o;
	int ok;

	fill(MIB, 42);
	if (CREATE2(STREAM, &a, &b) || FORK(&pfd, &tid)) {
		ktap_ok(0, "stream_1m_from_child_waitall");
		return;
	}
	if (pfd == CLOUDABI_PROCESS_CHILD) {
		cloudabi_iovec_t iov[16];
		send_in_t si = { (uint64_t)iov, 16, 0, 0, 0, { 0 } };
		uint64_t n = 0;
		int i;

		for (i = 0; i < 16; i++) {
			iov[i].buf = (uint64_t)&big[i * 65536];
			iov[i].buf_len = 65536;
		}
		rt_proc_exit(SEND(a, &si, &n) || n != MIB ? 1 : 0);
	}
	FD_CLOSE(a);
	ok = !recv_fds(b, got, MIB, 0, 0, WAITALL, &o) && out_is(&o, MIB, 0, 0) &&
	     !rt_memcmp(big, got, MIB);
	ktap_ok(ok, "stream_1m_from_child_waitall");
	{
		sub_t s = { .userdata = 5, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
		ev_t ev;
		size_t n = 0;

		s.proc_terminate.fd = pfd;
		if (!POLL(&s, &ev, 1, &n) && n == 1 && !ev.error) {
			sig = ev.proc_terminate.signal;
			code = ev.proc_terminate.exitcode;
		}
		ktap_ok(sig == 0 && code == 0, "stream_1m_sender_sent_all");
	}
	FD_CLOSE(pfd);
	FD_CLOSE(b);
}

/* Bad inputs and missing rights. */
static void error_cases(uint32_t file)
{
	uint32_t a, b, ro, wo;
	recv_out_t o;
	uint64_t n;

	CREATE2(STREAM, &a, &b);
	{
		send_in_t si = { 0, 0, 0, 0, 1, { 0 } };
		recv_in_t ri = { 0, 0, 0, 0, 0x1, { 0 } };

		ktap_expect_eq(SEND(a, &si, &n), CLOUDABI_EINVAL, "send_si_flags_einval");
		ktap_expect_eq(RECV(b, &ri, &o), CLOUDABI_EINVAL, "recv_unknown_ri_flags_einval");
		ri.ri_flags = 0x8000;
		ktap_expect_eq(RECV(b, &ri, &o), CLOUDABI_EINVAL, "recv_high_ri_flags_einval");
	}
	ktap_expect_eq(SEND(a, (void *)8, &n), CLOUDABI_EFAULT, "send_bad_in_efault");
	ktap_expect_eq(RECV(b, (void *)8, &o), CLOUDABI_EFAULT, "recv_bad_in_efault");
	ktap_expect_eq(send_fds(a, (void *)8, 16, 0, 0, &n), CLOUDABI_EFAULT, "send_bad_data_efault");
	send_fds(a, "z", 1, 0, 0, &n);
	ktap_expect_eq(recv_fds(b, (void *)8, 16, 0, 0, 0, &o), CLOUDABI_EFAULT, "recv_bad_data_efault");
	ktap_expect_eq(send_fds(a, "z", 1, (void *)8, 1, &n), CLOUDABI_EFAULT, "send_bad_fds_array_efault");
	{
		cloudabi_iovec_t iov = { (uint64_t)got, 1 };
		recv_in_t ri = { (uint64_t)&iov, 1, 0, 0, 0, { 0 } };

		send_fds(a, "z", 1, 0, 0, &n);
		ktap_expect_eq(RECV(b, &ri, (void *)8), CLOUDABI_EFAULT, "recv_bad_out_efault");
	}
	ktap_expect_eq(send_fds(file, "x", 1, 0, 0, &n), CLOUDABI_ENOTSOCK, "send_on_file_enotsock");
	ktap_expect_eq(recv_fds(file, got, 1, 0, 0, 0, &o), CLOUDABI_ENOTSOCK, "recv_on_file_enotsock");
	ktap_expect_eq(send_fds(77, "x", 1, 0, 0, &n), CLOUDABI_EBADF, "send_bad_fd_ebadf");
	ktap_expect_eq(recv_fds(CABI_CTL_FD, got, 1, 0, 0, 0, &o), CLOUDABI_EBADF,
		       "recv_control_fd_ebadf");
	ktap_ok(!fs_restrict(a, SOCK_BASE & ~R(FD_WRITE), 0, &ro) &&
		send_fds(ro, "x", 1, 0, 0, &n) == CLOUDABI_ENOTCAPABLE, "send_without_fd_write_enotcapable");
	ktap_ok(!fs_restrict(b, SOCK_BASE & ~R(FD_READ), 0, &wo) &&
		recv_fds(wo, got, 1, 0, 0, 0, &o) == CLOUDABI_ENOTCAPABLE, "recv_without_fd_read_enotcapable");
	FD_CLOSE(ro);
	FD_CLOSE(wo);
	FD_CLOSE(a);
	FD_CLOSE(b);
}

/* Descriptors: counts, refusals, truncation, rights. */
static void fd_cases(uint32_t file)
{
	uint32_t a, b, c, d, x, y, att, two[2], r[4], pfd, tid, free0, start = next_fd();
	fdstat_t fst;
	recv_out_t o;
	uint64_t n;
	size_t i;
	int ok;

	CREATE2(STREAM, &a, &b);
	CREATE2(DGRAM, &c, &d);
	FD_STAT_GET(file, &fst);
	free0 = next_fd();

	/* One file: a new number with the same rights, the same open file. */
	ok = !send_fds(a, "1", 1, &file, 1, &n) && n == 1 &&
	     !recv_fds(b, got, 8, r, 4, 0, &o) && out_is(&o, 1, 1, 0) && r[0] != file &&
	     rights_are(r[0], CLOUDABI_FILETYPE_REGULAR_FILE, fst.fs_rights_base,
			fst.fs_rights_inheriting);
	ktap_ok(ok, "pass_one_file_same_rights");
	ktap_ok(ok && !FD_PREAD(r[0], &(cloudabi_iovec_t){ (uint64_t)got, 5 }, 1, 0, &i) &&
		i == 5 && !rt_memcmp(got, "hello", 5), "passed_file_reads_its_content");
	FD_CLOSE(r[0]);

	/* Two: a file and a datagram socket, in order. */
	x = file;
	y = c;
	{
		uint32_t two[2] = { x, y };

		ok = !send_fds(a, "2", 1, two, 2, &n) && !recv_fds(b, got, 8, r, 4, 0, &o) &&
		     out_is(&o, 1, 2, 0) &&
		     rights_are(r[0], CLOUDABI_FILETYPE_REGULAR_FILE, fst.fs_rights_base,
				fst.fs_rights_inheriting) &&
		     rights_are(r[1], DGRAM, SOCK_BASE, CLOUDABI_RIGHTS_ALL);
		ktap_ok(ok, "pass_two_file_and_socket");
		/* The received socket is the same socket: its peer hears it. */
		ktap_ok(ok && !send_fds(r[1], "via", 3, 0, 0, &n) &&
			!recv_fds(d, got, 8, 0, 0, 0, &o) && out_is(&o, 3, 0, 0) &&
			!rt_memcmp(got, "via", 3), "passed_socket_is_connected");
		FD_CLOSE(r[0]);
		FD_CLOSE(r[1]);
	}

	/* 250 at once (one file 250 times), all usable, all closable. */
	for (i = 0; i < 250; i++)
		fdv[i] = file;
	ok = !send_fds(a, "m", 1, fdv, 250, &n) && !recv_fds(b, got, 8, fdv, 256, 0, &o) &&
	     out_is(&o, 1, 250, 0);
	for (i = 0; ok && i < 250; i++)
		ok = rights_are(fdv[i], CLOUDABI_FILETYPE_REGULAR_FILE, fst.fs_rights_base,
				fst.fs_rights_inheriting);
	ktap_ok(ok, "pass_250_fds");
	for (i = 0; ok && i < 250; i++)
		FD_CLOSE(fdv[i]);
	ktap_expect_eq(next_fd(), free0, "pass_250_all_closed");
	for (i = 0; i < 254; i++)
		fdv[i] = file;
	ktap_expect_eq(send_fds(a, "m", 1, fdv, 254, &n), CLOUDABI_EINVAL, "pass_254_fds_einval");

	/* Refusals send nothing and leave nothing behind. */
	{
		uint32_t bad[2] = { file, 77 }, ctl[2] = { file, CABI_CTL_FD };

		ktap_expect_eq(send_fds(a, "b", 1, bad, 2, &n), CLOUDABI_EBADF, "pass_unused_fd_ebadf");
		ktap_expect_eq(send_fds(a, "b", 1, ctl, 2, &n), CLOUDABI_EBADF, "pass_control_fd_ebadf");
		ktap_ok(poll_readable(b, NULL) == 0 && next_fd() == free0, "refused_sends_sent_and_kept_nothing");
	}

	/* Truncation: fds that do not fit are all closed and flagged. */
	{
		uint32_t three[3] = { file, file, file };

		ok = !send_fds(a, "t", 1, three, 3, &n) && !recv_fds(b, got, 8, r, 2, 0, &o) &&
		     out_is(&o, 1, 0, FDS_TRUNC) && next_fd() == free0;
		ktap_ok(ok, "fds_beyond_ri_fds_len_truncated_and_closed");
		/* No room asked for: closed, and no truncation (FreeBSD). */
		ok = !send_fds(a, "t", 1, three, 3, &n) && !recv_fds(b, got, 8, r, 0, 0, &o) &&
		     out_is(&o, 1, 0, 0) && next_fd() == free0;
		ktap_ok(ok, "fds_with_no_room_closed_not_truncated");
		/*
		 * A known difference (README): FreeBSD ends a stream read
		 * before a segment that carries descriptors ("A", then
		 * "BCDE"); Linux glues the bytes before it and ends after it.
		 */
		ok = !send_fds(a, "A", 1, NULL, 0, &n) && !send_fds(a, "BC", 2, three, 1, &n) &&
		     !send_fds(a, "DE", 2, NULL, 0, &n) && !recv_fds(b, got, 16, r, 0, 0, &o) &&
		     out_is(&o, 3, 0, 0) && !rt_memcmp(got, "ABC", 3) &&
		     !recv_fds(b, got, 16, r, 0, 0, &o) && out_is(&o, 2, 0, 0) &&
		     !rt_memcmp(got, "DE", 2) && next_fd() == free0;
		ktap_ok(ok, "stream_fds_segment_ends_the_read_after_it_as_linux");
		ok = !send_fds(c, "t", 1, three, 3, &n) && !recv_fds(d, got, 8, r, 3, 0, &o) &&
		     out_is(&o, 1, 3, 0);
		ktap_ok(ok, "dgram_carries_fds");
		for (i = 0; ok && i < 3; i++)
			FD_CLOSE(r[i]);
	}

	/* An attenuated file stays attenuated. */
	ok = !fs_restrict(file, R(FD_READ) | R(FD_SEEK) | R(FILE_STAT_FGET), 0, &att) &&
	     !send_fds(a, "r", 1, &att, 1, &n) && !recv_fds(b, got, 8, r, 1, 0, &o) &&
	     out_is(&o, 1, 1, 0) &&
	     rights_are(r[0], CLOUDABI_FILETYPE_REGULAR_FILE,
			R(FD_READ) | R(FD_SEEK) | R(FILE_STAT_FGET), 0);
	ktap_ok(ok, "attenuated_file_arrives_attenuated");
	ktap_ok(ok && rt_fd_write(r[0], "w", 1, &i) == CLOUDABI_ENOTCAPABLE &&
		!rt_fd_read(r[0], got, 1, &i), "attenuated_file_cannot_be_written");
	FD_CLOSE(r[0]);
	FD_CLOSE(att);

	/*
	 * Sockets: full rights travel raw; an attenuated AF_UNIX socket is
	 * refused (issue 13: the collector cannot see it in flight), the
	 * whole message with it, and nothing is left behind.
	 */
	ok = !send_fds(a, "s", 1, &c, 1, &n) && !recv_fds(b, got, 8, r, 1, 0, &o) &&
	     out_is(&o, 1, 1, 0) && rights_are(r[0], DGRAM, SOCK_BASE, CLOUDABI_RIGHTS_ALL);
	ktap_ok(ok, "full_rights_socket_keeps_its_rights");
	FD_CLOSE(r[0]);
	free0 = next_fd();
	ok = !fs_restrict(c, SOCK_BASE & ~R(SOCK_SHUTDOWN), R(FD_READ), &att) &&
	     send_fds(a, "s", 1, &att, 1, &n) == CLOUDABI_ENOTSUP;
	FD_CLOSE(att);
	ktap_ok(ok && !send_fds(a, "m", 1, NULL, 0, &n) && !recv_fds(b, got, 8, r, 1, 0, &o) &&
		out_is(&o, 1, 0, 0) && got[0] == 'm' && next_fd() == free0,
		"attenuated_socket_refused_enotsup");
	two[0] = file;
	ok = !fs_restrict(c, SOCK_BASE, 0, &two[1]) &&
	     send_fds(a, "s", 1, two, 2, &n) == CLOUDABI_ENOTSUP;
	FD_CLOSE(two[1]);
	ktap_ok(ok && !send_fds(a, "m", 1, NULL, 0, &n) && !recv_fds(b, got, 8, r, 2, 0, &o) &&
		out_is(&o, 1, 0, 0) && got[0] == 'm' && next_fd() == free0,
		"inheriting_only_attenuated_socket_refused_with_its_message");
	ok = !fs_restrict(file, R(FD_READ), 0, &two[1]) &&
	     !send_fds(a, "f", 1, two, 2, &n) && !recv_fds(b, got, 8, r, 2, 0, &o) &&
	     out_is(&o, 1, 2, 0) && rights_are(r[1], CLOUDABI_FILETYPE_REGULAR_FILE, R(FD_READ), 0);
	ktap_ok(ok, "attenuated_file_beside_a_file_still_travels");
	if (ok) {
		FD_CLOSE(r[0]);
		FD_CLOSE(r[1]);
	}
	FD_CLOSE(two[1]);

	/*
	 * A process descriptor is refused (ENOTSUP), and nothing of the
	 * message goes: in flight on a socket its own process holds, it would
	 * keep that process alive with nothing left to collect it.
	 */
	if (FORK(&pfd, &tid)) {
		ktap_ok(0, "pass_process_descriptor_enotsup");
	} else if (pfd == CLOUDABI_PROCESS_CHILD) {
		rt_proc_exit(7);
	} else {
		ok = send_fds(a, "p", 1, &pfd, 1, &n) == CLOUDABI_ENOTSUP &&
		     poll_readable(b, NULL) == 0;
		ktap_ok(ok, "pass_process_descriptor_enotsup");
		FD_CLOSE(pfd);
	}
	FD_CLOSE(a);
	FD_CLOSE(b);
	FD_CLOSE(c);
	FD_CLOSE(d);
	ktap_expect_eq(next_fd(), start, "no_descriptor_left_behind");
}

/*
 * Whether the stack below the caller's frame, where the vDSO's sock_recv
 * lent its control buffer, still holds an SCM_CREDENTIALS header
 * (cmsg_len CMSG_LEN(12), SOL_SOCKET, SCM_CREDENTIALS: 28, 1, 2).
 */
static __attribute__((noinline)) int credentials_below(void)
{
	uintptr_t top = (uintptr_t)__builtin_frame_address(0);
	const volatile uint64_t *p;
	int i;

	/* Hide the address's origin: reads below the frame are on purpose. */
	__asm__ volatile("" : "+r"(top));
	p = (const volatile uint64_t *)(top & ~(uintptr_t)7);

	for (i = 1; i < 512; i++)
		if (p[-i] == 28 && p[-i + 1] == (1 | (uint64_t)2 << 32))
			return 1;
	return 0;
}

/* fd 3 carries a message from a native sender, then "plain". */
static int native(void)
{
	uint64_t before = open_fds();
	uint32_t r[4] = { ~0U, ~0U, ~0U, ~0U };
	recv_out_t o;
	fdstat_t st;
	err_t e;
	size_t n;
	int seen;

	ktap_plan(11);
	/*
	 * A receive whose data faults: Linux has already written the
	 * credentials (and, on 6.12, installed the pidfd); nothing may stay.
	 */
	e = recv_fds(3, (void *)8, 16, r, 4, 0, &o);
	seen = credentials_below();
	ktap_expect_eq(e, CLOUDABI_EFAULT, "native_recv_data_fault_efault");
	ktap_ok(!seen && open_fds() == before, "native_recv_fault_leaves_no_credentials_or_fd");
	e = recv_fds(3, got, 16, r, 4, 0, &o);
	seen = credentials_below();
	ktap_ok(!e && out_is(&o, 6, 2, FDS_TRUNC) &&
		!rt_memcmp(got, "native", 6), "native_message_o_path_dropped");
	ktap_ok(!seen, "native_peer_credentials_wiped_from_lent_buffer");
	/* SO_PASSCRED alone must not read as lost descriptors. */
	ktap_ok(!recv_fds(3, got, 16, NULL, 0, 0, &o) && out_is(&o, 5, 0, 0) &&
		!rt_memcmp(got, "plain", 5), "native_credentials_not_fds_truncated");
	ktap_ok(!FD_STAT_GET(r[1], &st) && st.fs_filetype == STREAM &&
		st.fs_rights_base == SOCK_BASE, "native_tcp_socket_stream_rights");
	ktap_expect_eq(send_fds(r[1], "x", 1, &r[0], 1, NULL), CLOUDABI_EINVAL,
		       "fds_over_tcp_socket_einval");
	ktap_ok(!FD_STAT_GET(r[0], &st) && st.fs_filetype == CLOUDABI_FILETYPE_REGULAR_FILE &&
		(st.fs_rights_base & R(FD_READ)) && !(st.fs_rights_base & R(FD_WRITE)) &&
		st.fs_rights_base == (FILE_BASE & ~R(FD_WRITE)), "native_read_only_file_type_rights");
	ktap_ok(!rt_fd_read(r[0], got, 16, &n) && n == 11 && !rt_memcmp(got, "from-native", 11),
		"native_file_readable");
	ktap_expect_eq(rt_fd_write(r[0], "x", 1, &n), CLOUDABI_ENOTCAPABLE,
		       "native_read_only_file_not_writable");
	/*
	 * fd 3 has SO_PASSPIDFD where the kernel knows it: the pidfd Linux
	 * installs after the SCM_RIGHTS ones must not stay.  A raw file is
	 * invisible to fd_stat_get, but fd_dup (native dup) finds it.
	 */
	FD_CLOSE(r[0]);
	FD_CLOSE(r[1]);
	ktap_expect_eq(open_fds(), before, "native_no_stray_descriptor_pidfd_closed");
	return ktap_failures() ? 1 : 0;
}

/* Sockets in flight inside themselves, then closed: only the GC frees them. */
static int gc(void)
{
	uint32_t a, b, c, d;
	uint64_t n;

	if (CREATE2(STREAM, &a, &b) || CREATE2(DGRAM, &c, &d))
		return 2;
	if (send_fds(a, "x", 1, &b, 1, &n) || send_fds(b, "y", 1, &a, 1, &n) ||
	    send_fds(c, "z", 1, &d, 1, &n) || send_fds(d, "w", 1, &c, 1, &n))
		return 3;
	FD_CLOSE(a);
	FD_CLOSE(b);
	FD_CLOSE(c);
	FD_CLOSE(d);
	return 0;
}

/*
 * Descriptors in flight are limited to RLIMIT_NOFILE for CloudABI
 * processes even when they run as root: send 253 at a time without
 * receiving until EMFILE (0), or 1 if the limit never bit.
 */
static int inflight(void)
{
	uint32_t a, b;
	uint64_t n;
	err_t e = 0;
	int i, ok = 0;

	if (CREATE2(STREAM, &a, &b))
		return 2;
	for (i = 0; i < SCM_MAX; i++)
		fdv[i] = 0;
	for (i = 0; i < 40 && !(e = send_fds(a, "i", 1, fdv, SCM_MAX, &n)); i++)
		ok = 1;
	FD_CLOSE(a);
	FD_CLOSE(b);
	return ok && e == CLOUDABI_EMFILE ? 0 : 1;
}

static uint64_t arg_num(unsigned int i)
{
	const char *p = rt_arg(i);
	uint64_t v = 0;

	while (p && *p >= '0' && *p <= '9')
		v = v * 10 + (uint64_t)(*p++ - '0');
	return v;
}

/* Where the receiving thread's frame is, and what the scanner saw. */
static volatile uintptr_t scan_top;
static volatile int scan_stop;
static volatile uint64_t scan_hits, scan_passes;
static char scan_stack[16384] __attribute__((aligned(16)));

/* An SCM_CREDENTIALS header (28, SOL_SOCKET, 2) in the 8 KiB below @top. */
static int creds_header_below(uintptr_t top)
{
	const volatile uint64_t *p = (const volatile uint64_t *)(top & ~(uintptr_t)7);
	int i;

	for (i = 2; i < 1024; i++)
		if (p[-i] == 28 && p[-i + 1] == (1 | (uint64_t)2 << 32))
			return 1;
	return 0;
}

static void scanner(uint32_t tid, void *arg)
{
	(void)tid;
	(void)arg;
	while (!scan_stop) {
		uintptr_t top = scan_top;

		if (top && creds_header_below(top))
			scan_hits = scan_hits + 1;
		scan_passes = scan_passes + 1;
	}
	for (;;)
		YIELD();
}

static __attribute__((noinline)) int creds(void)
{
	struct threadattr a = { (uintptr_t)scanner, (uintptr_t)scan_stack,
				sizeof(scan_stack), 0 };
	uint64_t want = arg_num(2), i;
	uint32_t tid;
	recv_out_t o;
	char c[4];

	__asm__ volatile("" ::: "memory");
	if (CREATE(&a, &tid))
		return 2;
	while (!scan_passes)
		YIELD();
	scan_top = (uintptr_t)__builtin_frame_address(0);
	for (i = 0; i < want; i++)
		if (recv_fds(3, c, sizeof(c), NULL, 0, 0, &o) || o.ro_datalen != 1 || c[0] != 'c')
			return 3;
	scan_stop = 1;
	return scan_hits ? 1 : 0;
}

static volatile uint64_t raw_seen;

static void raw_hunter(uint32_t tid, void *arg)
{
	fdstat_t st;
	uint32_t n, d;

	(void)tid;
	(void)arg;
	while (!scan_stop) {
		for (n = 3; n < 32; n++) {
			if (FD_DUP(n, &d))
				continue;
			if (FD_STAT_GET(d, &st) == CLOUDABI_EBADF)
				raw_seen = raw_seen + 1;
			FD_CLOSE(d);
		}
		scan_passes = scan_passes + 1;
	}
	for (;;)
		YIELD();
}

static int rawdir(void)
{
	struct threadattr a = { (uintptr_t)raw_hunter, (uintptr_t)scan_stack,
				sizeof(scan_stack), 0 };
	uint64_t want = arg_num(2), i;
	uint32_t tid, r[2];
	recv_out_t o;
	fdstat_t st;
	char c[4];

	if (CREATE(&a, &tid))
		return 2;
	while (!scan_passes)
		YIELD();
	for (i = 0; i < want; i++) {
		if (recv_fds(3, c, 1, r, 2, 0, &o) || o.ro_datalen != 1 || c[0] != 'd' ||
		    o.ro_fdslen != 1 || FD_STAT_GET(r[0], &st) ||
		    st.fs_filetype != CLOUDABI_FILETYPE_DIRECTORY)
			return 3;
		FD_CLOSE(r[0]);
	}
	scan_stop = 1;
	return raw_seen ? 1 : 0;
}

static int rawsend(void)
{
	struct threadattr a = { (uintptr_t)raw_hunter, (uintptr_t)scan_stack,
				sizeof(scan_stack), 0 };
	uint64_t want = arg_num(2), i, n;
	uint32_t tid, sa, sb, c, d, r[2];
	recv_out_t o;
	char ch[4];

	if (CREATE2(STREAM, &sa, &sb) || CREATE2(DGRAM, &c, &d) || CREATE(&a, &tid))
		return 2;
	while (!scan_passes)
		YIELD();
	for (i = 0; i < want; i++) {
		if (send_fds(sa, "s", 1, &c, 1, &n) ||
		    recv_fds(sb, ch, 1, r, 2, 0, &o) || o.ro_fdslen != 1 ||
		    !rights_are(r[0], DGRAM, SOCK_BASE, CLOUDABI_RIGHTS_ALL))
			return 3;
		FD_CLOSE(r[0]);
	}
	scan_stop = 1;
	return raw_seen ? 1 : 0;
}

static int pin(void)
{
	uint64_t mib = arg_num(2), pairs = arg_num(3), i, n;
	uint32_t shm, a, b, fds[3];
	int attenuated_sent = 0;
	size_t nfds = 2;
	fdstat_t st;
	err_t e;

	if (FD_CREATE1(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm))
		return 2;
	for (i = 0; i < mib; i++)
		if (rt_fd_write(shm, big, MIB, &n) || n != MIB)
			return 3;
	/* With a directory as fd 3, a file in it goes along too. */
	if (!FD_STAT_GET(DIR, &st) && st.fs_filetype == CLOUDABI_FILETYPE_DIRECTORY) {
		if (fs_open(LK(DIR, 0), S("pinned"), CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC,
			    FILE_BASE, 0, 0, &fds[2]) ||
		    rt_fd_write(fds[2], big, MIB, &n) || n != MIB)
			return 6;
		nfds = 3;
	}
	for (i = 0; i < pairs; i++) {
		if (CREATE2(STREAM, &a, &b) ||
		    fs_restrict(b, SOCK_BASE & ~R(SOCK_SHUTDOWN), 0, &fds[0]))
			return 4;
		fds[1] = shm;
		e = send_fds(a, big, 65536, fds, nfds, &n);
		FD_CLOSE(fds[0]);
		if (!e) {
			attenuated_sent = 1;
		} else {
			fds[0] = b;
			if (e != CLOUDABI_ENOTSUP || send_fds(a, big, 65536, fds, nfds, &n))
				return 5;
		}
		FD_CLOSE(a);
		FD_CLOSE(b);
	}
	FD_CLOSE(shm);
	if (nfds == 3)
		FD_CLOSE(fds[2]);
	return attenuated_sent;
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *mode = rt_arg(1);
	uint32_t file = ~0U;
	uint64_t n;

	static const struct {
		const char *name;
		int (*run)(void);
	} modes[] = {
		{ "native", native }, { "gc", gc }, { "inflight", inflight },
		{ "pin", pin }, { "creds", creds }, { "rawdir", rawdir },
		{ "rawsend", rawsend },
	};
	size_t i;

	(void)argdata;
	(void)argdatalen;
	for (i = 0; mode && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (rt_streq(mode, modes[i].name))
			return modes[i].run();
	ktap_plan(56);
	ktap_ok(!fs_open(LK(DIR, 0), S("f"), CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC, FILE_BASE, 0,
			 0, &file) &&
		!FD_PWRITE(file, &(cloudabi_iovec_t){ (uint64_t)"hello", 5 }, 1, 0, &n),
		"scratch_file");
	data_cases();
	mib_case();
	error_cases(file);
	fd_cases(file);
	return ktap_failures() ? 1 : 0;
}
