// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run: network connections the CloudABI way.
 *
 * A CloudABI program cannot accept(): it only ever receives descriptors.
 * "!listen ADDRESS" (or --listen NAME=ADDRESS) gives it one end of a UNIX
 * stream socket pair; a small native acceptor process, forked by
 * cloudabi-run before it starts the program, listens on ADDRESS (TCP) and
 * passes every accepted connection over the other end: one message per
 * connection, one data byte 'c' with the connection as SCM_RIGHTS.  The
 * program takes them with sock_recv (the kernel module wraps each one with
 * the rights of a stream socket) and never sees the listening socket.
 * The acceptor ends when the program closes its end (or exits).
 *
 * ADDRESS is HOST:PORT or [IPV6]:PORT with a numeric host, e.g.
 * 127.0.0.1:8080, 0.0.0.0:80 or [::1]:8080.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "launch.h"

/* Shared by the launcher's parts (and the tools that link this file). */
void *fail(struct launch *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->err, sizeof(l->err), fmt, ap);
	va_end(ap);
	return NULL;
}

/*
 * "HOST:PORT" or "[IPV6]:PORT", numeric, as a socket address: its length,
 * or 0 if it is not one.  (No resolver: the launcher and the guest tools
 * are linked statically.)
 */
socklen_t launch_parse_addr(const char *addr, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	const char *colon = strrchr(addr, ':');
	char host[64], *end;
	size_t n;
	long port;

	if (!colon || !colon[1])
		return 0;
	n = colon - addr;
	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']') {
		addr++;
		n -= 2;
	}
	if (n >= sizeof(host))
		return 0;
	memcpy(host, addr, n);
	host[n] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (*end || errno || port < 0 || port > 65535)
		return 0;
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		return sizeof(*s6);
	}
	return 0;
}

/* A TCP socket listening on @addr, or -1 with l->err. */
static int listen_on(struct launch *l, const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len = launch_parse_addr(addr, &ss);
	int fd, one = 1;

	if (!len) {
		fail(l, "!listen '%s': want a numeric HOST:PORT or [IPV6]:PORT", addr);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 128)) {
		int e = errno;

		fail(l, "!listen '%s': %s%s", addr, strerror(e),
		     e == EADDRINUSE ? " (another program listens there: stop it, or choose another port)" :
		     e == EACCES ? " (ports below 1024 need CAP_NET_BIND_SERVICE: choose a port from 1024 up)" :
		     e == EADDRNOTAVAIL ? " (no interface of this machine has that address)" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int launch_listen(struct launch *l, const char *addr)
{
	struct listener *s;
	int sv[2];

	if (l->nlisten == MAX_LISTEN) {
		fail(l, "!listen: at most %d addresses", MAX_LISTEN);
		return -1;
	}
	s = &l->listen[l->nlisten];
	s->lfd = listen_on(l, addr);
	if (s->lfd < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		fail(l, "!listen '%s': socketpair: %s", addr, strerror(errno));
		close(s->lfd);
		return -1;
	}
	s->ours = sv[0];
	s->theirs = sv[1];
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	l->nlisten++;
	return s->theirs;
}

/* Pass connection @c over @ufd; 0, or -1 once the program is gone. */
static int pass(int ufd, int c)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "c", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &c, sizeof(int));
	while (sendmsg(ufd, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static void __attribute__((noreturn)) acceptor(int lfd, int ufd)
{
	struct pollfd p[2] = { { .fd = lfd, .events = POLLIN },
			       { .fd = ufd, .events = POLLIN } };
	char junk[64];
	int c;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		/* The program closed its end (what it writes is ignored). */
		if (p[1].revents & (POLLHUP | POLLERR))
			_exit(0);
		if ((p[1].revents & POLLIN) && read(ufd, junk, sizeof(junk)) <= 0)
			_exit(0);
		if (!(p[0].revents & POLLIN))
			continue;
		c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM)
				usleep(10000);
			continue;
		}
		if (pass(ufd, c))
			_exit(0);
		close(c);
	}
}

void launch_acceptors(struct launch *l)
{
	int i, fd;

	for (i = 0; i < l->nlisten; i++) {
		struct listener *s = &l->listen[i];
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "cloudabi-run: fork for !listen %s: %s\n", s->addr,
				strerror(errno));
			exit(1);
		}
		if (pid == 0) {
			/* Hold nothing of the program's: only these two and stderr. */
			for (fd = 0; fd < 1024; fd++)
				if (fd != s->lfd && fd != s->ours && fd != 2)
					close(fd);
			signal(SIGPIPE, SIG_IGN);
			acceptor(s->lfd, s->ours);
		}
		close(s->lfd);
		close(s->ours);
	}
}
