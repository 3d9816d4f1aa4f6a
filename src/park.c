// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: parking the other threads of a process.
 *
 * recvmsg installs the files a message carries in the caller's descriptor
 * table before the module can wrap them, and all threads of a process
 * share that table.  So that no thread ever sees a raw file there, a
 * receive that may carry descriptors first parks every other thread of
 * the process.  Each gets a task_work queued with TWA_SIGNAL, which ends
 * an interruptible sleep (its system call restarts later) and runs on the
 * thread's way back to user space; there it waits until the receive is
 * over.  A thread that is exiting runs the work in do_exit() and does not
 * wait: it runs no more user code.
 *
 * Parked threads cannot create threads, so a count that finds every
 * thread of the process parked stays true until the parking ends.  Only
 * one parking per process at a time: a second thread that wants one waits
 * interruptibly, and so is parked by the first meanwhile.
 */
#include <linux/fdtable.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include <linux/wait.h>

#include "cabi_compat.h"
#include "park.h"

struct cabi_park {
	struct callback_head work;
	struct task_struct *task;
	struct cabi_parking *pk;
};

/* Parks are allocated a batch per count of the threads. */
struct cabi_park_batch {
	struct list_head node;		/* in cabi_parking.batches */
	unsigned int used;
	struct cabi_park park[];
};

struct cabi_parking {
	struct list_head node;		/* in cabi_parkings */
	const struct signal_struct *sig;	/* the process, as a key only */
	struct list_head batches;
	spinlock_t lock;		/* queued, arrived, released */
	unsigned int queued, arrived;	/* under lock */
	bool released;			/* under lock */
	refcount_t ref;			/* the owner's and one per queued park */
	wait_queue_head_t wq;
};

static LIST_HEAD(cabi_parkings);
static DEFINE_SPINLOCK(cabi_parkings_lock);
static DECLARE_WAIT_QUEUE_HEAD(cabi_parkings_wq);

static void cabi_parking_put(struct cabi_parking *pk)
{
	struct cabi_park_batch *b, *n;
	unsigned int i;

	if (!refcount_dec_and_test(&pk->ref))
		return;
	list_for_each_entry_safe(b, n, &pk->batches, node) {
		for (i = 0; i < b->used; i++)
			put_task_struct(b->park[i].task);
		kfree(b);
	}
	kfree(pk);
}

static bool cabi_parking_released(struct cabi_parking *pk)
{
	bool r;

	spin_lock(&pk->lock);
	r = pk->released;
	spin_unlock(&pk->lock);
	return r;
}

static bool cabi_parking_full(struct cabi_parking *pk)
{
	bool r;

	spin_lock(&pk->lock);
	r = pk->arrived == pk->queued;
	spin_unlock(&pk->lock);
	return r;
}

/* The task_work, in the parked thread. */
static void cabi_park_here(struct callback_head *work)
{
	struct cabi_park *p = container_of(work, struct cabi_park, work);
	struct cabi_parking *pk = p->pk;

	spin_lock(&pk->lock);
	pk->arrived++;
	spin_unlock(&pk->lock);
	wake_up_all(&pk->wq);
	if (!(current->flags & PF_EXITING))
		wait_event_killable(pk->wq, cabi_parking_released(pk));
	cabi_parking_put(pk);
	/* Taken when queued: the module outlives the work. */
	module_put(THIS_MODULE);
}

static bool cabi_parking_has(struct cabi_parking *pk, struct task_struct *t)
{
	struct cabi_park_batch *b;
	unsigned int i;

	list_for_each_entry(b, &pk->batches, node)
		for (i = 0; i < b->used; i++)
			if (b->park[i].task == t)
				return true;
	return false;
}

/*
 * Queue the work on every thread of the process not yet queued.  Returns
 * how many were queued, or -ENOMEM.
 */
static int cabi_park_kick(struct cabi_parking *pk)
{
	unsigned int room = get_nr_threads(current) + 4;
	struct cabi_park_batch *b;
	struct task_struct *t;
	int queued = 0;

	b = kzalloc(struct_size(b, park, room), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	list_add(&b->node, &pk->batches);
	rcu_read_lock();
	for_each_thread(current, t) {
		struct cabi_park *p;

		if (t == current || cabi_parking_has(pk, t))
			continue;
		if (b->used == room) {
			/* More threads than counted: the caller comes back. */
			queued++;
			break;
		}
		p = &b->park[b->used++];
		p->task = get_task_struct(t);
		p->pk = pk;
		init_task_work(&p->work, cabi_park_here);
		refcount_inc(&pk->ref);
		__module_get(THIS_MODULE);
		spin_lock(&pk->lock);
		pk->queued++;
		spin_unlock(&pk->lock);
		if (task_work_add(t, &p->work, TWA_SIGNAL)) {
			/* Past its last task_work: it runs no more code of ours. */
			spin_lock(&pk->lock);
			pk->queued--;
			spin_unlock(&pk->lock);
			module_put(THIS_MODULE);
			refcount_dec(&pk->ref);
			continue;
		}
		queued++;
	}
	rcu_read_unlock();
	return queued;
}

static bool cabi_parking_busy(const struct signal_struct *sig)
{
	struct cabi_parking *o;
	bool busy = false;

	spin_lock(&cabi_parkings_lock);
	list_for_each_entry(o, &cabi_parkings, node)
		busy |= o->sig == sig;
	spin_unlock(&cabi_parkings_lock);
	return busy;
}

/*
 * Become the process's only parking; -ERESTARTSYS if interrupted while
 * another one lasts (its owner parks us with TWA_SIGNAL, which does).
 */
static int cabi_parking_enter(struct cabi_parking *pk)
{
	struct cabi_parking *o;
	bool busy;

	for (;;) {
		busy = false;
		spin_lock(&cabi_parkings_lock);
		list_for_each_entry(o, &cabi_parkings, node)
			busy |= o->sig == pk->sig;
		if (!busy)
			list_add(&pk->node, &cabi_parkings);
		spin_unlock(&cabi_parkings_lock);
		if (!busy)
			return 0;
		if (wait_event_interruptible(cabi_parkings_wq,
					     !cabi_parking_busy(pk->sig)))
			return -ERESTARTSYS;
	}
}

/*
 * Park every other thread of the calling process; *@pkp is NULL when none
 * shares the descriptor table (the common single-threaded case).  Returns
 * 0, -ENOMEM, or -ERESTARTSYS when a signal (or another thread's parking)
 * interrupted: the caller restarts its system call, having received
 * nothing.
 */
int cabi_park_others(struct cabi_parking **pkp)
{
	struct cabi_parking *pk;
	int n, err = 0;

	*pkp = NULL;
	if (atomic_read(&current->files->count) == 1)
		return 0;
	pk = kzalloc_obj(*pk, GFP_KERNEL);
	if (!pk)
		return -ENOMEM;
	pk->sig = current->signal;
	INIT_LIST_HEAD(&pk->batches);
	spin_lock_init(&pk->lock);
	refcount_set(&pk->ref, 1);
	init_waitqueue_head(&pk->wq);
	err = cabi_parking_enter(pk);
	if (err) {
		kfree(pk);
		return err;
	}
	do {
		n = cabi_park_kick(pk);
		if (n < 0) {
			err = n;
			break;
		}
		if (wait_event_interruptible(pk->wq, cabi_parking_full(pk))) {
			err = -ERESTARTSYS;
			break;
		}
	} while (n);
	if (err) {
		cabi_unpark(pk);
		return err;
	}
	*pkp = pk;
	return 0;
}

/* Let the parked threads go on; NULL is fine. */
void cabi_unpark(struct cabi_parking *pk)
{
	if (!pk)
		return;
	spin_lock(&pk->lock);
	pk->released = true;
	spin_unlock(&pk->lock);
	wake_up_all(&pk->wq);
	spin_lock(&cabi_parkings_lock);
	list_del(&pk->node);
	spin_unlock(&cabi_parkings_lock);
	wake_up_all(&cabi_parkings_wq);
	cabi_parking_put(pk);
}
