/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: CloudABI descriptors are native descriptors whose file is a
 * capability wrapper around the real ("inner") file (DESIGN.md §3).
 */
#ifndef CABI_FD_H
#define CABI_FD_H

#include <linux/file.h>
#include <linux/types.h>

#include "capsicum_rights.h"

struct cabi_fd {
	struct file *inner;
	struct cabi_rights rights;	/* immutable for the wrapper's life */
	u8 filetype;
};

extern const struct file_operations cabi_fd_fops;

/* A file of ours in a descriptor table is a CloudABI descriptor. */
static inline bool cabi_is_fd_file(const struct file *file)
{
	return file->f_op == &cabi_fd_fops;
}

struct file *cabi_fd_wrap(struct file *inner, u8 filetype,
			  struct cabi_rights rights);
struct file *cabi_fd_wrap_native(struct file *inner);
u16 cabi_fd_install(struct file *inner, u8 filetype, struct cabi_rights rights,
		    u64 *fd);
struct cabi_fd *cabi_fd_get(unsigned int fd, u64 need, struct fd *f, u16 *err);
struct cabi_fd *cabi_fd_get_positioned(unsigned int fd, u64 need,
				       struct fd *f, u16 *err);

#endif /* CABI_FD_H */
