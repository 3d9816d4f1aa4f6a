// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_BASELINE: always compiles; proves the probe build itself works */
#include <linux/module.h>

int cabi_conftest(void)
{
	return 0;
}
