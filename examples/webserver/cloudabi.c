// SPDX-License-Identifier: GPL-2.0
/*
 * The web server as a CloudABI program (our test runtime, no libc).  Its
 * argdata map, as tools/cloudabi-run makes it from examples/webserver/web.yaml:
 *
 *   root:        the directory to serve (!file)
 *   connections: the stream of accepted connections (!listen HOST:PORT)
 *   log:         optional, where a line per request goes (!fd stdout)
 *   stop:        optional; the server exits 0 when it reaches EOF (!fd stdin)
 *   threads:     optional worker count, 1..8 (default 4)
 *
 * Workers take connections with sock_recv and serve them with file_open
 * below root: that is all the program can reach.
 */
#include "fs.h"
#include "ulock.h"
#include "ws.h"

#define MAX_THREADS	8
#define STACK		(128 * 1024)

#define RECV(s, i, o)	RT_FN(sock_recv, err_t, uint32_t, const struct cloudabi_recv_in *, \
			      struct cloudabi_recv_out *)(s, i, o)

static uint32_t root = ~0U, conns = ~0U, logfd = ~0U, stop = ~0U;
static _Alignas(16) unsigned char stacks[MAX_THREADS][STACK];

int ws_next_conn(void)
{
	for (;;) {
		char c;
		uint32_t fd = ~0U;
		cloudabi_iovec_t iov = { (uint64_t)&c, 1 };
		struct cloudabi_recv_in in = { (uint64_t)&iov, 1, (uint64_t)&fd, 1, 0, { 0 } };
		struct cloudabi_recv_out out;
		err_t e = RECV(conns, &in, &out);

		if (e == CLOUDABI_EINTR)
			continue;
		if (e || !out.ro_datalen)
			return -1;
		if (out.ro_fdslen == 1)
			return (int)fd;
	}
}

long ws_read(int fd, void *buf, size_t len)
{
	size_t n;

	return rt_fd_read((uint32_t)fd, buf, len, &n) ? -1 : (long)n;
}

int ws_write_all(int fd, const void *buf, size_t len)
{
	size_t n;

	while (len) {
		if (rt_fd_write((uint32_t)fd, buf, len, &n) || !n)
			return -1;
		buf = (const char *)buf + n;
		len -= n;
	}
	return 0;
}

static const char *errname(err_t e)
{
	return fs_errname(e);
}

int ws_open(const char *path, size_t len, int *fd, uint64_t *size, const char **why)
{
	uint32_t f;
	filestat_t st;
	err_t e;

	e = fs_open(LK(root, FOLLOW), path, len, 0,
		    R(FD_READ) | R(FILE_STAT_FGET), 0, 0, &f);
	*why = errname(e);
	if (e == CLOUDABI_ENOTCAPABLE || e == CLOUDABI_EPERM || e == CLOUDABI_EACCES)
		return 403;
	if (e == CLOUDABI_ENOENT || e == CLOUDABI_ENOTDIR || e == CLOUDABI_ELOOP ||
	    e == CLOUDABI_ENAMETOOLONG || e == CLOUDABI_EINVAL)
		return 404;
	if (e)
		return 500;
	if (FILE_STAT_FGET(f, &st) || st.st_filetype != CLOUDABI_FILETYPE_REGULAR_FILE) {
		FD_CLOSE(f);
		*why = "not a regular file";
		return 404;
	}
	*why = "";
	*fd = (int)f;
	*size = st.st_size;
	return 200;
}

void ws_close(int fd)
{
	FD_CLOSE((uint32_t)fd);
}

void ws_log(const char *line, size_t len)
{
	if (logfd != ~0U)
		ws_write_all((int)logfd, line, len);
}

static void serve_loop(void)
{
	int c;

	while ((c = ws_next_conn()) >= 0) {
		ws_serve(c);
		ws_close(c);
	}
}

static void worker(uint32_t tid, void *arg)
{
	(void)tid;
	(void)arg;
	serve_loop();
	/* The stream ended: so does the server. */
	rt_proc_exit(0);
}

int test_main(const void *argdata, size_t argdatalen)
{
	struct rt_ad map, k, v;
	long threads = 4, i;
	int r;

	if (rt_ad_map(argdata, argdatalen, &map))
		return 2;
	while ((r = rt_ad_next(&map, &k)) > 0) {
		if (rt_ad_next(&map, &v) <= 0)
			return 2;
		if (rt_ad_is_str(&k, "root"))
			r = rt_ad_fd(&v, &root);
		else if (rt_ad_is_str(&k, "connections"))
			r = rt_ad_fd(&v, &conns);
		else if (rt_ad_is_str(&k, "log"))
			r = rt_ad_fd(&v, &logfd);
		else if (rt_ad_is_str(&k, "stop"))
			r = rt_ad_fd(&v, &stop);
		else if (rt_ad_is_str(&k, "threads"))
			r = rt_ad_int(&v, &threads) || threads < 1 || threads > MAX_THREADS ? -1 : 0;
		else
			r = -1;
		if (r)
			return 2;
	}
	if (r < 0 || root == ~0U || conns == ~0U)
		return 2;
	ws_log("webserver: serving\n", 19);
	for (i = 0; i < threads; i++) {
		struct threadattr a = {
			.entry_point = (uintptr_t)worker,
			.stack = (uintptr_t)stacks[i],
			.stack_len = STACK,
			.argument = 0,
		};
		uint32_t t;

		if (CREATE(&a, &t))
			return 3;
	}
	if (stop == ~0U) {
		serve_loop();
		return 0;
	}
	/* The main thread waits for EOF on "stop", then ends the process. */
	for (;;) {
		char buf[64];
		size_t n;

		if (rt_fd_read(stop, buf, sizeof(buf), &n) || !n)
			return 0;
	}
}
