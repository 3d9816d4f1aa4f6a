/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: the rights model (ABI.md §8): which rights each file type
 * can carry, and what a descriptor inherited from the host gets.
 */
#ifndef CABI_CAPSICUM_RIGHTS_H
#define CABI_CAPSICUM_RIGHTS_H

#include <linux/fs.h>
#include <linux/types.h>

struct cabi_rights {
	u64 base;
	u64 inheriting;
};

u8 cabi_filetype_of(struct file *file);
struct cabi_rights cabi_rights_max(u8 filetype);
struct cabi_rights cabi_rights_for_host_file(struct file *file, u8 filetype);

/* True when @have grants every right in @need. */
static inline bool cabi_rights_cover(u64 have, u64 need)
{
	return (have & need) == need;
}

#endif /* CABI_CAPSICUM_RIGHTS_H */
