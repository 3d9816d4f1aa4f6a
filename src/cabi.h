/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: declarations shared between the module's parts.
 */
#ifndef CABI_H
#define CABI_H

#include <linux/binfmts.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "cloudabi/abi.h"
#include "cloudabi/errno_map.h"

extern struct linux_binfmt cabi_format;

/* A CloudABI process: its mm was set up by our loader (fork inherits it). */
static inline bool cabi_mm_is_cloudabi(struct mm_struct *mm)
{
	return mm && mm->binfmt == &cabi_format;
}

/* Kernel -errno (or 0) -> CloudABI errno. */
static inline u16 cabi_errno(long err)
{
	return err < 0 ? cabi_errno_from_linux(-err) : 0;
}

/* vdso.c */
extern const char cabi_vdso_image[], cabi_vdso_image_end[];	/* vdso_image.S */
int cabi_vdso_init(void);
void cabi_vdso_exit(void);
unsigned long cabi_vdso_map(unsigned long *entry);
struct file *cabi_pseudo_file(const char *name, umode_t mode, loff_t size,
			      const struct file_operations *fops,
			      const struct file_operations *i_fop);
void cabi_pseudo_release(void);

/* ctl.c */
struct file *cabi_ctl_file_create(void);
bool cabi_is_ctl_file(const struct file *file);

/* emptyroot.c */
int cabi_emptyroot_init(void);
void cabi_emptyroot_exit(void);
int cabi_enter_emptyroot(void);

/* elf_loader.c */
int cabi_loader_init(void);
void cabi_loader_exit(void);

/* arch/<arch>/thread.c: start the new program at @pc with the given stack and arguments. */
void cabi_arch_start_thread(struct pt_regs *regs, unsigned long pc,
			    unsigned long sp, unsigned long a0,
			    unsigned long a1, unsigned long a2);

#endif /* CABI_H */
