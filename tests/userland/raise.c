// SPDX-License-Identifier: GPL-2.0
/* raise N: proc_raise(N); exit 0 if the process survives it. */
#include "runtime/rt.h"

int test_main(const void *argdata, size_t argdatalen)
{
	cloudabi_errno_t e;

	(void)argdata;
	(void)argdatalen;
	e = RT_FN(proc_raise, cloudabi_errno_t, uint8_t)((uint8_t)rt_atol(rt_arg(1)));
	return e ? 10 + e : 0;
}
