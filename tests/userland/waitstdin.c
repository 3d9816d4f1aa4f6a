// SPDX-License-Identifier: GPL-2.0
/*
 * Read fd 0 until end of file, then exit 0: a process that stays alive.
 * Exit 3 if a read fails (say EINTR after a stop and a continue).
 */
#include "runtime/rt.h"

int test_main(const void *argdata, size_t argdatalen)
{
	char buf[64];
	size_t n;

	(void)argdata;
	(void)argdatalen;
	for (;;) {
		if (rt_fd_read(0, buf, sizeof(buf), &n))
			return 3;
		if (!n)
			return 0;
	}
}
