// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: poll with descriptor subscriptions (ABI.md §10).
 *
 * Every poll comes here first, so that the vDSO need not probe the
 * subscriptions: lock, condition variable and clock-only polls are sent
 * back (CABI_POLL_LOCAL) for the vDSO to serve (vdso/lock.c).  The rest is
 * the kernel's own poll loop (fs/select.c) on the descriptors' inner
 * files: each subscription reports at most once, per-subscription
 * problems (EBADF, ENOTCAPABLE, EINVAL) come back in the event, clocks
 * are absolute deadlines on MONOTONIC computed on entry.  A wait a signal
 * interrupts starts over and must not last longer for it: with relative
 * clocks the vDSO gets CABI_POLL_AGAIN and the MONOTONIC time they count
 * from, and calls again with them made absolute; otherwise the kernel
 * restarts the call with the same arguments.
 */
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/termios.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "cloudabi/ctl.h"
#include "cabi.h"
#include "cabi_compat.h"
#include "fd.h"
#include "procfd.h"
#include "sysent.h"

/* Enough for cloudlibc's poll() and select() on every descriptor we allow. */
#define CABI_POLL_MAX 4096
/* Polls of this many subscriptions or fewer allocate nothing. */
#define CABI_POLL_STACK 4
/* The vDSO makes relative clocks absolute for polls this large at most. */
#define CABI_POLL_REL_MAX 16
/* The vDSO serves clock-only polls this large at most. */
#define CABI_POLL_CLOCKS_MAX 8

/*
 * A subscription's clock as an absolute MONOTONIC time; 0 for an unknown
 * clock.  CPU time passes no faster than real time, so waiting for the
 * difference is never early.
 */
static int cabi_clock_deadline(const struct cloudabi_subscription *s,
			       ktime_t mono, ktime_t *t)
{
	u64 now, timeout = s->clock.timeout;

	switch (s->clock.clock_id) {
	case CLOUDABI_CLOCK_MONOTONIC:
		now = ktime_to_ns(mono);
		break;
	case CLOUDABI_CLOCK_REALTIME:
		now = ktime_get_real_ns();
		break;
	case CLOUDABI_CLOCK_PROCESS_CPUTIME_ID:
	case CLOUDABI_CLOCK_THREAD_CPUTIME_ID:
		now = current->se.sum_exec_runtime;
		break;
	default:
		return 0;
	}
	if (s->clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME)
		timeout = timeout > now ? timeout - now : 0;
	*t = ktime_add_safe(mono, ns_to_ktime(min_t(u64, timeout, KTIME_MAX)));
	return 1;
}

static void cabi_event(struct cloudabi_event *ev,
		       const struct cloudabi_subscription *s, u16 error)
{
	memset(ev, 0, sizeof(*ev));
	ev->userdata = s->userdata;
	ev->type = s->type;
	ev->error = error;
}

/*
 * Bytes ready to read, as FreeBSD's kevent reports them (cloudlibc's
 * ioctl(FIONREAD) is a poll): what is left of a regular file; for a pipe,
 * FIFO or socket what its FIONREAD says, through the LSM hook and
 * vfs_ioctl as ioctl(2) would; 0 otherwise.  FIONREAD writes an int to user
 * memory: @scratch is this event's slot in the caller's output array,
 * which the events are copied over afterwards.
 */
static u64 cabi_nbytes(const struct cabi_fd *w, int __user *scratch)
{
	struct file *file = w->inner;
	loff_t size;
	int n;

	if (S_ISREG(file_inode(file)->i_mode)) {
		size = i_size_read(file_inode(file));
		return size > file->f_pos ? size - file->f_pos : 0;
	}
	if (w->filetype != CLOUDABI_FILETYPE_SOCKET_STREAM &&
	    w->filetype != CLOUDABI_FILETYPE_SOCKET_DGRAM)
		return 0;
	if (security_file_ioctl(file, FIONREAD, (unsigned long)scratch) ||
	    cabi_file_ioctl(file, FIONREAD, (unsigned long)scratch) ||
	    get_user(n, scratch) || n < 0)
		return 0;
	return n;
}

struct cabi_poll {
	struct cloudabi_subscription *in;
	struct cloudabi_event *out;
	struct cloudabi_event __user *uout;	/* where @out goes */
	struct fd *fds;
	struct cabi_fd **w;
	ktime_t *at;		/* each clock's deadline */
	size_t n;
	size_t nevents;
	bool *done;
	ktime_t base;		/* MONOTONIC on entry: relative clocks count from it */
	ktime_t deadline;
	bool have_deadline;
	bool relative;		/* a relative clock is among the subscriptions */
};

/* The arrays of a poll of up to CABI_POLL_STACK subscriptions. */
struct cabi_poll_small {
	struct cloudabi_subscription in[CABI_POLL_STACK];
	struct cloudabi_event out[CABI_POLL_STACK];
	struct fd fds[CABI_POLL_STACK];
	struct cabi_fd *w[CABI_POLL_STACK];
	ktime_t at[CABI_POLL_STACK];
	bool done[CABI_POLL_STACK];
};

/*
 * What the vDSO serves itself: a poll led by a lock or condition variable
 * (at most one more subscription, a clock), or of a few clocks alone.
 */
static bool cabi_poll_is_local(const struct cloudabi_subscription *in, size_t n)
{
	size_t i;

	if (in[0].type == CLOUDABI_EVENTTYPE_CONDVAR ||
	    in[0].type == CLOUDABI_EVENTTYPE_LOCK_RDLOCK ||
	    in[0].type == CLOUDABI_EVENTTYPE_LOCK_WRLOCK)
		return true;
	if (n > CABI_POLL_CLOCKS_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (in[i].type != CLOUDABI_EVENTTYPE_CLOCK)
			return false;
	return true;
}

/* Look up every descriptor once; refusals become events right away. */
static void cabi_poll_setup(struct cabi_poll *p)
{
	struct cloudabi_subscription *s;
	u64 need;
	u16 err;
	size_t i;
	ktime_t t;

	for (i = 0; i < p->n; i++) {
		s = &p->in[i];
		switch (s->type) {
		case CLOUDABI_EVENTTYPE_CLOCK:
			if (!(s->clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME))
				p->relative = true;
			if (!cabi_clock_deadline(s, p->base, &t)) {
				cabi_event(&p->out[p->nevents++], s, CLOUDABI_EINVAL);
				p->done[i] = true;
				break;
			}
			p->at[i] = t;
			if (!p->have_deadline || ktime_before(t, p->deadline)) {
				p->deadline = t;
				p->have_deadline = true;
			}
			break;
		case CLOUDABI_EVENTTYPE_FD_READ:
		case CLOUDABI_EVENTTYPE_FD_WRITE:
			need = CLOUDABI_RIGHT_POLL_FD_READWRITE |
			       (s->type == CLOUDABI_EVENTTYPE_FD_READ ?
				CLOUDABI_RIGHT_FD_READ : CLOUDABI_RIGHT_FD_WRITE);
			p->w[i] = cabi_fd_get(s->fd_readwrite.fd, need, &p->fds[i], &err);
			if (!p->w[i]) {
				cabi_event(&p->out[p->nevents++], s, err);
				p->done[i] = true;
			}
			break;
		case CLOUDABI_EVENTTYPE_PROC_TERMINATE:
			/* A non-process is EINVAL before any right is looked at. */
			p->w[i] = cabi_fd_get(s->proc_terminate.fd, 0, &p->fds[i], &err);
			if (p->w[i] && p->w[i]->filetype != CLOUDABI_FILETYPE_PROCESS)
				err = CLOUDABI_EINVAL;
			else if (p->w[i] && !cabi_rights_cover(p->w[i]->rights.base,
							       CLOUDABI_RIGHT_POLL_PROC_TERMINATE))
				err = CLOUDABI_ENOTCAPABLE;
			else if (p->w[i])
				break;
			if (p->w[i])
				fdput(p->fds[i]);
			p->w[i] = NULL;
			cabi_event(&p->out[p->nevents++], s, err);
			p->done[i] = true;
			break;
		default:
			/* Locks and condvars only lead a poll (the vDSO serves those). */
			cabi_event(&p->out[p->nevents++], s, CLOUDABI_EINVAL);
			p->done[i] = true;
		}
	}
}

/*
 * The bytes ready on each file, once per pass: a poll may name one file
 * many times (cloudlibc's select() on a set of sockets, or a program's
 * own repeats), and FIONREAD is the dearest step of a ready subscription.
 * Direct-mapped by the file's address; a collision only costs a lookup.
 */
#define CABI_NBYTES_CACHE 16

struct cabi_nbytes_cache {
	const struct file *file[CABI_NBYTES_CACHE];
	u64 n[CABI_NBYTES_CACHE];
};

static u64 cabi_nbytes_cached(struct cabi_nbytes_cache *c, const struct cabi_fd *w,
			      int __user *scratch)
{
	unsigned int k = hash_ptr(w->inner, ilog2(CABI_NBYTES_CACHE));

	if (c->file[k] != w->inner) {
		c->n[k] = cabi_nbytes(w, scratch);
		c->file[k] = w->inner;
	}
	return c->n[k];
}

/* One pass over the descriptors: an event for each one that is ready. */
static void cabi_poll_scan(struct cabi_poll *p, poll_table *pt)
{
	struct cabi_nbytes_cache cache = { };
	struct cloudabi_subscription *s;
	struct cloudabi_event *ev;
	bool rd, hup;
	__poll_t mask;
	u32 code;
	size_t i;
	u8 sig;

	for (i = 0; i < p->n; i++) {
		if (p->done[i] || !p->w[i])
			continue;
		s = &p->in[i];
		if (s->type == CLOUDABI_EVENTTYPE_PROC_TERMINATE) {
			if (pt)
				pt->_key = EPOLLIN;
			vfs_poll(p->w[i]->inner, pt);
			if (!cabi_proc_status(p->w[i]->inner, &sig, &code))
				continue;
			ev = &p->out[p->nevents++];
			cabi_event(ev, s, 0);
			ev->proc_terminate.signal = sig;
			ev->proc_terminate.exitcode = code;
			p->done[i] = true;
			pt = NULL;
			continue;
		}
		rd = s->type == CLOUDABI_EVENTTYPE_FD_READ;
		if (pt)
			pt->_key = rd ? EPOLLIN | EPOLLRDNORM | EPOLLHUP | EPOLLERR :
					EPOLLOUT | EPOLLWRNORM | EPOLLHUP | EPOLLERR;
		mask = vfs_poll(p->w[i]->inner, pt);
		hup = mask & (EPOLLHUP | EPOLLRDHUP);
		if (!(mask & (EPOLLERR | EPOLLHUP |
			      (rd ? EPOLLIN | EPOLLRDNORM : EPOLLOUT | EPOLLWRNORM))))
			continue;
		ev = &p->out[p->nevents++];
		cabi_event(ev, s, 0);
		if (rd)
			ev->fd_readwrite.nbytes =
				cabi_nbytes_cached(&cache, p->w[i], (int __user *)
						   &p->uout[ev - p->out].fd_readwrite.nbytes);
		if (hup)
			ev->fd_readwrite.flags = 0x1;	/* EVENT_FD_READWRITE_HANGUP */
		p->done[i] = true;
		/* We will not sleep: no need to queue on the other files. */
		pt = NULL;
	}
}

/* Clocks whose deadline has passed. */
static void cabi_poll_clocks(struct cabi_poll *p)
{
	ktime_t now = ktime_get();
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->done[i] || p->in[i].type != CLOUDABI_EVENTTYPE_CLOCK)
			continue;
		if (!ktime_after(p->at[i], now)) {
			cabi_event(&p->out[p->nevents++], &p->in[i], 0);
			p->done[i] = true;
		}
	}
}

static u16 cabi_poll_wait(struct cabi_poll *p)
{
	struct poll_wqueues table;
	poll_table *pt;
	int timed_out = 0;

	poll_initwait(&table);
	pt = &table.pt;
	for (;;) {
		cabi_poll_scan(p, pt);
		pt = NULL;	/* queued on every file after the first pass */
		if (p->nevents || timed_out)
			break;
		if (table.error) {
			poll_freewait(&table);
			return cabi_errno(table.error);
		}
		if (signal_pending(current)) {
			poll_freewait(&table);
			return CABI_ERESTART;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!table.triggered)
			timed_out = !schedule_hrtimeout_range(p->have_deadline ?
							      &p->deadline : NULL,
							      0, HRTIMER_MODE_ABS);
		__set_current_state(TASK_RUNNING);
		/* Pairs with pollwake()'s barrier; clear before the next scan. */
		smp_store_mb(table.triggered, 0);
		if (timed_out)
			cabi_poll_clocks(p);
	}
	poll_freewait(&table);
	return 0;
}

/*
 * poll(in, out, nsubscriptions) -> nevents, for descriptor subscriptions;
 * CABI_POLL_LOCAL for the vDSO's; nevents CABI_POLL_AGAIN_N and the base
 * of the relative clocks when interrupted (see the top of this file).
 */
u16 cabi_sys_poll(const u64 *arg, u64 *ret)
{
	struct cabi_poll p = { .n = arg[2], .uout = u64_to_user_ptr(arg[1]) };
	struct cabi_poll_small stack, *small = NULL;
	size_t i;
	u16 err;

	if (!p.n || p.n > CABI_POLL_MAX)
		return CLOUDABI_EINVAL;
	BUILD_BUG_ON(sizeof(struct cabi_poll_small) > 512);
	if (p.n <= CABI_POLL_STACK) {
		small = &stack;
		memset(small, 0, sizeof(*small));
		p.in = small->in;
		p.out = small->out;
		p.fds = small->fds;
		p.w = small->w;
		p.at = small->at;
		p.done = small->done;
	} else {
		/* One allocation for every array, most aligned first. */
		p.in = kvzalloc(p.n * (sizeof(*p.in) + sizeof(*p.out) + sizeof(*p.fds) +
				       sizeof(*p.w) + sizeof(*p.at) + sizeof(*p.done)),
				GFP_KERNEL);
		if (!p.in)
			return CLOUDABI_ENOMEM;
		p.out = (struct cloudabi_event *)(p.in + p.n);
		p.fds = (struct fd *)(p.out + p.n);
		p.w = (struct cabi_fd **)(p.fds + p.n);
		p.at = (ktime_t *)(p.w + p.n);
		p.done = (bool *)(p.at + p.n);
	}
	err = CLOUDABI_EFAULT;
	if (copy_from_user(p.in, u64_to_user_ptr(arg[0]), p.n * sizeof(*p.in)))
		goto out;
	err = CABI_POLL_LOCAL;
	if (cabi_poll_is_local(p.in, p.n))
		goto out;
	p.base = ktime_get();
	cabi_poll_setup(&p);
	/* A zero or past deadline, or refusals: one pass, no sleep. */
	cabi_poll_clocks(&p);
	err = 0;
	if (p.nevents)
		cabi_poll_scan(&p, NULL);
	else
		err = cabi_poll_wait(&p);
	for (i = 0; i < p.n; i++)
		if (p.w[i])
			fdput(p.fds[i]);
	if (err == CABI_ERESTART && p.relative && p.n <= CABI_POLL_REL_MAX) {
		ret[0] = CABI_POLL_AGAIN_N;
		ret[1] = ktime_to_ns(p.base);
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	err = CLOUDABI_EFAULT;
	if (copy_to_user(p.uout, p.out, p.nevents * sizeof(*p.out)))
		goto out;
	ret[0] = p.nevents;
	err = 0;
out:
	if (!small)
		kvfree(p.in);
	return err;
}
