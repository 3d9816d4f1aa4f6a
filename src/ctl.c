// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the control descriptor, the entry of every capability call.
 *
 * The loader installs one per process at CABI_CTL_FD; the vDSO issues
 * ioctl(CABI_CTL_FD, CABI_IOC(nr), &call) and the seccomp filter allows
 * ioctl on that number only.  Nothing is served to a process that is not
 * CloudABI or not yet confined.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <linux/uaccess.h>

#include "cabi.h"
#include "cloudabi/ctl.h"
#include "sysent.h"

static bool cabi_current_is_confined(void)
{
	return cabi_mm_is_cloudabi(current->mm) &&
	       current->seccomp.mode == SECCOMP_MODE_FILTER;
}

static long cabi_ctl_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct cabi_call __user *ucall = (struct cabi_call __user *)arg;
	const struct cabi_sysent *se;
	unsigned int nr = _IOC_NR(cmd);
	u64 args[6], ret[2] = { 0, 0 };
	u16 err;

	if (nr >= CLOUDABI_NSYSCALLS || cmd != CABI_IOC(nr))
		return -ENOTTY;
	if (!cabi_current_is_confined())
		return -EPERM;
	se = &cabi_sysent[nr];
	if (se->kind != CABI_SYS_MODULE)
		return CLOUDABI_ENOSYS;
	if (copy_from_user(args, ucall->arg, se->nargs * sizeof(u64)))
		return CLOUDABI_EFAULT;
	err = se->handler(args, ret);
	if (!err && se->nret &&
	    copy_to_user(ucall->ret, ret, se->nret * sizeof(u64)))
		return CLOUDABI_EFAULT;
	return err;
}

static const struct file_operations cabi_ctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = cabi_ctl_ioctl,
};

struct file *cabi_ctl_file_create(void)
{
	return anon_inode_getfile("[cloudabi]", &cabi_ctl_fops, NULL, O_RDWR);
}
