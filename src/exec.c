// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: proc_exec (ABI.md §5.3, docs/design-processes.md).
 *
 * The vDSO asks the module to prepare the exec: the PROC_EXEC right is
 * checked, and the executable, the argdata and the new descriptor table
 * (the wrappers of fds[], rights unchanged) are recorded for this thread.
 * Then the vDSO runs execveat(CABI_EXEC_FD, "", AT_EMPTY_PATH), the only
 * execveat the seccomp filter admits, and the loader takes the record:
 * the argdata replaces the argument strings and descriptor i of the new
 * image is fds[i], nothing else.  A failed exec leaves the caller as it
 * was; the vDSO then cancels the record.
 *
 * The exec gate.  CABI_EXEC_FD holds, in every CloudABI process, a file
 * of the module's pseudo filesystem (src/vdso.c): an empty regular file,
 * mode 0555, that the filter forbids closing, duplicating or replacing.
 * execveat opens it again by its path; the loader recognises it and
 * continues the exec with the file this thread prepared, opened for exec
 * here with the checks execveat would make, as binfmt_misc continues with
 * an interpreter.  So execveat never resolves a path of the program's:
 * anything after the gate's number is ENOTDIR (not a directory) or, from
 * the empty root, ENOENT, and nothing but the prepared file is opened.
 */
#include <linux/binfmts.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mount.h>
#include <linux/namei.h>
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
 * What execveat opens at CABI_EXEC_FD: empty, and readable through
 * kernel_read() (read_iter) for prepare_binprm().
 */
static ssize_t cabi_gate_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return 0;
}

static const struct file_operations cabi_gate_open_fops = {
	.owner = THIS_MODULE,
	.read_iter = cabi_gate_read_iter,
	.llseek = noop_llseek,
};

/* The file in the descriptor table, which holds the mount pin. */
static int cabi_gate_release(struct inode *inode, struct file *file)
{
	cabi_pseudo_release();
	return 0;
}

static const struct file_operations cabi_gate_fops = {
	.owner = THIS_MODULE,
	.release = cabi_gate_release,
};

struct file *cabi_gate_file_create(void)
{
	return cabi_pseudo_file("[cloudabi-exec]", S_IFREG | 0555, 0,
				&cabi_gate_fops, &cabi_gate_open_fops);
}

/* The gate, or a file execveat (or a native, through /proc) opened on it. */
bool cabi_is_gate_file(const struct file *file)
{
	return file_inode(file)->i_fop == &cabi_gate_open_fops;
}

/*
 * @path opened for exec as execveat would (do_open_execat() is not
 * exported): a regular file on a mount that allows exec, MAY_EXEC for the
 * caller, and no writer while it runs.
 */
static struct file *cabi_open_exec(const struct path *path)
{
	struct inode *inode = d_inode(path->dentry);
	struct file *file;
	int err;

	if (!S_ISREG(inode->i_mode) || path->mnt->mnt_flags & MNT_NOEXEC ||
	    path->mnt->mnt_sb->s_iflags & SB_I_NOEXEC)
		return ERR_PTR(-EACCES);
	err = inode_permission(cabi_mnt_idmap(path->mnt), inode,
			       MAY_EXEC | MAY_OPEN);
	if (err)
		return ERR_PTR(err);
	file = dentry_open(path, O_LARGEFILE | O_RDONLY | __FMODE_EXEC,
			   current_cred());
	if (IS_ERR(file))
		return file;
	err = cabi_exe_deny_write(file);
	if (err) {
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

/*
 * The loader found the gate in @bprm: go on with this thread's prepared
 * file, as the exec's "interpreter", or refuse (EPERM) if there is none.
 * The loader then sees the prepared file and takes the record.
 */
int cabi_exec_through_gate(struct linux_binprm *bprm)
{
	struct cabi_exec *x;
	struct path path = { };
	struct file *file;

	if (!cabi_mm_is_cloudabi(current->mm))
		return -EACCES;
	spin_lock(&cabi_execs_lock);
	list_for_each_entry(x, &cabi_execs, node) {
		if (x->task == current) {
			path = x->file->f_path;
			path_get(&path);
			break;
		}
	}
	spin_unlock(&cabi_execs_lock);
	if (!path.dentry)
		return -EPERM;
	file = cabi_open_exec(&path);
	path_put(&path);
	if (IS_ERR(file))
		return PTR_ERR(file);
	would_dump(bprm, file);
	bprm->interpreter = file;
	return 0;
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

	nums = kvmalloc_array(n, sizeof(*nums), GFP_KERNEL_ACCOUNT);
	x->fds = kvcalloc(n, sizeof(*x->fds), GFP_KERNEL_ACCOUNT);
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
 * returns the number to execveat (CABI_EXEC_FD), op 1 cancels after a
 * failed exec.
 */
u16 cabi_sys_proc_exec(const u64 *arg, u64 *ret)
{
	size_t len = arg[2], nfds = arg[4];
	struct cabi_exec *x, *old;
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	if (arg[5] == 1) {
		x = cabi_exec_take(NULL);
		if (x)
			cabi_exec_free(x);
		return 0;
	}
	if (arg[5])
		return CLOUDABI_EINVAL;
	/* fds[i] goes to number i, below the gate and the control descriptor. */
	if (len >= ARG_MAX || nfds > CABI_EXEC_FD)
		return CLOUDABI_E2BIG;
	/* An earlier preparation of this thread that never exec'd: drop it. */
	old = cabi_exec_take(NULL);
	if (old)
		cabi_exec_free(old);
	x = kzalloc_obj(*x, GFP_KERNEL_ACCOUNT);
	if (!x)
		return CLOUDABI_ENOMEM;
	x->task = get_task_struct(current);
	x->len = len;
	err = CLOUDABI_ENOMEM;
	x->data = kvmalloc(len + 1, GFP_KERNEL_ACCOUNT);
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
	/* Not open for reading: EBADF before anything else, as on FreeBSD. */
	if (!(w->inner->f_mode & FMODE_READ))
		err = CLOUDABI_EBADF;
	else if (S_ISREG(file_inode(w->inner)->i_mode))
		x->file = get_file(w->inner);
	else
		err = CLOUDABI_EACCES;
	fdput(f);
	if (!x->file)
		goto fail;
	spin_lock(&cabi_execs_lock);
	list_add(&x->node, &cabi_execs);
	spin_unlock(&cabi_execs_lock);
	ret[0] = CABI_EXEC_FD;
	return 0;
fail:
	cabi_exec_free(x);
	return err;
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
 * preparation it never used goes.
 */
void cabi_exec_drop_exiting(void)
{
	struct cabi_exec *x;

	if (list_empty_careful(&cabi_execs))
		return;
	x = cabi_exec_take(NULL);
	if (!x)
		return;
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
