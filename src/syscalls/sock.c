// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: socket system calls (ABI.md §9).  fd_create2 makes AF_UNIX
 * socket pairs, sock_send/sock_recv move data and descriptors, and
 * sock_shutdown shuts them down.  Data also flows through fd_read/fd_write
 * (and poll) on the wrappers like on any descriptor.
 *
 * Descriptors travel as SCM_RIGHTS, so a wrapper arrives with the rights
 * it was sent with.  AF_UNIX sockets are the exception, because only they
 * can hold descriptors in flight, and AF_UNIX's garbage collector frees a
 * cycle of them only if it sees every socket in it
 * (docs/descriptors-in-flight.md):
 *  - a UNIX socket whose wrapper has exactly the rights a native socket
 *    gets travels raw: the receiver's new wrapper has the same rights, so
 *    nothing is gained, not even through a native relay;
 *  - an attenuated UNIX socket is refused (ENOTSUP): inside a wrapper the
 *    collector could not see it, and raw it would lose its attenuation;
 *  - a raw file received (from such a sender or from a native process) is
 *    wrapped with the rights of its type and open mode.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/sched/user.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sockptr.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <net/scm.h>
#include <net/sock.h>

#include "cabi.h"
#include "cabi_compat.h"
#include "cloudabi/ctl.h"
#include "fd.h"
#include "scm.h"
#include "sysent.h"

static_assert(sizeof(struct cloudabi_recv_in) == 40);
static_assert(offsetof(struct cloudabi_recv_in, ri_flags) == 32);
static_assert(sizeof(struct cloudabi_recv_out) == 64);
static_assert(offsetof(struct cloudabi_recv_out, ro_flags) == 56);
static_assert(sizeof(struct cloudabi_send_in) == 40);
static_assert(offsetof(struct cloudabi_send_in, si_flags) == 32);
static_assert(CMSG_SPACE(SCM_MAX_FD * sizeof(int)) + 256 <= CABI_RECV_CBUF);

/*
 * The socket of CloudABI descriptor @fd, which must grant @need: EBADF,
 * ENOTCAPABLE or ENOTSOCK in *@err otherwise.  The caller fdput()s *@f.
 */
static struct socket *cabi_sock_get(u32 fd, u64 need, struct fd *f,
				    struct cabi_fd **w, u16 *err)
{
	struct socket *sock;

	*w = cabi_fd_get(fd, need, f, err);
	if (!*w)
		return NULL;
	sock = sock_from_file((*w)->inner);
	if (!sock) {
		fdput(*f);
		*err = CLOUDABI_ENOTSOCK;
	}
	return sock;
}

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
	sock = cabi_sock_get(arg[0], CABI_NEED(sock_shutdown), &f, &w, &err);
	if (!sock)
		return err;
	err = cabi_errno(kernel_sock_shutdown(sock, how_map[how]));
	fdput(f);
	return err;
}

/*
 * What goes on the wire for the wrapper @wfile: the raw socket for an
 * AF_UNIX socket with the rights the receiver would rebuild from it, the
 * wrapper for anything that is not an AF_UNIX socket, and NULL (refused)
 * for an attenuated AF_UNIX socket: in flight inside a wrapper it could
 * close a cycle that the collector never frees.
 */
static struct file *cabi_scm_file(struct file *wfile)
{
	struct cabi_fd *w = wfile->private_data;
	struct socket *sock = sock_from_file(w->inner);
	struct cabi_rights r;

	if (!sock || sock->ops->family != PF_UNIX)
		return wfile;
	if (cabi_filetype_of(w->inner) != w->filetype)
		return NULL;
	r = cabi_rights_for_host_file(w->inner, w->filetype);
	if (r.base != w->rights.base || r.inheriting != w->rights.inheriting)
		return NULL;
	return w->inner;
}

/*
 * An SCM_RIGHTS message for the @n descriptors at user address @ufds.
 * The socket layer takes SCM_RIGHTS by number from our own table, so each
 * file to send is installed at a fresh number of its own: what was
 * checked here is what is sent, whatever other threads do meanwhile.
 * On success *@cmsgp is kmalloc'ed and its numbers must be closed.
 */
static u16 cabi_scm_rights(u64 ufds, size_t n, struct cmsghdr **cmsgp)
{
	struct cmsghdr *cmsg;
	size_t done;
	int *nums;
	u16 err = 0;

	cmsg = kmalloc(CMSG_SPACE(n * sizeof(int)), GFP_KERNEL);
	if (!cmsg)
		return CLOUDABI_ENOMEM;
	cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	nums = (int *)CMSG_DATA(cmsg);
	if (copy_from_user(nums, u64_to_user_ptr(ufds), n * sizeof(int))) {
		kfree(cmsg);
		return CLOUDABI_EFAULT;
	}
	for (done = 0; done < n; done++) {
		struct fd f = fdget(nums[done]);
		struct file *file = cabi_fd_file(f);
		int nr;

		err = CLOUDABI_EBADF;
		if (!file || !cabi_is_fd_file(file)) {
			fdput(f);
			break;
		}
		file = cabi_scm_file(file);
		if (file)
			get_file(file);
		fdput(f);
		err = CLOUDABI_ENOTSUP;
		if (!file)
			break;
		nr = get_unused_fd_flags(O_CLOEXEC);
		if (nr < 0) {
			fput(file);
			err = cabi_errno(nr);
			break;
		}
		fd_install(nr, file);
		nums[done] = nr;
		err = 0;
	}
	if (err) {
		while (done--)
			close_fd(nums[done]);
		kfree(cmsg);
		return err;
	}
	*cmsgp = cmsg;
	return 0;
}

static void cabi_scm_rights_free(struct cmsghdr *cmsg, size_t n)
{
	int *nums = (int *)CMSG_DATA(cmsg);
	size_t i;

	for (i = 0; i < n; i++)
		close_fd(nums[i]);
	kfree(cmsg);
}

/* sock_send(sock, in) -> so_datalen (ABI.md §9). */
u16 cabi_sys_sock_send(const u64 *arg, u64 *ret)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	struct cmsghdr *cmsg = NULL;
	struct cloudabi_send_in in;
	struct msghdr msg = {};
	struct socket *sock;
	struct cabi_fd *w;
	struct fd f;
	ssize_t n;
	u16 err;

	sock = cabi_sock_get(arg[0], CABI_NEED(sock_send), &f, &w, &err);
	if (!sock)
		return err;
	err = CLOUDABI_EFAULT;
	if (copy_from_user(&in, u64_to_user_ptr(arg[1]), sizeof(in)))
		goto out;
	/* SCM_MAX_FD is Linux's limit per message (FreeBSD's is ~500). */
	err = CLOUDABI_EINVAL;
	if (in.si_flags || in.si_data_len > UIO_MAXIOV ||
	    in.si_fds_len > SCM_MAX_FD)
		goto out;
	n = import_iovec(WRITE, u64_to_user_ptr(in.si_data), in.si_data_len,
			 UIO_FASTIOV, &iov, &msg.msg_iter);
	if (n < 0) {
		err = cabi_errno(n);
		goto out;
	}
	if (in.si_fds_len) {
		/* Other families ignore SCM_RIGHTS: do not drop them silently. */
		err = CLOUDABI_EINVAL;
		if (sock->ops->family != PF_UNIX)
			goto out_iov;
		/*
		 * Linux limits the descriptors a user has in flight to its
		 * RLIMIT_NOFILE, except for CAP_SYS_RESOURCE/CAP_SYS_ADMIN.
		 * A CloudABI process gets the limit whatever its capabilities:
		 * what it has in flight is bounded by its own limit, and what
		 * it leaves in flight when it exits is the collector's.
		 */
		err = CLOUDABI_EMFILE;
		if (READ_ONCE(current_user()->unix_inflight) + in.si_fds_len >
		    rlimit(RLIMIT_NOFILE))
			goto out_iov;
		err = cabi_scm_rights(in.si_fds, in.si_fds_len, &cmsg);
		if (err)
			goto out_iov;
		msg.msg_control = cmsg;
		msg.msg_controllen = CMSG_SPACE(in.si_fds_len * sizeof(int));
	}
	/* Never SIGPIPE: a closed peer is EPIPE (ABI.md §9). */
	msg.msg_flags = MSG_NOSIGNAL;
	if (w->inner->f_flags & O_NONBLOCK)
		msg.msg_flags |= MSG_DONTWAIT;
	n = sock_sendmsg(sock, &msg);
	if (cmsg)
		cabi_scm_rights_free(cmsg, in.si_fds_len);
	err = cabi_errno(n);
	if (n >= 0)
		ret[0] = n;
out_iov:
	kfree(iov);
out:
	fdput(f);
	return err;
}

/*
 * Make received descriptor @nr a CloudABI descriptor.  Returns its number,
 * or -1 if it was refused.  A wrapper stays as it came.  Another thread can
 * rewrite the control buffer or the table before we look, so @nr may name
 * any descriptor of this process: descriptor 1023 is never touched, an
 * O_PATH file (the exec handle of src/exec.c, or a native sender's) or a
 * control file (a native sender's copy) is closed, and any other raw file
 * is one this process could receive anyway.
 */
static int cabi_recv_adopt(int nr)
{
	struct file *file, *w;
	int got;

	if (nr < 0 || nr == CABI_CTL_FD)
		return -1;
	file = fget_raw(nr);
	if (!file)
		return -1;
	if (cabi_is_fd_file(file)) {
		fput(file);
		return nr;
	}
	if (file->f_mode & FMODE_PATH || cabi_is_ctl_file(file))
		w = ERR_PTR(-EBADF);
	else
		w = cabi_fd_wrap_native(file);
	fput(file);
	close_fd(nr);
	if (IS_ERR(w))
		return -1;
	got = get_unused_fd_flags(0);
	if (got < 0) {
		fput(w);
		return -1;
	}
	fd_install(got, w);
	return got;
}

/* Close received descriptor @nr, never the control descriptor. */
static void cabi_recv_drop(int nr)
{
	if (nr >= 0 && nr != CABI_CTL_FD)
		close_fd(nr);
}

/*
 * The descriptors Linux installed from the @len bytes of control data at
 * @ucbuf: adopt them into ri_fds[], or close them all if they do not fit
 * (FreeBSD disposes of an SCM_RIGHTS block that does not fit).
 */
static u16 cabi_recv_fds(const struct cloudabi_recv_in *in,
			 struct cloudabi_recv_out *out, void __user *ucbuf,
			 size_t len)
{
	struct cabi_scm_found *found;
	size_t k = 0, i;
	void *cbuf;
	u16 err = 0;

	if (!len)
		return 0;
	cbuf = kmalloc(CABI_RECV_CBUF, GFP_KERNEL);
	found = kmalloc(sizeof(*found), GFP_KERNEL);
	if (!cbuf || !found) {
		err = CLOUDABI_ENOMEM;
		goto out;
	}
	err = CLOUDABI_EFAULT;
	if (len > CABI_RECV_CBUF || copy_from_user(cbuf, ucbuf, len))
		goto out;
	err = 0;
	cabi_scm_parse(cbuf, len, found);
	/* A pidfd (SO_PASSPIDFD on a native socket) is not ours to keep. */
	for (i = 0; i < found->npidfds; i++)
		cabi_recv_drop(found->pidfds[i]);
	if (found->nrights > in->ri_fds_len) {
		for (i = 0; i < found->nrights; i++)
			cabi_recv_drop(found->rights[i]);
		out->ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
		goto out;
	}
	for (i = 0; i < found->nrights; i++) {
		int nr = cabi_recv_adopt(found->rights[i]);

		if (nr >= 0)
			found->rights[k++] = nr;
		else
			out->ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
	}
	out->ro_fdslen = k;
	if (copy_to_user(u64_to_user_ptr(in->ri_fds), found->rights,
			 k * sizeof(found->rights[0]))) {
		for (i = 0; i < k; i++)
			cabi_recv_drop(found->rights[i]);
		out->ro_fdslen = 0;
		err = CLOUDABI_EFAULT;
	}
out:
	kfree(found);
	kfree(cbuf);
	return err;
}

/*
 * A socket made natively may ask for the peer's credentials, security
 * label or a pidfd with every message (SO_PASSCRED, SO_PASSSEC,
 * SO_PASSPIDFD).  recvmsg would write them into the lent buffer, where any
 * thread of the program could read them before they are wiped, so they
 * are switched off before a receive.  A CloudABI program cannot switch
 * them on again; only a native process sharing the socket could.
 */
static void cabi_sock_stop_peer_info(struct socket *sock)
{
	static const int opts[] = {
		SO_PASSCRED, SO_PASSSEC,
#ifdef SO_PASSPIDFD
		SO_PASSPIDFD,
#endif
	};
	int off = 0;
	size_t i;

	if (!cabi_sock_passes_peer_info(sock))
		return;
	for (i = 0; i < ARRAY_SIZE(opts); i++)
		sock_setsockopt(sock, SOL_SOCKET, opts[i],
				KERNEL_SOCKPTR(&off), sizeof(off));
}

/*
 * sock_recv(sock, in, out, cbuf): @cbuf is CABI_RECV_CBUF bytes of the
 * vDSO's stack, where Linux installs received descriptors (ABI.md §9).
 */
u16 cabi_sys_sock_recv(const u64 *arg, u64 *ret)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	void __user *ucbuf = u64_to_user_ptr(arg[3]);
	struct cloudabi_recv_out out = {};
	struct cloudabi_recv_in in;
	struct msghdr msg = {};
	struct socket *sock;
	struct cabi_fd *w;
	int flags = 0;
	struct fd f;
	size_t used;
	ssize_t n;
	u16 err;

	sock = cabi_sock_get(arg[0], CABI_NEED(sock_recv), &f, &w, &err);
	if (!sock)
		return err;
	err = CLOUDABI_EFAULT;
	if (copy_from_user(&in, u64_to_user_ptr(arg[1]), sizeof(in)))
		goto out;
	err = CLOUDABI_EINVAL;
	if (in.ri_flags & ~(CLOUDABI_SOCK_RECV_PEEK | CLOUDABI_SOCK_RECV_WAITALL) ||
	    in.ri_data_len > UIO_MAXIOV)
		goto out;
	n = import_iovec(READ, u64_to_user_ptr(in.ri_data), in.ri_data_len,
			 UIO_FASTIOV, &iov, &msg.msg_iter);
	if (n < 0) {
		err = cabi_errno(n);
		goto out;
	}
	if (in.ri_flags & CLOUDABI_SOCK_RECV_PEEK)
		flags |= MSG_PEEK;
	if (in.ri_flags & CLOUDABI_SOCK_RECV_WAITALL)
		flags |= MSG_WAITALL;
	if (w->inner->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	cabi_sock_stop_peer_info(sock);
	/*
	 * Lent even when ri_fds_len is 0: without a buffer Linux says
	 * MSG_CTRUNC for peer credentials as for descriptors, and only the
	 * buffer tells which it was.
	 */
	msg.msg_control_user = ucbuf;
	msg.msg_control_is_user = true;
	msg.msg_controllen = CABI_RECV_CBUF;
	n = sock_recvmsg(sock, &msg, flags);
	kfree(iov);
	used = CABI_RECV_CBUF - msg.msg_controllen;
	if (n < 0) {
		/*
		 * A stream receive that faults on its data still writes the
		 * peer's credentials (and installs a 6.12 SO_PASSPIDFD pidfd):
		 * close whatever came and wipe the buffer here too.
		 */
		struct cloudabi_recv_in none = in;

		none.ri_fds_len = 0;
		cabi_recv_fds(&none, &out, ucbuf, used);
		err = cabi_errno(n);
		if (clear_user(ucbuf, used))
			err = CLOUDABI_EFAULT;
		goto out;
	}
	out.ro_datalen = n;
	if (msg.msg_flags & MSG_TRUNC)
		out.ro_flags |= CLOUDABI_SOCK_RECV_DATA_TRUNCATED;
	if (msg.msg_flags & MSG_CTRUNC)
		out.ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
	err = cabi_recv_fds(&in, &out, ucbuf, used);
	/*
	 * Nothing else in the buffer is the program's to see (peer
	 * information a native process switched on again meanwhile, a
	 * timestamp): wipe what recvmsg wrote.
	 */
	if (clear_user(ucbuf, used) && !err)
		err = CLOUDABI_EFAULT;
	if (copy_to_user(u64_to_user_ptr(arg[2]), &out, sizeof(out)) && !err)
		err = CLOUDABI_EFAULT;
out:
	fdput(f);
	return err;
}
