// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_FS_SEQLOCK: struct fs_struct is guarded by one seqlock_t (7.x) */
#include <linux/fs_struct.h>

void cabi_conftest(struct fs_struct *fs)
{
	write_seqlock(&fs->seq);
	write_sequnlock(&fs->seq);
}
