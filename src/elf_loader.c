// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the binfmt handler for CloudABI executables.
 *
 * It sits at the head of the format list.  For any other file it costs one
 * comparison.  For a CloudABI file (ELF, EI_OSABI 17) the exec sequence
 * reads top-down in cabi_load_binary(): validate, pass the point of no
 * return, map the image and the vDSO, rebuild the descriptor table
 * (inherited descriptors wrapped at their numbers, the exec gate at
 * CABI_EXEC_FD, the control descriptor at CABI_CTL_FD), build the initial
 * stack of ABI.md §4.3 and start in the vDSO's entry trampoline, which
 * confines the process and calls _start.
 *
 * It is also the gatekeeper: a CloudABI process execs only through the
 * gate, and only the one file that proc_exec prepared for the calling
 * thread (src/exec.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/compat.h>
#include <linux/elf.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/personality.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xattr.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "exec.h"
#include "capsicum_rights.h"
#include "cloudabi/ctl.h"
#include "elf_check.h"
#include "fd.h"
#include "procfd.h"
#include "stack.h"
#include "refusal.h"

#if defined(CONFIG_X86_64)
#define CABI_ELF_MACHINE	EM_X86_64
#elif defined(CONFIG_ARM64)
#define CABI_ELF_MACHINE	EM_AARCH64
#else
#error "cloudabi.ko supports x86-64 and arm64"
#endif

struct cabi_image {
	struct elf64_hdr eh;
	struct elf64_phdr *ph;
	struct cabi_elf_layout layout;
	unsigned long bias;
};

/* Read and validate the headers; nothing is changed yet. */
static int cabi_image_read(struct linux_binprm *bprm, struct cabi_image *img)
{
	u64 size = i_size_read(file_inode(bprm->file));
	size_t ph_bytes;
	loff_t pos;
	ssize_t n;
	int err;

	memcpy(&img->eh, bprm->buf, sizeof(img->eh));
	err = cabi_elf_check_ehdr(&img->eh, CABI_ELF_MACHINE, size);
	if (err)
		return err;
	ph_bytes = img->eh.e_phnum * sizeof(*img->ph);
	img->ph = kmalloc(ph_bytes, GFP_KERNEL);
	if (!img->ph)
		return -ENOMEM;
	pos = img->eh.e_phoff;
	n = kernel_read(bprm->file, img->ph, ph_bytes, &pos);
	if (n != ph_bytes)
		return n < 0 ? n : -ENOEXEC;
	return cabi_elf_check_phdrs(&img->eh, img->ph, size, &img->layout);
}

static unsigned long cabi_prot_of(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) |
	       (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

/* Map one PT_LOAD at img->bias: file pages, zeroed tail, anonymous bss. */
static int cabi_map_segment(struct file *file, struct cabi_image *img,
			    const struct elf64_phdr *p)
{
	unsigned long start = img->bias + p->p_vaddr;
	unsigned long page = start & PAGE_MASK;
	unsigned long file_end = start + p->p_filesz;
	unsigned long mem_end = PAGE_ALIGN(start + p->p_memsz);
	unsigned long anon = p->p_filesz ? PAGE_ALIGN(file_end) : page;
	unsigned long prot = cabi_prot_of(p->p_flags), addr;

	if (p->p_filesz) {
		addr = vm_mmap(file, page, PAGE_ALIGN(file_end) - page, prot,
			       MAP_PRIVATE | MAP_FIXED,
			       p->p_offset - (start - page));
		if (IS_ERR_VALUE(addr))
			return (int)addr;
		/* The validator made every segment with bss writable. */
		if (p->p_memsz > p->p_filesz && offset_in_page(file_end) &&
		    clear_user((void __user *)file_end,
			       PAGE_SIZE - offset_in_page(file_end)))
			return -EFAULT;
	}
	if (mem_end > anon) {
		addr = vm_mmap(NULL, anon, mem_end - anon, prot,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
		if (IS_ERR_VALUE(addr))
			return (int)addr;
	}
	return 0;
}

/* Reserve the whole span at a random address, then map each segment in it. */
static int cabi_map_image(struct linux_binprm *bprm, struct cabi_image *img)
{
	struct mm_struct *mm = current->mm;
	unsigned long span = img->layout.hi - img->layout.lo, base;
	unsigned int i;
	int err;

	base = vm_mmap(NULL, 0, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(base))
		return (int)base;
	img->bias = base - img->layout.lo;
	mm->start_code = ~0UL;
	mm->end_code = 0;
	mm->start_data = ~0UL;
	mm->end_data = 0;
	for (i = 0; i < img->eh.e_phnum; i++) {
		const struct elf64_phdr *p = &img->ph[i];
		unsigned long start = img->bias + p->p_vaddr;

		if (p->p_type != PT_LOAD)
			continue;
		err = cabi_map_segment(bprm->file, img, p);
		if (err)
			return err;
		if (p->p_flags & PF_X) {
			mm->start_code = min(mm->start_code, start);
			mm->end_code = max(mm->end_code, start + p->p_filesz);
		} else {
			mm->start_data = min(mm->start_data, start);
			mm->end_data = max(mm->end_data, start + p->p_filesz);
		}
	}
	if (mm->start_data == ~0UL) {
		mm->start_data = mm->end_code;
		mm->end_data = mm->end_code;
	}
	/* CloudABI has no brk; point it past the image. */
	mm->start_brk = img->bias + img->layout.hi;
	mm->brk = mm->start_brk;
	return 0;
}

/*
 * Before the point of no return: the descriptor table will be rebuilt with
 * every inherited descriptor at its number, the gate at CABI_EXEC_FD and
 * the control descriptor at CABI_CTL_FD, so nothing may already sit there
 * or above.
 */
static int cabi_check_fd_room(void)
{
	struct files_struct *files = current->files;
	struct fdtable *fdt;
	unsigned int fd;
	int err = 0;

	if (rlimit(RLIMIT_NOFILE) <= CABI_CTL_FD)
		return -EMFILE;
	spin_lock(&files->file_lock);
	fdt = files_fdtable(files);
	for (fd = CABI_EXEC_FD; fd < fdt->max_fds; fd++) {
		if (test_bit(fd, fdt->open_fds) &&
		    !test_bit(fd, fdt->close_on_exec)) {
			err = -EMFILE;
			break;
		}
	}
	spin_unlock(&files->file_lock);
	return err;
}

/*
 * After begin_new_exec() the table is private and only this thread runs.
 * From a host exec every inherited descriptor is wrapped at its number;
 * from proc_exec (@x) descriptor i is the prepared fds[i] and nothing else.
 * replace_fd() is not exported, so walk the numbers upwards: take every
 * number, which yields exactly that number because everything below it is
 * taken, install the wrapper, the gate or the control file there, and
 * give the unused numbers back.
 */
static int cabi_fd_plus_one(const void *unused, struct file *file, unsigned int fd)
{
	return fd + 1;
}

/*
 * proc_exec: nothing above the control descriptor survives either (a
 * soft RLIMIT_NOFILE above 1024 lets a program put descriptors there).
 * The table is this thread's alone by now.
 */
static void cabi_close_above(unsigned int from)
{
	int next;

	while ((next = iterate_fd(current->files, from, cabi_fd_plus_one, NULL)) > 0) {
		close_fd(next - 1);
		from = next;
	}
}

static int cabi_rebuild_fds(struct file *gate, struct file *ctl,
			    struct cabi_exec *x)
{
	unsigned long *held;
	unsigned int n;
	int err = 0, got;

	held = bitmap_zalloc(CABI_CTL_FD, GFP_KERNEL);
	if (!held)
		return -ENOMEM;
	for (n = 0; n <= CABI_CTL_FD; n++) {
		struct file *inner = n < CABI_EXEC_FD && !x ? fget_raw(n) : NULL;
		struct file *w = NULL;

		if (x) {
			/* proc_exec: fds[i] at i, nothing else (ABI.md §5.3). */
			close_fd(n);
			if (n < x->nfds)
				w = get_file(x->fds[n]);
		} else if (inner) {
			w = cabi_fd_wrap_native(inner);
			fput(inner);
			if (IS_ERR(w)) {
				err = PTR_ERR(w);
				break;
			}
			close_fd(n);
		}
		got = get_unused_fd_flags(0);
		if (got != n) {
			if (got >= 0)
				put_unused_fd(got);
			if (w)
				fput(w);
			err = got < 0 ? got : -EBADF;
			break;
		}
		if (n == CABI_CTL_FD)
			fd_install(n, get_file(ctl));
		else if (n == CABI_EXEC_FD)
			fd_install(n, get_file(gate));
		else if (w)
			fd_install(n, w);
		else
			set_bit(n, held);
	}
	for (n = 0; n < CABI_CTL_FD; n++)
		if (test_bit(n, held))
			put_unused_fd(n);
	bitmap_free(held);
	if (x && !err)
		cabi_close_above(CABI_CTL_FD + 1);
	return err;
}

/*
 * No handlers exist in CloudABI: every disposition default, SIGPIPE
 * ignored, and SIGCHLD ignored so that the kernel reaps our children
 * itself (their status reaches the parent through process descriptors).
 */
static void cabi_reset_signals(void)
{
	/* Only exec replaces a task's sighand, and we are that exec. */
	struct sighand_struct *sh = rcu_dereference_protected(current->sighand, 1);
	struct k_sigaction *ka = sh->action;
	sigset_t none;
	int i;

	spin_lock_irq(&sh->siglock);
	for (i = 0; i < _NSIG; i++) {
		ka[i].sa.sa_handler = i == SIGPIPE - 1 || i == SIGCHLD - 1 ?
				      SIG_IGN : SIG_DFL;
		ka[i].sa.sa_flags = 0;
		sigemptyset(&ka[i].sa.sa_mask);
	}
	spin_unlock_irq(&sh->siglock);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * The initial stack of ABI.md §4.3, below the argument strings the exec
 * code already copied: argdata (the argv strings with their NULs, in
 * place), 64 canary bytes, a v4 UUID, the auxiliary vector, the TCB and on
 * x86-64 the word %fs points to.  Returns the stack pointer; *auxv_out gets
 * the auxiliary vector's address.
 */
static long cabi_build_stack(struct linux_binprm *bprm, struct cabi_image *img,
			     unsigned long vdso, unsigned long *auxv_out)
{
	struct {	/* in increasing addresses, below argdata */
		struct cloudabi_auxv auxv[CABI_AUXV_ENTRIES];
		u8 pid[CABI_PID_LEN];
		u8 canary[CABI_CANARY_LEN];
	} *blk;
	unsigned long argdata = bprm->p, p = bprm->p;
	struct cabi_stack_layout l;
	size_t argdatalen;
	long len;
	int i = 0, k;

	BUILD_BUG_ON(sizeof(*blk) != CABI_STACK_BLOCK);
	/* argv[0..argc-1] are contiguous NUL-terminated strings at bprm->p. */
	for (k = 0; k < bprm->argc; k++) {
		len = strnlen_user((const char __user *)p, MAX_ARG_STRLEN);
		if (len <= 0)
			return -EFAULT;
		p += len;
	}
	argdatalen = p > argdata ? p - argdata - 1 : 0;
	/* The environment and file name are not for CloudABI: wipe them. */
	len = strnlen_user((const char __user *)bprm->exec, MAX_ARG_STRLEN);
	if (len > 0 && bprm->exec + len > p &&
	    clear_user((void __user *)p, bprm->exec + len - p))
		return -EFAULT;

	cabi_stack_layout(argdata, IS_ENABLED(CONFIG_X86_64), &l);
	blk = kzalloc_obj(*blk, GFP_KERNEL);
	if (!blk)
		return -ENOMEM;
	get_random_bytes(blk->canary, sizeof(blk->canary));
	get_random_bytes(blk->pid, sizeof(blk->pid));
	blk->pid[6] = (blk->pid[6] & 0x0f) | 0x40;	/* version 4 */
	blk->pid[8] = (blk->pid[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
#define AUX(t, v) do { \
		blk->auxv[i].a_type = CLOUDABI_AT_##t; \
		blk->auxv[i].a_val = (v); \
		i++; \
	} while (0)
	AUX(ARGDATA, argdata);
	AUX(ARGDATALEN, argdatalen);
	AUX(BASE, img->bias);
	AUX(CANARY, l.canary);
	AUX(CANARYLEN, CABI_CANARY_LEN);
	AUX(NCPUS, num_online_cpus());
	AUX(PAGESZ, PAGE_SIZE);
	AUX(PHDR, img->bias + img->layout.phdr);
	AUX(PHNUM, img->layout.phnum);
	AUX(PID, l.pid);
	AUX(SYSINFO_EHDR, vdso);
	AUX(TID, task_pid_vnr(current));
	AUX(NULL, 0);
#undef AUX

	k = copy_to_user((void __user *)l.auxv, blk, sizeof(*blk));
	kfree(blk);
	if (k)
		return -EFAULT;
	/* The TCB word is zero; on x86-64 %fs will point at a word holding &TCB. */
	if (put_user(0UL, (unsigned long __user *)l.tcb))
		return -EFAULT;
	if (l.tcb_ptr && put_user(l.tcb, (unsigned long __user *)l.tcb_ptr))
		return -EFAULT;
	current->mm->start_stack = l.sp;
	current->mm->arg_start = argdata;
	current->mm->arg_end = p;
	current->mm->env_start = p;
	current->mm->env_end = p;
	*auxv_out = l.auxv;
	return l.sp;
}

static unsigned long cabi_stack_top(void)
{
	unsigned long top = STACK_TOP;

	if (current->flags & PF_RANDOMIZE)
		top -= (get_random_long() & STACK_RND_MASK) << PAGE_SHIFT;
	return PAGE_ALIGN(top);
}

/*
 * A CloudABI program has no global identity to gain, so it gains none at
 * exec: set-id bits and file capabilities on its file are refused, and the
 * credentials are computed as under no_new_privs (which the process gets
 * below in any case), so that, say, a root that dropped its capabilities
 * does not get them back.  Called before begin_new_exec() computes them.
 */
static int cabi_exec_gains_nothing(struct linux_binprm *bprm)
{
	struct dentry *dentry = bprm->file->f_path.dentry;

	if (file_inode(bprm->file)->i_mode & (S_ISUID | S_ISGID))
		return -EPERM;
	if (__vfs_getxattr(dentry, d_inode(dentry), XATTR_NAME_CAPS, NULL, 0) >= 0)
		return -EPERM;
	bprm->unsafe |= LSM_UNSAFE_NO_NEW_PRIVS;
	return 0;
}

static int cabi_load_binary(struct linux_binprm *bprm)
{
	unsigned long vdso, entry, auxv;
	struct cabi_image img = { };
	struct file *ctl = NULL, *gate = NULL;
	struct cabi_exec *x = NULL;
	long sp;
	int err;

	/*
	 * The gatekeeper: a CloudABI process execs only through the gate
	 * (the filter's rule), which goes on with what proc_exec prepared
	 * for this thread, and only a CloudABI program.
	 */
	if (cabi_is_gate_file(bprm->file)) {
		err = cabi_exec_through_gate(bprm);
		if (err == -EPERM)
			cabi_exec_refused(CABI_EXEC_NOT_PREPARED);
		return err;
	}
	if (cabi_mm_is_cloudabi(current->mm)) {
		x = cabi_exec_take(bprm->file);
		if (!x) {
			cabi_exec_refused(CABI_EXEC_NOT_PREPARED);
			return -EPERM;
		}
		if (!cabi_elf_is_cloudabi(bprm->buf, BINPRM_BUF_SIZE)) {
			cabi_exec_refused(CABI_EXEC_NOT_CLOUDABI);
			memset(bprm->buf, 0, SELFMAG);
			err = -ENOEXEC;
			goto out;
		}
	} else if (!cabi_elf_is_cloudabi(bprm->buf, BINPRM_BUF_SIZE)) {
		return -ENOEXEC;
	}

	err = cabi_image_read(bprm, &img);
	if (!err && in_compat_syscall())
		err = -ENOEXEC;
	if (err == -ENOEXEC) {
		const struct elf64_hdr *eh = (const void *)bprm->buf;

		if (x)
			cabi_exec_refused(eh->e_machine != CABI_ELF_MACHINE ? CABI_EXEC_OTHER_ARCH :
					  CABI_EXEC_MALFORMED);
		/*
		 * A CloudABI file, but not one we run: make sure no later
		 * handler (binfmt_elf would) runs it as a Linux program.
		 */
		memset(bprm->buf, 0, SELFMAG);
		goto out;
	}
	if (err)
		goto out;
	err = cabi_exec_gains_nothing(bprm);
	if (err) {
		if (x)
			cabi_exec_refused(CABI_EXEC_GAINS);
		goto out;
	}
	/* From proc_exec the table is rebuilt from scratch: no room needed. */
	err = x ? cabi_exec_args(bprm, x) : cabi_check_fd_room();
	if (err)
		goto out;
	ctl = cabi_ctl_file_create();
	if (IS_ERR(ctl)) {
		err = PTR_ERR(ctl);
		ctl = NULL;
		goto out;
	}
	gate = cabi_gate_file_create();
	if (IS_ERR(gate)) {
		err = PTR_ERR(gate);
		gate = NULL;
		goto out;
	}

	/*
	 * A proc_fork this thread prepared and never made holds a reserved
	 * descriptor number (src/procfd.c), which would make the table
	 * rebuild fail after the point of no return.  The exec ends it, as
	 * an exit would.  The other threads' go with them in de_thread().
	 */
	if (x)
		cabi_fork_cancel();
	err = begin_new_exec(bprm);
	if (err)
		goto out;
	/* Point of no return: an error from here kills the process. */
	/*
	 * No personality survives from a native parent: READ_IMPLIES_EXEC
	 * would make every readable mapping executable, ADDR_COMPAT_LAYOUT
	 * and ADDR_NO_RANDOMIZE would choose the layout setup_new_exec() is
	 * about to pick, the others mean nothing to CloudABI (binfmt_elf's
	 * SET_PERSONALITY clears READ_IMPLIES_EXEC alone).  The program
	 * cannot call personality(), so this stays for its forks and
	 * proc_execs.  Not before the point of no return: a refused exec
	 * must leave its caller as it was.
	 */
	set_personality(PER_LINUX);
	/*
	 * Always at random addresses (DESIGN.md §6): ADDR_NO_RANDOMIZE is
	 * inherited silently, so it may be any native ancestor's (a shell
	 * under setarch -R), not a choice of the program or its launcher,
	 * and a program that serves hostile input needs the layout secret.
	 */
	current->flags |= PF_RANDOMIZE;
	setup_new_exec(bprm);
	err = setup_arg_pages(bprm, cabi_stack_top(), EXSTACK_DISABLE_X);
	if (err)
		goto out;
	err = cabi_map_image(bprm, &img);
	if (err)
		goto out;
	vdso = cabi_vdso_map(&entry);
	if (IS_ERR_VALUE(vdso)) {
		err = (int)vdso;
		goto out;
	}
	set_binfmt(&cabi_format);
	err = cabi_rebuild_fds(gate, ctl, x);
	if (!err)
		err = cabi_enter_emptyroot();
	if (err)
		goto out;
	task_set_no_new_privs(current);
	cabi_reset_signals();
	sp = cabi_build_stack(bprm, &img, vdso, &auxv);
	if (sp < 0) {
		err = sp;
		goto out;
	}
	finalize_exec(bprm);
	/* From a CloudABI process the seccomp filter is already in place. */
	cabi_arch_start_thread(current_pt_regs(), entry, sp, auxv,
			       img.bias + img.layout.entry,
			       x ? CABI_ENTRY_FILTER_PRESENT : 0);
out:
	/*
	 * Past the point of no return the kernel ends the process with
	 * SIGSEGV: say why, or the death is a riddle (the fuzzer met some).
	 */
	if (err && bprm->point_of_no_return)
		pr_info_ratelimited("exec of a CloudABI program failed after the point of no return: %d\n",
				    err);
	if (x)
		cabi_exec_free(x);
	if (gate)
		fput(gate);
	if (ctl)
		fput(ctl);
	kfree(img.ph);
	return err;
}

struct linux_binfmt cabi_format = {
	.module = THIS_MODULE,
	.load_binary = cabi_load_binary,
};

int cabi_loader_init(void)
{
	/* At the head of the list, so that we see every exec first. */
	__register_binfmt(&cabi_format, 1);
	return 0;
}

void cabi_loader_exit(void)
{
	unregister_binfmt(&cabi_format);
}
