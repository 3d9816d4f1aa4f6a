/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: the rights model (ABI.md §8): which rights each file type
 * can carry, and what a descriptor inherited from the host gets.
 */
#ifndef CABI_CAPSICUM_RIGHTS_H
#define CABI_CAPSICUM_RIGHTS_H

#include <linux/fs.h>
#include <linux/types.h>

#include "cloudabi/abi.h"
#include "cloudabi/syscalls.h"

struct cabi_rights {
	u64 base;
	u64 inheriting;
};

/*
 * Base rights each system call needs on its descriptor arguments (ABI.md
 * §1.3), indexed by syscall number: fd is the first descriptor argument,
 * fd2 the second (file_link, file_rename).  Calls whose needs depend on
 * their other arguments add to these through the helpers below.
 */
struct cabi_syscall_rights {
	u64 fd;
	u64 fd2;
};

extern const struct cabi_syscall_rights cabi_syscall_rights[CLOUDABI_NSYSCALLS];

#define CABI_NEED(name) (cabi_syscall_rights[CABI_NR_##name].fd)
#define CABI_NEED2(name) (cabi_syscall_rights[CABI_NR_##name].fd2)

u8 cabi_filetype_of_mode(umode_t mode);
u8 cabi_filetype_of(struct file *file);
struct cabi_rights cabi_rights_max(u8 filetype);
struct cabi_rights cabi_rights_for_host_file(struct file *file, u8 filetype);

/* file_open (ABI.md §8.3): what the directory needs, how to open. */
struct cabi_open_req {
	u64 dir_base;		/* needed in the directory's base rights */
	u64 dir_inheriting;	/* needed in its inheriting rights */
	int flags;		/* open(2) flags */
};

u16 cabi_rights_open(u16 oflags, const struct cloudabi_fdstat *fds,
		     struct cabi_open_req *req);
struct cabi_rights cabi_rights_opened(const struct cloudabi_fdstat *fds,
				      u8 filetype);
u64 cabi_rights_mmap(u8 prot, u8 flags);
u64 cabi_rights_seek(s64 offset, u8 whence);
u64 cabi_rights_fstat_put(u16 flags);

/* True when @have grants every right in @need. */
static inline bool cabi_rights_cover(u64 have, u64 need)
{
	return (have & need) == need;
}

#endif /* CABI_CAPSICUM_RIGHTS_H */
