/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 49 CloudABI system calls, in the alphabetical order whose index is
 * each call's number (ABI.md §1.1).  One table for the module's sysent, the
 * vDSO and the test runtime: define CLOUDABI_SYSCALL(name) to one
 * initialiser or enumerator, include this file inside the braces (entries
 * are in number order, the number in a comment, and end in commas),
 * undefine it.  No include guard.
 */
CLOUDABI_SYSCALL(clock_res_get),	/* 0 */
CLOUDABI_SYSCALL(clock_time_get),	/* 1 */
CLOUDABI_SYSCALL(condvar_signal),	/* 2 */
CLOUDABI_SYSCALL(fd_close),		/* 3 */
CLOUDABI_SYSCALL(fd_create1),		/* 4 */
CLOUDABI_SYSCALL(fd_create2),		/* 5 */
CLOUDABI_SYSCALL(fd_datasync),		/* 6 */
CLOUDABI_SYSCALL(fd_dup),		/* 7 */
CLOUDABI_SYSCALL(fd_pread),		/* 8 */
CLOUDABI_SYSCALL(fd_pwrite),		/* 9 */
CLOUDABI_SYSCALL(fd_read),		/* 10 */
CLOUDABI_SYSCALL(fd_replace),		/* 11 */
CLOUDABI_SYSCALL(fd_seek),		/* 12 */
CLOUDABI_SYSCALL(fd_stat_get),		/* 13 */
CLOUDABI_SYSCALL(fd_stat_put),		/* 14 */
CLOUDABI_SYSCALL(fd_sync),		/* 15 */
CLOUDABI_SYSCALL(fd_write),		/* 16 */
CLOUDABI_SYSCALL(file_advise),		/* 17 */
CLOUDABI_SYSCALL(file_allocate),	/* 18 */
CLOUDABI_SYSCALL(file_create),		/* 19 */
CLOUDABI_SYSCALL(file_link),		/* 20 */
CLOUDABI_SYSCALL(file_open),		/* 21 */
CLOUDABI_SYSCALL(file_readdir),		/* 22 */
CLOUDABI_SYSCALL(file_readlink),	/* 23 */
CLOUDABI_SYSCALL(file_rename),		/* 24 */
CLOUDABI_SYSCALL(file_stat_fget),	/* 25 */
CLOUDABI_SYSCALL(file_stat_fput),	/* 26 */
CLOUDABI_SYSCALL(file_stat_get),	/* 27 */
CLOUDABI_SYSCALL(file_stat_put),	/* 28 */
CLOUDABI_SYSCALL(file_symlink),		/* 29 */
CLOUDABI_SYSCALL(file_unlink),		/* 30 */
CLOUDABI_SYSCALL(lock_unlock),		/* 31 */
CLOUDABI_SYSCALL(mem_advise),		/* 32 */
CLOUDABI_SYSCALL(mem_map),		/* 33 */
CLOUDABI_SYSCALL(mem_protect),		/* 34 */
CLOUDABI_SYSCALL(mem_sync),		/* 35 */
CLOUDABI_SYSCALL(mem_unmap),		/* 36 */
CLOUDABI_SYSCALL(poll),			/* 37 */
CLOUDABI_SYSCALL(proc_exec),		/* 38 */
CLOUDABI_SYSCALL(proc_exit),		/* 39 */
CLOUDABI_SYSCALL(proc_fork),		/* 40 */
CLOUDABI_SYSCALL(proc_raise),		/* 41 */
CLOUDABI_SYSCALL(random_get),		/* 42 */
CLOUDABI_SYSCALL(sock_recv),		/* 43 */
CLOUDABI_SYSCALL(sock_send),		/* 44 */
CLOUDABI_SYSCALL(sock_shutdown),	/* 45 */
CLOUDABI_SYSCALL(thread_create),	/* 46 */
CLOUDABI_SYSCALL(thread_exit),		/* 47 */
CLOUDABI_SYSCALL(thread_yield),		/* 48 */
