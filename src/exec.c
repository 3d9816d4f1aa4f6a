// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: proc_exec (ABI.md §5.3, docs/design-processes.md).
 *
 * The vDSO asks the module to prepare the exec: the PROC_EXEC right is
 * checked, the argdata and the new descriptor table (the wrappers of
 * fds[], rights unchanged) are taken, and an O_PATH handle of the
 * executable is installed at a close-on-exec number for the vDSO's
 * execveat(n, "", AT_EMPTY_PATH).
 * The loader's gatekeeper lets a CloudABI process exec only a file
 * prepared this way by the same thread (src/elf_loader.c), then takes the
 * record: the argdata replaces the argument strings and descriptor i of
 * the new image is fds[i], nothing else.  A failed exec leaves the caller
 * as it was; the vDSO then cancels the record.
 */
#include <linux/binfmts.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "cloudabi/ctl.h"
#include "exec.h"
#include "fd.h"
#include "sysent.h"

static LIST_HEAD(cabi_execs);
static DEFINE_SPINLOCK(cabi_execs_lock);

void cabi_exec_free(struct cabi_exec *x)
{
	size_t i;

	for (i = 0; i < x->nfds; i++)
		fput(x->fds[i]);
	kvfree(x->fds);
	kvfree(x->data);
	if (x->file)
		fput(x->file);
	put_task_struct(x->task);
	kfree(x);
}

/* This thread's prepared exec (of @file's inode, if @file), taken out. */
struct cabi_exec *cabi_exec_take(struct file *file)
{
	struct cabi_exec *x, *found = NULL;

	spin_lock(&cabi_execs_lock);
	list_for_each_entry(x, &cabi_execs, node) {
		if (x->task == current &&
		    (!file || file_inode(x->file) == file_inode(file))) {
			list_del(&x->node);
			found = x;
			break;
		}
	}
	spin_unlock(&cabi_execs_lock);
	return found;
}

/*
 * argv becomes the argdata: drop the strings execveat brought and push
 * the argdata split at its NULs (a NUL appended), last piece first, so
 * that the loader's argv-is-argdata rule yields exactly these bytes.
 */
int cabi_exec_args(struct linux_binprm *bprm, struct cabi_exec *x)
{
	char *end = x->data + x->len, *s;
	int err;

	while (bprm->argc) {
		err = remove_arg_zero(bprm);
		if (err)
			return err;
	}
	for (s = end; ; ) {
		char *start = s;

		while (start > x->data && start[-1])
			start--;
		err = copy_string_kernel(start, bprm);
		if (err)
			return err;
		bprm->argc++;
		if (start == x->data)
			return 0;
		s = start - 1;
	}
}

static int cabi_exec_get_fds(struct cabi_exec *x, u64 ufds, size_t n)
{
	struct cabi_fd *w;
	struct fd f;
	u32 *nums;
	u16 err = 0;
	size_t i;

	nums = kvmalloc_array(n, sizeof(*nums), GFP_KERNEL);
	x->fds = kvcalloc(n, sizeof(*x->fds), GFP_KERNEL);
	if (!nums || !x->fds) {
		kvfree(nums);
		return CLOUDABI_ENOMEM;
	}
	if (copy_from_user(nums, u64_to_user_ptr(ufds), n * sizeof(*nums))) {
		kvfree(nums);
		return CLOUDABI_EFAULT;
	}
	for (i = 0; i < n; i++) {
		w = cabi_fd_get(nums[i], 0, &f, &err);
		if (!w)
			break;
		x->fds[x->nfds++] = get_file(cabi_fd_file(f));
		fdput(f);
	}
	kvfree(nums);
	return err;
}

/*
 * proc_exec(fd, data, data_len, fds, fds_len, op): op 0 prepares and
 * returns the number to execveat, op 1 cancels after a failed exec.
 */
u16 cabi_sys_proc_exec(const u64 *arg, u64 *ret)
{
	size_t len = arg[2], nfds = arg[4];
	struct cabi_exec *x, *old;
	struct file *handle;
	struct cabi_fd *w;
	struct fd f;
	u16 err;
	int n;

	if (arg[5] == 1) {
		x = cabi_exec_take(NULL);
		if (x) {
			cabi_exec_close_handle(x);
			cabi_exec_free(x);
		}
		return 0;
	}
	if (arg[5])
		return CLOUDABI_EINVAL;
	if (len >= ARG_MAX || nfds > CABI_CTL_FD)
		return CLOUDABI_E2BIG;
	/* An earlier preparation of this thread that never exec'd: drop it. */
	old = cabi_exec_take(NULL);
	if (old) {
		cabi_exec_close_handle(old);
		cabi_exec_free(old);
	}
	x = kzalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return CLOUDABI_ENOMEM;
	x->task = get_task_struct(current);
	x->len = len;
	err = CLOUDABI_ENOMEM;
	x->data = kvmalloc(len + 1, GFP_KERNEL);
	if (!x->data)
		goto fail;
	err = CLOUDABI_EFAULT;
	if (copy_from_user(x->data, u64_to_user_ptr(arg[1]), len))
		goto fail;
	x->data[len] = '\0';
	err = cabi_exec_get_fds(x, arg[3], nfds);
	if (err)
		goto fail;
	w = cabi_fd_get((u32)arg[0], CABI_NEED(proc_exec), &f, &err);
	if (!w)
		goto fail;
	err = CLOUDABI_EACCES;
	if (S_ISREG(file_inode(w->inner)->i_mode))
		x->file = get_file(w->inner);
	fdput(f);
	if (!x->file)
		goto fail;
	/*
	 * execveat opens the file again by its path, so an O_PATH handle is
	 * all it needs, and it is all another thread could catch in the
	 * window: sock_recv refuses to adopt O_PATH files.
	 */
	handle = dentry_open(&x->file->f_path, O_PATH, current_cred());
	if (IS_ERR(handle)) {
		err = cabi_errno(PTR_ERR(handle));
		goto fail;
	}
	n = get_unused_fd_flags(O_CLOEXEC);
	if (n < 0) {
		fput(handle);
		err = cabi_errno(n);
		goto fail;
	}
	x->fd = n;
	x->handle = handle;
	fd_install(n, handle);
	spin_lock(&cabi_execs_lock);
	list_add(&x->node, &cabi_execs);
	spin_unlock(&cabi_execs_lock);
	ret[0] = n;
	return 0;
fail:
	cabi_exec_free(x);
	return err;
}

/*
 * Close the O_PATH handle of a preparation that will not exec, if its
 * number still holds it: another thread may have closed it and put
 * something else there.
 */
void cabi_exec_close_handle(struct cabi_exec *x)
{
	struct file *f = fget_raw(x->fd);

	if (f)
		fput(f);
	if (f && f == x->handle)
		close_fd(x->fd);
}

/* Preparations of threads that died: kvfree() may sleep, the probe may not. */
static LLIST_HEAD(cabi_execs_dead);

static void cabi_exec_reap(struct work_struct *work)
{
	struct cabi_exec *x, *n;

	llist_for_each_entry_safe(x, n, llist_del_all(&cabi_execs_dead), dead)
		cabi_exec_free(x);
}

static DECLARE_WORK(cabi_exec_reaper, cabi_exec_reap);

/*
 * The current thread is exiting (sched_process_exit, preemption off): a
 * preparation it never used goes, and its O_PATH handle with it.
 */
void cabi_exec_drop_exiting(void)
{
	struct cabi_exec *x;

	if (list_empty_careful(&cabi_execs))
		return;
	x = cabi_exec_take(NULL);
	if (!x)
		return;
	cabi_exec_close_handle(x);
	if (llist_add(&x->dead, &cabi_execs_dead))
		schedule_work(&cabi_exec_reaper);
}

void cabi_exec_exit(void)
{
	struct cabi_exec *x, *n;

	flush_work(&cabi_exec_reaper);
	list_for_each_entry_safe(x, n, &cabi_execs, node) {
		list_del(&x->node);
		cabi_exec_free(x);
	}
}
