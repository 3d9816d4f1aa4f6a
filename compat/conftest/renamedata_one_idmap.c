// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_RENAMEDATA_ONE_IDMAP: struct renamedata has one mnt_idmap for both sides (6.18+) */
#include <linux/fs.h>

void cabi_conftest(struct renamedata *rd, struct mnt_idmap *idmap)
{
	rd->mnt_idmap = idmap;
}
