// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: why the last calls were refused.
 *
 * An ENOTCAPABLE alone does not say which right a descriptor lacked or
 * which path left its directory.  Each process's control descriptor keeps
 * its last few refusals: the thread, the kind, the descriptor, the rights
 * needed and held.  /proc/PID/fdinfo/1023 shows them to whoever may read
 * the process's fdinfo (ptrace read access: the process's owner, root), so
 * cloudabi-trace can explain an ENOTCAPABLE.  A fork shares the record
 * (the child's descriptor is the same file); the thread id tells them
 * apart.  The memory is a fixed ring, charged to the process's cgroup.
 */
#include <linux/file.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "cloudabi/ctl.h"
#include "refusal.h"

#define CREATE_TRACE_POINTS
#include "cabi_trace.h"

#define CABI_REFUSALS	8

struct cabi_refusal {
	u64 seq;		/* 0: unused */
	u64 need, held;
	pid_t tid;		/* in the recording task's pid namespace */
	u32 fd;
	u8 kind;
};

struct cabi_refusals {
	spinlock_t lock;	/* guards all of the below */
	u64 seq;
	struct cabi_refusal r[CABI_REFUSALS];
};

struct cabi_refusals *cabi_refusals_alloc(void)
{
	struct cabi_refusals *r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);

	if (r)
		spin_lock_init(&r->lock);
	return r;
}

void cabi_refusals_free(struct cabi_refusals *r)
{
	kfree(r);
}

/* Record a refusal of the current call; nothing if the caller is not CloudABI. */
void cabi_refused(enum cabi_refusal_kind kind, unsigned int fd, u64 need,
		  u64 held)
{
	struct fd f;
	struct file *file;
	struct cabi_refusals *r;
	struct cabi_refusal *e;

	switch (kind) {
	case CABI_REFUSED_RIGHTS:
	case CABI_REFUSED_INHERITING:
		trace_refused_rights(fd, kind == CABI_REFUSED_INHERITING, need, held);
		break;
	case CABI_REFUSED_ABSOLUTE:
	case CABI_REFUSED_ESCAPE:
		trace_refused_path(kind == CABI_REFUSED_ABSOLUTE);
		break;
	case CABI_REFUSED_EXEC:
		trace_refused_exec(need);
		break;
	}
	f = fdget(CABI_CTL_FD);
	file = cabi_fd_file(f);
	if (!file || !cabi_is_ctl_file(file))
		goto out;
	r = file->private_data;
	spin_lock(&r->lock);
	e = &r->r[r->seq % CABI_REFUSALS];
	e->seq = ++r->seq;
	e->tid = task_pid_vnr(current);
	e->kind = kind;
	e->fd = fd;
	e->need = need;
	e->held = held;
	spin_unlock(&r->lock);
out:
	fdput(f);
}

/*
 * "cloudabi_refused:\tSEQ TID KIND FD NEED HELD", oldest first.  The thread
 * id is in the pid namespace of the thread that was refused.
 */
void cabi_refusals_show(struct seq_file *m, struct cabi_refusals *r)
{
	struct cabi_refusal copy[CABI_REFUSALS];
	u64 seq;
	unsigned int i;

	spin_lock(&r->lock);
	memcpy(copy, r->r, sizeof(copy));
	seq = r->seq;
	spin_unlock(&r->lock);
	for (i = 0; i < CABI_REFUSALS; i++) {
		const struct cabi_refusal *e = &copy[(seq + i) % CABI_REFUSALS];

		if (!e->seq)
			continue;
		seq_printf(m, "cloudabi_refused:\t%llu %d %u %u %#llx %#llx\n",
			   e->seq, e->tid, e->kind, e->fd, e->need, e->held);
	}
}
