// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_FD_FILE: struct fd is read through fd_file() (6.12) */
#include <linux/file.h>

struct file *cabi_conftest(struct fd f)
{
	return fd_file(f);
}
