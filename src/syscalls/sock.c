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
#include <linux/bitmap.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/poll.h>
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
#include "exec.h"
#include "fd.h"
#include "park.h"
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
 * wrapper for anything else, and NULL (refused) for an attenuated AF_UNIX
 * socket, which in flight inside a wrapper could close a cycle that the
 * collector never frees, and for a process descriptor: in flight on a
 * socket its own process holds, it would keep that process alive after
 * everything else of its program is gone, and nothing could collect it
 * (docs/descriptors-in-flight.md).
 */
static struct file *cabi_scm_file(struct file *wfile)
{
	struct cabi_fd *w = wfile->private_data;
	struct socket *sock = sock_from_file(w->inner);
	struct cabi_rights r;

	if (w->filetype == CLOUDABI_FILETYPE_PROCESS)
		return NULL;
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
 * The files that go on the wire for the @n descriptors at user address
 * @ufds, referenced, in *@filesp (kmalloc'ed).  Each must be a CloudABI
 * descriptor (EBADF), not an attenuated AF_UNIX socket (ENOTSUP).
 */
static u16 cabi_scm_files(u64 ufds, size_t n, struct file ***filesp)
{
	struct file **files;
	size_t done;
	int *nums;
	u16 err = 0;

	nums = kmalloc_array(n, sizeof(*nums), GFP_KERNEL);
	files = kmalloc_array(n, sizeof(*files), GFP_KERNEL);
	if (!nums || !files) {
		err = CLOUDABI_ENOMEM;
		goto fail;
	}
	if (copy_from_user(nums, u64_to_user_ptr(ufds), n * sizeof(*nums))) {
		err = CLOUDABI_EFAULT;
		goto fail;
	}
	for (done = 0; done < n; done++) {
		struct fd f = fdget(nums[done]);
		struct file *file = cabi_fd_file(f);

		err = CLOUDABI_EBADF;
		if (file && cabi_is_fd_file(file)) {
			file = cabi_scm_file(file);
			err = file ? 0 : CLOUDABI_ENOTSUP;
			if (file)
				files[done] = get_file(file);
		}
		fdput(f);
		if (err)
			break;
	}
	if (err) {
		while (done--)
			fput(files[done]);
		goto fail;
	}
	kfree(nums);
	*filesp = files;
	return 0;
fail:
	kfree(files);
	kfree(nums);
	return err;
}

static void cabi_scm_files_put(struct file **files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fput(files[i]);
	kfree(files);
}

/*
 * An SCM_RIGHTS message for @files.  The socket layer takes SCM_RIGHTS by
 * number from the caller's table, so each file is installed at a fresh
 * number (close-on-exec), which cabi_scm_rights_free() closes.
 */
static int cabi_scm_rights(struct file **files, size_t n, struct cmsghdr **cmsgp)
{
	struct cmsghdr *cmsg;
	size_t done;
	int *nums;

	cmsg = kmalloc(CMSG_SPACE(n * sizeof(int)), GFP_KERNEL);
	if (!cmsg)
		return -ENOMEM;
	cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	nums = (int *)CMSG_DATA(cmsg);
	for (done = 0; done < n; done++) {
		int nr = get_unused_fd_flags(O_CLOEXEC);

		if (nr < 0) {
			while (done--)
				close_fd(nums[done]);
			kfree(cmsg);
			return nr;
		}
		fd_install(nr, get_file(files[done]));
		nums[done] = nr;
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

/*
 * Wait until @file (a socket) may be written to, for at most its send
 * timeout: 0, -EAGAIN (timed out), -ERESTARTSYS or a poll error.
 */
static int cabi_sock_wait_writable(struct socket *sock, struct file *file)
{
	long timeo = sock_sndtimeo(sock->sk, false);
	struct poll_wqueues table;
	poll_table *pt;
	int err = 0;

	poll_initwait(&table);
	pt = &table.pt;
	for (;;) {
		__poll_t mask = vfs_poll(file, pt);

		pt = NULL;
		if (mask & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			break;
		err = table.error;
		if (!err && signal_pending(current))
			err = -ERESTARTSYS;
		if (!err && !timeo)
			err = -EAGAIN;
		if (err)
			break;
		set_current_state(TASK_INTERRUPTIBLE);
		if (!table.triggered)
			timeo = schedule_timeout(timeo);
		__set_current_state(TASK_RUNNING);
		/* Pairs with pollwake()'s barrier; clear before the next poll. */
		smp_store_mb(table.triggered, 0);
	}
	poll_freewait(&table);
	return err;
}

/*
 * sendmsg for sock_send with @files as SCM_RIGHTS.  Other threads that
 * share the table are parked while the files sit at their numbers
 * (src/park.c): some are raw sockets, and none may be swapped for another
 * file before the socket layer takes them.  Parked, the send cannot
 * block: if the socket is full it waits for room unparked, and a stream
 * send that went out in part sends the rest without the descriptors (they
 * went with the first part), blocking as Linux would.
 */
static ssize_t cabi_send_fds(struct socket *sock, struct file *file,
			     struct msghdr *msg, int flags,
			     struct file **files, size_t n)
{
	struct cabi_parking *pk;
	struct cmsghdr *cmsg;
	struct iov_iter data;
	ssize_t sent, more;
	bool parked;
	int err;

	for (;;) {
		pk = NULL;
		err = atomic_read(&current->files->count) != 1 ?
		      cabi_park_others(&pk) : 0;
		if (!err)
			err = cabi_scm_rights(files, n, &cmsg);
		if (err) {
			cabi_unpark(pk);
			return err;
		}
		data = msg->msg_iter;
		msg->msg_control = cmsg;
		msg->msg_controllen = CMSG_SPACE(n * sizeof(int));
		msg->msg_flags = flags | (pk ? MSG_DONTWAIT : 0);
		sent = sock_sendmsg(sock, msg);
		cabi_scm_rights_free(cmsg, n);
		parked = pk;
		cabi_unpark(pk);
		if (sent != -EAGAIN || !parked || flags & MSG_DONTWAIT)
			break;
		/* A datagram send may have taken the data before it failed. */
		msg->msg_iter = data;
		err = cabi_sock_wait_writable(sock, file);
		if (err)
			return err;
	}
	msg->msg_control = NULL;
	msg->msg_controllen = 0;
	if (sent <= 0 || !parked || flags & MSG_DONTWAIT || !msg_data_left(msg))
		return sent;
	msg->msg_flags = flags;
	more = sock_sendmsg(sock, msg);
	return more > 0 ? sent + more : sent;
}

/* sock_send(sock, in) -> so_datalen (ABI.md §9). */
u16 cabi_sys_sock_send(const u64 *arg, u64 *ret)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	struct cloudabi_send_in in;
	struct file **files = NULL;
	struct msghdr msg = {};
	struct socket *sock;
	struct cabi_fd *w;
	int flags;
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
		err = cabi_scm_files(in.si_fds, in.si_fds_len, &files);
		if (err)
			goto out_iov;
	}
	/* Never SIGPIPE: a closed peer is EPIPE (ABI.md §9). */
	flags = MSG_NOSIGNAL;
	if (w->inner->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	if (files) {
		n = cabi_send_fds(sock, w->inner, &msg, flags, files, in.si_fds_len);
		cabi_scm_files_put(files, in.si_fds_len);
	} else {
		msg.msg_flags = flags;
		n = sock_sendmsg(sock, &msg);
	}
	err = n == -ERESTARTSYS ? CABI_ERESTART : cabi_errno(n);
	if (n >= 0)
		ret[0] = n;
out_iov:
	kfree(iov);
out:
	fdput(f);
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
 * Received descriptors are found by their numbers, not in the control
 * buffer: that is user memory, which another thread or process may
 * rewrite or unmap while recvmsg writes it.  Linux installs what a
 * message carries at the lowest free numbers, in the message's order, and
 * nothing else changes the table meanwhile (the table is the caller's
 * alone, or every other thread of the process is parked: src/park.c), so
 * the numbers open after the receive and not before are the message's
 * descriptors, in order.
 */
struct cabi_recv_scan {
	unsigned long *before;		/* open numbers before the receive */
	unsigned int nbits;
	int nrs[SCM_MAX_FD + 4];	/* the new numbers (SCM_RIGHTS, a pidfd) */
	size_t n;
	struct cabi_parking *pk;	/* held until the numbers are adopted */
};

static int cabi_recv_scan_start(struct cabi_recv_scan *sc)
{
	struct files_struct *files = current->files;
	unsigned int nbits;

	rcu_read_lock();
	nbits = files_fdtable(files)->max_fds;
	rcu_read_unlock();
	sc->before = bitmap_zalloc(nbits, GFP_KERNEL);
	if (!sc->before)
		return -ENOMEM;
	/* Nobody else can grow the table now: nbits is still max_fds. */
	spin_lock(&files->file_lock);
	bitmap_copy(sc->before, files_fdtable(files)->open_fds, nbits);
	spin_unlock(&files->file_lock);
	sc->nbits = nbits;
	sc->n = 0;
	return 0;
}

/* iterate_fd(): the first open number not open before, plus one. */
static int cabi_recv_new_fd(const void *p, struct file *file, unsigned int fd)
{
	const struct cabi_recv_scan *sc = p;

	return fd >= sc->nbits || !test_bit(fd, sc->before) ? fd + 1 : 0;
}

/* The numbers the receive opened, in order; any beyond nrs[] are closed. */
static void cabi_recv_scan_end(struct cabi_recv_scan *sc)
{
	unsigned int from = 0;
	int next;

	while ((next = iterate_fd(current->files, from, cabi_recv_new_fd, sc)) > 0) {
		from = next;
		if (sc->n < ARRAY_SIZE(sc->nrs))
			sc->nrs[sc->n++] = next - 1;
		else
			close_fd(next - 1);
	}
	bitmap_free(sc->before);
	sc->before = NULL;
}

/*
 * Make received descriptor @nr a CloudABI descriptor.  Returns its number,
 * or -1 if it was refused.  A wrapper stays as it came; an O_PATH file, a
 * control file or an exec gate (a native sender's) is closed; any other raw file is
 * wrapped with the rights of its type and open mode, at the same number
 * (the lowest free one once it is closed).
 */
static int cabi_recv_adopt(int nr)
{
	struct file *file, *w;
	int got;

	file = fget_raw(nr);
	if (!file)
		return -1;
	if (cabi_is_fd_file(file)) {
		fput(file);
		return nr;
	}
	if (file->f_mode & FMODE_PATH || cabi_is_ctl_file(file) ||
	    cabi_is_gate_file(file))
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

/*
 * The descriptors a receive opened (@sc): adopt them into ri_fds[], or
 * close them all if the receive failed (@keep false) or they do not fit
 * (FreeBSD disposes of an SCM_RIGHTS block that does not fit).
 */
static u16 cabi_recv_fds(struct cabi_recv_scan *sc,
			 const struct cloudabi_recv_in *in,
			 struct cloudabi_recv_out *out, bool keep)
{
	size_t k = 0, i;

	if (sc->n && (!keep || sc->n > in->ri_fds_len)) {
		for (i = 0; i < sc->n; i++)
			close_fd(sc->nrs[i]);
		out->ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
		return 0;
	}
	for (i = 0; i < sc->n; i++) {
		int nr = cabi_recv_adopt(sc->nrs[i]);

		if (nr >= 0)
			sc->nrs[k++] = nr;
		else
			out->ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
	}
	out->ro_fdslen = k;
	if (copy_to_user(u64_to_user_ptr(in->ri_fds), sc->nrs,
			 k * sizeof(sc->nrs[0]))) {
		for (i = 0; i < k; i++)
			close_fd(sc->nrs[i]);
		out->ro_fdslen = 0;
		return CLOUDABI_EFAULT;
	}
	return 0;
}

/*
 * Wait for something to receive without taking it: a one-byte MSG_PEEK
 * into the kernel without a control buffer, so that nothing is installed.
 * Returns 0 or a negative errno (EAGAIN, a timeout, a signal).
 */
static int cabi_sock_wait_data(struct socket *sock, int flags)
{
	struct msghdr msg = {};
	struct kvec kv;
	char c;
	int n;

	kv.iov_base = &c;
	kv.iov_len = 1;
	iov_iter_kvec(&msg.msg_iter, READ, &kv, 1, 1);
	n = sock_recvmsg(sock, &msg, MSG_PEEK | (flags & MSG_DONTWAIT));
	return n < 0 ? n : 0;
}

/*
 * recvmsg for sock_recv into @msg's data iterator.  When descriptors may
 * come (@sc), @ucbuf is lent for the control data and, if other threads
 * share the table, they are parked (sc->pk) from just before the receive
 * until the caller has adopted what came.  Parked, the receive cannot
 * block: it waits for data first, without taking it, and a WAITALL
 * stream receive goes on in rounds until it is complete or a round brings
 * descriptors (where Linux ends one too).
 */
static ssize_t cabi_recv_msg(struct socket *sock, struct msghdr *msg,
			     int flags, void __user *ucbuf,
			     struct cabi_recv_scan *sc)
{
	bool rounds = flags & MSG_WAITALL && !(flags & (MSG_DONTWAIT | MSG_PEEK)) &&
		      sock->type == SOCK_STREAM;
	unsigned int mflags = 0;
	ssize_t n, total = 0;
	int err;

	if (!sc)
		return sock_recvmsg(sock, msg, flags);
	for (;;) {
		sc->pk = NULL;
		if (atomic_read(&current->files->count) != 1) {
			err = cabi_sock_wait_data(sock, flags);
			if (!err)
				err = cabi_park_others(&sc->pk);
			if (err) {
				n = err;
				break;
			}
		}
		err = cabi_recv_scan_start(sc);
		if (err) {
			cabi_unpark(sc->pk);
			sc->pk = NULL;
			n = err;
			break;
		}
		msg->msg_control_user = ucbuf;
		msg->msg_control_is_user = true;
		msg->msg_controllen = CABI_RECV_CBUF;
		msg->msg_flags = 0;
		n = sock_recvmsg(sock, msg, flags | (sc->pk ? MSG_DONTWAIT : 0));
		mflags |= msg->msg_flags;
		cabi_recv_scan_end(sc);
		if (!sc->pk || sc->n)
			break;
		/* Another reader took it between the peek and now: wait again. */
		if (n == -EAGAIN && !(flags & MSG_DONTWAIT)) {
			cabi_unpark(sc->pk);
			continue;
		}
		if (n <= 0 || !rounds || !iov_iter_count(&msg->msg_iter))
			break;
		total += n;
		cabi_unpark(sc->pk);
		if (clear_user(ucbuf, CABI_RECV_CBUF - msg->msg_controllen)) {
			sc->pk = NULL;
			n = -EFAULT;
			break;
		}
	}
	msg->msg_flags = mflags;
	/* Like Linux, a WAITALL receive that got data returns it, not the error. */
	if (total)
		return n > 0 ? total + n : total;
	return n;
}

/*
 * sock_recv(sock, in, out, cbuf): @cbuf is CABI_RECV_CBUF bytes of the
 * vDSO's stack, lent to recvmsg for the control data (ABI.md §9).
 */
u16 cabi_sys_sock_recv(const u64 *arg, u64 *ret)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	void __user *ucbuf = u64_to_user_ptr(arg[3]);
	struct cloudabi_recv_out out = {};
	struct cabi_recv_scan *sc = NULL;
	struct cloudabi_recv_in in;
	struct msghdr msg = {};
	struct socket *sock;
	struct cabi_fd *w;
	size_t used = 0;
	int flags = 0;
	struct fd f;
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
	/* Only AF_UNIX carries descriptors; without room for any, lend nothing. */
	if (in.ri_fds_len && sock->ops->family == PF_UNIX) {
		err = CLOUDABI_ENOMEM;
		sc = kzalloc_obj(*sc, GFP_KERNEL);
		if (!sc)
			goto out;
	}
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
	 * Without a control buffer Linux drops the descriptors a message
	 * carries (and says MSG_CTRUNC) and writes nothing else.
	 */
	n = cabi_recv_msg(sock, &msg, flags, ucbuf, sc);
	kfree(iov);
	if (sc)
		used = CABI_RECV_CBUF - msg.msg_controllen;
	if (n < 0) {
		err = n == -ERESTARTSYS ? CABI_ERESTART : cabi_errno(n);
		if (sc)
			cabi_recv_fds(sc, &in, &out, false);
	} else {
		out.ro_datalen = n;
		if (msg.msg_flags & MSG_TRUNC)
			out.ro_flags |= CLOUDABI_SOCK_RECV_DATA_TRUNCATED;
		/*
		 * Descriptors dropped because ri_fds_len gave no room for any
		 * are no truncation, as on FreeBSD: only more than fitted is.
		 */
		if (sc && msg.msg_flags & MSG_CTRUNC)
			out.ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
		err = sc ? cabi_recv_fds(sc, &in, &out, true) : 0;
	}
	if (sc)
		cabi_unpark(sc->pk);
	/*
	 * Nothing in the buffer is the program's to see (peer information
	 * a native process switched on again meanwhile, a timestamp): wipe
	 * what recvmsg wrote.
	 */
	if (used && clear_user(ucbuf, used) && !err)
		err = CLOUDABI_EFAULT;
	if (n >= 0 &&
	    copy_to_user(u64_to_user_ptr(arg[2]), &out, sizeof(out)) && !err)
		err = CLOUDABI_EFAULT;
out:
	kfree(sc);
	fdput(f);
	return err;
}
