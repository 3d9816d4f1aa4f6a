// SPDX-License-Identifier: GPL-2.0
/*
 * The same web server as a native Linux program, for measuring what the
 * sandbox costs: connections come the same way (tools/cloudabi-run's
 * acceptor over a UNIX socket), files are opened below the directory with
 * openat2(RESOLVE_BENEATH), which is what a careful native server would do.
 *
 *   webserver-native DIR HOST:PORT [THREADS]
 *
 * Serves until stdin reaches EOF.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launch.h"
#include "ws.h"

static int root = -1, conns = -1;

int ws_next_conn(void)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	ssize_t n;
	int fd;

	for (;;) {
		msg.msg_controllen = sizeof(cbuf);
		n = recvmsg(conns, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		cm = CMSG_FIRSTHDR(&msg);
		if (cm && cm->cmsg_type == SCM_RIGHTS) {
			memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
			return fd;
		}
	}
}

long ws_read(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

int ws_write_all(int fd, const void *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf = (const char *)buf + n;
		len -= (size_t)n;
	}
	return 0;
}

int ws_open(const char *path, size_t len, int *fd, uint64_t *size, const char **why)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	char name[1100];
	struct stat st;
	int f;

	if (len >= sizeof(name)) {
		*why = "ENAMETOOLONG";
		return 404;
	}
	memcpy(name, path, len);
	name[len] = '\0';
	f = (int)syscall(SYS_openat2, root, name, &how, sizeof(how));
	if (f < 0) {
		*why = strerrorname_np(errno) ? strerrorname_np(errno) : "error";
		if (errno == EXDEV || errno == EPERM || errno == EACCES)
			return 403;
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == ENAMETOOLONG)
			return 404;
		return 500;
	}
	if (fstat(f, &st) || !S_ISREG(st.st_mode)) {
		close(f);
		*why = "not a regular file";
		return 404;
	}
	*why = "";
	*fd = f;
	*size = (uint64_t)st.st_size;
	return 200;
}

void ws_close(int fd)
{
	close(fd);
}

void ws_log(const char *line, size_t len)
{
	(void)line;
	(void)len;
}

static void *worker(void *arg)
{
	int c;

	(void)arg;
	while ((c = ws_next_conn()) >= 0) {
		ws_serve(c);
		close(c);
	}
	exit(0);
}

int main(int argc, char **argv)
{
	struct launch l = { 0 };
	int threads = argc > 3 ? atoi(argv[3]) : 4, i;
	char buf[64];

	if (argc < 3 || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: webserver-native DIR HOST:PORT [THREADS]\n");
		return 2;
	}
	root = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		fprintf(stderr, "webserver-native: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	conns = launch_listen(&l, argv[2]);
	if (conns < 0) {
		fprintf(stderr, "webserver-native: %s\n", l.err);
		return 1;
	}
	launch_acceptors(&l);
	for (i = 0; i < threads; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, worker, NULL))
			return 3;
	}
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
