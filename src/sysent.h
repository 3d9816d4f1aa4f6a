/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: the system call table (src/sysent.c).
 */
#ifndef CABI_SYSENT_H
#define CABI_SYSENT_H

#include <linux/types.h>

#include "cloudabi/syscalls.h"

/*
 * A handler gets the argument slots (each 64 bits, as the vDSO flattened
 * them; narrower C types are truncated by the handler) and returns a
 * CloudABI errno; on success it may fill ret[0] and ret[1].
 */
typedef u16 (*cabi_handler_t)(const u64 *arg, u64 *ret);

/*
 * Not a CloudABI errno: a handler interrupted by a signal before it did
 * anything asks for the call to be restarted with the same arguments.
 */
#define CABI_ERESTART 0xfffe

enum cabi_sysent_kind {
	CABI_SYS_MODULE,	/* handled here, through the control descriptor */
	CABI_SYS_NATIVE,	/* a native system call made by the vDSO itself */
	CABI_SYS_ENOSYS,	/* not implemented yet: the vDSO gets ENOSYS */
};

struct cabi_sysent {
	const char *name;
	enum cabi_sysent_kind kind;
	cabi_handler_t handler;
	u8 nargs;		/* argument slots copied in */
	u8 nret;		/* result slots copied out */
};

extern const struct cabi_sysent cabi_sysent[CLOUDABI_NSYSCALLS];

enum {
#define CLOUDABI_SYSCALL(name) CABI_NR_##name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

/* Handlers, one file per family in src/syscalls/. */
u16 cabi_sys_fd_create1(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_create2(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_datasync(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_pread(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_pwrite(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_read(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_seek(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_sync(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_stat_get(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_stat_put(const u64 *arg, u64 *ret);
u16 cabi_sys_fd_write(const u64 *arg, u64 *ret);
u16 cabi_sys_file_advise(const u64 *arg, u64 *ret);
u16 cabi_sys_file_allocate(const u64 *arg, u64 *ret);
u16 cabi_sys_file_create(const u64 *arg, u64 *ret);
u16 cabi_sys_file_link(const u64 *arg, u64 *ret);
u16 cabi_sys_file_open(const u64 *arg, u64 *ret);
u16 cabi_sys_file_readdir(const u64 *arg, u64 *ret);
u16 cabi_sys_file_readlink(const u64 *arg, u64 *ret);
u16 cabi_sys_file_rename(const u64 *arg, u64 *ret);
u16 cabi_sys_file_stat_fget(const u64 *arg, u64 *ret);
u16 cabi_sys_file_stat_fput(const u64 *arg, u64 *ret);
u16 cabi_sys_file_stat_get(const u64 *arg, u64 *ret);
u16 cabi_sys_file_stat_put(const u64 *arg, u64 *ret);
u16 cabi_sys_file_symlink(const u64 *arg, u64 *ret);
u16 cabi_sys_file_unlink(const u64 *arg, u64 *ret);
u16 cabi_sys_poll(const u64 *arg, u64 *ret);
u16 cabi_sys_mem_map(const u64 *arg, u64 *ret);
u16 cabi_sys_sock_recv(const u64 *arg, u64 *ret);
u16 cabi_sys_sock_send(const u64 *arg, u64 *ret);
u16 cabi_sys_sock_shutdown(const u64 *arg, u64 *ret);
u16 cabi_sys_proc_exec(const u64 *arg, u64 *ret);
u16 cabi_sys_proc_fork(const u64 *arg, u64 *ret);
u16 cabi_sys_proc_raise(const u64 *arg, u64 *ret);

#endif /* CABI_SYSENT_H */
