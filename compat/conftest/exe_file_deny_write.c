// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_EXE_FILE_DENY_WRITE: exec's write denial has its own helper (6.12+) */
#include <linux/fs.h>

int cabi_conftest(struct file *file)
{
	return exe_file_deny_write_access(file);
}
