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
#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;

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

struct threadattr {
	uint64_t entry_point;
	uint64_t stack;
	uint64_t stack_len;
	uint64_t argument;
};

static char stacks[NTHREADS][THREAD_STACK] __attribute__((aligned(16)));
static uint32_t join[NTHREADS];

static uint64_t now(void)
{
	uint64_t t = 0;

	RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)
		(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	return t;
}

static void report(const char *what, uint64_t t0, uint64_t t1)
{
	ktap_print("cloudabi ");
	ktap_print(what);
	ktap_print(" ");
	ktap_printu((t1 - t0) / ITER, 10);
	ktap_print("\n");
}

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

int test_main(const void *argdata, size_t argdatalen)
{
	struct cloudabi_fdstat st;
	uint64_t t0, t1, t;
	size_t n;
	int i;

	(void)argdata;
	(void)argdatalen;
	t0 = now();
	for (i = 0; i < ITER; i++)
		RT_FN(fd_stat_get, err_t, uint32_t, struct cloudabi_fdstat *)(3, &st);
	t1 = now();
	report("fd_stat_get", t0, t1);
	t0 = now();
	for (i = 0; i < ITER; i++)
		rt_fd_write(3, "x", 1, &n);
	t1 = now();
	report("fd_write", t0, t1);
	t0 = now();
	for (i = 0; i < ITER; i++)
		RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)
			(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	t1 = now();
	report("clock_time_get", t0, t1);
	file_rw(0);
	file_rw(1);
	file_open_close();
	file_stat();
	threaded_write();
	return 0;
}
