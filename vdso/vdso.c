// SPDX-License-Identifier: GPL-2.0
/*
 * Our CloudABI vDSO: the 49 cloudabi_sys_* functions with the C prototypes
 * of ABI.md §1.2.  Capability calls go to the module through ioctl on the
 * control descriptor (src/sysent.c); capability-free ones are native system
 * calls, each allowed by the seccomp filter in seccomp.c.
 */
#include "vdso.h"

/*
 * One capability call with up to four argument slots in registers (or a
 * pointer to all of them when there are more); see include/cloudabi/ctl.h.
 */
static __always_inline __u16 ctl(unsigned int nr, __u64 a0, __u64 a1, __u64 a2,
				 __u64 a3, __u64 *r1, __u64 *r2)
{
	long r1_ = 0, r2_ = 0;
	long r = cabi_syscall6_r(NR_ioctl, CABI_CTL_FD, CABI_IOC(nr), a0, a1, a2,
				 a3, &r1_, &r2_);

	if (r == 0) {
		if (r1)
			*r1 = r1_;
		if (r2)
			*r2 = r2_;
		return 0;
	}
	if (r <= -CABI_ERR_BASE && r > -CABI_ERR_BASE - 0x10000)
		return (__u16)(-r - CABI_ERR_BASE);
	return cabi_errno_from_linux(-r);
}

static __always_inline __u16 ctl4(unsigned int nr, const __u64 *a, __u64 *r1)
{
	return ctl(nr, a[0], a[1], a[2], a[3], r1, NULL);
}

/* Up to four slots: CALL(nr, args...) and CALL_OUT(nr, out, args...). */
#define CALL(nr, ...)	ctl4(nr, (const __u64[4]) { __VA_ARGS__ }, NULL)
#define CALL_OUT(nr, out, ...) ({ \
	__auto_type o_ = (out); \
	__u64 r_ = 0; \
	__u16 e_ = ctl4(nr, (const __u64[4]) { __VA_ARGS__ }, &r_); \
	if (!e_) \
		*o_ = (__typeof__(*o_))r_; \
	e_; })
/* Five or six slots go through memory. */
#define CALLV(nr, ...) ({ \
	struct cabi_call c_ = { .arg = { __VA_ARGS__ } }; \
	ctl(nr, (__u64)&c_, 0, 0, 0, NULL, NULL); })
#define CALLV_OUT(nr, out, ...) ({ \
	__auto_type o_ = (out); \
	struct cabi_call c_ = { .arg = { __VA_ARGS__ } }; \
	__u64 r_ = 0; \
	__u16 e_ = ctl(nr, (__u64)&c_, 0, 0, 0, &r_, NULL); \
	if (!e_) \
		*o_ = (__typeof__(*o_))r_; \
	e_; })

/* The first C code of every process: called by cabi_vdso_entry. */
void cabi_vdso_start(const struct cloudabi_auxv *auxv, unsigned long flags)
{
	/* The loader put the TCB right below the auxiliary vector. */
	if (cabi_set_initial_tls((char *)auxv - 8) < 0)
		cabi_syscall6(NR_exit_group, 127, 0, 0, 0, 0, 0);
	/* An image a proc_exec started runs under the filter already. */
	cabi_clock_setup(!(flags & CABI_ENTRY_FILTER_PRESENT));
	if (flags & CABI_ENTRY_FILTER_PRESENT)
		return;
	/* Never run a program unconfined. */
	if (cabi_install_filter() < 0)
		cabi_syscall6(NR_exit_group, 127, 0, 0, 0, 0, 0);
}

/* clock_res_get, clock_time_get: clock.c. */

/* condvar_signal: lock.c. */

VDSO_EXPORT __u16 cloudabi_sys_fd_close(__u32 fd)
{
	if (fd == CABI_CTL_FD || fd == CABI_EXEC_FD)
		return CLOUDABI_EBADF;
	return from_linux(cabi_syscall6(NR_close, fd, 0, 0, 0, 0, 0));
}

VDSO_EXPORT __u16 cloudabi_sys_fd_create1(__u8 type, __u32 *fd)
{
	return CALL_OUT(CABI_NR_fd_create1, fd, type);
}

VDSO_EXPORT __u16 cloudabi_sys_fd_create2(__u8 type, __u32 *fd1, __u32 *fd2)
{
	__u64 r1 = 0, r2 = 0;
	__u16 e = ctl(CABI_NR_fd_create2, type, 0, 0, 0, &r1, &r2);

	if (!e) {
		*fd1 = (__u32)r1;
		*fd2 = (__u32)r2;
	}
	return e;
}

VDSO_EXPORT __u16 cloudabi_sys_fd_datasync(__u32 fd)
{
	return CALL(CABI_NR_fd_datasync, fd);
}

/* dup: the new descriptor shares the wrapper, so it has the same rights. */
VDSO_EXPORT __u16 cloudabi_sys_fd_dup(__u32 from, __u32 *fd)
{
	long r;

	if (from == CABI_CTL_FD || from == CABI_EXEC_FD)
		return CLOUDABI_EBADF;
	r = cabi_syscall6(NR_dup, from, 0, 0, 0, 0, 0);
	if (r < 0)
		return from_linux(r);
	*fd = r;
	return 0;
}

VDSO_EXPORT __u16 cloudabi_sys_fd_pread(__u32 fd, const void *iovs,
					unsigned long iovs_len, __u64 offset,
					unsigned long *nread)
{
	return CALL_OUT(CABI_NR_fd_pread, nread, fd, (__u64)iovs, iovs_len,
			offset);
}

VDSO_EXPORT __u16 cloudabi_sys_fd_pwrite(__u32 fd, const void *iovs,
					 unsigned long iovs_len, __u64 offset,
					 unsigned long *nwritten)
{
	return CALL_OUT(CABI_NR_fd_pwrite, nwritten, fd, (__u64)iovs, iovs_len,
			offset);
}

VDSO_EXPORT __u16 cloudabi_sys_fd_read(__u32 fd, const void *iovs,
				       unsigned long iovs_len, unsigned long *nread)
{
	return CALL_OUT(CABI_NR_fd_read, nread, fd, (__u64)iovs, iovs_len);
}

/*
 * dup2 semantics on top of dup3, the only atomic replace: @to must already
 * be a descriptor (checked with fd_stat_get), @from == @to is a no-op.
 */
VDSO_EXPORT __u16 cloudabi_sys_fd_replace(__u32 from, __u32 to)
{
	__u8 st[24];
	__u16 e;

	if (from == CABI_CTL_FD || to == CABI_CTL_FD ||
	    from == CABI_EXEC_FD || to == CABI_EXEC_FD)
		return CLOUDABI_EBADF;
	e = CALL(CABI_NR_fd_stat_get, to, (__u64)st);
	if (e)
		return e;
	if (from == to)
		return CALL(CABI_NR_fd_stat_get, from, (__u64)st);
	return from_linux(cabi_syscall6(NR_dup3, from, to, 0, 0, 0, 0));
}

VDSO_EXPORT __u16 cloudabi_sys_fd_seek(__u32 fd, __s64 offset, __u8 whence,
				       __u64 *newoffset)
{
	return CALL_OUT(CABI_NR_fd_seek, newoffset, fd, offset, whence);
}

VDSO_EXPORT __u16 cloudabi_sys_fd_stat_get(__u32 fd, void *buf)
{
	return CALL(CABI_NR_fd_stat_get, fd, (__u64)buf);
}

/* New rights come as a new descriptor that replaces @fd (src/syscalls/fd.c). */
VDSO_EXPORT __u16 cloudabi_sys_fd_stat_put(__u32 fd, const void *buf,
					   __u16 flags)
{
	__u64 nfd = fd;
	__u16 e;
	long r;

	e = CALL_OUT(CABI_NR_fd_stat_put, &nfd, fd, (__u64)buf, flags);
	if (e || nfd == fd)
		return e;
	r = cabi_syscall6(NR_dup3, nfd, fd, 0, 0, 0, 0);
	cabi_syscall6(NR_close, nfd, 0, 0, 0, 0, 0);
	return from_linux(r);
}

VDSO_EXPORT __u16 cloudabi_sys_fd_sync(__u32 fd)
{
	return CALL(CABI_NR_fd_sync, fd);
}

VDSO_EXPORT __u16 cloudabi_sys_fd_write(__u32 fd, const void *iovs,
					unsigned long iovs_len, unsigned long *nwritten)
{
	return CALL_OUT(CABI_NR_fd_write, nwritten, fd, (__u64)iovs, iovs_len);
}

VDSO_EXPORT __u16 cloudabi_sys_file_advise(__u32 fd, __u64 offset, __u64 len,
					   __u8 advice)
{
	return CALL(CABI_NR_file_advise, fd, offset, len, advice);
}

VDSO_EXPORT __u16 cloudabi_sys_file_allocate(__u32 fd, __u64 offset, __u64 len)
{
	return CALL(CABI_NR_file_allocate, fd, offset, len);
}

VDSO_EXPORT __u16 cloudabi_sys_file_create(__u32 fd, const char *path,
					   unsigned long path_len, __u8 type)
{
	return CALL(CABI_NR_file_create, fd, (__u64)path, path_len, type);
}

VDSO_EXPORT __u16 cloudabi_sys_file_link(__u64 fd1, const char *path1,
					 unsigned long path1_len, __u32 fd2,
					 const char *path2, unsigned long path2_len)
{
	return CALLV(CABI_NR_file_link, fd1, (__u64)path1, path1_len, fd2,
		    (__u64)path2, path2_len);
}

VDSO_EXPORT __u16 cloudabi_sys_file_open(__u64 dirfd, const char *path,
					 unsigned long path_len, __u16 oflags,
					 const void *fds, __u32 *fd)
{
	return CALLV_OUT(CABI_NR_file_open, fd, dirfd, (__u64)path, path_len,
			oflags, (__u64)fds);
}

VDSO_EXPORT __u16 cloudabi_sys_file_readdir(__u32 fd, void *buf, unsigned long buf_len,
					    __u64 cookie, unsigned long *bufused)
{
	return CALL_OUT(CABI_NR_file_readdir, bufused, fd, (__u64)buf, buf_len,
			cookie);
}

VDSO_EXPORT __u16 cloudabi_sys_file_readlink(__u32 fd, const char *path,
					     unsigned long path_len, char *buf,
					     unsigned long buf_len, unsigned long *bufused)
{
	return CALLV_OUT(CABI_NR_file_readlink, bufused, fd, (__u64)path,
			path_len, (__u64)buf, buf_len);
}

VDSO_EXPORT __u16 cloudabi_sys_file_rename(__u32 fd1, const char *path1,
					   unsigned long path1_len, __u32 fd2,
					   const char *path2, unsigned long path2_len)
{
	return CALLV(CABI_NR_file_rename, fd1, (__u64)path1, path1_len, fd2,
		    (__u64)path2, path2_len);
}

VDSO_EXPORT __u16 cloudabi_sys_file_stat_fget(__u32 fd, void *buf)
{
	return CALL(CABI_NR_file_stat_fget, fd, (__u64)buf);
}

VDSO_EXPORT __u16 cloudabi_sys_file_stat_fput(__u32 fd, const void *buf,
					      __u16 flags)
{
	return CALL(CABI_NR_file_stat_fput, fd, (__u64)buf, flags);
}

VDSO_EXPORT __u16 cloudabi_sys_file_stat_get(__u64 fd, const char *path,
					     unsigned long path_len, void *buf)
{
	return CALL(CABI_NR_file_stat_get, fd, (__u64)path, path_len,
		    (__u64)buf);
}

VDSO_EXPORT __u16 cloudabi_sys_file_stat_put(__u64 fd, const char *path,
					     unsigned long path_len, const void *buf,
					     __u16 flags)
{
	return CALLV(CABI_NR_file_stat_put, fd, (__u64)path, path_len,
		    (__u64)buf, flags);
}

VDSO_EXPORT __u16 cloudabi_sys_file_symlink(const char *path1, unsigned long path1_len,
					    __u32 fd, const char *path2,
					    unsigned long path2_len)
{
	return CALLV(CABI_NR_file_symlink, (__u64)path1, path1_len, fd,
		    (__u64)path2, path2_len);
}

VDSO_EXPORT __u16 cloudabi_sys_file_unlink(__u32 fd, const char *path,
					   unsigned long path_len, __u8 flags)
{
	return CALL(CABI_NR_file_unlink, fd, (__u64)path, path_len, flags);
}

/* lock_unlock: lock.c. */

/*
 * CloudABI advice -> Linux MADV_*: DONTNEED=4, NORMAL=0, RANDOM=1,
 * SEQUENTIAL=2, WILLNEED=3.  NOREUSE has no madvise equivalent (EINVAL, as
 * on FreeBSD); the seccomp filter lets only these five through.
 */
VDSO_EXPORT __u16 cloudabi_sys_mem_advise(void *mapping, unsigned long mapping_len,
					  __u8 advice)
{
	static const signed char madv[] = { -1, 4, -1, 0, 1, 2, 3 };

	long r;

	if (advice >= ARRAY_SIZE(madv) || madv[advice] < 0)
		return CLOUDABI_EINVAL;
	r = cabi_syscall6(NR_madvise, (long)mapping, mapping_len, madv[advice],
			  0, 0, 0);
	/* Kernels without swap refuse WILLNEED on anonymous memory: a hint. */
	if (r == -LINUX_EBADF && advice == CLOUDABI_ADVICE_WILLNEED)
		r = 0;
	return from_linux(r);
}

VDSO_EXPORT __u16 cloudabi_sys_mem_map(void *addr, unsigned long len, __u8 prot,
				       __u8 flags, __u32 fd, __u64 off,
				       void **mem)
{
	return CALLV_OUT(CABI_NR_mem_map, mem, (__u64)addr, len, prot, flags, fd,
			off);
}

/* CloudABI PROT_EXEC=1, PROT_WRITE=2, PROT_READ=4 -> Linux READ=1, WRITE=2, EXEC=4. */
VDSO_EXPORT __u16 cloudabi_sys_mem_protect(void *mapping, unsigned long mapping_len,
					   __u8 prot)
{
	long lprot;

	/* Unknown bits and W+X: ENOTSUP (ABI.md §1.3). */
	if ((prot & ~7) || (prot & 3) == 3)
		return CLOUDABI_ENOTSUP;
	lprot = ((prot & 1) << 2) | (prot & 2) | ((prot & 4) >> 2);
	return from_linux(cabi_syscall6(NR_mprotect, (long)mapping, mapping_len,
					lprot, 0, 0, 0));
}

/* msync: CloudABI's MS_ASYNC=1, MS_INVALIDATE=2, MS_SYNC=4 are Linux's values. */
VDSO_EXPORT __u16 cloudabi_sys_mem_sync(void *mapping, unsigned long mapping_len,
					__u8 flags)
{
	__u8 mode = flags & (CLOUDABI_MS_ASYNC | CLOUDABI_MS_SYNC);

	if ((flags & ~(mode | CLOUDABI_MS_INVALIDATE)) ||
	    (mode != CLOUDABI_MS_ASYNC && mode != CLOUDABI_MS_SYNC))
		return CLOUDABI_EINVAL;
	return from_linux(cabi_syscall6(NR_msync, (long)mapping, mapping_len,
					flags, 0, 0, 0));
}

VDSO_EXPORT __u16 cloudabi_sys_mem_unmap(void *mapping, unsigned long mapping_len)
{
	return from_linux(cabi_syscall6(NR_munmap, (long)mapping, mapping_len,
					0, 0, 0, 0));
}

/*
 * poll: lock, condition variable and clock subscriptions are served here
 * (lock.c); descriptors need the module.
 */
VDSO_EXPORT __u16 cloudabi_sys_poll(const void *in, void *out,
				    unsigned long nsubscriptions, unsigned long *nevents)
{
	struct cloudabi_subscription abs[16];
	__u64 n = 0, base = 0;
	__u16 err;

	if (!nsubscriptions) {
		*nevents = 0;
		return 0;
	}
	/*
	 * The module first: it reads the subscriptions (EFAULT where they
	 * cannot be read) and sends back the polls the vDSO serves itself.
	 */
	err = ctl(CABI_NR_poll, (__u64)in, (__u64)out, nsubscriptions, 0, &n, &base);
	if (err == CABI_POLL_LOCAL)
		return cabi_poll_local(in, out, nsubscriptions, nevents);
	/*
	 * A signal interrupted a wait with relative clocks: again, with them
	 * made absolute from the time the first wait counted them from, so
	 * that the interruption does not make the wait any longer.
	 */
	while (!err && n == CABI_POLL_AGAIN_N && nsubscriptions <= ARRAY_SIZE(abs)) {
		cabi_poll_absolute(in, abs, nsubscriptions, base);
		err = ctl(CABI_NR_poll, (__u64)abs, (__u64)out, nsubscriptions, 0, &n,
			  &base);
	}
	if (!err)
		*nevents = n;
	return err;
}

/*
 * proc_exec: the module checks and records the exec; execveat through the
 * exec gate (src/exec.c) only returns on failure, and then the record is
 * cancelled.
 */
VDSO_EXPORT __u16 cloudabi_sys_proc_exec(__u32 fd, const void *data,
					 unsigned long data_len, const __u32 *fds,
					 unsigned long fds_len)
{
	/*
	 * One empty argument, which the loader replaces with the argdata:
	 * an empty argv would make Linux log a warning.  On the stack: a
	 * static array of pointers would need a dynamic relocation.
	 */
	const char *const argv[] = { "", NULL };
	static const char *const none[] = { NULL };
	__u64 n = 0;
	__u16 e;
	long r;

	e = CALLV_OUT(CABI_NR_proc_exec, &n, fd, (__u64)data, data_len, (__u64)fds,
		      fds_len, 0);
	if (e)
		return e;
	r = cabi_syscall6(NR_execveat, CABI_EXEC_FD, (long)"", (long)argv,
			  (long)none, LINUX_AT_EMPTY_PATH, 0);
	CALLV(CABI_NR_proc_exec, 0, 0, 0, 0, 0, 1);
	return from_linux(r);
}

VDSO_EXPORT __noreturn void cloudabi_sys_proc_exit(__u32 rval)
{
	for (;;)
		cabi_syscall6(NR_exit_group, rval, 0, 0, 0, 0, 0);
}

/*
 * proc_fork: the module prepares the parent's process descriptor (and
 * installs it while the kernel forks), then a native clone(SIGCHLD).  The
 * child, with only this thread, gets PROCESS_CHILD and its tid.
 */
VDSO_EXPORT __u16 cloudabi_sys_proc_fork(__u32 *fd, __u32 *tid)
{
	__u64 pfd = 0;
	__u16 e = CALL_OUT(CABI_NR_proc_fork, &pfd, 0);
	long r;

	if (e)
		return e;
	r = cabi_syscall6(NR_clone, CABI_CLONE_FORK_FLAGS, 0, 0, 0, 0, 0);
	if (r < 0) {
		CALL(CABI_NR_proc_fork, 1);
		return from_linux(r);
	}
	if (r == 0) {
		*fd = CLOUDABI_PROCESS_CHILD;
		*tid = cabi_syscall6(NR_set_tid_address, 0, 0, 0, 0, 0, 0);
		return 0;
	}
	*fd = pfd;
	return 0;
}

VDSO_EXPORT __u16 cloudabi_sys_proc_raise(__u8 sig)
{
	return CALL(CABI_NR_proc_raise, sig);
}

VDSO_EXPORT __u16 cloudabi_sys_random_get(void *buf, unsigned long buf_len)
{
	char *p = buf;

	while (buf_len) {
		long r = cabi_syscall6(NR_getrandom, (long)p, buf_len, 0, 0, 0, 0);

		if (r == -LINUX_EINTR)
			continue;
		if (r < 0)
			return from_linux(r);
		p += r;
		buf_len -= r;
	}
	return 0;
}

/*
 * Linux installs received descriptors only through a user-space control
 * buffer: lend it one on this stack (src/syscalls/sock.c).
 */
VDSO_EXPORT __u16 cloudabi_sys_sock_recv(__u32 sock, const void *in, void *out)
{
	__u64 cbuf[CABI_RECV_CBUF / sizeof(__u64)];

	return CALL(CABI_NR_sock_recv, sock, (__u64)in, (__u64)out, (__u64)cbuf);
}

/* send_out_t is one size_t, so_datalen. */
VDSO_EXPORT __u16 cloudabi_sys_sock_send(__u32 sock, const void *in, void *out)
{
	return CALL_OUT(CABI_NR_sock_send, (__u64 *)out, sock, (__u64)in);
}

VDSO_EXPORT __u16 cloudabi_sys_sock_shutdown(__u32 sock, __u8 how)
{
	return CALL(CABI_NR_sock_shutdown, sock, how);
}

/* thread_create and thread_exit: thread.c. */

VDSO_EXPORT __u16 cloudabi_sys_thread_yield(void)
{
	return from_linux(cabi_syscall6(NR_sched_yield, 0, 0, 0, 0, 0, 0));
}
