// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI locks and condition variables on Linux futexes (ABI.md §6,
 * DESIGN.md §5), served in the vDSO: poll with [LOCK_RDLOCK],
 * [LOCK_WRLOCK] or [CONDVAR], each optionally followed by one [CLOCK];
 * polls of clocks only; lock_unlock; condvar_signal.
 *
 * Lock word: WRLOCKED | owner tid, or a reader count; KERNEL_MANAGED means
 * "someone may sleep on this word, the releaser must come here".  Readers
 * and writers sleep with futex bitsets of their own.  A release stores 0
 * (free, unmanaged) and wakes one sleeping writer, or, if none sleeps,
 * every sleeping reader, as FreeBSD grants all waiting readers at once.
 * Nothing is handed over in the word: the woken take the lock like anyone
 * else, so it does not matter what user space stores into the word after
 * lock_unlock returns (cloudlibc's pthread_once stores 0), and the word
 * never holds KERNEL_MANAGED alone, cloudlibc's "never initialised".  A
 * woken writer takes the lock managed, for the readers still asleep.
 * Under readers the bit means a writer sleeps.  Condvar
 * word: waiter count (low 16 bits) and a generation (high 16 bits) that
 * every signal bumps, so a waiter that has not gone to sleep yet cannot
 * miss it.  condvar_signal counts out the sleepers its wake took; a waiter
 * that leaves any other way counts itself out; whoever takes the count to
 * zero stores 0.
 *
 * Every futex operation is a shared one: the kernel's wake at thread exit
 * (set_tid_address) is shared, and SCOPE_SHARED words live in shared
 * mappings.  Private and shared scopes therefore behave alike here.
 */
#include "vdso.h"

#define FUTEX_WAKE		1
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_BITSET_ANY	0xffffffffU
#define WAITS_READ		1U	/* the bitset a sleeping reader waits with */
#define WAITS_WRITE		2U	/* ... and a sleeping writer */

#define KM			CLOUDABI_LOCK_KERNEL_MANAGED
#define WR			CLOUDABI_LOCK_WRLOCKED
#define OWNER			0x3fffffffU
#define CV_WAITERS		0xffffU
#define CV_GEN			0x10000U

/* An absolute deadline on a futex-capable clock; none when !set. */
struct deadline {
	int set;
	int realtime;
	struct linux_timespec ts;
};

static __always_inline __u32 load(__u32 *w)
{
	return __atomic_load_n(w, __ATOMIC_ACQUIRE);
}

static __always_inline int cas(__u32 *w, __u32 old, __u32 new)
{
	return __atomic_compare_exchange_n(w, &old, new, 0, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

static long futex_wait(__u32 *w, __u32 val, const struct deadline *d,
		       __u32 bits)
{
	int op = FUTEX_WAIT_BITSET;

	if (d && d->set && d->realtime)
		op |= FUTEX_CLOCK_REALTIME;
	return cabi_syscall6(NR_futex, (long)w, op, val,
			     d && d->set ? (long)&d->ts : 0, 0, bits);
}

static __always_inline long futex_wake(__u32 *w, __u32 n)
{
	return cabi_syscall6(NR_futex, (long)w, FUTEX_WAKE,
			     n > 0x7fffffffU ? 0x7fffffffU : n, 0, 0, 0);
}

static __always_inline long futex_wake_bits(__u32 *w, __u32 n, __u32 bits)
{
	return cabi_syscall6(NR_futex, (long)w, FUTEX_WAKE_BITSET,
			     n > 0x7fffffffU ? 0x7fffffffU : n, 0, 0, bits);
}

/*
 * The lock was made free (0): wake one sleeping writer, or every sleeping
 * reader if no writer sleeps.
 */
static __always_inline void wake_next(__u32 *lock)
{
	if (futex_wake_bits(lock, 1, WAITS_WRITE) <= 0)
		futex_wake_bits(lock, ~0U, WAITS_READ);
}

/* The caller's TID (set_tid_address returns it; nothing is pending there). */
static __always_inline __u32 gettid(void)
{
	return cabi_syscall6(NR_set_tid_address, 0, 0, 0, 0, 0, 0);
}

static __always_inline int scope_ok(__u8 scope)
{
	return scope == CLOUDABI_SCOPE_PRIVATE || scope == CLOUDABI_SCOPE_SHARED;
}

static __u64 now_ns(int clk)
{
	struct linux_timespec ts;

	cabi_syscall6(NR_clock_gettime, clk, (long)&ts, 0, 0, 0, 0);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * A CLOCK subscription as an absolute deadline, computed once so that a
 * wait interrupted and restarted never lasts longer.  A relative wait is
 * measured on MONOTONIC whatever its clock, so that a step of the wall
 * clock neither stretches nor cuts it (FreeBSD arms a relative timer);
 * only an absolute REALTIME deadline follows the wall clock.  CPU-time
 * clocks cannot drive a futex: their remaining time is waited on
 * MONOTONIC.
 */
static __u16 make_deadline(const struct cloudabi_subscription *s, struct deadline *d)
{
	int clk = linux_clock(s->clock.clock_id);
	__u64 t = s->clock.timeout, now, mono;

	if (clk < 0)
		return CLOUDABI_EINVAL;
	d->set = 1;
	d->realtime = 0;
	if (!(s->clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME)) {
		now = now_ns(LINUX_CLOCK_MONOTONIC);
		t = now + t < now ? ~0ULL >> 1 : now + t;
	} else if (clk == LINUX_CLOCK_REALTIME) {
		d->realtime = 1;
	} else if (clk != LINUX_CLOCK_MONOTONIC) {
		now = now_ns(clk);
		mono = now_ns(LINUX_CLOCK_MONOTONIC);
		t = t <= now ? mono : t - now > ~mono ? ~0ULL : mono + (t - now);
	}
	if (t > (~0ULL >> 1))
		t = ~0ULL >> 1;
	d->ts.tv_sec = t / 1000000000ULL;
	d->ts.tv_nsec = t % 1000000000ULL;
	return 0;
}

/*
 * A waiter leaves on a timeout.  If the lock is free, the wake it may have
 * taken goes to whoever is next.  Under readers, the bit it may have set
 * would keep new readers out with no writer waiting: clear it, then wake
 * every sleeper to set it again if it still sleeps.
 */
static void pass_on(__u32 *lock)
{
	__u32 v = load(lock);

	if (!v) {
		wake_next(lock);
	} else if ((v & KM) && !(v & WR)) {
		if (cas(lock, v, v & ~KM))
			futex_wake(lock, ~0U);
	}
}

/*
 * Mark @lock (seen as @v) as managed and sleep until it changes: 1 when
 * woken by a release, 0 to look again, or the error that ends the wait
 * (ETIMEDOUT after passing on a hand-over this thread may have been woken
 * for).
 */
static long sleep_on(__u32 *lock, __u32 v, const struct deadline *d,
		     __u32 bits)
{
	long r;

	if (!(v & KM)) {
		if (!cas(lock, v, v | KM))
			return 0;
		v |= KM;
	}
	r = futex_wait(lock, v, d, bits);
	if (r == -LINUX_ETIMEDOUT)
		pass_on(lock);
	if (!r)
		return 1;
	return r == -LINUX_EAGAIN || r == -LINUX_EINTR ? 0 : r;
}

/*
 * Write-lock @lock for @tid: 0, EDEADLK or ETIMEDOUT (Linux errno,
 * negated).  Woken by a release, take it managed: readers may still sleep,
 * and this writer's release must wake them.
 */
static long wrlock(__u32 *lock, __u32 tid, const struct deadline *d)
{
	__u32 v, km = 0;
	long r;

	for (;;) {
		v = load(lock);
		if ((v & ~KM) == (tid | WR))
			return -CLOUDABI_EDEADLK;
		if (!(v & ~KM)) {
			if (cas(lock, v, tid | WR | (v & KM) | km))
				return 0;
			continue;
		}
		r = sleep_on(lock, v, d, WAITS_WRITE);
		if (r < 0)
			return r;
		if (r)
			km = KM;
	}
}

/*
 * Read-lock @lock.  Readers wait while it is write-locked, and while
 * readers hold it with KERNEL_MANAGED set: a writer waits, and writers
 * come before new readers.
 */
static long rdlock(__u32 *lock, __u32 tid, const struct deadline *d)
{
	int woken = 0;
	__u32 v;
	long r;

	for (;;) {
		v = load(lock);
		if (v & WR) {
			if ((v & OWNER) == tid)
				return -CLOUDABI_EDEADLK;
		} else if (v == KM) {
			/*
			 * KERNEL_MANAGED alone, which no release stores (a word
			 * never initialised, or stored so by the program): free,
			 * with possible sleepers.  Take it unmanaged and wake
			 * every sleeper.  Readers join this one; a writer marks
			 * the lock managed again and sleeps, so that
			 * KERNEL_MANAGED under readers means a writer waits
			 * (cloudlibc's tryrdlock then says EBUSY), as on FreeBSD.
			 * Clear first, then wake: a sleeper the wake misses saw
			 * the bit clear and sets it itself before sleeping.
			 */
			if (!cas(lock, v, 1))
				continue;
			futex_wake(lock, ~0U);
			return 0;
		} else if (!(v & KM)) {
			if ((v & OWNER) == OWNER)
				return -LINUX_EAGAIN;
			if (!cas(lock, v, v + 1))
				continue;
			/*
			 * A wake of one (a thread's exit clears its join word
			 * and wakes one waiter) may have left readers asleep
			 * on a lock they can share now.
			 */
			if (woken)
				futex_wake_bits(lock, ~0U, WAITS_READ);
			return 0;
		} else if (woken) {
			/*
			 * Woken with the readers, but the lock is read-held and
			 * managed: a writer came to sleep since (after this
			 * reader), or a reader set the bit and then took a read
			 * lock in user space (cloudlibc's tryrdlock ignores it
			 * for a thread that holds some read lock).  This reader
			 * waited first: clear the bit and wake everyone; a
			 * writer still waiting sets it again.
			 */
			woken = 0;
			if (cas(lock, v, v & ~KM))
				futex_wake(lock, ~0U);
			continue;
		}
		r = sleep_on(lock, v, d, WAITS_READ);
		if (r < 0)
			return r;
		woken = r;
	}
}

/* Release a lock @tid holds for writing: 0, EPERM or EINVAL. */
static __always_inline __u16 unlock(__u32 *lock, __u32 tid)
{
	__u32 v = load(lock);

	if (!(v & WR) || (v & OWNER) != tid)
		return CLOUDABI_EPERM;
	if (!(v & KM) && cas(lock, v, 0))
		return 0;
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
	wake_next(lock);
	return 0;
}

VDSO_EXPORT __u16 cloudabi_sys_lock_unlock(__u32 *lock, __u8 scope)
{
	if (!scope_ok(scope) || ((unsigned long)lock & 3))
		return CLOUDABI_EINVAL;
	if (!cabi_writable(lock, 4))
		return CLOUDABI_EFAULT;
	return unlock(lock, gettid());
}

VDSO_EXPORT __u16 cloudabi_sys_condvar_signal(__u32 *condvar, __u8 scope,
					      __u32 nwaiters)
{
	__u32 v, nv, gen;
	long woken;
	int i, all;

	if (!scope_ok(scope) || ((unsigned long)condvar & 3))
		return CLOUDABI_EINVAL;
	if (!cabi_writable(condvar, 4))
		return CLOUDABI_EFAULT;
	if (!nwaiters)
		return 0;
	do {
		v = load(condvar);
		if (!(v & CV_WAITERS))
			return 0;
	} while (!cas(condvar, v, v + CV_GEN));
	gen = (v + CV_GEN) & ~CV_WAITERS;
	all = nwaiters >= (v & CV_WAITERS);
	/*
	 * The waiters this wake takes out of the kernel are counted out here,
	 * not by themselves: once the last is gone the word is 0 before this
	 * returns, and the caller may destroy or free the condition variable
	 * (POSIX allows it right after a broadcast).  A waiter that was not
	 * asleep yet sees the new generation and counts itself out.
	 */
	woken = futex_wake(condvar, nwaiters);
	if (woken > 0) {
		do {
			v = load(condvar);
			nv = (v & CV_WAITERS) <= (__u32)woken ? 0 : v - woken;
		} while (!cas(condvar, v, nv));
	}
	/*
	 * A broadcast usually finds a waiter between releasing the mutex and
	 * falling asleep: its release is what woke the broadcaster.  Give such
	 * waiters the moment they need to count themselves out, so that the
	 * word is 0 by the time a broadcast returns; bounded, and over as soon
	 * as another signal starts a new generation.
	 */
	for (i = 0; all && i < 64; i++) {
		v = load(condvar);
		if (!(v & CV_WAITERS) || (v & ~CV_WAITERS) != gen)
			break;
		cabi_syscall6(NR_sched_yield, 0, 0, 0, 0, 0, 0);
	}
	return 0;
}

/*
 * Wait on @cv, releasing @lock (which the caller holds for writing) and
 * re-acquiring it before returning, also after a timeout.
 */
static long cond_wait(__u32 *cv, __u32 *lock, __u32 tid, const struct deadline *d)
{
	__u32 v, gen, nv;
	long r = 0;
	__u16 err;

	do {
		v = load(cv);
		if ((v & CV_WAITERS) == CV_WAITERS)
			return -LINUX_EAGAIN;
	} while (!cas(cv, v, v + 1));
	gen = (v + 1) & ~CV_WAITERS;
	err = unlock(lock, tid);
	if (err) {
		r = -err;
		goto leave;
	}
	for (;;) {
		v = load(cv);
		if ((v & ~CV_WAITERS) != gen)
			break;
		r = futex_wait(cv, v, d, FUTEX_BITSET_ANY);
		/* Woken by condvar_signal, which counted this waiter out. */
		if (!r)
			goto relock;
		/* Timed out or failed; EAGAIN and EINTR look again. */
		if (r != -LINUX_EAGAIN && r != -LINUX_EINTR)
			break;
	}
leave:
	/* Counted out: never borrow from the generation (reused memory). */
	do {
		v = load(cv);
		if (!(v & CV_WAITERS))
			break;
		nv = (v & CV_WAITERS) == 1 ? 0 : v - 1;
	} while (!cas(cv, v, nv));
	if (err)
		return r;
relock:
	wrlock(lock, tid, NULL);
	return r == -LINUX_ETIMEDOUT ? r : 0;
}

static void event_for(struct cloudabi_event *ev, const struct cloudabi_subscription *s,
		      __u16 error)
{
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->userdata = s->userdata;
	ev->type = s->type;
	ev->error = error;
}

/* Linux -errno or our own -CloudABI errno (EDEADLK, EPERM) -> event error. */
static __u16 wait_errno(long r)
{
	if (r == -CLOUDABI_EDEADLK || r == -CLOUDABI_EPERM)
		return -r;
	return from_linux(r);
}

/* [LOCK_*|CONDVAR] [CLOCK]: one event, for the lock or for the clock. */
static __u16 poll_lock(const struct cloudabi_subscription *in,
		       struct cloudabi_event *out, unsigned long n)
{
	const struct cloudabi_subscription *s = &in[0];
	struct deadline d = { 0 };
	__u32 *lock, *cv = NULL;
	__u8 lscope;
	long r;

	if (n == 2) {
		if (in[1].type != CLOUDABI_EVENTTYPE_CLOCK)
			return CLOUDABI_EINVAL;
		if (make_deadline(&in[1], &d)) {
			event_for(out, &in[1], CLOUDABI_EINVAL);
			return 0;
		}
	}
	if (s->type == CLOUDABI_EVENTTYPE_CONDVAR) {
		cv = (__u32 *)s->condvar.condvar;
		lock = (__u32 *)s->condvar.lock;
		lscope = s->condvar.lock_scope;
		if (!scope_ok(s->condvar.condvar_scope))
			lscope = 0;
	} else {
		lock = (__u32 *)s->lock.lock;
		lscope = s->lock.lock_scope;
	}
	if (!scope_ok(lscope)) {
		event_for(out, s, CLOUDABI_EINVAL);
		return 0;
	}
	if (((unsigned long)lock | (unsigned long)cv) & 3) {
		event_for(out, s, CLOUDABI_EINVAL);
		return 0;
	}
	if (!cabi_writable(lock, 4) || (cv && !cabi_writable(cv, 4))) {
		event_for(out, s, CLOUDABI_EFAULT);
		return 0;
	}
	if (cv)
		r = cond_wait(cv, lock, gettid(), &d);
	else if (s->type == CLOUDABI_EVENTTYPE_LOCK_WRLOCK)
		r = wrlock(lock, gettid(), &d);
	else
		r = rdlock(lock, gettid(), &d);
	if (r == -LINUX_ETIMEDOUT)
		event_for(out, &in[1], 0);
	else
		event_for(out, s, wait_errno(r));
	return 0;
}

/* Time left until @d on its own clock; 0 or less once it has passed. */
static __s64 time_left(const struct deadline *d)
{
	return (__s64)((__u64)d->ts.tv_sec * 1000000000ULL + d->ts.tv_nsec -
		       now_ns(d->realtime ? LINUX_CLOCK_REALTIME : LINUX_CLOCK_MONOTONIC));
}

/*
 * Only CLOCK subscriptions: sleep until the soonest deadline, report all
 * passed.  Deadlines on REALTIME and MONOTONIC compare by the time left;
 * with both kinds present the sleep is on MONOTONIC for that long, then a
 * new look, so that a step of the wall clock delays no deadline by more
 * than the soonest one was away.
 */
static __u16 poll_clocks(const struct cloudabi_subscription *in,
			 struct cloudabi_event *out, unsigned long n,
			 unsigned long *nevents)
{
	struct deadline d[8], wait, *first;
	unsigned long i, k = 0;
	__s64 left, soonest = 0;
	int kinds;
	__u32 never = 0;
	__u64 t;
	long r;

	for (i = 0; i < n; i++) {
		d[i].set = 0;
		if (make_deadline(&in[i], &d[i]))
			event_for(&out[k++], &in[i], CLOUDABI_EINVAL);
	}
	while (!k) {
		first = NULL;
		kinds = 0;
		for (i = 0; i < n; i++) {
			if (!d[i].set)
				continue;
			left = time_left(&d[i]);
			kinds |= d[i].realtime ? 2 : 1;
			if (!first || left < soonest) {
				first = &d[i];
				soonest = left;
			}
		}
		if (!first || soonest <= 0)
			break;
		wait = *first;
		if (kinds == 3) {
			t = now_ns(LINUX_CLOCK_MONOTONIC) + soonest;
			wait.realtime = 0;
			wait.ts.tv_sec = t / 1000000000ULL;
			wait.ts.tv_nsec = t % 1000000000ULL;
		}
		r = futex_wait(&never, 0, &wait, FUTEX_BITSET_ANY);
		if (r && r != -LINUX_EAGAIN && r != -LINUX_EINTR && r != -LINUX_ETIMEDOUT)
			break;
	}
	for (i = 0; i < n; i++)
		if (d[i].set && time_left(&d[i]) <= 0)
			event_for(&out[k++], &in[i], 0);
	*nevents = k;
	return 0;
}

void cabi_poll_absolute(const void *vin, struct cloudabi_subscription *abs,
			unsigned long n, __u64 base)
{
	const struct cloudabi_subscription *in = vin;
	unsigned long i;

	for (i = 0; i < n; i++) {
		abs[i] = in[i];
		if (in[i].type != CLOUDABI_EVENTTYPE_CLOCK ||
		    (in[i].clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME))
			continue;
		/*
		 * As the module counts them: every relative wait on MONOTONIC
		 * (a wall-clock step changes none, CPU time passes no faster).
		 * An unknown clock stays as it was, for the module's EINVAL.
		 */
		if (linux_clock(in[i].clock.clock_id) < 0)
			continue;
		abs[i].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
		abs[i].clock.timeout += base;
		if (abs[i].clock.timeout < in[i].clock.timeout)
			abs[i].clock.timeout = ~0ULL;
		abs[i].clock.flags |= CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME;
	}
}

__u16 cabi_poll_local(const void *vin, void *vout, unsigned long n,
		      unsigned long *nevents)
{
	const struct cloudabi_subscription *in = vin;
	struct cloudabi_event *out = vout;
	__u16 err;

	if (!cabi_writable(out, n * sizeof(*out)))
		return CLOUDABI_EFAULT;
	if (in[0].type == CLOUDABI_EVENTTYPE_CONDVAR ||
	    in[0].type == CLOUDABI_EVENTTYPE_LOCK_RDLOCK ||
	    in[0].type == CLOUDABI_EVENTTYPE_LOCK_WRLOCK) {
		err = n > 2 ? CLOUDABI_EINVAL : poll_lock(in, out, n);
		if (!err)
			*nevents = 1;
		return err;
	}
	return poll_clocks(in, out, n, nevents);
}
