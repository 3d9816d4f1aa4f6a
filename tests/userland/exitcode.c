// SPDX-License-Identifier: GPL-2.0
/* exitcode N: proc_exit(N); the parent sees N & 0xff. */
#include "runtime/rt.h"

int test_main(const void *argdata, size_t argdatalen)
{
	(void)argdata;
	(void)argdatalen;
	rt_proc_exit((cloudabi_exitcode_t)rt_atol(rt_arg(1)));
}
