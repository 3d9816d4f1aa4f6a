// SPDX-License-Identifier: GPL-2.0
/* Hello world to the inherited fd 1: the first program a user runs. */
#include "runtime/rt.h"

int test_main(const void *argdata, size_t argdatalen)
{
	(void)argdata;
	(void)argdatalen;
	ktap_print("Hello, CloudABI!\n");
	return 0;
}
