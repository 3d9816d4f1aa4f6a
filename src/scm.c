// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the descriptors named by a control buffer (a kernel copy of
 * what recvmsg wrote for sock_recv).  The bytes may have been rewritten by
 * another thread of the process, so nothing in them is trusted: the walk
 * stops at the first header that does not fit (a zero length would never
 * advance it, a huge one would jump back), and at most SCM_MAX_FD rights
 * and CABI_SCM_MAX_PIDFDS pidfds are taken.
 */
#include <linux/socket.h>
#include <linux/string.h>

#include "cabi_compat.h"
#include "scm.h"

void cabi_scm_parse(const void *buf, size_t len, struct cabi_scm_found *found)
{
	struct msghdr kmsg = {
		.msg_control = (void *)buf,
		.msg_controllen = len,
	};
	struct cmsghdr *cmsg;

	found->nrights = 0;
	found->npidfds = 0;
	for_each_cmsghdr(cmsg, &kmsg) {
		const int *p = (const int *)CMSG_DATA(cmsg);
		size_t m;

		if (!CMSG_OK(&kmsg, cmsg))
			break;
		if (cmsg->cmsg_level != SOL_SOCKET)
			continue;
		m = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (cmsg->cmsg_type == SCM_PIDFD) {
			if (m && found->npidfds < CABI_SCM_MAX_PIDFDS)
				found->pidfds[found->npidfds++] = *p;
		} else if (cmsg->cmsg_type == SCM_RIGHTS) {
			while (m-- && found->nrights < SCM_MAX_FD)
				found->rights[found->nrights++] = *p++;
		}
	}
}
