// SPDX-License-Identifier: GPL-2.0
/*
 * The CloudABI half of scripts/bench.sh (a measurement, not a test): the
 * cost of our entry path.  tools/bench/bench.c hands it fd 3 = /dev/null
 * opened for writing, fd 4 = a tmpfs directory (O_RDONLY | O_DIRECTORY)
 * holding "file", fd 5 = that file (FILE_SIZE bytes, read-write), and
 * runs the same loops natively.  Prints "cloudabi <what> <ns per call>"
 * lines, or "cloudabi-error <what> <errno> <call>" when a call fails (say
 * ENOSYS before the file_* calls exist), skipping that measurement.
 */
#include "cloudabi/ctl.h"
#include "ulock.h"
#include "vdso_arch.h"

#define ITER 20000
#define CHUNK 4096
#define FILE_SIZE (256 * CHUNK)
#define DIR_FD 4
#define FILE_FD 5
#define WHENCE_SET 3	/* CloudABI's whence_t, not POSIX SEEK_SET */

#define SEEK(fd, o, w, r) RT_FN(fd_seek, err_t, uint32_t, int64_t, uint8_t, uint64_t *)(fd, o, w, r)
#define CLOSE(fd)	RT_FN(fd_close, err_t, uint32_t)(fd)
/* lookup_t: the fd in the low half, lookupflags_t in the high half. */
#define LOOKUP(fd, flags) ((uint64_t)(fd) | (uint64_t)(flags) << 32)
#define SYMLINK_FOLLOW 1
#define OPEN(dir, p, n, o, fds, fd) RT_FN(file_open, err_t, uint64_t, const char *, size_t, \
					  uint8_t, const struct cloudabi_fdstat *, uint32_t *) \
					  (dir, p, n, o, fds, fd)
/* filestat_t is 56 bytes (ABI.md); only its size matters here. */
#define STAT_GET(dir, p, n, st) RT_FN(file_stat_get, err_t, uint64_t, const char *, size_t, \
				      uint64_t *)(dir, p, n, st)

static char buf[CHUNK];

#define NTHREADS 8
#define THREAD_STACK 16384

static char stacks[NTHREADS][THREAD_STACK] __attribute__((aligned(16)));
static uint32_t join[NTHREADS];

/* "cloudabi WHAT NS": nanoseconds per operation over @ops operations. */
static void report_n(const char *what, uint64_t t0, uint64_t t1, uint64_t ops)
{
	ktap_print("cloudabi ");
	ktap_print(what);
	ktap_print(" ");
	ktap_printu((t1 - t0) / ops, 10);
	ktap_print("\n");
}

static void report(const char *what, uint64_t t0, uint64_t t1)
{
	report_n(what, t0, t1, ITER);
}

/*
 * The cheapest calls: the best of ROUNDS loops of ITER calls each, as
 * tools/bench/bench.c does natively, so that neither TCG's first
 * translation of a path nor a timer storm decides the ratio.
 */
#define ROUNDS 5
#define BEST_OF(what, call)						\
	do {								\
		uint64_t best_ = UINT64_MAX, t_;			\
		int r_, i_;						\
									\
		for (r_ = 0; r_ < ROUNDS; r_++) {			\
			t_ = now();					\
			for (i_ = 0; i_ < ITER; i_++)			\
				call;					\
			t_ = now() - t_;				\
			best_ = t_ < best_ ? t_ : best_;		\
		}							\
		report((what), 0, best_);				\
	} while (0)

/* Report that WHAT was skipped because CALL returned E. */
static void failed(const char *what, const char *call, err_t e)
{
	ktap_print("cloudabi-error ");
	ktap_print(what);
	ktap_print(" ");
	ktap_printu(e, 10);
	ktap_print(" ");
	ktap_print(call);
	ktap_print("\n");
}

/* 4 KiB reads (WRITE = 0) or writes through the file, seeking back to 0
 * every FILE_SIZE / CHUNK calls as tools/bench/bench.c does. */
static void file_rw(int write)
{
	const char *what = write ? "fd_write_4k" : "fd_read_4k";
	const char *call = write ? "fd_write" : "fd_read";
	uint64_t t0, t1, pos;
	err_t e;
	size_t n;
	int i;

	if ((e = SEEK(FILE_FD, 0, WHENCE_SET, &pos))) {
		failed(what, "fd_seek", e);
		return;
	}
	e = write ? rt_fd_write(FILE_FD, buf, CHUNK, &n) : rt_fd_read(FILE_FD, buf, CHUNK, &n);
	if (e || n != CHUNK) {
		failed(what, call, e);
		return;
	}
	t0 = now();
	for (i = 0; i < ITER; i++) {
		if (i % (FILE_SIZE / CHUNK) == 0 && (e = SEEK(FILE_FD, 0, WHENCE_SET, &pos))) {
			call = "fd_seek";
			break;
		}
		if (write)
			e = rt_fd_write(FILE_FD, buf, CHUNK, &n);
		else
			e = rt_fd_read(FILE_FD, buf, CHUNK, &n);
		if (e)
			break;
	}
	t1 = now();
	if (e)
		failed(what, call, e);
	else
		report(what, t0, t1);
}

static void file_open_close(void)
{
	/* As native openat(O_RDONLY): read rights, nothing to inherit. */
	struct cloudabi_fdstat fds = {
		.fs_rights_base = CLOUDABI_RIGHT_FD_READ,
		.fs_rights_inheriting = 0,
	};
	uint64_t t0, t1;
	uint32_t fd;
	err_t e;
	int i;

	if ((e = OPEN(LOOKUP(DIR_FD, 0), "file", 4, 0, &fds, &fd))) {
		failed("file_open", "file_open", e);
		return;
	}
	if ((e = CLOSE(fd))) {
		failed("file_open", "fd_close", e);
		return;
	}
	t0 = now();
	for (i = 0; i < ITER; i++) {
		if ((e = OPEN(LOOKUP(DIR_FD, 0), "file", 4, 0, &fds, &fd)))
			break;
		if ((e = CLOSE(fd)))
			break;
	}
	t1 = now();
	if (e)
		failed("file_open", "file_open|fd_close", e);
	else
		report("file_open", t0, t1);
}

static void file_stat(void)
{
	uint64_t st[7], t0, t1;
	err_t e;
	int i;

	if ((e = STAT_GET(LOOKUP(DIR_FD, SYMLINK_FOLLOW), "file", 4, st))) {
		failed("file_stat_get", "file_stat_get", e);
		return;
	}
	t0 = now();
	for (i = 0; i < ITER; i++)
		if ((e = STAT_GET(LOOKUP(DIR_FD, SYMLINK_FOLLOW), "file", 4, st)))
			break;
	t1 = now();
	if (e)
		failed("file_stat_get", "file_stat_get", e);
	else
		report("file_stat_get", t0, t1);
}

static void write_loop(void)
{
	size_t n;
	int i;

	for (i = 0; i < ITER; i++)
		rt_fd_write(3, "x", 1, &n);
}

static void writer(uint32_t tid, void *arg)
{
	(void)tid;
	write_loop();
	RT_FN(thread_exit, void, uint32_t *, uint8_t)(&join[(uintptr_t)arg], 4);
}

/*
 * fd_write of 1 byte to /dev/null from 8 threads at once (the main thread
 * is one of them): wall time per call over all threads.
 */
static void threaded_write(void)
{
	struct threadattr a;
	uint64_t t0, t1;
	uint32_t tid;
	err_t e = 0;
	int i;

	t0 = now();
	for (i = 1; i < NTHREADS && !e; i++) {
		a = (struct threadattr){ (uintptr_t)writer, (uintptr_t)stacks[i],
					 THREAD_STACK, i };
		join[i] = 0x80000000U;
		e = RT_FN(thread_create, err_t, struct threadattr *, uint32_t *)(&a, &tid);
	}
	if (e) {
		failed("fd_write_8threads", "thread_create", e);
		return;
	}
	write_loop();
	for (i = 1; i < NTHREADS; i++)
		while (__atomic_load_n(&join[i], __ATOMIC_ACQUIRE))
			RT_FN(thread_yield, err_t, void)();
	t1 = now();
	report("fd_write_8threads", t0, t0 + (t1 - t0) / NTHREADS);
}

/* Issue 5: locks and condition variables the way cloudlibc uses them. */
static uint32_t blk, pcv, turn;
static uint64_t shared_counter;

static void start_thread(unsigned int i, void (*fn)(uint32_t, void *))
{
	struct threadattr a = { (uintptr_t)fn, (uintptr_t)stacks[i], THREAD_STACK, i };
	uint32_t tid;

	join[i] = CLOUDABI_LOCK_BOGUS;
	if (CREATE(&a, &tid))
		failed_calls++;
	cas(&join[i], CLOUDABI_LOCK_BOGUS, tid | CLOUDABI_LOCK_WRLOCKED);
}

static void contender(uint32_t tid, void *arg)
{
	int i;

	for (i = 0; i < ITER; i++) {
		wrlock(&blk, tid);
		shared_counter++;
		wrunlock(&blk, tid);
	}
	TEXIT(&join[(uintptr_t)arg], CLOUDABI_SCOPE_PRIVATE);
}

static void ponger(uint32_t tid, void *arg)
{
	int i;

	for (i = 0; i < ITER; i++) {
		wrlock(&blk, tid);
		while (turn != 1)
			cond_wait(&pcv, &blk, 0);
		turn = 0;
		cond_signal(&pcv, 1);
		wrunlock(&blk, tid);
	}
	TEXIT(&join[(uintptr_t)arg], CLOUDABI_SCOPE_PRIVATE);
}

static void locks(void)
{
	uint32_t me = rt_auxv.tid;
	uint64_t t0;
	int i;

	t0 = now();
	for (i = 0; i < ITER; i++) {
		wrlock(&blk, me);
		wrunlock(&blk, me);
	}
	report("lock_uncontended", t0, now());
	t0 = now();
	start_thread(1, contender);
	for (i = 0; i < ITER; i++) {
		wrlock(&blk, me);
		shared_counter++;
		wrunlock(&blk, me);
	}
	rdlock(&join[1]);
	report_n("lock_contended", t0, now(), 2 * ITER);
	t0 = now();
	start_thread(1, ponger);
	for (i = 0; i < ITER; i++) {
		wrlock(&blk, me);
		turn = 1;
		cond_signal(&pcv, 1);
		while (turn != 0)
			cond_wait(&pcv, &blk, 0);
		wrunlock(&blk, me);
	}
	rdlock(&join[1]);
	report("condvar_pingpong", t0, now());
	if (failed_calls || shared_counter != 2 * ITER)
		failed("lock_contended", "poll", CLOUDABI_EINVAL);
}

/* poll on N readable pipes (fds PIPE_FD.. PIPE_FD + NPIPES - 1, reused round robin). */
#define PIPE_FD 10
#define NPIPES 64
static struct cloudabi_subscription psub[1024];
static struct cloudabi_event pev[1024];

static void poll_n(const char *what, unsigned int n, unsigned int iters)
{
	uint64_t t0, best = UINT64_MAX;
	unsigned int i, r;
	size_t ne = 0;
	err_t e = 0;

	for (i = 0; i < n; i++) {
		psub[i] = (struct cloudabi_subscription){ .type = CLOUDABI_EVENTTYPE_FD_READ };
		psub[i].fd_readwrite.fd = PIPE_FD + i % NPIPES;
	}
	/* The best of ROUNDS loops, as the native side measures poll(2). */
	for (r = 0; r < ROUNDS && !e; r++) {
		t0 = now();
		for (i = 0; i < iters && !e; i++)
			if ((e = POLL(psub, pev, n, &ne)) == 0 && ne != n)
				e = CLOUDABI_EINVAL;
		t0 = now() - t0;
		best = t0 < best ? t0 : best;
	}
	if (e)
		failed(what, "poll", e);
	else
		report_n(what, 0, best, iters);
}

/* Issue 7: one message sent and received on a stream pair, per round. */
typedef struct cloudabi_send_in send_in_t;
typedef struct cloudabi_recv_in recv_in_t;
typedef struct cloudabi_recv_out recv_out_t;

static char sbuf[65536], rbuf[65536];

static void sock_rounds(const char *what, size_t size, int iters)
{
	cloudabi_iovec_t siov = { (uint64_t)sbuf, size }, riov = { (uint64_t)rbuf, size };
	send_in_t si = { (uint64_t)&siov, 1, 0, 0, 0, { 0 } };
	recv_in_t ri = { (uint64_t)&riov, 1, 0, 0, CLOUDABI_SOCK_RECV_WAITALL, { 0 } };
	recv_out_t ro;
	uint32_t a, b;
	uint64_t t0, n;
	err_t e;
	int i;

	e = RT_FN(fd_create2, err_t, uint8_t, uint32_t *, uint32_t *)
		(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	if (e) {
		failed(what, "fd_create2", e);
		return;
	}
	t0 = now();
	for (i = 0; i < iters && !e; i++) {
		e = RT_FN(sock_send, err_t, uint32_t, const send_in_t *, uint64_t *)(a, &si, &n);
		if (!e)
			e = RT_FN(sock_recv, err_t, uint32_t, const recv_in_t *, recv_out_t *)
				(b, &ri, &ro);
	}
	if (e)
		failed(what, "sock_send/sock_recv", e);
	else
		report_n(what, t0, now(), iters);
	CLOSE(a);
	CLOSE(b);
}

/* Issue 6: fork cycles, and a chain of execs of this program (fd 6). */
#define NFORK 200
#define NEXEC 100
#define EXE_FD 6

static void forks(void)
{
	struct cloudabi_subscription s = { .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
	struct cloudabi_event ev;
	uint32_t pfd, tid;
	uint64_t t0 = now();
	size_t ne;
	err_t e = 0;
	int i;

	for (i = 0; i < NFORK && !e; i++) {
		e = RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(&pfd, &tid);
		if (e)
			break;
		if (pfd == CLOUDABI_PROCESS_CHILD)
			rt_proc_exit(0);
		s.proc_terminate.fd = pfd;
		e = POLL(&s, &ev, 1, &ne);
		CLOSE(pfd);
	}
	if (e)
		failed("proc_fork", "proc_fork", e);
	else
		report_n("proc_fork", t0, now(), NFORK);
}

/* argdata of a chain step: 'X', steps left, start time. */
struct chain {
	char tag;
	uint8_t left;
	uint64_t t0;
} __attribute__((packed));

static void exec_chain(struct chain c)
{
	static const uint32_t fds[] = { 0, 1, 2, 3, 4, 5, 6 };
	err_t e;

	e = RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, const uint32_t *, size_t)
		(EXE_FD, &c, sizeof(c), fds, 7);
	failed("proc_exec", "proc_exec", e);
}

int test_main(const void *argdata, size_t argdatalen)
{
	struct cloudabi_fdstat st;
	uint64_t t;
	size_t n;

	if (argdatalen == sizeof(struct chain) && *(const char *)argdata == 'X') {
		struct chain c;

		__builtin_memcpy(&c, argdata, sizeof(c));
		if (!c.left) {
			report_n("proc_exec", c.t0, now(), NEXEC + 1);
			return 0;
		}
		c.left--;
		exec_chain(c);
		return 1;
	}
	/* "entry": the cheapest calls alone (make bench, module variants). */
	if (rt_arg(1) && rt_streq(rt_arg(1), "entry")) {
		BEST_OF("fd_stat_get",
			RT_FN(fd_stat_get, err_t, uint32_t, struct cloudabi_fdstat *)(3, &st));
		BEST_OF("fd_write", rt_fd_write(3, "x", 1, &n));
		BEST_OF("clock_time_get",
			RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)
				(CLOUDABI_CLOCK_MONOTONIC, 1, &t));
		return 0;
	}
	/* "poll": the poll rows alone, with the entry path under them (A/B runs). */
	if (rt_arg(1) && rt_streq(rt_arg(1), "poll")) {
		BEST_OF("null_call", cabi_syscall6(NR_ioctl, CABI_CTL_FD,
						   CABI_IOC(RT_NR(clock_res_get)), 0, 0, 0, 0));
		poll_n("poll_1", 1, 2000);
		poll_n("poll_64", 64, 500);
		poll_n("poll_1024", 1024, 100);
		return 0;
	}
	/*
	 * The entry path with no work behind it: the module answers
	 * clock_res_get (a native row) with ENOSYS once it has checked the
	 * command and that the caller is confined.
	 */
	BEST_OF("null_call", cabi_syscall6(NR_ioctl, CABI_CTL_FD,
					   CABI_IOC(RT_NR(clock_res_get)), 0, 0, 0, 0));
	BEST_OF("fd_stat_get",
		RT_FN(fd_stat_get, err_t, uint32_t, struct cloudabi_fdstat *)(3, &st));
	BEST_OF("fd_write", rt_fd_write(3, "x", 1, &n));
	BEST_OF("clock_time_get",
		RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)
			(CLOUDABI_CLOCK_MONOTONIC, 1, &t));
	file_rw(0);
	file_rw(1);
	file_open_close();
	file_stat();
	threaded_write();
	locks();
	poll_n("poll_1", 1, 2000);
	poll_n("poll_64", 64, 500);
	poll_n("poll_1024", 1024, 100);
	sock_rounds("sock_64", 64, ITER / 4);
	sock_rounds("sock_64k", 65536, 1000);
	forks();
	exec_chain((struct chain){ 'X', NEXEC, now() });
	return 1;
}
