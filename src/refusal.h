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
};

void cabi_refused(enum cabi_refusal_kind kind, unsigned int fd, u64 need,
		  u64 held);

/* The control descriptor's record (ctl.c). */
struct cabi_refusals *cabi_refusals_alloc(void);
void cabi_refusals_free(struct cabi_refusals *r);
void cabi_refusals_show(struct seq_file *m, struct cabi_refusals *r);

#endif /* CABI_REFUSAL_H */
