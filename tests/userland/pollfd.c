// SPDX-License-Identifier: GPL-2.0
/*
 * poll with descriptor subscriptions (ABI.md §10), served by the module.
 *
 *   pollfd        fd 0 = /dev/null (read-only), fd 1 = the console, fd 3 =
 *                 a tmpfs file (read-write): ready
 *                 descriptors, regular files always ready with nbytes,
 *                 each subscription reported once, per-subscription
 *                 errors (EBADF, ENOTCAPABLE, EINVAL) in event.error,
 *                 descriptor + clock timeouts, a descriptor named
 *                 more than once (each subscription its own answer).
 *   pollfd pipe   fd 0 = a pipe the guest init keeps open, writes "abc"
 *                 into (nbytes 3), then closes
 *                 (plan: bg, sleep, bgend): a 50 ms timeout fires first
 *                 (nothing to read), a wait on the pipe named five times
 *                 ends with the write (five events, nbytes 3), then the
 *                 close arrives as FD_READ with HANGUP.  Exit status 0
 *                 when all happened.
 */
#include "runtime/rt.h"
#include "fs.h"

typedef cloudabi_errno_t err_t;
typedef struct cloudabi_subscription sub_t;
typedef struct cloudabi_event ev_t;

#define POLL(i, o, n, ne)	RT_FN(poll, err_t, const sub_t *, ev_t *, size_t, size_t *)(i, o, n, ne)
#define CREATE1(t, r)		RT_FN(fd_create1, err_t, uint8_t, uint32_t *)(t, r)
#define FPUT(fd, st, f)		RT_FN(file_stat_fput, err_t, uint32_t, \
				      const struct cloudabi_filestat *, uint16_t)(fd, st, f)
#define STAT_PUT(fd, s, f)	RT_FN(fd_stat_put, err_t, uint32_t, const struct cloudabi_fdstat *, \
				      uint16_t)(fd, s, f)
#define DUP(fd, r)		RT_FN(fd_dup, err_t, uint32_t, uint32_t *)(fd, r)
#define MS			1000000ULL
#define HANGUP			0x1

static uint64_t now(void)
{
	uint64_t t = 0;

	RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	return t;
}

static sub_t fdsub(uint64_t ud, uint8_t type, uint32_t fd)
{
	sub_t s = { .userdata = ud, .type = type };

	s.fd_readwrite.fd = fd;
	return s;
}

static sub_t clocksub(uint64_t ud, uint64_t ns)
{
	sub_t s = { .userdata = ud, .type = CLOUDABI_EVENTTYPE_CLOCK };

	s.clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s.clock.timeout = ns;
	return s;
}

/* The event for userdata @ud among @n, or NULL. */
static const ev_t *find(const ev_t *ev, size_t n, uint64_t ud)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ev[i].userdata == ud)
			return &ev[i];
	return 0;
}

/* The error of the event for @ud, or 0xffff where there is none. */
static unsigned int err_of(const ev_t *ev, size_t n, uint64_t ud)
{
	const ev_t *e = find(ev, n, ud);

	return e ? e->error : 0xffff;
}

/*
 * Subscriptions @ud..@ud + 3 of the named-twice polls: fd 3 read twice
 * (both 100 bytes), weak2 read (100 bytes: it shares fd 3's file) and written
 * (ENOTCAPABLE).
 */
static int named_twice_ok(const ev_t *ev, size_t n, uint64_t ud)
{
	const ev_t *a = find(ev, n, ud), *b = find(ev, n, ud + 1), *d = find(ev, n, ud + 3);

	return a && b && d && !a->error && !b->error && !d->error &&
	       a->fd_readwrite.nbytes == 100 && d->fd_readwrite.nbytes == 100 &&
	       b->fd_readwrite.nbytes == 100 &&
	       err_of(ev, n, ud + 2) == CLOUDABI_ENOTCAPABLE;
}

/*
 * The module reads subscriptions and writes events eight at a time: 40
 * subscriptions with mixed answers cross both chunkings.  Every 5th names
 * no descriptor (EBADF), every 7th writes /dev/null's read-only fd 0
 * (ENOTCAPABLE), the rest read fd 3 (100 bytes) or fd 0 (0 bytes).
 */
static int many_ok(void)
{
	static sub_t m[40];
	static ev_t e[40];
	unsigned int want;
	const ev_t *f;
	size_t i, n = 0;

	for (i = 0; i < 40; i++)
		m[i] = i % 5 == 4 ? fdsub(100 + i, CLOUDABI_EVENTTYPE_FD_READ, 77) :
		       i % 7 == 6 ? fdsub(100 + i, CLOUDABI_EVENTTYPE_FD_WRITE, 0) :
		       fdsub(100 + i, CLOUDABI_EVENTTYPE_FD_READ, i % 2 ? 0 : 3);
	if (POLL(m, e, 40, &n) || n != 40)
		return 0;
	for (i = 0; i < 40; i++) {
		f = find(e, n, 100 + i);
		want = i % 5 == 4 ? CLOUDABI_EBADF : i % 7 == 6 ? CLOUDABI_ENOTCAPABLE : 0;
		if (!f || f->error != want || f->type != m[i].type ||
		    (!want && f->fd_readwrite.nbytes != (i % 2 ? 0 : 100)))
			return 0;
	}
	return 1;
}

/*
 * 100 distinct descriptors (fd 3 duplicated), every third named twice,
 * and one that is not open: the poll's table of descriptors (src/syscalls/
 * poll.c) holds many, each looked up once however often it is named.
 * Every subscription has its event, each with fd 3's 100 bytes, or EBADF.
 */
static int distinct_ok(void)
{
	static sub_t m[140];
	static ev_t e[140];
	uint32_t fds[100];
	size_t i, k = 0, n = 0, dups = 0;
	const ev_t *f;
	int ok = 1;

	for (; dups < 100; dups++)
		if (DUP(3, &fds[dups]))
			break;
	for (i = 0; i < dups; i++) {
		m[k++] = fdsub(1000 + i, CLOUDABI_EVENTTYPE_FD_READ, fds[i]);
		if (i % 3 == 0)
			m[k++] = fdsub(2000 + i, CLOUDABI_EVENTTYPE_FD_READ, fds[i]);
	}
	m[k++] = fdsub(3000, CLOUDABI_EVENTTYPE_FD_READ, 999);
	if (dups != 100 || POLL(m, e, k, &n) || n != k)
		ok = 0;
	for (i = 0; ok && i < k - 1; i++) {
		f = find(e, n, m[i].userdata);
		ok = f && !f->error && f->fd_readwrite.nbytes == 100;
	}
	f = find(e, n, 3000);
	ok = ok && f && f->error == CLOUDABI_EBADF;
	for (i = 0; i < dups; i++)
		RT_FN(fd_close, err_t, uint32_t)(fds[i]);
	return ok;
}

static int pipe_mode(void)
{
	sub_t s[2] = { fdsub(1, CLOUDABI_EVENTTYPE_FD_READ, 0), clocksub(2, 50 * MS) }, w[6];
	ev_t ev[6];
	uint64_t t0 = now();
	size_t i, n = 0, got = 0;
	char buf[8];

	if (POLL(s, ev, 2, &n) || n != 1 || ev[0].userdata != 2 || now() - t0 < 50 * MS)
		return 1;
	/*
	 * The guest init writes "abc": nbytes is the pipe's FIONREAD.  The
	 * pipe is named five times beside a 10 s clock (the module's table,
	 * one wait entry for all five): the wait ends with the write, and
	 * each subscription has its event with the count.
	 */
	for (i = 0; i < 5; i++)
		w[i] = fdsub(10 + i, CLOUDABI_EVENTTYPE_FD_READ, 0);
	w[5] = clocksub(20, 10000 * MS);
	if (POLL(w, ev, 6, &n) || n != 5)
		return 3;
	for (i = 0; i < 5; i++)
		if (ev[i].error || ev[i].userdata < 10 || ev[i].userdata > 14 ||
		    ev[i].fd_readwrite.nbytes != 3)
			return 3;
	if (rt_fd_read(0, buf, sizeof(buf), &got) || got != 3)
		return 3;
	/* No clock: wait for the guest init to close its end. */
	if (POLL(s, ev, 1, &n) || n != 1 || ev[0].userdata != 1 || ev[0].error ||
	    !(ev[0].fd_readwrite.flags & HANGUP) || ev[0].type != CLOUDABI_EVENTTYPE_FD_READ)
		return 2;
	return 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	struct cloudabi_filestat st = { .st_size = 100 };
	struct cloudabi_fdstat fst = { 0 };
	const ev_t *e1, *e2, *e3;
	uint32_t shm = 0, weak = 0, weak2 = 0;
	ev_t ev[12];
	sub_t s[12];
	uint64_t t0, dt;
	char *tail;
	size_t n = 0;

	(void)argdata;
	(void)argdatalen;
	if (rt_arg(1) && rt_streq(rt_arg(1), "pipe"))
		return pipe_mode();
	ktap_plan(23);

	s[0] = fdsub(10, CLOUDABI_EVENTTYPE_FD_READ, 0);
	s[1] = fdsub(11, CLOUDABI_EVENTTYPE_FD_WRITE, 1);
	s[2] = clocksub(12, 0);
	ktap_ok(!POLL(s, ev, 2, &n) && n == 2 && find(ev, n, 10) && find(ev, n, 11) &&
		!find(ev, n, 10)->error && !find(ev, n, 11)->error &&
		find(ev, n, 10)->type == CLOUDABI_EVENTTYPE_FD_READ &&
		find(ev, n, 11)->type == CLOUDABI_EVENTTYPE_FD_WRITE,
		"devnull_readable_console_writable");

	FPUT(3, &st, CLOUDABI_FILESTAT_SIZE);
	s[0] = fdsub(20, CLOUDABI_EVENTTYPE_FD_READ, 3);
	s[1] = fdsub(21, CLOUDABI_EVENTTYPE_FD_WRITE, 3);
	e1 = 0;
	if (!POLL(s, ev, 2, &n) && n == 2)
		e1 = find(ev, n, 20);
	ktap_ok(e1 && !e1->error && e1->fd_readwrite.nbytes == 100 && find(ev, n, 21),
		"regular_file_always_ready_nbytes");

	s[0] = fdsub(30, CLOUDABI_EVENTTYPE_FD_READ, 0);
	s[1] = fdsub(31, CLOUDABI_EVENTTYPE_FD_READ, 0);
	s[2] = fdsub(32, CLOUDABI_EVENTTYPE_FD_READ, 0);
	ktap_ok(!POLL(s, ev, 3, &n) && n == 3, "each_subscription_once");

	s[0] = fdsub(40, CLOUDABI_EVENTTYPE_FD_READ, 77);
	ev[0].error = 0xffff;
	ktap_expect_eq(POLL(s, ev, 1, &n), 0, "bad_fd_poll_succeeds");
	ktap_ok(n == 1 && ev[0].userdata == 40, "bad_fd_one_event");
	ktap_expect_eq(ev[0].error, CLOUDABI_EBADF, "bad_fd_event_ebadf");
	s[0] = fdsub(41, CLOUDABI_EVENTTYPE_FD_WRITE, 0);
	ktap_ok(!POLL(s, ev, 1, &n) && n == 1 && ev[0].error == CLOUDABI_ENOTCAPABLE,
		"write_on_readonly_fd_event_enotcapable");
	/* POLL_FD_READWRITE is required too; shared memory never has it. */
	CREATE1(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm);
	s[0] = fdsub(46, CLOUDABI_EVENTTYPE_FD_READ, shm);
	ktap_ok(!POLL(s, ev, 1, &n) && n == 1 && ev[0].error == CLOUDABI_ENOTCAPABLE,
		"shared_memory_not_pollable_enotcapable");
	DUP(3, &weak);
	fst.fs_rights_base = CLOUDABI_RIGHT_FD_READ;
	STAT_PUT(weak, &fst, CLOUDABI_FDSTAT_RIGHTS);
	s[0] = fdsub(42, CLOUDABI_EVENTTYPE_FD_READ, weak);
	ktap_ok(!POLL(s, ev, 1, &n) && n == 1 && ev[0].error == CLOUDABI_ENOTCAPABLE,
		"no_poll_right_event_enotcapable");
	s[0] = fdsub(43, CLOUDABI_EVENTTYPE_PROC_TERMINATE, shm);
	ktap_ok(!POLL(s, ev, 1, &n) && n == 1 && ev[0].error == CLOUDABI_EINVAL,
		"proc_terminate_on_non_process_event_einval");
	s[0] = fdsub(44, CLOUDABI_EVENTTYPE_FD_READ, 0);
	s[1] = fdsub(45, CLOUDABI_EVENTTYPE_LOCK_WRLOCK, 0);
	ktap_ok(!POLL(s, ev, 2, &n) && find(ev, n, 45) &&
		find(ev, n, 45)->error == CLOUDABI_EINVAL, "lock_not_first_event_einval");

	/*
	 * A descriptor named more than once is looked up once: every
	 * subscription still gets its own answer, rights checked for each
	 * (weak2 may be read and polled, not written).  Four subscriptions
	 * take the module's small path, nine its table.
	 */
	DUP(3, &weak2);
	fst.fs_rights_base = CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_POLL_FD_READWRITE;
	STAT_PUT(weak2, &fst, CLOUDABI_FDSTAT_RIGHTS);
	s[0] = fdsub(70, CLOUDABI_EVENTTYPE_FD_READ, 3);
	s[1] = fdsub(71, CLOUDABI_EVENTTYPE_FD_READ, weak2);
	s[2] = fdsub(72, CLOUDABI_EVENTTYPE_FD_WRITE, weak2);
	s[3] = fdsub(73, CLOUDABI_EVENTTYPE_FD_READ, 3);
	ktap_ok(!POLL(s, ev, 4, &n) && n == 4 && named_twice_ok(ev, n, 70),
		"named_twice_each_answered_small");
	s[4] = fdsub(74, CLOUDABI_EVENTTYPE_FD_READ, 77);
	s[5] = fdsub(75, CLOUDABI_EVENTTYPE_FD_READ, weak);
	s[6] = fdsub(76, CLOUDABI_EVENTTYPE_FD_READ, 77);
	s[7] = fdsub(77, CLOUDABI_EVENTTYPE_FD_READ, weak);
	s[8] = fdsub(78, CLOUDABI_EVENTTYPE_FD_WRITE, 3);
	ktap_ok(!POLL(s, ev, 9, &n) && n == 9 && named_twice_ok(ev, n, 70) &&
		err_of(ev, n, 74) == CLOUDABI_EBADF && err_of(ev, n, 76) == CLOUDABI_EBADF &&
		err_of(ev, n, 75) == CLOUDABI_ENOTCAPABLE &&
		err_of(ev, n, 77) == CLOUDABI_ENOTCAPABLE && err_of(ev, n, 78) == 0,
		"named_twice_each_answered_table");

	/* A descriptor that is never ready: only the clock fires, not early. */
	s[0] = clocksub(51, 10000 * MS);
	s[1] = fdsub(52, CLOUDABI_EVENTTYPE_FD_WRITE, 1);
	t0 = now();
	ktap_ok(!POLL(s, ev, 2, &n) && n >= 1 && find(ev, n, 52), "ready_fd_beats_clock");
	s[1] = clocksub(53, 20 * MS);
	e2 = e3 = 0;
	t0 = now();
	if (!POLL(s, ev, 2, &n)) {
		e2 = find(ev, n, 53);
		e3 = find(ev, n, 51);
	}
	dt = now() - t0;
	ktap_ok(e2 && !e3 && dt >= 20 * MS && dt < 5000 * MS, "earliest_clock_fires_alone");
	ktap_ok(many_ok(), "forty_subscriptions_each_answered_across_chunks");
	ktap_ok(distinct_ok(), "hundred_distinct_descriptors_each_answered");
	/*
	 * Arrays whose tail runs into an unmapped page (64 KiB apart: any
	 * page size): 10 of 12 subscriptions readable, then 10 of 12 event
	 * slots writable.  EFAULT either way, however far the call got.
	 */
	tail = 0;
	MEM_MAP(0, 2 * 65536, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
		CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0, (void **)&tail);
	ktap_ok(tail && !MEM_UNMAP(tail + 65536, 65536), "tail_page_unmapped");
	for (n = 0; n < 12; n++) {
		s[n] = fdsub(80 + n, CLOUDABI_EVENTTYPE_FD_READ, 3);
		if (tail && n < 10)
			((sub_t *)(tail + 65536) - 10)[n] = s[n];
	}
	ktap_expect_eq(tail ? POLL((sub_t *)(tail + 65536) - 10, ev, 12, &n) : 0,
		       CLOUDABI_EFAULT, "subscriptions_tail_unmapped_efault");
	ktap_expect_eq(tail ? POLL(s, (ev_t *)(tail + 65536) - 10, 12, &n) : 0,
		       CLOUDABI_EFAULT, "events_tail_unmapped_efault");
	/*
	 * One subscription whose last 24 bytes (unused by an fd subscription,
	 * which the module does not read) lie on the unmapped page: EFAULT
	 * too, as a copy of the whole array would be.
	 */
	s[0] = fdsub(92, CLOUDABI_EVENTTYPE_FD_READ, 3);
	if (tail)
		__builtin_memcpy(tail + 65536 - 32, &s[0], 32);
	ktap_expect_eq(tail ? POLL((sub_t *)(tail + 65536 - 32), ev, 1, &n) : 0,
		       CLOUDABI_EFAULT, "subscription_unused_tail_unmapped_efault");
	ktap_expect_eq(POLL((sub_t *)8, ev, 1, &n), CLOUDABI_EFAULT, "bad_in_efault");
	s[0] = fdsub(60, CLOUDABI_EVENTTYPE_FD_READ, 0);
	ktap_expect_eq(POLL(s, (ev_t *)8, 1, &n), CLOUDABI_EFAULT, "bad_out_efault");
	return ktap_failures() ? 1 : 0;
}
