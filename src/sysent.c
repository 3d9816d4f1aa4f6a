// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the 49 CloudABI system calls, one row each, in number order.
 *
 * MODULE rows are reached through ioctl on the control descriptor and
 * dispatched by src/ctl.c; NATIVE rows are plain Linux system calls made by
 * the vDSO (vdso/vdso.c), each allowed by the seccomp filter
 * (vdso/seccomp.c); ENOSYS rows are not implemented yet.
 */
#include "sysent.h"

#define IN_MODULE(n, fn, args, rets) \
	[CABI_NR_##n] = { #n, CABI_SYS_MODULE, fn, args, rets }
#define NATIVE(n)	[CABI_NR_##n] = { #n, CABI_SYS_NATIVE, NULL, 0, 0 }
#define ENOSYS(n)	[CABI_NR_##n] = { #n, CABI_SYS_ENOSYS, NULL, 0, 0 }

const struct cabi_sysent cabi_sysent[CLOUDABI_NSYSCALLS] = {
	NATIVE(clock_res_get),		/* clock_getres */
	NATIVE(clock_time_get),		/* clock_gettime */
	ENOSYS(condvar_signal),
	NATIVE(fd_close),		/* close; never the control fd */
	ENOSYS(fd_create1),
	ENOSYS(fd_create2),
	ENOSYS(fd_datasync),
	ENOSYS(fd_dup),
	ENOSYS(fd_pread),
	ENOSYS(fd_pwrite),
	IN_MODULE(fd_read, cabi_sys_fd_read, 3, 1),	/* syscalls/fd.c */
	ENOSYS(fd_replace),
	ENOSYS(fd_seek),
	IN_MODULE(fd_stat_get, cabi_sys_fd_stat_get, 2, 0),	/* syscalls/fd.c */
	ENOSYS(fd_stat_put),
	ENOSYS(fd_sync),
	IN_MODULE(fd_write, cabi_sys_fd_write, 3, 1),	/* syscalls/fd.c */
	ENOSYS(file_advise),
	ENOSYS(file_allocate),
	ENOSYS(file_create),
	ENOSYS(file_link),
	ENOSYS(file_open),
	ENOSYS(file_readdir),
	ENOSYS(file_readlink),
	ENOSYS(file_rename),
	ENOSYS(file_stat_fget),
	ENOSYS(file_stat_fput),
	ENOSYS(file_stat_get),
	ENOSYS(file_stat_put),
	ENOSYS(file_symlink),
	ENOSYS(file_unlink),
	ENOSYS(lock_unlock),
	ENOSYS(mem_advise),
	IN_MODULE(mem_map, cabi_sys_mem_map, 6, 1),	/* syscalls/mem.c */
	NATIVE(mem_protect),		/* mprotect; W^X in the vDSO and the filter */
	ENOSYS(mem_sync),
	NATIVE(mem_unmap),		/* munmap */
	ENOSYS(poll),
	ENOSYS(proc_exec),
	NATIVE(proc_exit),		/* exit_group */
	ENOSYS(proc_fork),
	IN_MODULE(proc_raise, cabi_sys_proc_raise, 1, 0),	/* syscalls/proc.c */
	NATIVE(random_get),		/* getrandom */
	ENOSYS(sock_recv),
	ENOSYS(sock_send),
	ENOSYS(sock_shutdown),
	ENOSYS(thread_create),
	ENOSYS(thread_exit),
	NATIVE(thread_yield),		/* sched_yield */
};
