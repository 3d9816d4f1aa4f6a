// SPDX-License-Identifier: GPL-2.0
/*
 * proc_fork and process descriptors (ABI.md §7): the parent gets a
 * PROCESS descriptor with its rights, the child PROCESS_CHILD and its tid;
 * exit codes and signals arrive through poll(PROC_TERMINATE); closing the
 * last descriptor of a running child kills it; 200 fork/exit cycles.
 */
#include "ulock.h"

typedef struct cloudabi_fdstat fdstat_t;

#define FORK(fd, tid)	RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(fd, tid)
#define RAISE(sig)	RT_FN(proc_raise, err_t, uint8_t)(sig)
#define FD_CLOSE(fd)	RT_FN(fd_close, err_t, uint32_t)(fd)
#define STAT_GET(fd, s)	RT_FN(fd_stat_get, err_t, uint32_t, fdstat_t *)(fd, s)
#define MS		1000000ULL

/* Wait for @pfd's process to end: 1 and its signal/exit code, or 0. */
static int wait_proc(uint32_t pfd, uint8_t *sig, uint32_t *code)
{
	sub_t s = { .userdata = 99, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
	ev_t ev = { 0 };
	size_t n = 0;

	s.proc_terminate.fd = pfd;
	if (POLL(&s, &ev, 1, &n) || n != 1 || ev.error || ev.userdata != 99 ||
	    ev.type != CLOUDABI_EVENTTYPE_PROC_TERMINATE)
		return 0;
	*sig = ev.proc_terminate.signal;
	*code = ev.proc_terminate.exitcode;
	return 1;
}

/* Fork a child that ends with proc_exit(@code) or proc_raise(@sig). */
static uint32_t child_ends(uint32_t code, uint8_t sig)
{
	uint32_t pfd = 0, tid = 0;

	if (FORK(&pfd, &tid))
		return ~0U - 1;
	if (pfd == CLOUDABI_PROCESS_CHILD) {
		if (sig)
			RAISE(sig);
		rt_proc_exit(code);
	}
	return pfd;
}

static uint32_t *alive;

/*
 * "procs bomb", run with RLIMIT_NPROC as an unprivileged user: fork
 * sleeping children until proc_fork says EAGAIN (exit 0), then close
 * their descriptors, which kills them.  Exit 1 if the limit never bit.
 */
static int bomb(void)
{
	static uint32_t pfds[1000];
	sub_t s = { .type = CLOUDABI_EVENTTYPE_CLOCK };
	uint32_t tid, i, n = 0;
	err_t e = 0;
	ev_t ev;
	size_t ne;

	s.clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s.clock.timeout = 60000 * MS;
	while (n < 1000 && !(e = FORK(&pfds[n], &tid))) {
		if (pfds[n] == CLOUDABI_PROCESS_CHILD) {
			POLL(&s, &ev, 1, &ne);
			rt_proc_exit(0);
		}
		n++;
	}
	for (i = 0; i < n; i++)
		FD_CLOSE(pfds[i]);
	return e == CLOUDABI_EAGAIN && n > 0 ? 0 : 1;
}

/*
 * "procs hold" (plan: bg, nozombies, bgend): 50 children exit and are seen
 * to end; then, while this process still runs and holds their closed
 * descriptors' history, the guest init looks for zombies; EOF on stdin
 * ends it.
 */
static int hold(void)
{
	uint32_t pfd, tid, code, i;
	uint8_t sig, c;
	size_t n;

	for (i = 0; i < 50; i++) {
		pfd = child_ends(3, 0);
		if (!wait_proc(pfd, &sig, &code) || code != 3)
			return 1;
		FD_CLOSE(pfd);
	}
	(void)tid;
	while (!rt_fd_read(0, &c, 1, &n) && n)
		;
	return 0;
}

/* Default action of each CloudABI signal (ABI.md §2.4 table). */
enum { TERM, IGNORE, STOP };

static int action_of(uint8_t sig)
{
	switch (sig) {
	case CLOUDABI_SIGCHLD:
	case CLOUDABI_SIGCONT:
	case CLOUDABI_SIGPIPE:
	case CLOUDABI_SIGURG:
		return IGNORE;
	case CLOUDABI_SIGSTOP:
	case CLOUDABI_SIGTSTP:
	case CLOUDABI_SIGTTIN:
	case CLOUDABI_SIGTTOU:
		return STOP;
	default:
		return TERM;
	}
}

/*
 * A child raising @sig, then exiting 7, as its parent sees it through
 * PROC_TERMINATE: terminated by exactly @sig, or exit 7 for an ignored
 * one, or, for a stop signal, nothing within 300 ms (the child is then
 * killed by closing its descriptor).  SIGTSTP, SIGTTIN and SIGTTOU are
 * discarded by Linux (as POSIX says) when the process group is orphaned,
 * as under the guest's init: for them, exit 7 is right too.
 */
static int raise_seen(uint8_t sig)
{
	sub_t s[2] = { { .userdata = 1, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE },
		       { .userdata = 2, .type = CLOUDABI_EVENTTYPE_CLOCK } };
	uint32_t pfd = child_ends(7, sig);
	ev_t ev[2];
	size_t n = 0, i;
	int ok;

	s[0].proc_terminate.fd = pfd;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[1].clock.timeout = action_of(sig) == STOP ? 300 * MS : 10000 * MS;
	if (POLL(s, ev, 2, &n) || !n)
		return 0;
	/*
	 * Each event must be right: a discarded stop signal's exit 7 may
	 * come together with the 300 ms clock.
	 */
	for (ok = 1, i = 0; i < n; i++) {
		switch (action_of(sig)) {
		case TERM:
			ok &= ev[i].userdata == 1 && ev[i].proc_terminate.signal == sig;
			break;
		case IGNORE:
			ok &= ev[i].userdata == 1 && ev[i].proc_terminate.signal == 0 &&
			      ev[i].proc_terminate.exitcode == 7;
			break;
		default:
			ok &= ev[i].userdata == 2 ||
			      (sig != CLOUDABI_SIGSTOP && ev[i].proc_terminate.signal == 0 &&
			       ev[i].proc_terminate.exitcode == 7);
			break;
		}
	}
	FD_CLOSE(pfd);
	return ok;
}

int test_main(const void *argdata, size_t argdatalen)
{
	static const uint32_t codes[] = { 0, 1, 255 };
	static const uint8_t sigs[] = { CLOUDABI_SIGABRT, CLOUDABI_SIGKILL, CLOUDABI_SIGSEGV,
					CLOUDABI_SIGTERM, CLOUDABI_SIGUSR1, CLOUDABI_SIGQUIT };
	uint32_t pfd = 0, tid = 0, code = 0, before, i, ok, still;
	fdstat_t st = { 0 };
	uint8_t sig = 0;
	uint64_t t0;

	(void)argdata;
	(void)argdatalen;
	if (rt_arg(1) && rt_streq(rt_arg(1), "bomb"))
		return bomb();
	if (rt_arg(1) && rt_streq(rt_arg(1), "hold"))
		return hold();
	ktap_plan(9);

	if (FORK(&pfd, &tid)) {
		ktap_ok(0, "proc_fork");
		return 1;
	}
	if (pfd == CLOUDABI_PROCESS_CHILD)
		rt_proc_exit(tid && tid != rt_auxv.tid ? 42 : 43);
	ktap_ok(STAT_GET(pfd, &st) == 0 && st.fs_filetype == CLOUDABI_FILETYPE_PROCESS &&
		st.fs_rights_base == 0x40080000ULL && st.fs_rights_inheriting == 0,
		"parent_gets_process_descriptor_with_rights");
	ktap_ok(wait_proc(pfd, &sig, &code) && sig == 0 && code == 42,
		"child_sees_process_child_and_its_tid");
	FD_CLOSE(pfd);

	ok = 1;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pfd = child_ends(codes[i], 0);
		ok &= wait_proc(pfd, &sig, &code) && sig == 0 && code == codes[i];
		FD_CLOSE(pfd);
	}
	ktap_ok(ok, "exit_codes_0_1_255_through_poll");
	ok = 1;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pfd = child_ends(0, sigs[i]);
		ok &= wait_proc(pfd, &sig, &code) && sig == sigs[i];
		FD_CLOSE(pfd);
	}
	ktap_ok(ok, "signals_through_poll_in_cloudabi_numbering");
	ok = 1;
	for (i = 1; i <= 26; i++) {
		if (!raise_seen((uint8_t)i)) {
			ok = 0;
			ktap_print("# default action of signal ");
			ktap_printu(i, 10);
			ktap_print(" not as expected\n");
		}
	}
	ktap_ok(ok, "every_signal_default_action_seen_by_parent");
	pfd = child_ends(7, CLOUDABI_SIGPIPE);
	ktap_ok(wait_proc(pfd, &sig, &code) && sig == 0 && code == 7, "sigpipe_ignored_in_child");
	FD_CLOSE(pfd);

	/* A child that never ends on its own dies with its last descriptor. */
	RT_FN(mem_map, err_t, void *, size_t, uint8_t, uint8_t, uint32_t, uint64_t, void **)
		(0, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
		 CLOUDABI_MAP_ANON | CLOUDABI_MAP_SHARED, CLOUDABI_MAP_ANON_FD, 0, (void **)&alive);
	if (FORK(&pfd, &tid) == 0 && pfd == CLOUDABI_PROCESS_CHILD) {
		for (;;) {
			__atomic_add_fetch(alive, 1, __ATOMIC_RELAXED);
			YIELD();
		}
	}
	for (t0 = now(); !__atomic_load_n(alive, __ATOMIC_ACQUIRE) && now() - t0 < 5000 * MS;)
		YIELD();
	ok = __atomic_load_n(alive, __ATOMIC_ACQUIRE) != 0;
	FD_CLOSE(pfd);
	/*
	 * Dead once its counter stands still for 300 ms; a loaded host may
	 * take a while to run the kill, so look up to 10 times.  A live child
	 * counts on in every window.
	 */
	for (i = 0, still = 0; i < 10 && !still; i++) {
		before = __atomic_load_n(alive, __ATOMIC_ACQUIRE);
		for (t0 = now(); now() - t0 < 300 * MS;)
			YIELD();
		still = before == __atomic_load_n(alive, __ATOMIC_ACQUIRE);
	}
	ktap_ok(ok && still, "closing_last_descriptor_kills_running_child");

	ok = 1;
	for (i = 0; i < 200 && ok; i++) {
		pfd = child_ends(i & 0xff, 0);
		ok = wait_proc(pfd, &sig, &code) && code == (i & 0xff);
		FD_CLOSE(pfd);
	}
	ktap_ok(ok, "fork_exit_200_cycles");
	ktap_expect_eq(RT_FN(fd_close, err_t, uint32_t)(pfd), CLOUDABI_EBADF,
		       "process_descriptor_closed");
	return ktap_failures() ? 1 : 0;
}
