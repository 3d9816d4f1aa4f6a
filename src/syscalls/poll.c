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

/*
 * Bytes ready to read, as FreeBSD's kevent reports them (cloudlibc's
 * ioctl(FIONREAD) is a poll): what is left of a regular file; for a pipe,
 * FIFO or socket what its FIONREAD would say; 0 otherwise.  Pipes and
 * AF_UNIX sockets (CloudABI's own pipes) are counted as their FIONREAD
 * counts, without the ioctl path: poll asks the count of a descriptor it
 * may already wait on, so the LSM's ioctl hook is not consulted, as it is
 * not for vfs_poll().  Other sockets go through the hook and their ioctl
 * as ioctl(2) would; FIONREAD writes an int to user memory: @scratch is
 * this event's slot in the caller's output array, which the event is
 * copied over afterwards.
 */
static u64 cabi_nbytes(const struct cabi_fd *w, int __user *scratch)
{
	struct file *file = w->inner;
	umode_t mode = file_inode(file)->i_mode;
	loff_t size;
	long n;
	int k;

	if (S_ISREG(mode)) {
		size = i_size_read(file_inode(file));
		return size > file->f_pos ? size - file->f_pos : 0;
	}
	if (w->filetype != CLOUDABI_FILETYPE_SOCKET_STREAM &&
	    w->filetype != CLOUDABI_FILETYPE_SOCKET_DGRAM)
		return 0;
	/*
	 * Every FIFO inode is opened through pipefifo_fops
	 * (init_special_inode(), create_pipe_files()), which keep the pipe in
	 * private_data.
	 */
	if (S_ISFIFO(mode))
		return file->private_data ? cabi_pipe_count(file->private_data) : 0;
	n = cabi_unix_inq_len(file);
	if (n >= 0)
		return n;
	if (security_file_ioctl(file, FIONREAD, (unsigned long)scratch) ||
	    cabi_file_ioctl(file, FIONREAD, (unsigned long)scratch) ||
	    get_user(k, scratch) || k < 0)
		return 0;
	return k;
}

/*
 * What a poll keeps of a subscription between passes: 24 bytes instead of
 * its 56 (every byte of a poll's arrays is zeroed on allocation where
 * init_on_alloc is on, as in Debian's kernels).
 */
struct cabi_poll_sub {
	u64 userdata;
	union {
		ktime_t at;	/* a clock: its deadline on MONOTONIC */
		u16 file;	/* a descriptor: its entry in cabi_poll.files */
	};
	u8 type;
	bool done;
};

/*
 * A descriptor the poll names, looked up once however often it is named
 * (cloudlibc's poll() names one for reading and writing, select() on a
 * set of sockets may repeat them): one fdget, one vfs_poll and at most one
 * byte count per pass for all its subscriptions.
 */
struct cabi_poll_file {
	struct fd f;		/* empty: @err answers every subscription of it */
	u64 nbytes;		/* as of pass @counted */
	u32 fd;
	__poll_t mask;		/* as of pass @polled */
	__poll_t key;		/* what its subscriptions wait for */
	u16 err;
	/*
	 * Passes modulo 256.  An entry is polled in every pass while one of
	 * its subscriptions is not done, so @polled holds this pass or the
	 * one before, never an older one that aliases this; a pass that
	 * counts bytes answers every read subscription of the entry, so
	 * @counted is not looked at in a later pass.
	 */
	u8 polled;
	u8 counted;
};

#define CABI_POLL_NOFILE U16_MAX
/* Subscriptions copied in, and events out, this many at a time. */
#define CABI_POLL_CHUNK 8

struct cabi_poll {
	struct cabi_poll_sub *subs;
	struct cabi_poll_file *files;
	u16 *hash;		/* fd number -> entry in @files; NULL: search */
	struct cloudabi_event __user *uout;
	size_t n;
	size_t nfiles;
	size_t nevents;		/* events made; those below @flushed are out */
	size_t flushed;
	unsigned int hash_bits;
	u8 pass;
	bool fault;		/* an event could not be copied out */
	ktime_t base;		/* MONOTONIC on entry: relative clocks count from it */
	ktime_t deadline;
	bool have_deadline;
	bool relative;		/* a relative clock is among the subscriptions */
	struct cloudabi_event *ev;	/* CABI_POLL_CHUNK events not yet out */
};

/* The arrays of a poll of up to CABI_POLL_STACK subscriptions. */
struct cabi_poll_small {
	struct cabi_poll_sub subs[CABI_POLL_STACK];
	struct cabi_poll_file files[CABI_POLL_STACK];
};

static struct cabi_fd *cabi_poll_fd(const struct cabi_poll_file *pf)
{
	return cabi_fd_file(pf->f)->private_data;
}

/*
 * Copy the events made so far out to the caller's array: word by word
 * (x86's unsafe_copy_to_user), where copy_to_user may take a string move,
 * which QEMU's TCG runs one element per step.
 */
static void cabi_poll_flush(struct cabi_poll *p)
{
	void __user *dst = p->uout + p->flushed;
	const void *src = p->ev;
	size_t len = (p->nevents - p->flushed) * sizeof(*p->ev);

	p->flushed = p->nevents;
	if (!len)
		return;
	if (!user_access_begin(dst, len))
		goto fault;
	unsafe_copy_to_user(dst, src, len, efault);
	user_access_end();
	return;
efault:
	user_access_end();
fault:
	p->fault = true;
}

/*
 * Read @k subscriptions at @u into @in, only the fields poll uses, each
 * with one load: the whole 56 bytes are mostly padding and unused union
 * members.  Every page the @k subscriptions touch is still read (each
 * one's first word, and the last byte of the last: no page lies inside
 * a 56-byte subscription), so a fault anywhere in them is EFAULT, as a
 * copy of the whole would be.  Returns 0 or -EFAULT.
 */
static int cabi_poll_read(struct cloudabi_subscription *in,
			  const struct cloudabi_subscription __user *u, size_t k)
{
	size_t j;
	u8 last;

	BUILD_BUG_ON(offsetof(struct cloudabi_subscription, proc_terminate.fd) !=
		     offsetof(struct cloudabi_subscription, fd_readwrite.fd));
	if (!user_access_begin(u, k * sizeof(*u)))
		return -EFAULT;
	for (j = 0; j < k; j++) {
		unsafe_get_user(in[j].userdata, &u[j].userdata, efault);
		unsafe_get_user(in[j].type, &u[j].type, efault);
		if (in[j].type == CLOUDABI_EVENTTYPE_CLOCK) {
			unsafe_get_user(in[j].clock.clock_id, &u[j].clock.clock_id, efault);
			unsafe_get_user(in[j].clock.timeout, &u[j].clock.timeout, efault);
			unsafe_get_user(in[j].clock.flags, &u[j].clock.flags, efault);
		} else {
			/* proc_terminate.fd too: the same place. */
			unsafe_get_user(in[j].fd_readwrite.fd, &u[j].fd_readwrite.fd, efault);
		}
	}
	unsafe_get_user(last, (const u8 __user *)(u + k) - 1, efault);
	user_access_end();
	(void)last;
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}

/* Subscription @s's event, answered with @error; the caller fills the rest. */
static struct cloudabi_event *cabi_event(struct cabi_poll *p,
					 struct cabi_poll_sub *s, u16 error)
{
	struct cloudabi_event *ev;

	if (p->nevents - p->flushed == CABI_POLL_CHUNK)
		cabi_poll_flush(p);
	ev = &p->ev[p->nevents++ - p->flushed];
	memset(ev, 0, sizeof(*ev));
	ev->userdata = s->userdata;
	ev->type = s->type;
	ev->error = error;
	s->done = true;
	return ev;
}

/*
 * What the vDSO serves itself: a poll led by a lock or condition variable
 * (at most one more subscription, a clock), or of a few clocks alone.
 * @in holds the first min(@n, CABI_POLL_CHUNK) subscriptions.
 */
static bool cabi_poll_is_local(const struct cloudabi_subscription *in, size_t n)
{
	size_t i;

	BUILD_BUG_ON(CABI_POLL_CLOCKS_MAX > CABI_POLL_CHUNK);
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
	if (!cabi_fd_get(fd, 0, &pf->f, &pf->err))
		pf->f = (struct fd){};
	return pf;
}

/* Subscription @s waits on @pf for @key, or fails at once with @err. */
static void cabi_poll_add(struct cabi_poll *p, struct cabi_poll_sub *s,
			  struct cabi_poll_file *pf, __poll_t key, u16 err)
{
	if (err) {
		cabi_event(p, s, err);
		return;
	}
	s->file = pf - p->files;
	pf->key |= key;
}

/* Subscription @in becomes @s: its descriptor looked up, its clock's deadline. */
static void cabi_poll_setup_one(struct cabi_poll *p, struct cabi_poll_sub *s,
				const struct cloudabi_subscription *in)
{
	struct cabi_poll_file *pf;
	struct cabi_fd *w;
	u64 need;
	u16 err;

	s->userdata = in->userdata;
	s->type = in->type;
	s->done = false;
	switch (in->type) {
	case CLOUDABI_EVENTTYPE_CLOCK:
		if (!(in->clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME))
			p->relative = true;
		if (!cabi_clock_deadline(in, p->base, &s->at)) {
			cabi_event(p, s, CLOUDABI_EINVAL);
			break;
		}
		if (!p->have_deadline || ktime_before(s->at, p->deadline)) {
			p->deadline = s->at;
			p->have_deadline = true;
		}
		break;
	case CLOUDABI_EVENTTYPE_FD_READ:
	case CLOUDABI_EVENTTYPE_FD_WRITE:
		need = CLOUDABI_RIGHT_POLL_FD_READWRITE |
		       (in->type == CLOUDABI_EVENTTYPE_FD_READ ?
			CLOUDABI_RIGHT_FD_READ : CLOUDABI_RIGHT_FD_WRITE);
		pf = cabi_poll_file(p, in->fd_readwrite.fd);
		err = pf->err;
		w = err ? NULL : cabi_poll_fd(pf);
		if (w && !cabi_rights_cover(w->rights.base, need)) {
			cabi_refused(CABI_REFUSED_RIGHTS, pf->fd, need, w->rights.base);
			err = CLOUDABI_ENOTCAPABLE;
		}
		cabi_poll_add(p, s, pf, in->type == CLOUDABI_EVENTTYPE_FD_READ ?
			      EPOLLIN | EPOLLRDNORM | EPOLLHUP | EPOLLERR :
			      EPOLLOUT | EPOLLWRNORM | EPOLLHUP | EPOLLERR, err);
		break;
	case CLOUDABI_EVENTTYPE_PROC_TERMINATE:
		/* A non-process is EINVAL before any right is looked at. */
		pf = cabi_poll_file(p, in->proc_terminate.fd);
		err = pf->err;
		w = err ? NULL : cabi_poll_fd(pf);
		if (w && w->filetype != CLOUDABI_FILETYPE_PROCESS)
			err = CLOUDABI_EINVAL;
		else if (w && !cabi_rights_cover(w->rights.base,
						 CLOUDABI_RIGHT_POLL_PROC_TERMINATE))
			err = CLOUDABI_ENOTCAPABLE;
		cabi_poll_add(p, s, pf, EPOLLIN, err);
		break;
	default:
		/* Locks and condvars only lead a poll (the vDSO serves those). */
		cabi_event(p, s, CLOUDABI_EINVAL);
	}
}

/*
 * Read the subscriptions CABI_POLL_CHUNK at a time (@first already holds
 * the first chunk) and set each up.  Not inlined: its chunk is not to
 * share a frame with the wait's poll_wqueues.  Returns 0 or EFAULT.
 */
static noinline_for_stack u16
cabi_poll_setup(struct cabi_poll *p, const struct cloudabi_subscription *first,
		const struct cloudabi_subscription __user *uin)
{
	struct cloudabi_subscription in[CABI_POLL_CHUNK];
	const struct cloudabi_subscription *c = first;
	size_t i, j, k;

	for (i = 0; i < p->n; i += k) {
		k = min_t(size_t, p->n - i, CABI_POLL_CHUNK);
		if (i) {
			if (cabi_poll_read(in, uin + i, k))
				return CLOUDABI_EFAULT;
			c = in;
		}
		for (j = 0; j < k; j++)
			cabi_poll_setup_one(p, &p->subs[i + j], &c[j]);
	}
	return 0;
}

/* One pass over the descriptors: an event for each one that is ready. */
static void cabi_poll_scan(struct cabi_poll *p, poll_table *pt)
{
	struct cabi_poll_sub *s;
	struct cabi_poll_file *pf;
	struct cloudabi_event *ev;
	struct cabi_fd *w;
	bool rd;
	u32 code;
	size_t i;
	u8 sig;

	p->pass++;
	for (i = 0; i < p->n; i++) {
		s = &p->subs[i];
		if (s->done || s->type == CLOUDABI_EVENTTYPE_CLOCK)
			continue;
		pf = &p->files[s->file];
		w = cabi_poll_fd(pf);
		if (pf->polled != p->pass) {
			if (pt)
				pt->_key = pf->key;
			pf->mask = vfs_poll(w->inner, pt);
			pf->polled = p->pass;
		}
		if (s->type == CLOUDABI_EVENTTYPE_PROC_TERMINATE) {
			if (!cabi_proc_status(w->inner, &sig, &code))
				continue;
			ev = cabi_event(p, s, 0);
			ev->proc_terminate.signal = sig;
			ev->proc_terminate.exitcode = code;
			pt = NULL;
			continue;
		}
		rd = s->type == CLOUDABI_EVENTTYPE_FD_READ;
		if (!(pf->mask & (EPOLLERR | EPOLLHUP |
				  (rd ? EPOLLIN | EPOLLRDNORM : EPOLLOUT | EPOLLWRNORM))))
			continue;
		if (rd && pf->counted != p->pass) {
			pf->nbytes = cabi_nbytes(w, (int __user *)
						 &p->uout[p->nevents].fd_readwrite.nbytes);
			pf->counted = p->pass;
		}
		ev = cabi_event(p, s, 0);
		if (rd)
			ev->fd_readwrite.nbytes = pf->nbytes;
		if (pf->mask & (EPOLLHUP | EPOLLRDHUP))
			ev->fd_readwrite.flags = 0x1;	/* EVENT_FD_READWRITE_HANGUP */
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
		if (p->subs[i].done || p->subs[i].type != CLOUDABI_EVENTTYPE_CLOCK)
			continue;
		if (!ktime_after(p->subs[i].at, now))
			cabi_event(p, &p->subs[i], 0);
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
	const struct cloudabi_subscription __user *uin = u64_to_user_ptr(arg[0]);
	struct cloudabi_event ev[CABI_POLL_CHUNK];	/* not zeroed: written before read */
	struct cabi_poll p = { .n = arg[2], .uout = u64_to_user_ptr(arg[1]), .ev = ev };
	struct cloudabi_subscription first[CABI_POLL_CHUNK];
	struct cabi_poll_small stack, *small = NULL;
	size_t i;
	u16 err;

	if (!p.n || p.n > CABI_POLL_MAX)
		return CLOUDABI_EINVAL;
	BUILD_BUG_ON(CABI_POLL_MAX >= CABI_POLL_NOFILE);
	if (cabi_poll_read(first, uin, min_t(size_t, p.n, CABI_POLL_CHUNK)))
		return CLOUDABI_EFAULT;
	if (cabi_poll_is_local(first, p.n))
		return CABI_POLL_LOCAL;
	if (p.n <= CABI_POLL_STACK) {
		small = &stack;
		p.subs = small->subs;
		p.files = small->files;
	} else {
		/* Nothing is read before it is written but the table. */
		p.hash_bits = order_base_2(2 * p.n);
		p.subs = kvmalloc(p.n * (sizeof(*p.subs) + sizeof(*p.files)) +
				  (sizeof(*p.hash) << p.hash_bits), GFP_KERNEL);
		if (!p.subs)
			return CLOUDABI_ENOMEM;
		p.files = (struct cabi_poll_file *)(p.subs + p.n);
		p.hash = (u16 *)(p.files + p.n);
		memset(p.hash, 0xff, sizeof(*p.hash) << p.hash_bits);
	}
	p.base = ktime_get();
	err = cabi_poll_setup(&p, first, uin);
	if (!err) {
		/* A zero or past deadline, or refusals: one pass, no sleep. */
		cabi_poll_clocks(&p);
		/*
		 * A first pass queues on nothing: a poll that finds something
		 * ready (the common case in an event loop) never touches a
		 * wait queue.
		 */
		cabi_poll_scan(&p, NULL);
		if (!p.nevents)
			err = cabi_poll_wait(&p);
	}
	for (i = 0; i < p.nfiles; i++)
		if (!p.files[i].err)
			fdput(p.files[i].f);
	if (err == CABI_ERESTART && p.relative && p.n <= CABI_POLL_REL_MAX) {
		ret[0] = CABI_POLL_AGAIN_N;
		ret[1] = ktime_to_ns(p.base);
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	cabi_poll_flush(&p);
	if (p.fault) {
		err = CLOUDABI_EFAULT;
		goto out;
	}
	ret[0] = p.nevents;
out:
	if (!small)
		kvfree(p.subs);
	return err;
}
