// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: process descriptors (ABI.md §7, docs/design-processes.md).
 *
 * proc_fork is a native clone(SIGCHLD) made by the vDSO.  Before it, a
 * "prepare" call reserves a descriptor number and builds the process
 * file; a probe on the sched_process_fork tracepoint, which runs in the
 * parent after the child is copied and before it first runs, binds the
 * file to the child and installs it.  No pid number is ever looked up, so
 * a reused pid can never be hit.  CloudABI processes ignore SIGCHLD, so
 * the kernel reaps their children itself; the exit status is read from
 * the child's signal_struct, which our task reference keeps alive.
 * Closing the last descriptor of a running child kills it.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/tracepoint.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "exec.h"
#include "fd.h"
#include "procfd.h"

struct cabi_proc {
	struct pid *pid;		/* the child, NULL until it is forked */
	struct task_struct *task;	/* as forked: keeps its signal_struct, the status */
};

/* A prepared fork: the thread that will clone, and what it will get. */
struct cabi_fork {
	struct list_head node;
	struct task_struct *task;
	struct file *wrapper;
	struct cabi_proc *proc;
	int fd;
};

static LIST_HEAD(cabi_forks);
static DEFINE_SPINLOCK(cabi_forks_lock);
static struct tracepoint *cabi_fork_tp;
static struct tracepoint *cabi_exit_tp;

/*
 * Has the whole process ended?  Asked of the pid's task now, not of the
 * task that was forked: an exec from another thread makes that thread the
 * leader and frees the old one (as pidfd_poll() does).  No task: reaped.
 */
static bool cabi_proc_exited(const struct cabi_proc *p)
{
	struct task_struct *leader;
	bool exited;

	rcu_read_lock();
	leader = pid_task(p->pid, PIDTYPE_PID);
	exited = !leader || (READ_ONCE(leader->exit_state) &&
			     thread_group_empty(leader));
	rcu_read_unlock();
	return exited;
}

static int cabi_proc_release(struct inode *inode, struct file *file)
{
	struct cabi_proc *p = file->private_data;

	if (p->pid) {
		if (!cabi_proc_exited(p))
			kill_pid(p->pid, SIGKILL, 1);
		put_pid(p->pid);
		put_task_struct(p->task);
	}
	kfree(p);
	return 0;
}

static __poll_t cabi_proc_poll(struct file *file, poll_table *pt)
{
	struct cabi_proc *p = file->private_data;

	if (!p->pid)
		return 0;
	poll_wait(file, &p->pid->wait_pidfd, pt);
	return cabi_proc_exited(p) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations cabi_proc_fops = {
	.owner = THIS_MODULE,
	.release = cabi_proc_release,
	.poll = cabi_proc_poll,
};

/* Linux signal -> CloudABI signal_t (0 for none we know). */
static u8 cabi_signal_from_linux(int sig)
{
	static const u8 map[] = {
		[SIGABRT] = CLOUDABI_SIGABRT,	[SIGALRM] = CLOUDABI_SIGALRM,
		[SIGBUS] = CLOUDABI_SIGBUS,	[SIGCHLD] = CLOUDABI_SIGCHLD,
		[SIGCONT] = CLOUDABI_SIGCONT,	[SIGFPE] = CLOUDABI_SIGFPE,
		[SIGHUP] = CLOUDABI_SIGHUP,	[SIGILL] = CLOUDABI_SIGILL,
		[SIGINT] = CLOUDABI_SIGINT,	[SIGKILL] = CLOUDABI_SIGKILL,
		[SIGPIPE] = CLOUDABI_SIGPIPE,	[SIGQUIT] = CLOUDABI_SIGQUIT,
		[SIGSEGV] = CLOUDABI_SIGSEGV,	[SIGSTOP] = CLOUDABI_SIGSTOP,
		[SIGSYS] = CLOUDABI_SIGSYS,	[SIGTERM] = CLOUDABI_SIGTERM,
		[SIGTRAP] = CLOUDABI_SIGTRAP,	[SIGTSTP] = CLOUDABI_SIGTSTP,
		[SIGTTIN] = CLOUDABI_SIGTTIN,	[SIGTTOU] = CLOUDABI_SIGTTOU,
		[SIGURG] = CLOUDABI_SIGURG,	[SIGUSR1] = CLOUDABI_SIGUSR1,
		[SIGUSR2] = CLOUDABI_SIGUSR2,	[SIGVTALRM] = CLOUDABI_SIGVTALRM,
		[SIGXCPU] = CLOUDABI_SIGXCPU,	[SIGXFSZ] = CLOUDABI_SIGXFSZ,
	};

	return sig > 0 && sig < ARRAY_SIZE(map) ? map[sig] : 0;
}

/*
 * Has the process behind @file (a process descriptor's inner file) ended?
 * Then fill in its signal (CloudABI numbering) or exit code.
 */
bool cabi_proc_status(struct file *file, u8 *signal, u32 *exitcode)
{
	struct cabi_proc *p = file->private_data;
	int code;

	if (file->f_op != &cabi_proc_fops || !p->pid || !cabi_proc_exited(p))
		return false;
	code = READ_ONCE(p->task->signal->group_exit_code);
	*signal = cabi_signal_from_linux(code & 0x7f);
	*exitcode = (code >> 8) & 0xff;
	return true;
}

static void cabi_fork_free(struct cabi_fork *f)
{
	fput(f->wrapper);
	put_task_struct(f->task);
	kfree(f);
}

/* Take @current's pending fork out of the list, or NULL. */
static struct cabi_fork *cabi_fork_take(struct task_struct *task)
{
	struct cabi_fork *f;

	list_for_each_entry(f, &cabi_forks, node) {
		if (f->task == task) {
			list_del(&f->node);
			return f;
		}
	}
	return NULL;
}

/*
 * sched_process_fork, in the parent, preemption off, before the child
 * runs: bind a prepared process file to the child and install it.
 */
static void cabi_fork_probe(void *data, struct task_struct *parent,
			    struct task_struct *child)
{
	struct cabi_fork *f = NULL;

	if (!thread_group_leader(child) || !cabi_mm_is_cloudabi(current->mm))
		return;
	if (!list_empty_careful(&cabi_forks)) {
		spin_lock(&cabi_forks_lock);
		f = cabi_fork_take(current);
		spin_unlock(&cabi_forks_lock);
	}
	/*
	 * A raw clone(SIGCHLD) that proc_fork did not prepare would make a
	 * process no descriptor tracks: it dies before it first runs.
	 */
	if (!f) {
		send_sig(SIGKILL, child, 1);
		return;
	}
	f->proc->pid = get_pid(task_tgid(child));
	f->proc->task = get_task_struct(child);
	fd_install(f->fd, f->wrapper);
	put_task_struct(f->task);
	kfree(f);
}

/*
 * proc_fork's first half: a process descriptor at a reserved number,
 * bound by the probe when this thread clones.  Returns the number.
 */
u16 cabi_fork_prepare(u64 *fd)
{
	struct cabi_fork *f, *old;
	struct file *inner;
	u16 err = CLOUDABI_ENOMEM;

	if (!cabi_fork_tp)
		return CLOUDABI_ENOSYS;
	f = kzalloc_obj(*f, GFP_KERNEL_ACCOUNT);
	if (!f)
		return err;
	f->proc = kzalloc_obj(*f->proc, GFP_KERNEL_ACCOUNT);
	if (!f->proc)
		goto free_f;
	inner = anon_inode_getfile("[cloudabi-process]", &cabi_proc_fops, f->proc,
				   O_RDWR);
	if (IS_ERR(inner)) {
		err = cabi_errno(PTR_ERR(inner));
		kfree(f->proc);
		goto free_f;
	}
	f->wrapper = cabi_fd_wrap(inner, CLOUDABI_FILETYPE_PROCESS,
				  cabi_rights_max(CLOUDABI_FILETYPE_PROCESS));
	fput(inner);
	if (IS_ERR(f->wrapper)) {
		err = cabi_errno(PTR_ERR(f->wrapper));
		goto free_f;
	}
	f->fd = get_unused_fd_flags(0);
	if (f->fd < 0) {
		err = cabi_errno(f->fd);
		fput(f->wrapper);
		goto free_f;
	}
	f->task = get_task_struct(current);
	spin_lock(&cabi_forks_lock);
	old = cabi_fork_take(current);
	list_add(&f->node, &cabi_forks);
	spin_unlock(&cabi_forks_lock);
	if (old) {
		put_unused_fd(old->fd);
		cabi_fork_free(old);
	}
	*fd = f->fd;
	return 0;
free_f:
	kfree(f);
	return err;
}

/* proc_fork's clone failed, or the thread exits: give the number and the file back. */
void cabi_fork_cancel(void)
{
	struct cabi_fork *f;

	if (list_empty_careful(&cabi_forks))
		return;
	spin_lock(&cabi_forks_lock);
	f = cabi_fork_take(current);
	spin_unlock(&cabi_forks_lock);
	if (f) {
		put_unused_fd(f->fd);
		cabi_fork_free(f);
	}
}

/*
 * sched_process_exit, in the exiting thread, preemption off, its table
 * still there: a fork or exec it prepared and never made goes, so that
 * neither memory nor the files (which pin the module) outlive it.
 */
static void cabi_exit_probe(void *data, struct task_struct *task)
{
	cabi_fork_cancel();
	cabi_exec_drop_exiting();
}

static void cabi_find_tps(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_fork"))
		cabi_fork_tp = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		cabi_exit_tp = tp;
}

int cabi_procfd_init(void)
{
	int err;

	for_each_kernel_tracepoint(cabi_find_tps, NULL);
	if (!cabi_fork_tp || !cabi_exit_tp) {
		pr_info("cloudabi: no sched_process_fork/exit tracepoints; proc_fork answers ENOSYS\n");
		cabi_fork_tp = NULL;
		cabi_exit_tp = NULL;
		return 0;
	}
	err = tracepoint_probe_register(cabi_exit_tp, cabi_exit_probe, NULL);
	if (!err) {
		err = tracepoint_probe_register(cabi_fork_tp, cabi_fork_probe, NULL);
		if (err) {
			tracepoint_probe_unregister(cabi_exit_tp, cabi_exit_probe, NULL);
			tracepoint_synchronize_unregister();
		}
	}
	if (err) {
		cabi_fork_tp = NULL;
		cabi_exit_tp = NULL;
	}
	return err;
}

void cabi_procfd_exit(void)
{
	struct cabi_fork *f, *n;

	if (!cabi_fork_tp)
		return;
	tracepoint_probe_unregister(cabi_fork_tp, cabi_fork_probe, NULL);
	tracepoint_probe_unregister(cabi_exit_tp, cabi_exit_probe, NULL);
	tracepoint_synchronize_unregister();
	/* Forks prepared by threads that died before cloning. */
	list_for_each_entry_safe(f, n, &cabi_forks, node) {
		list_del(&f->node);
		cabi_fork_free(f);
	}
}
