// SPDX-License-Identifier: GPL-2.0
/*
 * scripts/bench.sh runs this in a guest with cloudabi.ko loaded: native
 * loops of the cheapest comparable Linux calls, then the CloudABI program
 * /bin/bench, and prints the ratios.  A measurement: it never fails on a
 * number.
 *
 * It also prepares the descriptors both halves use, at the same numbers
 * (the module wraps inherited fds in place):
 *   fd 3  /dev/null, write-only
 *   fd 4  the tmpfs directory BENCH_DIR, O_RDONLY | O_DIRECTORY
 *   fd 5  BENCH_DIR/file (FILE_SIZE bytes), O_RDWR
 *   fds PIPE_FD..PIPE_FD+63  read ends of pipes holding one byte each
 *         (write ends at WPIPE_FD..), for the poll measurements
 * The 4 KiB reads and writes walk the file sequentially and seek back to 0
 * every FILE_SIZE / CHUNK calls, on both sides, so the seek is amortised
 * and no call allocates tmpfs pages.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ITER 20000
#define CHUNK 4096
#define FILE_SIZE (256 * CHUNK)
#define BENCH_DIR "/tmp/cabi-bench"
#define TMPFS_MAGIC_ 0x01021994
#define PIPE_FD 10
#define WPIPE_FD 100
#define NPIPES 64

/* CloudABI errno values the summary names (include/cloudabi/abi.h). */
#define CABI_ENOSYS 52
#define CABI_ENOTCAPABLE 76

static unsigned long long ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Open PATH with FLAGS at exactly TO, without close-on-exec. */
static int open_at_fd(const char *path, int flags, int to)
{
	int fd = open(path, flags, 0644);

	if (fd < 0) {
		printf("native: open %s: %m\n", path);
		return -1;
	}
	if (fd != to) {
		if (dup2(fd, to) < 0)
			return -1;
		close(fd);
	}
	return 0;
}

static int setup(void)
{
	static char buf[CHUNK];
	struct statfs sfs;
	int i;

	mkdir(BENCH_DIR, 0755);
	if (open_at_fd("/dev/null", O_WRONLY, 3) ||
	    open_at_fd(BENCH_DIR, O_RDONLY | O_DIRECTORY, 4) ||
	    open_at_fd(BENCH_DIR "/file", O_RDWR | O_CREAT | O_TRUNC, 5))
		return -1;
	if (fstatfs(4, &sfs) == 0 && sfs.f_type != TMPFS_MAGIC_)
		printf("native: note: %s is not on tmpfs (f_type 0x%lx)\n", BENCH_DIR,
		       (unsigned long)sfs.f_type);
	for (i = 0; i < NPIPES; i++) {
		int p[2];

		if (pipe(p) || dup2(p[0], PIPE_FD + i) < 0 || dup2(p[1], WPIPE_FD + i) < 0 ||
		    write(WPIPE_FD + i, "x", 1) != 1)
			return -1;
		close(p[0]);
		close(p[1]);
	}
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < FILE_SIZE / CHUNK; i++)
		if (write(5, buf, CHUNK) != CHUNK)
			return -1;
	return lseek(5, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* One measurement the CloudABI half reports: its name, what it is compared
 * with, the native time and (once read) the CloudABI time, or the errno
 * and the call that returned it. */
struct cmp {
	const char *cabi, *label;
	char call[64];
	double nat, v;
	int err, bad, seen;
};

static void report(const struct cmp *c)
{
	if (c->seen && !c->bad)
		printf("ratio %s: %.2f (%.0f ns)\n", c->label, c->v / c->nat, c->v);
	else if (c->seen && c->err == CABI_ENOSYS)
		printf("ratio %s: skipped, %s: ENOSYS (not implemented)\n", c->label, c->call);
	else if (c->seen && c->err == CABI_ENOTCAPABLE)
		printf("ratio %s: skipped, %s: ENOTCAPABLE\n", c->label, c->call);
	else if (c->seen && !c->err)
		printf("ratio %s: skipped, %s: short transfer\n", c->label, c->call);
	else if (c->seen)
		printf("ratio %s: skipped, %s: CloudABI errno %d\n", c->label, c->call, c->err);
	else
		printf("ratio %s: no result from the CloudABI program\n", c->label);
}


/*
 * What the entry path costs before any CloudABI work: the cheapest
 * native calls in a child confined by a seccomp filter of the same shape
 * as vdso/seccomp.c (arch check, ioctl only on one descriptor, the rest
 * allowed), and ioctl itself (a command /dev/null does not know: the
 * ioctl layer up to the driver, ENOTTY).  FLOOR[] gets, in ns per call:
 * ioctl unconfined, then fcntl, write and ioctl confined.
 */
#if defined(__x86_64__)
#define BENCH_AUDIT_ARCH AUDIT_ARCH_X86_64
#else
#define BENCH_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#define NULL_IOCTL _IOWR(0xCA, 0, unsigned long long)

/*
 * ns per call of system call NR: the best of ROUNDS loops of ITER calls,
 * so that neither TCG's first translation of a path nor a timer storm
 * decides the ratio (tests/userland/bench.c does the same).
 */
#define ROUNDS 5

static double time_calls(long nr, long a0, long a1, long a2)
{
	unsigned long long t0, t, best = ~0ULL;
	int i, r;

	for (r = 0; r < ROUNDS; r++) {
		t0 = ns();
		for (i = 0; i < ITER; i++)
			syscall(nr, a0, a1, a2);
		t = ns() - t0;
		best = t < best ? t : best;
	}
	return (double)best / ITER;
}

static double native_poll(int n, int iters);

/*
 * FLOOR[4..6]: poll(2) on 1, 64 and 1024 subscriptions under that
 * filter, the floor under the CloudABI poll rows (issue 17).
 */
static void native_floor(double floor[7])
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BENCH_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	double *shared;

	floor[0] = time_calls(SYS_ioctl, 3, NULL_IOCTL, 0);
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return;
	shared[0] = shared[1] = shared[2] = shared[3] = shared[4] = shared[5] = -1;
	if (fork() == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			_exit(1);
		shared[0] = time_calls(SYS_fcntl, 3, F_GETFL, 0);
		shared[1] = time_calls(SYS_write, 3, (long)"x", 1);
		shared[2] = time_calls(SYS_ioctl, 3, NULL_IOCTL, 0);
		shared[3] = native_poll(1, 2000);
		shared[4] = native_poll(64, 500);
		shared[5] = native_poll(1024, 100);
		_exit(0);
	}
	wait(NULL);
	floor[1] = shared[0];
	floor[2] = shared[1];
	floor[3] = shared[2];
	floor[4] = shared[3];
	floor[5] = shared[4];
	floor[6] = shared[5];
	munmap(shared, 4096);
}

#define NTHREADS 8

static void *write_loop(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ITER; i++)
		syscall(SYS_write, 3, "x", 1);
	return NULL;
}

/* As tests/userland/bench.c: 8 threads, the main thread one of them. */
static double threaded_write(void)
{
	pthread_t t[NTHREADS];
	unsigned long long t0 = ns();
	int i;

	for (i = 1; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, write_loop, NULL);
	write_loop(NULL);
	for (i = 1; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	return (double)(ns() - t0) / ITER / NTHREADS;
}

/* Issue 5: glibc's mutex and condition variable, poll(2). */
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn;
static unsigned long counter;

static void *contender(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ITER; i++) {
		pthread_mutex_lock(&mtx);
		counter++;
		pthread_mutex_unlock(&mtx);
	}
	return NULL;
}

static void *ponger(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ITER; i++) {
		pthread_mutex_lock(&mtx);
		while (turn != 1)
			pthread_cond_wait(&cv, &mtx);
		turn = 0;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mtx);
	}
	return NULL;
}

/* Per operation: uncontended pair, contended (2 threads), ping-pong round trip. */
static void native_locks(double *unc, double *cont, double *pingpong)
{
	unsigned long long t0;
	pthread_t t;
	int i;

	t0 = ns();
	for (i = 0; i < ITER; i++) {
		pthread_mutex_lock(&mtx);
		pthread_mutex_unlock(&mtx);
	}
	*unc = (double)(ns() - t0) / ITER;
	t0 = ns();
	pthread_create(&t, NULL, contender, NULL);
	contender(NULL);
	pthread_join(t, NULL);
	*cont = (double)(ns() - t0) / (2 * ITER);
	t0 = ns();
	pthread_create(&t, NULL, ponger, NULL);
	for (i = 0; i < ITER; i++) {
		pthread_mutex_lock(&mtx);
		turn = 1;
		pthread_cond_signal(&cv);
		while (turn != 0)
			pthread_cond_wait(&cv, &mtx);
		pthread_mutex_unlock(&mtx);
	}
	pthread_join(t, NULL);
	*pingpong = (double)(ns() - t0) / ITER;
}

/* poll(2) on @n readable pipes: the best of ROUNDS loops of @iters calls. */
static double native_poll(int n, int iters)
{
	static struct pollfd pfd[1024];
	unsigned long long t0, best = ~0ULL;
	int i, r;

	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = PIPE_FD + i % NPIPES, .events = POLLIN };
	for (r = 0; r < ROUNDS; r++) {
		t0 = ns();
		for (i = 0; i < iters; i++)
			poll(pfd, n, -1);
		t0 = ns() - t0;
		best = t0 < best ? t0 : best;
	}
	return (double)best / iters;
}

/* Issue 6: fork + _exit + waitpid, and an exec chain of @n execve()s. */
#define NFORK 200
#define NEXEC 100

static double native_fork(void)
{
	unsigned long long t0 = ns();
	int i, status;

	for (i = 0; i < NFORK; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, &status, 0);
	}
	return (double)(ns() - t0) / NFORK;
}

/* One message of @size bytes sent and received on a stream pair, per round. */
static double native_sock(size_t size, int iters)
{
	static char sbuf[65536], rbuf[65536];
	struct iovec siov = { sbuf, size }, riov = { rbuf, size };
	struct msghdr sm = { .msg_iov = &siov, .msg_iovlen = 1 };
	struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1 };
	unsigned long long t0;
	int sv[2], i;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	t0 = ns();
	for (i = 0; i < iters; i++) {
		sendmsg(sv[0], &sm, MSG_NOSIGNAL);
		recvmsg(sv[1], &rm, MSG_WAITALL);
	}
	t0 = ns() - t0;
	close(sv[0]);
	close(sv[1]);
	return (double)t0 / iters;
}

static double native_exec(const char *self)
{
	unsigned long long t0 = ns();
	char n[16];
	int status;

	snprintf(n, sizeof(n), "%d", NEXEC);
	if (fork() == 0) {
		execl(self, self, "--chain", n, (char *)NULL);
		_exit(127);
	}
	wait(&status);
	return (double)(ns() - t0) / NEXEC;
}

/* Passes of make bench's main loops, native and CloudABI in turn. */
#define PASSES 2
static int pass;

/* The best of the passes so far. */
static double keep(double best, double v)
{
	return pass == 0 || v < best ? v : best;
}

int main(int argc, char **argv)
{
	double fl[7];
	int st1;
	double nat_fcntl = 0, nat_write = 0, nat_clock = 0, nat_clock_sys = 0, v;
	double cabi_clock = -1, cabi_null = -1;
	double floor[7] = { -1, -1, -1, -1, -1, -1, -1 };
	static char buf[CHUNK];
	char line[256], what[64], call[64];
	unsigned long long t0;
	struct timespec ts;
	struct stat st;
	int i, r, err, status = 0, p[2];
	FILE *in;
	struct cmp cmps[] = {
		{ .cabi = "fd_stat_get", .label = "fd_stat_get / fcntl(F_GETFL)" },
		{ .cabi = "fd_write", .label = "fd_write / write, 1 byte to /dev/null" },
		{ .cabi = "fd_read_4k", .label = "fd_read / read, 4 KiB from tmpfs" },
		{ .cabi = "fd_write_4k", .label = "fd_write / write, 4 KiB to tmpfs" },
		{ .cabi = "file_open", .label = "file_open+fd_close / openat+close" },
		{ .cabi = "file_stat_get", .label = "file_stat_get / fstatat" },
		{ .cabi = "fd_write_8threads",
		  .label = "fd_write / write, 1 byte to /dev/null, 8 threads (wall time per call)" },
		{ .cabi = "lock_uncontended", .label = "lock+unlock uncontended / pthread_mutex" },
		{ .cabi = "lock_contended",
		  .label = "lock+unlock, 2 threads contending / pthread_mutex" },
		{ .cabi = "condvar_pingpong",
		  .label = "condvar ping-pong round trip / pthread_cond" },
		{ .cabi = "poll_1", .label = "poll, 1 ready pipe / poll(2)" },
		{ .cabi = "poll_64", .label = "poll, 64 ready pipes / poll(2)" },
		{ .cabi = "poll_1024", .label = "poll, 1024 subscriptions on 64 pipes / poll(2)" },
		{ .cabi = "proc_fork",
		  .label = "proc_fork + proc_exit + poll(PROC_TERMINATE) / fork + _exit + waitpid" },
		{ .cabi = "proc_exec", .label = "proc_exec of itself / execve of itself (chain of 100)" },
		{ .cabi = "sock_64", .label = "sock_send+sock_recv 64 B / sendmsg+recvmsg (stream pair)" },
		{ .cabi = "sock_64k",
		  .label = "sock_send+sock_recv 64 KiB / sendmsg+recvmsg (stream pair)" },
	};
	enum { C_FDSTAT, C_WRITE1, C_READ4K, C_WRITE4K, C_OPEN, C_STAT, C_WRITE8,
	       C_LOCK, C_LOCK2, C_PINGPONG, C_POLL1, C_POLL64, C_POLL1024,
	       C_FORK, C_EXEC, C_SOCK64, C_SOCK64K, NCMP };

	/* The exec chain measured by native_exec(). */
	if (argc == 3 && !strcmp(argv[1], "--chain")) {
		char n[16];

		if (atoi(argv[2]) <= 0)
			return 0;
		snprintf(n, sizeof(n), "%d", atoi(argv[2]) - 1);
		execl(argv[0], argv[0], "--chain", n, (char *)NULL);
		return 127;
	}

	/*
	 * Issue 17: what the module's global hooks (its binfmt, its fork and
	 * exit probes) cost native processes: scripts/bench.sh runs this with
	 * the module loaded and not, in interleaved rounds.  Best of 3 each.
	 */
	if (argc == 2 && !strcmp(argv[1], "hooks")) {
		double f = 1e30, e = 1e30, g;

		for (r = 0; r < 3; r++) {
			v = native_fork();
			f = v < f ? v : f;
			v = native_exec(argv[0]);
			e = v < e ? v : e;
		}
		g = time_calls(SYS_getppid, 0, 0, 0);
		printf("hooks fork %.0f exec %.0f getppid %.0f\n", f, e, g);
		return 0;
	}
	if (setup()) {
		printf("native: setup failed: %m\n");
		return 1;
	}
	/*
	 * "poll PROG": the poll rows' floor, then PROG's poll rows (A/B runs
	 * of two module builds loaded in turn; not part of make bench).
	 */
	if (argc == 3 && !strcmp(argv[1], "poll")) {
		char *args[] = { argv[2], "poll", NULL };

		native_floor(floor);
		printf("floor fcntl %.0f ns, null ioctl %.0f ns, poll 1/64/1024 %.0f/%.0f/%.0f ns\n",
		       floor[1], floor[3], floor[4], floor[5], floor[6]);
		fflush(stdout);
		execv(args[0], args);
		return 127;
	}
	/*
	 * PASSES rounds of every native loop and of the CloudABI program, in
	 * turn, the best of each kept: a host that slows down halfway
	 * through no longer penalises whichever half ran last.
	 */
	for (pass = 0; pass < PASSES; pass++) {
		nat_fcntl = cmps[C_FDSTAT].nat = keep(cmps[C_FDSTAT].nat, time_calls(SYS_fcntl, 3, F_GETFL, 0));
		nat_write = cmps[C_WRITE1].nat = keep(cmps[C_WRITE1].nat, time_calls(SYS_write, 3, (long)"x", 1));
		if (!pass)
			nat_clock = 1e30;
		for (r = 0; r < ROUNDS; r++) {
			t0 = ns();
			for (i = 0; i < ITER; i++)
				clock_gettime(CLOCK_MONOTONIC, &ts);
			v = (double)(ns() - t0) / ITER;
			nat_clock = v < nat_clock ? v : nat_clock;
		}
		nat_clock_sys = keep(nat_clock_sys, time_calls(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0));
		if (pass == PASSES - 1)
			printf("native fcntl(F_GETFL) %.0f ns, write(/dev/null) %.0f ns, clock_gettime %.0f ns (vDSO) / %.0f ns (syscall)\n",
			       nat_fcntl, nat_write, nat_clock, nat_clock_sys);
		native_floor(fl);
		for (i = 0; i < 7; i++)
			floor[i] = keep(floor[i], fl[i]);

		/* The same loops as tests/userland/bench.c, call for call. */
		err = 0;
		t0 = ns();
		for (i = 0; i < ITER; i++) {
			if (i % (FILE_SIZE / CHUNK) == 0)
				syscall(SYS_lseek, 5, 0, SEEK_SET);
			err |= syscall(SYS_read, 5, buf, CHUNK) != CHUNK;
		}
		cmps[C_READ4K].nat = keep(cmps[C_READ4K].nat, (double)(ns() - t0) / ITER);
		t0 = ns();
		for (i = 0; i < ITER; i++) {
			if (i % (FILE_SIZE / CHUNK) == 0)
				syscall(SYS_lseek, 5, 0, SEEK_SET);
			err |= syscall(SYS_write, 5, buf, CHUNK) != CHUNK;
		}
		cmps[C_WRITE4K].nat = keep(cmps[C_WRITE4K].nat, (double)(ns() - t0) / ITER);
		t0 = ns();
		for (i = 0; i < ITER; i++) {
			long fd = syscall(SYS_openat, 4, "file", O_RDONLY);

			err |= fd < 0;
			syscall(SYS_close, fd);
		}
		cmps[C_OPEN].nat = keep(cmps[C_OPEN].nat, (double)(ns() - t0) / ITER);
		t0 = ns();
		for (i = 0; i < ITER; i++)
			err |= syscall(SYS_newfstatat, 4, "file", &st, 0) != 0;
		cmps[C_STAT].nat = keep(cmps[C_STAT].nat, (double)(ns() - t0) / ITER);
		if (pass == PASSES - 1)
			printf("native read(tmpfs, 4 KiB) %.0f ns, write(tmpfs, 4 KiB) %.0f ns, openat+close %.0f ns, fstatat %.0f ns (lseek to 0 every %d reads/writes)%s\n",
			       cmps[C_READ4K].nat, cmps[C_WRITE4K].nat, cmps[C_OPEN].nat, cmps[C_STAT].nat,
			       FILE_SIZE / CHUNK, err ? "; some native calls FAILED" : "");
		lseek(5, 0, SEEK_SET);
		cmps[C_WRITE8].nat = keep(cmps[C_WRITE8].nat, threaded_write());
		if (pass == PASSES - 1)
			printf("native write(/dev/null) from 8 threads: %.0f ns per call (wall)\n",
			       cmps[C_WRITE8].nat);
		native_locks(&fl[0], &fl[1], &fl[2]);
		cmps[C_LOCK].nat = keep(cmps[C_LOCK].nat, fl[0]);
		cmps[C_LOCK2].nat = keep(cmps[C_LOCK2].nat, fl[1]);
		cmps[C_PINGPONG].nat = keep(cmps[C_PINGPONG].nat, fl[2]);
		cmps[C_POLL1].nat = keep(cmps[C_POLL1].nat, native_poll(1, 2000));
		cmps[C_POLL64].nat = keep(cmps[C_POLL64].nat, native_poll(64, 500));
		cmps[C_POLL1024].nat = keep(cmps[C_POLL1024].nat, native_poll(1024, 100));
		cmps[C_FORK].nat = keep(cmps[C_FORK].nat, native_fork());
		cmps[C_EXEC].nat = keep(cmps[C_EXEC].nat, native_exec(argv[0]));
		if (pass == PASSES - 1)
			printf("native fork+_exit+waitpid %.0f ns, execve %.0f ns\n",
			       cmps[C_FORK].nat, cmps[C_EXEC].nat);
		cmps[C_SOCK64].nat = keep(cmps[C_SOCK64].nat, native_sock(64, ITER / 4));
		cmps[C_SOCK64K].nat = keep(cmps[C_SOCK64K].nat, native_sock(65536, 1000));
		if (pass == PASSES - 1)
			printf("native sendmsg+recvmsg 64 B %.0f ns, 64 KiB %.0f ns\n",
			       cmps[C_SOCK64].nat, cmps[C_SOCK64K].nat);
		/* fd 6: the CloudABI program itself, for its proc_exec chain. */
		if (open_at_fd(argc > 1 ? argv[1] : "/bin/bench", O_RDONLY, 6))
			return 1;
		/*
		 * What poll's bytes-ready count costs the module per ready pipe: an
		 * ioctl(FIONREAD), less the entry (fcntl) around it.
		 */
		if (pass == PASSES - 1) {
			int nready;

			printf("native ioctl(FIONREAD) on a pipe %.0f ns (fcntl(F_GETFL) %.0f ns)\n",
			       time_calls(SYS_ioctl, PIPE_FD, FIONREAD, (long)&nready), nat_fcntl);
		}
		if (pass == PASSES - 1)
			printf("native mutex %.0f ns, contended %.0f ns, condvar round trip %.0f ns, poll 1/64/1024 %.0f/%.0f/%.0f ns\n",
			       cmps[C_LOCK].nat, cmps[C_LOCK2].nat, cmps[C_PINGPONG].nat,
			       cmps[C_POLL1].nat, cmps[C_POLL64].nat, cmps[C_POLL1024].nat);

		if (pipe2(p, O_CLOEXEC))
			return 1;
		fflush(stdout);
		if (fork() == 0) {
			char *args[] = { argc > 1 ? argv[1] : "/bin/bench", NULL };

			dup2(p[1], 1);
			execv(args[0], args);
			_exit(127);
		}
		close(p[1]);
		in = fdopen(p[0], "r");
		while (in && fgets(line, sizeof(line), in)) {
			int is_err = sscanf(line, "cloudabi-error %63s %d %63s", what, &err, call) == 3;

			if (!is_err && sscanf(line, "cloudabi %63s %lf", what, &v) != 2)
				continue;
			for (i = 0; i < NCMP; i++) {
				if (strcmp(what, cmps[i].cabi))
					continue;
				if (is_err) {
					cmps[i].bad = 1;
					cmps[i].err = err;
					strcpy(cmps[i].call, call);
				} else if (!cmps[i].seen || v < cmps[i].v) {
					cmps[i].v = v;
				}
				cmps[i].seen = 1;
			}
			if (!is_err && !strcmp(what, "clock_time_get") && (cabi_clock < 0 || v < cabi_clock))
				cabi_clock = v;
			if (!is_err && !strcmp(what, "null_call") && (cabi_null < 0 || v < cabi_null))
				cabi_null = v;
		}
		if (in)
			fclose(in);
		wait(&st1);
		status |= st1;
	}
	report(&cmps[C_FDSTAT]);
	report(&cmps[C_WRITE1]);
	/* The floor under those two rows, each against native fcntl(F_GETFL). */
	printf("floor / fcntl(F_GETFL): ioctl(/dev/null) ENOTTY %.2f; under a seccomp filter: fcntl %.2f, write(/dev/null) %.2f, ioctl ENOTTY %.2f; CloudABI null module call %.2f (%.0f ns)\n",
	       floor[0] / nat_fcntl, floor[1] / nat_fcntl, floor[2] / nat_fcntl,
	       floor[3] / nat_fcntl, cabi_null / nat_fcntl, cabi_null);
	if (cabi_clock >= 0)
		printf("ratio clock_time_get / clock_gettime: %.2f vs vDSO, %.2f vs syscall (%.0f ns)\n",
		       cabi_clock / nat_clock, cabi_clock / nat_clock_sys, cabi_clock);
	else
		printf("ratio clock_time_get / clock_gettime: no result from the CloudABI program\n");
	for (i = C_READ4K; i < NCMP; i++)
		report(&cmps[i]);
	/* Issue 17: the poll rows against poll(2) made under the same kind of filter. */
	for (i = 0; i < 3; i++) {
		const struct cmp *c = &cmps[C_POLL1 + i];
		static const char *const what[] = { "1 ready pipe", "64 ready pipes",
						    "1024 subscriptions on 64 pipes" };

		if (c->seen && !c->bad && floor[4 + i] > 0)
			printf("ratio poll, %s / poll(2) under a seccomp filter (the floor): %.2f (%.0f vs %.0f ns; unconfined poll(2) %.0f ns)\n",
			       what[i], c->v / floor[4 + i], c->v, floor[4 + i], c->nat);
	}
	if (status)
		printf("ratio: the CloudABI program exited with status 0x%x\n", status);
	return 0;
}
