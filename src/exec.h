/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: proc_exec's prepared execs (src/exec.c), used by the loader.
 */
#ifndef CABI_EXEC_H
#define CABI_EXEC_H

#include <linux/binfmts.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/types.h>

struct cabi_exec {
	struct list_head node;
	struct llist_node dead;		/* freed from a work item */
	struct task_struct *task;	/* the thread that will exec */
	struct file *file;		/* the executable */
	char *data;			/* argdata, NUL appended */
	size_t len;
	struct file **fds;		/* the new table: fds[i] at i */
	size_t nfds;
};

struct cabi_exec *cabi_exec_take(struct file *file);
int cabi_exec_args(struct linux_binprm *bprm, struct cabi_exec *x);
void cabi_exec_free(struct cabi_exec *x);
struct file *cabi_gate_file_create(void);
bool cabi_is_gate_file(const struct file *file);
int cabi_exec_through_gate(struct linux_binprm *bprm);
void cabi_exec_drop_exiting(void);
void cabi_exec_exit(void);

#endif /* CABI_EXEC_H */
