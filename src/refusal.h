/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: why the last calls were refused (see refusal.c).
 */
#ifndef CABI_REFUSAL_H
#define CABI_REFUSAL_H

#include <linux/types.h>

struct seq_file;

enum cabi_refusal_kind {
	CABI_REFUSED_RIGHTS = 1,	/* the descriptor lacks base rights */
	CABI_REFUSED_INHERITING,	/* ... or inheriting rights */
	CABI_REFUSED_ABSOLUTE,		/* a path starting with '/' */
	CABI_REFUSED_ESCAPE,		/* a path that leads out of the directory */
	CABI_REFUSED_EXEC,		/* an exec: why in need (below) */
};

/* Why an exec from a CloudABI process was refused. */
enum cabi_exec_refusal {
	CABI_EXEC_NOT_CLOUDABI = 1,	/* not an ELF file with EI_OSABI 17 */
	CABI_EXEC_OTHER_ARCH,		/* CloudABI, for another machine */
	CABI_EXEC_MALFORMED,		/* CloudABI, but not a static PIE we run */
	CABI_EXEC_GAINS,		/* set-id bits or file capabilities */
	CABI_EXEC_NOT_PREPARED,		/* not through proc_exec */
};

void cabi_refused(enum cabi_refusal_kind kind, unsigned int fd, u64 need,
		  u64 held);

static inline void cabi_exec_refused(enum cabi_exec_refusal why)
{
	cabi_refused(CABI_REFUSED_EXEC, 0, why, 0);
}

/* The control descriptor's record (ctl.c). */
struct cabi_refusals *cabi_refusals_alloc(void);
void cabi_refusals_free(struct cabi_refusals *r);
void cabi_refusals_show(struct seq_file *m, struct cabi_refusals *r);

#endif /* CABI_REFUSAL_H */
