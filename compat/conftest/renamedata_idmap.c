// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_RENAMEDATA_IDMAP: struct renamedata names idmaps, not user namespaces (6.3+) */
#include <linux/fs.h>

void cabi_conftest(struct renamedata *rd, struct mnt_idmap *idmap)
{
	rd->old_mnt_idmap = idmap;
}
