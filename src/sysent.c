// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: the 49 CloudABI system calls, one row each, in number order.
 *
 * MODULE rows are reached through ioctl on the control descriptor and
 * dispatched by src/ctl.c; NATIVE rows are plain Linux system calls made by
 * the vDSO (vdso/vdso.c), each allowed by the seccomp filter
 * (vdso/seccomp.c); NOT_YET rows are not implemented yet and answer
 * ENOSYS.
 */
#include "sysent.h"

/* Rows are in number order; tests/kunit/sysent_test.c checks it. */
#define IN_MODULE(n, fn, args, rets) { #n, CABI_SYS_MODULE, fn, args, rets }
#define NATIVE(n)	{ #n, CABI_SYS_NATIVE, NULL, 0, 0 }
#define NOT_YET(n)	{ #n, CABI_SYS_ENOSYS, NULL, 0, 0 }

const struct cabi_sysent cabi_sysent[CLOUDABI_NSYSCALLS] = {
	NATIVE(clock_res_get),		/* clock_getres */
	NATIVE(clock_time_get),		/* clock_gettime */
	NATIVE(condvar_signal),		/* futex wake; vdso/lock.c */
	NATIVE(fd_close),		/* close; never the control fd */
	IN_MODULE(fd_create1, cabi_sys_fd_create1, 1, 1),	/* shared memory */
	IN_MODULE(fd_create2, cabi_sys_fd_create2, 1, 2),	/* syscalls/sock.c */
	IN_MODULE(fd_datasync, cabi_sys_fd_datasync, 1, 0),
	NATIVE(fd_dup),			/* dup: same wrapper, same rights */
	IN_MODULE(fd_pread, cabi_sys_fd_pread, 4, 1),
	IN_MODULE(fd_pwrite, cabi_sys_fd_pwrite, 4, 1),
	IN_MODULE(fd_read, cabi_sys_fd_read, 3, 1),	/* syscalls/fd.c */
	NATIVE(fd_replace),		/* dup3, after fd_stat_get of the target */
	IN_MODULE(fd_seek, cabi_sys_fd_seek, 3, 1),
	IN_MODULE(fd_stat_get, cabi_sys_fd_stat_get, 2, 0),	/* syscalls/fd.c */
	IN_MODULE(fd_stat_put, cabi_sys_fd_stat_put, 3, 1),	/* + dup3 in the vDSO */
	IN_MODULE(fd_sync, cabi_sys_fd_sync, 1, 0),
	IN_MODULE(fd_write, cabi_sys_fd_write, 3, 1),	/* syscalls/fd.c */
	IN_MODULE(file_advise, cabi_sys_file_advise, 4, 0),	/* syscalls/file_fd.c */
	IN_MODULE(file_allocate, cabi_sys_file_allocate, 3, 0),
	IN_MODULE(file_create, cabi_sys_file_create, 4, 0),	/* syscalls/file.c */
	IN_MODULE(file_link, cabi_sys_file_link, 6, 0),
	IN_MODULE(file_open, cabi_sys_file_open, 5, 1),
	IN_MODULE(file_readdir, cabi_sys_file_readdir, 4, 1),	/* syscalls/file_fd.c */
	IN_MODULE(file_readlink, cabi_sys_file_readlink, 5, 1),	/* syscalls/file.c */
	IN_MODULE(file_rename, cabi_sys_file_rename, 6, 0),
	IN_MODULE(file_stat_fget, cabi_sys_file_stat_fget, 2, 0),	/* syscalls/filestat.c */
	IN_MODULE(file_stat_fput, cabi_sys_file_stat_fput, 3, 0),
	IN_MODULE(file_stat_get, cabi_sys_file_stat_get, 4, 0),
	IN_MODULE(file_stat_put, cabi_sys_file_stat_put, 5, 0),
	IN_MODULE(file_symlink, cabi_sys_file_symlink, 5, 0),	/* syscalls/file.c */
	IN_MODULE(file_unlink, cabi_sys_file_unlink, 4, 0),
	NATIVE(lock_unlock),		/* futex hand-over; vdso/lock.c */
	NATIVE(mem_advise),		/* madvise; advice checked by the filter */
	IN_MODULE(mem_map, cabi_sys_mem_map, 6, 1),	/* syscalls/mem.c */
	NATIVE(mem_protect),		/* mprotect; W^X in the vDSO and the filter */
	NATIVE(mem_sync),		/* msync */
	NATIVE(mem_unmap),		/* munmap */
	IN_MODULE(poll, cabi_sys_poll, 3, 2),	/* descriptors; locks, clocks: vdso/lock.c */
	IN_MODULE(proc_exec, cabi_sys_proc_exec, 6, 1),	/* + execveat in the vDSO; exec.c */
	NATIVE(proc_exit),		/* exit_group */
	IN_MODULE(proc_fork, cabi_sys_proc_fork, 1, 1),	/* + clone in the vDSO; procfd.c */
	IN_MODULE(proc_raise, cabi_sys_proc_raise, 1, 0),	/* syscalls/proc.c */
	NATIVE(random_get),		/* getrandom */
	IN_MODULE(sock_recv, cabi_sys_sock_recv, 4, 0),	/* syscalls/sock.c */
	IN_MODULE(sock_send, cabi_sys_sock_send, 2, 1),
	IN_MODULE(sock_shutdown, cabi_sys_sock_shutdown, 2, 0),
	NATIVE(thread_create),		/* clone; vdso/thread.c */
	NATIVE(thread_exit),		/* set_tid_address(lock) + exit */
	NATIVE(thread_yield),		/* sched_yield */
};
