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
#include "refusal.h"
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

/*
 * A descriptor the poll names, looked up once however often it is named
 * (cloudlibc's poll() names one for reading and writing, select() on a
 * set of sockets may repeat them): one fdget, one vfs_poll and at most one
 * FIONREAD per pass for all its subscriptions.
 */
struct cabi_poll_file {
	struct fd f;
	struct cabi_fd *w;	/* NULL: @err answers every subscription of it */
	u64 nbytes;		/* as of pass @counted */
	u32 fd;
	u32 polled;		/* the pass @mask is from; 0: none yet */
	u32 counted;
	__poll_t mask;
	__poll_t key;		/* what its subscriptions wait for */
	u16 err;
};

#define CABI_POLL_NOFILE U16_MAX

struct cabi_poll {
	struct cloudabi_subscription *in;
	struct cloudabi_event *out;
	struct cloudabi_event __user *uout;	/* where @out goes */
	struct cabi_poll_file *files;
	u16 *file;		/* each subscription's entry in @files */
	u16 *hash;		/* fd number -> entry in @files; NULL: search */
	ktime_t *at;		/* each clock's deadline */
	bool *done;
	size_t n;
	size_t nfiles;
	size_t nevents;
	unsigned int hash_bits;
	u32 pass;
	ktime_t base;		/* MONOTONIC on entry: relative clocks count from it */
	ktime_t deadline;
	bool have_deadline;
	bool relative;		/* a relative clock is among the subscriptions */
};

/* The arrays of a poll of up to CABI_POLL_STACK subscriptions. */
struct cabi_poll_small {
	struct cloudabi_subscription in[CABI_POLL_STACK];
	struct cloudabi_event out[CABI_POLL_STACK];
	struct cabi_poll_file files[CABI_POLL_STACK];
	ktime_t at[CABI_POLL_STACK];
	u16 file[CABI_POLL_STACK];
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

/* Descriptor @fd's entry, looked up the first time the poll names it. */
static struct cabi_poll_file *cabi_poll_file(struct cabi_poll *p, u32 fd)
{
	struct cabi_poll_file *pf;
	u16 *slot = NULL;
	size_t k;

	if (p->hash) {
		k = hash_32(fd, p->hash_bits);
		for (; p->hash[k] != CABI_POLL_NOFILE; k = (k + 1) & ((1U << p->hash_bits) - 1))
			if (p->files[p->hash[k]].fd == fd)
				return &p->files[p->hash[k]];
		/* At most half full: an empty slot is always found. */
		slot = &p->hash[k];
	} else {
		for (k = 0; k < p->nfiles; k++)
			if (p->files[k].fd == fd)
				return &p->files[k];
	}
	if (slot)
		*slot = p->nfiles;
	pf = &p->files[p->nfiles++];
	memset(pf, 0, sizeof(*pf));
	pf->fd = fd;
	pf->w = cabi_fd_get(fd, 0, &pf->f, &pf->err);
	return pf;
}

/* Subscription @i waits on @pf for @key, or fails at once with @err. */
static void cabi_poll_add(struct cabi_poll *p, size_t i, struct cabi_poll_file *pf,
			  __poll_t key, u16 err)
{
	if (err) {
		cabi_event(&p->out[p->nevents++], &p->in[i], err);
		p->done[i] = true;
		return;
	}
	p->file[i] = pf - p->files;
	pf->key |= key;
}

/* Look up every descriptor once; refusals become events right away. */
static void cabi_poll_setup(struct cabi_poll *p)
{
	struct cloudabi_subscription *s;
	struct cabi_poll_file *pf;
	u64 need;
	u16 err;
	size_t i;
	ktime_t t;

	for (i = 0; i < p->n; i++) {
		s = &p->in[i];
		p->file[i] = CABI_POLL_NOFILE;
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
			pf = cabi_poll_file(p, s->fd_readwrite.fd);
			err = pf->err;
			if (pf->w && !cabi_rights_cover(pf->w->rights.base, need)) {
				cabi_refused(CABI_REFUSED_RIGHTS, pf->fd, need,
					     pf->w->rights.base);
				err = CLOUDABI_ENOTCAPABLE;
			}
			cabi_poll_add(p, i, pf, s->type == CLOUDABI_EVENTTYPE_FD_READ ?
				      EPOLLIN | EPOLLRDNORM | EPOLLHUP | EPOLLERR :
				      EPOLLOUT | EPOLLWRNORM | EPOLLHUP | EPOLLERR, err);
			break;
		case CLOUDABI_EVENTTYPE_PROC_TERMINATE:
			/* A non-process is EINVAL before any right is looked at. */
			pf = cabi_poll_file(p, s->proc_terminate.fd);
			err = pf->err;
			if (pf->w && pf->w->filetype != CLOUDABI_FILETYPE_PROCESS)
				err = CLOUDABI_EINVAL;
			else if (pf->w && !cabi_rights_cover(pf->w->rights.base,
							     CLOUDABI_RIGHT_POLL_PROC_TERMINATE))
				err = CLOUDABI_ENOTCAPABLE;
			cabi_poll_add(p, i, pf, EPOLLIN, err);
			break;
		default:
			/* Locks and condvars only lead a poll (the vDSO serves those). */
			cabi_event(&p->out[p->nevents++], s, CLOUDABI_EINVAL);
			p->done[i] = true;
		}
	}
}

/* One pass over the descriptors: an event for each one that is ready. */
static void cabi_poll_scan(struct cabi_poll *p, poll_table *pt)
{
	struct cloudabi_subscription *s;
	struct cabi_poll_file *pf;
	struct cloudabi_event *ev;
	bool rd;
	u32 code;
	size_t i;
	u8 sig;

	p->pass++;
	for (i = 0; i < p->n; i++) {
		if (p->done[i] || p->file[i] == CABI_POLL_NOFILE)
			continue;
		s = &p->in[i];
		pf = &p->files[p->file[i]];
		if (pf->polled != p->pass) {
			if (pt)
				pt->_key = pf->key;
			pf->mask = vfs_poll(pf->w->inner, pt);
			pf->polled = p->pass;
		}
		if (s->type == CLOUDABI_EVENTTYPE_PROC_TERMINATE) {
			if (!cabi_proc_status(pf->w->inner, &sig, &code))
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
		if (!(pf->mask & (EPOLLERR | EPOLLHUP |
				  (rd ? EPOLLIN | EPOLLRDNORM : EPOLLOUT | EPOLLWRNORM))))
			continue;
		ev = &p->out[p->nevents++];
		cabi_event(ev, s, 0);
		if (rd && pf->counted != p->pass) {
			pf->nbytes = cabi_nbytes(pf->w, (int __user *)
						 &p->uout[ev - p->out].fd_readwrite.nbytes);
			pf->counted = p->pass;
		}
		if (rd)
			ev->fd_readwrite.nbytes = pf->nbytes;
		if (pf->mask & (EPOLLHUP | EPOLLRDHUP))
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

/*
 * Wait until a subscription is ready.  Not inlined: its poll_wqueues
 * (about 600 bytes) is not to share a frame with the small poll's arrays.
 */
static noinline_for_stack u16 cabi_poll_wait(struct cabi_poll *p)
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
	BUILD_BUG_ON(sizeof(struct cabi_poll_small) > 640);
	BUILD_BUG_ON(CABI_POLL_MAX >= CABI_POLL_NOFILE);
	if (p.n <= CABI_POLL_STACK) {
		small = &stack;
		p.in = small->in;
		p.out = small->out;
		p.files = small->files;
		p.at = small->at;
		p.file = small->file;
		p.done = small->done;
	} else {
		/*
		 * One allocation for every array, most aligned first; nothing
		 * is read before it is written but the flags and the table.
		 */
		p.hash_bits = order_base_2(2 * p.n);
		p.in = kvmalloc(p.n * (sizeof(*p.in) + sizeof(*p.out) + sizeof(*p.at) +
				       sizeof(*p.files) + sizeof(*p.file) + sizeof(*p.done)) +
				(sizeof(*p.hash) << p.hash_bits), GFP_KERNEL);
		if (!p.in)
			return CLOUDABI_ENOMEM;
		p.out = (struct cloudabi_event *)(p.in + p.n);
		p.at = (ktime_t *)(p.out + p.n);
		p.files = (struct cabi_poll_file *)(p.at + p.n);
		p.file = (u16 *)(p.files + p.n);
		p.hash = p.file + p.n;
		p.done = (bool *)(p.hash + (1U << p.hash_bits));
		memset(p.hash, 0xff, sizeof(*p.hash) << p.hash_bits);
	}
	memset(p.done, 0, p.n * sizeof(*p.done));
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
	for (i = 0; i < p.nfiles; i++)
		if (p.files[i].w)
			fdput(p.files[i].f);
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
