/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudlibc's user-space halves of locks, condition variables and threads
 * (ABI.md §6.2): CAS on the lock word, and poll / lock_unlock /
 * condvar_signal only when that fails, so the vDSO sees exactly the calls
 * an upstream program makes.  Shared by the locks test and the benchmark.
 */
#ifndef ULOCK_H
#define ULOCK_H

#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;
typedef struct cloudabi_subscription sub_t;
typedef struct cloudabi_event ev_t;

struct threadattr {
	uint64_t entry_point;
	uint64_t stack;
	uint64_t stack_len;
	uint64_t argument;
};

#define POLL(i, o, n, ne)	RT_FN(poll, err_t, const sub_t *, ev_t *, size_t, size_t *)(i, o, n, ne)
#define UNLOCK(l, s)		RT_FN(lock_unlock, err_t, uint32_t *, uint8_t)(l, s)
#define SIGNAL(c, s, n)		RT_FN(condvar_signal, err_t, uint32_t *, uint8_t, uint32_t)(c, s, n)
#define CREATE(a, t)		RT_FN(thread_create, err_t, struct threadattr *, uint32_t *)(a, t)
#define TEXIT(l, s)		RT_FN(thread_exit, void, uint32_t *, uint8_t)(l, s)
#define YIELD()			RT_FN(thread_yield, err_t, void)()

#define PRIV		CLOUDABI_SCOPE_PRIVATE
#define WR		CLOUDABI_LOCK_WRLOCKED
#define KM		CLOUDABI_LOCK_KERNEL_MANAGED
/* A page of @word values, then made read-only; NULL if that failed. */
static inline uint32_t *ro_page(uint32_t word)
{
	void *p = 0;

	if (RT_FN(mem_map, err_t, void *, size_t, uint8_t, uint8_t, uint32_t, uint64_t, void **)
	    (0, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
	     CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0, &p))
		return 0;
	*(uint32_t *)p = word;
	if (RT_FN(mem_protect, err_t, void *, size_t, uint8_t)(p, 4096, CLOUDABI_PROT_READ))
		return 0;
	return p;
}

/* Calls that failed where cloudlibc would have aborted. */
static int failed_calls;

static inline uint64_t now(void)
{
	uint64_t t = 0;

	RT_FN(clock_time_get, err_t, uint32_t, uint64_t, uint64_t *)(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	return t;
}

/* Sleep @ms milliseconds: a poll of one relative MONOTONIC clock. */
static inline void sleep_ms(uint64_t ms)
{
	sub_t c = { .type = CLOUDABI_EVENTTYPE_CLOCK };
	ev_t ev;
	size_t n;

	c.clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	c.clock.timeout = ms * 1000000ULL;
	POLL(&c, &ev, 1, &n);
}

static inline uint32_t load(uint32_t *w)
{
	return __atomic_load_n(w, __ATOMIC_ACQUIRE);
}

static inline int cas(uint32_t *w, uint32_t old, uint32_t new)
{
	return __atomic_compare_exchange_n(w, &old, new, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* One lock subscription [+ a relative MONOTONIC clock]; returns the event. */
static inline ev_t lock_poll(uint8_t type, uint32_t *lock, uint8_t scope, uint64_t timeout_ns)
{
	sub_t s[2] = { { .userdata = 0x1234, .type = type } };
	ev_t ev[2] = { { 0 } };
	size_t n = 0;
	err_t e;

	s[0].lock.lock = (uintptr_t)lock;
	s[0].lock.lock_scope = scope;
	s[1].userdata = 0x5678;
	s[1].type = CLOUDABI_EVENTTYPE_CLOCK;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[1].clock.timeout = timeout_ns;
	e = POLL(s, ev, timeout_ns ? 2 : 1, &n);
	if (e || n != 1) {
		failed_calls++;
		ev[0].error = e ? e : 0xffff;
	}
	return ev[0];
}

/* cloudlibc's pthread_mutex_lock / pthread_rwlock_* fast paths. */
static inline void wrlock_in(uint32_t *l, uint32_t tid, uint8_t scope)
{
	if (cas(l, 0, tid | WR))
		return;
	if (lock_poll(CLOUDABI_EVENTTYPE_LOCK_WRLOCK, l, scope, 0).error)
		failed_calls++;
}

static inline void wrlock(uint32_t *l, uint32_t tid)
{
	wrlock_in(l, tid, PRIV);
}

static inline void wrunlock_in(uint32_t *l, uint32_t tid, uint8_t scope)
{
	if (cas(l, tid | WR, 0))
		return;
	if (UNLOCK(l, scope))
		failed_calls++;
}

static inline void wrunlock(uint32_t *l, uint32_t tid)
{
	wrunlock_in(l, tid, PRIV);
}

static inline void rdlock(uint32_t *l)
{
	uint32_t v = load(l);

	while (!(v & (WR | KM)))
		if (cas(l, v, v + 1))
			return;
		else
			v = load(l);
	if (lock_poll(CLOUDABI_EVENTTYPE_LOCK_RDLOCK, l, PRIV, 0).error)
		failed_calls++;
}

static inline void rdunlock(uint32_t *l, uint32_t tid)
{
	uint32_t v;

	for (;;) {
		v = load(l);
		if (v == (1 | KM)) {
			if (!cas(l, v, tid | WR | KM))
				continue;
			if (UNLOCK(l, PRIV))
				failed_calls++;
			return;
		}
		if (cas(l, v, v - 1))
			return;
	}
}

/* Condition variable wait [with a relative timeout]: 1 if signalled. */
static inline int cond_wait_in(uint32_t *cv, uint32_t *l, uint64_t timeout_ns, uint8_t scope)
{
	sub_t s[2] = { { .type = CLOUDABI_EVENTTYPE_CONDVAR } };
	ev_t ev[2] = { { 0 } };
	size_t n = 0;

	s[0].condvar.condvar = (uintptr_t)cv;
	s[0].condvar.lock = (uintptr_t)l;
	s[0].condvar.condvar_scope = scope;
	s[0].condvar.lock_scope = scope;
	s[1].type = CLOUDABI_EVENTTYPE_CLOCK;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[1].clock.timeout = timeout_ns;
	if (POLL(s, ev, timeout_ns ? 2 : 1, &n) || n != 1 || ev[0].error)
		failed_calls++;
	return ev[0].type == CLOUDABI_EVENTTYPE_CONDVAR;
}

static inline int cond_wait(uint32_t *cv, uint32_t *l, uint64_t timeout_ns)
{
	return cond_wait_in(cv, l, timeout_ns, PRIV);
}

static inline void cond_signal_in(uint32_t *cv, uint32_t n, uint8_t scope)
{
	if (load(cv) && SIGNAL(cv, scope, n))
		failed_calls++;
}

static inline void cond_signal(uint32_t *cv, uint32_t n)
{
	cond_signal_in(cv, n, PRIV);
}

/*
 * One zero-timeout poll of @fd for reading: 1 if readable (the event in
 * *@out; poll_readable() gives its flags, if asked), 0 if not, -1 if poll
 * failed.
 */
static inline int poll_read_event(uint32_t fd, ev_t *out)
{
	sub_t s[2] = { { .userdata = 1, .type = CLOUDABI_EVENTTYPE_FD_READ },
		       { .userdata = 2, .type = CLOUDABI_EVENTTYPE_CLOCK } };
	ev_t ev[2];
	size_t n = 0, i;

	s[0].fd_readwrite.fd = fd;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	if (POLL(s, ev, 2, &n))
		return -1;
	for (i = 0; i < n; i++)
		if (ev[i].userdata == 1 && !ev[i].error) {
			*out = ev[i];
			return 1;
		}
	return 0;
}

static inline int poll_readable(uint32_t fd, uint16_t *flags)
{
	ev_t ev;
	int r = poll_read_event(fd, &ev);

	if (r == 1 && flags)
		*flags = ev.fd_readwrite.flags;
	return r;
}

#endif /* ULOCK_H */
