// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: socket system calls (ABI.md §9): fd_create2 makes AF_UNIX
 * socket pairs, sock_shutdown shuts them down.  Data flows through
 * fd_read/fd_write (and poll) on the wrappers like on any descriptor.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/security.h>
#include <linux/socket.h>

#include "cabi.h"
#include "fd.h"
#include "sysent.h"

/* A connected AF_UNIX pair of @type, as socketpair(2) makes it. */
static int cabi_socketpair(int type, struct file **f1, struct file **f2)
{
	struct socket *s1, *s2;
	int err;

	err = sock_create(AF_UNIX, type, 0, &s1);
	if (err)
		return err;
	err = sock_create(AF_UNIX, type, 0, &s2);
	if (err)
		goto release1;
	err = security_socket_socketpair(s1, s2);
	if (!err)
		err = s1->ops->socketpair(s1, s2);
	if (err)
		goto release2;
	/* sock_alloc_file() releases the socket itself when it fails. */
	*f1 = sock_alloc_file(s1, 0, NULL);
	if (IS_ERR(*f1)) {
		sock_release(s2);
		return PTR_ERR(*f1);
	}
	*f2 = sock_alloc_file(s2, 0, NULL);
	if (IS_ERR(*f2)) {
		fput(*f1);
		return PTR_ERR(*f2);
	}
	return 0;
release2:
	sock_release(s2);
release1:
	sock_release(s1);
	return err;
}

/* fd_create2(type) -> fd1, fd2: SOCKET_DGRAM or SOCKET_STREAM pairs only. */
u16 cabi_sys_fd_create2(const u64 *arg, u64 *ret)
{
	u8 type = arg[0];
	struct file *f1, *f2;
	u16 err;
	int ltype;

	if (type == CLOUDABI_FILETYPE_SOCKET_DGRAM)
		ltype = SOCK_DGRAM;
	else if (type == CLOUDABI_FILETYPE_SOCKET_STREAM)
		ltype = SOCK_STREAM;
	else
		return CLOUDABI_EINVAL;
	err = cabi_errno(cabi_socketpair(ltype, &f1, &f2));
	if (err)
		return err;
	err = cabi_fd_install(f1, type, cabi_rights_max(type), &ret[0]);
	if (!err) {
		err = cabi_fd_install(f2, type, cabi_rights_max(type), &ret[1]);
		if (err)
			close_fd(ret[0]);
	}
	fput(f1);
	fput(f2);
	return err;
}

/* sock_shutdown(sock, how): SHUT_RD = 1, SHUT_WR = 2, or both. */
u16 cabi_sys_sock_shutdown(const u64 *arg, u64 *ret)
{
	static const enum sock_shutdown_cmd how_map[] = {
		[1] = SHUT_RD, [2] = SHUT_WR, [3] = SHUT_RDWR,
	};
	u8 how = arg[1];
	struct socket *sock;
	struct cabi_fd *w;
	struct fd f;
	u16 err;

	if (!how || how > 3)
		return CLOUDABI_EINVAL;
	w = cabi_fd_get((u32)arg[0], CABI_NEED(sock_shutdown), &f, &err);
	if (!w)
		return err;
	sock = sock_from_file(w->inner);
	err = sock ? cabi_errno(kernel_sock_shutdown(sock, how_map[how])) :
		     CLOUDABI_ENOTSOCK;
	fdput(f);
	return err;
}
