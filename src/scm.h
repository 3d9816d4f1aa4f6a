/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: reading the control messages recvmsg left in sock_recv's
 * buffer (src/scm.c), which another thread may have rewritten since.
 */
#ifndef CABI_SCM_H
#define CABI_SCM_H

#include <linux/types.h>
#include <net/scm.h>

#define CABI_SCM_MAX_PIDFDS	4

/* The descriptor numbers a control buffer names. */
struct cabi_scm_found {
	int rights[SCM_MAX_FD];		/* SCM_RIGHTS, in order, at most 253 */
	size_t nrights;
	int pidfds[CABI_SCM_MAX_PIDFDS];	/* SCM_PIDFD */
	size_t npidfds;
};

void cabi_scm_parse(const void *buf, size_t len, struct cabi_scm_found *found);

#endif /* CABI_SCM_H */
