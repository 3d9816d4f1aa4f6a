// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the control descriptor, the entry of every capability call.
 *
 * The loader installs one per process at CABI_CTL_FD; the vDSO issues
 * ioctl(CABI_CTL_FD, CABI_IOC(nr), ...) as include/cloudabi/ctl.h says;
 * the seccomp filter allows ioctl on that number only.  Nothing is served
 * to a process that is not CloudABI or not yet confined.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/seq_file.h>
#include <linux/seccomp.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cabi_arch.h"
#include "cloudabi/ctl.h"
#include "refusal.h"
#include "cabi_trace.h"
#include "sysent.h"

static_assert(CABI_IOC(7) == _IOWR(CABI_IOC_TYPE, 7, struct cabi_call));

static bool cabi_current_is_confined(void)
{
	return cabi_mm_is_cloudabi(current->mm) &&
	       current->seccomp.mode == SECCOMP_MODE_FILTER;
}

static long cabi_ctl_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct pt_regs *regs = current_pt_regs();
	const struct cabi_sysent *se;
	unsigned int nr = _IOC_NR(cmd);
	u64 args[6] = { 0 }, ret[2] = { 0, 0 };
	u16 err;

	if (nr >= CLOUDABI_NSYSCALLS || cmd != CABI_IOC(nr))
		return -ENOTTY;
	if (!cabi_current_is_confined())
		return -EPERM;
	se = &cabi_sysent[nr];
	if (se->kind != CABI_SYS_MODULE)
		return -(CABI_ERR_BASE + CLOUDABI_ENOSYS);
	if (se->nargs <= CABI_REG_ARGS)
		cabi_arch_call_args(regs, args);
	else if (copy_from_user(args, (void __user *)arg, se->nargs * sizeof(u64)))
		return -(CABI_ERR_BASE + CLOUDABI_EFAULT);
	trace_sys_enter(nr, se->name, args);
	err = se->handler(args, ret);
	trace_sys_exit(nr, se->name, err, ret[0], ret[1]);
	/*
	 * A CloudABI process has no signal handlers, so a wait interrupted by
	 * a signal that did not kill it (a stop, then a continue) starts over
	 * instead of failing with EINTR, as on FreeBSD.  Only with a signal
	 * pending: the restart happens on the way out through signal handling.
	 */
	if (err == CABI_ERESTART ||
	    (err == CLOUDABI_EINTR && signal_pending(current)))
		return -ERESTARTNOHAND;
	if (err)
		return -(CABI_ERR_BASE + err);
	if (se->nret)
		cabi_arch_set_results(regs, ret[0], ret[1]);
	return 0;
}

static int cabi_ctl_release(struct inode *inode, struct file *file)
{
	cabi_refusals_free(file->private_data);
	return 0;
}

/* /proc/PID/fdinfo/1023: the process's last refusals (refusal.c). */
static void cabi_ctl_show_fdinfo(struct seq_file *m, struct file *file)
{
	cabi_refusals_show(m, file->private_data);
}

static const struct file_operations cabi_ctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = cabi_ctl_ioctl,
	.release = cabi_ctl_release,
	.show_fdinfo = cabi_ctl_show_fdinfo,
};

struct file *cabi_ctl_file_create(void)
{
	struct cabi_refusals *r = cabi_refusals_alloc();
	struct file *file;

	if (!r)
		return ERR_PTR(-ENOMEM);
	file = anon_inode_getfile("[cloudabi]", &cabi_ctl_fops, r, O_RDWR);
	if (IS_ERR(file))
		cabi_refusals_free(r);
	return file;
}

bool cabi_is_ctl_file(const struct file *file)
{
	return file->f_op == &cabi_ctl_fops;
}
