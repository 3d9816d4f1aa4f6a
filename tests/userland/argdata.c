// SPDX-License-Identifier: GPL-2.0
/*
 * Run as "/bin/argdata alpha b": argdata from a host execve is the argv
 * strings joined with their NULs, without the last one, followed by a NUL.
 */
#include "runtime/rt.h"

static const char want[] = "/bin/argdata\0alpha\0b";

int test_main(const void *argdata, size_t argdatalen)
{
	const char *a = argdata;

	ktap_plan(4);
	ktap_expect_eq(argdatalen, sizeof(want) - 1, "argdata_length");
	ktap_ok(a && argdatalen == sizeof(want) - 1 &&
		!rt_memcmp(a, want, sizeof(want) - 1), "argdata_bytes");
	ktap_ok(a && a[argdatalen] == '\0', "argdata_nul_terminated");
	ktap_ok(argdata == rt_auxv.argdata, "program_main_gets_at_argdata");
	return ktap_failures() ? 1 : 0;
}
