/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: process descriptors and the capture of proc_fork's child.
 */
#ifndef CABI_PROCFD_H
#define CABI_PROCFD_H

#include <linux/fs.h>
#include <linux/types.h>

int cabi_procfd_init(void);
void cabi_procfd_exit(void);
u16 cabi_fork_prepare(u64 *fd);
void cabi_fork_cancel(void);
bool cabi_proc_status(struct file *file, u8 *signal, u32 *exitcode);

#endif /* CABI_PROCFD_H */
