// SPDX-License-Identifier: GPL-2.0
/*
 * The lifecycle soak (issue 15): many CloudABI processes that each do a
 * little of everything and end at a random point, so that whatever a
 * process can leave behind would pile up.  The guest's init measures the
 * module's references, open files, AF_UNIX sockets, processes and kernel
 * memory before and after (plan verb "soak").
 *   soak N [SEED]        N lifecycles, four at a time; fd 3 a directory
 *                        holding a copy of this program named soak.bin
 *   soak life SEED DEPTH one lifecycle (a forked child, or exec'd)
 *   soak pinchild        a child blocked reading its own socket pair, its
 *                        process descriptor sent over that pair: refused
 *                        (ENOTSUP), so the child ends with this process
 * A lifecycle: threads that keep sending; socket pairs passing descriptors
 * with full and with reduced rights, some left in flight, a socket sent
 * over itself; shared memory mapped; a grandchild; an exec of the next
 * link of a chain (three at most); then an exit, a signal, or a kill by
 * the parent closing the process descriptor at a random moment.
 */
#include "fs.h"
#include "ulock.h"

#define RECV(s, i, o)	RT_FN(sock_recv, err_t, uint32_t, const void *, void *)(s, i, o)
#define SEND(s, i, o)	RT_FN(sock_send, err_t, uint32_t, const void *, void *)(s, i, o)
#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)
#define FORK(fd, tid)	RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(fd, tid)
#define RAISE(sig)	RT_FN(proc_raise, err_t, uint8_t)(sig)
#define CREATE2(t, a, b) RT_FN(fd_create2, err_t, uint8_t, uint32_t *, uint32_t *)(t, a, b)

#define DIR		3
#define AT_ONCE		4
#define MAX_DEPTH	3
#define STACK		32768

typedef struct cloudabi_recv_in recv_in_t;
typedef struct cloudabi_recv_out recv_out_t;
typedef struct cloudabi_send_in send_in_t;

static uint64_t state;

static uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

static uint64_t rb(uint64_t n)
{
	return rnd() % n;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return (x ^ (x >> 31)) | 1;
}

static err_t send_fds(uint32_t s, const uint32_t *fds, size_t n)
{
	cloudabi_iovec_t v = { (uintptr_t)"s", 1 };
	send_in_t in = { (uintptr_t)&v, 1, (uintptr_t)fds, n, 0, { 0 } };
	uint64_t sent;

	return SEND(s, &in, &sent);
}

static void recv_fds(uint32_t s)
{
	char c;
	cloudabi_iovec_t v = { (uintptr_t)&c, 1 };
	uint32_t got[8];
	recv_in_t in = { (uintptr_t)&v, 1, (uintptr_t)got, 8, 0, { 0 } };
	recv_out_t out;

	RECV(s, &in, &out);
}

static unsigned char stacks[3][STACK] __attribute__((aligned(64)));
static uint32_t thread_sock;

/* A thread that writes to a socket until the process ends. */
static void chatter(uint32_t tid, void *arg)
{
	cloudabi_iovec_t v = { (uintptr_t)"chatter", 7 };
	size_t n;

	(void)tid;
	(void)arg;
	for (;;) {
		RT_FN(fd_write, err_t, uint32_t, const cloudabi_iovec_t *, size_t, size_t *)
			(thread_sock, &v, 1, &n);
		sleep_ms(1);
	}
}

static uint32_t open_bin(void)
{
	fdstat_t fds = { .fs_rights_base = CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_PROC_EXEC };
	uint32_t fd = ~0U;

	FILE_OPEN(LK(DIR, 0), S("soak.bin"), 0, &fds, &fd);
	return fd;
}

/* Digits of @v at @p; returns the length. */
static size_t put_u64(char *p, uint64_t v)
{
	char b[24];
	size_t n = 0, i;

	do {
		b[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = b[n - 1 - i];
	return n;
}

static void life(uint64_t seed, unsigned int depth)
{
	uint32_t a = 0, b = 0, c = 0, d = 0, shm = ~0U, dup = 0, pfd = 0, tid = 0;
	fdstat_t less = { 0 };
	void *m = 0;
	unsigned int i, nthreads;

	state = mix(seed);
	/* Socket pairs; descriptors passed with full and reduced rights. */
	if (CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) ||
	    CREATE2(CLOUDABI_FILETYPE_SOCKET_DGRAM, &c, &d))
		rt_proc_exit(2);
	thread_sock = a;
	if (!FD_DUP(DIR, &dup)) {
		FD_STAT_GET(dup, &less);
		less.fs_rights_base &= ~(uint64_t)CLOUDABI_RIGHT_FILE_OPEN;
		FD_STAT_PUT(dup, &less, CLOUDABI_FDSTAT_RIGHTS);
	}
	{
		uint32_t full[3] = { DIR, c, d }, some[2] = { dup, DIR };

		send_fds(a, full, 1 + rb(3));
		send_fds(c, some, 1 + rb(2));
		if (rb(2))
			recv_fds(b);
		if (rb(2))
			recv_fds(d);
		/* A socket sent over itself: in flight until the collector runs. */
		if (rb(2))
			send_fds(a, &b, 1);
	}
	/* Shared memory, mapped. */
	if (!FD_CREATE1(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm)) {
		filestat_t st = { .st_size = 65536 };

		FILE_STAT_FPUT(shm, &st, CLOUDABI_FILESTAT_SIZE);
		if (!MEM_MAP(0, 65536, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			     CLOUDABI_MAP_SHARED, shm, 0, &m))
			((volatile char *)m)[rb(65536)] = 1;
	}
	/* Threads that keep writing to the stream until the end. */
	nthreads = rb(4);
	for (i = 0; i < nthreads; i++) {
		struct threadattr at = { (uintptr_t)chatter, (uintptr_t)stacks[i], STACK, 0 };

		CREATE(&at, &tid);
	}
	/* A grandchild that lives briefly, or until this process's end kills it. */
	if (rb(3) == 0 && !FORK(&pfd, &tid) && pfd == CLOUDABI_PROCESS_CHILD) {
		sleep_ms(rb(5));
		rt_proc_exit(0);
	}
	sleep_ms(rb(3));
	/* The next link of an exec chain, with some of the descriptors. */
	if (depth < MAX_DEPTH && rb(3) == 0) {
		uint32_t bin = open_bin(), fds[3] = { DIR, a, shm };
		char ad[64];
		size_t len = 0;
		static const char w[] = "soak\0life\0";

		for (i = 0; i < sizeof(w) - 1; i++)
			ad[len++] = w[i];
		len += put_u64(ad + len, rnd() >> 1);
		ad[len++] = '\0';
		ad[len++] = '0' + depth + 1;
		ad[len++] = '\0';
		if (bin != ~0U)
			EXEC(bin, ad, len, fds, shm == ~0U ? 2 : 3);
	}
	switch (rb(4)) {
	case 0:
		RAISE(CLOUDABI_SIGABRT);
		break;
	case 1:
		sleep_ms(1000000);	/* until the parent kills it */
		break;
	}
	rt_proc_exit(rb(3));
}

/* Wait up to @ms for @pfd's process, then kill it by closing @pfd. */
static void end_child(uint32_t pfd, uint64_t ms)
{
	sub_t s[2] = { { .userdata = 1, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE },
		       { .userdata = 2, .type = CLOUDABI_EVENTTYPE_CLOCK } };
	ev_t ev[2];
	size_t n;

	s[0].proc_terminate.fd = pfd;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[1].clock.timeout = ms * 1000000ULL;
	POLL(s, ev, 2, &n);
	FD_CLOSE(pfd);
}

int test_main(const void *argdata, size_t argdatalen)
{
	uint32_t live[AT_ONCE], pfd = 0, tid = 0;
	uint64_t n, seed, i, ended = 0, forked = 0;
	unsigned int k;

	(void)argdata;
	(void)argdatalen;
	if (rt_arg(1) && rt_streq(rt_arg(1), "pinchild")) {
		uint32_t a = 0, b = 0, c = 0, d = 0;

		/* A child blocked on its own socket, its descriptor in flight there. */
		if (CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) ||
		    CREATE2(CLOUDABI_FILETYPE_SOCKET_STREAM, &c, &d) || FORK(&pfd, &tid))
			return 2;
		if (pfd == CLOUDABI_PROCESS_CHILD) {
			char x;
			cloudabi_iovec_t v = { (uintptr_t)&x, 1 };
			size_t got;

			RT_FN(fd_read, err_t, uint32_t, const cloudabi_iovec_t *, size_t, size_t *)
				(d, &v, 1, &got);
			rt_proc_exit(0);
		}
		/* Refused: the child dies with this process, as it must. */
		return send_fds(a, &pfd, 1) == CLOUDABI_ENOTSUP ? 0 : 1;
	}
	if (rt_arg(1) && rt_streq(rt_arg(1), "life")) {
		life((uint64_t)rt_atol(rt_arg(2)), (unsigned int)rt_atol(rt_arg(3)));
		return 0;
	}
	n = rt_arg(1) ? (uint64_t)rt_atol(rt_arg(1)) : 100;
	seed = rt_arg(2) ? (uint64_t)rt_atol(rt_arg(2)) : 0;
	if (!seed)
		RT_FN(random_get, err_t, void *, size_t)(&seed, sizeof(seed));
	seed &= 0x7fffffffffffffffULL;
	ktap_print("# soak: seed ");
	ktap_printu(seed, 10);
	ktap_print("\n");
	state = mix(seed);
	for (k = 0; k < AT_ONCE; k++)
		live[k] = ~0U;
	for (i = 0; i < n; i++) {
		k = i % AT_ONCE;
		if (live[k] != ~0U) {
			end_child(live[k], rb(30));
			ended++;
		}
		live[k] = ~0U;
		if (FORK(&pfd, &tid))
			continue;
		if (pfd == CLOUDABI_PROCESS_CHILD)
			life(mix(seed ^ i), 0);
		live[k] = pfd;
		forked++;
	}
	for (k = 0; k < AT_ONCE; k++)
		if (live[k] != ~0U) {
			end_child(live[k], 50);
			ended++;
		}
	ktap_print("# soak: ");
	ktap_printu(forked, 10);
	ktap_print(" lifecycles\n");
	return forked == n && ended == n ? 0 : 1;
}
