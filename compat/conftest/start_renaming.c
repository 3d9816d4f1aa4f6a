// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_START_RENAMING: start_renaming()/end_renaming() replace lock_rename() (6.19+) */
#include <linux/fs.h>
#include <linux/namei.h>

int cabi_conftest(struct renamedata *rd, struct qstr *a, struct qstr *b)
{
	int err = start_renaming(rd, 0, a, b);

	if (!err)
		end_renaming(rd);
	return err;
}
